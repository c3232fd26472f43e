"""Use cases of the state grants' payouts (issue 15 point 1: a payment file the finance system
imports): where each recipient is paid, and what a grant's allocation pays to whom.

* ``register_grant_payee``: the association's staff record the name, organisation number and
  bankgiro or plusgiro a recipient is paid to (a member municipality by its code, or the region
  of a first split as ``region``); checked by ``platform.domain.payment_details``, the same
  check as the compensation's payees. One transaction, audited with the values before and after.
* ``grant_payout``: what the grant's allocation pays: every recipient's net (its allocation
  less its set-aside for county-wide initiatives, which the association keeps), the region's
  when there was a first split; a recipient with nothing to receive is left out. Refused while
  the grant is not keyed out, and when a recipient to be paid has no payment details, naming
  every one of them, so that no file is written with a payment the finance system cannot make.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from samverka.association.grants.domain.grant_allocation import REGION
from samverka.association.grants.ports import GrantPayee, GrantRow, UnitOfWork
from samverka.association.grants.services.state_grants import grant_of
from samverka.errors import N_, Conflict, InvalidInput, NotPermitted, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.payment_details import payment_detail_problems
from samverka.platform.services.audit_records import record_change

SOURCE = "payee"
REGION_NAME = "Regionen"


def _staff(actor: Actor) -> None:
    if actor.role is not Role.ASSOCIATION_STAFF:
        raise NotPermitted(N_("Bara förbundets kansli hanterar utbetalningar av stimulansmedel."))


@dataclass(frozen=True, slots=True)
class Payout:
    """One payment of a grant's payout: to whom (with the payment details) and how much."""

    payee: GrantPayee
    amount: Decimal


@dataclass(frozen=True, slots=True)
class GrantPayout:
    grant: GrantRow
    payments: tuple[Payout, ...]

    @property
    def total(self) -> Decimal:
        return sum((payment.amount for payment in self.payments), Decimal(0))


def register_grant_payee(
    uow: UnitOfWork, *, actor: Actor, payee: GrantPayee, now: datetime
) -> GrantPayee:
    """Store ``payee``'s payment details (module docstring)."""
    _staff(actor)
    cleaned = GrantPayee(
        payee.recipient.strip(),
        payee.name.strip(),
        (payee.organisation_number or "").strip() or None,
        (payee.bankgiro or "").strip() or None,
        (payee.plusgiro or "").strip() or None,
    )
    problems = payment_detail_problems(
        SOURCE, cleaned.organisation_number, cleaned.bankgiro, cleaned.plusgiro
    )
    with uow:
        members = {member.code for member in uow.state_grants.members()}
        if cleaned.recipient != REGION and cleaned.recipient not in members:
            problems.insert(
                0,
                RowError(
                    SOURCE,
                    0,
                    "recipient",
                    N_("%(recipient)s är varken en medlemskommun eller regionen."),
                    {"recipient": cleaned.recipient},
                ),
            )
        if not cleaned.name:
            problems.append(RowError(SOURCE, 0, "name", N_("Ange mottagarens namn.")))
        if problems:
            raise InvalidInput(problems)
        before = uow.state_grants.payees().get(cleaned.recipient)
        uow.state_grants.set_payee(cleaned, at=now, by=actor.audit_name)
        record_change(
            uow.audit,
            actor,
            "state_grant_payee",
            cleaned.recipient,
            "set",
            before=before,
            after=cleaned,
            at=now,
        )
        uow.commit()
    return cleaned


def grant_payout(uow: UnitOfWork, *, actor: Actor, grant_id: int) -> GrantPayout:
    """The payments of the grant's allocation (module docstring)."""
    _staff(actor)
    with uow:
        grant = grant_of(uow, grant_id)
        stored = uow.state_grants.allocation(grant_id)
        if stored is None:
            raise Conflict(N_("Medlen är inte fördelade ännu: det finns inget att betala ut."))
        names = {member.code: member.name for member in uow.state_grants.members()}
        details = uow.state_grants.payees()
    allocation = stored.allocation
    owed = [(REGION, allocation.region_net)] if allocation.region_net else []
    owed += [(line.municipality_code, line.net) for line in allocation.lines if line.net]
    lacking = [
        names.get(code, REGION_NAME if code == REGION else code)
        for code, _ in owed
        if code not in details
    ]
    if lacking:
        raise Conflict(
            N_(
                "Betalningsfilen kan inte skrivas: bankgiro eller plusgiro saknas för "
                "%(payees)s. Lägg in mottagarnas betalningsuppgifter först."
            ),
            payees=", ".join(lacking),
        )
    return GrantPayout(grant, tuple(Payout(details[code], amount) for code, amount in owed))
