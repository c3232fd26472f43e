"""The operations plan's and budget's unit of work in memory, for the rule tests of its services
(``association.plan.services``): areas, goals, assignments, activities, follow-ups, budget
units and lines, kept as the SQL repository keeps them where the services can tell. Leaving
``with uow:`` without a commit puts them back (``FakeTransaction``)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from fake_transaction import FakeTransaction

from samverka.association.plan.domain.audited import Dependent, PlanItem, PlanItemKind
from samverka.association.plan.domain.budget import Financing
from samverka.association.plan.domain.operations_plan import AreaKind, FollowUp
from samverka.association.plan.ports import ActivityRow, AssignmentRow, BudgetKey, UnitRow


@dataclass
class Area:
    id: int
    year: int
    kind: AreaKind
    name: str
    description: str


@dataclass
class OperationsPlan:
    """``OperationsPlanRepository`` in memory; one sequence of ids for everything."""

    areas: dict[int, Area] = field(default_factory=dict)
    goals: dict[int, tuple[int, str]] = field(default_factory=dict)  # id: (area id, text)
    assignments: dict[int, AssignmentRow] = field(default_factory=dict)
    served: dict[int, list[int]] = field(default_factory=dict)  # assignment id: goal ids
    activities: dict[int, ActivityRow] = field(default_factory=dict)
    follow_ups: dict[int, list[FollowUp]] = field(default_factory=dict)
    budget_units: list[UnitRow] = field(default_factory=list)
    descriptions: dict[int, str] = field(default_factory=dict)  # assignment id: description
    lines: dict[BudgetKey, Decimal] = field(default_factory=dict)
    last_id: int = 0

    def _next_id(self) -> int:
        self.last_id += 1
        return self.last_id

    # -- the plan
    def add_area(self, year: int, kind: AreaKind, name: str, description: str) -> int:
        area_id = self._next_id()
        self.areas[area_id] = Area(area_id, year, kind, name, description)
        return area_id

    def area_year(self, area_id: int) -> int | None:
        area = self.areas.get(area_id)
        return None if area is None else area.year

    def area_names(self, year: int) -> set[str]:
        return {area.name for area in self.areas.values() if area.year == year}

    def add_goal(self, area_id: int, text: str) -> int:
        goal_id = self._next_id()
        self.goals[goal_id] = (area_id, text)
        return goal_id

    def goal_years(self, goal_ids: Collection[int]) -> dict[int, int]:
        return {
            goal_id: self.areas[self.goals[goal_id][0]].year
            for goal_id in goal_ids
            if goal_id in self.goals
        }

    def add_assignment(
        self,
        year: int,
        name: str,
        description: str,
        unit_id: int,
        planned_hours: Decimal,
        goal_ids: Sequence[int],
    ) -> int:
        assignment_id = self._next_id()
        self.assignments[assignment_id] = AssignmentRow(
            assignment_id, year, name, unit_id, planned_hours
        )
        self.served[assignment_id] = list(dict.fromkeys(goal_ids))
        self.descriptions[assignment_id] = description
        return assignment_id

    def assignment(self, assignment_id: int) -> AssignmentRow | None:
        return self.assignments.get(assignment_id)

    def assignment_names(self, year: int) -> set[str]:
        return {a.name for a in self.assignments.values() if a.year == year}

    def add_activity(
        self, assignment_id: int, name: str, planned_hours: Decimal, reported_hours: Decimal
    ) -> int:
        activity_id = self._next_id()
        self.activities[activity_id] = ActivityRow(
            activity_id, assignment_id, name, planned_hours, reported_hours
        )
        return activity_id

    def activity(self, activity_id: int) -> ActivityRow | None:
        return self.activities.get(activity_id)

    def set_reported_hours(self, activity_id: int, hours: Decimal) -> None:
        self.activities[activity_id] = replace(self.activities[activity_id], reported_hours=hours)

    def add_follow_up(self, assignment_id: int, follow_up: FollowUp) -> int:
        self.follow_ups.setdefault(assignment_id, []).append(follow_up)
        return self._next_id()

    def item(self, kind: PlanItemKind, item_id: int) -> PlanItem | None:
        if kind is PlanItemKind.AREA and item_id in self.areas:
            area = self.areas[item_id]
            return PlanItem(kind, area.id, area.year, area.name, area.description)
        if kind is PlanItemKind.GOAL and item_id in self.goals:
            area_id, text = self.goals[item_id]
            return PlanItem(kind, item_id, self.areas[area_id].year, text, parent_id=area_id)
        if kind is PlanItemKind.ASSIGNMENT and item_id in self.assignments:
            a = self.assignments[item_id]
            description = self.descriptions.get(item_id, "")
            return PlanItem(kind, a.id, a.year, a.name, description, a.planned_hours)
        if kind is PlanItemKind.ACTIVITY and item_id in self.activities:
            act = self.activities[item_id]
            year = self.assignments[act.assignment_id].year
            hours = act.planned_hours
            return PlanItem(kind, act.id, year, act.name, None, hours, act.assignment_id)
        return None

    def update_item(self, item: PlanItem) -> None:
        if item.kind is PlanItemKind.AREA:
            area = self.areas[item.id]
            self.areas[item.id] = Area(
                area.id, area.year, area.kind, item.name, item.description or ""
            )
        elif item.kind is PlanItemKind.GOAL:
            self.goals[item.id] = (self.goals[item.id][0], item.name)
        elif item.kind is PlanItemKind.ASSIGNMENT:
            hours = item.planned_hours or Decimal(0)
            changed = replace(self.assignments[item.id], name=item.name, planned_hours=hours)
            self.assignments[item.id] = changed
            self.descriptions[item.id] = item.description or ""
        else:
            hours = item.planned_hours or Decimal(0)
            changed_activity = replace(
                self.activities[item.id], name=item.name, planned_hours=hours
            )
            self.activities[item.id] = changed_activity

    def dependents(self, kind: PlanItemKind, item_id: int) -> list[Dependent]:
        if kind is PlanItemKind.AREA:
            return [Dependent("goal", t) for a, t in self.goals.values() if a == item_id]
        if kind is PlanItemKind.GOAL:
            return [
                Dependent("assignment", self.assignments[a].name)
                for a, goals in self.served.items()
                if item_id in goals
            ]
        if kind is PlanItemKind.ASSIGNMENT:
            activities = [
                Dependent("activity", act.name)
                for act in self.activities.values()
                if act.assignment_id == item_id
            ]
            periods = [Dependent("follow_up", f.period) for f in self.follow_ups.get(item_id, [])]
            return activities + periods
        return []

    def remove_item(self, kind: PlanItemKind, item_id: int) -> None:
        if kind is PlanItemKind.AREA:
            del self.areas[item_id]
        elif kind is PlanItemKind.GOAL:
            del self.goals[item_id]
        elif kind is PlanItemKind.ASSIGNMENT:
            del self.assignments[item_id]
        else:
            del self.activities[item_id]
        self.served.pop(item_id, None)

    # -- the budget
    def units(self) -> list[UnitRow]:
        return list(self.budget_units)

    def add_unit(self, name: str, financing: Financing, admission_office: bool) -> int:
        unit_id = self._next_id()
        self.budget_units.append(UnitRow(unit_id, name, financing, admission_office))
        return unit_id

    def budget_lines(self, keys: Collection[BudgetKey]) -> dict[BudgetKey, Decimal]:
        return {key: self.lines[key] for key in keys if key in self.lines}

    def put_budget_lines(self, amounts: Mapping[BudgetKey, Decimal], at: datetime, by: str) -> None:
        self.lines.update(amounts)


class FakeUnitOfWork(FakeTransaction):
    """The operations plan's ``UnitOfWork`` in memory."""

    STORES = ("operations_plan",)

    def __init__(self, operations_plan: OperationsPlan | None = None) -> None:
        super().__init__()
        self.operations_plan = operations_plan or OperationsPlan()
