"""The API: state grants (stimulansmedel): keyed out to the municipalities, and the follow-up of
their use.

* ``GET /association/grants`` (staff, board): every grant with its key and follow-up totals;
  ``POST`` (staff): create one.
* ``GET /association/grants/{grant_id}`` (staff, board): the allocation per municipality, the
  follow-up (allocated, used, unused, report status) and the reminders sent.
* ``POST /association/grants/{grant_id}/allocation`` (staff): key it out (``population``,
  ``age_band`` with ``age_from``, ``age_to`` and ``reference_date``, ``custom`` with
  ``weights``, or ``equal``); 409 once a municipality has reported use.
* ``POST /association/grants/{grant_id}/reminders`` (staff): a recorded reminder to one
  municipality, or to every one whose report is overdue (nothing is e-mailed).
* ``POST /association/grants/{grant_id}/unused-decisions`` (staff): a recorded decision on
  everything left unused after the follow-up: ``repay`` (to ``repaid_to``, on ``repaid_on``)
  or ``redistribute`` (to ``recipients``, by default those who used all of theirs, by
  ``key``: ``grant_key``, ``population`` or ``equal``), with its date, reference and who
  decided; 409 before the reports are due or when nothing is unused. The grant's follow-up
  shows what each decision took back and gave, and what is available after it.
* ``GET /municipality/grants`` (a municipality): its own allocations, reports and reminders;
  ``POST /municipality/grants/{grant_id}/uses``: report use of its own allocation.

The bodies are the models the pages' forms take too (``association.grants.http``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from samverka.association.grants.domain.grant_allocation import AllocationKeyKind
from samverka.association.grants.domain.grant_follow_up import (
    MunicipalFollowUp,
    ReportStatus,
    UseCategory,
)
from samverka.association.grants.domain.grant_unused import (
    Disposal,
    RedistributionKey,
)
from samverka.association.grants.http import (
    AllocationIn,
    GrantId,
    GrantIn,
    GrantsRead,
    GrantsWrite,
    OwnGrants,
    ReminderIn,
    UnusedDecisionIn,
    UseIn,
)
from samverka.association.grants.ports import GrantRow, StoredUnusedDecision
from samverka.association.grants.queries import (
    GrantSummary,
    grant_detail,
    grant_list,
    municipality_grants,
)
from samverka.association.grants.services.state_grant_unused import decide_unused_funds
from samverka.association.grants.services.state_grants import (
    allocate_grant,
    create_grant,
    report_use,
    send_reminders,
)
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.api.schemas import Moment
from samverka.platform.clock import today
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work

router = APIRouter(prefix=PREFIX, tags=["association"], responses=ERRORS)


class GrantOut(BaseModel):
    id: int
    name: str
    year: int
    description: str
    total: Decimal
    region_percent: Decimal
    set_aside_percent: Decimal
    report_due: date | None
    key: str | None = None
    municipalities_net: Decimal | None = None
    used: Decimal | None = None
    late_reports: int | None = None


class CreatedOut(BaseModel):
    id: int


class ShareOut(BaseModel):
    municipality_code: str
    municipality: str
    key_value: Decimal
    share: Decimal
    gross: Decimal
    set_aside: Decimal
    net: Decimal


class AllocationOut(BaseModel):
    key: AllocationKeyKind
    key_description: str
    region_gross: Decimal
    region_set_aside: Decimal
    municipalities_gross: Decimal
    set_aside_total: Decimal
    allocated_at: Moment
    shares: list[ShareOut]


class FollowUpOut(BaseModel):
    municipality_code: str
    allocated: Decimal
    returned: Decimal = Field(description="Taken back by decisions on unused funds.")
    received: Decimal = Field(description="Redistributed to it by such decisions.")
    available: Decimal
    used: Decimal
    unused: Decimal
    status: ReportStatus
    late: bool
    reminders: int


class ReminderOut(BaseModel):
    municipality_code: str
    message: str
    sent_at: Moment
    sent_by: str


class UseOut(BaseModel):
    municipality_code: str
    category: UseCategory
    purpose: str
    amount: Decimal
    period_start: date
    period_end: date
    comment: str
    reported_at: Moment


class UnusedLineOut(BaseModel):
    municipality_code: str
    returned: Decimal
    received: Decimal


class UnusedDecisionOut(BaseModel):
    id: int
    disposal: Disposal
    amount: Decimal
    decided_on: date
    reference: str
    decided_by: str
    repaid_to: str | None
    repaid_on: date | None
    key: RedistributionKey | None
    lines: list[UnusedLineOut]
    recorded_at: Moment
    recorded_by: str

    @classmethod
    def of(cls, stored: StoredUnusedDecision) -> UnusedDecisionOut:
        decision, repaid = stored.decision, stored.decision.disposal is Disposal.REPAY
        return cls(
            id=stored.id,
            disposal=decision.disposal,
            amount=stored.settlement.amount,
            decided_on=decision.decided_on,
            reference=decision.reference,
            decided_by=decision.decided_by,
            repaid_to=decision.repaid_to if repaid else None,
            repaid_on=decision.repaid_on,
            key=None if repaid else decision.key,
            lines=[
                UnusedLineOut(
                    municipality_code=x.municipality_code, returned=x.returned, received=x.received
                )
                for x in stored.settlement.lines
            ],
            recorded_at=stored.recorded_at,
            recorded_by=stored.recorded_by,
        )


class GrantDetailOut(BaseModel):
    grant: GrantOut
    allocation: AllocationOut | None
    follow_up: list[FollowUpOut]
    uses: list[UseOut]
    reminders: list[ReminderOut]
    unused_decisions: list[UnusedDecisionOut]


class RemindedOut(BaseModel):
    municipalities: list[str]


class MunicipalGrantOut(BaseModel):
    grant: GrantOut
    key: str
    key_value: Decimal
    gross: Decimal
    set_aside: Decimal
    net: Decimal
    follow_up: FollowUpOut
    uses: list[UseOut]
    reminders: list[ReminderOut]


def _grant_out(grant: GrantRow, summary: GrantSummary | None = None) -> GrantOut:
    return GrantOut(
        id=grant.id,
        name=grant.name,
        year=grant.year,
        description=grant.description,
        total=grant.terms.total,
        region_percent=grant.terms.region_percent,
        set_aside_percent=grant.terms.set_aside_percent,
        report_due=grant.report_due,
        key=None if summary is None else summary.key,
        municipalities_net=None if summary is None else summary.municipalities_net,
        used=None if summary is None else summary.used,
        late_reports=None if summary is None else summary.late,
    )


def _follow_out(row: MunicipalFollowUp) -> FollowUpOut:
    return FollowUpOut(
        municipality_code=row.municipality_code,
        allocated=row.allocated,
        returned=row.returned,
        received=row.received,
        available=row.available,
        used=row.used,
        unused=row.unused,
        status=row.status,
        late=row.late,
        reminders=row.reminders,
    )


@router.get("/association/grants")
def grants(request: Request, actor: GrantsRead) -> list[GrantOut]:
    with web_context(request).reads() as session:
        found = grant_list(session, actor, today())
    return [_grant_out(g.grant, g) for g in found]


@router.post("/association/grants", status_code=201)
def create(request: Request, actor: GrantsWrite, body: GrantIn) -> CreatedOut:
    grant_id = create_grant(
        unit_of_work(request),
        actor=actor,
        name=body.name,
        year=body.year,
        terms=body.terms(),
        report_due=body.report_due,
        description=body.description,
        now=now(),
    )
    return CreatedOut(id=grant_id)


@router.get("/association/grants/{grant_id}")
def grant(request: Request, actor: GrantsRead, grant_id: GrantId) -> GrantDetailOut:
    with web_context(request).reads() as session:
        found = grant_detail(session, actor, grant_id, today())
    allocation = None
    if found.stored is not None:
        a = found.stored.allocation
        allocation = AllocationOut(
            key=found.stored.key.kind,
            key_description=found.stored.key.description,
            region_gross=a.region_gross,
            region_set_aside=a.region_set_aside,
            municipalities_gross=a.municipalities_gross,
            set_aside_total=a.set_aside_total,
            allocated_at=found.stored.allocated_at,
            shares=[
                ShareOut(
                    municipality_code=x.municipality_code,
                    municipality=found.names.get(x.municipality_code, ""),
                    key_value=x.key_value,
                    share=x.share,
                    gross=x.gross,
                    set_aside=x.set_aside,
                    net=x.net,
                )
                for x in a.lines
            ],
        )
    return GrantDetailOut(
        grant=_grant_out(found.grant),
        allocation=allocation,
        follow_up=[_follow_out(row) for row in found.follow_up],
        uses=[UseOut.model_validate(u, from_attributes=True) for u in found.uses],
        reminders=[ReminderOut.model_validate(r, from_attributes=True) for r in found.reminders],
        unused_decisions=[UnusedDecisionOut.of(d) for d in found.unused_decisions],
    )


@router.post("/association/grants/{grant_id}/allocation", status_code=204)
def allocate(request: Request, actor: GrantsWrite, grant_id: GrantId, body: AllocationIn) -> None:
    key = body.key_request()
    allocate_grant(unit_of_work(request), actor=actor, grant_id=grant_id, key=key, now=now())


@router.post("/association/grants/{grant_id}/unused-decisions", status_code=201)
def decide_unused(
    request: Request, actor: GrantsWrite, grant_id: GrantId, body: UnusedDecisionIn
) -> CreatedOut:
    result = decide_unused_funds(
        unit_of_work(request), actor=actor, grant_id=grant_id, decision=body.decision(), now=now()
    )
    return CreatedOut(id=result.decision_id)


@router.post("/association/grants/{grant_id}/reminders", status_code=201)
def remind(
    request: Request, actor: GrantsWrite, grant_id: GrantId, body: ReminderIn
) -> RemindedOut:
    reminded = send_reminders(
        unit_of_work(request),
        actor=actor,
        grant_id=grant_id,
        municipality_code=body.municipality_code,
        message=body.message,
        now=now(),
    )
    return RemindedOut(municipalities=reminded)


@router.get("/municipality/grants")
def own_grants(request: Request, actor: OwnGrants) -> list[MunicipalGrantOut]:
    with web_context(request).reads() as session:
        found = municipality_grants(session, actor, today())
    return [
        MunicipalGrantOut(
            grant=_grant_out(g.grant),
            key=g.key,
            key_value=g.line.key_value,
            gross=g.line.gross,
            set_aside=g.line.set_aside,
            net=g.line.net,
            follow_up=_follow_out(g.follow_up),
            uses=[UseOut.model_validate(u, from_attributes=True) for u in g.uses],
            reminders=[ReminderOut.model_validate(r, from_attributes=True) for r in g.reminders],
        )
        for g in found
    ]


@router.post("/municipality/grants/{grant_id}/uses", status_code=201)
def add_use(request: Request, actor: OwnGrants, grant_id: GrantId, body: UseIn) -> CreatedOut:
    use_id = report_use(
        unit_of_work(request), actor=actor, grant_id=grant_id, use=body.request(), now=now()
    )
    return CreatedOut(id=use_id)
