"""The append-only tables refuse every change and deletion on SQLite and PostgreSQL, also by
``INSERT OR REPLACE`` on SQLite; the write-once tables allow their one change and nothing else.

Source: issue 11, point 9 (the audit trail and booked lines are tamper-evident and append-only
on both databases); the tables and the reasons are listed in
``samverka.platform.db.append_only``; ``docs/security.md``, "Audit trail".
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Connection, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from synthetic_rows import another_value, insert_row

from samverka.admission.db import tables as at
from samverka.compensation.db import tables as ct
from samverka.platform.db import tables as pt
from samverka.platform.db.append_only import APPEND_ONLY, WRITE_ONCE
from samverka.register.db import tables as rt
from samverka.schema import metadata

REFUSED = "append-only"
PUBLISHED = datetime(2026, 7, 2, 12, tzinfo=UTC)


def _count(connection: Connection, table: str) -> int:
    return int(connection.scalar(select(func.count()).select_from(metadata.tables[table])) or 0)


def _refused(connection: Connection, statement: str) -> None:
    with pytest.raises(IntegrityError, match=REFUSED), connection.begin_nested():
        connection.execute(text(statement))


def test_the_promised_history_is_among_the_append_only_tables() -> None:
    promised = {
        "audit_event",  # the audit trail
        "compensation_line",  # booked lines: a correction is a reversal and a new line
        "compensation_run",
        "month_closing",
        "population_load",  # the register's history
        "register_change",
        "follow_up_entry",  # the municipalities' activity follow-up (KAA)
        "placement",  # a stored round's results
        "reserve",
        "cutoff",
        "round_explanation",
        "round_choice_count",
        "reply",
    }
    assert promised <= set(APPEND_ONLY)
    assert set(WRITE_ONCE) == {"admission_round", "registration_period"}
    assert set(APPEND_ONLY) | set(WRITE_ONCE) <= set(metadata.tables)


@pytest.mark.parametrize("table", APPEND_ONLY)
def test_an_append_only_table_refuses_update_delete_and_truncate(
    connection: Connection, table: str
) -> None:
    insert_row(connection, metadata.tables[table])
    first = next(iter(metadata.tables[table].columns)).name
    _refused(connection, f'UPDATE {table} SET "{first}" = "{first}"')
    _refused(connection, f"DELETE FROM {table}")
    if connection.dialect.name == "postgresql":  # SQLite has no TRUNCATE
        _refused(connection, f"TRUNCATE {table} CASCADE")
    assert _count(connection, table) == 1


@pytest.mark.parametrize("table", APPEND_ONLY)
def test_insert_or_replace_over_a_row_of_an_append_only_table_is_refused_on_sqlite(
    connection: Connection, table: str
) -> None:
    if connection.dialect.name != "sqlite":
        pytest.skip("INSERT OR REPLACE is SQLite's; PostgreSQL's ON CONFLICT DO UPDATE updates")
    row = insert_row(connection, metadata.tables[table])
    columns = ", ".join(f'"{name}"' for name in row)
    again = f"INTO {table} ({columns}) SELECT {columns} FROM {table}"
    _refused(connection, f"INSERT OR REPLACE {again}")
    _refused(connection, f"REPLACE {again}")
    assert _count(connection, table) == 1


def test_on_postgresql_an_upsert_over_a_booked_line_is_refused(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        pytest.skip("ON CONFLICT is tried on PostgreSQL")
    insert_row(connection, ct.compensation_line)
    _refused(
        connection,
        "INSERT INTO compensation_line SELECT * FROM compensation_line "
        "ON CONFLICT (id) DO UPDATE SET amount = 0",
    )


# -- the exact statements of the issue, on the audit trail and a booked line ---------------------


def test_insert_or_replace_cannot_rewrite_a_recorded_audit_event_on_sqlite(
    connection: Connection,
) -> None:
    if connection.dialect.name != "sqlite":
        pytest.skip("INSERT OR REPLACE is SQLite's")
    row = insert_row(connection, pt.audit_event)
    replace = insert(pt.audit_event).prefix_with("OR REPLACE")  # INSERT OR REPLACE INTO …
    with pytest.raises(IntegrityError, match=REFUSED), connection.begin_nested():
        connection.execute(replace.values(row | {"actor": "intruder"}))
    assert connection.scalar(select(pt.audit_event.c.actor)) == row["actor"]


def test_even_a_connection_without_the_applications_settings_cannot_replace_an_audit_event(
    database_url: str,
) -> None:
    """The sqlite3 shell or another program: the trigger on ``audit_event`` holds there too."""
    if not database_url.startswith("sqlite"):
        pytest.skip("an SQLite file")
    plain = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        plain.execute("BEGIN")
        plain.execute(
            "INSERT INTO audit_event (id, sequence, previous_hash, hash, at, actor, entity, "
            "entity_key, action) VALUES (1, 1, 'p', 'h', '2026-02-01', 'a', 'e', 'k', 'x')"
        )
        with pytest.raises(sqlite3.IntegrityError, match=REFUSED):
            plain.execute(
                "INSERT OR REPLACE INTO audit_event (id, sequence, previous_hash, hash, at, "
                "actor, entity, entity_key, action) "
                "VALUES (1, 1, 'p', 'h', '2026-02-01', 'intruder', 'e', 'k', 'x')"
            )
        with pytest.raises(sqlite3.IntegrityError, match=REFUSED):  # a new id, the same place
            plain.execute(
                "INSERT OR REPLACE INTO audit_event (id, sequence, previous_hash, hash, at, "
                "actor, entity, entity_key, action) "
                "VALUES (2, 1, 'p', 'h', '2026-02-01', 'intruder', 'e', 'k', 'x')"
            )
        assert plain.execute("SELECT actor FROM audit_event").fetchall() == [("a",)]
    finally:
        plain.execute("ROLLBACK")
        plain.close()


def test_insert_or_replace_cannot_rewrite_a_booked_compensation_line_on_sqlite(
    connection: Connection,
) -> None:
    if connection.dialect.name != "sqlite":
        pytest.skip("INSERT OR REPLACE is SQLite's")
    line = insert_row(connection, ct.compensation_line)
    replace = insert(ct.compensation_line).prefix_with("OR REPLACE")
    with pytest.raises(IntegrityError, match=REFUSED), connection.begin_nested():
        connection.execute(replace.values(line | {"amount": 0}))
    assert connection.scalar(select(ct.compensation_line.c.amount)) == line["amount"]


# -- write-once: a round is published once; a registration period is ended once --------------------
def test_a_stored_round_may_be_published_once_and_is_never_changed_after(
    connection: Connection,
) -> None:
    r = at.admission_round
    row = insert_row(connection, r)
    connection.execute(update(r).values(status="published", published_at=PUBLISHED))
    for statement in (
        "UPDATE admission_round SET status = 'stored'",
        "UPDATE admission_round SET published_at = NULL",
        "DELETE FROM admission_round",
    ):
        _refused(connection, statement)
    assert connection.scalar(select(r.c.status).where(r.c.id == row["id"])) == "published"


def test_a_stored_round_may_be_superseded_once_and_is_never_changed_after(
    connection: Connection,
) -> None:
    """Issue 11 point 4: publishing one round supersedes the others stored after the same
    round; that is their one step, and then they are history like a published round."""
    r = at.admission_round
    row = insert_row(connection, r)
    winner = insert_row(connection, r)
    connection.execute(
        update(r).where(r.c.id == row["id"]).values(status="superseded", superseded_by=winner["id"])
    )
    for statement in (
        f"UPDATE admission_round SET status = 'published' WHERE id = {row['id']}",
        f"UPDATE admission_round SET superseded_by = NULL WHERE id = {row['id']}",
    ):
        _refused(connection, statement)
    assert connection.scalar(select(r.c.status).where(r.c.id == row["id"])) == "superseded"


def test_a_stored_round_keeps_its_snapshot_seed_and_certificate_before_publishing_too(
    connection: Connection,
) -> None:
    insert_row(connection, at.admission_round)
    for statement in (
        "UPDATE admission_round SET seed = seed + 1",
        "UPDATE admission_round SET certificate = 'failed'",
        "UPDATE admission_round SET input_digest = 'forged'",
    ):
        _refused(connection, statement)


def test_a_registration_period_is_ended_once_and_never_otherwise_changed(
    connection: Connection,
) -> None:
    p = rt.registration_period
    insert_row(connection, p)
    connection.execute(update(p).values(end=date(2026, 9, 30)))
    for statement in (
        'UPDATE registration_period SET "end" = NULL',
        "UPDATE registration_period SET name = 'Någon annan'",
        "DELETE FROM registration_period",
    ):
        _refused(connection, statement)
    assert connection.scalar(select(p.c.end)) == date(2026, 9, 30)


FROZEN = [
    pytest.param(table, column.name, id=f"{table}.{column.name}")
    for table, rule in WRITE_ONCE.items()
    for column in metadata.tables[table].columns
    if column.name not in rule.columns
]


@pytest.mark.parametrize(("table", "column"), FROZEN)
def test_no_other_column_of_a_write_once_table_may_change(
    connection: Connection, table: str, column: str
) -> None:
    guarded = metadata.tables[table]
    row = insert_row(connection, guarded)
    change = update(guarded).values({column: another_value(guarded.c[column], row.get(column))})
    with pytest.raises(IntegrityError, match=REFUSED), connection.begin_nested():
        connection.execute(change)


def test_rows_may_still_be_added_to_every_guarded_table(connection: Connection) -> None:
    for table in (*APPEND_ONLY, *WRITE_ONCE):
        insert_row(connection, metadata.tables[table])
        insert_row(connection, metadata.tables[table])
        assert _count(connection, table) >= 2
