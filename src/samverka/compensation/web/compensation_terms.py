"""The admission officer's pages of the money's terms, and the invoices to other counties:

* ``/ersattning/villkor?ar=Y``: the year's administration and VAT shares for independent
  organisers (skollagen 16 kap. 52–53 §§; the defaults 3 % and 6 %, added to the list, until
  set) and whether the list already includes them; the members' clearing decisions (bilateral
  netting until the members decide otherwise); the payees with their payment details. Forms:
  POST ``…/andelar``, ``…/nettning`` and ``…/mottagare`` (a payee, and for an organiser
  outside the area its school units).
* ``/ersattning/fakturor?manad=M``: per municipality outside the area, what the region's
  organisers invoice it for the lines booked in the month; ``/ersattning/fakturor/fil`` gives
  a municipality's invoice file (CSV or Excel). No pupil is named.

The shares, the clearing decision and the payee are the API's (``compensation.http.SharesIn``,
``ClearingIn``, ``PayeeIn``; on the page the school units are typed one
``CODE:NAME:MUNICIPALITY:MUNICIPALITY_NAME`` a line). A refused form comes back as the page
with the input kept and each problem at its field; nothing is stored.
"""

from __future__ import annotations

from typing import Annotated, Final
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samverka.compensation.domain.net_settlement import SettlementMode
from samverka.compensation.domain.organiser import OrganiserKind
from samverka.compensation.domain.period import Month
from samverka.compensation.files.compensation_files import invoice_sheets
from samverka.compensation.http import (
    MONTH_PATTERN,
    ClearingIn,
    CompensationManage,
    PayeeIn,
    SharesIn,
)
from samverka.compensation.queries.compensation_terms_view import (
    export_names,
    invoice_statement,
    invoice_totals,
    payees,
    year_terms,
)
from samverka.compensation.services.compensation_terms import (
    record_clearing_decision,
    register_payee,
    set_year_shares,
)
from samverka.compensation.web.compensation import (
    MonthQuery,
    chosen_month,
    options,
)
from samverka.platform.files.exports import FileFormat
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import Now, Work
from samverka.platform.web.downloads import download
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render, translations

SWEDEN: Final = ZoneInfo("Europe/Stockholm")
PAGE: Final = "/ersattning/villkor"
INVOICES: Final = "/ersattning/fakturor"

MODE_NAMES: Final = {
    SettlementMode.BILATERAL: N_("Parvis nettning mellan två kommuner"),
    SettlementMode.MULTILATERAL: N_("Clearing över alla medlemmar"),
}
KIND_NAMES: Final = {
    OrganiserKind.MUNICIPALITY: N_("Kommun"),
    OrganiserKind.REGION: N_("Region"),
    OrganiserKind.INDEPENDENT: N_("Enskild huvudman"),
}

router = APIRouter(include_in_schema=False)
YearQuery = Annotated[int | None, Query(alias="ar", ge=2000, le=2100)]


@router.get(PAGE, name="compensation_terms", response_class=HTMLResponse)
def terms_page(
    request: Request, actor: CompensationManage, now: Now, year: YearQuery = None
) -> Response:
    chosen = year or now.astimezone(SWEDEN).year
    with web_context(request).reads() as session:
        terms = year_terms(session, actor, chosen)
        found = payees(session, actor)
    context = {
        "terms": terms,
        "payees": found,
        "year": chosen,
        "kinds": KIND_NAMES,
        "modes": MODE_NAMES,
        "kind_options": options(request, KIND_NAMES),
        "mode_options": options(request, MODE_NAMES),
        "done": request.query_params.get("klart"),
    }
    return render(request, "compensation/terms.html", context)


@router.post(PAGE + "/andelar", name="compensation_terms_shares")
def set_shares(
    actor: CompensationManage,
    uow: Work,
    now: Now,
    year: Annotated[int, Form(ge=2000, le=2100)],
    form: Annotated[SharesIn, Form()],
) -> Response:
    shares = form.shares(year)
    set_year_shares(uow, actor=actor, shares=shares, now=now)
    return RedirectResponse(f"{PAGE}?ar={year}&klart=andelar", status_code=303)


@router.post(PAGE + "/nettning", name="compensation_terms_clearing")
def set_clearing(
    actor: CompensationManage, uow: Work, now: Now, form: Annotated[ClearingIn, Form()]
) -> Response:
    decision = form.decision()
    record_clearing_decision(uow, actor=actor, decision=decision, now=now)
    return RedirectResponse(f"{PAGE}?klart=nettning", status_code=303)


@router.post(PAGE + "/mottagare", name="compensation_terms_payee")
def set_payee(
    actor: CompensationManage, uow: Work, now: Now, form: Annotated[PayeeIn, Form()]
) -> Response:
    payee = form.payee()
    register_payee(uow, actor=actor, payee=payee, now=now, school_units=form.units())
    return RedirectResponse(f"{PAGE}?klart=mottagare", status_code=303)


@router.get(INVOICES, name="compensation_invoices", response_class=HTMLResponse)
def invoices_page(
    request: Request, actor: CompensationManage, month: MonthQuery = None
) -> Response:
    chosen = chosen_month(request, month)
    with web_context(request).reads() as session:
        totals = invoice_totals(session, actor, chosen)
    context = {"totals": totals, "month": str(chosen)}
    return render(request, "compensation/invoices.html", context)


@router.get(INVOICES + "/fil", name="compensation_invoice_file")
def invoice_file(
    request: Request,
    actor: CompensationManage,
    municipality: Annotated[str, Query(alias="kommun", pattern=r"^\d{4}$")],
    month: Annotated[str, Query(alias="manad", pattern=MONTH_PATTERN)],
    file_format: Annotated[FileFormat, Query(alias="format")] = FileFormat.CSV,
) -> Response:
    with web_context(request).reads() as session:
        found = invoice_statement(session, actor, municipality, Month.parse(month))
        names = export_names(session)
    name = f"faktura-{municipality}-{month}"
    return download(name, file_format, *invoice_sheets(found, names), texts=translations(request))
