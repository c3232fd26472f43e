"""Member fees' unit of work in memory, for the rule tests of its services
(``association.fees.services``): the members, the revenue bases, the young people counted per
party, the decisions with their fees and the invoices, kept as the SQL repository keeps them
where the services can tell. Leaving ``with uow:`` without a commit puts them back
(``FakeTransaction``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from fake_transaction import FakeTransaction

from samverka.association.fees.domain.admission_fee import (
    AdmissionFeeDecision,
    AdmissionFees,
    CountBasis,
)
from samverka.association.fees.domain.fee_invoices import FeeKind, Invoice
from samverka.association.fees.domain.revenue_base import RevenueBase
from samverka.association.fees.domain.service_fee import ServiceFee, ServiceFeeDecision
from samverka.association.fees.ports import DecisionRef


@dataclass
class StoredDecision:
    id: int
    kind: FeeKind
    fee_year: int
    version: int
    decided_on: date
    decided_by: str
    reason: str
    fees: dict[str, Decimal]
    superseded_at: datetime | None = None


@dataclass
class MemberFees:
    """``MemberFeeRepository`` in memory. ``young`` is what the register counts per party, for
    whichever day, age and basis is asked (``asked`` keeps each question)."""

    members: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)  # the admission area's, members included
    young: dict[str, int] = field(default_factory=dict)
    asked: list[tuple[date, int, CountBasis]] = field(default_factory=list)
    revenues: dict[int, dict[str, Decimal]] = field(default_factory=dict)
    decisions: list[StoredDecision] = field(default_factory=list)
    invoices: dict[int, list[Invoice]] = field(default_factory=dict)

    def member_codes(self) -> list[str]:
        return sorted(self.members)

    def admission_party_codes(self) -> list[str]:
        return sorted(self.parties or self.members)

    def revenue_bases(self, base_year: int) -> dict[str, Decimal]:
        return dict(self.revenues.get(base_year, {}))

    def set_revenue_bases(
        self, bases: Sequence[RevenueBase], *, source: str, at: datetime, by: str
    ) -> None:
        for base in bases:
            self.revenues.setdefault(base.base_year, {})[base.municipality_code] = base.revenue

    def young_people(self, reference_date: date, age: int, basis: CountBasis) -> dict[str, int]:
        self.asked.append((reference_date, age, basis))
        return {code: self.young.get(code, 0) for code in self.admission_party_codes()}

    def decision_in_force(self, kind: FeeKind, fee_year: int) -> DecisionRef | None:
        found = [
            d
            for d in self.decisions
            if d.kind is kind and d.fee_year == fee_year and d.superseded_at is None
        ]
        if not found:
            return None
        last = max(found, key=lambda d: d.version)
        total = sum(last.fees.values(), Decimal(0))
        return DecisionRef(last.id, last.version, last.decided_on, last.decided_by, total)

    def supersede(self, kind: FeeKind, decision_id: int, at: datetime) -> None:
        next(d for d in self.decisions if d.id == decision_id).superseded_at = at

    def _add(
        self,
        kind: FeeKind,
        fee_year: int,
        decided_on: date,
        decided_by: str,
        fees: dict[str, Decimal],
        version: int,
        reason: str,
    ) -> int:
        decision_id = len(self.decisions) + 1
        self.decisions.append(
            StoredDecision(
                decision_id, kind, fee_year, version, decided_on, decided_by, reason, fees
            )
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
        amounts = {fee.municipality_code: fee.fee for fee in fees}
        return self._add(
            FeeKind.SERVICE,
            decision.fee_year,
            decision.decided_on,
            decision.decided_by,
            amounts,
            version,
            reason,
        )

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
        amounts = {fee.municipality_code: fee.fee for fee in fees.fees}
        return self._add(
            FeeKind.ADMISSION,
            decision.fee_year,
            decision.decided_on,
            decision.decided_by,
            amounts,
            version,
            reason,
        )

    def add_invoices(self, decision_id: int, invoices: Sequence[Invoice]) -> None:
        self.invoices.setdefault(decision_id, []).extend(invoices)


class FakeUnitOfWork(FakeTransaction):
    """The member fees' ``UnitOfWork`` in memory."""

    STORES = ("member_fees",)

    def __init__(self, member_fees: MemberFees | None = None) -> None:
        super().__init__()
        self.member_fees = member_fees or MemberFees()
