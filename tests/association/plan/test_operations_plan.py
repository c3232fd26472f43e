"""The operations plan and budget on SQLite and PostgreSQL: the staff build a year's plan and
follow it up, the 2018 staff allocation comes out of the stored hours, budget lines are
imported and shown beside the two previous years. The services' rules and refusals (every
problem at once, only the staff change anything, the audit trail) are tested in memory
(``test_operations_plan_services``)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from operations_plan_actors import NOW, STAFF, YEAR
from operations_plan_support import budget_line
from sqlalchemy.orm import Session

from samverka.admission.ports import UnitOfWork
from samverka.association.plan.demo import load_demo_operations_plan
from samverka.association.plan.domain.budget import FigureKind, Financing, LineType
from samverka.association.plan.domain.operations_plan import AreaKind, TrafficLight
from samverka.association.plan.queries.operations_plan import (
    assignment_detail,
    budget_for_year,
    plan_for_year,
    staff_allocation,
)
from samverka.association.plan.services.budget import (
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
from samverka.unit_of_work import SqlUnitOfWork

# The 2018 goal areas with the hours that give the printed allocations (seed 001).
AREAS_2018 = {
    "Utbildning och arbetskraft": 2000,
    "Inflyttning och delaktighet": 460,
    "Öppenhet och digitalisering": 1040,
    "Bo och verka": 2500,
    "Hälsa och stöd": 4000,
}
ADMISSION_HOURS = 8760


def units(uow: UnitOfWork) -> dict[str, int]:
    return {
        name: add_budget_unit(
            uow, actor=STAFF, name=name, financing=financing, admission_office=office, now=NOW
        )
        for name, financing, office in (
            ("Regional utveckling", Financing.SERVICE_FEE, False),
            ("Välfärdsutveckling", Financing.SERVICE_FEE, False),
            ("Gymnasieantagningen", Financing.AGREEMENT, True),
            ("UEDB", Financing.AGREEMENT, False),
        )
    }


def plan_2018(uow: UnitOfWork) -> dict[str, int]:
    """The five goal areas, one goal each, one assignment per area and the admission office's
    assignment; returns the assignments' ids by name."""
    unit = units(uow)
    ids: dict[str, int] = {}
    goals: dict[str, int] = {}
    for name, hours in AREAS_2018.items():
        area = add_area(uow, actor=STAFF, year=YEAR, kind=AreaKind.FOCUS_AREA, name=name, now=NOW)
        goals[name] = add_goal(uow, actor=STAFF, area_id=area, text=f"Mål för {name}", now=NOW)
        ids[name] = add_assignment(
            uow,
            actor=STAFF,
            year=YEAR,
            name=f"Uppdrag {name}",
            unit_id=unit["Regional utveckling"],
            planned_hours=Decimal(hours),
            goal_ids=[goals[name]],
            now=NOW,
        )
    ids["Gymnasieantagningen"] = add_assignment(
        uow,
        actor=STAFF,
        year=YEAR,
        name="Gymnasieantagningen Storsthlm",
        unit_id=unit["Gymnasieantagningen"],
        planned_hours=Decimal(ADMISSION_HOURS),
        goal_ids=[goals["Utbildning och arbetskraft"]],
        now=NOW,
    )
    return ids


def test_the_2018_staff_allocation_comes_out_of_the_stored_hours_both_ways(
    uow: UnitOfWork, session: Session
) -> None:
    plan_2018(uow)

    allocation = staff_allocation(session, YEAR)

    assert [(s.name, int(s.percent)) for s in allocation.with_admission_office] == [
        ("Gymnasieantagningen", 47),
        ("Utbildning och arbetskraft", 11),
        ("Inflyttning och delaktighet", 2),
        ("Öppenhet och digitalisering", 6),
        ("Bo och verka", 13),
        ("Hälsa och stöd", 21),
    ]
    assert [(s.name, int(s.percent)) for s in allocation.without_admission_office] == [
        ("Utbildning och arbetskraft", 20),
        ("Inflyttning och delaktighet", 5),
        ("Öppenhet och digitalisering", 10),
        ("Bo och verka", 25),
        ("Hälsa och stöd", 40),
    ]


