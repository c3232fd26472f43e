"""The one clock of Samverka: the only module that reads the system time.

Every entry point asks ``now()`` (an aware UTC moment) or ``today()`` (the Swedish date, see
``platform.domain.swedish_time``), and passes the moment down to the services; the domain never
reads a clock. Which clock answers is injectable:

* ``create_app(..., clock=...)`` makes the web application and the API use that clock for every
  request (``using`` is entered for the request, see ``web_app``);
* ``using(clock)`` sets it for a block of code, e.g. a command-line test;
* otherwise ``system_clock`` answers.

The clock in force is a context variable, so that one test's (or one application's) clock never
leaks into another's, and a thread started with ``contextvars.copy_context`` keeps it. A test
freezes time with ``FixedClock`` (which can be moved); no date is computed at import time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from samverka.platform.domain.swedish_time import swedish_today

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The system's time, as an aware UTC moment."""
    return datetime.now(UTC)


_current: ContextVar[Clock] = ContextVar("samverka_clock", default=system_clock)


def now() -> datetime:
    """Now, by the clock in force (aware, UTC)."""
    moment = _current.get()()
    if moment.tzinfo is None:
        raise ValueError("a clock must give aware moments")
    return moment.astimezone(UTC)


def today() -> date:
    """Today's date in Sweden, by the clock in force."""
    return swedish_today(now())


def current_clock() -> Clock:
    return _current.get()


@contextmanager
def using(clock: Clock) -> Iterator[Clock]:
    """Use ``clock`` within the block."""
    token = _current.set(clock)
    try:
        yield clock
    finally:
        _current.reset(token)


def use(clock: Clock) -> None:
    """Use ``clock`` from now on in the current context (one request's task, say)."""
    _current.set(clock)


@dataclass(slots=True)
class FixedClock:
    """A clock that stands still at ``moment`` until it is moved (for tests and the demo)."""

    moment: datetime

    def __post_init__(self) -> None:
        if self.moment.tzinfo is None:
            raise ValueError("a fixed clock needs an aware moment")

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, delta: timedelta) -> None:
        self.moment += delta

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("a fixed clock needs an aware moment")
        self.moment = moment
