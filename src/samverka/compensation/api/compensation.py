"""The API of the money between municipalities under ``/api/v1/compensation``.

* ``GET /compensation/statement?month=YYYY-MM``: the municipality's statement as payer for the
  lines booked in the month (municipality; the officer names one with ``municipality``).
* ``GET /compensation/settlement?month=YYYY-MM`` or ``?year=YYYY``: the net settlement
  (municipality, officer, analyst): bilateral per pair by default, multilateral by the members'
  clearing decision (``mode``), with the gross flows per counterparty.
* ``GET /compensation/report?year=YYYY``: flows between municipalities, payments per month and
  pupils per programme and home municipality (municipality, officer, analyst).
* ``POST /compensation/runs`` (officer): run a month as ``samverka compensation run`` does
  (``{"month", "correction", "recheck_months", "full_recheck"}``), synchronously, audited with
  the officer's name; what it booked. 409 ``conflict`` for a closed month without
  ``correction`` (or no price list), 409 ``concurrent_change`` when another run or month
  closing committed while this one waited (one at a time).

Amounts are decimal strings of SEK with öre; no pupil is named.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from samverka.compensation.domain.period import Month
from samverka.compensation.http import (
    MONTH_PATTERN,
    CompensationManage,
    CompensationRead,
    OwnMunicipality,
    RunIn,
)
from samverka.compensation.queries.compensation_view import (
    compensation_report,
    payer_statement,
    settlement,
    year_months,
)
from samverka.compensation.services.compensation import RunReport, run_month
from samverka.errors import N_, InvalidInput, RowError
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.api.schemas import ErrorOut, Moment
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work

router = APIRouter(prefix=f"{PREFIX}/compensation", tags=["compensation"], responses=ERRORS)
RUN_RESPONSES: dict[int | str, dict[str, Any]] = {
    409: {
        "model": ErrorOut,
        "description": "A closed month without `correction`, no price list (`conflict`), or"
        " another run committed while this one waited (`concurrent_change`).",
    },
}


class StatementRowOut(BaseModel):
    payee_kind: str
    payee: str
    school_unit: str
    programme: str
    orientation: str | None
    service_month: str
    purpose: str  # programme, or the tilläggsbelopp's kind
    kind: str
    settled_by: str  # payment, or invoice (a home municipality outside the area)
    pupil_months: int
    price_amount: Decimal
    supplement_amount: Decimal
    admin_amount: Decimal
    vat_amount: Decimal
    amount: Decimal


class StatementOut(BaseModel):
    municipality_code: str
    booked_in: str
    total: Decimal
    vat_total: Decimal
    rows: list[StatementRowOut]


class TransferOut(BaseModel):
    payer: str
    payee: str
    amount: Decimal


class SettlementOut(BaseModel):
    period: str
    mode: str  # bilateral (the default), or multilateral by the members' decision
    transfers_before: int
    transfers_after: int
    moved_before: Decimal
    moved_after: Decimal
    money_saved: Decimal
    transfers: list[TransferOut]
    gross: list[TransferOut]  # the flows per counterparty before netting


class FlowOut(BaseModel):
    payer: str
    payee: str
    amount: Decimal


class ProgrammeCountOut(BaseModel):
    programme: str
    home_municipality: str
    pupils: int


class ReportOut(BaseModel):
    year: int
    flows: list[FlowOut]
    payments: dict[str, Decimal]
    pupils_month: str
    pupils: list[ProgrammeCountOut]


@router.get("/statement")
def statement(
    request: Request,
    actor: OwnMunicipality,
    month: Annotated[str, Query(pattern=MONTH_PATTERN)],
) -> StatementOut:
    code = actor.municipality_code or ""
    with web_context(request).reads() as session:
        found = payer_statement(session, actor, code, Month.parse(month))
    return StatementOut(
        municipality_code=code,
        booked_in=month,
        total=found.total,
        vat_total=found.vat_total,
        rows=[
            StatementRowOut(
                payee_kind=row.payee.kind.value,
                payee=row.payee.code,
                school_unit=row.school_unit,
                programme=row.programme,
                orientation=row.orientation,
                service_month=str(row.service_month),
                purpose=row.purpose.value,
                kind=row.kind.value,
                settled_by="invoice" if row.invoice else "payment",
                pupil_months=row.lines,
                price_amount=row.price_amount,
                supplement_amount=row.supplement_amount,
                admin_amount=row.admin_amount,
                vat_amount=row.vat_amount,
                amount=row.amount,
            )
            for row in found.rows
        ],
    )


@router.get("/settlement")
def settlement_of(
    request: Request,
    actor: CompensationRead,
    month: Annotated[str | None, Query(pattern=MONTH_PATTERN)] = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> SettlementOut:
    if (month is None) == (year is None):
        raise InvalidInput([RowError("request", 0, "month", N_("Ange månad eller år."))])
    months = [Month.parse(month)] if month is not None else year_months(year or 0)
    with web_context(request).reads() as session:
        result = settlement(session, actor, months=months)
    return SettlementOut(
        period=month or str(year),
        mode=result.mode.value,
        transfers_before=result.transfers_before,
        transfers_after=result.transfers_after,
        moved_before=result.moved_before,
        moved_after=result.moved_after,
        money_saved=result.money_saved,
        transfers=[
            TransferOut(payer=t.payer, payee=t.payee, amount=t.amount) for t in result.transfers
        ],
        gross=[TransferOut(payer=f.payer, payee=f.payee, amount=f.amount) for f in result.gross],
    )


@router.get("/report")
def report(
    request: Request, actor: CompensationRead, year: Annotated[int, Query(ge=2000, le=2100)]
) -> ReportOut:
    with web_context(request).reads() as session:
        data = compensation_report(session, actor, year)
    return ReportOut(
        year=data.year,
        flows=[
            FlowOut(payer=payer, payee=payee, amount=amount)
            for (payer, payee), amount in sorted(data.flows.items())
        ],
        payments=dict(data.payments),
        pupils_month=data.pupils_month,
        pupils=[
            ProgrammeCountOut(programme=p, home_municipality=m, pupils=n) for p, m, n in data.pupils
        ],
    )


class RunOut(BaseModel):
    """What a run booked: the month's lines and the corrections of earlier months."""

    run_id: int
    month: str
    kind: str  # regular, or correction
    run_at: Moment
    pupils: int
    rechecked: list[str]
    full_recheck: bool
    rechecked_pupils: int
    lines: int
    regular_lines: int
    correction_lines: int
    regular_total: Decimal
    correction_total: Decimal
    total: Decimal
    not_charged: int = Field(description="The month's pupils at their own municipality's schools.")
    anomalies: int
    timings: dict[str, float] = Field(description="Seconds per step of the run.")

    @classmethod
    def of(cls, report: RunReport, run_at: datetime) -> RunOut:
        return cls(
            run_id=report.run_id,
            month=str(report.month),
            kind=report.kind,
            run_at=run_at,
            pupils=report.pupils,
            rechecked=[str(month) for month in report.rechecked],
            full_recheck=report.full_recheck,
            rechecked_pupils=report.rechecked_pupils,
            lines=report.lines,
            regular_lines=report.regular_lines,
            correction_lines=report.correction_lines,
            regular_total=report.regular_total,
            correction_total=report.correction_total,
            total=report.total,
            not_charged=report.not_charged,
            anomalies=report.anomalies,
            timings=report.timings,
        )


@router.post(
    "/runs",
    summary="Run a month's compensation and book it",
    status_code=201,
    responses=RUN_RESPONSES,
)
def run(request: Request, actor: CompensationManage, body: RunIn) -> RunOut:
    run_at = now()
    report = run_month(
        unit_of_work(request),
        month=Month.parse(body.month),
        correction=body.correction,
        recheck_months=body.recheck_months,
        full_recheck=body.full_recheck,
        actor=actor,
        now=run_at,
    )
    return RunOut.of(report, run_at)
