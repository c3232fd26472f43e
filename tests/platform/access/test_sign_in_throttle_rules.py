"""The sign-in throttle's rules (OWASP ASVS 4.0.3 V2.2.1, NIST SP 800-63B §5.2.2; issue 11,
point 10): free attempts, then a delay of 1 s that doubles with each failure up to a cap, and
a count forgotten after an hour of quiet. Nothing locks an account for good."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from samverka.platform.access.domain.sign_in_throttle import (
    NOTHING,
    RULES,
    ThrottleCount,
    ThrottleKey,
    counted,
    delay,
    given_back,
    wait,
)

NOW = datetime(2026, 2, 1, 12, tzinfo=UTC)
PAIR = RULES[ThrottleKey.ACCOUNT_AT_ADDRESS]
ACCOUNT = RULES[ThrottleKey.ACCOUNT]
ADDRESS = RULES[ThrottleKey.ADDRESS]


def test_five_failures_at_one_address_cost_nothing_and_the_sixth_waits_a_second() -> None:
    assert [delay(PAIR, n).total_seconds() for n in range(4, 10)] == [0, 1, 2, 4, 8, 16]


def test_the_delay_at_one_address_stops_growing_at_fifteen_minutes() -> None:
    assert delay(PAIR, 15) == timedelta(minutes=15)
    assert delay(PAIR, 10_000) == timedelta(minutes=15)


def test_the_account_wide_delay_is_at_most_a_minute() -> None:
    assert delay(ACCOUNT, 10) == timedelta(seconds=1)
    assert delay(ACCOUNT, 10_000) == timedelta(minutes=1)


def test_an_address_has_fifty_free_attempts() -> None:
    assert delay(ADDRESS, 49) == timedelta(0)
    assert delay(ADDRESS, 50) == timedelta(seconds=1)


def test_the_wait_runs_from_the_last_failure() -> None:
    count = ThrottleCount(7, NOW)
    assert wait(PAIR, count, NOW) == timedelta(seconds=4)
    assert wait(PAIR, count, NOW + timedelta(seconds=3)) == timedelta(seconds=1)
    assert wait(PAIR, count, NOW + timedelta(seconds=4)) == timedelta(0)


def test_a_count_quiet_for_an_hour_is_forgotten() -> None:
    old = ThrottleCount(40, NOW - timedelta(hours=1))
    assert wait(PAIR, old, NOW) == timedelta(0)
    assert counted(PAIR, old, NOW) == ThrottleCount(1, NOW)


def test_counting_adds_one_and_giving_back_takes_one_never_below_nothing() -> None:
    assert counted(PAIR, NOTHING, NOW) == ThrottleCount(1, NOW)
    assert given_back(ThrottleCount(1, NOW)) == ThrottleCount(0, NOW)
    assert given_back(ThrottleCount(0, NOW)).failures == 0


@given(failures=st.integers(min_value=0, max_value=10**9))
def test_no_count_ever_makes_anyone_wait_longer_than_the_cap(failures: int) -> None:
    for rule in RULES.values():
        assert timedelta(0) <= wait(rule, ThrottleCount(failures, NOW), NOW) <= rule.cap


def test_a_single_account_gets_fewer_than_a_hundred_guesses_an_hour_from_everywhere() -> None:
    """ASVS V2.2.1: at most 100 failed attempts an hour on one account, counting only the
    account-wide key (many addresses, each with its own free attempts at that address)."""
    now, count, guesses = NOW, NOTHING, 0
    while now < NOW + timedelta(hours=1):
        now += wait(ACCOUNT, count, now)
        count = counted(ACCOUNT, count, now)
        guesses += 1
    assert guesses < 100
