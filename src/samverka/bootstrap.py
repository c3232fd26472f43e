"""The composition root: builds the database, units of work and the web application from
``Settings``.

Entry points call these functions; nothing is built at import time. The database is created
and migrated on first use (``database(settings)``), so a fresh SQLite file just works. On
PostgreSQL with two URLs, the owner's migrates and grants the application's role its
privileges (``platform.access.db.roles``); the application's processes then need only their own.
``web_app(settings)`` imports the web stack only when called, so that the other commands do
not pay for loading it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from samverka.config import Settings
from samverka.errors import DatabaseSetupError
from samverka.platform import clock as clocks
from samverka.platform.access.db.roles import (
    GrantReport,
    application_role_of,
    grant_application_role,
)
from samverka.platform.db.engine import make_engine
from samverka.platform.db.migrate import is_current, upgrade_connection
from samverka.platform.db.pause_points import pause_points
from samverka.unit_of_work import SqlUnitOfWork

INSUFFICIENT_PRIVILEGE = "42501"

if TYPE_CHECKING:
    from fastapi import FastAPI


def database(settings: Settings, *, migrate: bool = True) -> sessionmaker[Session]:
    """A session factory for the configured database, migrated to the newest schema if asked:
    by the owner (``SAMVERKA_MIGRATION_DATABASE_URL``) when that is another URL, who then
    grants the application's role its privileges."""
    engine = make_engine(
        settings.database_url,
        pool_size=settings.database_pool_size,
        busy_timeout=settings.database_busy_timeout,
    )
    if migrate and settings.owner_database_url != settings.database_url:
        _migrate_as_owner(settings)
    elif migrate:
        _migrate(engine)
    return sessionmaker(engine)


def grant_role(owner_url: str, role: str) -> GrantReport:
    """``samverka db grant-app-role``: grant ``role`` the application's privileges."""
    owner = make_engine(owner_url, poolclass=NullPool)
    try:
        with owner.begin() as connection:
            return grant_application_role(connection, role)
    finally:
        owner.dispose()


def unit_of_work(settings: Settings) -> SqlUnitOfWork:
    """A unit of work on the configured (and migrated) database; in the fault tests with the
    pause points of ``SAMVERKA_PAUSE_DIR`` and ``SAMVERKA_PAUSE_AT``."""
    checkpoint = pause_points(settings.pause_directory, settings.pause_at)
    return SqlUnitOfWork(database(settings), checkpoint)


def web_app(settings: Settings) -> FastAPI:
    """The web application and the API on the configured (and migrated) database, signing in
    with local argon2id passwords, throttled in the database per account, address and account
    at an address."""
    from samverka.platform.access.local_login import LocalLogin
    from samverka.platform.access.passwords import Argon2idHasher
    from samverka.platform.access.services.login_throttle import LoginThrottle
    from samverka.web_app import create_app

    factory = database(settings)
    throttle = LoginThrottle(clock=clocks.now)
    passwords = Argon2idHasher()
    login = LocalLogin(lambda: SqlUnitOfWork(factory), passwords, throttle)
    return create_app(settings, session_factory=factory, authenticator=login, passwords=passwords)


def web_app_from_environment() -> FastAPI:
    """``web_app`` with the settings of the ``SAMVERKA_`` variables: what each uvicorn worker
    process builds (``samverka serve --workers N``)."""
    return web_app(Settings.from_environment())


def _migrate_as_owner(settings: Settings) -> None:
    """Migrate as the owner if the database is not current, and then grant the application's
    role, if it has one of its own, exactly its privileges."""
    owner = make_engine(settings.owner_database_url, poolclass=NullPool)
    try:
        with owner.begin() as connection:
            if is_current(connection):
                return
            upgrade_connection(connection)
            role = application_role_of(settings.database_url, settings.owner_database_url)
            if role is not None:
                grant_application_role(connection, role)
    finally:
        owner.dispose()


def _migrate(engine: Engine) -> None:
    # On the engine itself, so that an in-memory SQLite database is migrated too.
    try:
        with engine.begin() as connection:
            if not is_current(connection):
                upgrade_connection(connection)
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
            raise
        raise DatabaseSetupError(
            "the database needs migrating and the application's role may not do it: run "
            "`samverka db upgrade` with SAMVERKA_MIGRATION_DATABASE_URL set to the owner's URL"
        ) from error
