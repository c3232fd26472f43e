"""The audit trail: append-only rows of who changed what, when, with before and after."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.adapters.db.inserts import bulk_insert
from samverka.adapters.db.tables import audit_event
from samverka.services.ports import AuditEvent


class SqlAuditTrail:
    def __init__(self, session: Session) -> None:
        self._session = session

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
        rows = [
            {
                "at": e.at,
                "actor": e.actor,
                "entity": e.entity,
                "entity_key": e.key,
                "action": e.action,
                "before": e.before,
                "after": e.after,
            }
            for e in events
        ]
        bulk_insert(self._session, audit_event, rows)

    def events(self, entity: str | None = None, key: str | None = None) -> list[dict[str, Any]]:
        query = select(audit_event).order_by(audit_event.c.id)
        if entity is not None:
            query = query.where(audit_event.c.entity == entity)
        if key is not None:
            query = query.where(audit_event.c.entity_key == key)
        return [dict(row._mapping) for row in self._session.execute(query)]
