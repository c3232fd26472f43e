"""The shapes of the operations plan and budget API (``association.plan.api.operations_plan``):
what goes in (``…In``, checked at the edge) and what comes out (``…Out``). Hours and amounts
are decimals (amounts in tkr)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from samverka.association.plan.domain.budget import FigureKind, Financing, LineType
from samverka.association.plan.domain.operations_plan import AreaKind, TrafficLight
from samverka.association.plan.queries.operations_plan import (
    AssignmentView,
    BudgetColumn,
    StaffAllocation,
)
from samverka.platform.api.schemas import Moment

MAX_ID = 2_147_483_647
Hours = Annotated[Decimal, Field(ge=0, le=100_000, decimal_places=1)]
BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]


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


class AreaIn(BaseModel):
    kind: AreaKind
    name: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=4000)


class GoalIn(BaseModel):
    text: str = Field(min_length=1, max_length=2000)


class AssignmentIn(BaseModel):
    name: str = Field(min_length=1, max_length=160)
    description: str = Field(default="", max_length=4000)
    unit_id: BodyId
    planned_hours: Hours
    goal_ids: list[BodyId] = Field(min_length=1, max_length=50)


class ActivityIn(BaseModel):
    name: str = Field(min_length=1, max_length=2000)
    planned_hours: Hours
    reported_hours: Hours = Decimal(0)


class ReportedHoursIn(BaseModel):
    reported_hours: Hours


class FollowUpIn(BaseModel):
    period: str = Field(min_length=1, max_length=4, description="T1, T2, T3, H1, H2 or Å")
    light: TrafficLight
    comment: str = Field(min_length=1, max_length=4000)


class UnitIn(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    financing: Financing
    admission_office: bool = False


class ImportOut(BaseModel):
    lines: int
    added: int
    changed: int
    unchanged: int
    years: list[int]