def test_the_plan_shows_areas_goals_assignments_with_hours_and_the_latest_light(
    uow: UnitOfWork, session: Session
) -> None:
    ids = plan_2018(uow)
    health = ids["Hälsa och stöd"]
    activity = add_activity(
        uow,
        actor=STAFF,
        assignment_id=health,
        name="Handlingsplan",
        planned_hours=Decimal(300),
        now=NOW,
    )
    report_hours(uow, actor=STAFF, activity_id=activity, reported_hours=Decimal("120.5"), now=NOW)
    for day, light, comment in (
        (5, TrafficLight.AT_RISK, "Försenat"),
        (9, TrafficLight.ON_TRACK, "Ikapp"),
    ):
        record_follow_up(
            uow,
            actor=STAFF,
            assignment_id=health,
            period="T1" if day == 5 else "t2",
            light=light,
            comment=comment,
            now=datetime(YEAR, day, 10, tzinfo=UTC),
        )

    plan = plan_for_year(session, YEAR)

    area = next(a for a in plan.areas if a.name == "Hälsa och stöd")
    assignment = area.assignments[0]
    assert [g.text for g in area.goals] == ["Mål för Hälsa och stöd"]
    assert (assignment.planned_hours, assignment.reported_hours) == (
        Decimal(4000),
        Decimal("120.5"),
    )
    assert assignment.light is TrafficLight.ON_TRACK
    assert assignment.latest is not None
    assert (
        assignment.latest.period,
        assignment.latest.comment,
    ) == ("T2", "Ikapp")
    assert plan.planned_hours == sum(AREAS_2018.values()) + ADMISSION_HOURS
    education = next(a for a in plan.areas if a.name == "Utbildning och arbetskraft")
    assert [a.name for a in education.assignments] == [
        "Uppdrag Utbildning och arbetskraft",
        "Gymnasieantagningen Storsthlm",
    ]
    detail = assignment_detail(session, health)
    assert detail is not None
    assert [f.light for f in detail.follow_ups] == [
        TrafficLight.AT_RISK,
        TrafficLight.ON_TRACK,
    ]


def test_an_assignment_serving_goals_in_two_areas_appears_under_both(
    uow: UnitOfWork, session: Session
) -> None:
    unit = units(uow)["Välfärdsutveckling"]
    first = add_area(uow, actor=STAFF, year=YEAR, kind=AreaKind.FOCUS_AREA, name="A", now=NOW)
    second = add_area(uow, actor=STAFF, year=YEAR, kind=AreaKind.PREREQUISITE, name="B", now=NOW)
    goals = [add_goal(uow, actor=STAFF, area_id=a, text="mål", now=NOW) for a in (first, second)]
    add_assignment(
        uow,
        actor=STAFF,
        year=YEAR,
        name="Delat",
        unit_id=unit,
        planned_hours=Decimal(100),
        goal_ids=goals,
        now=NOW,
    )

    plan = plan_for_year(session, YEAR)

    assert [(a.name, a.kind, [x.name for x in a.assignments]) for a in plan.areas] == [
        ("A", AreaKind.FOCUS_AREA, ["Delat"]),
        ("B", AreaKind.PREREQUISITE, ["Delat"]),
    ]
    assert [s.hours for s in staff_allocation(session, YEAR).without_admission_office] == [50, 50]


def test_the_budget_shows_the_year_beside_the_two_previous_with_outcomes_and_subtotals(
    uow: UnitOfWork, session: Session
) -> None:
    units(uow)
    rows = [
        budget_line("Välfärdsutveckling", 2018, "budget", "intäkter", "3100", 2),
        budget_line("Välfärdsutveckling", 2018, "budget", "personalkostnader", "9400", 3),
        budget_line("Välfärdsutveckling", 2018, "budget", "årsarbetare", "9.9", 4),
        budget_line("Välfärdsutveckling", 2017, "budget", "personalkostnader", "9000", 5),
        budget_line("Välfärdsutveckling", 2017, "utfall", "personalkostnader", "8800", 6),
        budget_line("Välfärdsutveckling", 2016, "budget", "personalkostnader", "8500", 7),
        budget_line("UEDB", 2018, "budget", "intäkter", "2619", 8),
        budget_line("UEDB", 2018, "budget", "övriga kostnader", "500", 9),
        budget_line("UEDB", 2018, "budget", "personalkostnader", "1300", 10),
        budget_line("UEDB", 2018, "budget", "fördelade kostnader", "200", 11),
        budget_line("UEDB", 2018, "budget", "årsarbetare", "1,5", 12),
    ]

    report = import_budget_lines(uow, actor=STAFF, rows=rows, now=NOW)
    budget = budget_for_year(session, 2018)

    assert (report.lines, report.added, report.years) == (11, 11, (2016, 2017, 2018))
    assert budget.years == (2016, 2017, 2018)
    welfare = next(u for u in budget.units if u.name == "Välfärdsutveckling")
    assert [(c.kind, c.net_cost) for c in welfare.columns] == [
        (FigureKind.BUDGET, Decimal(8500)),
        (FigureKind.OUTCOME, Decimal(8800)),
        (FigureKind.BUDGET, Decimal(6300)),
    ]
    assert budget.subtotal(Financing.AGREEMENT).columns[-1].net_cost == -619
    assert budget.subtotal(Financing.SERVICE_FEE).columns[-1].net_cost == 6300
    assert budget.total.columns[-1].net_cost == 6300 - 619
    assert budget.total.columns[-1].figures.fte == Decimal("11.4")
    assert budget.total.columns[-1][LineType.REVENUE] == 3100 + 2619


