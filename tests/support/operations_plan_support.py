"""A small operations plan and budget for the e2e tables: one unit (id 1), one focus area (1)
with one goal (1), one assignment (1) with one activity (1), and a budget line, in 2026; and a
budget file's row as the budget import reads it, for the plan tests."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy.orm import Session, sessionmaker

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

PLAN_YEAR = 2026
STAFF = Actor("stina", Role.ASSOCIATION_STAFF, "Stina")
NOW = datetime(2025, 12, 10, tzinfo=UTC)


def add_small_plan(database: sessionmaker[Session]) -> dict[str, int]:
    """The plan and budget; returns the ids by what they are."""
    uow = SqlUnitOfWork(database)
    unit = add_budget_unit(
        uow, actor=STAFF, name="Välfärdsutveckling", financing=Financing.SERVICE_FEE, now=NOW
    )
    area = add_area(
        uow, actor=STAFF, year=PLAN_YEAR, kind=AreaKind.FOCUS_AREA, name="Hälsa och stöd", now=NOW
    )
    goal = add_goal(uow, actor=STAFF, area_id=area, text="God hälsa på lika villkor", now=NOW)
    assignment = add_assignment(
        uow,
        actor=STAFF,
        year=PLAN_YEAR,
        name="E-hälsa",
        unit_id=unit,
        planned_hours=Decimal(400),
        goal_ids=[goal],
        now=NOW,
    )
    activity = add_activity(
        uow,
        actor=STAFF,
        assignment_id=assignment,
        name="Digital kommunikation",
        planned_hours=Decimal(400),
        now=NOW,
    )
    row = BudgetLineText(
        "demo", 2, "Välfärdsutveckling", str(PLAN_YEAR), "budget", "intäkter", "3100"
    )
    import_budget_lines(uow, actor=STAFF, rows=[row], now=NOW)
    return {
        "unit": unit,
        "area": area,
        "goal": goal,
        "assignment": assignment,
        "activity": activity,
    }


def budget_line(
    unit: str, year: object, kind: str, line_type: str, amount: str, n: int
) -> BudgetLineText:
    """Row ``n`` of the sheet Budget of ``budget.xlsx``, every cell as the import reads it."""
    return BudgetLineText("budget.xlsx/Budget", n, unit, str(year), kind, line_type, amount)
