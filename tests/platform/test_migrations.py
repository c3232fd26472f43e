"""The migrations build exactly ``tables.py`` on SQLite and PostgreSQL; the audit trail is
append-only; upgrading is idempotent; ``samverka db`` and the composition root migrate."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    Connection,
    Executable,
    MetaData,
    Table,
    delete,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from samverka import bootstrap
from samverka.cli import app
from samverka.config import Settings
from samverka.platform.db import migrate
from samverka.platform.db.engine import make_engine
from samverka.platform.db.tables import audit_event, municipality
from samverka.schema import metadata
from samverka.unit_of_work import SqlUnitOfWork

AUDIT_ROW = {
    "at": datetime(2026, 2, 1, 12, tzinfo=UTC),
    "actor": "officer@storsthlm",
    "entity": "applicant",
    "entity_key": "200901012383",
    "action": "created",
    "before": None,
    "after": {"name": "Alva"},
    "sequence": 1,
    "previous_hash": "0" * 64,
    "hash": "1" * 64,
}


def _table_names(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _differences(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def _audit_rows(connection: Connection) -> list[dict[str, object]]:
    rows = connection.execute(select(audit_event.c.actor, audit_event.c.action))
    return [dict(row._mapping) for row in rows]


# -- upgrade ---------------------------------------------------------------------------------
def test_upgrade_creates_every_table_of_the_schema(empty_database_url: str) -> None:
    assert _table_names(empty_database_url) == set()
    migrate.upgrade(empty_database_url)
    assert _table_names(empty_database_url) == set(metadata.tables) | {"alembic_version"}


def test_the_migrated_schema_is_exactly_tables_py(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    assert _differences(empty_database_url) == []


def test_current_is_none_before_and_the_head_after_upgrade(empty_database_url: str) -> None:
    assert migrate.current(empty_database_url) is None
    migrate.upgrade(empty_database_url)
    assert migrate.current(empty_database_url) == migrate.head() is not None


def test_upgrading_twice_is_harmless(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    with engine.begin() as connection:
        connection.execute(insert(municipality).values(code="0180", name="Stockholm", member=True))
    migrate.upgrade(empty_database_url)
    with engine.connect() as connection:
        assert connection.execute(select(municipality.c.name)).scalars().all() == ["Stockholm"]
    engine.dispose()
    assert migrate.current(empty_database_url) == migrate.head()
    assert _differences(empty_database_url) == []


def test_downgrade_to_base_removes_everything_and_upgrade_restores_it(
    empty_database_url: str,
) -> None:
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "base")
    engine.dispose()
    assert _table_names(empty_database_url) == {"alembic_version"}
    migrate.upgrade(empty_database_url)
    assert _differences(empty_database_url) == []


# -- the append-only audit trail ---------------------------------------------------------------
def test_the_audit_trail_refuses_update(connection: Connection) -> None:
    connection.execute(insert(audit_event).values(AUDIT_ROW))
    tamper = update(audit_event).values(actor="intruder")
    with pytest.raises(IntegrityError, match="append-only"), connection.begin_nested():
        connection.execute(tamper)
    assert _audit_rows(connection) == [{"actor": "officer@storsthlm", "action": "created"}]


def test_the_audit_trail_refuses_delete(connection: Connection) -> None:
    connection.execute(insert(audit_event).values(AUDIT_ROW))
    statements: list[Executable] = [
        delete(audit_event),
        delete(audit_event).where(audit_event.c.actor == "officer@storsthlm"),
    ]
    if connection.dialect.name == "postgresql":  # SQLite has no TRUNCATE
        statements.append(text("TRUNCATE audit_event"))
    for statement in statements:
        with pytest.raises(IntegrityError, match="append-only"), connection.begin_nested():
            connection.execute(statement)
    assert len(_audit_rows(connection)) == 1


# -- the fixtures: a service's commit stays inside the test's transaction -------------------------
def test_a_unit_of_work_commit_is_seen_in_the_test_but_not_outside(
    uow: SqlUnitOfWork, session: Session, database_url: str
) -> None:
    with uow:
        _record_a_grade_change(uow)
        uow.commit()
    assert session.scalar(select(func.count()).select_from(audit_event)) == 1
    outsider = make_engine(database_url)
    with outsider.connect() as other:
        assert other.scalar(select(func.count()).select_from(audit_event)) == 0
    outsider.dispose()


def test_a_unit_of_work_left_without_commit_is_rolled_back(
    uow: SqlUnitOfWork, session: Session
) -> None:
    with uow:
        _record_a_grade_change(uow)
    assert session.scalar(select(func.count()).select_from(audit_event)) == 0


def _record_a_grade_change(uow: SqlUnitOfWork) -> None:
    before, after = {"letter": "C"}, {"letter": "B"}
    at = datetime(2026, 2, 1, tzinfo=UTC)
    uow.audit.record(
        actor="syv", entity="grade", key="k", action="changed", before=before, after=after, at=at
    )


# -- the composition root and the command line ------------------------------------------------
def test_the_database_is_created_and_migrated_on_first_use(empty_database_url: str) -> None:
    factory = bootstrap.database(Settings(database_url=empty_database_url))
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(audit_event)) == 0
    factory.kw["bind"].dispose()
    assert migrate.current(empty_database_url) == migrate.head()


def test_without_migrate_the_database_is_left_alone(empty_database_url: str) -> None:
    factory = bootstrap.database(Settings(database_url=empty_database_url), migrate=False)
    factory.kw["bind"].dispose()
    assert migrate.current(empty_database_url) is None


def test_samverka_db_upgrade_and_current(empty_database_url: str) -> None:
    runner = CliRunner()
    before = runner.invoke(app, ["db", "current", "--url", empty_database_url])
    assert before.exit_code == 0, before.output
    assert "not migrated" in before.output
    upgraded = runner.invoke(app, ["db", "upgrade", "--url", empty_database_url])
    assert upgraded.exit_code == 0, upgraded.output
    after = runner.invoke(app, ["db", "current", "--url", empty_database_url])
    assert f"at revision {migrate.head()} (head)" in after.output


# -- 0013: the chain of published rounds -------------------------------------------------------
def test_rounds_published_before_0013_are_chained_in_the_order_they_were_published(
    empty_database_url: str,
) -> None:
    """Each round published before the migration follows the one published before it in its
    year (``published_after``; 0 for the first), so the unique chain holds from the start."""
    migrate.upgrade(empty_database_url, "0010")
    engine = make_engine(empty_database_url)
    as_of_0010 = MetaData()
    r = Table("admission_round", as_of_0010, autoload_with=engine)
    year = Table("admission_year", as_of_0010, autoload_with=engine)
    at = datetime(2026, 7, 1, 12, tzinfo=UTC)
    with engine.begin() as connection:
        for year_id in (1, 2):
            connection.execute(
                insert(year).values(
                    id=year_id, year=2025 + year_id, region="R", calendar={}, settings={}
                )
            )
        published = {1: (1, 2), 2: (1, 1), 3: (1, None), 4: (1, 3), 5: (2, 1)}  # id: year, day
        for round_id, (year_id, day) in published.items():
            connection.execute(
                insert(r).values(
                    id=round_id,
                    admission_year_id=year_id,
                    kind="final",
                    status="stored" if day is None else "published",
                    seed=1,
                    input_digest="d",
                    rule_version="r",
                    engine_version="e",
                    certificate="passed",
                    timings={},
                    snapshot=b"",
                    created_at=at,
                    created_by="o",
                    published_at=None if day is None else at.replace(day=day),
                )
            )
    migrate.upgrade(empty_database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, published_after FROM admission_round ORDER BY id")
        ).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [(1, 2), (2, 0), (3, None), (4, 1), (5, 0)]
    assert _differences(empty_database_url) == []
