"""What the audit events of money between municipalities keep of a change that no single domain
object says whole: small summaries, each a frozen dataclass whose audited form
(``samverka.platform.domain.audit_snapshot``) is the event's before or after.

Source: issue 11, point 9 (every change in the audit trail, before and after);
admissions-rules.md §7 (price lists, the monthly run, closing a month); rules-audit-2026-12.md
§8 (the yearly price proposal and the municipalities' decisions on it, with their deadline);
``docs/security.md``, "Audit trail"; ``docs/compensation.md``.

A price list is audited by how many prices it holds (the list itself is stored whole); a
proposal and a decision with what their properties derive (the deadline, lateness), so that the
event still says what applied if the rule deriving it changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from samverka.compensation.domain.price_list import PriceRounding
from samverka.compensation.domain.price_proposal import PriceDecision, PriceProposal


@dataclass(frozen=True, slots=True)
class ListedPrices:
    """A price list, by how many prices it holds."""

    prices: int


@dataclass(frozen=True, slots=True)
class UpliftedList:
    """Next year's common list made from ``from_year``'s by ``percent``, rounded by
    ``rounding``; whether the year's supplement tiers were uplifted with it."""

    from_year: int
    percent: Decimal
    rounding: PriceRounding
    prices: int
    supplement_tiers_uplifted: bool


@dataclass(frozen=True, slots=True)
class ProposedPrices:
    """A price proposal with the deadline of the municipalities' decisions on it; when it is
    made, also what it proposes: how many prices and supplement tiers, rounded how."""

    proposal: PriceProposal
    deadline: date
    prices: int | None = None
    tiers: int | None = None
    rounding: PriceRounding | None = None

    @classmethod
    def of(
        cls,
        proposal: PriceProposal,
        *,
        prices: int | None = None,
        tiers: int | None = None,
        rounding: PriceRounding | None = None,
    ) -> ProposedPrices:
        return cls(proposal, proposal.deadline, prices, tiers, rounding)


@dataclass(frozen=True, slots=True)
class DecidedPrices:
    """A municipality's decision on a price proposal, and whether it came after the deadline."""

    decision: PriceDecision
    late: bool

    @classmethod
    def of(cls, decision: PriceDecision) -> DecidedPrices:
        return cls(decision, decision.late)


@dataclass(frozen=True, slots=True)
class MonthStatus:
    """Whether a month is closed: once it is, only a correction run books in it."""

    closed: bool
