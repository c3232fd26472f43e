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

Bad input is answered by the error page with every problem, and nothing is stored.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Final
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from samverka.compensation.domain.net_settlement import ClearingDecision, SettlementMode
from samverka.compensation.domain.organiser import Organiser, OrganiserKind
from samverka.compensation.domain.organiser_shares import OrganiserShares
from samverka.compensation.domain.period import Month
from samverka.compensation.files.compensation_files import invoice_table
from samverka.compensation.http import MONTH_PATTERN
from samverka.compensation.ports import OutsideSchoolUnit, Payee
from samverka.compensation.queries.compensation_terms_view import (
    invoice_statement,
    invoice_totals,
    organiser_names,
    payees,
    year_terms,
)
from samverka.compensation.services.compensation_terms import (
    record_clearing_decision,
    register_payee,
    set_year_shares,
)
from samverka.compensation.web.additional_grants import amount_field
from samverka.compensation.web.compensation import (
    FileFormat,
    MonthQuery,
    chosen_month,
    file_response,
)
from samverka.errors import InvalidInput, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.web.auth import require
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import Now, Work
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render

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
Officer = Annotated[Actor, Depends(require(Role.OFFICER))]
YearQuery = Annotated[int | None, Query(alias="ar", ge=2000, le=2100)]


class SharesForm(BaseModel):
    year: int = Field(ge=2000, le=2100)
    administration: str = Field(min_length=1, max_length=10)
    vat: str = Field(min_length=1, max_length=10)
    included: bool = False
    decided_on: date
    reference: str = Field(min_length=1, max_length=100)


class ClearingForm(BaseModel):
    mode: SettlementMode
    from_month: str = Field(pattern=MONTH_PATTERN)
    decided_on: date
    reference: str = Field(min_length=1, max_length=100)


class PayeeForm(BaseModel):
    kind: OrganiserKind
    code: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1, max_length=200)
    organisation_number: str = Field(default="", max_length=11)
    bankgiro: str = Field(default="", max_length=9)
    plusgiro: str = Field(default="", max_length=11)
    outside_area: bool = False
    school_units: str = Field(default="", max_length=2000)  # CODE:NAME:KOMMUN:KOMMUNNAMN; …


def outside_units(text: str) -> list[OutsideSchoolUnit]:
    """``CODE:NAME:MUNICIPALITY:MUNICIPALITY_NAME`` per line or ``;``."""
    units = []
    for number, part in enumerate(text.replace("\n", ";").split(";"), start=1):
        if not part.strip():
            continue
        fields = [piece.strip() for piece in part.split(":")]
        if len(fields) != 4:
            reason = f"{part.strip()!r} is not CODE:NAME:MUNICIPALITY:MUNICIPALITY_NAME"
            raise InvalidInput([RowError("request", number, "school_units", reason)])
        units.append(OutsideSchoolUnit(*fields))
    return units


@router.get(PAGE, name="compensation_terms", response_class=HTMLResponse)
def terms_page(request: Request, actor: Officer, now: Now, year: YearQuery = None) -> Response:
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
        "done": request.query_params.get("klart"),
    }
    return render(request, "compensation/terms.html", context)


@router.post(PAGE + "/andelar", name="compensation_terms_shares")
def set_shares(
    actor: Officer, uow: Work, now: Now, form: Annotated[SharesForm, Form()]
) -> Response:
    try:
        shares = OrganiserShares(
            form.year,
            amount_field(form.administration, "administration"),
            amount_field(form.vat, "vat"),
            form.included,
            form.decided_on,
            form.reference,
        )
    except ValueError as error:
        raise InvalidInput([RowError("request", 0, "shares", str(error))]) from error
    set_year_shares(uow, actor=actor, shares=shares, now=now)
    return RedirectResponse(f"{PAGE}?ar={form.year}&klart=andelar", status_code=303)


@router.post(PAGE + "/nettning", name="compensation_terms_clearing")
def set_clearing(
    actor: Officer, uow: Work, now: Now, form: Annotated[ClearingForm, Form()]
) -> Response:
    decision = ClearingDecision(
        form.mode, Month.parse(form.from_month), form.decided_on, form.reference
    )
    record_clearing_decision(uow, actor=actor, decision=decision, now=now)
    return RedirectResponse(f"{PAGE}?klart=nettning", status_code=303)


@router.post(PAGE + "/mottagare", name="compensation_terms_payee")
def set_payee(actor: Officer, uow: Work, now: Now, form: Annotated[PayeeForm, Form()]) -> Response:
    payee = Payee(
        Organiser(form.kind, form.code.strip()),
        form.name.strip(),
        form.organisation_number.strip() or None,
        form.bankgiro.strip() or None,
        form.plusgiro.strip() or None,
        form.outside_area,
    )
    register_payee(
        uow, actor=actor, payee=payee, now=now, school_units=outside_units(form.school_units)
    )
    return RedirectResponse(f"{PAGE}?klart=mottagare", status_code=303)


@router.get(INVOICES, name="compensation_invoices", response_class=HTMLResponse)
def invoices_page(request: Request, actor: Officer, month: MonthQuery = None) -> Response:
    chosen = chosen_month(request, month)
    with web_context(request).reads() as session:
        totals = invoice_totals(session, actor, chosen)
    context = {"totals": totals, "month": str(chosen)}
    return render(request, "compensation/invoices.html", context)


@router.get(INVOICES + "/fil", name="compensation_invoice_file")
def invoice_file(
    request: Request,
    actor: Officer,
    municipality: Annotated[str, Query(alias="kommun", pattern=r"^\d{4}$")],
    month: Annotated[str, Query(alias="manad", pattern=MONTH_PATTERN)],
    file_format: Annotated[FileFormat, Query(alias="format")] = FileFormat.CSV,
) -> Response:
    with web_context(request).reads() as session:
        found = invoice_statement(session, actor, municipality, Month.parse(month))
        names = organiser_names(session)
    name = f"faktura-{municipality}-{month}"
    return file_response(invoice_table(found, names), name, file_format)
