"""Member fees in the database (``member_fee_tables``), and the youth register's counts of
young people of the fee age that the admission service fee is charged by: a birth cohort (born
in the reference date's year minus the fee age) or the exact age on the reference date, of
those registered in a party of the admission area that day."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from samverka.admission.domain.area import AreaTerms
from samverka.association.fees.db import tables as f
from samverka.association.fees.domain.admission_fee import (
    AdmissionFeeDecision,
    AdmissionFees,
    CountBasis,
    cohort_year,
)
from samverka.association.fees.domain.fee_invoices import FeeKind, Invoice
from samverka.association.fees.domain.revenue_base import RevenueBase
from samverka.association.fees.domain.service_fee import ServiceFee, ServiceFeeDecision
from samverka.association.fees.ports import DecisionRef
from samverka.platform.db import tables as pt
from samverka.platform.db.inserts import insert_returning_id
from samverka.register.domain.population import age_on
from samverka.register.queries.registered_counts import registered_by_birth_date

DECISIONS: dict[FeeKind, tuple[Table, Table]] = {
    FeeKind.SERVICE: (f.service_fee_decision, f.service_fee_line),
    FeeKind.ADMISSION: (f.admission_fee_decision, f.admission_fee_line),
}


def _birth_window(reference_date: date, age: int, basis: CountBasis) -> tuple[date, date]:
    """The birth dates to read: the cohort's year, or a window safely around those ``age`` on
    the reference date (the exact age is decided by ``age_on``)."""
    if basis is CountBasis.COHORT:
        year = cohort_year(reference_date, age)
        return date(year, 1, 1), date(year, 12, 31)
    return date(reference_date.year - age - 2, 1, 1), reference_date


class SqlMemberFeeRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def member_codes(self) -> list[str]:
        m = pt.municipality
        query = select(m.c.code).where(m.c.member.is_(True)).order_by(m.c.code)
        return list(self._session.execute(query).scalars())

    def admission_party_codes(self) -> list[str]:
        """The members and the other parties of the admission area (Håbo, Gnesta), who buy
        the admission office by their agreements (``admission.domain.area``)."""
        m = pt.municipality
        parties = [terms.value for terms in AreaTerms if terms.in_admission_area]
        query = select(m.c.code).where(m.c.admission_terms.in_(parties)).order_by(m.c.code)
        return list(self._session.execute(query).scalars())

    def revenue_bases(self, base_year: int) -> dict[str, Decimal]:
        r = f.fee_revenue_base
        query = select(r.c.municipality_code, r.c.revenue).where(r.c.base_year == base_year)
        return {code: Decimal(revenue) for code, revenue in self._session.execute(query)}

    def set_revenue_bases(
        self, bases: Sequence[RevenueBase], *, source: str, at: datetime, by: str
    ) -> None:
        r = f.fee_revenue_base
        for base in bases:
            self._session.execute(
                delete(r).where(
                    r.c.municipality_code == base.municipality_code,
                    r.c.base_year == base.base_year,
                )
            )
        rows = [
            {
                "municipality_code": base.municipality_code,
                "base_year": base.base_year,
                "revenue": base.revenue,
                "source": source[:200],
                "changed_at": at,
                "changed_by": by,
            }
            for base in bases
        ]
        if rows:
            self._session.execute(insert(r), rows)

    def young_people(self, reference_date: date, age: int, basis: CountBasis) -> dict[str, int]:
        parties = self.admission_party_codes()
        earliest, latest = _birth_window(reference_date, age, basis)
        found = registered_by_birth_date(
            self._session,
            reference_date,
            born_from=earliest,
            born_until=latest,
            municipalities=parties,
        )
        counts: dict[str, int] = defaultdict(int)
        for (code, born), people in found.items():
            if basis is CountBasis.COHORT or age_on(born, reference_date) == age:
                counts[code] += people
        return {code: counts.get(code, 0) for code in parties}

    def decision_in_force(self, kind: FeeKind, fee_year: int) -> DecisionRef | None:
        decision, line = DECISIONS[kind]
        row = self._session.execute(
            select(decision.c.id, decision.c.version, decision.c.decided_on, decision.c.decided_by)
            .where(decision.c.fee_year == fee_year, decision.c.superseded_at.is_(None))
            .order_by(decision.c.version.desc())
        ).first()
        if row is None:
            return None
        total = self._session.execute(
            select(func.coalesce(func.sum(line.c.fee), 0)).where(line.c.decision_id == row.id)
        ).scalar_one()
        return DecisionRef(row.id, row.version, row.decided_on, row.decided_by, Decimal(total))

    def supersede(self, kind: FeeKind, decision_id: int, at: datetime) -> None:
        decision, _ = DECISIONS[kind]
        self._session.execute(
            update(decision).where(decision.c.id == decision_id).values(superseded_at=at)
        )

    def _add_decision(
        self, kind: FeeKind, values: dict[str, Any], lines: list[dict[str, Any]]
    ) -> int:
        decision, line = DECISIONS[kind]
        decision_id = insert_returning_id(self._session, decision, values)
        if lines:
            self._session.execute(
                insert(line), [{**row, "decision_id": decision_id} for row in lines]
            )
        return decision_id

    def add_service_decision(
        self,
        decision: ServiceFeeDecision,
        fees: Sequence[ServiceFee],
        *,
        version: int,
        reason: str,
        at: datetime,
        by: str,
    ) -> int:
        values = {
            "fee_year": decision.fee_year,
            "version": version,
            "rate_per_mille": decision.rate_per_mille,
            "cap_per_mille": decision.cap_per_mille,
            "base_year": decision.base_year,
            **_decided(decision.decided_on, decision.decided_by, decision.instalments),
            **_recorded(reason, at, by),
        }
        lines = [
            {"municipality_code": fee.municipality_code, "revenue": fee.revenue, "fee": fee.fee}
            for fee in fees
        ]
        return self._add_decision(FeeKind.SERVICE, values, lines)

    def add_admission_decision(
        self,
        decision: AdmissionFeeDecision,
        fees: AdmissionFees,
        *,
        version: int,
        reason: str,
        at: datetime,
        by: str,
    ) -> int:
        values = {
            "fee_year": decision.fee_year,
            "version": version,
            "budgeted_cost": decision.budgeted_cost,
            "fee_age": decision.fee_age,
            "count_basis": decision.count_basis.value,
            "reference_date": decision.reference_date,
            "price_per_young_person": fees.price_per_young_person,
            **_decided(decision.decided_on, decision.decided_by, decision.instalments),
            **_recorded(reason, at, by),
        }
        lines = [
            {
                "municipality_code": fee.municipality_code,
                "young_people": fee.young_people,
                "fee": fee.fee,
            }
            for fee in fees.fees
        ]
        decision_id = self._add_decision(FeeKind.ADMISSION, values, lines)
        charges = [
            {"decision_id": decision_id, "kind": c.kind.value, "text": c.text, "cost": c.cost}
            for c in decision.charges
        ]
        self._session.execute(insert(f.admission_fee_charge), charges)
        return decision_id

    def add_invoices(self, decision_id: int, invoices: Sequence[Invoice]) -> None:
        for invoice in invoices:
            values = {
                "invoice_number": invoice.invoice_number,
                "kind": invoice.kind.value,
                "decision_id": decision_id,
                "fee_year": invoice.fee_year,
                "municipality_code": invoice.municipality_code,
                "issued_on": invoice.issued_on,
                "amount": invoice.amount,
            }
            invoice_id = insert_returning_id(self._session, f.fee_invoice, values)
            rows = [
                {
                    "invoice_id": invoice_id,
                    "number": i.number,
                    "due_on": i.due_on,
                    "amount": i.amount,
                }
                for i in invoice.instalments
            ]
            self._session.execute(insert(f.fee_instalment), rows)
            lines = [
                {
                    "invoice_id": invoice_id,
                    "number": line.number,
                    "kind": line.kind,
                    "text": line.text,
                    "amount": line.amount,
                }
                for line in invoice.lines
            ]
            if lines:
                self._session.execute(insert(f.fee_invoice_line), lines)


def _decided(decided_on: date, decided_by: str, instalments: int) -> dict[str, Any]:
    return {"decided_on": decided_on, "decided_by": decided_by.strip(), "instalments": instalments}


def _recorded(reason: str, at: datetime, by: str) -> dict[str, Any]:
    return {"reason": reason.strip(), "recorded_at": at, "recorded_by": by, "superseded_at": None}
