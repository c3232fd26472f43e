"""The admission year's calendar under ``/api/v1`` (admission officer).

* ``GET /calendar``: the newest year's windows and dates, and whether each window is open now.
  Moments are given in Swedish time (``+01:00`` or ``+02:00``); a window's ``…_closes`` is the
  first moment it is closed (a window whose last day is 15 February closes at
  ``2027-02-16T00:00:00+01:00``), and ``…_last_day`` is that last Swedish day.
* ``PUT /calendar``: replace them (open, close or move a window); moments need a time zone.
  Parts out of order answer 422 ``invalid_input`` naming them, and change nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from pydantic import Field

from samverka.admission.domain.calendar import AdmissionCalendar
from samverka.admission.http import CalendarIn, YearAdmin
from samverka.admission.services.admission_year import (
    CalendarParts,
    change_calendar,
    checked_calendar,
    year_calendar,
)
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.api.schemas import ErrorOut, SwedishMoment
from samverka.platform.domain.swedish_time import in_sweden
from samverka.platform.web.deps import current_year, now, unit_of_work

RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    404: {"model": ErrorOut, "description": "No admission year yet (`not_found`)."},
}

router = APIRouter(prefix=PREFIX, tags=["calendar"], responses=RESPONSES)


class CalendarOut(CalendarIn):
    application_opens: SwedishMoment
    application_closes: SwedishMoment
    choice_change_opens: SwedishMoment
    choice_change_closes: SwedishMoment
    year: int
    application_open_now: bool
    choice_change_open_now: bool
    application_last_day: date = Field(description="The last Swedish day it is open.")
    choice_change_last_day: date = Field(description="The last Swedish day it is open.")

    @classmethod
    def of(cls, year: int, calendar: AdmissionCalendar) -> CalendarOut:
        moment = now()
        parts = CalendarParts.of(calendar)
        return cls(
            year=year,
            application_open_now=calendar.application.contains(moment),
            choice_change_open_now=calendar.choice_change.contains(moment),
            application_last_day=calendar.application.last_day,
            choice_change_last_day=calendar.choice_change.last_day,
            application_opens=in_sweden(parts.application_opens),
            application_closes=in_sweden(parts.application_closes),
            choice_change_opens=in_sweden(parts.choice_change_opens),
            choice_change_closes=in_sweden(parts.choice_change_closes),
            autumn_grades_due=parts.autumn_grades_due,
            final_grades_due=parts.final_grades_due,
            preliminary_round=parts.preliminary_round,
            final_round=parts.final_round,
            reply_deadline=parts.reply_deadline,
            reserve_rounds=list(parts.reserve_rounds),
        )


@router.get("/calendar", summary="The admission year's windows and dates")
def get_calendar(request: Request, actor: YearAdmin) -> CalendarOut:
    year = current_year(request)
    return CalendarOut.of(year, year_calendar(unit_of_work(request), year))


@router.put("/calendar", summary="Open, close or move the windows; change the dates")
def put_calendar(request: Request, actor: YearAdmin, body: CalendarIn) -> CalendarOut:
    year = current_year(request)
    calendar = checked_calendar(body.parts())
    change_calendar(unit_of_work(request), year=year, calendar=calendar, actor=actor, now=now())
    return CalendarOut.of(year, calendar)
