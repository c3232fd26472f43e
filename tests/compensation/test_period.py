"""Months of compensation: going back a number of months is going back one month at a time
(``compensation.domain.period.Month.back``; the recheck window of a run, issue 13)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from samverka.compensation.domain.period import Month

MONTHS = st.builds(Month, st.integers(2000, 2100), st.integers(1, 12))


@given(MONTHS, st.integers(0, 40))
def test_going_back_n_months_is_going_back_one_month_n_times(month: Month, n: int) -> None:
    stepped = month
    for _ in range(n):
        stepped = stepped.previous()
    assert month.back(n) == stepped


def test_going_back_twelve_months_from_january_reaches_the_january_before() -> None:
    assert Month(2026, 1).back(12) == Month(2025, 1)
    assert Month(2026, 3).back(3) == Month(2025, 12)
