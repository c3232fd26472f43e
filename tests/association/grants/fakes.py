"""State grants' unit of work in memory, for the rule tests of its services
(``association.grants.services``): the member municipalities with their populations, those
registered per age band, the grants with their allocations, reports of use, reminders,
decisions on unused funds and the payees' details, kept as the SQL repository keeps them where
the services can tell.
Leaving ``with uow:`` without a commit puts them back (``FakeTransaction``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from fake_transaction import FakeTransaction

from samverka.association.grants.domain.grant_allocation import GrantTerms
from samverka.association.grants.domain.grant_follow_up import Reminder, UseReport
from samverka.association.grants.domain.grant_unused import UnusedDecision, UnusedSettlement
from samverka.association.grants.ports import (
    GrantPayee,
    GrantRow,
    MemberMunicipality,
    StoredAllocation,
    StoredUnusedDecision,
)
from samverka.register.domain.population import AgeBand


@dataclass
class StateGrants:
    """``StateGrantRepository`` in memory. ``in_band`` is what the register counts per
    municipality, for whichever day and age band is asked (``asked`` keeps each question)."""

    municipalities: list[MemberMunicipality] = field(default_factory=list)
    in_band: dict[str, int] = field(default_factory=dict)
    asked: list[tuple[date, AgeBand]] = field(default_factory=list)
    stored: dict[int, GrantRow] = field(default_factory=dict)
    allocations: dict[int, StoredAllocation] = field(default_factory=dict)
    reports: dict[int, list[UseReport]] = field(default_factory=dict)
    sent: dict[int, list[Reminder]] = field(default_factory=dict)
    decisions: dict[int, list[StoredUnusedDecision]] = field(default_factory=dict)
    paid_to: dict[str, GrantPayee] = field(default_factory=dict)
    last_id: int = 0

    def _next_id(self) -> int:
        self.last_id += 1
        return self.last_id

    def members(self) -> list[MemberMunicipality]:
        return sorted(self.municipalities, key=lambda m: m.code)

    def set_populations(self, populations: Mapping[str, int]) -> None:
        self.municipalities = [
            replace(m, population=populations.get(m.code, m.population))
            for m in self.municipalities
        ]

    def registered_in_band(self, on: date, band: AgeBand) -> dict[str, int]:
        self.asked.append((on, band))
        return dict(self.in_band)

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
        grant_id = self._next_id()
        self.stored[grant_id] = GrantRow(
            grant_id, name, year, description, terms, report_due, at, by
        )
        return grant_id

    def grant(self, grant_id: int) -> GrantRow | None:
        return self.stored.get(grant_id)

    def grants(self) -> list[GrantRow]:
        return sorted(self.stored.values(), key=lambda g: (-g.year, -g.id))

    def allocation(self, grant_id: int) -> StoredAllocation | None:
        return self.allocations.get(grant_id)

    def save_allocation(self, grant_id: int, allocation: StoredAllocation) -> None:
        self.allocations[grant_id] = allocation

    def uses(self, grant_id: int, municipality_code: str | None = None) -> list[UseReport]:
        return [
            use
            for use in self.reports.get(grant_id, [])
            if municipality_code is None or use.municipality_code == municipality_code
        ]

    def add_use(self, grant_id: int, report: UseReport) -> int:
        self.reports.setdefault(grant_id, []).append(report)
        return self._next_id()

    def reminders(self, grant_id: int, municipality_code: str | None = None) -> list[Reminder]:
        return [
            reminder
            for reminder in self.sent.get(grant_id, [])
            if municipality_code is None or reminder.municipality_code == municipality_code
        ]

    def add_reminders(self, grant_id: int, reminders: Sequence[Reminder]) -> None:
        self.sent.setdefault(grant_id, []).extend(reminders)

    def unused_decisions(self, grant_id: int) -> list[StoredUnusedDecision]:
        return list(self.decisions.get(grant_id, []))

    def add_unused_decision(
        self,
        grant_id: int,
        decision: UnusedDecision,
        settlement: UnusedSettlement,
        *,
        at: datetime,
        by: str,
    ) -> int:
        decision_id = self._next_id()
        stored = StoredUnusedDecision(decision_id, decision, settlement, at, by)
        self.decisions.setdefault(grant_id, []).append(stored)
        return decision_id

    def payees(self) -> dict[str, GrantPayee]:
        return dict(self.paid_to)

    def set_payee(self, payee: GrantPayee, *, at: datetime, by: str) -> None:
        self.paid_to[payee.recipient] = payee

    def grants_of(self, municipality_code: str) -> list[int]:
        return sorted(
            (
                grant_id
                for grant_id, stored in self.allocations.items()
                if any(x.municipality_code == municipality_code for x in stored.allocation.lines)
            ),
            reverse=True,
        )


class FakeUnitOfWork(FakeTransaction):
    """The state grants' ``UnitOfWork`` in memory."""

    STORES = ("state_grants",)

    def __init__(self, state_grants: StateGrants | None = None) -> None:
        super().__init__()
        self.state_grants = state_grants or StateGrants()
