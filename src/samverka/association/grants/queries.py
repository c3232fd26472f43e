"""What the pages, the API and the command line read of state grants (stimulansmedel).

* ``grant_list`` and ``grant_detail`` (the association's staff and board members): every
  grant; one grant with its allocation per municipality (key value, share, amounts, set-aside),
  the follow-up (allocated, used, unused, report status, reminders) as it stands after the
  decisions on unused funds (returned, received), those decisions, and the history of reports
  and reminders, and the payment details recorded for the recipients of the payouts.
* ``municipality_grants`` (a municipality): only its own allocations, its reports and the
  reminders it received.

Anyone else: ``NotPermitted``; an unknown grant: ``NotFound``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from samverka.association.grants.db.repository import SqlStateGrantRepository
from samverka.association.grants.domain.grant_allocation import MunicipalAllocation
from samverka.association.grants.domain.grant_follow_up import (
    MunicipalFollowUp,
    Reminder,
    UseReport,
    follow_up,
)
from samverka.association.grants.ports import (
    GrantPayee,
    GrantRow,
    StoredAllocation,
    StoredUnusedDecision,
    settled,
)
from samverka.errors import N_, NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role

READERS = frozenset({Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER})


@dataclass(frozen=True, slots=True)
class GrantSummary:
    grant: GrantRow
    key: str | None  # the allocation key's description; None: not allocated
    municipalities_net: Decimal
    used: Decimal
    late: int


@dataclass(frozen=True, slots=True)
class GrantDetail:
    grant: GrantRow
    stored: StoredAllocation | None
    names: dict[str, str]
    follow_up: list[MunicipalFollowUp]
    uses: list[UseReport]
    reminders: list[Reminder]
    unused_decisions: list[StoredUnusedDecision] = field(default_factory=list)
    payees: dict[str, GrantPayee] = field(default_factory=dict)

    @property
    def used(self) -> Decimal:
        return sum((row.used for row in self.follow_up), Decimal(0))

    @property
    def unused(self) -> Decimal:
        return sum((row.unused for row in self.follow_up), Decimal(0))

    @property
    def late(self) -> int:
        return sum(1 for row in self.follow_up if row.late)

    @property
    def returned(self) -> Decimal:
        return sum((row.returned for row in self.follow_up), Decimal(0))

    @property
    def repaid(self) -> Decimal:
        """Repaid to the state by the decisions on unused funds."""
        return sum(
            (d.settlement.amount for d in self.unused_decisions if d.decision.disposal == "repay"),
            Decimal(0),
        )


@dataclass(frozen=True, slots=True)
class MunicipalGrant:
    grant: GrantRow
    key: str
    line: MunicipalAllocation
    follow_up: MunicipalFollowUp
    uses: list[UseReport]
    reminders: list[Reminder]
    unused_decisions: list[StoredUnusedDecision] = field(default_factory=list)


def _reader(actor: Actor) -> None:
    if actor.role not in READERS:
        raise NotPermitted(N_("Bara förbundets kansli och styrelse ser alla stimulansmedel."))


def _detail(repository: SqlStateGrantRepository, grant: GrantRow, today: date) -> GrantDetail:
    stored = repository.allocation(grant.id)
    uses = repository.uses(grant.id)
    reminders = repository.reminders(grant.id)
    decisions = repository.unused_decisions(grant.id)
    allocated = (
        {} if stored is None else {x.municipality_code: x.net for x in stored.allocation.lines}
    )
    rows = follow_up(allocated, uses, reminders, grant.report_due, today, settled(decisions))
    names = {m.code: m.name for m in repository.members()}
    return GrantDetail(grant, stored, names, rows, uses, reminders, decisions)


def grant_list(db: Session, actor: Actor, today: date) -> list[GrantSummary]:
    """Every grant, newest year first."""
    _reader(actor)
    repository = SqlStateGrantRepository(db)
    found = []
    for grant in repository.grants():
        detail = _detail(repository, grant, today)
        key = None if detail.stored is None else detail.stored.key.description
        net = Decimal(0) if detail.stored is None else detail.stored.allocation.municipalities_net
        found.append(GrantSummary(grant, key, net, detail.used, detail.late))
    return found


def grant_detail(db: Session, actor: Actor, grant_id: int, today: date) -> GrantDetail:
    """One grant with its allocation, follow-up and history."""
    _reader(actor)
    repository = SqlStateGrantRepository(db)
    grant = repository.grant(grant_id)
    if grant is None:
        raise NotFound(N_("Det finns inga stimulansmedel %(grant)s."), grant=grant_id)
    return replace(_detail(repository, grant, today), payees=repository.payees())


def municipality_grants(db: Session, actor: Actor, today: date) -> list[MunicipalGrant]:
    """The signed-in municipality's own allocations, newest first."""
    if actor.role is not Role.MUNICIPALITY or actor.municipality_code is None:
        raise NotPermitted(N_("Bara kommunen själv ser sina stimulansmedel."))
    code = actor.municipality_code
    repository = SqlStateGrantRepository(db)
    found = []
    for grant_id in repository.grants_of(code):
        grant, stored = repository.grant(grant_id), repository.allocation(grant_id)
        if grant is None or stored is None:
            continue
        line = next(x for x in stored.allocation.lines if x.municipality_code == code)
        uses = repository.uses(grant_id, code)
        reminders = repository.reminders(grant_id, code)
        decisions = [
            d
            for d in repository.unused_decisions(grant_id)
            if any(x.municipality_code == code for x in d.settlement.lines)
        ]
        changes = settled(decisions)
        row = follow_up({code: line.net}, uses, reminders, grant.report_due, today, changes)[0]
        found.append(
            MunicipalGrant(grant, stored.key.description, line, row, uses, reminders, decisions)
        )
    return found
