"""What the services of member fees need from the database, as a protocol.

``association.fees.db.repository`` implements it;
a unit of work holds it as ``uow.member_fees``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from samverka.association.fees.domain.admission_fee import (
    AdmissionFeeDecision,
    AdmissionFees,
    CountBasis,
)
from samverka.association.fees.domain.fee_invoices import FeeKind, Invoice
from samverka.association.fees.domain.revenue_base import RevenueBase
from samverka.association.fees.domain.service_fee import ServiceFee, ServiceFeeDecision
from samverka.platform.ports import Transaction


@dataclass(frozen=True, slots=True)
class DecisionRef:
    """The decision in force for a fee year and fee: enough to supersede and audit it."""

    id: int
    version: int
    decided_on: date
    decided_by: str
    total: Decimal


class MemberFeeRepository(Protocol):
    """The stored member fees."""

    def member_codes(self) -> list[str]: ...
    def admission_party_codes(self) -> list[str]: ...
    def revenue_bases(self, base_year: int) -> dict[str, Decimal]: ...
    def set_revenue_bases(
        self, bases: Sequence[RevenueBase], *, source: str, at: datetime, by: str
    ) -> None: ...
    def young_people(self, reference_date: date, age: int, basis: CountBasis) -> dict[str, int]:
        """Per party of the admission area: those registered there on the date who are ``age``
        by ``basis`` (born in the date's year minus ``age``, or that age on the date)."""

    def decision_in_force(self, kind: FeeKind, fee_year: int) -> DecisionRef | None: ...
    def supersede(self, kind: FeeKind, decision_id: int, at: datetime) -> None: ...
    def add_service_decision(
        self,
        decision: ServiceFeeDecision,
        fees: Sequence[ServiceFee],
        *,
        version: int,
        reason: str,
        at: datetime,
        by: str,
    ) -> int: ...
    def add_admission_decision(
        self,
        decision: AdmissionFeeDecision,
        fees: AdmissionFees,
        *,
        version: int,
        reason: str,
        at: datetime,
        by: str,
    ) -> int: ...
    def add_invoices(self, decision_id: int, invoices: Sequence[Invoice]) -> None: ...


class UnitOfWork(Transaction, Protocol):
    """What the association's fees services need: a transaction with their repository."""

    @property
    def member_fees(self) -> MemberFeeRepository: ...
