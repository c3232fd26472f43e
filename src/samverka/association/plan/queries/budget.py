"""The budget's read side: every unit's lines for a year beside the two previous years, with
subtotals per financing and the whole organisation's total (``budget_for_year``; re-exported
by ``association.plan.queries.operations_plan``). Amounts in tkr; net cost computed by
``association.plan.domain.budget``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from samverka.admission.queries.admission_statistics import Database
from samverka.association.plan.db import tables as p
from samverka.association.plan.domain.budget import FigureKind, Figures, Financing, LineType, total


@dataclass(frozen=True, slots=True)
class BudgetColumn:
    """One year's figures: the budget for the budget year; for the two years before it the
    outcome when one is recorded, else the budget (``kind`` says which; ``None``: no figures)."""

    year: int
    kind: FigureKind | None
    figures: Figures

    @property
    def net_cost(self) -> Decimal:
        return self.figures.net_cost

    def __getitem__(self, line_type: LineType) -> Decimal:
        return self.figures[line_type]


@dataclass(frozen=True, slots=True)
class UnitBudget:
    id: int
    name: str
    financing: Financing
    admission_office: bool
    columns: tuple[BudgetColumn, ...]  # two years before, the year before, the budget year


@dataclass(frozen=True, slots=True)
class BudgetTotal:
    financing: Financing | None  # None: the whole organisation
    columns: tuple[BudgetColumn, ...]


@dataclass(frozen=True, slots=True)
class BudgetView:
    """The budget year beside the two previous years, amounts in tkr (net cost computed)."""

    year: int
    years: tuple[int, int, int]
    units: tuple[UnitBudget, ...]
    subtotals: tuple[BudgetTotal, ...]  # service-fee financed, agreement financed
    total: BudgetTotal  # the whole organisation

    def units_financed_by(self, financing: Financing) -> tuple[UnitBudget, ...]:
        return tuple(u for u in self.units if u.financing is financing)

    def subtotal(self, financing: Financing) -> BudgetTotal:
        return next(s for s in self.subtotals if s.financing is financing)


def budget_units(db: Database) -> list[tuple[int, str, Financing, bool]]:
    """(id, name, financing, admission office) of every budget unit, in their order."""
    u = p.budget_unit
    return [
        (row.id, row.name, Financing(row.financing), bool(row.admission_office))
        for row in db.execute(select(u).order_by(u.c.position, u.c.id))
    ]


def budget_for_year(db: Database, year: int) -> BudgetView:
    """Every unit's lines for ``year`` (budget) and the two previous years (outcome, else
    budget), the subtotals per financing and the whole organisation's total."""
    years = (year - 2, year - 1, year)
    line = p.budget_line
    stored: dict[tuple[int, int, FigureKind], dict[LineType, Decimal]] = defaultdict(dict)
    for row in db.execute(select(line).where(line.c.year.in_(years))):
        stored[(row.unit_id, row.year, FigureKind(row.kind))][LineType(row.line_type)] = row.amount

    def column(unit_id: int, one_year: int) -> BudgetColumn:
        kinds = (
            (FigureKind.BUDGET,) if one_year == year else (FigureKind.OUTCOME, FigureKind.BUDGET)
        )
        for kind in kinds:
            if (unit_id, one_year, kind) in stored:
                return BudgetColumn(one_year, kind, Figures(stored[(unit_id, one_year, kind)]))
        return BudgetColumn(one_year, None, Figures({}))

    units = tuple(
        UnitBudget(uid, name, financing, office, tuple(column(uid, y) for y in years))
        for uid, name, financing, office in budget_units(db)
    )

    def summed(members: Sequence[UnitBudget], financing: Financing | None) -> BudgetTotal:
        columns = tuple(
            BudgetColumn(y, None, total(u.columns[i].figures for u in members))
            for i, y in enumerate(years)
        )
        return BudgetTotal(financing, columns)

    subtotals = tuple(summed([u for u in units if u.financing is f], f) for f in Financing)
    return BudgetView(year, years, units, subtotals, summed(units, None))
