"""What every context's services need from the platform, as protocols.

* ``AuditTrail``: the tamper-evident audit trail, one ``AuditEvent`` per change.
* ``Transaction``: what every unit of work is. Each context's ``ports.py`` declares its own
  ``UnitOfWork`` on it with the repositories it uses; the one SQL unit of work
  (``samverka.unit_of_work``) satisfies them all.
* ``WriterLocks``: one writer at a time where it matters. A use case whose two concurrent runs
  must never both commit (a population load, an admission round run or publication, a
  compensation run or month closing) first takes the lock of its ``WriterKind`` and key
  (``uow.locks.take``), before it reads anything. The lock is held until the unit of work ends,
  so two overlapping runs never both commit, and the one that does sees every earlier commit
  (docs/security.md, "One writer, no half results"; ``platform/db/writer_locks.py`` does it the
  same way on SQLite and PostgreSQL). Source: issue 11, point 5.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import TracebackType
from typing import Any, Protocol, Self

from samverka.platform.domain.audit_chain import ChainedEvent, ChainHead


@dataclass(frozen=True, slots=True)
class AuditEvent:
    actor: str
    entity: str
    key: str
    action: str
    before: object
    after: object
    at: datetime


class AuditTrail(Protocol):
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
    ) -> None: ...

    def record_many(self, events: Sequence[AuditEvent]) -> None: ...

    def events(self, entity: str | None = None, key: str | None = None) -> list[dict[str, Any]]: ...

    def head(self) -> ChainHead | None:
        """The chain's last sequence and hash; ``None`` if the head row is missing."""
        ...

    def chained_events(self, batch_size: int = ...) -> Iterator[ChainedEvent]:
        """Every stored event in sequence order, streamed."""
        ...


class Transaction(Protocol):
    """A unit of work: ``with uow:`` opens the transaction, ``commit()`` keeps its changes, and
    leaving the block without a commit rolls back, so a failed use case changes nothing."""

    @property
    def audit(self) -> AuditTrail: ...
    @property
    def locks(self) -> WriterLocks: ...

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...


class WriterKind(StrEnum):
    """What may have only one writer at a time, with the key it is taken for."""

    POPULATION_LOAD = "population_load"  # key: "register" (there is one register)
    ADMISSION_ROUND = "admission_round"  # key: the admission year; runs and publications
    COMPENSATION_RUN = "compensation_run"  # key: "all" (a run rechecks up to 12 months)


REGISTER_KEY = "register"


ALL_MONTHS_KEY = "all"


class WriterLocks(Protocol):
    def take(self, kind: WriterKind, key: str, *, holder: str, at: datetime) -> None:
        """Make this unit of work the only writer of ``kind`` and ``key`` until it ends;
        raises ``ConcurrentChange`` when another one committed while this one waited."""
        ...
