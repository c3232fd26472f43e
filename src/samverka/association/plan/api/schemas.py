"""The shapes of what the operations plan and budget API (``association.plan.api.operations_plan``)
gives out (``…Out``); what goes in is the use cases' models, shared with the pages
(``association.plan.http``). Hours and amounts are decimals (amounts in tkr)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel

from samverka.association.plan.domain.budget import FigureKind, Financing, LineType
from samverka.association.plan.domain.operations_plan import AreaKind, TrafficLight
from samverka.association.plan.queries.operations_plan import (
    AssignmentView,
    BudgetColumn,
    StaffAllocation,
)
from samverka.platform.api.schemas import Moment


class ActivityOut(BaseModel):
    id: int
    name: str
    planned_hours: Decimal
    reported_hours: Decimal


class FollowUpOut(BaseModel):
    id: int
    period: str
    light: TrafficLight
    comment: str
    recorded_at: Moment
    recorded_by: str


class AssignmentOut(BaseModel):
    id: int
    year: int
    name: str
    description: str
    unit_id: int
    unit_name: str
    admission_office: bool
    planned_hours: Decimal
    reported_hours: Decimal
    goal_ids: list[int]
    light: TrafficLight | None
    latest_comment: str | None
    activities: list[ActivityOut]
    follow_ups: list[FollowUpOut]

    @classmethod
    def of(cls, a: AssignmentView) -> AssignmentOut:
        return cls(
            id=a.id,
            year=a.year,
            name=a.name,
            description=a.description,
            unit_id=a.unit_id,
            unit_name=a.unit_name,
            admission_office=a.admission_office,
            planned_hours=a.planned_hours,
            reported_hours=a.reported_hours,
            goal_ids=list(a.goal_ids),
            light=a.light,
            latest_comment=None if a.latest is None else a.latest.comment,
            activities=[ActivityOut.model_validate(x, from_attributes=True) for x in a.activities],
            follow_ups=[FollowUpOut.model_validate(x, from_attributes=True) for x in a.follow_ups],
        )


class GoalOut(BaseModel):
    id: int
    text: str
    assignment_ids: list[int]


class AreaOut(BaseModel):
    id: int
    kind: AreaKind
    name: str
    description: str
    planned_hours: Decimal
    goals: list[GoalOut]
    assignment_ids: list[int]


class PlanOut(BaseModel):
    year: int
    planned_hours: Decimal
    reported_hours: Decimal
    areas: list[AreaOut]
    assignments: list[AssignmentOut]


class ColumnOut(BaseModel):
    year: int
    kind: FigureKind | None
    lines: dict[LineType, Decimal]
    net_cost: Decimal

    @classmethod
    def of(cls, column: BudgetColumn) -> ColumnOut:
        lines = {t: column[t] for t in LineType}
        return cls(year=column.year, kind=column.kind, lines=lines, net_cost=column.net_cost)


class UnitBudgetOut(BaseModel):
    id: int
    name: str
    financing: Financing
    admission_office: bool
    columns: list[ColumnOut]


class TotalOut(BaseModel):
    financing: Financing | None
    columns: list[ColumnOut]


class BudgetOut(BaseModel):
    year: int
    unit_of_amounts: str = "tkr"
    years: list[int]
    units: list[UnitBudgetOut]
    subtotals: list[TotalOut]
    total: TotalOut


class ShareOut(BaseModel):
    area_id: int | None
    name: str
    hours: Decimal
    percent: Decimal


class AllocationOut(BaseModel):
    year: int
    with_admission_office: list[ShareOut]
    without_admission_office: list[ShareOut]

    @classmethod
    def of(cls, found: StaffAllocation) -> AllocationOut:
        def shares(items: tuple[object, ...]) -> list[ShareOut]:
            return [ShareOut.model_validate(s, from_attributes=True) for s in items]

        return cls(
            year=found.year,
            with_admission_office=shares(found.with_admission_office),
            without_admission_office=shares(found.without_admission_office),
        )


class CreatedOut(BaseModel):
    id: int


class ImportOut(BaseModel):
    lines: int
    added: int
    changed: int
    unchanged: int
    years: list[int]
