"""The admission year's dates as everyone may read them: the calendar (admissions-rules §4.1),
what no reply means (``replies.NoReplyRule``) and the dates still ahead of a moment, in order.

The calendar is public: the start page shows it to everyone, signed in or not. The queries read
one row (the year's), never personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from samverka.admission.db import tables as t
from samverka.admission.domain.calendar import AdmissionCalendar
from samverka.admission.domain.replies import NoReplyRule
from samverka.admission.domain.year_settings import YearSettings
from samverka.platform.domain.swedish_time import swedish_today


class Moment(StrEnum):
    """A date of the calendar, by what happens on it (worded on the pages)."""

    APPLICATION_OPENS = "application_opens"
    APPLICATION_CLOSES = "application_closes"
    AUTUMN_GRADES_DUE = "autumn_grades_due"
    PRELIMINARY_ROUND = "preliminary_round"
    CHOICE_CHANGE_OPENS = "choice_change_opens"
    CHOICE_CHANGE_CLOSES = "choice_change_closes"
    FINAL_GRADES_DUE = "final_grades_due"
    FINAL_ROUND = "final_round"
    REPLY_DEADLINE = "reply_deadline"
    RESERVE_ROUND = "reserve_round"


@dataclass(frozen=True, slots=True)
class YearDate:
    day: date
    moment: Moment


@dataclass(frozen=True, slots=True)
class YearDates:
    year: int
    region: str
    calendar: AdmissionCalendar
    no_reply: NoReplyRule

    def every_date(self) -> list[YearDate]:
        """Every date of the year's calendar, in order (a window by its first and last day)."""
        c = self.calendar
        found = [
            YearDate(swedish_today(c.application.opens), Moment.APPLICATION_OPENS),
            YearDate(c.application.last_day, Moment.APPLICATION_CLOSES),
            YearDate(c.autumn_grades_due, Moment.AUTUMN_GRADES_DUE),
            YearDate(c.preliminary_round, Moment.PRELIMINARY_ROUND),
            YearDate(swedish_today(c.choice_change.opens), Moment.CHOICE_CHANGE_OPENS),
            YearDate(c.choice_change.last_day, Moment.CHOICE_CHANGE_CLOSES),
            YearDate(c.final_grades_due, Moment.FINAL_GRADES_DUE),
            YearDate(c.final_round, Moment.FINAL_ROUND),
            YearDate(c.reply_deadline, Moment.REPLY_DEADLINE),
            *(YearDate(day, Moment.RESERVE_ROUND) for day in c.reserve_rounds),
        ]
        return sorted(found, key=lambda d: d.day)

    def ahead(self, now: datetime, count: int = 3) -> list[YearDate]:
        """The next ``count`` dates from today (Swedish) on."""
        today = swedish_today(now)
        return [d for d in self.every_date() if d.day >= today][:count]


def year_dates(db: Session | Connection, year: int | None = None) -> YearDates | None:
    """The dates of ``year`` (default: the newest year), or ``None`` when there is no year."""
    y = t.admission_year
    wanted = year if year is not None else select(func.max(y.c.year)).scalar_subquery()
    columns = (y.c.year, y.c.region, y.c.calendar, y.c.settings)
    row = db.execute(select(*columns).where(y.c.year == wanted)).first()
    if row is None:
        return None
    settings = YearSettings.from_dict(row.settings)
    calendar = AdmissionCalendar.from_dict(row.calendar)
    return YearDates(row.year, row.region, calendar, settings.no_reply)
