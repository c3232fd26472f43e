"""The pages of the money between municipalities, for the municipality's finance officer and
the admission officer (and, for the aggregates, the analyst):

* ``/ersattning`` (municipality, officer): the municipality's statement as payer for the lines
  booked in a month (``?manad=YYYY-MM``, default the newest booked), with links to download it
  and the payment file for the finance system as CSV or Excel (``/ersattning/fil``; the
  payment file's due date ``?forfallodag=YYYY-MM-DD``, by default the month's last day). The
  files are streamed (``platform.web.downloads``), in Swedish with names beside the codes, the
  totals on a sheet of their own (``compensation.files.compensation_files``). The officer
  chooses the municipality with ``?kommun=CODE`` as on ``/kommun``. The rows are shown 100 at
  a time (``?sidnr=``, issue 15 point 2: a large municipality has over a thousand in a month);
  the totals are the whole statement's, and the files hold all of it.
* ``/ersattning/huvudman`` (officer): the organisers other than municipalities (independent
  organisers, regions), who have no accounts, with what each gets for a month; each one's
  statement (``/ersattning/huvudman/specifikation?huvudman=CODE&slag=independent``) and its
  files (``/ersattning/huvudman/fil``), to send them.
* ``/ersattning/fil?sida=tar-emot`` gives a municipality's statement as the organiser of its own
  schools, as ``/ersattning?sida=tar-emot`` shows it.
* ``/ersattning/nettning`` (municipality, officer, analyst): the net settlement of a month or a
  year (``?ar=YYYY``): transfers before and after, money moved before and after, and the
  settling transfers.
* ``/ersattning/rapport`` (municipality, officer, analyst): the year's report with charts:
  flows between municipalities, payments over the year, pupils per programme and home
  municipality. No pupil is named on any of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum
from typing import Annotated, Final, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from samverka.compensation.domain.month_lines import LineKind, LinePurpose
from samverka.compensation.domain.organiser import Organiser, OrganiserKind
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.statements import Statement
from samverka.compensation.files.compensation_files import (
    Names,
    PaymentTerms,
    payment_sheet,
    statement_sheets,
)
from samverka.compensation.files.compensation_report import (
    flows_chart,
    payments_chart,
    pupils_chart,
)
from samverka.compensation.http import (
    MONTH_PATTERN,
    CompensationManage,
    CompensationRead,
    OwnMunicipalityPlace,
)
from samverka.compensation.ports import Payee
from samverka.compensation.queries.compensation_terms_view import (
    booked_runs,
    export_names,
    payee_details,
)
from samverka.compensation.queries.compensation_view import (
    compensation_report,
    latest_booked_in,
    organiser_payees,
    payee_statement,
    payee_statement_page,
    payer_statement,
    payer_statement_page,
    settlement,
    year_months,
)
from samverka.platform.clock import today
from samverka.platform.files.exports import FileFormat, Sheet
from samverka.platform.web.context import web_context
from samverka.platform.web.downloads import download
from samverka.platform.web.i18n import N_
from samverka.platform.web.labels import register_labels
from samverka.platform.web.templating import render, translations
from samverka.platform.web.workplace import choose

STATEMENT_PAGE: Final = 100  # rows of a statement on one page
PURPOSE_NAMES: Final = {
    LinePurpose.PROGRAMME: N_("Programpris"),
    LinePurpose.MOTHER_TONGUE: N_("Tilläggsbelopp modersmål"),
    LinePurpose.NIU: N_("Tilläggsbelopp NIU"),
    LinePurpose.EXTRAORDINARY_SUPPORT: N_("Tilläggsbelopp extraordinärt stöd"),
    LinePurpose.OTHER: N_("Tilläggsbelopp övrigt"),
}
register_labels(
    {
        LineKind.REGULAR: N_("Ordinarie"),
        LineKind.RETROACTIVE: N_("Retroaktiv"),
        LineKind.REVERSAL: N_("Återföring"),
    }
)

# the files' sheet and column names (``compensation_files``), for their English translations
FILE_TEXTS: Final = (
    N_("Specifikation"),
    N_("Betalningar"),
    N_("Fakturaunderlag"),
    N_("Summa"),
    N_("Bokförd månad"),
    N_("Betalande kommunkod"),
    N_("Betalande kommun"),
    N_("Mottagartyp"),
    N_("Mottagarkod"),
    N_("Mottagare"),
    N_("Skolenhetskod"),
    N_("Skolenhet"),
    N_("Program"),
    N_("Programnamn"),
    N_("Inriktning"),
    N_("Avser månad"),
    N_("Avser"),
    N_("Radtyp"),
    N_("Regleras med"),
    N_("Elevmånader"),
    N_("Pris"),
    N_("Strukturtillägg"),
    N_("Administration"),
    N_("Moms"),
    N_("Belopp"),
    N_("Organisationsnummer"),
    N_("Bankgiro"),
    N_("Plusgiro"),
    N_("Varav moms"),
    N_("Valuta"),
    N_("Förfallodag"),
    N_("Referens"),
    N_("Kommunkod"),
    N_("Kommun"),
    N_("Huvudmannatyp"),
    N_("Huvudmannakod"),
    N_("Huvudman"),
    N_("Post"),
    N_("Värde"),
)

router = APIRouter(include_in_schema=False)
Choice = TypeVar("Choice", bound=Enum)
MonthQuery = Annotated[str | None, Query(alias="manad", pattern=MONTH_PATTERN)]
DueQuery = Annotated[date | None, Query(alias="forfallodag")]
YearQuery = Annotated[int | None, Query(alias="ar", ge=2000, le=2100)]


class What(StrEnum):
    STATEMENT = "specifikation"
    PAYMENT = "betalfil"


class Side(StrEnum):
    PAYS = "betalar"
    RECEIVES = "tar-emot"  # as the organiser of its own schools


def options(request: Request, names: Mapping[Choice, str]) -> list[tuple[str, str]]:
    """A select's or radio buttons' (value, text) pairs, in the request's language, from a
    catalogue's Swedish names."""
    texts = translations(request)
    return [(str(value.value), texts.gettext(name)) for value, name in names.items()]


