"""What is left unused of a state grant after the follow-up: repaid to the state or redistributed
to other municipalities, by a recorded decision.

Sources:

* The state's conditions: a recipient "är återbetalningsskyldig om statsbidraget helt eller
  delvis inte har utnyttjats" (e.g. förordning (2015:504) 8–10 §§, as Skolverket applies it);
  the government's decisions on stimulus funds say "Medel som inte förbrukats under [året] ska
  återbetalas till Kammarkollegiet senast [datum]. … återbetalningen ska hänvisa till det
  diarienummer som detta beslut har" (regeringsbeslut on LOB funds 2014); the agreements on
  psychiatric health between the state and SKR have a section "Redovisning av ekonomiska medel
  och återbetalning" (2016, section 9).
* As the regional support structure (RSS) the association requisitions the funds, keys them out
  and develops "how the funds are distributed and followed up" (seed 002); where the agreement
  allows it, the association may redistribute what one municipality left unused to others.
* The audit (rules-audit-2026-12 §6): "Report back to the state, repay or redistribute unused
  funds … there is no repayment or redistribution step".

Rules:

* A municipality's **available** amount is its net allocation, plus what was redistributed to
  it, less what was taken back from it; **unused** = available − reported use (never below 0).
* A **decision** on the unused amount names its date, its reference (diarienummer, paragraph)
  and who decided, and covers everything unused at that moment, of every municipality: each
  one's unused amount is taken back (``returned``), and the sum is either
  ``REPAY``: repaid to the state (to whom, e.g. Kammarkollegiet, and on which day), or
  ``REDISTRIBUTE``: redistributed to the chosen municipalities (by default those that used all
  of theirs) by a key: the grant's own key values (``GRANT_KEY``), population, or equal
  shares, in öre by the largest remainder (``largest_remainder.apportion``), so that the parts
  add up to the sum exactly.
* It is taken only after the follow-up: not before the report due date has passed, and not when
  nothing is unused. Later decisions cover what is unused then (e.g. of the redistributed
  funds).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Final

from samverka.errors import RowError
from samverka.platform.domain.largest_remainder import apportion

SOURCE: Final = "unused funds decision"
ZERO: Final = Decimal(0)
ORE: Final = Decimal("0.01")


class Disposal(StrEnum):
    REPAY = "repay"  # återbetalning till staten
    REDISTRIBUTE = "redistribute"  # omfördelning till andra kommuner


class RedistributionKey(StrEnum):
    GRANT_KEY = "grant_key"  # the key values the grant was allocated by
    POPULATION = "population"
    EQUAL = "equal"


@dataclass(frozen=True, slots=True)
class UnusedDecision:
    disposal: Disposal
    decided_on: date
    reference: str  # diarienummer or paragraph, e.g. "styrelsen 2027-02-10 § 6, dnr 2027/14"
    decided_by: str
    repaid_to: str = ""  # REPAY: the state agency, e.g. "Kammarkollegiet"
    repaid_on: date | None = None  # REPAY: the day it is repaid
    recipients: tuple[str, ...] = ()  # REDISTRIBUTE: municipality codes (none: the default)
    key: RedistributionKey = RedistributionKey.GRANT_KEY


@dataclass(frozen=True, slots=True)
class UnusedLine:
    municipality_code: str
    returned: Decimal  # its unused amount, taken back
    received: Decimal  # redistributed to it


@dataclass(frozen=True, slots=True)
class UnusedSettlement:
    amount: Decimal  # everything unused, taken back
    lines: tuple[UnusedLine, ...]  # every municipality with something returned or received


def decision_problems(decision: UnusedDecision, allocated: Sequence[str]) -> list[RowError]:
    """Everything wrong with ``decision`` for a grant allocated to ``allocated``."""
    found: list[RowError] = []

    def bad(field: str, reason: str) -> None:
        found.append(RowError(SOURCE, 0, field, reason))

    if not decision.reference.strip():
        bad("reference", "give the decision's reference, e.g. its diarienummer or paragraph")
    if not decision.decided_by.strip():
        bad("decided_by", "say who decided, e.g. 'styrelsen'")
    if decision.disposal is Disposal.REPAY:
        if not decision.repaid_to.strip():
            bad("repaid_to", "say to whom the funds are repaid, e.g. Kammarkollegiet")
        if decision.repaid_on is None:
            bad("repaid_on", "give the day the funds are repaid")
        if decision.recipients:
            bad("recipients", "repaid funds go to the state, not to municipalities")
    else:
        unknown = sorted(set(decision.recipients) - set(allocated))
        if unknown:
            bad("recipients", f"no allocation of this grant to {', '.join(unknown)}")
        if decision.repaid_to.strip() or decision.repaid_on is not None:
            bad("repaid_to", "redistributed funds are not repaid to the state")
    return found


def unused_of(available: Decimal, used: Decimal) -> Decimal:
    return max(available - used, ZERO)


def default_recipients(unused: Mapping[str, Decimal]) -> list[str]:
    """Those who used all that was available to them."""
    return sorted(code for code, amount in unused.items() if amount <= 0)


def settle(
    unused: Mapping[str, Decimal],
    disposal: Disposal,
    weights: Mapping[str, Decimal] | None = None,
) -> UnusedSettlement:
    """Take back every municipality's ``unused`` amount; for REDISTRIBUTE split the sum over
    ``weights`` (the recipients' key values, not all zero) in öre by the largest remainder."""
    amount = sum((value for value in unused.values() if value > 0), ZERO)
    returned = {code: value for code, value in unused.items() if value > 0}
    received: dict[str, Decimal] = {}
    if disposal is Disposal.REDISTRIBUTE:
        if not weights or sum(weights.values(), ZERO) <= 0:
            raise ValueError("the recipients' key values add up to zero")
        ore = apportion(int(amount / ORE), weights, sorted(weights))
        received = {code: Decimal(part) * ORE for code, part in ore.items()}
    codes = sorted(set(returned) | {c for c, v in received.items() if v > 0})
    lines = tuple(
        UnusedLine(code, returned.get(code, ZERO), received.get(code, ZERO)) for code in codes
    )
    return UnusedSettlement(amount, lines)
