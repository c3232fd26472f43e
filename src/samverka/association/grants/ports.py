"""What the services of state grants (stimulansmedel) need from the database, as a protocol.

``association.grants.db.repository`` implements it;
a unit of work holds it as ``uow.state_grants``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from samverka.association.grants.domain.grant_allocation import (
    Allocation,
    AllocationKeyKind,
    GrantTerms,
)
from samverka.association.grants.domain.grant_follow_up import Reminder, UseReport
from samverka.association.grants.domain.grant_unused import UnusedDecision, UnusedSettlement
from samverka.platform.ports import Transaction
from samverka.register.domain.population import AgeBand


@dataclass(frozen=True, slots=True)
class GrantRow:
    id: int
    name: str
    year: int
    description: str
    terms: GrantTerms
    report_due: date | None
    created_at: datetime
    created_by: str


@dataclass(frozen=True, slots=True)
class AllocationKey:
    """The key an allocation used, and its parameters (age band and reference date)."""

    kind: AllocationKeyKind
    description: str
    age_from: int | None = None
    age_to: int | None = None
    reference_date: date | None = None


@dataclass(frozen=True, slots=True)
class StoredAllocation:
    key: AllocationKey
    allocation: Allocation
    allocated_at: datetime
    allocated_by: str


@dataclass(frozen=True, slots=True)
class StoredUnusedDecision:
    """A recorded decision on unused funds, with what it took back and gave."""

    id: int
    decision: UnusedDecision
    settlement: UnusedSettlement
    recorded_at: datetime
    recorded_by: str


def settled(decisions: Sequence[StoredUnusedDecision]) -> dict[str, tuple[Decimal, Decimal]]:
    """(returned, received) per municipality over ``decisions``."""
    found: dict[str, tuple[Decimal, Decimal]] = {}
    for stored in decisions:
        for line in stored.settlement.lines:
            returned, received = found.get(line.municipality_code, (Decimal(0), Decimal(0)))
            found[line.municipality_code] = (returned + line.returned, received + line.received)
    return found


@dataclass(frozen=True, slots=True)
class MemberMunicipality:
    code: str
    name: str
    population: int | None


@dataclass(frozen=True, slots=True)
class GrantPayee:
    """Where a recipient of the grants' payouts is paid: a member municipality (its code) or the
    region of a first split (``grant_allocation.REGION``), with the organisation number,
    bankgiro and plusgiro the payment file carries (``platform.domain.payment_details``).

    Kept by the grants apart from the compensation's payees (``compensation_payee``), on
    purpose: those are the organisers of schools, keyed as the compensation lines name them,
    and a municipality is there mostly a payer, with a payee record only where it runs a school
    others' pupils attend; the region of a first split is not among them at all. A state grant
    is paid to the municipality (or region) as a whole, often to another account than its
    schools' compensation, and the grants do not depend on the compensation's context.
    """

    recipient: str
    name: str
    organisation_number: str | None = None
    bankgiro: str | None = None
    plusgiro: str | None = None


class StateGrantRepository(Protocol):
    """The stored state grants (stimulansmedel)."""

    def members(self) -> list[MemberMunicipality]: ...

    def set_populations(self, populations: Mapping[str, int]) -> None: ...

    def registered_in_band(self, on: date, band: AgeBand) -> dict[str, int]:
        """Persons registered in each municipality on ``on`` whose age is in ``band``."""
        ...

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
    ) -> int: ...

    def grant(self, grant_id: int) -> GrantRow | None: ...

    def grants(self) -> list[GrantRow]: ...

    def allocation(self, grant_id: int) -> StoredAllocation | None: ...

    def save_allocation(self, grant_id: int, allocation: StoredAllocation) -> None:
        """Store ``allocation`` as the grant's, replacing an earlier one."""
        ...

    def uses(self, grant_id: int, municipality_code: str | None = None) -> list[UseReport]: ...

    def add_use(self, grant_id: int, report: UseReport) -> int: ...

    def reminders(self, grant_id: int, municipality_code: str | None = None) -> list[Reminder]: ...

    def add_reminders(self, grant_id: int, reminders: Sequence[Reminder]) -> None: ...

    def unused_decisions(self, grant_id: int) -> list[StoredUnusedDecision]:
        """The grant's decisions on unused funds, oldest first."""
        ...

    def add_unused_decision(
        self,
        grant_id: int,
        decision: UnusedDecision,
        settlement: UnusedSettlement,
        *,
        at: datetime,
        by: str,
    ) -> int: ...

    def payees(self) -> dict[str, GrantPayee]:
        """The recorded payment details, by recipient."""
        ...

    def set_payee(self, payee: GrantPayee, *, at: datetime, by: str) -> None:
        """Store ``payee``, replacing the recipient's earlier details."""
        ...

    def grants_of(self, municipality_code: str) -> list[int]:
        """The grants with an allocation to ``municipality_code``, newest first."""
        ...


class UnitOfWork(Transaction, Protocol):
    """What the association's grants services need: a transaction with their repository."""

    @property
    def state_grants(self) -> StateGrantRepository: ...
