"""Password work (argon2id: checking at sign-in, hashing a new password) on threads of its own.

Checking a password costs tens of milliseconds of CPU and 64 MiB. Run on the threads that serve
pages, a crowd signing in at once would hold every one of them and pages would wait (issue 11,
point 10). So this work runs on a pool of ``SAMVERKA_PASSWORD_HASHING_THREADS`` threads (default
2), and at most ``SAMVERKA_PASSWORD_HASHING_QUEUE`` more jobs (default 16) may wait for one; the
next is refused at once with ``Busy`` (503, ``Retry-After``) instead of queueing without end.
The handler awaits the job without holding a thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Lock
from typing import TypeVar

from samverka.errors import N_, Busy

T = TypeVar("T")
RETRY_AFTER = timedelta(seconds=2)


class PasswordWork:
    def __init__(self, *, threads: int, queue: int) -> None:
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="password")
        self._limit = threads + queue
        self._in_flight = 0
        self._lock = Lock()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    async def run(self, work: Callable[[], T]) -> T:
        """``work()`` on the pool; ``Busy`` at once if the pool and its queue are full."""
        with self._lock:
            if self._in_flight >= self._limit:
                raise Busy(
                    N_("För många loggar in just nu; försök igen om en liten stund."),
                    retry_after=RETRY_AFTER,
                )
            self._in_flight += 1
        try:
            return await asyncio.wrap_future(self._executor.submit(work))
        finally:
            with self._lock:
                self._in_flight -= 1
