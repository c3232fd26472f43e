"""The association's pages: member fees: the service fee (per mille of the members' tax and grant
revenue) and the admission service fee per young person, with invoices.

* ``/forbund/avgifter`` (staff, board): the fee years with the decisions in force and totals,
  the members' revenue of a base year (``?basar=``); for the staff, forms to import a base
  year's revenue (CSV), set one member's, decide the service fee and the admission fee (POST
  ``…/intakter``, ``…/intakt``, ``…/serviceavgift``, ``…/antagningsavgift``). A refused
  form comes back as this page, the input kept and each problem at its field, a bad row of
  the file named with its line (``platform.web.forms``); nothing is stored.
* ``/forbund/avgifter/{year}`` (staff, board): per municipality the revenue base, service fee,
  number of young people and admission fee, and the total; a chart; the decisions' history;
  the invoices, downloadable as CSV or Excel (``…/{year}/fakturor?format=csv|csv-maskin|xlsx``),
  in Swedish, one row per instalment, streamed (``platform.web.downloads``).
* ``/kommun/avgifter`` (a municipality's own account): its own fees and invoices.

Deciding a fee asks first (issue 15 point 7): the form's POST shows what the decision charges
each municipality and the total, before any invoice is made, with a "Bekräfta" form that repeats
the decision (``_ask_first``, ``association/confirm_fee.html``); only that form's POST
(``confirmed``) decides and invoices. The service fee shows each member's revenue of the base
year times the rate (``domain.service_fee``); the admission fee each party's young people and
fee (``services.preview_admission_fee``, refused as the decision would be). The API decides in
one step.

A board member reads the /forbund pages; posting is for the staff only (403 otherwise). The
forms take the API's models and its rules of who may do what (``association.fees.http``).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import PurePath
from typing import Annotated, Any, Final

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi import Path as PathParameter
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from samverka.association.fees.domain.admission_fee import DEFAULT_FEE_AGE, ChargeKind
from samverka.association.fees.domain.service_fee import DEFAULT_CAP_PER_MILLE, service_fees
from samverka.association.fees.files import MAXIMUM_BYTES, read_revenue_file
from samverka.association.fees.http import (
    AdmissionFeeIn,
    BaseYearField,
    CodeField,
    FeesRead,
    FeesWrite,
    FeeYearField,
    OwnFees,
    PageCharges,
    RevenueIn,
    ServiceFeeIn,
)
from samverka.association.fees.queries.fees import (
    fee_year,
    fee_years,
    latest_base_year,
    municipality_fees,
    party_names,
    revenue_bases,
)
from samverka.association.fees.queries.invoices import INVOICE_SHEET, invoice_table
from samverka.association.fees.services import (
    decide_admission_fee,
    decide_service_fee,
    import_revenue_bases,
    preview_admission_fee,
    set_revenue_base,
)
from samverka.errors import InvalidInput
from samverka.platform.access.domain.actors import Actor
from samverka.platform.clock import today
from samverka.platform.files.charts import BarChart, Series, bar_chart
from samverka.platform.files.exports import FileFormat, Sheet
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work
from samverka.platform.web.downloads import download
from samverka.platform.web.i18n import N_, format_number
from samverka.platform.web.templating import render, request_language, translations

OVERVIEW: Final = "association/member_fees_overview.html"
CONFIRM_SERVICE: Final = "association/confirm_service_fee.html"
CONFIRM_ADMISSION: Final = "association/confirm_admission_fee.html"
INSTALMENTS: Final = (
    (1, N_("En faktura")),
    (2, N_("Halvår")),
    (4, N_("Kvartal")),
    (12, N_("Månadsvis")),
)
COUNT_BASES: Final = (
    ("cohort", N_("Födda det år de fyller avgiftsåldern (årskull)")),
    ("exact_age", N_("Exakt ålder på referensdagen")),
)

router = APIRouter(include_in_schema=False)
Year = Annotated[int, PathParameter(ge=2000, le=2100)]
Done = Annotated[str | None, Query(alias="klart", max_length=40)]
CONFIRMED: Final = "ja"  # the confirm form's answer
Confirmed = Annotated[str, Form(max_length=10)]

# the invoices file's sheet and column names (``queries.invoices``), for their translations
INVOICE_FILE_TEXTS: Final = (
    N_("Fakturor"),
    N_("Fakturanummer"),
    N_("Avgift"),
    N_("Avgiftsår"),
    N_("Kommunkod"),
    N_("Kommun"),
    N_("Fakturadatum"),
    N_("Delbetalning"),
    N_("Förfallodag"),
    N_("Belopp"),
)

# the invoice lines' kinds: the service fee's, and the admission fee's charges
CHARGE_LABELS: Final = {
    "service": N_("Serviceavgift"),
    "admission": N_("Antagningsavgift"),
    ChargeKind.ADMISSION_OFFICE.value: N_("Gymnasieantagningen"),
    ChargeKind.REGISTER.value: N_("Ungdoms- och elevdatabasen (UEDB)"),
    ChargeKind.ADMISSION_SYSTEM.value: N_("Antagningssystemet"),
    ChargeKind.RECOVERY.value: N_("Återbetalning av tidigare års kostnader"),
}


@router.get("/forbund/avgifter", name="member_fees", response_class=HTMLResponse)
def overview_page(
    request: Request,
    actor: FeesRead,
    base_year: Annotated[int | None, Query(alias="basar", ge=2000, le=2100)] = None,
    done: Done = None,
) -> Response:
    on_day, texts = today(), translations(request)
    with web_context(request).reads() as session:
        years = fee_years(session, actor)
        chosen = base_year or latest_base_year(session) or on_day.year - 2
        revenues = revenue_bases(session, actor, chosen)
    context: dict[str, Any] = {
        "actor": actor,
        "years": years,
        "base_year": chosen,
        "revenues": revenues,
        "revenue_choices": [
            (row.municipality_code, f"{row.municipality_code} {row.name}") for row in revenues
        ],
        "revenue_total": sum((r.revenue for r in revenues if r.revenue is not None), Decimal(0)),
        "next_year": on_day.year + 1,
        "today": on_day,
        "done": done,
        "cap": DEFAULT_CAP_PER_MILLE,
        "fee_age": DEFAULT_FEE_AGE,
        "instalment_choices": [(n, texts.gettext(text)) for n, text in INSTALMENTS],
        "count_bases": [(basis, texts.gettext(text)) for basis, text in COUNT_BASES],
    }
    return render(request, OVERVIEW, context)


@router.post("/forbund/avgifter/intakter", name="member_fees_import")
async def import_revenue(
    request: Request,
    actor: FeesWrite,
    base_year: BaseYearField,
    file: Annotated[UploadFile, File()],
) -> Response:
    content = await file.read(MAXIMUM_BYTES + 1)
    name = PurePath(file.filename or "fil.csv").name
    rows = read_revenue_file(name, content)
    import_revenue_bases(
        unit_of_work(request), actor=actor, base_year=base_year, rows=rows, source=name, now=now()
    )
    return RedirectResponse(f"/forbund/avgifter?basar={base_year}&klart=intakter", 303)


@router.post("/forbund/avgifter/intakt", name="member_fees_revenue")
def set_revenue(
    request: Request,
    actor: FeesWrite,
    base_year: BaseYearField,
    municipality_code: CodeField,
    form: Annotated[RevenueIn, Form()],
) -> Response:
    set_revenue_base(
        unit_of_work(request),
        actor=actor,
        base_year=base_year,
        municipality_code=municipality_code,
        revenue=form.revenue,
        now=now(),
    )
    return RedirectResponse(f"/forbund/avgifter?basar={base_year}&klart=intakt", 303)


@router.post("/forbund/avgifter/serviceavgift", name="member_fees_service")
def decide_service(
    request: Request,
    actor: FeesWrite,
    fee_year: FeeYearField,
    form: Annotated[ServiceFeeIn, Form()],
    confirmed: Confirmed = "",
) -> Response:
    decision = form.decision(fee_year)
    if confirmed != CONFIRMED:
        return _confirm_service(request, actor, fee_year, form)
    decide_service_fee(
        unit_of_work(request), actor=actor, decision=decision, reason=form.reason, now=now()
    )
    return RedirectResponse(f"/forbund/avgifter/{fee_year}?klart=serviceavgift", 303)


def _confirm_service(request: Request, actor: Actor, fee_year: int, form: ServiceFeeIn) -> Response:
    """What the decision will charge each member, before it is made (a form refused as the
    service would refuse it comes back as the overview, input kept)."""
    decision = form.decision(fee_year)
    problems = decision.problems()
    if problems:
        raise InvalidInput(problems)
    with web_context(request).reads() as session:
        bases = revenue_bases(session, actor, decision.base_year)
    known = {b.municipality_code: b.revenue for b in bases if b.revenue is not None}
    fees = service_fees(decision, known)
    context = {
        "decision": decision,
        "fees": fees,
        "names": {b.municipality_code: b.name for b in bases},
        "lacking": [b.name for b in bases if b.revenue is None],
        "total": sum((fee.fee for fee in fees), Decimal(0)),
    }
    values = {"fee_year": fee_year, **form.model_dump(mode="json")}
    return _ask_first(request, CONFIRM_SERVICE, "serviceavgift", values, context)


def _ask_first(
    request: Request,
    template: str,
    form_name: str,
    values: dict[str, Any],
    context: dict[str, Any],
) -> Response:
    """A fee decision's confirm step: ``template`` (on ``association/confirm_fee.html``) shows
    what ``context`` holds, and a "Bekräfta" form that posts ``values`` again to the decision's
    own address with ``confirmed``; nothing is decided yet."""
    action = f"/forbund/avgifter/{form_name}"
    page = {**context, "action": action, "form_name": form_name, "values": values}
    return render(request, template, page)


@router.post("/forbund/avgifter/antagningsavgift", name="member_fees_admission")
def decide_admission(
    request: Request,
    actor: FeesWrite,
    fee_year: FeeYearField,
    form: Annotated[AdmissionFeeIn, Form()],
    charges: PageCharges,
    confirmed: Confirmed = "",
) -> Response:
    decision = form.model_copy(update={"other_charges": charges}).decision(fee_year)
    if confirmed != CONFIRMED:
        fees = preview_admission_fee(unit_of_work(request), actor=actor, decision=decision)
        with web_context(request).reads() as session:
            names = party_names(session)
        context = {"decision": decision, "fees": fees, "names": names, "lacking": []}
        values = {
            "fee_year": fee_year,
            **form.model_dump(mode="json", exclude={"other_charges"}),
            **{f"{c.kind.value}_cost": c.cost for c in charges},
            **{f"{c.kind.value}_text": c.text for c in charges if c.text},
        }
        return _ask_first(request, CONFIRM_ADMISSION, "antagningsavgift", values, context)
    decide_admission_fee(
        unit_of_work(request), actor=actor, decision=decision, reason=form.reason, now=now()
    )
    return RedirectResponse(f"/forbund/avgifter/{fee_year}?klart=antagningsavgift", 303)


@router.get("/forbund/avgifter/{year}", name="member_fees_year", response_class=HTMLResponse)
def year_page(
    request: Request,
    actor: FeesRead,
    year: Year,
    done: Done = None,
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
    actor: FeesRead,
    year: Year,
    file_format: Annotated[FileFormat, Query(alias="format")] = FileFormat.CSV,
) -> Response:
    with web_context(request).reads() as session:
        found = fee_year(session, actor, year)
    header, rows = invoice_table(found.invoices)
    sheet = Sheet(INVOICE_SHEET, header, rows)
    texts = translations(request)
    return download(f"medlemsavgifter-{year}-fakturor", file_format, sheet, texts=texts)


@router.get("/kommun/avgifter", name="municipality_fees", response_class=HTMLResponse)
def municipality_page(request: Request, actor: OwnFees) -> Response:
    with web_context(request).reads() as session:
        years = municipality_fees(session, actor)
    context = {"years": years, "code": actor.municipality_code, "charge_labels": CHARGE_LABELS}
    return render(request, "association/member_fees_municipality.html", context)
