"""The login throttle: failed sign-ins per username and per address in a sliding window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from samverka.errors import NotPermitted
from samverka.services.login_throttle import LoginThrottle

ADDRESS = "192.0.2.10"


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 2, 1, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def throttle(clock: FakeClock) -> LoginThrottle:
    return LoginThrottle(clock=clock)


def _fail(
    throttle: LoginThrottle, times: int, username: str = "alva", address: str = ADDRESS
) -> None:
    for _ in range(times):
        throttle.check(username, address)
        throttle.record_failure(username, address)


def test_four_failures_still_allow_a_fifth_attempt(throttle: LoginThrottle) -> None:
    _fail(throttle, 4)
    throttle.check("alva", ADDRESS)
    assert throttle.wait("alva", ADDRESS) is None


def test_five_failures_for_a_username_refuse_the_sixth_attempt(throttle: LoginThrottle) -> None:
    _fail(throttle, 5)
    with pytest.raises(NotPermitted, match="too many attempts; try again in 15 minutes"):
        throttle.check("alva", ADDRESS)


def test_the_username_is_blocked_from_every_address(throttle: LoginThrottle) -> None:
    for serial in range(5):
        _fail(throttle, 1, address=f"192.0.2.{serial}")
    with pytest.raises(NotPermitted):
        throttle.check("alva", "198.51.100.7")


def test_the_username_is_blocked_whatever_its_case(throttle: LoginThrottle) -> None:
    _fail(throttle, 5, username="Alva")
    with pytest.raises(NotPermitted):
        throttle.check(" ALVA ", ADDRESS)


def test_a_blocked_username_does_not_block_another_username(throttle: LoginThrottle) -> None:
    _fail(throttle, 5)
    throttle.check("bo", ADDRESS)


def test_the_block_lifts_when_the_oldest_failure_leaves_the_window(
    throttle: LoginThrottle, clock: FakeClock
) -> None:
    for _ in range(5):
        _fail(throttle, 1)
        clock.advance(2)  # failures at 0, 2, 4, 6 and 8 minutes; now 10 minutes
    assert throttle.wait("alva", ADDRESS) == timedelta(minutes=5)
    with pytest.raises(NotPermitted, match="try again in 5 minutes"):
        throttle.check("alva", ADDRESS)
    clock.advance(5)
    throttle.check("alva", ADDRESS)
    _fail(throttle, 1)  # five within the window again: 2, 4, 6, 8 and 15 minutes
    assert throttle.wait("alva", ADDRESS) == timedelta(minutes=2)


def test_the_message_rounds_the_wait_up_to_whole_minutes(
    throttle: LoginThrottle, clock: FakeClock
) -> None:
    _fail(throttle, 5)
    clock.advance(14.5)
    with pytest.raises(NotPermitted, match=r"try again in 1 minute$"):
        throttle.check("alva", ADDRESS)


def test_a_success_clears_the_usernames_failures(throttle: LoginThrottle) -> None:
    _fail(throttle, 4)
    throttle.record_success("alva")
    _fail(throttle, 4)
    throttle.check("alva", ADDRESS)


def test_twenty_failures_from_one_address_block_it_for_every_username(
    throttle: LoginThrottle,
) -> None:
    for serial in range(20):
        _fail(throttle, 1, username=f"user{serial}")
    with pytest.raises(NotPermitted):
        throttle.check("someone-new", ADDRESS)
    throttle.check("someone-new", "198.51.100.7")


def test_a_success_does_not_clear_the_addresss_failures(throttle: LoginThrottle) -> None:
    for serial in range(20):
        _fail(throttle, 1, username=f"user{serial}")
        throttle.record_success(f"user{serial}")
    with pytest.raises(NotPermitted):
        throttle.check("user0", ADDRESS)


def test_the_limits_and_the_window_can_be_chosen(clock: FakeClock) -> None:
    throttle = LoginThrottle(clock=clock, per_username=2, window=timedelta(minutes=1))
    _fail(throttle, 2)
    with pytest.raises(NotPermitted, match=r"try again in 1 minute$"):
        throttle.check("alva", ADDRESS)
    clock.advance(1)
    throttle.check("alva", ADDRESS)
