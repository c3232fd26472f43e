"""The API: member fees: the service fee (per mille of the members' tax and grant revenue) and the
admission service fee per young person, with invoices.

* ``GET /association/fees``: the fee years with the decisions in force (staff, board).
* ``GET /association/fees/{year}``: one year per municipality, its decisions and invoices.
* ``POST /association/fees/{year}/service-fee`` and ``…/admission-fee`` (staff): decide (fastställ)
  the year's fee; a year already decided needs a ``reason`` (409 without one), and the earlier
  decision is kept as history. The admission fee charges the admission office's
  ``budgeted_cost`` and its ``other_charges`` (the youth register UEDB, the admission system's
  share, the recovery of an earlier year's costs), each its own line on every invoice, per young
  person counted by ``count_basis`` (``cohort``: born in the reference date's year minus the fee
  age, the default; ``exact_age``: that age on the reference date).
* ``GET /association/revenue-bases/{base_year}``, ``PUT …/{base_year}/{municipality_code}``: the
  members' tax and grant revenue of a base year; set one (staff).
* ``GET /municipality/fees``: a municipality account's own fees and invoices.

Amounts are decimal strings in SEK; a refused request changes nothing. The bodies are the
models the pages' forms take too (``association.fees.http``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field

from samverka.association.fees.domain.admission_fee import ChargeKind, CountBasis
from samverka.association.fees.domain.fee_invoices import FeeKind
from samverka.association.fees.http import (
    AdmissionFeeIn,
    FeesRead,
    FeesWrite,
    OwnFees,
    RevenueIn,
    ServiceFeeIn,
)
from samverka.association.fees.queries import fees as fees
from samverka.association.fees.queries.invoices import InvoiceView
from samverka.association.fees.services import (
    DecisionResult,
    decide_admission_fee,
    decide_service_fee,
    set_revenue_base,
)
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.api.schemas import Moment
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work

router = APIRouter(prefix=PREFIX, tags=["association"], responses=ERRORS)
Year = Annotated[int, Path(ge=2000, le=2100, description="The fee year.")]
BaseYear = Annotated[int, Path(ge=2000, le=2100, description="The revenue's base year.")]
Code = Annotated[str, Path(pattern=r"^\d{4}$", description="A municipality code, e.g. 0180.")]


class ChargeOut(BaseModel):
    kind: ChargeKind
    text: str
    cost: Decimal


class DecisionOut(BaseModel):
    kind: FeeKind
    version: int
    decided_on: date
    decided_by: str
    reason: str
    recorded_at: Moment
    superseded: bool
    instalments: int
    total: Decimal
    rate_per_mille: Decimal | None
    cap_per_mille: Decimal | None
    base_year: int | None
    budgeted_cost: Decimal | None
    fee_age: int | None
    reference_date: date | None
    price_per_young_person: Decimal | None
    young_people: int | None
    count_basis: CountBasis | None = None
    charges: list[ChargeOut] = []

    @classmethod
    def of(cls, decision: fees.Decision) -> DecisionOut:
        return cls.model_validate(decision, from_attributes=True)


class FeeYearSummaryOut(BaseModel):
    fee_year: int
    service: DecisionOut | None
    admission: DecisionOut | None
    total: Decimal


class FeeRowOut(BaseModel):
    municipality_code: str
    name: str
    revenue: Decimal | None
    service_fee: Decimal
    young_people: int | None
    admission_fee: Decimal
    total: Decimal
    member: bool


class InstalmentOut(BaseModel):
    number: int
    due_on: date
    amount: Decimal


class InvoiceLineOut(BaseModel):
    number: int
    kind: str = Field(description="service, or the admission fee's charge kind")
    text: str
    amount: Decimal


class InvoiceOut(BaseModel):
    invoice_number: str
    kind: FeeKind
    fee_year: int
    municipality_code: str
    issued_on: date
    amount: Decimal
    instalments: list[InstalmentOut]
    lines: list[InvoiceLineOut]

    @classmethod
    def of(cls, invoice: InvoiceView) -> InvoiceOut:
        return cls(
            invoice_number=invoice.invoice_number,
            kind=invoice.kind,
            fee_year=invoice.fee_year,
            municipality_code=invoice.municipality_code,
            issued_on=invoice.issued_on,
            amount=invoice.amount,
            instalments=[
                InstalmentOut(number=p.number, due_on=p.due_on, amount=p.amount)
                for p in invoice.instalments
            ],
            lines=[
                InvoiceLineOut(number=x.number, kind=x.kind, text=x.text, amount=x.amount)
                for x in invoice.lines
            ]
            or [InvoiceLineOut(number=1, kind=invoice.kind.value, text="", amount=invoice.amount)],
        )


class FeeYearOut(BaseModel):
    fee_year: int
    service: DecisionOut | None
    admission: DecisionOut | None
    service_total: Decimal
    admission_total: Decimal
    total: Decimal
    municipalities: list[FeeRowOut]
    history: list[DecisionOut]
    invoices: list[InvoiceOut]


class DecisionResultOut(BaseModel):
    kind: FeeKind
    fee_year: int
    version: int
    municipalities: int
    total: Decimal
    invoices: int
    price_per_young_person: Decimal | None
    young_people: int | None

    @classmethod
    def of(cls, result: DecisionResult) -> DecisionResultOut:
        return cls.model_validate(result, from_attributes=True)


class RevenueOut(BaseModel):
    municipality_code: str
    name: str
    revenue: Decimal | None


class OwnFeeYearOut(BaseModel):
    fee_year: int
    rate_per_mille: Decimal | None
    base_year: int | None
    revenue: Decimal | None
    service_fee: Decimal
    fee_age: int | None
    reference_date: date | None
    young_people: int | None
    price_per_young_person: Decimal | None
    admission_fee: Decimal
    total: Decimal
    invoices: list[InvoiceOut]


def _optional(decision: fees.Decision | None) -> DecisionOut | None:
    return None if decision is None else DecisionOut.of(decision)


@router.get("/association/fees", summary="The fee years and their decisions")
def list_fee_years(request: Request, actor: FeesRead) -> list[FeeYearSummaryOut]:
    with web_context(request).reads() as session:
        years = fees.fee_years(session, actor)
    return [
        FeeYearSummaryOut(
            fee_year=y.fee_year,
            service=_optional(y.service),
            admission=_optional(y.admission),
            total=y.total,
        )
        for y in years
    ]


@router.get("/association/fees/{year}", summary="One fee year per member municipality")
def get_fee_year(request: Request, actor: FeesRead, year: Year) -> FeeYearOut:
    with web_context(request).reads() as session:
        found = fees.fee_year(session, actor, year)
    return FeeYearOut(
        fee_year=found.fee_year,
        service=_optional(found.service),
        admission=_optional(found.admission),
        service_total=found.service_total,
        admission_total=found.admission_total,
        total=found.total,
        municipalities=[FeeRowOut.model_validate(row, from_attributes=True) for row in found.rows],
        history=[DecisionOut.of(d) for d in found.history],
        invoices=[InvoiceOut.of(i) for i in found.invoices],
    )


@router.post(
    "/association/fees/{year}/service-fee", status_code=201, summary="Decide the service fee"
)
def post_service_fee(
    request: Request, actor: FeesWrite, year: Year, body: ServiceFeeIn
) -> DecisionResultOut:
    result = decide_service_fee(
        unit_of_work(request),
        actor=actor,
        decision=body.decision(year),
        reason=body.reason,
        now=now(),
    )
    return DecisionResultOut.of(result)


@router.post(
    "/association/fees/{year}/admission-fee",
    status_code=201,
    summary="Decide the admission service fee",
)
def post_admission_fee(
    request: Request, actor: FeesWrite, year: Year, body: AdmissionFeeIn
) -> DecisionResultOut:
    result = decide_admission_fee(
        unit_of_work(request),
        actor=actor,
        decision=body.decision(year),
        reason=body.reason,
        now=now(),
    )
    return DecisionResultOut.of(result)


@router.get("/association/revenue-bases/{base_year}", summary="The members' revenue of a year")
def get_revenue_bases(request: Request, actor: FeesRead, base_year: BaseYear) -> list[RevenueOut]:
    with web_context(request).reads() as session:
        found = fees.revenue_bases(session, actor, base_year)
    return [RevenueOut.model_validate(r, from_attributes=True) for r in found]


@router.put(
    "/association/revenue-bases/{base_year}/{municipality_code}",
    status_code=204,
    summary="Set one member's tax and grant revenue of a base year",
)
def put_revenue_base(
    request: Request,
    actor: FeesWrite,
    base_year: BaseYear,
    municipality_code: Code,
    body: RevenueIn,
) -> None:
    set_revenue_base(
        unit_of_work(request),
        actor=actor,
        base_year=base_year,
        municipality_code=municipality_code,
        revenue=body.revenue,
        now=now(),
    )


@router.get("/municipality/fees", summary="The municipality's own member fees and invoices")
def own_fees(request: Request, actor: OwnFees) -> list[OwnFeeYearOut]:
    with web_context(request).reads() as session:
        years = fees.municipality_fees(session, actor)
    return [
        OwnFeeYearOut(
            fee_year=y.fee_year,
            rate_per_mille=None if y.service is None else y.service.rate_per_mille,
            base_year=None if y.service is None else y.service.base_year,
            revenue=y.revenue,
            service_fee=y.service_fee,
            fee_age=None if y.admission is None else y.admission.fee_age,
            reference_date=None if y.admission is None else y.admission.reference_date,
            young_people=y.young_people,
            price_per_young_person=None
            if y.admission is None
            else y.admission.price_per_young_person,
            admission_fee=y.admission_fee,
            total=y.total,
            invoices=[InvoiceOut.of(i) for i in y.invoices],
        )
        for y in years
    ]
