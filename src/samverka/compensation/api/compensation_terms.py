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

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParameter
from pydantic import BaseModel, Field

from samverka.compensation.domain.additional_grant import AdditionalKind, AmountPeriod
from samverka.compensation.domain.net_settlement import ClearingDecision, SettlementMode
from samverka.compensation.domain.organiser import Organiser, OrganiserKind
from samverka.compensation.domain.organiser_shares import MAXIMUM_PERCENT, OrganiserShares
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import PriceRounding
from samverka.compensation.domain.price_proposal import DecisionOutcome, PriceDecision
from samverka.compensation.http import MONTH_PATTERN
from samverka.compensation.ports import OutsideSchoolUnit, Payee
from samverka.compensation.queries.compensation_terms_view import (
    additional_grants,
    clearing_decisions,
    invoice_totals,
    payees,
    proposal_overview,
    year_terms,
)
from samverka.compensation.services.additional_grants import (
    GrantRequest,
    end_additional_grant,
    record_additional_grants,
)
from samverka.compensation.services.compensation_terms import (
    record_clearing_decision,
    register_payee,
    set_year_shares,
)
from samverka.compensation.services.price_proposals import propose_prices, record_price_decision
from samverka.errors import NotFound
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.web.auth import require
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import Now, Work
from samverka.register.api.municipality import municipality_workplace

router = APIRouter(prefix=f"{PREFIX}/compensation", tags=["compensation"], responses=ERRORS)
Official = Annotated[Actor, Depends(municipality_workplace)]
Officer = Annotated[Actor, Depends(require(Role.OFFICER))]
TermsReader = Annotated[Actor, Depends(require(Role.OFFICER, Role.MUNICIPALITY, Role.ANALYST))]
ProposalReader = Annotated[
    Actor,
    Depends(require(Role.OFFICER, Role.MUNICIPALITY, Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER)),
]
Proposer = Annotated[Actor, Depends(require(Role.OFFICER, Role.ASSOCIATION_STAFF))]
YearPath = Annotated[int, PathParameter(ge=2000, le=2100)]
MonthText = Annotated[str, Field(pattern=MONTH_PATTERN, description="YYYY-MM")]
Amount = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)]
Percent = Annotated[Decimal, Field(ge=0, le=MAXIMUM_PERCENT, max_digits=6, decimal_places=2)]
Reference = Annotated[str, Field(min_length=1, max_length=100, description="Diarienummer.")]


# -- tilläggsbelopp --------------------------------------------------------------------------
class GrantIn(BaseModel):
    personal_id: str = Field(min_length=10, max_length=13, description="The pupil's number.")
    kind: AdditionalKind
    amount: Amount
    per: AmountPeriod
    first: MonthText
    last: MonthText | None = None
    decided_on: date
    reference: Reference


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


class EndIn(BaseModel):
    last: MonthText


@router.get("/additional-grants", summary="The municipality's tilläggsbelopp decisions")
def list_grants(request: Request, actor: Official) -> list[GrantOut]:
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
def add_grant(actor: Official, uow: Work, now: Now, body: GrantIn) -> dict[str, int]:
    request = GrantRequest(
        personal_id=body.personal_id,
        municipality=actor.municipality_code or "",
        kind=body.kind.value,
        amount=body.amount,
        per=body.per.value,
        first=Month.parse(body.first),
        last=None if body.last is None else Month.parse(body.last),
        decided_on=body.decided_on,
        reference=body.reference,
    )
    (decision_id,) = record_additional_grants(uow, actor=actor, requests=[request], now=now)
    return {"id": decision_id}


@router.post("/additional-grants/{decision_id}/end", summary="End a tilläggsbelopp decision")
def end_grant(
    actor: Official,
    uow: Work,
    now: Now,
    decision_id: Annotated[int, PathParameter(ge=1, le=2**31 - 1)],
    body: EndIn,
) -> dict[str, str]:
    ended = end_additional_grant(
        uow, actor=actor, decision_id=decision_id, last=Month.parse(body.last), now=now
    )
    return {"last": str(ended.grant.last)}


# -- price proposals -------------------------------------------------------------------------
class ProposalIn(BaseModel):
    year: int = Field(ge=2001, le=2100)
    percent: Annotated[Decimal, Field(gt=-100, le=100, max_digits=6, decimal_places=2)]
    level_percent: dict[int, Annotated[Decimal, Field(gt=-100, le=100)]] = Field(
        default_factory=dict, description="A supplement tier's own uplift, by level."
    )
    proposed_on: date
    reference: Reference


