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
   PostgreSQL): by the batch path, without an object per event (one JSON encoder made once,
   ``chain_hashes``, each moment converted for the driver once), whose rows are byte for byte
   those of the plain path (``plain_rows``: an ``EventContent`` and a ``ChainedEvent`` per
   event, as ``samverka audit verify`` reads them back);
3. the head's hash is set to the batch's last.

As the head is locked only at the very end of a transaction, and is the last lock it takes,
writers wait for each other only for the length of a COMMIT and cannot deadlock over it. A
rolled-back transaction leaves neither events nor a moved head: no gap.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Text, cast, select, update
from sqlalchemy.orm import Session

from samverka.platform.db.engine import json_encoder, to_json
from samverka.platform.db.inserts import bulk_insert_values
from samverka.platform.db.tables import audit_chain_head, audit_event
from samverka.platform.domain.audit_chain import (
    ChainedEvent,
    ChainHead,
    ContentFields,
    EventContent,
    chain_hashes,
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
_encode: Final = json_encoder()


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
        """Write the events recorded since the last flush, chained from the head (the batch
        path of the module docstring; the stored rows are those of ``plain_rows``)."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        contents = _contents(pending)
        head = self._advance_head(len(contents))
        dialect = self._session.connection().dialect
        rows = _rows(head, contents, _driver_moment(f"{dialect.name}+{dialect.driver}"))
        bulk_insert_values(self._session, audit_event, _COLUMNS, rows, ready=_JSON_TEXT)
        h = audit_chain_head
        self._session.execute(update(h).where(h.c.id == HEAD_ROW).values(hash=rows[-1][-1]))

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


def plain_rows(head: ChainHead, events: Sequence[AuditEvent]) -> list[tuple[object, ...]]:
    """The rows ``flush`` stores for ``events`` after ``head``, by the plain path: an
    ``EventContent`` and a ``ChainedEvent`` per event (``extend``). The reference the batch
    path is held to, and the one to read to see what is stored."""
    chained, _ = extend(head, [_content(event) for event in events])
    return [_row(event) for event in chained]


def _contents(events: Sequence[AuditEvent]) -> list[ContentFields]:
    """The events' content as it is hashed and stored (``_content``), without an object per
    event: before and after as JSON text, by one encoder made once; a bare number refused
    before anything is written."""
    encode = _encode
    contents: list[ContentFields] = []
    add = contents.append
    for event in events:
        before, after = event.before, event.after
        kind = type(before)
        if kind is dict or kind is list:
            before_text: str | None = encode(before)
        else:
            before_text = None if before is None else _json_text(before)
        kind = type(after)
        if kind is dict or kind is list:
            after_text: str | None = encode(after)
        else:
            after_text = None if after is None else _json_text(after)
        add((event.at, event.actor, event.entity, event.key, event.action, before_text, after_text))
    return contents


def _rows(
    head: ChainHead, contents: list[ContentFields], moment: Callable[[datetime], object]
) -> list[tuple[object, ...]]:
    """The rows to insert, in the order of ``_COLUMNS``: the contents numbered and hashed after
    ``head`` (``chain_hashes``), each moment in UTC as the driver takes it."""
    digests = chain_hashes(head, contents)
    previous = [head.hash, *digests[:-1]]
    stored: dict[datetime, object] = {}
    rows: list[tuple[object, ...]] = []
    add = rows.append
    sequence = head.sequence
    for (at, actor, entity, key, action, before, after), before_hash, digest in zip(
        contents, previous, digests, strict=True
    ):
        sequence += 1
        at_stored = stored.get(at)
        if at_stored is None:
            at_stored = stored[at] = moment(in_utc(at))
        add((sequence, at_stored, actor, entity, key, action, before, after, before_hash, digest))
    return rows


def _driver_moment(dialect: str) -> Callable[[datetime], object]:
    """A moment as the driver of ``dialect`` (``name+driver``) takes it: on SQLite through the
    standard library's ``sqlite3`` the text its own adapter for ``datetime`` makes of it (the
    very text it would store, made once per moment of the batch rather than once per row);
    elsewhere the moment itself."""
    adapter = sqlite3.adapters.get((datetime, sqlite3.PrepareProtocol))
    if dialect != "sqlite+pysqlite" or adapter is None:
        return _itself
    adapt: Callable[[datetime], object] = adapter

    def as_stored(moment: datetime) -> object:
        return adapt(moment) if type(moment) is datetime else moment

    return as_stored


def _itself(moment: datetime) -> object:
    return moment


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
