"""What the services of the operations plan and budget need from the database, as a protocol.

``association.plan.db.repository`` implements it;
a unit of work holds it as ``uow.operations_plan``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from samverka.association.plan.domain.audited import Dependent, PlanItem, PlanItemKind
from samverka.association.plan.domain.budget import FigureKind, Financing, LineType
from samverka.association.plan.domain.operations_plan import AreaKind, FollowUp
from samverka.platform.ports import Transaction


@dataclass(frozen=True, slots=True)
class UnitRow:
    id: int
    name: str
    financing: Financing
    admission_office: bool


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    id: int
    year: int
    name: str
    unit_id: int
    planned_hours: Decimal


@dataclass(frozen=True, slots=True)
class ActivityRow:
    id: int
    assignment_id: int
    name: str
    planned_hours: Decimal
    reported_hours: Decimal


BudgetKey = tuple[int, int, FigureKind, LineType]
"""(unit id, year, kind, line type): one budget line."""


class OperationsPlanRepository(Protocol):
    """The stored operations plan and budget."""

    # -- the plan
    def add_area(self, year: int, kind: AreaKind, name: str, description: str) -> int: ...
    def area_year(self, area_id: int) -> int | None: ...
    def area_names(self, year: int) -> set[str]: ...
    def add_goal(self, area_id: int, text: str) -> int: ...
    def goal_years(self, goal_ids: Collection[int]) -> dict[int, int]: ...
    def add_assignment(
        self,
        year: int,
        name: str,
        description: str,
        unit_id: int,
        planned_hours: Decimal,
        goal_ids: Sequence[int],
    ) -> int: ...
    def assignment(self, assignment_id: int) -> AssignmentRow | None: ...
    def assignment_names(self, year: int) -> set[str]: ...
    def add_activity(
        self, assignment_id: int, name: str, planned_hours: Decimal, reported_hours: Decimal
    ) -> int: ...
    def activity(self, activity_id: int) -> ActivityRow | None: ...
    def set_reported_hours(self, activity_id: int, hours: Decimal) -> None: ...
    def add_follow_up(self, assignment_id: int, follow_up: FollowUp) -> int: ...
    def item(self, kind: PlanItemKind, item_id: int) -> PlanItem | None: ...
    def update_item(self, item: PlanItem) -> None: ...
    def dependents(self, kind: PlanItemKind, item_id: int) -> list[Dependent]: ...
    def remove_item(self, kind: PlanItemKind, item_id: int) -> None: ...

    # -- the budget
    def units(self) -> list[UnitRow]: ...
    def add_unit(self, name: str, financing: Financing, admission_office: bool) -> int: ...
    def budget_lines(self, keys: Collection[BudgetKey]) -> dict[BudgetKey, Decimal]: ...
    def put_budget_lines(
        self, amounts: Mapping[BudgetKey, Decimal], at: datetime, by: str
    ) -> None: ...


class UnitOfWork(Transaction, Protocol):
    """What the association's plan services need: a transaction with their repository."""

    @property
    def operations_plan(self) -> OperationsPlanRepository: ...
