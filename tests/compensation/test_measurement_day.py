"""The measurement-day rule (admissions-rules.md §7.3) and calendar months."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.compensation.domain.measurement_day import MeasurementDayRule, measurement_date
from samverka.compensation.domain.period import Month, months_between

RULE = MeasurementDayRule()


def test_the_tenth_decides_an_ordinary_month() -> None:
    assert measurement_date(Month(2025, 3), RULE) == date(2025, 3, 10)
    assert measurement_date(Month(2025, 12), RULE) == date(2025, 12, 10)


def test_the_fifteenth_decides_september() -> None:
    assert measurement_date(Month(2025, 9), RULE) == date(2025, 9, 15)


def test_july_and_august_follow_the_thirty_first_of_august() -> None:
    assert measurement_date(Month(2025, 7), RULE) == date(2025, 8, 31)
    assert measurement_date(Month(2025, 8), RULE) == date(2025, 8, 31)


def test_a_day_beyond_the_month_means_its_last_day() -> None:
    rule = MeasurementDayRule(day=31)
    assert measurement_date(Month(2024, 2), rule) == date(2024, 2, 29)
    assert measurement_date(Month(2025, 4), rule) == date(2025, 4, 30)


def test_the_rule_is_a_setting_that_survives_a_round_trip() -> None:
    rule = MeasurementDayRule(day=1, special_days=((9, 20), (1, 15)), summer_months=frozenset())
    assert MeasurementDayRule.from_dict(rule.to_dict()) == rule
    assert measurement_date(Month(2025, 7), rule) == date(2025, 7, 1)
    assert measurement_date(Month(2025, 1), rule) == date(2025, 1, 15)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"day": 0},
        {"day": 32},
        {"special_days": ((13, 1),)},
        {"special_days": ((9, 15), (9, 16))},
        {"summer_date": (8, 40)},
    ],
)
def test_an_impossible_rule_is_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        MeasurementDayRule(**kwargs)  # type: ignore[arg-type]


months_st = st.builds(Month, st.integers(2000, 2100), st.integers(1, 12))


@given(months_st)
def test_outside_the_summer_the_measurement_date_lies_in_its_own_month(month: Month) -> None:
    day = measurement_date(month, RULE)
    if month.month not in (7, 8):
        assert Month.of(day) == month
    else:
        assert day == date(month.year, 8, 31)


@given(months_st)
def test_next_and_previous_are_inverse_and_ordered(month: Month) -> None:
    assert month.next().previous() == month
    assert month < month.next()
    assert month.next().first_day == date.fromordinal(month.last_day.toordinal() + 1)


def test_months_between_includes_both_ends() -> None:
    months = list(months_between(Month(2024, 11), Month(2025, 2)))
    assert [str(m) for m in months] == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert Month.parse("2025-02") == months[-1]
    assert list(months_between(Month(2025, 2), Month(2025, 1))) == []
