"""The API of the money's terms under ``/api/v1/compensation`` (issue 13, points 3–7):

* ``GET|POST /compensation/additional-grants`` and ``POST …/{decision_id}/end``: a
  municipality's tilläggsbelopp decisions (the municipality its own; the officer names one with
  ``municipality``). A protected pupil's identity number is null but for the officer.
* ``GET /compensation/price-proposals/{year}`` (officer, municipalities, the association's
  staff and board): the proposal, every member's decision and who has not decided;
  ``POST /compensation/price-proposals`` (the association's staff, the officer): the proposal;
  ``PUT /compensation/price-proposals/{year}/decision`` (a municipality for itself; the officer
  with ``municipality``): its decision.
* ``GET|PUT /compensation/year-settings/{year}``: the independent organisers' administration
  and VAT shares of the year (read: officer, municipalities, analyst; set: officer).
* ``GET|POST /compensation/clearing``: the members' clearing decisions (bilateral netting
  without one; read: officer, municipalities, analyst; record: officer).
* ``GET|PUT /compensation/payees`` (officer): payees with their payment details, and the
  school units of an organiser outside the area.
* ``GET /compensation/invoices?month=`` (officer): what the region's organisers invoice each
  municipality outside the area; no pupil named.

Amounts and percentages are decimal strings; bad input is 422 naming the field, and nothing is
stored. Every change is audited.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParameter
from pydantic import BaseModel

from samverka.compensation.domain.organiser_shares import OrganiserShares
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import PriceRounding
from samverka.compensation.http import (
    MONTH_PATTERN,
    ClearingIn,
    CompensationManage,
    CompensationRead,
    DecisionIn,
    GrantEndIn,
    GrantIn,
    OwnMunicipality,
    PayeeIn,
    PriceProposalRead,
    PriceProposalWrite,
    ProposalIn,
    SharesIn,
)
from samverka.compensation.ports import Payee
from samverka.compensation.queries.compensation_terms_view import (
    additional_grants,
    clearing_decisions,
    invoice_totals,
    payees,
    proposal_overview,
    year_terms,
)
from samverka.compensation.services.additional_grants import (
    end_additional_grant,
    record_additional_grants,
)
from samverka.compensation.services.compensation_terms import (
    record_clearing_decision,
    register_payee,
    set_year_shares,
)
from samverka.compensation.services.price_proposals import propose_prices, record_price_decision
from samverka.errors import N_, NotFound
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import Now, Work

router = APIRouter(prefix=f"{PREFIX}/compensation", tags=["compensation"], responses=ERRORS)
YearPath = Annotated[int, PathParameter(ge=2000, le=2100)]


# -- tilläggsbelopp --------------------------------------------------------------------------
class GrantOut(BaseModel):
    id: int
    personal_id: str | None  # null when protected (but for the officer)
    municipality_code: str
    kind: str
    amount: Decimal
    per: str
    first: str
    last: str | None
    decided_on: date
    reference: str


@router.get("/additional-grants", summary="The municipality's tilläggsbelopp decisions")
def list_grants(request: Request, actor: OwnMunicipality) -> list[GrantOut]:
    code = actor.municipality_code or ""
    with web_context(request).reads() as session:
        rows = additional_grants(session, actor, code)
    return [
        GrantOut(
            id=row.decision.grant.decision_id,
            personal_id=row.personal_id,
            municipality_code=row.decision.grant.municipality,
            kind=row.decision.grant.kind.value,
            amount=row.decision.grant.amount,
            per=row.decision.grant.per.value,
            first=str(row.decision.grant.first),
            last=None if row.decision.grant.last is None else str(row.decision.grant.last),
            decided_on=row.decision.decided_on,
            reference=row.decision.reference,
        )
        for row in rows
    ]


@router.post("/additional-grants", status_code=201, summary="Record a tilläggsbelopp decision")
def add_grant(actor: OwnMunicipality, uow: Work, now: Now, body: GrantIn) -> dict[str, int]:
    request = body.request(actor.municipality_code or "")
    (decision_id,) = record_additional_grants(uow, actor=actor, requests=[request], now=now)
    return {"id": decision_id}


@router.post("/additional-grants/{decision_id}/end", summary="End a tilläggsbelopp decision")
def end_grant(
    actor: OwnMunicipality,
    uow: Work,
    now: Now,
    decision_id: Annotated[int, PathParameter(ge=1, le=2**31 - 1)],
    body: GrantEndIn,
) -> dict[str, str]:
    ended = end_additional_grant(
        uow, actor=actor, decision_id=decision_id, last=Month.parse(body.last), now=now
    )
    return {"last": str(ended.grant.last)}


# -- price proposals -------------------------------------------------------------------------
class DecisionOut(BaseModel):
    municipality_code: str
    outcome: str | None  # null: not decided
    decided_on: date | None
    reference: str | None
    late: bool


class ProposalOut(BaseModel):
    year: int
    from_year: int
    percent: Decimal
    level_percent: dict[int, Decimal]
    proposed_on: date
    reference: str
    deadline: date
    decisions: list[DecisionOut]
    undecided: list[str]


@router.get("/price-proposals/{year}", summary="A year's price proposal and the decisions")
def proposal(request: Request, actor: PriceProposalRead, year: YearPath) -> ProposalOut:
    with web_context(request).reads() as session:
        overview = proposal_overview(session, actor, year)
    found = overview.proposal
    if found is None:
        raise NotFound(N_("Det finns inget prisförslag för %(year)s."), year=year)
    return ProposalOut(
        year=found.year,
        from_year=found.from_year,
        percent=found.percent,
        level_percent=dict(found.level_percent),
        proposed_on=found.proposed_on,
        reference=found.reference,
        deadline=found.deadline,
        decisions=[
            DecisionOut(
                municipality_code=status.municipality,
                outcome=None if status.decision is None else status.decision.outcome.value,
                decided_on=None if status.decision is None else status.decision.decided_on,
                reference=None if status.decision is None else status.decision.reference,
                late=status.decision is not None and status.decision.late,
            )
            for status in overview.statuses
        ],
        undecided=list(overview.undecided),
    )


@router.post("/price-proposals", status_code=201, summary="Propose a year's price list")
def make_proposal(
    actor: PriceProposalWrite, uow: Work, now: Now, body: ProposalIn
) -> dict[str, object]:
    made = propose_prices(
        uow,
        actor=actor,
        year=body.year,
        percent=body.percent,
        level_percent=body.level_percent,
        rounding=PriceRounding(),
        proposed_on=body.proposed_on,
        reference=body.reference,
        now=now,
    )
    return {"year": made.year, "deadline": made.deadline.isoformat()}


@router.put("/price-proposals/{year}/decision", summary="Record the municipality's decision")
def record_decision(
    actor: OwnMunicipality, uow: Work, now: Now, year: YearPath, body: DecisionIn
) -> DecisionOut:
    decision = body.decision(year, actor.municipality_code or "")
    record_price_decision(uow, actor=actor, decision=decision, now=now)
    return DecisionOut(
        municipality_code=decision.municipality,
        outcome=decision.outcome.value,
        decided_on=decision.decided_on,
        reference=decision.reference,
        late=decision.late,
    )


# -- the year's shares, clearing, payees, invoices --------------------------------------------
class SharesOut(BaseModel):
    year: int
    administration: Decimal
    vat: Decimal
    included: bool
    decided_on: date | None
    reference: str
    decided: bool  # False: no decision stored, the defaults apply


@router.get("/year-settings/{year}", summary="The organiser shares of a year")
def shares(request: Request, actor: CompensationRead, year: YearPath) -> SharesOut:
    with web_context(request).reads() as session:
        terms = year_terms(session, actor, year)
    return _shares_out(terms.shares, terms.stored)


@router.put("/year-settings/{year}", summary="Set the organiser shares of a year")
def set_shares(
    actor: CompensationManage, uow: Work, now: Now, year: YearPath, body: SharesIn
) -> SharesOut:
    chosen = body.shares(year)
    set_year_shares(uow, actor=actor, shares=chosen, now=now)
    return _shares_out(chosen, True)


def _shares_out(found: OrganiserShares, stored: bool) -> SharesOut:
    return SharesOut(
        year=found.year,
        administration=found.administration,
        vat=found.vat,
        included=found.included,
        decided_on=found.decided_on,
        reference=found.reference,
        decided=stored,
    )


@router.get("/clearing", summary="The members' clearing decisions")
def clearing(request: Request, actor: CompensationRead) -> list[ClearingIn]:
    with web_context(request).reads() as session:
        found = clearing_decisions(session, actor)
    return [ClearingIn.of(d) for d in found]


@router.post("/clearing", status_code=201, summary="Record the members' clearing decision")
def record_clearing(
    actor: CompensationManage, uow: Work, now: Now, body: ClearingIn
) -> dict[str, int]:
    decision = body.decision()
    return {"id": record_clearing_decision(uow, actor=actor, decision=decision, now=now)}


class PayeeOut(BaseModel):
    kind: str
    code: str
    name: str
    organisation_number: str | None
    bankgiro: str | None
    plusgiro: str | None
    outside_area: bool


@router.get("/payees", summary="The payees and their payment details")
def list_payees(request: Request, actor: CompensationManage) -> list[PayeeOut]:
    with web_context(request).reads() as session:
        found = payees(session, actor)
    return [_payee_out(p) for p in found]


@router.put("/payees", summary="Record a payee (and its school units outside the area)")
def put_payee(actor: CompensationManage, uow: Work, now: Now, body: PayeeIn) -> PayeeOut:
    record, units = body.payee(), body.units()
    register_payee(uow, actor=actor, payee=record, now=now, school_units=units)
    return _payee_out(record)


def _payee_out(payee: Payee) -> PayeeOut:
    return PayeeOut(
        kind=payee.organiser.kind.value,
        code=payee.organiser.code,
        name=payee.name,
        organisation_number=payee.organisation_number,
        bankgiro=payee.bankgiro,
        plusgiro=payee.plusgiro,
        outside_area=payee.outside_area,
    )


class InvoiceOut(BaseModel):
    municipality_code: str
    name: str
    pupil_months: int
    total: Decimal


@router.get("/invoices", summary="What the region's organisers invoice other counties")
def invoices(
    request: Request, actor: CompensationManage, month: Annotated[str, Query(pattern=MONTH_PATTERN)]
) -> list[InvoiceOut]:
    with web_context(request).reads() as session:
        totals = invoice_totals(session, actor, Month.parse(month))
    return [
        InvoiceOut(
            municipality_code=t.municipality,
            name=t.name,
            pupil_months=t.pupil_months,
            total=t.total,
        )
        for t in totals
    ]
