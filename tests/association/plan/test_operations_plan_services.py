"""The rules of the operations plan's and budget's services on the unit of work in memory
(``fakes``): only the staff change anything, every problem of an assignment or a budget file
named at once with nothing stored, names and the admission office once, what is not there is
not found, and what the audit trail says. The repository and one happy path per use case are
tested on the databases (``test_operations_plan``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from in_english import in_english
from operations_plan_actors import BOARD, NOW, STAFF, YEAR
from operations_plan_support import budget_line

from samverka.association.plan.domain.budget import FigureKind, Financing, LineType
from samverka.association.plan.domain.operations_plan import AreaKind, TrafficLight
from samverka.association.plan.ports import UnitOfWork
from samverka.association.plan.services.budget import (
    BudgetLineText,
    add_budget_unit,
    import_budget_lines,
)
from samverka.association.plan.services.operations_plan import (
    add_activity,
    add_area,
    add_assignment,
    add_goal,
    record_follow_up,
    report_hours,
)
from samverka.errors import Conflict, InvalidInput, NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role

from .fakes import FakeUnitOfWork


def _plan() -> tuple[FakeUnitOfWork, dict[str, int]]:
    """A unit, an area with a goal and an assignment with an activity, in 2018; their ids."""
    uow = FakeUnitOfWork()
    unit = add_budget_unit(
        uow, actor=STAFF, name="UEDB", financing=Financing.AGREEMENT, admission_office=True, now=NOW
    )
    area = add_area(uow, actor=STAFF, year=YEAR, kind=AreaKind.FOCUS_AREA, name="Bo", now=NOW)
    goal = add_goal(uow, actor=STAFF, area_id=area, text="Mål", now=NOW)
    assignment = add_assignment(
        uow,
        actor=STAFF,
        year=YEAR,
        name="Uppdrag",
        unit_id=unit,
        planned_hours=Decimal(100),
        goal_ids=[goal],
        now=NOW,
    )
    activity = add_activity(
        uow,
        actor=STAFF,
        assignment_id=assignment,
        name="Aktivitet",
        planned_hours=Decimal(40),
        now=NOW,
    )
    ids = {"unit": unit, "area": area, "goal": goal, "assignment": assignment}
    return uow, {**ids, "activity": activity}


def test_the_fake_is_a_unit_of_work_of_the_operations_plan() -> None:
    uow: UnitOfWork = FakeUnitOfWork()
    assert uow.operations_plan.units() == []


def test_an_assignment_is_refused_with_every_problem_when_its_goals_and_unit_are_wrong() -> None:
    uow, ids = _plan()
    other_year = add_area(
        uow, actor=STAFF, year=YEAR + 1, kind=AreaKind.FOCUS_AREA, name="Bo", now=NOW
    )
    late_goal = add_goal(uow, actor=STAFF, area_id=other_year, text="mål", now=NOW)
    before = dict(uow.operations_plan.assignments)

    with pytest.raises(InvalidInput) as raised:
        add_assignment(
            uow,
            actor=STAFF,
            year=YEAR,
            name=" ",
            unit_id=999,
            planned_hours=Decimal("-1"),
            goal_ids=[ids["goal"], late_goal],
            now=NOW,
        )

    assert {(e.field, in_english(e)) for e in raised.value.errors} == {
        ("name", "Fill in the field."),
        ("planned_hours", "hours must be zero or more"),
        ("goal_ids", f"goal {late_goal} is not a goal of the plan of {YEAR}"),
        ("unit_id", "no budget unit 999"),
    }
    assert uow.operations_plan.assignments == before


def test_an_assignment_serves_at_least_one_goal() -> None:
    uow, ids = _plan()
    with pytest.raises(InvalidInput, match="minst ett mål"):
        add_assignment(
            uow,
            actor=STAFF,
            year=YEAR,
            name="Utan mål",
            unit_id=ids["unit"],
            planned_hours=Decimal(1),
            goal_ids=[],
            now=NOW,
        )


def test_a_second_area_or_assignment_of_the_same_name_and_year_is_a_conflict() -> None:
    uow, ids = _plan()
    with pytest.raises(Conflict, match="redan ett område som heter 'Bo'"):
        add_area(uow, actor=STAFF, year=YEAR, kind=AreaKind.PREREQUISITE, name="Bo", now=NOW)
    with pytest.raises(Conflict, match="redan ett uppdrag som heter 'Uppdrag'"):
        add_assignment(
            uow,
            actor=STAFF,
            year=YEAR,
            name="Uppdrag",
            unit_id=ids["unit"],
            planned_hours=Decimal(1),
            goal_ids=[ids["goal"]],
            now=NOW,
        )
    add_area(uow, actor=STAFF, year=YEAR + 1, kind=AreaKind.FOCUS_AREA, name="Bo", now=NOW)


def test_what_is_not_there_is_not_found() -> None:
    uow, _ = _plan()
    with pytest.raises(NotFound, match="Det finns inget uppdrag 404"):
        record_follow_up(
            uow,
            actor=STAFF,
            assignment_id=404,
            period="T1",
            light=TrafficLight.AT_RISK,
            comment="x",
            now=NOW,
        )
    with pytest.raises(NotFound, match="Det finns inget område 404"):
        add_goal(uow, actor=STAFF, area_id=404, text="Mål", now=NOW)
    with pytest.raises(NotFound, match="Det finns ingen aktivitet 404"):
        report_hours(uow, actor=STAFF, activity_id=404, reported_hours=Decimal(1), now=NOW)


def test_a_follow_up_names_a_known_period_and_is_audited_with_its_light() -> None:
    uow, ids = _plan()
    with pytest.raises(InvalidInput):
        record_follow_up(
            uow,
            actor=STAFF,
            assignment_id=ids["assignment"],
            period="T4",
            light=TrafficLight.ON_TRACK,
            comment="x",
            now=NOW,
        )
    record_follow_up(
        uow,
        actor=STAFF,
        assignment_id=ids["assignment"],
        period="h1",
        light=TrafficLight.OFF_TRACK,
        comment="Sent",
        now=NOW,
    )
    [follow_up] = uow.operations_plan.follow_ups[ids["assignment"]]
    assert (follow_up.period, follow_up.light) == ("H1", TrafficLight.OFF_TRACK)
    [event] = uow.audit.events(entity="plan_follow_up")
    assert event["after"]["light"] == "off_track"


def test_reported_hours_replace_the_earlier_and_are_audited_with_both() -> None:
    uow, ids = _plan()
    assignment = report_hours(
        uow, actor=STAFF, activity_id=ids["activity"], reported_hours=Decimal("12.5"), now=NOW
    )
    assert assignment == ids["assignment"]
    assert uow.operations_plan.activities[ids["activity"]].reported_hours == Decimal("12.5")
    event = uow.audit.events(entity="plan_activity")[-1]
    assert (event["action"], event["before"], event["after"]) == (
        "report_hours",
        {"reported_hours": "0"},
        {"reported_hours": "12.5"},
    )


def test_changes_to_the_plan_are_in_the_audit_trail() -> None:
    uow, ids = _plan()
    entities = [e["entity"] for e in uow.audit.events()]
    assert entities == ["budget_unit", "plan_area", "plan_goal", "plan_assignment", "plan_activity"]
    [assignment] = uow.audit.events(entity="plan_assignment")
    assert assignment["after"]["goal_ids"] == [ids["goal"]]
    assert assignment["after"]["planned_hours"] == "100"


@pytest.mark.parametrize(
    "actor",
    [BOARD, Actor("kommun", Role.MUNICIPALITY, "Kommunen", municipality_code="0180")],
    ids=["board member", "municipality"],
)
def test_only_the_staff_change_the_plan_and_the_budget(actor: Actor) -> None:
    uow, ids = _plan()
    before = uow.audit.events()
    with pytest.raises(NotPermitted):
        add_area(uow, actor=actor, year=YEAR, kind=AreaKind.FOCUS_AREA, name="A", now=NOW)
    with pytest.raises(NotPermitted):
        add_budget_unit(uow, actor=actor, name="X", financing=Financing.AGREEMENT, now=NOW)
    with pytest.raises(NotPermitted):
        report_hours(
            uow, actor=actor, activity_id=ids["activity"], reported_hours=Decimal(1), now=NOW
        )
    rows = [budget_line("UEDB", 2018, "budget", "intäkter", "1", 2)]
    with pytest.raises(NotPermitted):
        import_budget_lines(uow, actor=actor, rows=rows, now=NOW)
    assert uow.audit.events() == before


def test_only_one_unit_may_be_the_admission_office_and_each_name_is_one_units() -> None:
    uow, _ = _plan()
    with pytest.raises(Conflict, match="antagningskansliet"):
        add_budget_unit(
            uow,
            actor=STAFF,
            name="Antagning 2",
            financing=Financing.AGREEMENT,
            admission_office=True,
            now=NOW,
        )
    with pytest.raises(Conflict, match="redan en budgetenhet som heter 'uedb'"):
        add_budget_unit(uow, actor=STAFF, name="uedb", financing=Financing.AGREEMENT, now=NOW)
    assert [u.name for u in uow.operations_plan.units()] == ["UEDB"]


def test_a_budget_file_with_bad_rows_is_refused_whole_with_every_row_reported() -> None:
    uow, _ = _plan()
    rows = [
        budget_line("UEDB", 2018, "budget", "intäkter", "100", 2),
        budget_line("Okänd enhet", 2018, "budget", "intäkter", "1", 3),
        budget_line("UEDB", 1899, "prognos", "intäkter", "1", 4),
        budget_line("UEDB", 2018, "budget", "nettokostnad", "x", 5),
        budget_line("UEDB", 2018, "budget", "personalkostnader", "-5", 6),
        budget_line("UEDB", 2018, "budget", "Intäkter", "200", 7),
    ]

    with pytest.raises(InvalidInput) as raised:
        import_budget_lines(uow, actor=STAFF, rows=rows, now=NOW)

    assert [(e.source, e.line, e.field) for e in raised.value.errors] == [
        ("budget.xlsx/Budget", 3, "unit"),
        ("budget.xlsx/Budget", 4, "year"),
        ("budget.xlsx/Budget", 4, "kind"),
        ("budget.xlsx/Budget", 5, "line_type"),
        ("budget.xlsx/Budget", 5, "amount"),
        ("budget.xlsx/Budget", 6, "amount"),
        ("budget.xlsx/Budget", 7, "line_type"),
    ]
    assert in_english(raised.value.errors[-1]) == (
        "the same line (unit, year, kind, line type) as on line 2"
    )
    assert uow.operations_plan.lines == {}


def test_an_empty_budget_file_is_refused() -> None:
    uow, _ = _plan()
    with pytest.raises(InvalidInput, match="inga budgetrader"):
        import_budget_lines(uow, actor=STAFF, rows=[], now=NOW)


@pytest.mark.parametrize(
    ("year", "amount", "field", "reason"),
    [
        ("²⁰²⁶", "1", "year", "'²⁰²⁶' is not a whole number"),
        ("9" * 5000, "1", "year", "is above the maximum 9999"),
        ("02026", "1", "year", None),
        ("2026", "1e999999999", "amount", "is not a number"),
        ("2026", "9" * 5000, "amount", "the amount is too large"),
    ],
)
def test_a_hostile_year_or_amount_in_a_budget_file_is_a_row_error_not_a_traceback(
    year: str, amount: str, field: str, reason: str | None
) -> None:
    """Issue 11 point 6: numbers out of range are row errors; superscript digits and 5,000-digit
    years are not years (Python's int() fails on both)."""
    uow, _ = _plan()
    row = BudgetLineText("budget.xlsx/Budget", 2, "UEDB", year, "budget", "intäkter", amount)

    if reason is None:  # a leading zero is still the year 2026
        assert import_budget_lines(uow, actor=STAFF, rows=[row], now=NOW).years == (2026,)
        return
    with pytest.raises(InvalidInput) as raised:
        import_budget_lines(uow, actor=STAFF, rows=[row], now=NOW)

    [error] = raised.value.errors
    assert (error.line, error.field) == (2, field)
    assert reason in in_english(error)


def test_a_second_import_counts_what_it_adds_changes_and_leaves_and_audits_the_changes() -> None:
    uow, ids = _plan()
    first = [
        budget_line("UEDB", 2018, "budget", "intäkter", "100", 2),
        budget_line("UEDB", 2018, "budget", "personalkostnader", "50", 3),
    ]
    import_budget_lines(uow, actor=STAFF, rows=first, now=NOW)
    second = [
        budget_line("UEDB", 2018, "budget", "intäkter", "120", 2),
        budget_line("uedb", 2018, "budget", "personalkostnader", "50", 3),
        budget_line("UEDB", 2018, "utfall", "intäkter", "90", 4),
    ]

    report = import_budget_lines(uow, actor=STAFF, rows=second, now=NOW)

    assert (report.lines, report.added, report.changed, report.unchanged) == (3, 1, 1, 1)
    revenue = (ids["unit"], 2018, FigureKind.BUDGET, LineType.REVENUE)
    assert uow.operations_plan.lines[revenue] == Decimal(120)
    event = uow.audit.events(entity="budget_line")[-1]
    assert event["before"] == [
        {
            "unit_id": ids["unit"],
            "year": 2018,
            "kind": "budget",
            "line_type": "revenue",
            "amount": "100",
        }
    ]
    assert [line["amount"] for line in event["after"]] == ["90", "120"]  # added, then changed
