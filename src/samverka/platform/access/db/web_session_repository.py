"""Web sessions in the database (``access_tables.web_session``), read with their account."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from samverka.platform.access.db.account_repository import actor_of
from samverka.platform.access.db.tables import account, utc, web_session
from samverka.platform.access.domain.web_sessions import SessionTimes
from samverka.platform.access.ports import NewWebSession, SessionEnd, WebSessionRow

SESSION_WITH_ACCOUNT = (
    select(web_session, account.c.username, account.c.display_name, account.c.role)
    .add_columns(
        account.c.personal_id,
        account.c.school_unit_codes,
        account.c.municipality_code,
        account.c.active,
    )
    .join(account, account.c.id == web_session.c.account_id)
)

_BY_DIGEST = SESSION_WITH_ACCOUNT.where(web_session.c.token_digest == bindparam("digest"))


class SqlWebSessionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, new: NewWebSession) -> int:
        values = {
            "token_digest": new.token_digest,
            "account_id": new.account_id,
            "started_at": utc(new.times.started_at),
            "last_seen_at": utc(new.times.last_seen_at),
            "expires_at": utc(new.times.expires_at),
            "client_address": new.client_address[:64],
            "user_agent": new.user_agent[:300],
        }
        added = self._session.execute(
            insert(web_session).values(values).returning(web_session.c.id)
        )
        return int(added.scalar_one())

    def by_digest(self, token_digest: str) -> WebSessionRow | None:
        return session_by_digest(self._session, token_digest)

    def by_id(self, session_id: int) -> WebSessionRow | None:
        row = self._session.execute(_with_account(web_session.c.id == session_id)).first()
        return None if row is None else session_row(row)

    def open_sessions(self, *, now: datetime) -> list[WebSessionRow]:
        query = _with_account(web_session.c.ended_at.is_(None), web_session.c.expires_at > utc(now))
        rows = self._session.execute(query.order_by(web_session.c.started_at.desc()))
        return [session_row(row) for row in rows]

    def open_session_ids_of(self, username: str, *, now: datetime) -> list[int]:
        query = (
            select(web_session.c.id)
            .join(account, account.c.id == web_session.c.account_id)
            .where(account.c.username == username, web_session.c.ended_at.is_(None))
            .where(web_session.c.expires_at > utc(now))
        )
        return [int(found) for found in self._session.execute(query).scalars()]

    def end(self, session_ids: Collection[int], end: SessionEnd) -> None:
        if not session_ids:
            return
        self._session.execute(
            update(web_session)
            .where(web_session.c.id.in_(sorted(session_ids)), web_session.c.ended_at.is_(None))
            .values(ended_at=utc(end.at), ended_by=end.by[:80], end_reason=end.reason.value)
        )

    def mark_seen(self, session_id: int, at: datetime) -> None:
        self._session.execute(
            update(web_session)
            .where(web_session.c.id == session_id, web_session.c.last_seen_at < utc(at))
            .values(last_seen_at=utc(at))
        )

    def purge(self, *, expired_before: datetime) -> None:
        self._session.execute(
            delete(web_session).where(web_session.c.expires_at < utc(expired_before))
        )


def session_by_digest(reader: Session | Connection, token_digest: str) -> WebSessionRow | None:
    """The session of ``token_digest`` with its account: one query on a unique index, built
    once and run on a connection, or the session's (every signed-in request asks it)."""
    connection = reader.connection() if isinstance(reader, Session) else reader
    row = connection.execute(_BY_DIGEST, {"digest": token_digest}).first()
    return None if row is None else session_row(row)


def _with_account(*conditions: Any) -> Select[Any]:
    return SESSION_WITH_ACCOUNT.where(*conditions)


def session_row(row: Row[Any]) -> WebSessionRow:
    times = SessionTimes(
        started_at=utc(row.started_at),
        last_seen_at=utc(row.last_seen_at),
        expires_at=utc(row.expires_at),
        ended_at=None if row.ended_at is None else utc(row.ended_at),
    )
    return WebSessionRow(
        id=row.id,
        actor=actor_of(row),
        account_active=row.active,
        times=times,
        client_address=row.client_address,
        user_agent=row.user_agent,
    )
