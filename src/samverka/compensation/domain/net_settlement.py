"""Net settlement between municipalities: fewer transfers with the same effect.

Rules (admissions-rules.md §7.3, "Net settlement [I]"; rules-audit-2026-12.md §4, "Net
settlement"):

* Only flows between member municipalities are netted (payee an organiser of kind
  municipality, other than the payer, both in the area); independent organisers, regions and
  municipalities outside the area are paid (or invoice) their gross amounts.
* ``municipal_flows`` sums the lines per ordered pair (payer → payee municipality; or the
  database sums them and ``flows_of_pairs`` takes the sums). A pair whose
  net is negative (reversals larger than payments) becomes a flow the other way. These
  pairwise flows are the transfers *before* settlement, and the gross amounts every statement
  keeps per counterparty.
* A municipality's net position is what it receives minus what it pays (positive: it is owed).
  Settlement preserves every net position exactly (Decimal arithmetic, no rounding).
* **Bilateral netting is the default** (``SettlementMode.BILATERAL``): each pair of
  municipalities nets what they owe each other, one transfer of the difference from the one
  that owes more. It needs no agreement beyond the two parties' own claims.
* **Multilateral clearing** across all members (``SettlementMode.MULTILATERAL``, the fewest
  transfers) moves money between municipalities that have no claims on each other, so it is
  used only where the members have agreed to it: a ``ClearingDecision`` records that decision
  (the mode, the first month it applies to, the date and the reference), and
  ``mode_in_force`` gives the mode of a period from the decisions. Without one, bilateral.
* Multilateral: finding the fewest transfers that realise given positions is NP-hard in general (it
  asks for the most zero-sum groups). We use the standard greedy instead, on each connected group
  of municipalities of the flows separately: repeatedly let the largest debtor pay the largest
  creditor the smaller of the two amounts (ties by municipality code). Each transfer settles at
  least one party and the last settles two, so a group of k municipalities needs at most k − 1
  transfers: never more than the participants − 1, and never more than the pairwise flows (a
  connected group of k needs at least k − 1 of them).
* The money moved after settlement is the sum of the positive positions, never more than the
  money moved by the pairwise flows (each creditor's position is at most what flows into it).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from samverka.compensation.domain.month_lines import PupilMonthLine
from samverka.compensation.domain.period import Month

_ZERO = Decimal(0)


class SettlementMode(StrEnum):
    BILATERAL = "bilateral"  # per pair of municipalities (the default)
    MULTILATERAL = "multilateral"  # across all members: only by the members' agreement


@dataclass(frozen=True, slots=True)
class ClearingDecision:
    """The members' decision on how to settle from ``from_month`` on."""

    mode: SettlementMode
    from_month: Month
    decided_on: date
    reference: str


def mode_in_force(
    decisions: Iterable[ClearingDecision], months: Collection[Month]
) -> SettlementMode:
    """The mode of the period ``months``: the latest decision (by first month, then by order
    given) whose first month is not after the period's first month; bilateral without one."""
    if not months:
        return SettlementMode.BILATERAL
    first = min(months)
    mode = SettlementMode.BILATERAL
    applying = [d for d in decisions if d.from_month <= first]
    for decision in sorted(applying, key=lambda d: d.from_month):
        mode = decision.mode
    return mode


@dataclass(frozen=True, slots=True)
class Flow:
    """``payer`` pays ``payee`` ``amount`` (positive) SEK; both are municipality codes."""

    payer: str
    payee: str
    amount: Decimal

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise ValueError(f"{self.payer} → {self.payee}: a flow must be positive")
        if self.payer == self.payee:
            raise ValueError(f"{self.payer}: a municipality does not pay itself")


Transfer = Flow


@dataclass(frozen=True, slots=True)
class Settlement:
    """Net positions (code, amount; positive = is owed), the settling transfers, and the
    pairwise flows' count and sum for comparison."""

    positions: tuple[tuple[str, Decimal], ...]
    transfers: tuple[Transfer, ...]
    transfers_before: int
    moved_before: Decimal
    mode: SettlementMode = SettlementMode.BILATERAL
    gross: tuple[Flow, ...] = ()

    @property
    def transfers_after(self) -> int:
        return len(self.transfers)

    @property
    def moved_after(self) -> Decimal:
        return sum((transfer.amount for transfer in self.transfers), _ZERO)

    @property
    def transfers_saved(self) -> int:
        return self.transfers_before - self.transfers_after

    @property
    def money_saved(self) -> Decimal:
        """Money that no longer needs to move: moved before minus moved after."""
        return self.moved_before - self.moved_after


