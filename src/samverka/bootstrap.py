"""The composition root: builds the database, units of work and the web application from
``Settings``.

Entry points call these functions; nothing is built at import time. The database is created
and migrated on first use (``database(settings)``), so a fresh SQLite file just works.
``web_app(settings)`` imports the web stack only when called, so that the other commands do
not pay for loading it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from samverka import clock as clocks
from samverka.adapters.db.engine import make_engine
from samverka.adapters.db.migrate import upgrade_connection
from samverka.adapters.db.unit_of_work import SqlUnitOfWork
from samverka.config import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI


def database(settings: Settings, *, migrate: bool = True) -> sessionmaker[Session]:
    """A session factory for the configured database, migrated to the newest schema if asked."""
    engine = make_engine(settings.database_url, pool_size=settings.database_pool_size)
    if migrate:
        _migrate(engine)
    return sessionmaker(engine)


def unit_of_work(settings: Settings) -> SqlUnitOfWork:
    """A unit of work on the configured (and migrated) database."""
    return SqlUnitOfWork(database(settings))


def web_app(settings: Settings) -> FastAPI:
    """The web application and the API on the configured (and migrated) database, signing in
    with local argon2id passwords, throttled per username and client address."""
    from samverka.adapters.local_login import LocalLogin
    from samverka.adapters.passwords import Argon2idHasher
    from samverka.entrypoints.web.app import create_app
    from samverka.services.login_throttle import LoginThrottle

    factory = database(settings)
    throttle = LoginThrottle(clock=clocks.now)
    login = LocalLogin(lambda: SqlUnitOfWork(factory), Argon2idHasher(), throttle)
    return create_app(settings, session_factory=factory, authenticator=login)


def web_app_from_environment() -> FastAPI:
    """``web_app`` with the settings of the ``SAMVERKA_`` variables: what each uvicorn worker
    process builds (``samverka serve --workers N``)."""
    return web_app(Settings.from_environment())


def _migrate(engine: Engine) -> None:
    # On the engine itself, so that an in-memory SQLite database is migrated too.
    with engine.begin() as connection:
        upgrade_connection(connection)
