"""The yearly operations plan and budget document (verksamhetsplan och budget) as plain data.

The document is what the board decides each December for the coming year; the HTML
(``operations_plan_html``) and the PDF (``operations_plan_pdf``) both render this one model,
through the same texts, tables and charts (``operations_plan_text``, ``…_tables``,
``…_charts``), so the two never disagree.

Its parts, in the order of the printed document (the association's plan of 2018 is the model):

1. the title page: the association, the year, and the board's decision (or "förslag" before it);
2. a foreword, and a summary computed from the figures;
3. the focus areas (fokusområden, or målområden) and prerequisites, each with its goal
   direction, its goals and its assignments (uppdrag): the goals an assignment serves, its
   responsible unit, planned hours and activities;
4. the budget per unit beside the two previous years, with subtotals for the service-fee
   financed and the agreement-financed activities and for the whole organisation, and the
   full-time equivalents (årsarbetare) of each;
5. the staff allocation between the focus areas, with and without the admission office;
6. the fee per member municipality: service fee, admission service fee and their total;
7. optionally, the board's decisions of the year.

Money is ``Decimal`` SEK. Budget lines are written as the association's budget writes them
(``association.plan.domain.budget``): revenue and costs as positive amounts, the line saying which;
a unit's net cost (nettokostnad) is its costs less its revenue, so a negative net cost is a
surplus. Nothing is rounded here; rounding for display is in ``operations_plan_text``. A
missing part is ``None`` (the document says that no data exist); an empty tuple is a part with
nothing in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

Amounts = tuple[Decimal | None, ...]  # one per budget year, newest first; None: not budgeted


class Financing(StrEnum):
    """How a budget unit is paid for."""

    SERVICE_FEE = "service_fee"  # by the members' service fee (serviceavgiftsfinansierad)
    AGREEMENT = "agreement"  # by agreements, e.g. the admission fee (avtalsfinansierad)


class FollowUp(StrEnum):
    """An assignment's latest follow-up status."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


@dataclass(frozen=True, slots=True)
class TitlePage:
    association: str  # "Storsthlm"
    year: int
    decided_on: date | None = None  # the board's decision; None: a proposal (förslag)
    decided_by: str = "styrelsen"


@dataclass(frozen=True, slots=True)
class Assignment:
    """An assignment (uppdrag) of a focus area, serving one or more of its goals."""

    name: str
    description: str = ""
    goals: tuple[str, ...] = ()
    responsible_unit: str = ""
    planned_hours: Decimal | None = None  # None: not stated
    activities: tuple[str, ...] = ()
    follow_up: FollowUp | None = None
    comment: str = ""


