"""State grants in the database (``state_grant_tables``).

``registered_in_band`` counts the youth register's persons registered in each municipality on
a reference date whose age is in the band: the registrations in force that day are read with a
birth-date window in SQL, and the exact age is decided by ``AgeBand.contains``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from samverka.association.grants.db import tables as g
from samverka.association.grants.db import unused_rows as unused_rows
from samverka.association.grants.domain.grant_allocation import (
    Allocation,
    AllocationKeyKind,
    GrantTerms,
    MunicipalAllocation,
)
from samverka.association.grants.domain.grant_follow_up import Reminder, UseCategory, UseReport
from samverka.association.grants.domain.grant_unused import UnusedDecision, UnusedSettlement
from samverka.association.grants.ports import (
    AllocationKey,
    GrantPayee,
    GrantRow,
    MemberMunicipality,
    StoredAllocation,
    StoredUnusedDecision,
)
from samverka.platform.db import tables as pt
from samverka.platform.db.inserts import insert_returning_id
from samverka.register.domain.population import AgeBand
from samverka.register.queries.registered_counts import registered_by_birth_date


def grant_from_row(row: Any) -> GrantRow:
    terms = GrantTerms(
        Decimal(row.total), Decimal(row.region_percent), Decimal(row.set_aside_percent)
    )
    return GrantRow(
        row.id,
        row.name,
        row.year,
        row.description,
        terms,
        row.report_due,
        row.created_at,
        row.created_by,
    )


def use_from_row(row: Any) -> UseReport:
    return UseReport(
        row.municipality_code,
        UseCategory(row.category),
        row.purpose,
        Decimal(row.amount),
        row.period_start,
        row.period_end,
        row.comment,
        row.reported_at,
        row.reported_by,
    )


def _plain(value: Decimal) -> Decimal:
    """``value`` without trailing zeros and never in exponent notation (12000, not 1.2E+4)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class SqlStateGrantRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    # -- municipalities and their populations -----------------------------------------------
    def members(self) -> list[MemberMunicipality]:
        m = pt.municipality
        query = select(m.c.code, m.c.name, m.c.population).where(m.c.member.is_(True))
        rows = self._s.execute(query.order_by(m.c.code))
        return [MemberMunicipality(row[0], row[1], row[2]) for row in rows]

    def set_populations(self, populations: Mapping[str, int]) -> None:
        m = pt.municipality
        for code, population in populations.items():
            self._s.execute(update(m).where(m.c.code == code).values(population=population))

    def registered_in_band(self, on: date, band: AgeBand) -> dict[str, int]:
        born_from = date(on.year - band.maximum - 2, 1, 2)  # older ones are past the band
        counts = registered_by_birth_date(self._s, on, born_from=born_from, born_until=on)
        counted: Counter[str] = Counter()
        for (code, born), people in counts.items():
            if band.contains(born, on):
                counted[code] += people
        return dict(counted)

    # -- grants -------------------------------------------------------------------------------
    def add_grant(
        self,
        *,
        name: str,
        year: int,
        description: str,
        terms: GrantTerms,
        report_due: date | None,
        at: datetime,
        by: str,
    ) -> int:
        values = {
            "name": name,
            "year": year,
            "description": description,
            "total": terms.total,
            "region_percent": terms.region_percent,
            "set_aside_percent": terms.set_aside_percent,
            "report_due": report_due,
            "created_at": at,
            "created_by": by,
        }
        return insert_returning_id(self._s, g.state_grant, values)

    def grant(self, grant_id: int) -> GrantRow | None:
        row = self._s.execute(select(g.state_grant).where(g.state_grant.c.id == grant_id)).first()
        return None if row is None else grant_from_row(row)

    def grants(self) -> list[GrantRow]:
        s = g.state_grant
        rows = self._s.execute(select(s).order_by(s.c.year.desc(), s.c.id.desc()))
        return [grant_from_row(row) for row in rows]

    # -- allocations --------------------------------------------------------------------------
    def allocation(self, grant_id: int) -> StoredAllocation | None:
        a, s = g.state_grant_allocation, g.state_grant_share
        head = self._s.execute(select(a).where(a.c.grant_id == grant_id)).first()
        total = self._s.execute(
            select(g.state_grant.c.total).where(g.state_grant.c.id == grant_id)
        ).scalar()
        if head is None or total is None:
            return None
        shares = self._s.execute(
            select(s).where(s.c.grant_id == grant_id).order_by(s.c.municipality_code)
        )
        lines = tuple(
            MunicipalAllocation(
                row.municipality_code,
                _plain(Decimal(row.key_value)),
                Decimal(row.share),
                Decimal(row.gross),
                Decimal(row.set_aside),
                Decimal(row.net),
            )
            for row in shares
        )
        allocation = Allocation(
            Decimal(total),
            Decimal(head.region_gross),
            Decimal(head.region_set_aside),
            Decimal(head.municipalities_gross),
            Decimal(head.set_aside_total),
            lines,
        )
        key = AllocationKey(
            AllocationKeyKind(head.key_kind),
            head.key_description,
            head.age_from,
            head.age_to,
            head.reference_date,
        )
        return StoredAllocation(key, allocation, head.allocated_at, head.allocated_by)

    def save_allocation(self, grant_id: int, allocation: StoredAllocation) -> None:
        a, s = g.state_grant_allocation, g.state_grant_share
        self._s.execute(delete(s).where(s.c.grant_id == grant_id))
        self._s.execute(delete(a).where(a.c.grant_id == grant_id))
        found, key = allocation.allocation, allocation.key
        head = {
            "grant_id": grant_id,
            "key_kind": key.kind.value,
            "key_description": key.description[:200],
            "age_from": key.age_from,
            "age_to": key.age_to,
            "reference_date": key.reference_date,
            "region_gross": found.region_gross,
            "region_set_aside": found.region_set_aside,
            "municipalities_gross": found.municipalities_gross,
            "set_aside_total": found.set_aside_total,
            "allocated_at": allocation.allocated_at,
            "allocated_by": allocation.allocated_by,
        }
        self._s.execute(insert(a).values(head))
        rows = [
            {
                "grant_id": grant_id,
                "municipality_code": line.municipality_code,
                "key_value": line.key_value,
                "share": line.share,
                "gross": line.gross,
                "set_aside": line.set_aside,
                "net": line.net,
            }
            for line in found.lines
        ]
        if rows:
            self._s.execute(insert(s), rows)

    # -- payees ------------------------------------------------------------------------------
    def payees(self) -> dict[str, GrantPayee]:
        p = g.state_grant_payee
        return {
            row.recipient: GrantPayee(
                row.recipient, row.name, row.organisation_number, row.bankgiro, row.plusgiro
            )
            for row in self._s.execute(select(p).order_by(p.c.recipient))
        }

    def set_payee(self, payee: GrantPayee, *, at: datetime, by: str) -> None:
        p = g.state_grant_payee
        self._s.execute(delete(p).where(p.c.recipient == payee.recipient))
        self._s.execute(
            insert(p).values(
                recipient=payee.recipient,
                name=payee.name,
                organisation_number=payee.organisation_number,
                bankgiro=payee.bankgiro,
                plusgiro=payee.plusgiro,
                recorded_at=at,
                recorded_by=by,
            )
        )

    # -- decisions on unused funds ------------------------------------------------------------
    def unused_decisions(self, grant_id: int) -> list[StoredUnusedDecision]:
        return unused_rows.unused_decisions(self._s, grant_id)

    def add_unused_decision(
        self,
        grant_id: int,
        decision: UnusedDecision,
        settlement: UnusedSettlement,
        *,
        at: datetime,
        by: str,
    ) -> int:
        return unused_rows.add_unused_decision(
            self._s, grant_id, decision, settlement, at=at, by=by
        )

    def grants_of(self, municipality_code: str) -> list[int]:
        s, grant = g.state_grant_share, g.state_grant
        query = (
            select(s.c.grant_id)
            .join(grant, grant.c.id == s.c.grant_id)
            .where(s.c.municipality_code == municipality_code)
            .order_by(grant.c.year.desc(), grant.c.id.desc())
        )
        return list(self._s.execute(query).scalars())

    # -- follow-up ----------------------------------------------------------------------------
    def uses(self, grant_id: int, municipality_code: str | None = None) -> list[UseReport]:
        u = g.state_grant_use
        query = select(u).where(u.c.grant_id == grant_id)
        if municipality_code is not None:
            query = query.where(u.c.municipality_code == municipality_code)
        rows = self._s.execute(query.order_by(u.c.municipality_code, u.c.reported_at, u.c.id))
        return [use_from_row(row) for row in rows]

    def add_use(self, grant_id: int, report: UseReport) -> int:
        values = {
            "grant_id": grant_id,
            "municipality_code": report.municipality_code,
            "category": report.category.value,
            "purpose": report.purpose,
            "amount": report.amount,
            "period_start": report.period_start,
            "period_end": report.period_end,
            "comment": report.comment,
            "reported_at": report.reported_at,
            "reported_by": report.reported_by,
        }
        return insert_returning_id(self._s, g.state_grant_use, values)

    def reminders(self, grant_id: int, municipality_code: str | None = None) -> list[Reminder]:
        m = g.state_grant_reminder
        query = select(m).where(m.c.grant_id == grant_id)
        if municipality_code is not None:
            query = query.where(m.c.municipality_code == municipality_code)
        rows = self._s.execute(query.order_by(m.c.sent_at, m.c.id))
        return [Reminder(r.municipality_code, r.message, r.sent_at, r.sent_by) for r in rows]

    def add_reminders(self, grant_id: int, reminders: Sequence[Reminder]) -> None:
        rows = [
            {
                "grant_id": grant_id,
                "municipality_code": r.municipality_code,
                "message": r.message,
                "sent_at": r.sent_at,
                "sent_by": r.sent_by,
            }
            for r in reminders
        ]
        if rows:
            self._s.execute(insert(g.state_grant_reminder), rows)
