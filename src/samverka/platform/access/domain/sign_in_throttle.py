"""The sign-in throttle's rules: growing delays after failed sign-ins, never a lock-out.

Sources: OWASP ASVS 4.0.3 V2.2.1 (anti-automation that stops brute force and password spraying
without locking out the real user: no more than 100 failed attempts per hour on one account)
and NIST SP 800-63B §5.2.2 (rate limiting; prefer delays that grow to outright lock-outs).
Issue 11, point 10: per account and per client address, with growing delays, shared across
workers; a correct password after the delay always works.

Failed attempts are counted under three keys, each with its own rule (``RULES``):

* the account at one address (``ACCOUNT_AT_ADDRESS``): 5 free attempts, then 1 s, doubling for
  each further failure, at most 15 minutes. This is what stops one source guessing.
* the client address (``ADDRESS``), whatever account it tries: 50 free, then the same delays:
  stops one source spraying a common password over many accounts, while a school's pupils
  behind one address still have room to mistype.
* the account, from any address (``ACCOUNT``): 10 free, then 1 s doubling, at most 1 minute:
  slows down many sources guessing one account (at most about 75 guesses an hour), while a
  flood from one address makes the real user at another address wait at most a minute at a
  time (and the flooding address itself soon waits longer than that between its tries).

Procedure for one attempt:

1. ``wait(rule, count, now)``: how long until the key allows the next attempt — nothing while
   fewer than ``free`` failures are counted, else the last failure plus the delay of the count.
   A key whose last failure is older than ``forget_after`` counts nothing (``current``).
2. The attempt is allowed only if every key's wait is zero; it is then counted beforehand
   (``counted``), so that attempts made at the same time cannot slip past the rule.
3. A correct password clears the account's keys; the address key is given the attempt back.

Nothing here locks an account: every wait ends, and the longest is ``cap``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class ThrottleKey(StrEnum):
    ACCOUNT_AT_ADDRESS = "account_at_address"
    ADDRESS = "address"
    ACCOUNT = "account"


@dataclass(frozen=True, slots=True)
class ThrottleRule:
    free: int  # failures allowed before any delay
    first_delay: timedelta
    cap: timedelta
    forget_after: timedelta  # a key quiet this long starts again from nothing


@dataclass(frozen=True, slots=True)
class ThrottleCount:
    failures: int
    last_failure_at: datetime | None


NOTHING = ThrottleCount(0, None)
_SECOND = timedelta(seconds=1)
RULES = {
    ThrottleKey.ACCOUNT_AT_ADDRESS: ThrottleRule(
        5, _SECOND, timedelta(minutes=15), timedelta(hours=1)
    ),
    ThrottleKey.ADDRESS: ThrottleRule(50, _SECOND, timedelta(minutes=15), timedelta(hours=1)),
    ThrottleKey.ACCOUNT: ThrottleRule(10, _SECOND, timedelta(minutes=1), timedelta(hours=1)),
}


def delay(rule: ThrottleRule, failures: int) -> timedelta:
    """The delay after ``failures`` failures: none up to ``free``, then doubling to ``cap``."""
    beyond = failures - rule.free
    if beyond < 0:
        return timedelta(0)
    if beyond >= 40:  # 2**40 seconds is far past any cap
        return rule.cap
    doubled: timedelta = rule.first_delay * (1 << beyond)
    return min(doubled, rule.cap)


def current(rule: ThrottleRule, count: ThrottleCount, now: datetime) -> ThrottleCount:
    """``count``, or nothing if its last failure was ``forget_after`` ago or longer."""
    last = count.last_failure_at
    if last is None or now - last >= rule.forget_after:
        return NOTHING
    return count


def wait(rule: ThrottleRule, count: ThrottleCount, now: datetime) -> timedelta:
    """How long from ``now`` until the key allows another attempt (zero: at once)."""
    count = current(rule, count, now)
    if count.last_failure_at is None:
        return timedelta(0)
    return max(timedelta(0), count.last_failure_at + delay(rule, count.failures) - now)


def counted(rule: ThrottleRule, count: ThrottleCount, now: datetime) -> ThrottleCount:
    """The count after one more attempt at ``now``."""
    return ThrottleCount(current(rule, count, now).failures + 1, now)


def given_back(count: ThrottleCount) -> ThrottleCount:
    """The count with one attempt given back (it was a success), never below nothing."""
    return ThrottleCount(max(0, count.failures - 1), count.last_failure_at)
