"""A small plan year for the operations plan document's web, API and CLI tests, made through the
association's own services: two budget units (one the admission office) with a budget and the
year before's outcome, a focus area with two goals and two assignments, the service fee of the
two municipalities Stockholm (0180) and Nacka (0182), and the board meeting in December that
decided the plan, with one more decision in the plan year.

The municipalities must exist already (an admission year opened with them).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from samverka.association.board.domain.board import ItemKind
from samverka.association.board.services.board import add_agenda_item, add_meeting, record_decision
from samverka.association.fees.domain.revenue_base import RevenueRow
from samverka.association.fees.domain.service_fee import ServiceFeeDecision
from samverka.association.fees.services import decide_service_fee, import_revenue_bases
from samverka.association.plan.domain.budget import Financing
from samverka.association.plan.domain.operations_plan import AreaKind
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
)
from samverka.platform.access.domain.actors import Actor, Role
from samverka.unit_of_work import SqlUnitOfWork

STAFF = Actor("stina", Role.ASSOCIATION_STAFF, "Stina på kansliet")
REVENUE = {"0180": Decimal(60_000_000_000), "0182": Decimal(8_000_000_000)}  # SEK, base year
RATE = Decimal("0.42")  # per mille
# (unit, line type, tkr in the plan year, tkr outcome the year before)
LINES = (
    ("Välfärdsutveckling", "revenue", "2500", "2400"),
    ("Välfärdsutveckling", "other_costs", "2100", "2000"),
    ("Välfärdsutveckling", "staff_costs", "9100", "8800"),
    ("Välfärdsutveckling", "fte", "9.90", "9.50"),
    ("Gymnasieantagningen", "revenue", "20100", "19000"),
    ("Gymnasieantagningen", "other_costs", "9800", "9600"),
    ("Gymnasieantagningen", "staff_costs", "13300", "12000"),
    ("Gymnasieantagningen", "fte", "15.75", "15.00"),
)


def build_plan_year(uow: SqlUnitOfWork, year: int) -> None:
    """The plan year ``year`` (see the module's description)."""
    now = datetime(year - 1, 11, 1, 9, tzinfo=UTC)
    welfare = add_budget_unit(
        uow, actor=STAFF, name="Välfärdsutveckling", financing=Financing.SERVICE_FEE, now=now
    )
    office = add_budget_unit(
        uow,
        actor=STAFF,
        name="Gymnasieantagningen",
        financing=Financing.AGREEMENT,
        admission_office=True,
        now=now,
    )
    rows = [
        BudgetLineText("test", line, unit, str(one_year), kind, line_type, amount)
        for line, (unit, line_type, budgeted, outcome) in enumerate(LINES, start=2)
        for one_year, kind, amount in ((year, "budget", budgeted), (year - 1, "outcome", outcome))
    ]
    import_budget_lines(uow, actor=STAFF, rows=rows, now=now)
    area = add_area(
        uow,
        actor=STAFF,
        year=year,
        kind=AreaKind.FOCUS_AREA,
        name="Hälsa och stöd",
        description="Kommunerna och regionen ger sammanhållen vård och omsorg.",
        now=now,
    )
    health = add_goal(uow, actor=STAFF, area_id=area, text="Fler får stöd i tid.", now=now)
    school = add_goal(uow, actor=STAFF, area_id=area, text="Alla unga har en plats.", now=now)
    assignment = add_assignment(
        uow,
        actor=STAFF,
        year=year,
        name="Länsgemensamma handlingsplaner för psykisk hälsa",
        description="Samordna kommunernas arbete med regionen.",
        unit_id=welfare,
        planned_hours=Decimal(700),
        goal_ids=[health],
        now=now,
    )
    add_activity(
        uow,
        actor=STAFF,
        assignment_id=assignment,
        name="Leda nätverket för psykisk hälsa",
        planned_hours=Decimal(120),
        now=now,
    )
    add_assignment(
        uow,
        actor=STAFF,
        year=year,
        name="Gymnasieantagningen Storsthlm",
        unit_id=office,
        planned_hours=Decimal(2100),
        goal_ids=[school],
        now=now,
    )
    _fees(uow, year, now)
    _board(uow, year, now)


def _fees(uow: SqlUnitOfWork, year: int, now: datetime) -> None:
    rows = [RevenueRow(n, code, str(v)) for n, (code, v) in enumerate(REVENUE.items(), start=2)]
    import_revenue_bases(uow, actor=STAFF, base_year=year - 2, rows=rows, source="test", now=now)
    decision = ServiceFeeDecision(
        fee_year=year,
        rate_per_mille=RATE,
        base_year=year - 2,
        decided_on=date(year - 1, 12, 4),
        decided_by=f"styrelsen {year - 1}-12-04 § 9",
    )
    decide_service_fee(uow, actor=STAFF, decision=decision, now=now)


def _board(uow: SqlUnitOfWork, year: int, now: datetime) -> None:
    decisions = (
        (date(year - 1, 12, 4), f"Verksamhetsplan och budget {year}", "Planen fastställs."),
        (date(year, 3, 5), "Stimulansmedel psykisk hälsa", "Fyra procent avsätts länsgemensamt."),
    )
    for number, (on, title, text) in enumerate(decisions, start=1):
        meeting = add_meeting(uow, actor=STAFF, on=on, place="Kansliet", now=now)
        item = add_agenda_item(
            uow,
            actor=STAFF,
            meeting_id=meeting,
            title=title,
            kind=ItemKind.DECISION,
            presenter="Förbundsdirektören",
            now=now,
        )
        record_decision(
            uow,
            actor=STAFF,
            item_id=item,
            text=text,
            decided_on=on,
            reference=f"STH {on.year}/{number}",
            now=now,
        )
