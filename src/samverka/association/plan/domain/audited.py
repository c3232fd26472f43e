"""What the audit events of the operations plan and budget keep of a change that no single
domain object says whole: small summaries, each a frozen dataclass whose audited form
(``samverka.platform.domain.audit_snapshot``) is the event's before or after.

Source: issue 11, point 9 (every change in the audit trail, before and after); the operations
plan and budget (``association.plan.domain.operations_plan``, ``budget``);
``docs/security.md``, "Audit trail"; ``docs/association.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from samverka.association.plan.domain.budget import FigureKind, LineType
from samverka.association.plan.domain.operations_plan import AreaKind, TrafficLight


@dataclass(frozen=True, slots=True)
class PlanArea:
    """A focus area or prerequisite of a year's plan."""

    id: int
    year: int
    kind: AreaKind
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class PlanGoal:
    """A goal of an area."""

    id: int
    area_id: int
    text: str


@dataclass(frozen=True, slots=True)
class PlanAssignment:
    """An assignment of a year's plan: its responsible unit, planned hours and the goals it
    serves."""

    id: int
    year: int
    name: str
    unit_id: int
    planned_hours: Decimal
    goal_ids: tuple[int, ...]


class PlanItemKind(StrEnum):
    """The items of a year's plan that the staff edit and remove (issue 15 point 10)."""

    AREA = "area"
    GOAL = "goal"
    ASSIGNMENT = "assignment"
    ACTIVITY = "activity"


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One item of a year's plan as it is edited and removed: its name (a goal's text), the
    description of an area or assignment and the planned hours of an assignment or activity
    (``None`` where the kind has none), and what it belongs to (a goal: its area; an activity:
    its assignment)."""

    kind: PlanItemKind
    id: int
    year: int
    name: str
    description: str | None = None
    planned_hours: Decimal | None = None
    parent_id: int | None = None


@dataclass(frozen=True, slots=True)
class Dependent:
    """Something that depends on a plan item, so that the item cannot be removed: a goal of an
    area, an assignment serving a goal, an activity or a follow-up of an assignment."""

    kind: str  # "goal", "assignment", "activity" or "follow_up"
    name: str


@dataclass(frozen=True, slots=True)
class AssignmentFollowUp:
    """A follow-up of an assignment for a period: its traffic light and comment."""

    assignment_id: int
    period: str
    light: TrafficLight
    comment: str


@dataclass(frozen=True, slots=True)
class BudgetLine:
    """One budget line: a unit's amount of one line type, budget or outcome, in a year."""

    unit_id: int
    year: int
    kind: FigureKind
    line_type: LineType
    amount: Decimal
