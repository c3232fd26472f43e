"""The composition root: builds the database and units of work from ``Settings``.

Entry points call these functions; nothing is built at import time. The database is created
and migrated on first use (``database(settings)``), so a fresh SQLite file just works.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from samverka.adapters.db.engine import make_engine
from samverka.adapters.db.migrate import upgrade_connection
from samverka.adapters.db.unit_of_work import SqlUnitOfWork
from samverka.config import Settings


def database(settings: Settings, *, migrate: bool = True) -> sessionmaker[Session]:
    """A session factory for the configured database, migrated to the newest schema if asked."""
    engine = make_engine(settings.database_url)
    if migrate:
        _migrate(engine)
    return sessionmaker(engine)


def unit_of_work(settings: Settings) -> SqlUnitOfWork:
    """A unit of work on the configured (and migrated) database."""
    return SqlUnitOfWork(database(settings))


def _migrate(engine: Engine) -> None:
    # On the engine itself, so that an in-memory SQLite database is migrated too.
    with engine.begin() as connection:
        upgrade_connection(connection)
