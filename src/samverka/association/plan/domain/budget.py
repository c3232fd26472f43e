"""The association's budget: units, and per unit and year the lines of a budget or an outcome.

Rules (the 2018 operations plan and budget, seed 001):

* A **unit** (e.g. Välfärdsutveckling, Gymnasieantagningen) is either financed by the members'
  service fee or by agreements (avtalsfinansierad); one unit may be marked as the joint admission
  office, which the staff allocation shows apart.
* Amounts are ``Decimal`` in **thousands of kronor (tkr)**, as in the plan, kept to whole kronor
  (three decimals); full-time equivalents (årsarbetare) in hundredths. Every amount is entered as
  a positive figure on its line: revenue (intäkter) as revenue, costs as costs. Financial items
  and allocated costs are net costs (a negative figure is a net revenue: financial income,
  costs allocated away).
* **Net cost** is computed, never entered: other costs + staff costs + project costs +
  work-environment measures + depreciation + financial items + allocated costs − (revenue +
  project revenue + recovery of an earlier year's deficit). A negative net cost is a surplus.
  No rounding anywhere.
* A year's figures for a unit are a **budget** or an **outcome** (utfall); the budget document
  shows the budget year beside the two previous years.
* Subtotals: service-fee financed units, agreement-financed units, and the whole organisation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from samverka.errors import N_, BadValue
from samverka.platform.domain.numbers import decimal_value

ZERO = Decimal(0)


class Financing(StrEnum):
    SERVICE_FEE = "service_fee"  # serviceavgiftsfinansierad
    AGREEMENT = "agreement"  # avtalsfinansierad


class FigureKind(StrEnum):
    BUDGET = "budget"
    OUTCOME = "outcome"  # utfall


class LineType(StrEnum):
    """In the order of seed 001's budget (p. 28–29)."""

    REVENUE = "revenue"  # intäkter
    OTHER_COSTS = "other_costs"  # övriga kostnader
    STAFF_COSTS = "staff_costs"  # personalkostnader
    PROJECT_COSTS = "project_costs"  # projektkostnader
    PROJECT_REVENUE = "project_revenue"  # projektintäkter
    DEPRECIATION = "depreciation"  # avskrivningar
    FINANCIAL_ITEMS = "financial_items"  # finansiella kostnader/intäkter (net cost)
    ALLOCATED = "allocated"  # fördelade kostnader/intäkter (net cost)
    DEFICIT_RECOVERY = "deficit_recovery"  # ersättning av tidigare års underskott (revenue)
    WORK_ENVIRONMENT = "work_environment"  # arbetsmiljöåtgärder (a cost)
    FTE = "fte"  # årsarbetare


MONEY_LINES: tuple[LineType, ...] = tuple(t for t in LineType if t is not LineType.FTE)
REVENUE_LINES: tuple[LineType, ...] = (
    LineType.REVENUE,
    LineType.PROJECT_REVENUE,
    LineType.DEFICIT_RECOVERY,
)
COST_LINES: tuple[LineType, ...] = tuple(t for t in MONEY_LINES if t not in REVENUE_LINES)

ALIASES: dict[str, LineType] = {
    "intäkter": LineType.REVENUE,
    "övriga kostnader": LineType.OTHER_COSTS,
    "personalkostnader": LineType.STAFF_COSTS,
    "avskrivningar": LineType.DEPRECIATION,
    "finansiella poster": LineType.FINANCIAL_ITEMS,
    "fördelade kostnader": LineType.ALLOCATED,
    "årsarbetare": LineType.FTE,
    "projektkostnader": LineType.PROJECT_COSTS,
    "projektintäkter": LineType.PROJECT_REVENUE,
    "arbetsmiljöåtgärder": LineType.WORK_ENVIRONMENT,
    "ersättning av tidigare års underskott": LineType.DEFICIT_RECOVERY,
    "ersättning av tidigare års kostnader": LineType.DEFICIT_RECOVERY,
    "återbetalning av underskott": LineType.DEFICIT_RECOVERY,
}
KIND_ALIASES: dict[str, FigureKind] = {"utfall": FigureKind.OUTCOME}


def parse_line_type(text: str) -> LineType:
    """A line type by its English code or Swedish name (case-insensitive)."""
    key = text.strip().lower().replace("_", " ")
    for line_type in LineType:
        if key == line_type.value.replace("_", " "):
            return line_type
    if key in ALIASES:
        return ALIASES[key]
    raise BadValue(
        N_("%(text)s är ingen radtyp; använd någon av %(types)s."),
        text=repr(text),
        types=", ".join(LineType),
    )


def parse_kind(text: str) -> FigureKind:
    """``budget`` or ``outcome`` (Swedish: ``utfall``)."""
    key = text.strip().lower()
    if key in KIND_ALIASES:
        return KIND_ALIASES[key]
    try:
        return FigureKind(key)
    except ValueError:
        raise BadValue(
            N_("%(text)s är inget slag; använd budget eller utfall."), text=repr(text)
        ) from None


def amount_problem(line_type: LineType, amount: Decimal) -> str | None:
    """Why ``amount`` cannot stand on a line of ``line_type`` (``None`` when it can)."""
    if not amount.is_finite():
        return N_("Beloppet ska vara ett tal.")
    if abs(amount) >= Decimal(10) ** 9:
        return N_("Beloppet är för stort.")
    if line_type is LineType.FTE:
        if amount < 0:
            return N_("Årsarbetare kan inte vara negativa.")
        if amount != amount.quantize(Decimal("0.01")):
            return N_("Årsarbetare anges med högst två decimaler.")
        return None
    if amount < 0 and line_type not in (LineType.FINANCIAL_ITEMS, LineType.ALLOCATED):
        return N_("Ange intäkter och kostnader som positiva belopp.")
    if amount != amount.quantize(Decimal("0.001")):
        return N_("Belopp anges i tkr med högst tre decimaler (hela kronor).")
    return None


@dataclass(frozen=True, slots=True)
class Figures:
    """One unit's (or a subtotal's) lines for one year and kind; missing lines are zero."""

    amounts: Mapping[LineType, Decimal]

    def __getitem__(self, line_type: LineType) -> Decimal:
        return self.amounts.get(line_type, ZERO)

    @property
    def costs(self) -> Decimal:
        return sum((self[t] for t in COST_LINES), ZERO)

    @property
    def revenue(self) -> Decimal:
        """Revenue, project revenue and the recovery of an earlier year's deficit (tkr)."""
        return sum((self[t] for t in REVENUE_LINES), ZERO)

    @property
    def net_cost(self) -> Decimal:
        """Costs minus revenue (tkr); negative is a surplus."""
        return self.costs - self.revenue

    @property
    def fte(self) -> Decimal:
        return self[LineType.FTE]

    @property
    def empty(self) -> bool:
        return not self.amounts


def total(figures: Iterable[Figures]) -> Figures:
    """The sum of several units' figures, line by line."""
    sums: dict[LineType, Decimal] = {}
    for one in figures:
        for line_type, amount in one.amounts.items():
            sums[line_type] = sums.get(line_type, ZERO) + amount
    return Figures(sums)


def parse_amount(text: str) -> Decimal:
    """A decimal as written in Sweden or in English: ``1 234,5``, ``-12.25``; ``BadValue``
    when it is not one (no exponent: ``1e999999999`` overflowed the checks once; issue 11
    point 6). The range is ``amount_problem``'s."""
    return decimal_value(text)
