"""Programme prices per year (programprislista), the look-up rule and the yearly uplift.

Rules (admissions-rules.md §7.1):

* A price is SEK per pupil and *year* for a programme, optionally for one orientation of it.
  The association's common list builds each price from seven cost types (teaching, premises,
  learning materials, school meals, pupil health, travel, administration/other); when the
  components are given, the yearly price is exactly their sum.
* Introductory programmes (and adapted upper-secondary school) have municipality-specific
  prices: a price with ``municipality`` set applies only to that municipality.
* Skolverket's national price list (riksprislista) is the fallback when the association's
  list has no price.
* Look-up order, first hit wins: (1) the municipality's own price for the programme and
  orientation, (2) its own price for the programme without orientation, (3) the common price
  for programme and orientation, (4) the common price for the programme, (5) the national
  price for programme and orientation, (6) the national price for the programme. No hit is an
  error (``PriceNotFoundError``), never a price of zero.
* Uplift (uppräkning): next year's list is this year's × (1 + percent / 100), rounded by an
  explicit ``PriceRounding`` (default: whole kronor, ROUND_HALF_UP). A price with components
  has each component uplifted and rounded, and its yearly price is the sum of the rounded
  components, so that the list stays consistent; a price without components has its yearly
  price uplifted and rounded. Recommended uplifts have been 0 % (2021), 3.4 % (2024) and
  2.8 % (2025). The national list is not uplifted: Skolverket publishes a new one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from samverka.errors import N_, BadValue

_HUNDRED = Decimal(100)


class CostType(StrEnum):
    """The seven cost types of the common price list."""

    TEACHING = "teaching"  # undervisning
    PREMISES = "premises"  # lokaler
    LEARNING_MATERIALS = "learning_materials"  # lärverktyg
    SCHOOL_MEALS = "school_meals"  # skolmåltider
    PUPIL_HEALTH = "pupil_health"  # skolhälsovård / elevhälsa
    TRAVEL = "travel"  # resor
    ADMINISTRATION_OTHER = "administration_other"  # administration/övrigt


class PriceSource(StrEnum):
    """Where a looked-up price came from."""

    MUNICIPALITY = "municipality"
    COMMON = "common"
    NATIONAL = "national"


class PriceNotFoundError(LookupError):
    """No list has a price for the programme (nor the municipality)."""


@dataclass(frozen=True, slots=True)
class Price:
    """SEK per pupil and year for ``programme`` (and ``orientation``, None = any).

    ``components`` is the breakdown by cost type (empty when only a total is known, as for
    national and municipality-specific prices); when given, ``yearly`` must equal its sum.
    Build a price from components with ``price_from_components``.
    """

    programme: str
    orientation: str | None
    yearly: Decimal
    components: tuple[tuple[CostType, Decimal], ...] = ()
    municipality: str | None = None

    def __post_init__(self) -> None:
        if self.yearly < 0:
            raise ValueError(f"{self.programme}: a price cannot be negative ({self.yearly})")
        if self.components:
            types = [cost_type for cost_type, _ in self.components]
            if len(set(types)) != len(types):
                raise ValueError(f"{self.programme}: a cost type appears twice")
            if any(amount < 0 for _, amount in self.components):
                raise ValueError(f"{self.programme}: a cost component cannot be negative")
            total = sum((amount for _, amount in self.components), Decimal(0))
            if total != self.yearly:
                raise ValueError(
                    f"{self.programme}: the yearly price {self.yearly} is not the sum of its"
                    f" components ({total})"
                )

    @property
    def key(self) -> tuple[str, str | None, str | None]:
        return (self.programme, self.orientation, self.municipality)

    def component(self, cost_type: CostType) -> Decimal:
        """The amount of one cost type (zero when the price has no such component)."""
        return next((amount for t, amount in self.components if t is cost_type), Decimal(0))


def price_from_components(
    programme: str,
    orientation: str | None,
    components: Mapping[CostType, Decimal],
    *,
    municipality: str | None = None,
) -> Price:
    """A price whose yearly amount is the sum of its cost-type components (in CostType order)."""
    ordered = tuple((t, components[t]) for t in CostType if t in components)
    total = sum((amount for _, amount in ordered), Decimal(0))
    return Price(programme, orientation, total, ordered, municipality)


@dataclass(frozen=True, slots=True)
class PriceList:
    """One year's list: common prices and municipality-specific ones (``Price.municipality``).

    Prices are unique per (programme, orientation, municipality). Look-ups use an index built
    once, so they cost a few dictionary reads.
    """

    year: int
    prices: tuple[Price, ...]
    _index: dict[tuple[str, str | None, str | None], Price] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        index: dict[tuple[str, str | None, str | None], Price] = {}
        for price in self.prices:
            if price.key in index:
                raise ValueError(f"{self.year}: two prices for {price.key}")
            index[price.key] = price
        object.__setattr__(self, "_index", index)

    def get(
        self, programme: str, orientation: str | None, municipality: str | None = None
    ) -> Price | None:
        """The price with exactly this key, or None (no fallback; see ``YearPrices.resolve``)."""
        return self._index.get((programme, orientation, municipality))


@dataclass(frozen=True, slots=True)
class ResolvedPrice:
    price: Price
    source: PriceSource


@dataclass(frozen=True, slots=True)
class YearPrices:
    """The prices that apply in one calendar year: the association's list and the national one."""

    agreed: PriceList
    national: PriceList | None = None

    def __post_init__(self) -> None:
        if self.national is not None:
            if self.national.year != self.agreed.year:
                raise ValueError("the national list must be for the same year as the agreed list")
            if any(price.municipality is not None for price in self.national.prices):
                raise ValueError("the national list has no municipality-specific prices")

    @property
    def year(self) -> int:
        return self.agreed.year

    def resolve(
        self, programme: str, orientation: str | None, municipality: str | None
    ) -> ResolvedPrice:
        """The price by the look-up order of the module docstring, and where it came from."""
        orientations = (orientation, None) if orientation is not None else (None,)
        if municipality is not None:
            for o in orientations:
                own = self.agreed.get(programme, o, municipality)
                if own is not None:
                    return ResolvedPrice(own, PriceSource.MUNICIPALITY)
        for o in orientations:
            common = self.agreed.get(programme, o)
            if common is not None:
                return ResolvedPrice(common, PriceSource.COMMON)
        if self.national is not None:
            for o in orientations:
                national = self.national.get(programme, o)
                if national is not None:
                    return ResolvedPrice(national, PriceSource.NATIONAL)
        where = f" for municipality {municipality}" if municipality is not None else ""
        raise PriceNotFoundError(
            f"{self.year}: no price for programme {programme!r}"
            f" (orientation {orientation!r}){where} in the agreed or the national list"
        )


