"""Swedish time: every date a person sees or a rule uses is a date in Europe/Stockholm.

Source: issue 12 point 12 and the house rule "Time is Swedish" (architecture.md habit 11).
The moments themselves are stored in UTC; these pure functions turn them into Swedish dates and
Swedish days into UTC moments, and handle the changes to and from daylight saving time (the last
Sunday of March, 02:00 → 03:00, and of October, 03:00 → 02:00; EU directive 2000/84/EC).

* ``swedish_today(now)`` — the date in Sweden at the moment ``now`` (which must be aware).
* ``start_of_swedish_day(day)`` — the first moment of ``day`` in Sweden, as UTC.
* ``end_of_swedish_day(day)`` — the exclusive end of ``day`` in Sweden (the first moment of the
  next day), as UTC: a window that "closes on 15 February" is open until 15 February
  23:59:59.999… Swedish time and is stored with the end 16 February 00:00 Swedish time.
* ``swedish_moment(day, hour, minute)`` — a Swedish wall-clock time as UTC. A time that does not
  exist (02:30 on the last Sunday of March) is read with the offset before the change (it
  becomes 03:30 summer time); a time that occurs twice (02:30 on the last Sunday of October) is
  the first of the two (summer time), as ``zoneinfo`` does with ``fold=0``.
* ``in_sweden(moment)`` — the moment as a Swedish wall-clock time (aware, Europe/Stockholm).

No function reads the clock: ``now`` is always a parameter (see ``samverka.platform.clock``).
A moment without a time zone is one read back from storage, which keeps UTC: it is taken as UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

SWEDISH_TIME: Final = ZoneInfo("Europe/Stockholm")


def _aware(moment: datetime) -> datetime:
    """``moment`` with its zone; a moment without one was read back from storage, which keeps
    UTC (SQLite stores no zone), so it is UTC."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=UTC)
    return moment


def in_sweden(moment: datetime) -> datetime:
    """``moment`` as Swedish wall-clock time."""
    return _aware(moment).astimezone(SWEDISH_TIME)


def swedish_today(now: datetime) -> date:
    """The date in Sweden at ``now``."""
    return in_sweden(now).date()


def swedish_moment(day: date, hour: int = 0, minute: int = 0) -> datetime:
    """The Swedish wall-clock time ``hour``:``minute`` on ``day``, as a UTC moment."""
    local = datetime.combine(day, time(hour, minute), tzinfo=SWEDISH_TIME)
    return local.astimezone(UTC)


def start_of_swedish_day(day: date) -> datetime:
    """The first moment of ``day`` in Sweden, as UTC."""
    return swedish_moment(day)


def end_of_swedish_day(day: date) -> datetime:
    """The exclusive end of ``day`` in Sweden (midnight before the next day), as UTC."""
    return swedish_moment(day + timedelta(days=1))


def last_swedish_day(exclusive_end: datetime) -> date:
    """The last Swedish day on which a window with this exclusive end is open (for a window
    ending at Swedish midnight, the day before it)."""
    return swedish_today(_aware(exclusive_end) - timedelta(microseconds=1))
