"""The platform's part of every fake unit of work: an audit trail and writer locks in memory,
and a transaction that keeps its repositories' changes only on ``commit()``.

A context's fake unit of work (``tests/<context>/fakes.py``) subclasses ``FakeTransaction``,
gives it in-memory repositories as attributes and names them in ``STORES``; leaving ``with uow:``
without a commit puts those repositories back as they were when the block began, as the
database's rollback does, so that "a refused change changes nothing" is tested on the fake too.
The audit trail keeps the events of committed blocks only and gives them back as the SQL audit
trail does (``events()``: dictionaries with ``before`` and ``after`` as stored JSON values).

Rule tests of services run on the fakes in milliseconds; the repositories themselves, and one
happy path per use case, are tested on SQLite and PostgreSQL.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any, ClassVar, Self

from samverka.platform.db.engine import to_json
from samverka.platform.domain.audit_chain import ChainedEvent, ChainHead
from samverka.platform.ports import AuditEvent, WriterKind


@dataclass
class FakeAuditTrail:
    committed: list[AuditEvent] = field(default_factory=list)
    pending: list[AuditEvent] = field(default_factory=list)

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
        self.record_many([AuditEvent(actor, entity, key, action, before, after, at)])

    def record_many(self, events: Sequence[AuditEvent]) -> None:
        for event in events:
            for value in (event.before, event.after):
                if isinstance(value, int | float) and not isinstance(value, bool):
                    reason = f"an audit event's before and after cannot be a bare number: {value!r}"
                    raise TypeError(reason)
                to_json(value)  # refused as the SQL trail refuses it
        self.pending.extend(events)

    def events(self, entity: str | None = None, key: str | None = None) -> list[dict[str, Any]]:
        return [
            {
                "sequence": number,
                "at": event.at,
                "actor": event.actor,
                "entity": event.entity,
                "entity_key": event.key,
                "action": event.action,
                "before": None if event.before is None else json.loads(to_json(event.before)),
                "after": None if event.after is None else json.loads(to_json(event.after)),
            }
            for number, event in enumerate([*self.committed, *self.pending], start=1)
            if (entity is None or event.entity == entity) and (key is None or event.key == key)
        ]

    def head(self) -> ChainHead | None:
        return None

    def chained_events(self, batch_size: int = 1000) -> Iterator[ChainedEvent]:
        return iter(())


@dataclass
class FakeLocks:
    taken: list[tuple[WriterKind, str, str]] = field(default_factory=list)

    def take(self, kind: WriterKind, key: str, *, holder: str, at: datetime) -> None:
        self.taken.append((kind, key, holder))


class FakeTransaction:
    """A unit of work in memory. ``STORES``: the names of the attributes that hold repositories,
    put back as they were on a rollback."""

    STORES: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        self._audit = FakeAuditTrail()
        self._locks = FakeLocks()
        self.commits = 0
        self._saved: dict[str, object] | None = None

    @property
    def audit(self) -> FakeAuditTrail:
        return self._audit

    @property
    def locks(self) -> FakeLocks:
        return self._locks

    def __enter__(self) -> Self:
        self._saved = {name: copy.deepcopy(getattr(self, name)) for name in self.STORES}
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._saved is not None:  # what was not committed is rolled back
            for name, saved in self._saved.items():
                setattr(self, name, saved)
        self._audit.pending.clear()
        self._saved = None

    def commit(self) -> None:
        self._audit.committed.extend(self._audit.pending)
        self._audit.pending.clear()
        self.commits += 1
        self._saved = {name: copy.deepcopy(getattr(self, name)) for name in self.STORES}