def chosen_month(request: Request, text: str | None) -> Month:
    if text is not None:
        return Month.parse(text)
    with web_context(request).reads() as session:
        return latest_booked_in(session) or Month.of(today())


@router.get("/ersattning", name="compensation_statement", response_class=HTMLResponse)
def statement_page(
    request: Request,
    place: OwnMunicipalityPlace,
    month: MonthQuery = None,
    side: Annotated[Side, Query(alias="sida")] = Side.PAYS,
    page: Annotated[int, Query(alias="sidnr", ge=1, le=100_000)] = 1,
) -> Response:
    if place.actor is None:
        return choose(request, place, "/ersattning", N_("Ersättning mellan kommuner"))
    actor = place.actor
    chosen = chosen_month(request, month)
    code = actor.municipality_code or ""
    rows = {"limit": STATEMENT_PAGE, "offset": (page - 1) * STATEMENT_PAGE}
    with web_context(request).reads() as session:
        if side is Side.PAYS:
            found = payer_statement_page(session, actor, code, chosen, **rows)
        else:
            party = Organiser.municipality(code)
            found = payee_statement_page(session, actor, party, chosen, **rows)
    pages = max(1, -(-found.rows // STATEMENT_PAGE))
    context = {"place": place, "statement": found.statement, "month": str(chosen), "code": code}
    context |= {"pays": side is Side.PAYS, "purpose_names": PURPOSE_NAMES, "totals": found}
    context |= {"page": page, "pages": pages}
    return render(request, "compensation/statement.html", context)


@router.get("/ersattning/fil", name="compensation_file")
def statement_file(
    request: Request,
    place: OwnMunicipalityPlace,
    month: Annotated[str, Query(alias="manad", pattern=MONTH_PATTERN)],
    what: Annotated[What, Query(alias="vad")] = What.STATEMENT,
    file_format: Annotated[FileFormat, Query(alias="format")] = FileFormat.CSV,
    side: Annotated[Side, Query(alias="sida")] = Side.PAYS,
    due: DueQuery = None,
) -> Response:
    actor = place.working
    code = actor.municipality_code or ""
    booked = Month.parse(month)
    with web_context(request).reads() as session:
        if side is Side.PAYS:
            found = payer_statement(session, actor, code, booked)
        else:
            found = payee_statement(session, actor, Organiser.municipality(code), booked)
        files = _FileData(
            payee_details(session), export_names(session), booked_runs(session, booked)
        )
    name = f"ersattning-{code}-{side.value}-{month}-{what.value}"
    return download(
        name, file_format, *_sheets(found, what, files, due), texts=translations(request)
    )


@dataclass(frozen=True, slots=True)
class _FileData:
    """What the files need besides the statement: payee records, names, the month's runs."""

    payees: Mapping[Organiser, Payee]
    names: Names
    runs: list[int]


def _sheets(found: Statement, what: What, files: _FileData, due: date | None) -> list[Sheet]:
    if what is What.PAYMENT:
        terms = PaymentTerms.of(found.booked_in, files.runs, due)
        return [payment_sheet(found, files.payees, terms, files.names)]
    return list(statement_sheets(found, files.names))


OrganiserCode = Annotated[str, Query(alias="huvudman", min_length=1, max_length=200)]
OrganiserKindQuery = Annotated[OrganiserKind, Query(alias="slag")]


@router.get("/ersattning/huvudman", name="compensation_organisers", response_class=HTMLResponse)
def organisers_page(
    request: Request, actor: CompensationManage, month: MonthQuery = None
) -> Response:
    chosen = chosen_month(request, month)
    with web_context(request).reads() as session:
        payees = organiser_payees(session, actor, chosen)
    return render(request, "compensation/organisers.html", {"payees": payees, "month": str(chosen)})


@router.get(
    "/ersattning/huvudman/specifikation",
    name="compensation_organiser_statement",
    response_class=HTMLResponse,
)
def organiser_statement_page(
    request: Request,
    actor: CompensationManage,
    code: OrganiserCode,
    kind: OrganiserKindQuery = OrganiserKind.INDEPENDENT,
    month: MonthQuery = None,
) -> Response:
    chosen = chosen_month(request, month)
    with web_context(request).reads() as session:
        found = payee_statement(session, actor, Organiser(kind, code), chosen)
    context = {"statement": found, "month": str(chosen), "code": code, "kind": kind.value}
    context["purpose_names"] = PURPOSE_NAMES
    return render(request, "compensation/organiser_statement.html", context)


@router.get("/ersattning/huvudman/fil", name="compensation_organiser_file")
def organiser_statement_file(
    request: Request,
    actor: CompensationManage,
    code: OrganiserCode,
    month: Annotated[str, Query(alias="manad", pattern=MONTH_PATTERN)],
    kind: OrganiserKindQuery = OrganiserKind.INDEPENDENT,
    what: Annotated[What, Query(alias="vad")] = What.STATEMENT,
    file_format: Annotated[FileFormat, Query(alias="format")] = FileFormat.CSV,
    due: DueQuery = None,
) -> Response:
    booked = Month.parse(month)
    with web_context(request).reads() as session:
        found = payee_statement(session, actor, Organiser(kind, code), booked)
        files = _FileData(
            payee_details(session), export_names(session), booked_runs(session, booked)
        )
    safe = "".join(c if c.isalnum() else "-" for c in code)
    name = f"ersattning-{kind.value}-{safe}-{month}-{what.value}"
    return download(
        name, file_format, *_sheets(found, what, files, due), texts=translations(request)
    )


@router.get("/ersattning/nettning", name="compensation_settlement", response_class=HTMLResponse)
def settlement_page(
    request: Request, actor: CompensationRead, month: MonthQuery = None, year: YearQuery = None
) -> Response:
    if year is not None:
        months, period = year_months(year), str(year)
    else:
        chosen = chosen_month(request, month)
        months, period = [chosen], str(chosen)
    with web_context(request).reads() as session:
        result = settlement(session, actor, months=months)
    return render(request, "compensation/settlement.html", {"settlement": result, "period": period})


@router.get("/ersattning/rapport", name="compensation_report", response_class=HTMLResponse)
def report_page(request: Request, actor: CompensationRead, year: YearQuery = None) -> Response:
    chosen = year if year is not None else chosen_month(request, None).year
    with web_context(request).reads() as session:
        data = compensation_report(session, actor, chosen)
    charts = [
        Markup(flows_chart(data)),  # escaped text only (charts.py)
        Markup(payments_chart(data)),
        Markup(pupils_chart(data)),
    ]
    context = {
        "data": data,
        "charts": charts,
        "payers": sorted({payer for payer, _ in data.flows}),
        "payees": sorted({payee for _, payee in data.flows}),
        "payments": sorted(data.payments.items()),
    }
    return render(request, "compensation/report.html", context)