@dataclass(frozen=True, slots=True)
class PriceRounding:
    """How an uplifted amount is rounded: to a multiple of ``quantum`` by ``mode``.

    Default: whole kronor, half up (``Decimal(1)``, ``ROUND_HALF_UP``); ``Decimal("0.01")``
    rounds to öre, ``Decimal(100)`` to hundreds of kronor.
    """

    quantum: Decimal = Decimal(1)
    mode: str = ROUND_HALF_UP

    def __post_init__(self) -> None:
        if self.quantum <= 0:
            raise ValueError("the rounding quantum must be positive")

    def apply(self, amount: Decimal) -> Decimal:
        steps = (amount / self.quantum).quantize(Decimal(1), rounding=self.mode)
        return steps * self.quantum


def uplift_factor(percent: Decimal) -> Decimal:
    """1 + percent / 100; an uplift of −100 % or less is refused."""
    if percent <= -_HUNDRED:
        raise BadValue(
            N_("En uppräkning med %(percent)s procent skulle ta bort priset."), percent=percent
        )
    return 1 + percent / _HUNDRED


def uplift_amount(amount: Decimal, percent: Decimal, rounding: PriceRounding) -> Decimal:
    return rounding.apply(amount * uplift_factor(percent))


def uplift_price(price: Price, percent: Decimal, rounding: PriceRounding) -> Price:
    """One price uplifted: component-wise when it has components (module docstring)."""
    if price.components:
        components = tuple(
            (cost_type, uplift_amount(amount, percent, rounding))
            for cost_type, amount in price.components
        )
        total = sum((amount for _, amount in components), Decimal(0))
        return Price(price.programme, price.orientation, total, components, price.municipality)
    yearly = uplift_amount(price.yearly, percent, rounding)
    return Price(price.programme, price.orientation, yearly, (), price.municipality)


def uplift(
    price_list: PriceList,
    percent: Decimal,
    rounding: PriceRounding = PriceRounding(),
    *,
    year: int | None = None,
) -> PriceList:
    """Next year's list (``year``, default the list's year + 1) from ``percent`` uplift.

    ``percent`` is a Decimal such as ``Decimal("3.4")``; every price, municipality-specific
    ones included, is uplifted and rounded by ``rounding`` (module docstring).
    """
    uplift_factor(percent)
    prices = tuple(uplift_price(price, percent, rounding) for price in price_list.prices)
    return PriceList(price_list.year + 1 if year is None else year, prices)