@dataclass(frozen=True, slots=True)
class FocusArea:
    """A focus area (fokusområde, målområde) or a prerequisite (förutsättning) for all of them."""

    name: str
    direction: str = ""  # the overall goal direction
    goals: tuple[str, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    prerequisite: bool = False

    @property
    def planned_hours(self) -> Decimal:
        """The stated hours of its assignments (those without hours count as none)."""
        return sum((a.planned_hours or Decimal(0) for a in self.assignments), Decimal(0))


@dataclass(frozen=True, slots=True)
class BudgetLine:
    label: str  # Swedish, e.g. "Intäkter", "Personalkostnader"
    amounts: Amounts  # SEK as entered: revenue and costs positive
    revenue: bool = False  # True: subtracted from the costs in the net cost

    @property
    def as_cost(self) -> Amounts:
        """The amounts as they count in the net cost: revenue negated."""
        return tuple(None if a is None else (-a if self.revenue else a) for a in self.amounts)


@dataclass(frozen=True, slots=True)
class BudgetUnit:
    name: str
    financing: Financing
    lines: tuple[BudgetLine, ...]
    full_time_equivalents: Amounts  # årsarbetare, one per year like the amounts

    @property
    def net_cost(self) -> Amounts:
        """Costs less revenue per year; ``None`` for a year with no amount at all."""
        return column_sums((line.as_cost for line in self.lines), len(self.full_time_equivalents))


@dataclass(frozen=True, slots=True)
class Budget:
    """The budget of ``years[0]`` beside the years before it (normally two)."""

    years: tuple[int, ...]
    units: tuple[BudgetUnit, ...]
    labels: tuple[str, ...] = ()  # a heading per year, e.g. "Utfall 2017"; default "Budget Y"

    @property
    def headings(self) -> tuple[str, ...]:
        return self.labels or tuple(f"Budget {year}" for year in self.years)

    def __post_init__(self) -> None:
        width = len(self.years)
        if self.labels and len(self.labels) != width:
            raise ValueError("a budget has one heading per year")
        for unit in self.units:
            rows = [*(line.amounts for line in unit.lines), unit.full_time_equivalents]
            if any(len(row) != width for row in rows):
                raise ValueError(f"unit {unit.name!r} does not have one figure per budget year")

    def units_financed_by(self, financing: Financing) -> tuple[BudgetUnit, ...]:
        return tuple(unit for unit in self.units if unit.financing is financing)

    def net_cost(self, financing: Financing | None = None) -> Amounts:
        """The sum of the units' net costs (all units when ``financing`` is ``None``); a
        negative sum is a surplus."""
        units = self.units if financing is None else self.units_financed_by(financing)
        return column_sums((unit.net_cost for unit in units), len(self.years))

    def full_time_equivalents(self, financing: Financing | None = None) -> Amounts:
        units = self.units if financing is None else self.units_financed_by(financing)
        return column_sums((unit.full_time_equivalents for unit in units), len(self.years))


@dataclass(frozen=True, slots=True)
class StaffShare:
    focus_area: str
    percent: Decimal


@dataclass(frozen=True, slots=True)
class StaffAllocation:
    """The staff's time between the focus areas, in per cent, shown two ways: with the joint
    admission office (a large share of the staff) and without it."""

    with_admission: tuple[StaffShare, ...]
    without_admission: tuple[StaffShare, ...]
    admission_office: str = "Gymnasieantagningen"


@dataclass(frozen=True, slots=True)
class MemberFee:
    code: str
    municipality: str
    service_fee: Decimal
    admission_fee: Decimal

    @property
    def total(self) -> Decimal:
        return self.service_fee + self.admission_fee


@dataclass(frozen=True, slots=True)
class MemberFees:
    rows: tuple[MemberFee, ...]
    rate_per_mille: Decimal | None = None  # the board's service-fee rate
    base_year: int | None = None  # the year of the tax and grant revenues it is applied to
    fee_age: int | None = None  # the admission fee is per registered young person of this age

    @property
    def service_fee(self) -> Decimal:
        return sum((row.service_fee for row in self.rows), Decimal(0))

    @property
    def admission_fee(self) -> Decimal:
        return sum((row.admission_fee for row in self.rows), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.service_fee + self.admission_fee


@dataclass(frozen=True, slots=True)
class BoardDecision:
    decided_on: date
    subject: str
    decision: str
    meeting: str = ""


@dataclass(frozen=True, slots=True)
class OperationsPlanDocument:
    title: TitlePage
    foreword: tuple[str, ...] = ()  # paragraphs
    focus_areas: tuple[FocusArea, ...] | None = None
    budget: Budget | None = None
    staff_allocation: StaffAllocation | None = None
    fees: MemberFees | None = None
    board_decisions: tuple[BoardDecision, ...] | None = None  # None: the part is left out

    @property
    def year(self) -> int:
        return self.title.year

    @property
    def assignments(self) -> tuple[Assignment, ...]:
        """Every assignment once, though it may serve goals of several areas."""
        every = (a for area in self.focus_areas or () for a in area.assignments)
        return tuple(dict.fromkeys(every))

    @property
    def planned_hours(self) -> Decimal:
        return sum((a.planned_hours or Decimal(0) for a in self.assignments), Decimal(0))


def column_sums(rows: Iterable[Sequence[Decimal | None]], width: int) -> Amounts:
    """The sum of each of ``width`` columns of ``rows``; ``None`` where no row has a figure."""
    sums: list[Decimal | None] = [None] * width
    for row in rows:
        for index, value in enumerate(row[:width]):
            if value is not None:
                sums[index] = (sums[index] or Decimal(0)) + value
    return tuple(sums)
