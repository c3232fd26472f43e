"""Login rate limiting: at most so many failed sign-ins per username and per client address.

A sliding window (default 15 minutes): after 5 failures for one username, or 20 from one
address, further attempts are refused without checking the password until the oldest failure
leaves the window. A success clears the username's failures. The clock is a parameter. The
state is in memory, per process: several web workers need a shared store instead.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta
from threading import Lock

from samverka.domain.access.actors import normalise_username
from samverka.errors import TooManyAttempts


class LoginThrottle:
    """Failed sign-ins per username and per client address within a sliding window."""

    def __init__(
        self,
        *,
        clock: Callable[[], datetime],
        per_username: int = 5,
        per_address: int = 20,
        window: timedelta = timedelta(minutes=15),
    ) -> None:
        self._clock = clock
        self._per_username = per_username
        self._per_address = per_address
        self._window = window
        self._failures: dict[tuple[str, str], deque[datetime]] = {}
        self._lock = Lock()

    def check(self, username: str, client_address: str) -> None:
        """Raise ``TooManyAttempts`` (a ``NotPermitted``) if the username or the address has had
        too many failures."""
        wait = self.wait(username, client_address)
        if wait is not None:
            minutes = max(1, math.ceil(wait.total_seconds() / 60))
            unit = "minute" if minutes == 1 else "minutes"
            message = f"too many attempts; try again in {minutes} {unit}"
            raise TooManyAttempts(message, retry_after=wait)

    def wait(self, username: str, client_address: str) -> timedelta | None:
        """How long until the next attempt is allowed; ``None`` if it is allowed now."""
        with self._lock:
            now = self._clock()
            waits = [
                self._wait(key, limit, now) for key, limit in self._keys(username, client_address)
            ]
        blocked = [wait for wait in waits if wait is not None]
        return max(blocked) if blocked else None

    def record_failure(self, username: str, client_address: str) -> None:
        with self._lock:
            now = self._clock()
            for key, _ in self._keys(username, client_address):
                self._failures.setdefault(key, deque()).append(now)
            if len(self._failures) > 10_000:  # forget what has aged out, so memory stays small
                for key in list(self._failures):
                    self._recent(key, now)

    def record_success(self, username: str) -> None:
        with self._lock:
            self._failures.pop(("username", normalise_username(username)), None)

    def _keys(self, username: str, client_address: str) -> list[tuple[tuple[str, str], int]]:
        return [
            (("username", normalise_username(username)), self._per_username),
            (("address", client_address), self._per_address),
        ]

    def _wait(self, key: tuple[str, str], limit: int, now: datetime) -> timedelta | None:
        recent = self._recent(key, now)
        if len(recent) < limit:
            return None
        return recent[len(recent) - limit] + self._window - now

    def _recent(self, key: tuple[str, str], now: datetime) -> deque[datetime]:
        failures = self._failures.get(key, deque())
        while failures and failures[0] <= now - self._window:
            failures.popleft()
        if not failures:
            self._failures.pop(key, None)
        return failures
