"""API tokens in the database (``access_tables.api_token``); never a secret, only its digest."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, insert, select, update
from sqlalchemy.orm import Session

from samverka.platform.access.db.tables import api_token, utc
from samverka.platform.access.domain.actors import Role
from samverka.platform.access.domain.api_tokens import ApiTokenGrant, TokenTimes
from samverka.platform.access.ports import ApiTokenRow


class SqlApiTokenRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, digest: str, grant: ApiTokenGrant, times: TokenTimes, created_by: str) -> int:
        values = {
            "token_digest": digest,
            "name": grant.name,
            "role": grant.role.value,
            "scope": grant.scope,
            "created_at": utc(times.created_at),
            "created_by": created_by[:80],
            "expires_at": utc(times.expires_at),
        }
        added = self._session.execute(insert(api_token).values(values).returning(api_token.c.id))
        return int(added.scalar_one())

    def by_id(self, token_id: int) -> ApiTokenRow | None:
        row = self._session.execute(select(api_token).where(api_token.c.id == token_id)).first()
        return None if row is None else token_row(row)

    def by_digest(self, digest: str) -> ApiTokenRow | None:
        return token_by_digest(self._session, digest)

    def all(self) -> list[ApiTokenRow]:
        query = select(api_token).order_by(api_token.c.created_at.desc(), api_token.c.id.desc())
        return [token_row(row) for row in self._session.execute(query)]

    def revoke(self, token_id: int, *, at: datetime, by: str) -> None:
        self._session.execute(
            update(api_token)
            .where(api_token.c.id == token_id, api_token.c.revoked_at.is_(None))
            .values(revoked_at=utc(at), revoked_by=by[:80])
        )

    def mark_used(self, token_id: int, at: datetime) -> None:
        used = api_token.c.last_used_at
        self._session.execute(
            update(api_token)
            .where(api_token.c.id == token_id, used.is_(None) | (used < utc(at)))
            .values(last_used_at=utc(at))
        )


def token_by_digest(session: Session, digest: str) -> ApiTokenRow | None:
    """The token whose secret has ``digest``: one query on a unique index."""
    row = session.execute(select(api_token).where(api_token.c.token_digest == digest)).first()
    return None if row is None else token_row(row)


def token_row(row: Row[Any]) -> ApiTokenRow:
    times = TokenTimes(
        created_at=utc(row.created_at),
        expires_at=utc(row.expires_at),
        last_used_at=None if row.last_used_at is None else utc(row.last_used_at),
        revoked_at=None if row.revoked_at is None else utc(row.revoked_at),
    )
    grant = ApiTokenGrant(row.name, Role(row.role), row.scope)
    return ApiTokenRow(row.id, grant, times, row.created_by, row.revoked_by)
