"""The admission officer opens, closes and moves the year's windows: ``/antagning/kalender``.

The page shows whether the application period and the choice-change window are open now, and
a form with every date of the calendar: the two windows as local times in Sweden
(``Europe/Stockholm``): the first minute each is open and the last minute it is open ("till och
med"; a window open to 2027-02-15 23:59 is stored with the exclusive end 2027-02-16 00:00
Swedish time); a day alone (2027-02-15) means the start of that day for an opening and its end
for a closing. The grade deadlines and the round dates are days, and the reserve-round days are
separated by spaces or commas. Saving goes through ``change_calendar`` with
the officer (an ``Actor``); a part that cannot be read or is out of order shows the form again
with every problem (422), each at its field as every refused form shows it
(``platform.web.forms.show_refusal``), the input kept, and changes nothing. The windows apply from
the next request on.

The page's form is its own input model (``CalendarForm``): a person types Swedish local times
and the last open minute of a window, where the API's ``http.CalendarIn`` takes moments with
a time zone and the first closed one; both end in the same ``CalendarParts``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Annotated, Final

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import Field

from samverka.admission.domain.calendar import AdmissionCalendar
from samverka.admission.http import YearAdmin
from samverka.admission.services.admission_year import (
    CalendarParts,
    change_calendar,
    checked_calendar,
    year_calendar,
)
from samverka.errors import InvalidInput, RowError
from samverka.platform.domain.swedish_time import (
    SWEDISH_TIME,
    end_of_swedish_day,
    in_sweden,
    start_of_swedish_day,
)
from samverka.platform.http import UseCaseModel
from samverka.platform.web.deps import current_year, now, unit_of_work
from samverka.platform.web.forms import FieldProblem, show_refusal
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render

MINUTE: Final = timedelta(minutes=1)
MOMENT_FORMAT: Final = "%Y-%m-%dT%H:%M"  # as <input type="datetime-local"> sends it
MOMENTS: Final = (
    "application_opens",
    "application_closes",
    "choice_change_opens",
    "choice_change_closes",
)
DAYS: Final = (
    "autumn_grades_due",
    "final_grades_due",
    "preliminary_round",
    "final_round",
    "reply_deadline",
)
UNREADABLE_MOMENT: Final = N_(
    "%(value)s är ingen tidpunkt (skriv till exempel 2027-01-15 08:00 eller 2027-01-15)."
)
UNREADABLE_DAY: Final = N_("%(value)s är inget datum (skriv till exempel 2027-07-01).")
OUT_OF_ORDER: Final = N_(
    "Datumen är inte i ordning: ett fönster stänger efter att det öppnar, omvalet öppnar efter "
    "ansökan och den preliminära antagningen, den slutliga och sista svarsdag följer på varandra."
)

router = APIRouter(include_in_schema=False)


class CalendarForm(UseCaseModel):
    """The calendar as the page's form gives it: texts, read by ``_parts``."""

    application_opens: str = Field(max_length=40)
    application_closes: str = Field(max_length=40)
    choice_change_opens: str = Field(max_length=40)
    choice_change_closes: str = Field(max_length=40)
    autumn_grades_due: str = Field(max_length=40)
    final_grades_due: str = Field(max_length=40)
    preliminary_round: str = Field(max_length=40)
    final_round: str = Field(max_length=40)
    reply_deadline: str = Field(max_length=40)
    reserve_rounds: str = Field("", max_length=400)


@router.get("/antagning/kalender", name="year_calendar", response_class=HTMLResponse)
def calendar_page(request: Request, actor: YearAdmin) -> Response:
    year = current_year(request)
    calendar = year_calendar(unit_of_work(request), year)
    saved = "sparat" in request.query_params
    return _page(request, year, calendar, _fields(CalendarParts.of(calendar)), saved)


