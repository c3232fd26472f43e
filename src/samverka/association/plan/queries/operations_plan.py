"""What the operations plan and budget pages, the API and the yearly plan document read.

``plan_for_year``, ``budget_for_year`` and ``staff_allocation`` are the read side of the plan
and budget (the plan document is built from them); each reads with a handful of queries,
whatever the size of the plan. ``item_changes`` reads the audit trail's events about one item
(who added, changed or removed it, and when), which its edit page shows. Who may read is
decided by the entry points (the association's staff and board members read all of it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Final

from sqlalchemy import select

from samverka.admission.queries.admission_statistics import Database
from samverka.association.plan.db import tables as p
from samverka.association.plan.domain.audited import PlanItemKind
from samverka.association.plan.domain.operations_plan import AreaKind, TrafficLight
from samverka.association.plan.domain.staff_allocation import (
    ADMISSION_OFFICE,
    AssignmentHours,
    allocate,
)
from samverka.association.plan.queries.budget import (
    BudgetColumn,
    BudgetTotal,
    BudgetView,
    UnitBudget,
    budget_for_year,
    budget_units,
)
from samverka.platform.db import tables as pt

__all__ = [
    "ActivityView",
    "AllocationShare",
    "AreaView",
    "AssignmentView",
    "BudgetColumn",
    "BudgetTotal",
    "BudgetView",
    "FollowUpView",
    "GoalView",
    "ItemChange",
    "PlanView",
    "StaffAllocation",
    "UnitBudget",
    "assignment_detail",
    "budget_for_year",
    "budget_units",
    "default_year",
    "item_changes",
    "plan_for_year",
    "plan_years",
    "staff_allocation",
]

ZERO = Decimal(0)


# -- the plan -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ActivityView:
    id: int
    name: str
    planned_hours: Decimal
    reported_hours: Decimal


@dataclass(frozen=True, slots=True)
class FollowUpView:
    id: int
    period: str  # T1, T2, T3, H1, H2 or Å
    light: TrafficLight
    comment: str
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True, slots=True)
class AssignmentView:
    id: int
    year: int
    name: str
    description: str
    unit_id: int
    unit_name: str
    admission_office: bool  # its responsible unit is the joint admission office
    planned_hours: Decimal
    goal_ids: tuple[int, ...]
    activities: tuple[ActivityView, ...]
    follow_ups: tuple[FollowUpView, ...]  # oldest first

    @property
    def reported_hours(self) -> Decimal:
        return sum((a.reported_hours for a in self.activities), ZERO)

    @property
    def latest(self) -> FollowUpView | None:
        return self.follow_ups[-1] if self.follow_ups else None

    @property
    def light(self) -> TrafficLight | None:
        return None if self.latest is None else self.latest.light


@dataclass(frozen=True, slots=True)
class GoalView:
    id: int
    text: str
    assignment_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class AreaView:
    id: int
    kind: AreaKind
    name: str
    description: str
    goals: tuple[GoalView, ...]
    assignments: tuple[AssignmentView, ...]  # serving at least one of its goals

    @property
    def planned_hours(self) -> Decimal:
        return sum((a.planned_hours for a in self.assignments), ZERO)


@dataclass(frozen=True, slots=True)
class PlanView:
    year: int
    areas: tuple[AreaView, ...]  # focus areas first, then prerequisites, in their order
    assignments: tuple[AssignmentView, ...]  # every assignment of the year, in its order

    @property
    def focus_areas(self) -> tuple[AreaView, ...]:
        return tuple(a for a in self.areas if a.kind is AreaKind.FOCUS_AREA)

    @property
    def prerequisites(self) -> tuple[AreaView, ...]:
        return tuple(a for a in self.areas if a.kind is AreaKind.PREREQUISITE)

    @property
    def planned_hours(self) -> Decimal:
        return sum((a.planned_hours for a in self.assignments), ZERO)

    @property
    def reported_hours(self) -> Decimal:
        return sum((a.reported_hours for a in self.assignments), ZERO)

    @property
    def light_counts(self) -> dict[TrafficLight | None, int]:
        """How many assignments have each light in force (``None``: not followed up yet)."""
        counts: dict[TrafficLight | None, int] = dict.fromkeys(TrafficLight, 0)
        counts[None] = 0
        for assignment in self.assignments:
            counts[assignment.light] += 1
        return counts

    @property
    def without_goals(self) -> tuple[AssignmentView, ...]:
        return tuple(a for a in self.assignments if not a.goal_ids)


def _assignments(db: Database, ids: Sequence[int] | None, year: int | None) -> list[AssignmentView]:
    a, u = p.plan_assignment, p.budget_unit
    query = select(a, u.c.name.label("unit_name"), u.c.admission_office).join(
        u, u.c.id == a.c.unit_id
    )
    if year is not None:
        query = query.where(a.c.year == year)
    if ids is not None:
        query = query.where(a.c.id.in_(ids))
    rows = list(db.execute(query.order_by(a.c.position, a.c.id)))
    found = [row.id for row in rows]
    goals: dict[int, list[int]] = defaultdict(list)
    activities: dict[int, list[ActivityView]] = defaultdict(list)
    follow_ups: dict[int, list[FollowUpView]] = defaultdict(list)
    if found:
        ag, act, f = p.plan_assignment_goal, p.plan_activity, p.plan_follow_up
        g = p.plan_goal
        for row in db.execute(
            select(ag.c.assignment_id, ag.c.goal_id)
            .join(g, g.c.id == ag.c.goal_id)
            .where(ag.c.assignment_id.in_(found))
            .order_by(g.c.position, g.c.id)
        ):
            goals[row.assignment_id].append(row.goal_id)
        for row in db.execute(
            select(act).where(act.c.assignment_id.in_(found)).order_by(act.c.position, act.c.id)
        ):
            activities[row.assignment_id].append(
                ActivityView(row.id, row.name, row.planned_hours, row.reported_hours)
            )
        for row in db.execute(
            select(f).where(f.c.assignment_id.in_(found)).order_by(f.c.recorded_at, f.c.id)
        ):
            follow_ups[row.assignment_id].append(
                FollowUpView(
                    row.id,
                    row.period,
                    TrafficLight(row.light),
                    row.comment,
                    row.recorded_at,
                    row.recorded_by,
                )
            )
    return [
        AssignmentView(
            row.id,
            row.year,
            row.name,
            row.description,
            row.unit_id,
            row.unit_name,
            bool(row.admission_office),
            row.planned_hours,
            tuple(goals[row.id]),
            tuple(activities[row.id]),
            tuple(follow_ups[row.id]),
        )
        for row in rows
    ]


def plan_for_year(db: Database, year: int) -> PlanView:
    """The year's areas (focus areas, then prerequisites) with their goals and the assignments
    serving them, each with activities, hours and follow-ups (the light in force is the latest)."""
    area, goal = p.plan_area, p.plan_goal
    assignments = _assignments(db, None, year)
    serving: dict[int, list[int]] = defaultdict(list)
    for assignment in assignments:
        for goal_id in assignment.goal_ids:
            serving[goal_id].append(assignment.id)
    goals: dict[int, list[GoalView]] = defaultdict(list)
    for row in db.execute(
        select(goal)
        .join(area, area.c.id == goal.c.area_id)
        .where(area.c.year == year)
        .order_by(goal.c.position, goal.c.id)
    ):
        goals[row.area_id].append(GoalView(row.id, row.text, tuple(serving[row.id])))
    areas = []
    for row in db.execute(select(area).where(area.c.year == year)):
        own = goals[row.id]
        ids = dict.fromkeys(i for g in own for i in g.assignment_ids)
        ordered = tuple(a for a in assignments if a.id in ids)
        areas.append(
            (
                row.kind != AreaKind.FOCUS_AREA,
                row.position,
                row.id,
                AreaView(
                    row.id, AreaKind(row.kind), row.name, row.description, tuple(own), ordered
                ),
            )
        )
    areas.sort(key=lambda item: item[:3])
    return PlanView(year, tuple(item[3] for item in areas), tuple(assignments))


def assignment_detail(db: Database, assignment_id: int) -> AssignmentView | None:
    """One assignment with its activities and follow-up history (``None`` if there is none)."""
    found = _assignments(db, [assignment_id], None)
    return found[0] if found else None


# -- the staff allocation -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AllocationShare:
    area_id: int | None  # None: the joint admission office
    name: str
    hours: Decimal
    percent: Decimal  # whole percent; the shares add up to exactly 100


@dataclass(frozen=True, slots=True)
class StaffAllocation:
    """The year's planned hours per area as percentages, with the admission office as a share
    of its own and without it (its hours left out)."""

    year: int
    with_admission_office: tuple[AllocationShare, ...]
    without_admission_office: tuple[AllocationShare, ...]


def staff_allocation(db: Database, year: int, decimals: int = 0) -> StaffAllocation:
    """Percentages per area with and without the admission office (largest remainder; see
    ``association.plan.domain.staff_allocation``). Shares of no hours are left out."""
    plan = plan_for_year(db, year)
    area_of_goal = {g.id: area.id for area in plan.areas for g in area.goals}
    names: dict[int | str, str] = {area.id: area.name for area in plan.areas}
    office = [u for u in budget_units(db) if u[3]]
    names[ADMISSION_OFFICE] = office[0][1] if office else "Gymnasieantagningen"
    hours = [
        AssignmentHours(a.planned_hours, [area_of_goal[g] for g in a.goal_ids], a.admission_office)
        for a in plan.assignments
    ]
    order = [area.id for area in plan.areas]

    def shares(with_office: bool) -> tuple[AllocationShare, ...]:
        allocation = allocate(hours, order, with_admission_office=with_office, decimals=decimals)
        return tuple(
            AllocationShare(
                None if key == ADMISSION_OFFICE else int(key),
                names[key],
                allocation.hours[key],
                allocation.percent[key],
            )
            for key in allocation.hours
            if allocation.hours[key] > 0
        )

    return StaffAllocation(year, shares(True), shares(False))


def plan_years(db: Database) -> list[int]:
    """Every year with a plan area, an assignment or a budget line, in order."""
    years: set[int] = set()
    for table in (p.plan_area, p.plan_assignment, p.budget_line):
        years.update(int(y) for y in db.execute(select(table.c.year).distinct()).scalars())
    return sorted(years)


def default_year(db: Database, today_year: int) -> int:
    """This year when it has a plan or budget, else the latest year that has one, else this
    year."""
    years = plan_years(db)
    return today_year if today_year in years or not years else years[-1]


MAXIMUM_ITEM_CHANGES: Final = 50


@dataclass(frozen=True, slots=True)
class ItemChange:
    """One event of the audit trail about an item of the plan: when, who, and the action
    (``add``, ``edit``, ``remove``)."""

    at: datetime
    actor: str
    action: str


def item_changes(db: Database, kind: PlanItemKind, item_id: int) -> list[ItemChange]:
    """The audit trail's events about one item of the plan, the latest first (the latest
    ``MAXIMUM_ITEM_CHANGES``), as the services record them (``plan_<kind>``, the item's id)."""
    e = pt.audit_event
    query = (
        select(e.c.at, e.c.actor, e.c.action)
        .where(e.c.entity == f"plan_{kind.value}", e.c.entity_key == str(item_id))
        .order_by(e.c.sequence.desc())
        .limit(MAXIMUM_ITEM_CHANGES)
    )
    return [ItemChange(row.at, row.actor, row.action) for row in db.execute(query)]
