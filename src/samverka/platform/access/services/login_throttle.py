"""The sign-in throttle, in the database so that every web worker shares it.

The rules — growing delays per account at an address, per address and per account, never a
lock-out — are in ``platform.access.domain.sign_in_throttle`` (sources: OWASP ASVS 4.0.3 V2.2.1,
NIST SP 800-63B §5.2.2, issue 11 point 10). Procedure:

1. ``claim`` before the password is checked: read the three keys' counts in one query; if any
   key asks to wait, refuse with ``TooManyAttempts`` (its ``retry_after`` is the longest wait),
   checking nothing. Else count the attempt under every key, each by compare-and-set, and
   commit; if another worker changed a count in between, read again (a few times, then refuse
   for a second). So attempts made at the same moment are counted one after another, and no
   burst gets more guesses than the rules allow.
2. ``succeeded`` after a correct password: the account's keys are cleared, and the address
   gets the attempt back, so that a school's pupils signing in behind one address are not
   counted as failures.

The keys are stored as SHA-256 digests of the username and the address (never in clear), and
counts quiet for longer than their rule's ``forget_after`` are deleted as attempts come.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from samverka.errors import N_, TooManyAttempts
from samverka.platform.access.domain.actors import normalise_username
from samverka.platform.access.domain.sign_in_throttle import (
    NOTHING,
    RULES,
    ThrottleCount,
    ThrottleKey,
    ThrottleRule,
    counted,
    given_back,
    wait,
)
from samverka.platform.access.ports import ThrottleSubject, UnitOfWork

RACES = 5  # compare-and-set attempts before refusing for a moment


class LoginThrottle:
    """Failed sign-ins per account at an address, per address and per account (one instance
    serves every request of a process; the counts are in the database)."""

    def __init__(
        self,
        *,
        clock: Callable[[], datetime],
        rules: Mapping[ThrottleKey, ThrottleRule] = RULES,
    ) -> None:
        self._clock = clock
        self._rules = dict(rules)

    def claim(self, uow: UnitOfWork, username: str, client_address: str) -> None:
        """Count an attempt before its password is checked; ``TooManyAttempts`` if it must
        wait."""
        subjects = self._subjects(username, client_address)
        for _ in range(RACES):
            with uow:
                now = self._clock()
                stored = uow.sign_in_throttle.counts(list(subjects))
                longest = max(
                    wait(self._rules[kind], stored.get(subject, NOTHING), now)
                    for subject, kind in subjects.items()
                )
                if longest > timedelta(0):
                    raise too_many_attempts(longest)
                if self._count(uow, subjects, stored, now):
                    uow.sign_in_throttle.purge(last_failure_before=now - self._longest_memory())
                    uow.commit()
                    return
        raise too_many_attempts(timedelta(seconds=1))

    def succeeded(self, uow: UnitOfWork, username: str, client_address: str) -> None:
        """The password was right: clear the account's counts, give the address its attempt."""
        subjects = self._subjects(username, client_address)
        address = next(s for s, kind in subjects.items() if kind is ThrottleKey.ADDRESS)
        with uow:
            uow.sign_in_throttle.forget([s for s in subjects if s != address])
            stored = uow.sign_in_throttle.counts([address]).get(address)
            if stored is not None:  # lost to another worker: the address keeps one more
                uow.sign_in_throttle.replace(address, stored, given_back(stored))
            uow.commit()

    def wait(self, uow: UnitOfWork, username: str, client_address: str) -> timedelta | None:
        """How long until the next attempt is allowed; ``None`` if it is allowed now."""
        subjects = self._subjects(username, client_address)
        with uow:
            now = self._clock()
            stored = uow.sign_in_throttle.counts(list(subjects))
        longest = max(
            wait(self._rules[kind], stored.get(subject, NOTHING), now)
            for subject, kind in subjects.items()
        )
        return longest if longest > timedelta(0) else None

    def _count(
        self,
        uow: UnitOfWork,
        subjects: Mapping[ThrottleSubject, ThrottleKey],
        stored: Mapping[ThrottleSubject, ThrottleCount],
        now: datetime,
    ) -> bool:
        for subject, kind in subjects.items():
            seen = stored.get(subject)
            new = counted(self._rules[kind], seen or NOTHING, now)
            if not uow.sign_in_throttle.replace(subject, seen, new):
                return False
        return True

    def _longest_memory(self) -> timedelta:
        return max(rule.forget_after for rule in self._rules.values())

    @staticmethod
    def _subjects(username: str, client_address: str) -> dict[ThrottleSubject, ThrottleKey]:
        name = normalise_username(username)
        keys = {
            ThrottleKey.ACCOUNT_AT_ADDRESS: f"{name}\n{client_address}",
            ThrottleKey.ADDRESS: client_address,
            ThrottleKey.ACCOUNT: name,
        }
        return {(kind, _digest(kind, text)): kind for kind, text in keys.items()}


def too_many_attempts(retry_after: timedelta) -> TooManyAttempts:
    seconds = max(1, math.ceil(retry_after.total_seconds()))
    minutes = math.ceil(seconds / 60)
    if seconds == 1:
        message = N_("För många försök; försök igen om en sekund.")
    elif seconds < 60:
        message = N_("För många försök; försök igen om %(wait)s sekunder.")
    elif minutes == 1:
        message = N_("För många försök; försök igen om en minut.")
    else:
        message = N_("För många försök; försök igen om %(wait)s minuter.")
    wait = seconds if seconds < 60 else minutes
    return TooManyAttempts(message, retry_after=retry_after, wait=wait)


def _digest(kind: ThrottleKey, text: str) -> str:
    return hashlib.sha256(f"{kind.value}\n{text}".encode()).hexdigest()
