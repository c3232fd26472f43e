"""The audit trail's hash chain on SQLite and PostgreSQL: written in batches from a locked head,
verified by `samverka audit verify`, which finds every change, deletion and rewrite; built for
the events of a database migrated from 0010; never forked by concurrent writers.

Source: issue 11, point 9 (chain each audit event to the previous one by hash, with
`samverka audit verify` to prove no gap or change); ``samverka.platform.domain.audit_chain``;
``docs/security.md``, "Audit trail".
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import (
    JSON,
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session, sessionmaker
from tampering import guards_lifted
from typer.testing import CliRunner

from samverka.cli import app
from samverka.platform.db import migrate
from samverka.platform.db import tables as pt
from samverka.platform.db.engine import make_engine
from samverka.platform.domain.audit_chain import EMPTY, Anchor, ChainHead, ProblemKind
from samverka.platform.ports import AuditEvent
from samverka.platform.services.audit_trail import audit_trail_head, verify_audit_trail
from samverka.unit_of_work import SqlUnitOfWork

AT = datetime(2026, 2, 1, 12, tzinfo=UTC)
SWEDEN = ZoneInfo("Europe/Stockholm")


def event_number(n: int, **changes: Any) -> AuditEvent:
    values: dict[str, Any] = {
        "actor": "syv@norra",
        "entity": "grade",
        "key": f"20100301-{n:04d}",
        "action": "changed",
        "before": {"EN": "C"},
        "after": {"EN": "A", "n": n},
        "at": AT + timedelta(seconds=n),
    }
    return AuditEvent(**(values | changes))


def record(uow: SqlUnitOfWork, *numbers: int) -> None:
    with uow:
        uow.audit.record_many([event_number(n) for n in numbers])
        uow.commit()


def sequences(session: Session) -> list[int]:
    return list(session.scalars(select(pt.audit_event.c.sequence).order_by(pt.audit_event.c.id)))


def head(session: Session) -> ChainHead:
    row = session.execute(select(pt.audit_chain_head.c.sequence, pt.audit_chain_head.c.hash)).one()
    return ChainHead(row.sequence, row.hash)


# -- writing ---------------------------------------------------------------------------------------
def test_events_are_numbered_without_gaps_and_the_head_follows_the_last(
    uow: SqlUnitOfWork, session: Session
) -> None:
    record(uow, 1, 2, 3)
    record(uow, 4)
    assert sequences(session) == [1, 2, 3, 4]
    hashes = session.execute(
        select(pt.audit_event.c.previous_hash, pt.audit_event.c.hash).order_by(pt.audit_event.c.id)
    ).all()
    assert [previous for previous, _ in hashes[1:]] == [h for _, h in hashes[:-1]]
    assert head(session) == ChainHead(4, hashes[-1].hash)
    assert verify_audit_trail(uow).intact


def test_a_unit_of_work_rolled_back_leaves_no_gap(uow: SqlUnitOfWork, session: Session) -> None:
    record(uow, 1)
    with uow:
        uow.audit.record_many([event_number(2), event_number(3)])  # and no commit
    record(uow, 4)
    assert sequences(session) == [1, 2]
    assert verify_audit_trail(uow).intact


def test_events_of_any_value_and_time_zone_verify_as_they_read_back(
    uow: SqlUnitOfWork, session: Session
) -> None:
    awkward: list[AuditEvent] = [
        event_number(1, before=None, after={"amount": Decimal("10100.50"), "on": date(2026, 9, 1)}),
        event_number(2, at=datetime(2026, 7, 1, 14, 30, 0, 123456, tzinfo=SWEDEN)),
        event_number(3, at=datetime(2026, 1, 5, 8, 0)),  # without a zone: taken as UTC
        event_number(4, after={"codes": ("NA", "EK"), "set": {"b", "a"}, "n": {10: "x", 9: "y"}}),
        event_number(5, before="Åsa Öberg", after=["ü", 1.25, None, True, 2**40]),
        event_number(6, key="k" * 80, after={"deep": {"z": [{"b": 1, "a": 2}]}}),
    ]
    with uow:
        uow.audit.record_many(awkward)
        uow.commit()
    assert verify_audit_trail(uow).intact
    stored = session.scalar(select(pt.audit_event.c.at).where(pt.audit_event.c.sequence == 2))
    assert stored is not None
    assert stored.replace(tzinfo=stored.tzinfo or UTC) == datetime(
        2026, 7, 1, 12, 30, 0, 123456, UTC
    )


def test_a_bare_number_is_refused_as_an_audit_value_and_nothing_is_written(
    uow: SqlUnitOfWork, session: Session
) -> None:
    """SQLite's numeric affinity would store 1e16 as a number and give back 1.0e+16."""
    with uow:
        uow.audit.record_many([event_number(1, after=1e16)])
        with pytest.raises(TypeError, match="bare number"):
            uow.commit()
    assert session.scalar(select(func.count()).select_from(pt.audit_event)) == 0


