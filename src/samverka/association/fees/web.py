"""The association's pages: member fees: the service fee (per mille of the members' tax and grant
revenue) and the admission service fee per young person, with invoices.

* ``/forbund/avgifter`` (staff, board): the fee years with the decisions in force and totals,
  the members' revenue of a base year (``?basar=``); for the staff, forms to import a base
  year's revenue (CSV), set one member's, decide the service fee and the admission fee (POST
  ``…/intakter``, ``…/intakt``, ``…/serviceavgift``, ``…/antagningsavgift``). Bad input
  shows the page again with every problem and stores nothing.
* ``/forbund/avgifter/{year}`` (staff, board): per municipality the revenue base, service fee,
  number of young people and admission fee, and the total; a chart; the decisions' history;
  the invoices, downloadable as CSV or Excel (``…/{year}/fakturor?format=csv|xlsx``).
* ``/kommun/avgifter`` (a municipality's own account): its own fees and invoices.

A board member reads the /forbund pages; posting is for the staff only (403 otherwise).
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path, PurePath
from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi import Path as PathParameter
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from samverka.association.fees.domain.admission_fee import (
    DEFAULT_FEE_AGE,
    AdmissionFeeDecision,
    Charge,
    ChargeKind,
    CountBasis,
)
from samverka.association.fees.domain.service_fee import DEFAULT_CAP_PER_MILLE, ServiceFeeDecision
from samverka.association.fees.files import MAXIMUM_BYTES, read_revenue_file
from samverka.association.fees.queries.fees import (
    fee_year,
    fee_years,
    latest_base_year,
    municipality_fees,
    revenue_bases,
)
from samverka.association.fees.queries.invoices import invoice_table
from samverka.association.fees.services import (
    decide_admission_fee,
    decide_service_fee,
    import_revenue_bases,
    set_revenue_base,
)
from samverka.association.hub import AssociationReader, AssociationStaff
from samverka.errors import Conflict, InvalidInput, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.clock import today
from samverka.platform.files.charts import BarChart, Series, bar_chart
from samverka.platform.files.exports import write_table
from samverka.platform.web.auth import require
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work
from samverka.platform.web.i18n import N_, format_number
from samverka.platform.web.templating import render, request_language, translations

OVERVIEW: Final = "association/member_fees_overview.html"
MEDIA_TYPES: Final = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

router = APIRouter(include_in_schema=False)
Municipality = Annotated[Actor, Depends(require(Role.MUNICIPALITY))]
Year = Annotated[int, PathParameter(ge=2000, le=2100)]
YearField = Annotated[int, Field(ge=2000, le=2100)]


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


class RevenueForm(BaseModel):
    base_year: YearField
    municipality_code: str = Field(pattern=r"^\d{4}$")
    revenue: str = Field(min_length=1, max_length=40)


class DecisionFields(BaseModel):
    fee_year: YearField
    decided_on: date
    decided_by: str = Field(min_length=1, max_length=200)
    instalments: int = Field(default=4, ge=1, le=12)
    reason: str = Field(default="", max_length=2000)


class ServiceFeeForm(DecisionFields):
    rate_per_mille: str = Field(min_length=1, max_length=20)
    cap_per_mille: str = Field(default=str(DEFAULT_CAP_PER_MILLE), max_length=20)
    base_year: YearField


class AdmissionFeeForm(DecisionFields):
    budgeted_cost: str = Field(min_length=1, max_length=40)
    fee_age: int = Field(default=DEFAULT_FEE_AGE, ge=0, le=99)
    reference_date: date
    count_basis: CountBasis = CountBasis.COHORT
    register_cost: str = Field(default="", max_length=40)
    system_cost: str = Field(default="", max_length=40)
    system_text: str = Field(default="", max_length=200)
    recovery_cost: str = Field(default="", max_length=40)
    recovery_text: str = Field(default="", max_length=200)

    def other_charges(self) -> tuple[Charge, ...]:
        """The register's, the admission system's and the recovery's charges that were filled
        in (an empty field charges nothing)."""
        given = (
            (ChargeKind.REGISTER, self.register_cost, ""),
            (ChargeKind.ADMISSION_SYSTEM, self.system_cost, self.system_text),
            (ChargeKind.RECOVERY, self.recovery_cost, self.recovery_text),
        )
        return tuple(
            Charge(kind, decimal_field(SOURCE_ADMISSION, f"{kind.value}_cost", cost), text.strip())
            for kind, cost, text in given
            if cost.strip()
        )


SOURCE_ADMISSION: Final = "admission fee decision"
# the invoice lines' kinds: the service fee's, and the admission fee's charges
CHARGE_LABELS: Final = {
    "service": N_("Serviceavgift"),
    "admission": N_("Antagningsavgift"),
    ChargeKind.ADMISSION_OFFICE.value: N_("Gymnasieantagningen"),
    ChargeKind.REGISTER.value: N_("Ungdoms- och elevdatabasen (UEDB)"),
    ChargeKind.ADMISSION_SYSTEM.value: N_("Antagningssystemet"),
    ChargeKind.RECOVERY.value: N_("Återbetalning av tidigare års kostnader"),
}


def decimal_field(source: str, field: str, text: str) -> Decimal:
    """A number typed in a form, ``,`` or ``.`` as the decimal mark, spaces allowed."""
    cleaned = text.strip().replace("\xa0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise InvalidInput([RowError(source, 0, field, f"{text!r} is not a number")])
    return value


def _overview(
    request: Request, actor: Actor, base_year: int | None, extra: dict[str, Any], status: int
) -> Response:
    on_day = today()
    with web_context(request).reads() as session:
        years = fee_years(session, actor)
        chosen = base_year or latest_base_year(session) or on_day.year - 2
        revenues = revenue_bases(session, actor, chosen)
    context: dict[str, Any] = {
        "actor": actor,
        "years": years,
        "base_year": chosen,
        "revenues": revenues,
        "revenue_total": sum((r.revenue for r in revenues if r.revenue is not None), Decimal(0)),
        "next_year": on_day.year + 1,
        "today": on_day,
        "errors": (),
        "conflict": None,
        "done": None,
        "cap": DEFAULT_CAP_PER_MILLE,
        "fee_age": DEFAULT_FEE_AGE,
        **extra,
    }
    return render(request, OVERVIEW, context, status_code=status)


def _refused(request: Request, actor: Actor, error: InvalidInput | Conflict) -> Response:
    if isinstance(error, InvalidInput):
        return _overview(request, actor, None, {"errors": error.errors}, 422)
    return _overview(request, actor, None, {"conflict": str(error)}, 409)


@router.get("/forbund/avgifter", name="member_fees", response_class=HTMLResponse)
def overview_page(
    request: Request,
    actor: AssociationReader,
    base_year: Annotated[int | None, Query(alias="basar", ge=2000, le=2100)] = None,
    done: Annotated[str | None, Query(alias="klart", max_length=40)] = None,
) -> Response:
    return _overview(request, actor, base_year, {"done": done}, 200)


@router.post("/forbund/avgifter/intakter", name="member_fees_import", response_class=HTMLResponse)
async def import_revenue(
    request: Request,
    actor: AssociationStaff,
    base_year: Annotated[int, Form(ge=2000, le=2100)],
    file: Annotated[UploadFile, File()],
) -> Response:
    content = await file.read(MAXIMUM_BYTES + 1)
    name = PurePath(file.filename or "fil.csv").name
    try:
        rows = read_revenue_file(name, content)
        import_revenue_bases(
            unit_of_work(request),
            actor=actor,
            base_year=base_year,
            rows=rows,
            source=name,
            now=now(),
        )
    except InvalidInput as error:
        return _refused(request, actor, error)
    return RedirectResponse(f"/forbund/avgifter?basar={base_year}&klart=intakter", 303)


@router.post("/forbund/avgifter/intakt", name="member_fees_revenue")
def set_revenue(
    request: Request, actor: AssociationStaff, form: Annotated[RevenueForm, Form()]
) -> Response:
    try:
        set_revenue_base(
            unit_of_work(request),
            actor=actor,
            base_year=form.base_year,
            municipality_code=form.municipality_code,
            revenue=form.revenue,
            now=now(),
        )
    except InvalidInput as error:
        return _refused(request, actor, error)
    return RedirectResponse(f"/forbund/avgifter?basar={form.base_year}&klart=intakt", 303)


@router.post("/forbund/avgifter/serviceavgift", name="member_fees_service")
def decide_service(
    request: Request, actor: AssociationStaff, form: Annotated[ServiceFeeForm, Form()]
) -> Response:
    source = "service fee decision"
    try:
        decision = ServiceFeeDecision(
            fee_year=form.fee_year,
            rate_per_mille=decimal_field(source, "rate_per_mille", form.rate_per_mille),
            base_year=form.base_year,
            decided_on=form.decided_on,
            decided_by=form.decided_by,
            cap_per_mille=decimal_field(source, "cap_per_mille", form.cap_per_mille),
            instalments=form.instalments,
        )
        decide_service_fee(
            unit_of_work(request), actor=actor, decision=decision, reason=form.reason, now=now()
        )
    except (InvalidInput, Conflict) as error:
        return _refused(request, actor, error)
    return RedirectResponse(f"/forbund/avgifter/{form.fee_year}?klart=serviceavgift", 303)


@router.post("/forbund/avgifter/antagningsavgift", name="member_fees_admission")
def decide_admission(
    request: Request, actor: AssociationStaff, form: Annotated[AdmissionFeeForm, Form()]
) -> Response:
    try:
        decision = AdmissionFeeDecision(
            fee_year=form.fee_year,
            budgeted_cost=decimal_field(SOURCE_ADMISSION, "budgeted_cost", form.budgeted_cost),
            reference_date=form.reference_date,
            decided_on=form.decided_on,
            decided_by=form.decided_by,
            fee_age=form.fee_age,
            instalments=form.instalments,
            count_basis=form.count_basis,
            other_charges=form.other_charges(),
        )
        decide_admission_fee(
            unit_of_work(request), actor=actor, decision=decision, reason=form.reason, now=now()
        )
    except (InvalidInput, Conflict) as error:
        return _refused(request, actor, error)
    return RedirectResponse(f"/forbund/avgifter/{form.fee_year}?klart=antagningsavgift", 303)


@router.get("/forbund/avgifter/{year}", name="member_fees_year", response_class=HTMLResponse)
def year_page(
    request: Request,
    actor: AssociationReader,
    year: Year,
    done: Annotated[str | None, Query(alias="klart", max_length=40)] = None,
) -> Response:
    with web_context(request).reads() as session:
        found = fee_year(session, actor, year)
    texts, language = translations(request), request_language(request)
    chart = BarChart(
        "chart-member-fees",
        texts.gettext("Avgift per kommun %(year)s") % {"year": year},
        texts.gettext("Serviceavgift och antagningsavgift per medlemskommun, i kronor."),
        tuple(row.name for row in found.rows),
        (
            Series(texts.gettext("Serviceavgift"), tuple(row.service_fee for row in found.rows)),
            Series(
                texts.gettext("Antagningsavgift"), tuple(row.admission_fee for row in found.rows)
            ),
        ),
        lambda value: format_number(value, language, "#,##0"),
    )
    context = {
        "fees": found,
        "chart": Markup(bar_chart(chart)),  # escaped text
        "done": done,
        "charge_labels": CHARGE_LABELS,
    }
    return render(request, "association/member_fees_year.html", context)


@router.get("/forbund/avgifter/{year}/fakturor", name="member_fees_invoices")
def invoices_file(
    request: Request,
    actor: AssociationReader,
    year: Year,
    file_format: Annotated[FileFormat, Query(alias="format")] = FileFormat.CSV,
) -> Response:
    with web_context(request).reads() as session:
        found = fee_year(session, actor, year)
    directory = Path(tempfile.mkdtemp(prefix="samverka-fees-"))
    path = directory / f"medlemsavgifter-{year}-fakturor.{file_format.value}"
    header, rows = invoice_table(found.invoices)
    write_table(path, header, rows)
    return FileResponse(
        path,
        media_type=MEDIA_TYPES[file_format.value],
        filename=path.name,
        background=BackgroundTask(shutil.rmtree, directory, ignore_errors=True),
    )


@router.get("/kommun/avgifter", name="municipality_fees", response_class=HTMLResponse)
def municipality_page(request: Request, actor: Municipality) -> Response:
    with web_context(request).reads() as session:
        years = municipality_fees(session, actor)
    context = {"years": years, "code": actor.municipality_code, "charge_labels": CHARGE_LABELS}
    return render(request, "association/member_fees_municipality.html", context)
