"""What every database command shares: the unit of work, the acting user and the clock.

The clock is ``samverka.platform.clock`` (``now()`` in UTC, ``today()`` the Swedish date); a
test sets it with ``samverka.platform.clock.using``.
"""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from samverka import bootstrap
from samverka.admission.queries.admission_statistics import latest_admission_year
from samverka.config import Settings
from samverka.platform.clock import now, today
from samverka.unit_of_work import SqlUnitOfWork

Year = Annotated[
    int | None,
    typer.Option(help="Admission year (default: the newest in the database).", show_default=False),
]
Actor = Annotated[
    str, typer.Option(help="Who does this, for the audit trail (default: the login name).")
]


def unit_of_work() -> SqlUnitOfWork:
    """A unit of work on SAMVERKA_DATABASE_URL (default: samverka.db here), migrated if new."""
    return bootstrap.unit_of_work(Settings.from_environment())


def chosen_year(year: int | None) -> int:
    """``year``, or the newest admission year in the configured database."""
    if year is not None:
        return year
    with bootstrap.database(Settings.from_environment())() as session:
        return latest_admission_year(session)


def default_actor() -> str:
    return f"cli:{getpass.getuser()}"


__all__ = ["chosen_year", "default_actor", "now", "today", "unit_of_work"]
