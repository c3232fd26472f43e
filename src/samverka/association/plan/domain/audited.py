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