def municipal_flows(
    lines: Iterable[PupilMonthLine], area: Collection[str] | None = None
) -> tuple[Flow, ...]:
    """The pairwise flows between member municipalities of ``lines`` (module docstring),
    sorted; ``area`` None: every municipality is a member. Invoice lines are left out."""
    pairs: dict[tuple[str, str], Decimal] = {}
    for line in lines:
        payee = line.payee
        if line.invoice or not payee.is_municipality or payee.code == line.payer:
            continue
        key = (line.payer, payee.code)
        pairs[key] = pairs.get(key, _ZERO) + line.amount
    return flows_of_pairs(pairs, area)


def flows_of_pairs(
    pairs: Mapping[tuple[str, str], Decimal], area: Collection[str] | None = None
) -> tuple[Flow, ...]:
    """``municipal_flows`` from the lines' sums per (payer, payee municipality) already taken,
    invoice lines and a municipality's own school left out (as the database sums them)."""
    members = None if area is None else frozenset(area)
    directed: dict[tuple[str, str], Decimal] = {}
    for (source, target), amount in pairs.items():
        if members is not None and (source not in members or target not in members):
            continue
        if amount > 0:
            directed[(source, target)] = directed.get((source, target), _ZERO) + amount
        elif amount < 0:
            directed[(target, source)] = directed.get((target, source), _ZERO) - amount
    return tuple(
        Flow(source, target, amount) for (source, target), amount in sorted(directed.items())
    )


def net_positions(flows: Iterable[Flow]) -> dict[str, Decimal]:
    """Received minus paid, per municipality that appears in ``flows`` (zeros included)."""
    positions: dict[str, Decimal] = {}
    for flow in flows:
        positions[flow.payer] = positions.get(flow.payer, _ZERO) - flow.amount
        positions[flow.payee] = positions.get(flow.payee, _ZERO) + flow.amount
    return positions


def settle(flows: Iterable[Flow], mode: SettlementMode = SettlementMode.BILATERAL) -> Settlement:
    """The settlement of ``flows``: bilateral per pair, or (by the members' decision) the
    greedy multilateral clearing per connected group (module docstring)."""
    flows = tuple(flows)
    positions = net_positions(flows)
    transfers: list[Transfer] = []
    if mode is SettlementMode.MULTILATERAL:
        for group in _groups(flows):
            transfers.extend(_greedy({code: positions[code] for code in group}))
    else:
        transfers = _bilateral(flows)
    return Settlement(
        positions=tuple(sorted(positions.items())),
        transfers=tuple(transfers),
        transfers_before=len(flows),
        moved_before=sum((flow.amount for flow in flows), _ZERO),
        mode=mode,
        gross=flows,
    )


def _bilateral(flows: tuple[Flow, ...]) -> list[Transfer]:
    """One transfer per pair of municipalities, of the net of their two flows."""
    nets: dict[tuple[str, str], Decimal] = {}
    for flow in flows:
        pair = (min(flow.payer, flow.payee), max(flow.payer, flow.payee))
        sign = 1 if flow.payer == pair[0] else -1
        nets[pair] = nets.get(pair, _ZERO) + sign * flow.amount
    transfers = []
    for (first, second), net in sorted(nets.items()):
        if net > 0:
            transfers.append(Transfer(first, second, net))
        elif net < 0:
            transfers.append(Transfer(second, first, -net))
    return transfers


def _groups(flows: tuple[Flow, ...]) -> list[list[str]]:
    """Connected groups of municipalities (union–find), each sorted, in order of first code."""
    parent: dict[str, str] = {}

    def root(code: str) -> str:
        parent.setdefault(code, code)
        while parent[code] != code:
            parent[code] = parent[parent[code]]
            code = parent[code]
        return code

    for flow in flows:
        a, b = root(flow.payer), root(flow.payee)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = {}
    for code in sorted(parent):
        groups.setdefault(root(code), []).append(code)
    return list(groups.values())


def _greedy(positions: dict[str, Decimal]) -> list[Transfer]:
    debtors = sorted(((-p, c) for c, p in positions.items() if p < 0), key=_largest_first)
    creditors = sorted(((p, c) for c, p in positions.items() if p > 0), key=_largest_first)
    transfers: list[Transfer] = []
    d = c = 0
    owed = debtors[0][0] if debtors else _ZERO
    due = creditors[0][0] if creditors else _ZERO
    while d < len(debtors) and c < len(creditors):
        amount = min(owed, due)
        transfers.append(Transfer(debtors[d][1], creditors[c][1], amount))
        owed -= amount
        due -= amount
        if owed == 0:
            d += 1
            owed = debtors[d][0] if d < len(debtors) else _ZERO
        if due == 0:
            c += 1
            due = creditors[c][0] if c < len(creditors) else _ZERO
    return transfers


def _largest_first(entry: tuple[Decimal, str]) -> tuple[Decimal, str]:
    return (-entry[0], entry[1])
