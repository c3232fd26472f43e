"""The operations plan document read from the database (SQLite and PostgreSQL): the plan, the
budget in SEK beside the years before, the staff allocation, the fees and the board's decisions,
as the association's staff entered them through the services."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from samverka.admission.domain.catalogue import Municipality
from samverka.association.board.domain.board import ItemKind
from samverka.association.board.services import board
from samverka.association.fees import services as member_fees
from samverka.association.fees.domain.revenue_base import RevenueRow
from samverka.association.fees.domain.service_fee import ServiceFeeDecision
from samverka.association.plan.domain.budget import Financing as UnitFinancing
from samverka.association.plan.domain.operations_plan import AreaKind, TrafficLight
from samverka.association.plan.files.document_model import Financing, FollowUp
from samverka.association.plan.queries.document import DEFAULT_ASSOCIATION, operations_plan_document
from samverka.association.plan.services import budget, operations_plan
from samverka.errors import NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.unit_of_work import SqlUnitOfWork

YEAR = 2027
NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)
STAFF = Actor("stina", Role.ASSOCIATION_STAFF, "Stina")
BOARD = Actor("bertil", Role.BOARD_MEMBER, "Bertil")
OFFICIAL = Actor("sthlm", Role.MUNICIPALITY, "Stockholm", municipality_code="0180")


def _units(uow: SqlUnitOfWork) -> tuple[int, int]:
    welfare = budget.add_budget_unit(
        uow, actor=STAFF, name="Välfärd", financing=UnitFinancing.SERVICE_FEE, now=NOW
    )
    office = budget.add_budget_unit(
        uow,
        actor=STAFF,
        name="Antagningen",
        financing=UnitFinancing.AGREEMENT,
        admission_office=True,
        now=NOW,
    )
    lines = [
        ("Välfärd", YEAR, "budget", "revenue", "1000"),
        ("Välfärd", YEAR, "budget", "staff_costs", "4000.5"),
        ("Välfärd", YEAR, "budget", "allocated", "-250"),
        ("Välfärd", YEAR, "budget", "fte", "3.50"),
        ("Välfärd", YEAR - 1, "outcome", "staff_costs", "3800"),
        ("Antagningen", YEAR, "budget", "revenue", "9000"),
        ("Antagningen", YEAR, "budget", "other_costs", "8000"),
    ]
    rows = [
        budget.BudgetLineText("test", n, unit, str(y), kind, line_type, amount)
        for n, (unit, y, kind, line_type, amount) in enumerate(lines, start=2)
    ]
    budget.import_budget_lines(uow, actor=STAFF, rows=rows, now=NOW)
    return welfare, office


def _plan(uow: SqlUnitOfWork, welfare: int, office: int) -> None:
    area = operations_plan.add_area(
        uow, actor=STAFF, year=YEAR, kind=AreaKind.FOCUS_AREA, name="Hälsa", now=NOW
    )
    basis = operations_plan.add_area(
        uow, actor=STAFF, year=YEAR, kind=AreaKind.PREREQUISITE, name="Digitalisering", now=NOW
    )
    goal = operations_plan.add_goal(uow, actor=STAFF, area_id=area, text="Stöd i tid", now=NOW)
    other = operations_plan.add_goal(uow, actor=STAFF, area_id=basis, text="Digitalt", now=NOW)
    assignment = operations_plan.add_assignment(
        uow,
        actor=STAFF,
        year=YEAR,
        name="Psykisk hälsa",
        unit_id=welfare,
        planned_hours=Decimal(300),
        goal_ids=[goal, other],
        now=NOW,
    )
    operations_plan.add_activity(
        uow,
        actor=STAFF,
        assignment_id=assignment,
        name="Nätverk",
        planned_hours=Decimal(40),
        now=NOW,
    )
    operations_plan.record_follow_up(
        uow,
        actor=STAFF,
        assignment_id=assignment,
        period="T1",
        light=TrafficLight.AT_RISK,
        comment="Sen start",
        now=NOW,
    )
    operations_plan.add_assignment(
        uow,
        actor=STAFF,
        year=YEAR,
        name="Antagning",
        unit_id=office,
        planned_hours=Decimal(700),
        goal_ids=[goal],
        now=NOW,
    )


def _fees_and_board(uow: SqlUnitOfWork) -> None:
    with uow:
        uow.catalogue.add_municipalities(
            [Municipality("0180", "Stockholm", 975_551), Municipality("0182", "Nacka", 105_201)]
        )
        uow.commit()
    rows = [RevenueRow(2, "0180", "50000000000"), RevenueRow(3, "0182", "5000000000")]
    member_fees.import_revenue_bases(
        uow, actor=STAFF, base_year=YEAR - 2, rows=rows, source="test", now=NOW
    )
    decision = ServiceFeeDecision(
        YEAR, Decimal("0.40"), YEAR - 2, date(YEAR - 1, 12, 3), "styrelsen"
    )
    member_fees.decide_service_fee(uow, actor=STAFF, decision=decision, now=NOW)
    meetings = ((date(YEAR - 1, 12, 3), f"Verksamhetsplan {YEAR}"), (date(YEAR, 2, 4), "Avtal"))
    for number, (on, title) in enumerate(meetings, start=1):
        meeting = board.add_meeting(uow, actor=STAFF, on=on, place="Kansliet", now=NOW)
        item = board.add_agenda_item(
            uow,
            actor=STAFF,
            meeting_id=meeting,
            title=title,
            kind=ItemKind.DECISION,
            presenter="Direktören",
            now=NOW,
        )
        board.record_decision(
            uow,
            actor=STAFF,
            item_id=item,
            text="Bifall.",
            decided_on=on,
            reference=f"STH {number}",
            now=NOW,
        )


@pytest.fixture
def arranged(uow: SqlUnitOfWork) -> None:
    welfare, office = _units(uow)
    _plan(uow, welfare, office)
    _fees_and_board(uow)


@pytest.mark.usefixtures("arranged")
def test_the_budget_is_in_sek_with_the_budget_year_first_and_its_net_costs(
    session: Session,
) -> None:
    found = operations_plan_document(session, BOARD, YEAR).budget
    assert found is not None
    assert found.years == (YEAR, YEAR - 1, YEAR - 2)
    assert found.headings == (f"Budget {YEAR}", f"Utfall {YEAR - 1}", f"Budget {YEAR - 2}")
    welfare = next(unit for unit in found.units if unit.name == "Välfärd")
    assert welfare.financing is Financing.SERVICE_FEE
    lines = {line.label: line for line in welfare.lines}
    assert lines["Intäkter"].revenue
    assert lines["Intäkter"].amounts == (Decimal(1_000_000), Decimal(0), None)
    assert lines["Personalkostnader"].amounts[:2] == (Decimal(4_000_500), Decimal(3_800_000))
    assert lines["Fördelade kostnader/intäkter"].amounts[0] == Decimal(-250_000)
    assert "Avskrivningar" not in lines  # no figure in any year
    assert welfare.net_cost == (Decimal(2_750_500), Decimal(3_800_000), None)
    assert welfare.full_time_equivalents[0] == Decimal("3.50")
    assert found.net_cost(Financing.AGREEMENT)[0] == Decimal(-1_000_000)
    assert found.net_cost()[0] == Decimal(1_750_500)


@pytest.mark.usefixtures("arranged")
def test_the_plan_has_its_areas_goals_assignments_hours_and_latest_follow_up(
    session: Session,
) -> None:
    document = operations_plan_document(session, STAFF, YEAR)
    assert document.focus_areas is not None
    health, digital = document.focus_areas
    assert (health.name, health.prerequisite, digital.prerequisite) == ("Hälsa", False, True)
    assert health.goals == ("Stöd i tid",)
    mental = health.assignments[0]
    assert mental.goals == ("Stöd i tid", "Digitalt")
    assert (mental.responsible_unit, mental.planned_hours) == ("Välfärd", Decimal(300))
    assert mental.activities == ("Nätverk (40 timmar)",)
    assert (mental.follow_up, mental.comment) == (FollowUp.AT_RISK, "T1: Sen start")
    assert digital.assignments == (mental,)  # it serves a goal of each area
    assert document.planned_hours == Decimal(1000)  # each assignment once


@pytest.mark.usefixtures("arranged")
def test_the_staff_allocation_shows_the_admission_office_and_the_areas_without_it(
    session: Session,
) -> None:
    allocation = operations_plan_document(session, STAFF, YEAR).staff_allocation
    assert allocation is not None
    assert allocation.admission_office == "Antagningen"
    with_office = {share.focus_area: share.percent for share in allocation.with_admission}
    assert with_office["Antagningen"] == Decimal(70)  # 700 of 1 000 hours
    assert sum(with_office.values()) == 100
    assert "Antagningen" not in {share.focus_area for share in allocation.without_admission}
    assert sum(share.percent for share in allocation.without_admission) == 100


@pytest.mark.usefixtures("arranged")
def test_the_fees_the_decision_date_and_the_years_decisions_are_in_the_document(
    session: Session,
) -> None:
    document = operations_plan_document(session, BOARD, YEAR)
    assert document.title.association == DEFAULT_ASSOCIATION  # no admission year in this base
    assert document.title.decided_on == date(YEAR - 1, 12, 3)
    assert document.fees is not None
    fees = {row.code: row for row in document.fees.rows}
    assert fees["0180"].service_fee == Decimal(20_000_000)  # 0.40 per mille of 50 000 mnkr
    assert fees["0182"].total == Decimal(2_000_000)
    assert (document.fees.rate_per_mille, document.fees.base_year) == (Decimal("0.40"), YEAR - 2)
    assert document.board_decisions is not None
    assert [d.subject for d in document.board_decisions] == [
        "Avtal"
    ]  # the plan's is the year before


def test_a_year_without_anything_gives_a_document_of_missing_parts(session: Session) -> None:
    document = operations_plan_document(session, STAFF, 2040)
    assert document.focus_areas is None
    assert document.budget is None
    assert document.staff_allocation is None
    assert document.fees is None
    assert document.board_decisions is None
    assert document.title.decided_on is None


def test_a_municipality_may_not_read_the_document(session: Session) -> None:
    with pytest.raises(NotPermitted):
        operations_plan_document(session, OFFICIAL, YEAR)
