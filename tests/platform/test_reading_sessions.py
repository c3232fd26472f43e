"""Reading sessions (``platform.db.engine.reading_sessions``) on SQLite and PostgreSQL: each
statement on its own, so no transaction is left open between them, and committed writes are
seen at once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from samverka import bootstrap
from samverka.config import Settings
from samverka.platform.db.engine import reading_sessions

STOCKHOLM = text("INSERT INTO municipality (code, name, member) VALUES ('0180', 'Stockholm', true)")


def _in_transaction(session: Session) -> bool:
    driver: Any = session.connection().connection.dbapi_connection
    if hasattr(driver, "in_transaction"):  # sqlite3
        return bool(driver.in_transaction)
    return str(driver.info.transaction_status.name) != "IDLE"  # psycopg


def test_a_reading_session_holds_no_transaction_and_sees_each_commit(
    empty_database_url: str,
) -> None:
    sessions = bootstrap.database(Settings(database_url=empty_database_url))
    with reading_sessions(sessions)() as reader:
        before = reader.execute(text("SELECT count(*) FROM municipality")).scalar()
        assert not _in_transaction(reader)
        with sessions.begin() as writer:
            writer.execute(STOCKHOLM)
        after = reader.execute(text("SELECT count(*) FROM municipality")).scalar()
        assert not _in_transaction(reader)
    assert (before, after) == (0, 1)


def test_a_unit_of_work_session_still_reads_inside_its_transaction(
    empty_database_url: str,
) -> None:
    sessions = bootstrap.database(Settings(database_url=empty_database_url))
    with sessions.begin() as session:
        session.execute(STOCKHOLM)
        assert _in_transaction(session)
        session.rollback()
    with reading_sessions(sessions)() as reader:
        assert reader.execute(text("SELECT count(*) FROM municipality")).scalar() == 0
