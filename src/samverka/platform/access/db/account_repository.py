"""Accounts in the database: one row per person who may sign in, mapped to an ``Actor``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, insert, select, update
from sqlalchemy.orm import Session

from samverka.platform.access.db.tables import account
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.ports import AccountRow


class SqlAccountRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def by_username(self, username: str) -> AccountRow | None:
        row = self._session.execute(select(account).where(account.c.username == username)).first()
        return None if row is None else _account(row)

    def all(self) -> list[AccountRow]:
        rows = self._session.execute(select(account).order_by(account.c.username))
        return [_account(row) for row in rows]

    def add(self, actor: Actor, *, password_hash: str | None, created_at: datetime) -> int:
        values = {
            "username": actor.username,
            "display_name": actor.display_name,
            "role": actor.role.value,
            "password_hash": password_hash,
            "personal_id": actor.personal_id,
            "school_unit_codes": sorted(actor.school_unit_codes),
            "municipality_code": actor.municipality_code,
            "active": True,
            "created_at": created_at,
        }
        inserted = self._session.execute(insert(account).values(values).returning(account.c.id))
        return int(inserted.scalar_one())

    def set_password_hash(self, username: str, password_hash: str | None) -> None:
        self._update(username, password_hash=password_hash)

    def set_active(self, username: str, active: bool) -> None:
        self._update(username, active=active)

    def _update(self, username: str, **values: Any) -> None:
        self._session.execute(update(account).where(account.c.username == username).values(values))


def actor_of(row: Row[Any]) -> Actor:
    """The actor of a row with the account's columns (username, role, scope)."""
    return Actor(
        username=row.username,
        role=Role(row.role),
        display_name=row.display_name,
        personal_id=row.personal_id,
        school_unit_codes=frozenset(row.school_unit_codes),
        municipality_code=row.municipality_code,
    )


def _account(row: Row[Any]) -> AccountRow:
    return AccountRow(
        id=row.id,
        actor=actor_of(row),
        password_hash=row.password_hash,
        active=row.active,
        created_at=row.created_at,
    )
