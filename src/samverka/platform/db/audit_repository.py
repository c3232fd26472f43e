"""The audit trail: append-only rows of who changed what, when, with before and after, each
sealed to the one before it by hash (``samverka.platform.domain.audit_chain``).

Events recorded in a unit of work wait until it commits: ``flush``, which the unit of work calls
just before COMMIT, writes them as one batch in three statements whatever its size:

1. ``UPDATE audit_chain_head SET sequence = sequence + n … RETURNING sequence, hash`` moves the
   chain's head on by the batch and locks its one row until COMMIT: on PostgreSQL another
   writer waits there and then reads the head this one left (READ COMMITTED re-reads an
   updated row), so two transactions never number events alike and the chain never forks;
   SQLite lets one transaction write at a time anyway;
2. the batch is numbered and hashed in Python and inserted as ``bulk_insert`` does (``COPY`` on
   PostgreSQL);
3. the head's hash is set to the batch's last.

As the head is locked only at the very end of a transaction, and is the last lock it takes,
writers wait for each other only for the length of a COMMIT and cannot deadlock over it. A
rolled-back transaction leaves neither events nor a moved head: no gap.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Text, cast, select, update
from sqlalchemy.orm import Session

from samverka.platform.db.engine import to_json
from samverka.platform.db.inserts import bulk_insert_values
from samverka.platform.db.tables import audit_chain_head, audit_event
from samverka.platform.domain.audit_chain import (
    ChainedEvent,
    ChainHead,
    EventContent,
    extend,
    in_utc,
)
from samverka.platform.ports import AuditEvent

HEAD_ROW: Final = 1
BATCH: Final = 5000
_COLUMNS: Final = (
    "sequence",
    "at",
    "actor",
    "entity",
    "entity_key",
    "action",
    "before",
    "after",
    "previous_hash",
    "hash",
)
_JSON_TEXT: Final = frozenset({"before", "after"})  # hashed and stored as the same JSON text


class AuditChainMissing(RuntimeError):
    """The database has no chain head: it was not migrated (``samverka db upgrade``)."""


class SqlAuditTrail:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._pending: list[AuditEvent] = []

    def record(
        self,
        *,
        actor: str,
        entity: str,
        key: str,
        action: str,
        before: object,
        after: object,
        at: datetime,
    ) -> None:
        self._pending.append(AuditEvent(actor, entity, key, action, before, after, at))

    def record_many(self, events: Sequence[AuditEvent]) -> None:
        self._pending.extend(events)

    def flush(self) -> None:
        """Write the events recorded since the last flush, chained from the head."""
        if not self._pending:
            return
        contents = [_content(event) for event in self._pending]
        self._pending = []
        chained, head = extend(self._advance_head(len(contents)), contents)
        rows = [_row(event) for event in chained]
        bulk_insert_values(self._session, audit_event, _COLUMNS, rows, ready=_JSON_TEXT)
        h = audit_chain_head
        self._session.execute(update(h).where(h.c.id == HEAD_ROW).values(hash=head.hash))

    def events(self, entity: str | None = None, key: str | None = None) -> list[dict[str, Any]]:
        self.flush()
        query = select(audit_event).order_by(audit_event.c.sequence)
        if entity is not None:
            query = query.where(audit_event.c.entity == entity)
        if key is not None:
            query = query.where(audit_event.c.entity_key == key)
        return [dict(row._mapping) for row in self._session.execute(query)]

    def head(self) -> ChainHead | None:
        h = audit_chain_head
        row = self._session.execute(
            select(h.c.sequence, h.c.hash).where(h.c.id == HEAD_ROW)
        ).first()
        return None if row is None else ChainHead(int(row.sequence), row.hash)

    def chained_events(self, batch_size: int = BATCH) -> Iterator[ChainedEvent]:
        """Every stored event in sequence order, read ``batch_size`` at a time by the unique
        index on ``sequence``, so that a long trail is never held in memory."""
        a = audit_event
        columns = [
            cast(a.c[name], Text).label(name) if name in _JSON_TEXT else a.c[name]
            for name in _COLUMNS
        ]
        after = 0
        while True:
            query = select(*columns).where(a.c.sequence > after).order_by(a.c.sequence)
            rows = self._session.execute(query.limit(batch_size)).all()
            for row in rows:
                yield stored_event(row._mapping)
            if len(rows) < batch_size:
                return
            after = rows[-1].sequence

    def _advance_head(self, count: int) -> ChainHead:
        h = audit_chain_head
        moved = self._session.execute(
            update(h)
            .where(h.c.id == HEAD_ROW)
            .values(sequence=h.c.sequence + count)
            .returning(h.c.sequence, h.c.hash)
        ).first()
        if moved is None:
            raise AuditChainMissing(
                "the audit trail has no chain head: migrate the database (`samverka db upgrade`)"
            )
        return ChainHead(int(moved.sequence) - count, moved.hash)


def stored_event(row: Any) -> ChainedEvent:
    """A chained event from a stored row (a mapping of the columns ``_COLUMNS``, before and
    after read as text)."""
    content = EventContent(
        in_utc(row["at"]),
        row["actor"],
        row["entity"],
        row["entity_key"],
        row["action"],
        row["before"],
        row["after"],
    )
    return ChainedEvent(int(row["sequence"]), content, row["previous_hash"], row["hash"])


def _content(event: AuditEvent) -> EventContent:
    """The event as it is stored: in UTC, before and after as their JSON text."""
    return EventContent(
        in_utc(event.at),
        event.actor,
        event.entity,
        event.key,
        event.action,
        _json_text(event.before),
        _json_text(event.after),
    )


def _json_text(value: object) -> str | None:
    """``value`` as the JSON text stored. A bare number is refused: SQLite's numeric affinity
    would store ``1e+16`` as a number and give back ``1.0e+16``, which would no longer match
    the hash; every audited value is an object, a list, a text or nothing."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise TypeError(f"an audit event's before and after cannot be a bare number: {value!r}")
    return None if value is None else to_json(value)


def _row(event: ChainedEvent) -> tuple[object, ...]:
    c = event.content
    return (
        event.sequence,
        c.at,
        c.actor,
        c.entity,
        c.key,
        c.action,
        c.before,
        c.after,
        event.previous_hash,
        event.hash,
    )