@router.post("/antagning/kalender", name="change_year_calendar")
def save_calendar(
    request: Request, actor: YearAdmin, form: Annotated[CalendarForm, Form()]
) -> Response:
    year = current_year(request)
    values = form.model_dump()
    try:
        calendar = checked_calendar(_parts(values), source="form")
    except InvalidInput as refusal:
        current = year_calendar(unit_of_work(request), year)
        show_refusal(request, _problems(refusal), values)
        return _page(request, year, current, values, False, status_code=422)
    change_calendar(unit_of_work(request), year=year, calendar=calendar, actor=actor, now=now())
    return RedirectResponse("/antagning/kalender?sparat=1", status_code=303)


def _page(
    request: Request,
    year: int,
    calendar: AdmissionCalendar,
    values: Mapping[str, str],
    saved: bool,
    *,
    status_code: int = 200,
) -> Response:
    moment = now()
    context = {
        "year": year,
        "values": values,
        "saved": saved,
        "application_open": calendar.application.contains(moment),
        "choice_change_open": calendar.choice_change.contains(moment),
    }
    return render(request, "officer/calendar.html", context, status_code=status_code)


def _fields(parts: CalendarParts) -> dict[str, str]:
    """The form's values: moments in Swedish local time (a closing as the last open minute),
    days and reserve days as ISO dates."""
    values = {
        name: in_sweden(_shown(name, getattr(parts, name))).strftime(MOMENT_FORMAT)
        for name in MOMENTS
    }
    values |= {name: getattr(parts, name).isoformat() for name in DAYS}
    values["reserve_rounds"] = " ".join(day.isoformat() for day in parts.reserve_rounds)
    return values


def _parts(values: Mapping[str, str]) -> CalendarParts:
    """``CalendarParts`` from the form, or ``InvalidInput`` with every field it cannot read."""
    problems: list[RowError] = []

    def moment(name: str) -> datetime:
        text = values[name].strip().replace(" ", "T")
        closing = name.endswith("_closes")
        try:
            if "T" not in text:  # a day alone: its start, or its end for a closing
                day = date.fromisoformat(text)
                return end_of_swedish_day(day) if closing else start_of_swedish_day(day)
            local = datetime.strptime(text, MOMENT_FORMAT).replace(tzinfo=SWEDISH_TIME)
            return local + MINUTE if closing else local
        except ValueError:
            problems.append(
                RowError("form", 0, name, UNREADABLE_MOMENT, {"value": values[name] or "–"})
            )
            return datetime.min.replace(tzinfo=SWEDISH_TIME)

    def day(name: str, text: str) -> date:
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            problems.append(RowError("form", 0, name, UNREADABLE_DAY, {"value": text or "–"}))
            return date.min

    moments = {name: moment(name) for name in MOMENTS}
    days = {name: day(name, values[name]) for name in DAYS}
    written = re.split(r"[\s,;]+", values["reserve_rounds"])
    reserve = tuple(day("reserve_rounds", text) for text in written if text)
    if problems:
        raise InvalidInput(problems)
    return CalendarParts(
        moments["application_opens"],
        moments["application_closes"],
        moments["choice_change_opens"],
        moments["choice_change_closes"],
        days["autumn_grades_due"],
        days["final_grades_due"],
        days["preliminary_round"],
        days["final_round"],
        days["reply_deadline"],
        reserve,
    )


def _shown(name: str, moment: datetime) -> datetime:
    """A closing is shown as the last minute the window is open (its exclusive end − 1 min)."""
    return moment - MINUTE if name.endswith("_closes") else moment


def _problems(refusal: InvalidInput) -> list[FieldProblem]:
    """Each part that cannot be read at its field; the order of the parts for the whole form."""
    problems = []
    for problem in refusal.errors:
        if problem.reason in (UNREADABLE_MOMENT, UNREADABLE_DAY):
            problems.append(FieldProblem(problem.field, problem.reason, problem.parameters))
        else:
            problems.append(FieldProblem("", OUT_OF_ORDER))
    return [p for at, p in enumerate(problems) if p not in problems[:at]]  # each once
