"""A test's new SQLite database (``new_sqlite_database`` in ``tests/support``) is a copy of a file
migrated once for the session, not a migration of its own: it must hold what migrating a new
file gives (the newest revision, the rows the migrations add) and be the test's own."""

from __future__ import annotations

from pathlib import Path

from database_fixtures import NewDatabase
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from samverka import bootstrap
from samverka.config import Settings
from samverka.platform.db import migrate
from samverka.platform.db.tables import municipality
from samverka.schema import metadata


def _contents(database: sessionmaker[Session]) -> dict[str, list[str]]:
    with database() as session:
        return {
            table.name: sorted(repr(tuple(row)) for row in session.execute(select(table)))
            for table in metadata.sorted_tables
        }


def test_a_new_sqlite_database_is_as_if_migrated_and_its_own(
    tmp_path: Path, new_sqlite_database: NewDatabase
) -> None:
    first = new_sqlite_database(Settings(database_url=f"sqlite:///{tmp_path}/first.db"))
    second = new_sqlite_database(Settings(database_url=f"sqlite:///{tmp_path}/second.db"))
    migrated = bootstrap.database(Settings(database_url=f"sqlite:///{tmp_path}/migrated.db"))
    assert migrate.current(f"sqlite:///{tmp_path}/first.db") == migrate.head()
    assert _contents(first) == _contents(migrated)
    with first.begin() as session:
        session.execute(insert(municipality).values(code="0180", name="Stockholm"))
    counts = []
    for database in (first, second):
        with database() as session:
            counts.append(session.scalar(select(func.count()).select_from(municipality)))
    assert counts == [1, 0]
