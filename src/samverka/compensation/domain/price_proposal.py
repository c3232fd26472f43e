"""The association's yearly price proposal and each member municipality's decision on it.

Rules (seed 001_2ad1c65038278507, "Gemensam gymnasieregion": "Storsthlm tar även årligen fram
förslag till uppräkning av programpriser för interkommunal ersättning och strukturtillägg.
Förslag till ny programprislista … ska tas fram för att möjliggöra kommunala beslut innan den
1 december"; admissions-rules.md §7.1: the board recommends the uplift, each municipality
adopts it; rules-audit-2026-12.md §8, "Yearly proposal for the programme price uplift"):

* A ``PriceProposal`` for year Y is next year's common list and supplement tiers, made from
  year Y − 1's by an uplift percentage (and per-tier percentages where a tier follows its own,
  as in 2025), with the date it was proposed, its reference and the **deadline for the
  municipalities' decisions: 1 December of Y − 1**.
* Each member municipality records its ``PriceDecision`` for Y: **adopted** (the proposal),
  **not adopted**, or **own list** (a list of its own for Y, stored beside the common one),
  with the date and reference of its decision. A decision after the deadline is recorded and
  shown as late; who has not decided is listed (``decision_overview``).
* **Payments use the list the paying municipality adopted** (``list_in_force``):

  - adopted Y's proposal → the common list of Y; own list → its own list of Y;
  - no proposal made for Y → the common list of Y (a list stored without the proposal
    procedure is the list all the parties agreed to, as before the procedure existed);
  - not adopted, or not yet decided → the list it **last adopted** in an earlier year, by the
    same rules. This is the agreement reading: the samverkansavtal's prices are those each
    party adopted, and a party that has not adopted new ones has agreed to no new price, so
    the last adopted prices stand until it decides; a later decision is then corrected back
    to January by the next run (the tariff changed, so every pupil is rechecked) [I];
  - no list adopted in any year → none: the payer's pupil-months are anomalies, never paid
    by a list the payer did not adopt.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class DecisionOutcome(StrEnum):
    ADOPTED = "adopted"
    NOT_ADOPTED = "not_adopted"
    OWN_LIST = "own_list"


class ListKind(StrEnum):
    COMMON = "common"
    OWN = "own"


def decision_deadline(year: int) -> date:
    """The municipalities decide on year ``year``'s list before 1 December of the year before."""
    return date(year - 1, 12, 1)


@dataclass(frozen=True, slots=True)
class PriceProposal:
    year: int
    from_year: int
    percent: Decimal
    level_percent: tuple[tuple[int, Decimal], ...]
    proposed_on: date
    reference: str

    @property
    def deadline(self) -> date:
        return decision_deadline(self.year)


@dataclass(frozen=True, slots=True)
class PriceDecision:
    year: int
    municipality: str
    outcome: DecisionOutcome
    decided_on: date
    reference: str

    @property
    def late(self) -> bool:
        """Decided on or after the deadline (1 December of the year before)."""
        return self.decided_on >= decision_deadline(self.year)


@dataclass(frozen=True, slots=True)
class ListInForce:
    """The list a paying municipality uses: ``kind`` of ``year`` (its own or the common one)."""

    kind: ListKind
    year: int

    def __str__(self) -> str:
        return f"{self.kind.value} {self.year}"


@dataclass(frozen=True, slots=True)
class DecisionStatus:
    municipality: str
    decision: PriceDecision | None

    @property
    def decided(self) -> bool:
        return self.decision is not None


def list_in_force(
    year: int,
    municipality: str,
    proposed: Collection[int],
    decisions: Mapping[tuple[int, str], PriceDecision],
    listed: Collection[int],
) -> ListInForce | None:
    """The list ``municipality`` pays by in ``year`` (module docstring).

    ``proposed``: the years with a proposal; ``decisions`` by (year, municipality);
    ``listed``: the years that have a common list.
    """
    earliest = min((*proposed, *listed), default=year)
    for candidate in range(year, earliest - 1, -1):
        if candidate not in proposed:
            if candidate in listed:
                return ListInForce(ListKind.COMMON, candidate)
            continue
        decision = decisions.get((candidate, municipality))
        if decision is None or decision.outcome is DecisionOutcome.NOT_ADOPTED:
            continue
        if decision.outcome is DecisionOutcome.OWN_LIST:
            return ListInForce(ListKind.OWN, candidate)
        return ListInForce(ListKind.COMMON, candidate)
    return None


def decision_overview(
    members: Collection[str], decisions: Collection[PriceDecision]
) -> tuple[DecisionStatus, ...]:
    """Every member municipality with its decision (None: not decided yet), by code."""
    by_municipality = {decision.municipality: decision for decision in decisions}
    return tuple(DecisionStatus(code, by_municipality.get(code)) for code in sorted(set(members)))