def test_a_batch_moves_the_head_once_whatever_its_size(
    uow: SqlUnitOfWork, connection: Connection
) -> None:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(connection, "before_cursor_execute", count)
    try:
        record(uow, *range(1, 2001))
    finally:
        event.remove(connection, "before_cursor_execute", count)
    on_head = [s for s in statements if "audit_chain_head" in s]
    assert len(on_head) == 2  # move the head on (and lock it); store the last hash
    assert not [s for s in statements if "INSERT INTO audit_event" in s]  # COPY / executemany


def test_events_wait_for_the_commit_to_be_written(uow: SqlUnitOfWork, session: Session) -> None:
    with uow:
        uow.audit.record_many([event_number(1)])
        assert session.scalar(select(func.count()).select_from(pt.audit_event)) == 0
        assert [e["sequence"] for e in uow.audit.events()] == [1]  # reading writes them first
        uow.commit()
    assert sequences(session) == [1]


# -- tampering, found by the chain ----------------------------------------------------------------
def test_an_event_changed_behind_the_lifted_guards_is_found(
    uow: SqlUnitOfWork, connection: Connection
) -> None:
    record(uow, 1, 2, 3, 4)
    with guards_lifted(connection, "audit_event"):
        e = pt.audit_event
        connection.execute(update(e).where(e.c.sequence == 3).values(after={"EN": "F"}))
    report = verify_audit_trail(uow)
    assert [(p.kind, p.sequence) for p in report.problems] == [(ProblemKind.CHANGED, 3)]


def test_an_event_changed_and_rehashed_is_found_by_the_next_ones_link(
    uow: SqlUnitOfWork, connection: Connection
) -> None:
    record(uow, 1, 2, 3, 4)
    e = pt.audit_event
    with guards_lifted(connection, "audit_event"):
        connection.execute(update(e).where(e.c.sequence == 2).values(hash="a" * 64))
    report = verify_audit_trail(uow)
    assert [(p.kind, p.sequence) for p in report.problems] == [
        (ProblemKind.CHANGED, 2),
        (ProblemKind.UNLINKED, 3),
    ]


def test_a_deleted_event_and_events_deleted_at_the_end_are_found(
    uow: SqlUnitOfWork, connection: Connection
) -> None:
    record(uow, 1, 2, 3, 4, 5, 6)
    e = pt.audit_event
    with guards_lifted(connection, "audit_event"):
        connection.execute(delete(e).where(e.c.sequence.in_([2, 5, 6])))
    report = verify_audit_trail(uow)
    assert [(p.kind, p.sequence, p.last) for p in report.problems] == [
        (ProblemKind.MISSING, 2, 2),
        (ProblemKind.TRUNCATED, 5, 6),
    ]


