"""Alembic's environment: migrates the connection (or URL) that ``migrate.py`` hands over.

``samverka.platform.db.migrate`` configures Alembic in code and passes an open connection in
``config.attributes["connection"]``; a URL in ``config.attributes["url"]`` (or the main option
``sqlalchemy.url``) is used otherwise, and for offline (``--sql``) runs.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection
from sqlalchemy.pool import NullPool

from samverka.platform.db.engine import make_engine
from samverka.schema import metadata


def _url() -> str:
    config = context.config
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database to migrate: pass a connection or a URL")
    return str(url)


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = context.config.attributes.get("connection")
    if isinstance(connection, Connection):
        _migrate(connection)
        return
    engine = make_engine(_url(), poolclass=NullPool)
    try:
        with engine.begin() as own_connection:
            _migrate(own_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
