"""The decisions on a state grant's unused funds in the database (``state_grant_tables``,
migration 0021): read and written for ``SqlStateGrantRepository``."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from samverka.association.grants.db import tables as g
from samverka.association.grants.domain.grant_unused import (
    Disposal,
    RedistributionKey,
    UnusedDecision,
    UnusedLine,
    UnusedSettlement,
)
from samverka.association.grants.ports import StoredUnusedDecision
from samverka.platform.db.inserts import insert_returning_id


def unused_decisions(session: Session, grant_id: int) -> list[StoredUnusedDecision]:
    d, line = g.state_grant_unused_decision, g.state_grant_unused_line
    heads = list(session.execute(select(d).where(d.c.grant_id == grant_id).order_by(d.c.id)))
    lines: dict[int, list[UnusedLine]] = defaultdict(list)
    if heads:
        query = (
            select(line)
            .where(line.c.decision_id.in_([head.id for head in heads]))
            .order_by(line.c.municipality_code)
        )
        for row in session.execute(query):
            lines[row.decision_id].append(
                UnusedLine(row.municipality_code, Decimal(row.returned), Decimal(row.received))
            )
    found = []
    for head in heads:
        recipients = tuple(x.municipality_code for x in lines[head.id] if x.received > 0)
        decision = UnusedDecision(
            Disposal(head.disposal),
            head.decided_on,
            head.reference,
            head.decided_by,
            head.repaid_to,
            head.repaid_on,
            recipients,
            RedistributionKey(head.redistribution_key or RedistributionKey.GRANT_KEY.value),
        )
        settlement = UnusedSettlement(Decimal(head.amount), tuple(lines[head.id]))
        found.append(
            StoredUnusedDecision(head.id, decision, settlement, head.recorded_at, head.recorded_by)
        )
    return found


def add_unused_decision(
    session: Session,
    grant_id: int,
    decision: UnusedDecision,
    settlement: UnusedSettlement,
    *,
    at: datetime,
    by: str,
) -> int:
    redistributed = decision.disposal is Disposal.REDISTRIBUTE
    values = {
        "grant_id": grant_id,
        "disposal": decision.disposal.value,
        "amount": settlement.amount,
        "decided_on": decision.decided_on,
        "reference": decision.reference.strip(),
        "decided_by": decision.decided_by.strip(),
        "repaid_to": decision.repaid_to.strip(),
        "repaid_on": decision.repaid_on,
        "redistribution_key": decision.key.value if redistributed else None,
        "recorded_at": at,
        "recorded_by": by,
    }
    decision_id = insert_returning_id(session, g.state_grant_unused_decision, values)
    rows = [
        {
            "decision_id": decision_id,
            "municipality_code": line.municipality_code,
            "returned": line.returned,
            "received": line.received,
        }
        for line in settlement.lines
    ]
    if rows:
        session.execute(insert(g.state_grant_unused_line), rows)
    return decision_id
