"""What every context's services need from the platform, as protocols: the tamper-evident
audit trail (``AuditTrail``, one ``AuditEvent`` per change) and the transaction every unit of work
is (``Transaction``). Each context's ``ports.py`` declares its own ``UnitOfWork`` on these with
the repositories it uses; the one SQL unit of work (``samverka.unit_of_work``) satisfies them all.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from samverka.platform.domain.audit_chain import ChainedEvent, ChainHead
from samverka.platform.services.writer_locks import WriterLocks


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
