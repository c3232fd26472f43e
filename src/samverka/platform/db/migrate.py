"""Schema migrations (Alembic), configured in code: no ``alembic.ini`` is needed.

``upgrade(url)`` brings a database to the newest revision (creating an SQLite file if there is
none yet); ``current(url)`` tells which revision a database is at. The migration scripts live
in ``migrations/`` beside this module and ship inside the package.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, make_url
from sqlalchemy.pool import NullPool

from samverka.platform.db.engine import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration of these migrations, for ``alembic.command`` on ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def is_current(connection: Connection) -> bool:
    """Whether the database on ``connection`` is at the newest revision (reading only)."""
    return MigrationContext.configure(connection).get_current_revision() == head()


def upgrade_connection(connection: Connection, revision: str = "head") -> None:
    """Migrate on an open connection; the caller commits (or rolls back)."""
    command.upgrade(alembic_config(connection), revision)


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` to ``revision`` (the newest by default), and commit."""
    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            upgrade_connection(connection, revision)
    finally:
        engine.dispose()


def current(url: str) -> str | None:
    """The revision the database at ``url`` is at; ``None`` if it was never migrated."""
    if _missing_sqlite_file(url):
        return None  # without connecting, which would create an empty file
    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def _missing_sqlite_file(url: str) -> bool:
    parsed = make_url(url)
    path = parsed.database
    if parsed.get_backend_name() != "sqlite" or not path or path == ":memory:":
        return False
    return not path.startswith("file:") and not Path(path).exists()


def head() -> str:
    """The newest revision among the migration scripts."""
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if revision is None:
        raise RuntimeError(f"no migration scripts in {MIGRATIONS}")
    return revision