def test_a_rewritten_chain_with_its_head_moved_back_is_found_by_an_anchor(
    uow: SqlUnitOfWork, connection: Connection
) -> None:
    record(uow, 1, 2, 3)
    anchor = Anchor.parse(str(audit_trail_head(uow)))
    e, h = pt.audit_event, pt.audit_chain_head
    with guards_lifted(connection, "audit_event"), guards_lifted(connection, "audit_chain_head"):
        connection.execute(delete(e).where(e.c.sequence == 3))
        second = connection.scalar(select(e.c.hash).where(e.c.sequence == 2))
        connection.execute(update(h).values(sequence=2, hash=second))
    assert verify_audit_trail(uow).intact  # the chain alone cannot tell
    report = verify_audit_trail(uow, anchors=[anchor])
    assert [(p.kind, p.sequence) for p in report.problems] == [(ProblemKind.ANCHOR, 3)]


def test_a_long_trail_is_verified_in_batches(uow: SqlUnitOfWork, session: Session) -> None:
    record(uow, *range(1, 12_001))
    with uow:
        batches = list(uow.audit.chained_events(batch_size=5000))
    assert [event.sequence for event in batches] == list(range(1, 12_001))
    assert verify_audit_trail(uow).events == 12_000


# -- the command line, on a database of its own ---------------------------------------------------
@pytest.fixture
def trail_url(empty_database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    migrate.upgrade(empty_database_url)
    monkeypatch.setenv("SAMVERKA_DATABASE_URL", empty_database_url)
    engine = make_engine(empty_database_url)
    record(SqlUnitOfWork(sessionmaker(engine)), 1, 2, 3)
    engine.dispose()
    return empty_database_url


def _tamper(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection, guards_lifted(connection, "audit_event"):
            e = pt.audit_event
            connection.execute(update(e).where(e.c.sequence == 2).values(actor="intruder"))
    finally:
        engine.dispose()


def test_samverka_audit_verify_says_intact_and_exits_0(trail_url: str) -> None:
    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "The audit trail is intact: 3 events, none missing or changed" in result.output


def test_samverka_audit_verify_reports_a_changed_event_and_exits_1(trail_url: str) -> None:
    _tamper(trail_url)
    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert "NOT intact: 1 problem." in result.output
    assert "event 2 changed: its content no longer matches its hash" in result.output
    assert "(grade changed by intruder, 2026-02-01 13:00:02)" in result.output  # Swedish time
    assert "20100301" not in result.output  # never the event's key


def test_samverka_audit_head_prints_an_anchor_that_verify_checks(trail_url: str) -> None:
    printed = CliRunner().invoke(app, ["audit", "head"])
    assert printed.exit_code == 0, printed.output
    anchor = printed.output.strip()
    assert anchor.startswith("3:")
    checked = CliRunner().invoke(app, ["audit", "verify", "--anchor", anchor])
    assert checked.exit_code == 0, checked.output
    assert "1 anchor found" in checked.output
    other = f"3:{'b' * 64}"
    refused = CliRunner().invoke(app, ["audit", "verify", "--anchor", anchor, "--anchor", other])
    assert refused.exit_code == 1
    assert "anchored event 3 missing or changed" in refused.output


def test_a_malformed_anchor_is_bad_input_and_nothing_is_read(trail_url: str) -> None:
    result = CliRunner().invoke(app, ["audit", "verify", "--anchor", "three:abc"])
    assert result.exit_code == 2
    assert "--anchor:1" in result.output
    assert "SEQUENCE:HASH" in result.output


# -- a database migrated from 0010 ---------------------------------------------------------------
def test_the_migration_chains_the_events_already_stored_in_id_order(
    empty_database_url: str,
) -> None:
    migrate.upgrade(empty_database_url, "0010")
    engine = make_engine(empty_database_url)
    rows = [
        {"at": AT + timedelta(minutes=n), "actor": f"user{n}", "entity": "grade",
         "entity_key": str(n), "action": "changed", "before": {"n": n},
         "after": {"amount": "1.50", "at": [n, None]}}
        for n in range(1, 7)
    ]  # fmt: skip
    with engine.begin() as connection:
        connection.execute(insert(EVENTS_BEFORE_0014), rows)
    migrate.upgrade(empty_database_url)
    factory = sessionmaker(engine)
    with factory() as session:
        stored = session.execute(
            select(pt.audit_event.c.actor, pt.audit_event.c.sequence).order_by(pt.audit_event.c.id)
        ).all()
        assert [(a, s) for a, s in stored] == [(f"user{n}", n) for n in range(1, 7)]
        assert head(session).sequence == 6
    uow = SqlUnitOfWork(factory)
    record(uow, 7)  # and new events continue the chain
    assert verify_audit_trail(uow).intact
    assert verify_audit_trail(uow).events == 7
    engine.dispose()


def test_an_empty_trail_gets_an_empty_head(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    with sessionmaker(engine)() as session:
        assert head(session) == EMPTY
    engine.dispose()


EVENTS_BEFORE_0014 = Table(
    "audit_event",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True)),
    Column("actor", String(80)),
    Column("entity", String(40)),
    Column("entity_key", String(80)),
    Column("action", String(40)),
    Column("before", JSON),
    Column("after", JSON),
)


# -- concurrent writers ---------------------------------------------------------------------------
def _writers(engine: Engine, writers: int, transactions: int) -> list[BaseException]:
    factory = sessionmaker(engine)
    start = threading.Barrier(writers)
    failures: list[BaseException] = []

    def write(writer: int) -> None:
        try:
            start.wait()
            for n in range(transactions):
                number = writer * 1000 + n
                with SqlUnitOfWork(factory) as uow:
                    uow.audit.record_many([event_number(number), event_number(number)])
                    uow.commit()
        except BaseException as failure:  # reported by the test
            failures.append(failure)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def test_concurrent_writers_never_fork_the_chain(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url, pool_size=4)
    try:
        assert _writers(engine, writers=4, transactions=25) == []
        uow = SqlUnitOfWork(sessionmaker(engine))
        report = verify_audit_trail(uow)
        assert report.intact, [p.describe() for p in report.problems]
        assert report.events == report.last.sequence == 4 * 25 * 2
    finally:
        engine.dispose()


def test_on_postgresql_a_second_writer_waits_for_the_first_to_commit(
    empty_database_url: str,
) -> None:
    if not empty_database_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time: the second waits to begin at all")
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url, pool_size=3)
    factory = sessionmaker(engine)
    try:
        first = SqlUnitOfWork(factory).__enter__()
        first.audit.record_many([event_number(1)])
        first.audit.events()  # written, so the head is taken: as at the end of first.commit()
        second_done = threading.Event()

        def second() -> None:
            record(SqlUnitOfWork(factory), 2)
            second_done.set()

        thread = threading.Thread(target=second)
        thread.start()
        _wait_until_someone_waits_for_a_lock(engine)
        assert not second_done.is_set()
        first.commit()
        first.__exit__(None, None, None)
        thread.join()
        with factory() as session:
            actors = session.execute(
                select(pt.audit_event.c.sequence, pt.audit_event.c.after).order_by(
                    pt.audit_event.c.sequence
                )
            ).all()
        assert [(s, after["n"]) for s, after in actors] == [(1, 1), (2, 2)]
        assert verify_audit_trail(SqlUnitOfWork(factory)).intact
    finally:
        engine.dispose()


def _wait_until_someone_waits_for_a_lock(engine: Engine) -> None:
    """Poll the server until a session waits for a lock (the head's row)."""
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        "AND datname = current_database()"
    )
    watcher = make_engine(str(engine.url.render_as_string(hide_password=False)))
    try:
        for _ in range(10_000):
            with watcher.connect() as connection:
                if connection.scalar(waiting):
                    return
            threading.Event().wait(0.01)
        raise AssertionError("the second writer never waited for the head")
    finally:
        watcher.dispose()
