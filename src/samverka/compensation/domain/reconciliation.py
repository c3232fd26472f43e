"""The reconciliation check: stated totals against the pupil-month lines behind them.

* ``line_totals`` sums the lines per (payer, payee, month booked in) by plain Decimal
  addition: lines carry their amounts already rounded (``monthly_compensation``), so no
  rounding happens in a total and a correct total equals the sum of its lines exactly.
* ``reconcile`` compares stated totals (from statements, payment files, stored sums) with the
  lines and returns every key where they differ; a key missing on one side counts as zero
  there. An empty result proves the totals. ``reconcile_totals`` does the same with totals
  already summed (by the database, for a year's million lines: issue 13).
* ``reconcile_settlement`` checks that a settlement's transfers give every municipality the net
  position of the pairwise flows of the lines.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from samverka.compensation.domain.month_lines import PupilMonthLine
from samverka.compensation.domain.net_settlement import (
    Settlement,
    municipal_flows,
    net_positions,
)
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.statements import Statement

_ZERO = Decimal(0)
TotalKey = tuple[str, Organiser, Month]


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """At ``key`` the stated total is not the lines' sum."""

    key: TotalKey
    stated: Decimal
    computed: Decimal

    @property
    def difference(self) -> Decimal:
        return self.stated - self.computed


@dataclass(frozen=True, slots=True)
class PositionDiscrepancy:
    municipality: str
    from_lines: Decimal
    from_transfers: Decimal


def line_totals(lines: Iterable[PupilMonthLine]) -> dict[TotalKey, Decimal]:
    """The sum of the lines per (payer, payee, month booked in)."""
    totals: dict[TotalKey, Decimal] = {}
    for line in lines:
        key = (line.payer, line.payee, line.booked_in)
        totals[key] = totals.get(key, _ZERO) + line.amount
    return totals


def reconcile(
    lines: Iterable[PupilMonthLine], stated: Mapping[TotalKey, Decimal]
) -> tuple[Discrepancy, ...]:
    """Every key whose stated total differs from the lines' sum; empty when reconciled."""
    return reconcile_totals(line_totals(lines), stated)


def reconcile_totals(
    computed: Mapping[TotalKey, Decimal], stated: Mapping[TotalKey, Decimal]
) -> tuple[Discrepancy, ...]:
    """Every key whose stated total differs from the computed one (e.g. the database's sums
    of the lines); a key missing on one side counts as zero there."""
    keys = sorted(computed.keys() | stated.keys())
    return tuple(
        Discrepancy(key, stated.get(key, _ZERO), computed.get(key, _ZERO))
        for key in keys
        if stated.get(key, _ZERO) != computed.get(key, _ZERO)
    )


def statement_totals(statements: Iterable[Statement]) -> dict[TotalKey, Decimal]:
    """Statements' rows as stated totals per (payer, payee, month booked in).

    Give either the payer or the payee statements of a month, not both (each row would count
    twice).
    """
    totals: dict[TotalKey, Decimal] = {}
    for statement in statements:
        for row in statement.rows:
            key = (row.payer, row.payee, statement.booked_in)
            totals[key] = totals.get(key, _ZERO) + row.amount
    return totals


def reconcile_settlement(
    lines: Iterable[PupilMonthLine], settlement: Settlement, area: Collection[str] | None = None
) -> tuple[PositionDiscrepancy, ...]:
    """Municipalities whose position from the transfers differs from the lines'; empty = OK.
    ``area``: the member municipalities the settlement was made for (None: every one)."""
    from_lines = net_positions(municipal_flows(lines, area))
    from_transfers = net_positions(settlement.transfers)
    codes = sorted(from_lines.keys() | from_transfers.keys())
    return tuple(
        PositionDiscrepancy(code, from_lines.get(code, _ZERO), from_transfers.get(code, _ZERO))
        for code in codes
        if from_lines.get(code, _ZERO) != from_transfers.get(code, _ZERO)
    )
