"""The pages of the money between municipalities, for the municipality's finance officer and
the admission officer (and, for the aggregates, the analyst):

* ``/ersattning`` (municipality, officer): the municipality's statement as payer for the lines
  booked in a month (``?manad=YYYY-MM``, default the newest booked), with links to download it
  and the payment file as CSV or Excel (``/ersattning/fil``). The officer chooses the
  municipality with ``?kommun=CODE`` as on ``/kommun``.
* ``/ersattning/nettning`` (municipality, officer, analyst): the net settlement of a month or a
  year (``?ar=YYYY``): transfers before and after, money moved before and after, and the
  settling transfers.
* ``/ersattning/rapport`` (municipality, officer, analyst): the year's report with charts:
  flows between municipalities, payments over the year, pupils per programme and home
  municipality. No pupil is named on any of them.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Final

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from markupsafe import Markup
from starlette.background import BackgroundTask

from samverka.adapters.documents.compensation_report import (
    flows_chart,
    matrix_table,
    payments_chart,
    pupils_chart,
)
from samverka.adapters.exports.compensation_files import payment_table, statement_table, write
from samverka.domain.access.actors import Actor, Role
from samverka.domain.compensation.organiser import Organiser
from samverka.domain.compensation.period import Month
from samverka.entrypoints.web.auth import require
from samverka.entrypoints.web.context import web_context
from samverka.entrypoints.web.i18n import N_
from samverka.entrypoints.web.municipality import municipality_workplace
from samverka.entrypoints.web.school import Workplace, choose
from samverka.entrypoints.web.templating import render
from samverka.queries.compensation_view import (
    compensation_report,
    latest_booked_in,
    payee_statement,
    payer_statement,
    settlement,
    year_months,
)

MONTH_PATTERN: Final = r"^\d{4}-(0[1-9]|1[0-2])$"
MEDIA_TYPES: Final = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

router = APIRouter(include_in_schema=False)
Place = Annotated[Workplace, Depends(municipality_workplace)]
Reader = Annotated[Actor, Depends(require(Role.MUNICIPALITY, Role.OFFICER, Role.ANALYST))]
MonthQuery = Annotated[str | None, Query(alias="manad", pattern=MONTH_PATTERN)]
YearQuery = Annotated[int | None, Query(alias="ar", ge=2000, le=2100)]


class What(StrEnum):
    STATEMENT = "specifikation"
    PAYMENT = "betalfil"


class Side(StrEnum):
    PAYS = "betalar"
    RECEIVES = "tar-emot"  # as the organiser of its own schools


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


def chosen_month(request: Request, text: str | None) -> Month:
    if text is not None:
        return Month.parse(text)
    with web_context(request).reads() as session:
        return latest_booked_in(session) or Month.of(datetime.now(UTC).date())


@router.get("/ersattning", name="compensation_statement", response_class=HTMLResponse)
def statement_page(
    request: Request,
    place: Place,
    month: MonthQuery = None,
    side: Annotated[Side, Query(alias="sida")] = Side.PAYS,
) -> Response:
    if place.actor is None:
        return choose(request, place, "/ersattning", N_("Ersättning mellan kommuner"))
    actor = place.actor
    chosen = chosen_month(request, month)
    code = actor.municipality_code or ""
    with web_context(request).reads() as session:
        if side is Side.PAYS:
            found = payer_statement(session, actor, code, chosen)
        else:
            found = payee_statement(session, actor, Organiser.municipality(code), chosen)
    context = {"place": place, "statement": found, "month": str(chosen), "code": code}
    return render(request, "compensation/statement.html", {**context, "pays": side is Side.PAYS})


@router.get("/ersattning/fil", name="compensation_file")
def statement_file(
    request: Request,
    place: Place,
    month: Annotated[str, Query(alias="manad", pattern=MONTH_PATTERN)],
    what: Annotated[What, Query(alias="vad")] = What.STATEMENT,
    file_format: Annotated[FileFormat, Query(alias="format")] = FileFormat.CSV,
) -> Response:
    actor = place.working
    code = actor.municipality_code or ""
    with web_context(request).reads() as session:
        found = payer_statement(session, actor, code, Month.parse(month))
    directory = Path(tempfile.mkdtemp(prefix="samverka-compensation-"))
    path = directory / f"ersattning-{code}-{month}-{what.value}.{file_format.value}"
    write(path, payment_table(found) if what is What.PAYMENT else statement_table(found))
    return FileResponse(
        path,
        media_type=MEDIA_TYPES[file_format.value],
        filename=path.name,
        background=BackgroundTask(shutil.rmtree, directory, ignore_errors=True),
    )


@router.get("/ersattning/nettning", name="compensation_settlement", response_class=HTMLResponse)
def settlement_page(
    request: Request, actor: Reader, month: MonthQuery = None, year: YearQuery = None
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
def report_page(request: Request, actor: Reader, year: YearQuery = None) -> Response:
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
        "matrix": Markup(matrix_table(data)),  # every cell escaped
        "payments": sorted(data.payments.items()),
    }
    return render(request, "compensation/report.html", context)