class DecisionIn(BaseModel):
    outcome: DecisionOutcome
    decided_on: date
    reference: Reference


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
def proposal(request: Request, actor: ProposalReader, year: YearPath) -> ProposalOut:
    with web_context(request).reads() as session:
        overview = proposal_overview(session, actor, year)
    found = overview.proposal
    if found is None:
        raise NotFound(f"there is no price proposal for {year}")
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
def make_proposal(actor: Proposer, uow: Work, now: Now, body: ProposalIn) -> dict[str, object]:
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
    actor: Official, uow: Work, now: Now, year: YearPath, body: DecisionIn
) -> DecisionOut:
    decision = PriceDecision(
        year, actor.municipality_code or "", body.outcome, body.decided_on, body.reference
    )
    record_price_decision(uow, actor=actor, decision=decision, now=now)
    return DecisionOut(
        municipality_code=decision.municipality,
        outcome=decision.outcome.value,
        decided_on=decision.decided_on,
        reference=decision.reference,
        late=decision.late,
    )


# -- the year's shares, clearing, payees, invoices --------------------------------------------
class SharesIn(BaseModel):
    administration: Percent
    vat: Percent
    included: bool = False
    decided_on: date
    reference: Reference


class SharesOut(BaseModel):
    year: int
    administration: Decimal
    vat: Decimal
    included: bool
    decided_on: date | None
    reference: str
    decided: bool  # False: no decision stored, the defaults apply


@router.get("/year-settings/{year}", summary="The organiser shares of a year")
def shares(request: Request, actor: TermsReader, year: YearPath) -> SharesOut:
    with web_context(request).reads() as session:
        terms = year_terms(session, actor, year)
    return _shares_out(terms.shares, terms.stored)


@router.put("/year-settings/{year}", summary="Set the organiser shares of a year")
def set_shares(actor: Officer, uow: Work, now: Now, year: YearPath, body: SharesIn) -> SharesOut:
    chosen = OrganiserShares(
        year, body.administration, body.vat, body.included, body.decided_on, body.reference
    )
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


class ClearingIn(BaseModel):
    mode: SettlementMode
    from_month: MonthText
    decided_on: date
    reference: Reference


@router.get("/clearing", summary="The members' clearing decisions")
def clearing(request: Request, actor: TermsReader) -> list[ClearingIn]:
    with web_context(request).reads() as session:
        found = clearing_decisions(session, actor)
    return [
        ClearingIn(
            mode=d.mode,
            from_month=str(d.from_month),
            decided_on=d.decided_on,
            reference=d.reference,
        )
        for d in found
    ]


@router.post("/clearing", status_code=201, summary="Record the members' clearing decision")
def record_clearing(actor: Officer, uow: Work, now: Now, body: ClearingIn) -> dict[str, int]:
    decision = ClearingDecision(
        body.mode, Month.parse(body.from_month), body.decided_on, body.reference
    )
    return {"id": record_clearing_decision(uow, actor=actor, decision=decision, now=now)}


class SchoolUnitIn(BaseModel):
    code: str = Field(pattern=r"^\d{8}$")
    name: str = Field(min_length=1, max_length=200)
    municipality_code: str = Field(pattern=r"^\d{4}$")
    municipality_name: str = Field(min_length=1, max_length=80)


class PayeeIn(BaseModel):
    kind: OrganiserKind
    code: str = Field(min_length=1, max_length=20, description="As on the lines.")
    name: str = Field(min_length=1, max_length=200)
    organisation_number: str | None = Field(default=None, max_length=11)
    bankgiro: str | None = Field(default=None, max_length=9)
    plusgiro: str | None = Field(default=None, max_length=11)
    outside_area: bool = False
    school_units: list[SchoolUnitIn] = Field(default_factory=list, max_length=100)


class PayeeOut(BaseModel):
    kind: str
    code: str
    name: str
    organisation_number: str | None
    bankgiro: str | None
    plusgiro: str | None
    outside_area: bool


@router.get("/payees", summary="The payees and their payment details")
def list_payees(request: Request, actor: Officer) -> list[PayeeOut]:
    with web_context(request).reads() as session:
        found = payees(session, actor)
    return [_payee_out(p) for p in found]


@router.put("/payees", summary="Record a payee (and its school units outside the area)")
def put_payee(actor: Officer, uow: Work, now: Now, body: PayeeIn) -> PayeeOut:
    record = Payee(
        Organiser(body.kind, body.code),
        body.name,
        body.organisation_number,
        body.bankgiro,
        body.plusgiro,
        body.outside_area,
    )
    units = [
        OutsideSchoolUnit(u.code, u.name, u.municipality_code, u.municipality_name)
        for u in body.school_units
    ]
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
    request: Request, actor: Officer, month: Annotated[str, Query(pattern=MONTH_PATTERN)]
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
