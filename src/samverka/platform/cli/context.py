"""What every command of every context shares: the database, the acting user (the admission
officer or the association's staff at the keyboard, as an ``Actor``), the clock, and reading the
options people type (a day, an amount) and printing amounts.

The composition root (``samverka.cli``) installs the ``Runtime`` before any command runs: the
one SQL unit of work (every context's ``UnitOfWork``) and reading sessions, both on
``SAMVERKA_DATABASE_URL`` (default: ``samverka.db`` here), migrated if new; and, for the
platform's own commands, the web application, the database's preparation and the granting of
the application's PostgreSQL role. The platform itself
knows no context. The clock is ``samverka.platform.clock`` (``now()`` in UTC, ``today()`` the
Swedish date); a test sets it with ``samverka.platform.clock.using``.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Annotated, Any

import typer

from samverka.config import Settings
from samverka.errors import InvalidInput, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.clock import now, today

if TYPE_CHECKING:  # a command that needs neither imports neither (issue 15, point 13)
    from fastapi import FastAPI
    from sqlalchemy.orm import Session

Year = Annotated[
    int | None,
    typer.Option(help="Admission year (default: the newest in the database).", show_default=False),
]
ActingAs = Annotated[
    str, typer.Option(help="Who does this, for the audit trail (default: the login name).")
]


@dataclass(frozen=True, slots=True)
class Runtime:
    """What the composition root gives the commands."""

    unit_of_work: Callable[[], Any]  # the SQL unit of work: satisfies every context's protocol
    session: Callable[[], Session]  # a new session for reading
    web_app: Callable[[Settings], FastAPI]  # `samverka serve`: the application on its database
    prepare_database: Callable[[Settings], object]  # created and migrated (`serve --workers`)
    grant_role: Callable[[str, str], object]  # `samverka db`: a role's privileges (a report)


_installed: list[Runtime] = []


def install(runtime: Runtime) -> None:
    """Give the commands their database (``samverka.cli`` does, once, at import)."""
    _installed[:] = [runtime]


def _runtime() -> Runtime:
    if not _installed:
        raise RuntimeError("the command line's runtime is installed by samverka.cli")
    return _installed[0]


def runtime() -> Runtime:
    """What the composition root installed: for the platform's own commands (serve, db)."""
    return _runtime()


def unit_of_work() -> Any:
    """A unit of work on SAMVERKA_DATABASE_URL (default: samverka.db here), migrated if new."""
    return _runtime().unit_of_work()


@contextmanager
def reading_session() -> Iterator[Session]:
    """A session on the configured database for queries, closed afterwards."""
    with _runtime().session() as session:
        yield session


def default_actor() -> str:
    return f"cli:{getpass.getuser()}"


def admission_officer(name: str = "") -> Actor:
    """The admission officer at the keyboard (``name``, default: the login name)."""
    user = name or default_actor()
    return Actor(username=user, role=Role.OFFICER, display_name=user)


def association_staff(name: str = "") -> Actor:
    """The association's staff member at the keyboard (``name``, default: the login name)."""
    user = name or default_actor()
    return Actor(username=user, role=Role.ASSOCIATION_STAFF, display_name=user)


def parse_day(option: str, text: str) -> date:
    """``text`` as a day (YYYY-MM-DD); today's Swedish date when empty."""
    if not text:
        return today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput([RowError(option, 0, option, f"{text!r} is not YYYY-MM-DD")]) from None


def parse_amount(option: str, text: str) -> Decimal:
    """``text`` as an amount in kronor: spaces between thousands and a decimal comma allowed."""
    try:
        value = Decimal(text.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise InvalidInput([RowError(option, 0, option, f"{text!r} is not a number")]) from None
    if not value.is_finite():
        raise InvalidInput([RowError(option, 0, option, f"{text!r} is not a number")])
    return value


def kr(amount: Decimal) -> str:
    """Whole kronor with a space between thousands: ``1 234 567``."""
    return f"{amount:,.0f}".replace(",", " ")


__all__ = [
    "Runtime",
    "admission_officer",
    "association_staff",
    "default_actor",
    "install",
    "kr",
    "now",
    "parse_amount",
    "parse_day",
    "reading_session",
    "today",
    "unit_of_work",
]