def test_project_lines_work_environment_and_recovery_of_a_deficit_are_stored_and_netted(
    uow: UnitOfWork, session: Session
) -> None:
    # Source: seed 001 (budget 2018, p. 28–29): Regional utveckling's PROJEKTKOSTNADER and
    # PROJEKTINTÄKTER, ARBETSMILJÖÅTGÄRDER −500, and the new admission system's "Ersättning av
    # tidigare års kostnader som tagits i Storsthlms resultat".
    units(uow)
    rows = [
        budget_line("Regional utveckling", 2018, "budget", "personalkostnader", "15000", 2),
        budget_line("Regional utveckling", 2018, "budget", "projektkostnader", "12000", 3),
        budget_line("Regional utveckling", 2018, "budget", "projektintäkter", "11500", 4),
        budget_line("Välfärdsutveckling", 2018, "budget", "arbetsmiljöåtgärder", "500", 5),
        budget_line("UEDB", 2018, "budget", "övriga kostnader", "700", 6),
        budget_line("UEDB", 2018, "budget", "ersättning av tidigare års kostnader", "1624", 7),
    ]

    import_budget_lines(uow, actor=STAFF, rows=rows, now=NOW)
    budget = budget_for_year(session, 2018)

    regional = next(u for u in budget.units if u.name == "Regional utveckling")
    assert regional.columns[-1][LineType.PROJECT_REVENUE] == 11500
    assert regional.columns[-1].net_cost == 15000 + 12000 - 11500
    welfare = next(u for u in budget.units if u.name == "Välfärdsutveckling")
    assert welfare.columns[-1][LineType.WORK_ENVIRONMENT] == 500
    assert budget.subtotal(Financing.AGREEMENT).columns[-1].net_cost == 700 - 1624
    assert budget.total.columns[-1].net_cost == 15500 + 500 + 700 - 1624


def test_a_second_import_replaces_the_lines_it_names_and_keeps_the_others(
    uow: UnitOfWork, session: Session
) -> None:
    units(uow)
    import_budget_lines(
        uow,
        actor=STAFF,
        rows=[
            budget_line("UEDB", 2018, "budget", "intäkter", "100", 2),
            budget_line("UEDB", 2018, "budget", "personalkostnader", "50", 3),
        ],
        now=NOW,
    )

    report = import_budget_lines(
        uow,
        actor=STAFF,
        rows=[
            budget_line("UEDB", 2018, "budget", "intäkter", "120", 2),
            budget_line("uedb", 2018, "budget", "personalkostnader", "50", 3),
        ],
        now=NOW,
    )

    assert (report.added, report.changed, report.unchanged) == (0, 1, 1)
    uedb = next(u for u in budget_for_year(session, 2018).units if u.name == "UEDB")
    assert uedb.columns[-1].net_cost == 50 - 120


def test_the_demo_plan_reproduces_the_2018_allocation_and_budget_units(
    uow: SqlUnitOfWork, session: Session
) -> None:
    load_demo_operations_plan(uow, 2026)

    allocation = staff_allocation(session, 2026)
    budget = budget_for_year(session, 2027)  # next year's, proposed beside 2026 and 2025

    assert [int(s.percent) for s in allocation.with_admission_office] == [47, 11, 2, 6, 13, 21]
    assert [int(s.percent) for s in allocation.without_admission_office] == [20, 5, 10, 25, 40]
    assert [u.columns[-1].figures.fte for u in budget.units] == [
        Decimal(x) for x in ("0", "4", "9.9", "16.05", "4", "15.75", "1.5", "0.5")
    ]
    assert [c.kind for c in budget.units[0].columns] == [
        FigureKind.OUTCOME,
        FigureKind.OUTCOME,
        FigureKind.BUDGET,
    ]
    assert plan_for_year(session, 2026).light_counts == {
        TrafficLight.ON_TRACK: 3,
        TrafficLight.AT_RISK: 1,
        TrafficLight.OFF_TRACK: 1,
        None: 11,
    }
    proposed = plan_for_year(session, 2027)
    assert proposed.light_counts[None] == 16  # not followed up yet
    next_year = staff_allocation(session, 2027)
    assert [s.percent for s in next_year.with_admission_office] == [
        s.percent for s in allocation.with_admission_office
    ]
