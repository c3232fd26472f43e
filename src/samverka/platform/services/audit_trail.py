"""Use cases: verify the audit trail's hash chain, and read its head to write it down elsewhere.

Source: issue 11, point 9 (`samverka audit verify` proves that no event is missing or changed);
the procedure is in ``samverka.platform.domain.audit_chain``; ``docs/security.md``, "Audit trail".

Verification only reads: the head first, then every event in sequence order, streamed, so that
events written meanwhile by others are verified too and never mistaken for tampering.
"""

from __future__ import annotations

from collections.abc import Sequence

from samverka.errors import N_, NotFound
from samverka.platform.domain.audit_chain import Anchor, ChainHead, ChainReport, verify
from samverka.platform.ports import Transaction as UnitOfWork


def verify_audit_trail(
    uow: UnitOfWork, *, anchors: Sequence[Anchor] = (), limit: int = 20
) -> ChainReport:
    """Walk the whole chain against its head and ``anchors``; the first ``limit`` problems."""
    with uow:
        head = uow.audit.head()
        return verify(uow.audit.chained_events(), head=head, anchors=anchors, limit=limit)


def audit_trail_head(uow: UnitOfWork) -> ChainHead:
    """The last event's sequence and hash: an anchor to keep outside the database."""
    with uow:
        head = uow.audit.head()
    if head is None:
        raise NotFound(N_("Granskningsloggen saknar kedjans början; databasen behöver migreras."))
    return head
