"""The sign-in throttle in the database, on SQLite and PostgreSQL (OWASP ASVS 4.0.3 V2.2.1;
NIST SP 800-63B §5.2.2; issue 11, point 10): growing delays per account at an address, per
address and per account, shared by every worker, that never lock the real user out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.admission.ports import UnitOfWork
from samverka.errors import TooManyAttempts
from samverka.platform.access.db.tables import sign_in_throttle
from samverka.platform.access.domain.sign_in_throttle import ThrottleCount, ThrottleKey
from samverka.platform.access.services.login_throttle import LoginThrottle

ATTACKER, USER = "203.0.113.66", "192.0.2.10"


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 2, 1, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def throttle(clock: FakeClock) -> LoginThrottle:
    return LoginThrottle(clock=clock)


def _fail(
    uow: UnitOfWork, throttle: LoginThrottle, times: int, username: str = "alva", at: str = USER
) -> None:
    for _ in range(times):
        throttle.claim(uow, username, at)  # counted beforehand; no success follows


def _refused_for(uow: UnitOfWork, throttle: LoginThrottle, username: str, at: str) -> timedelta:
    with pytest.raises(TooManyAttempts) as refused:
        throttle.claim(uow, username, at)
    return refused.value.retry_after


def test_five_failures_cost_nothing_then_the_wait_doubles_from_one_second(
    uow: UnitOfWork, throttle: LoginThrottle, clock: FakeClock
) -> None:
    _fail(uow, throttle, 5)
    waits = []
    for _ in range(5):
        wait = _refused_for(uow, throttle, "alva", USER)
        waits.append(wait.total_seconds())
        clock.advance(wait.total_seconds())
        _fail(uow, throttle, 1)
    assert waits == [1, 2, 4, 8, 16]


def test_the_right_password_after_the_wait_always_works(
    uow: UnitOfWork, throttle: LoginThrottle, clock: FakeClock
) -> None:
    _fail(uow, throttle, 5)
    for _ in range(30):  # far past the cap
        clock.advance(_refused_for(uow, throttle, "alva", USER).total_seconds())
        _fail(uow, throttle, 1)
    wait = _refused_for(uow, throttle, "alva", USER)
    assert wait <= timedelta(minutes=15)
    clock.advance(wait.total_seconds())
    throttle.claim(uow, "alva", USER)  # the real user's attempt is let through …
    throttle.succeeded(uow, "alva", USER)  # … and the right password clears the account
    throttle.claim(uow, "alva", USER)


def test_a_flood_from_one_address_holds_the_account_back_elsewhere_by_at_most_a_minute(
    uow: UnitOfWork, throttle: LoginThrottle, clock: FakeClock
) -> None:
    longest = timedelta(0)
    for _ in range(200):  # the attacker tries whenever it is let, for about 2 hours
        try:
            throttle.claim(uow, "alva", ATTACKER)
        except TooManyAttempts as refused:
            clock.advance(refused.retry_after.total_seconds())
            continue
        found = throttle.wait(uow, "alva", USER)
        longest = max(longest, found or timedelta(0))
    assert timedelta(0) < longest <= timedelta(minutes=1)
    wait = throttle.wait(uow, "alva", USER) or timedelta(0)
    clock.advance(wait.total_seconds())
    throttle.claim(uow, "alva", USER)  # the real user, after at most a minute


def test_an_address_spraying_many_accounts_is_slowed_after_fifty_attempts(
    uow: UnitOfWork, throttle: LoginThrottle
) -> None:
    for serial in range(50):
        _fail(uow, throttle, 1, username=f"user{serial}", at=ATTACKER)
    assert _refused_for(uow, throttle, "someone-else", ATTACKER) == timedelta(seconds=1)
    throttle.claim(uow, "someone-else", USER)  # another address is not held back


def test_successes_behind_one_address_are_not_counted_against_it(
    uow: UnitOfWork, throttle: LoginThrottle
) -> None:
    for serial in range(200):  # a school's pupils signing in behind one address
        throttle.claim(uow, f"pupil{serial}", USER)
        throttle.succeeded(uow, f"pupil{serial}", USER)
    throttle.claim(uow, "the-next-pupil", USER)


def test_the_count_is_shared_by_every_worker_of_the_database(
    uow: UnitOfWork, clock: FakeClock
) -> None:
    first, second = LoginThrottle(clock=clock), LoginThrottle(clock=clock)
    _fail(uow, first, 3)
    _fail(uow, second, 2)
    assert _refused_for(uow, first, "alva", USER) == timedelta(seconds=1)


def test_a_count_that_changed_since_it_was_read_is_not_overwritten(uow: UnitOfWork) -> None:
    """Two workers counting the same key at once: the second's compare-and-set fails, so it
    reads again instead of losing the first one's attempt."""
    subject = (ThrottleKey.ADDRESS, "0" * 64)
    at = datetime(2026, 2, 1, 12, tzinfo=UTC)
    with uow:
        assert uow.sign_in_throttle.replace(subject, None, ThrottleCount(1, at))
        assert not uow.sign_in_throttle.replace(subject, None, ThrottleCount(1, at))
        stale = ThrottleCount(0, at)
        assert not uow.sign_in_throttle.replace(subject, stale, ThrottleCount(2, at))
        seen = uow.sign_in_throttle.counts([subject])[subject]
        assert uow.sign_in_throttle.replace(subject, seen, ThrottleCount(2, at))
        assert uow.sign_in_throttle.counts([subject])[subject] == ThrottleCount(2, at)
        uow.commit()


def test_neither_usernames_nor_addresses_are_stored_in_clear(
    uow: UnitOfWork, throttle: LoginThrottle, session: Session
) -> None:
    _fail(uow, throttle, 1, username="alva", at=USER)
    stored = session.execute(select(sign_in_throttle.c.subject)).scalars().all()
    assert len(stored) == 3
    assert not [subject for subject in stored if "alva" in subject or USER in subject]


def test_counts_quiet_for_an_hour_are_deleted(
    uow: UnitOfWork, throttle: LoginThrottle, clock: FakeClock, session: Session
) -> None:
    _fail(uow, throttle, 3, username="alva")
    clock.advance(3601)
    _fail(uow, throttle, 1, username="bo", at=ATTACKER)
    kept = session.execute(select(sign_in_throttle.c.kind)).scalars().all()
    assert len(kept) == 3  # bo's three keys; alva's, an hour old, are gone
