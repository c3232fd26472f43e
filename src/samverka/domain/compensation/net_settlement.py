"""Net settlement between municipalities: fewer transfers with the same effect.

Rules:

* Only flows between municipalities are netted (payee an organiser of kind municipality, other
  than the payer); independent organisers are paid their gross amounts.
* ``municipal_flows`` sums the lines per ordered pair (payer → payee municipality). A pair whose
  net is negative (reversals larger than payments) becomes a flow the other way. These
  pairwise flows are the transfers *before* settlement.
* A municipality's net position is what it receives minus what it pays (positive: it is owed).
  Settlement preserves every net position exactly (Decimal arithmetic, no rounding).
* Finding the fewest transfers that realise given positions is NP-hard in general (it asks for
  the most zero-sum groups). We use the standard greedy instead, on each connected group of
  municipalities of the flows separately: repeatedly let the largest debtor pay the largest
  creditor the smaller of the two amounts (ties by municipality code). Each transfer settles
  at least one party and the last settles two, so a group of k municipalities needs at most
  k − 1 transfers: never more than the participants − 1, and never more than the pairwise flows
  (a connected group of k needs at least k − 1 of them).
* The money moved after settlement is the sum of the positive positions, never more than the
  money moved by the pairwise flows (each creditor's position is at most what flows into it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from samverka.domain.compensation.month_lines import PupilMonthLine

_ZERO = Decimal(0)


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


def municipal_flows(lines: Iterable[PupilMonthLine]) -> tuple[Flow, ...]:
    """The pairwise flows between municipalities of ``lines`` (module docstring), sorted."""
    pairs: dict[tuple[str, str], Decimal] = {}
    for line in lines:
        payee = line.payee
        if payee.is_municipality and payee.code != line.payer:
            key = (line.payer, payee.code)
            pairs[key] = pairs.get(key, _ZERO) + line.amount
    directed: dict[tuple[str, str], Decimal] = {}
    for (source, target), amount in pairs.items():
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


def settle(flows: Iterable[Flow]) -> Settlement:
    """The greedy settlement of ``flows`` per connected group (module docstring)."""
    flows = tuple(flows)
    positions = net_positions(flows)
    transfers: list[Transfer] = []
    for group in _groups(flows):
        transfers.extend(_greedy({code: positions[code] for code in group}))
    return Settlement(
        positions=tuple(sorted(positions.items())),
        transfers=tuple(transfers),
        transfers_before=len(flows),
        moved_before=sum((flow.amount for flow in flows), _ZERO),
    )


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
