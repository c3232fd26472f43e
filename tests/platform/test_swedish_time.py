"""Swedish time: dates a person sees or a rule uses are Europe/Stockholm dates, moments are
stored in UTC, and the changes to and from daylight saving time are handled.

Source: issue 12 point 12; EU directive 2000/84/EC (summer time from 01:00 UTC on the last
Sunday of March to 01:00 UTC on the last Sunday of October).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from samverka.platform.clock import FixedClock, now, today, using
from samverka.platform.domain.swedish_time import (
    end_of_swedish_day,
    in_sweden,
    last_swedish_day,
    start_of_swedish_day,
    swedish_moment,
    swedish_today,
)


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (_utc(2027, 2, 14, 22, 59), date(2027, 2, 14)),  # 23:59 in winter
        (_utc(2027, 2, 14, 23, 0), date(2027, 2, 15)),  # midnight in winter is 23:00 UTC
        (_utc(2027, 6, 30, 21, 59), date(2027, 6, 30)),  # 23:59 in summer
        (_utc(2027, 6, 30, 22, 0), date(2027, 7, 1)),  # midnight in summer is 22:00 UTC
    ],
)
def test_today_is_the_swedish_date_also_between_midnight_and_two_in_the_morning(
    moment: datetime, day: date
) -> None:
    """Issue 12 point 12: between midnight and 02:00 the UTC date is still yesterday's."""
    assert swedish_today(moment) == day


def test_a_swedish_day_ends_at_midnight_swedish_time_in_winter_and_in_summer() -> None:
    """A window closing on 15 February is open until 23:59:59.999 CET (issue 12 point 12)."""
    assert end_of_swedish_day(date(2027, 2, 15)) == _utc(2027, 2, 15, 23)
    assert end_of_swedish_day(date(2027, 5, 15)) == _utc(2027, 5, 15, 22)
    assert start_of_swedish_day(date(2027, 1, 15)) == _utc(2027, 1, 14, 23)
    assert last_swedish_day(end_of_swedish_day(date(2027, 2, 15))) == date(2027, 2, 15)


def test_the_day_summer_time_begins_has_23_hours_and_the_day_it_ends_25() -> None:
    """The last Sunday of March 2027 is 28 March (02:00 → 03:00), of October 31 October."""
    march = end_of_swedish_day(date(2027, 3, 28)) - start_of_swedish_day(date(2027, 3, 28))
    october = end_of_swedish_day(date(2027, 10, 31)) - start_of_swedish_day(date(2027, 10, 31))
    assert (march, october) == (timedelta(hours=23), timedelta(hours=25))
    assert swedish_moment(date(2027, 3, 28), 1, 59) == _utc(2027, 3, 28, 0, 59)
    assert swedish_moment(date(2027, 3, 28), 3, 0) == _utc(2027, 3, 28, 1, 0)


def test_a_time_that_does_not_exist_or_occurs_twice_is_read_one_stated_way() -> None:
    """02:30 on 28 March 2027 does not exist: read with the winter offset it is 03:30 summer
    time. 02:30 on 31 October 2027 occurs twice: the first (summer time) is meant."""
    assert in_sweden(swedish_moment(date(2027, 3, 28), 2, 30)).hour == 3
    assert swedish_moment(date(2027, 10, 31), 2, 30) == _utc(2027, 10, 31, 0, 30)


def test_a_moment_without_a_time_zone_is_utc_as_storage_keeps_it() -> None:
    """SQLite gives stored moments back without a zone; storage is UTC."""
    assert swedish_today(datetime(2027, 2, 15, 23, 30)) == date(2027, 2, 16)


def test_the_clock_refuses_a_moment_without_a_time_zone() -> None:
    with pytest.raises(ValueError, match="aware"):
        FixedClock(datetime(2027, 2, 15, 12))


def test_the_one_clock_can_be_frozen_and_moved_and_gives_the_swedish_today() -> None:
    clock = FixedClock(_utc(2027, 2, 15, 23, 30))
    with using(clock):
        assert now() == _utc(2027, 2, 15, 23, 30)
        assert today() == date(2027, 2, 16)
        clock.advance(timedelta(hours=-1))
        assert today() == date(2027, 2, 15)
    assert now() != _utc(2027, 2, 15, 22, 30)  # outside the block the system's clock answers
