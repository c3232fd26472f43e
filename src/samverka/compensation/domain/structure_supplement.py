"""The structure supplement (strukturtillägg): a yearly amount per pupil by year-9 merit value.

Rules (admissions-rules.md §7.2):

* The basis is the pupil's year-9 merit value; only pupils below a threshold (200 points in
  Storsthlm) get a supplement. The merit from year 9 is reused in years 2 and 3.
* The supplement is tiered. A tier is "merit below ``below`` → ``yearly_amount`` SEK per
  year"; a pupil falls in the tier with the *lowest* ``below`` that is still above the merit,
  so with tiers below 200 / 160 / 120 a merit of 150 falls in the 160 tier. Tier boundaries
  and amounts are configuration ([GAP]: Storsthlm's levels are not in the sources).
* A pupil without a year-9 merit value (e.g. no Swedish grades) gets no supplement [I].
* Introductory programmes are excluded by default [I: the supplement is computed "per pupil and
  national programme"]; ``excluded_programmes`` is configurable.
* The supplement is paid per school unit and programme without naming pupils:
  ``aggregate_supplements`` returns counts and sums per (school unit, programme) and never a
  pupil identity.
* Uplift: the tiers follow the price uplift unless a level has its own percentage (for 2025
  levels 2 and 3 were raised by 6 %, the others by the price uplift of 2.8 %).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from samverka.compensation.domain.price_list import PriceRounding, uplift_amount
from samverka.errors import N_, BadValue

INTRODUCTORY_PROGRAMMES = frozenset({"IMA", "IMS", "IMV", "IMY"})
DEFAULT_THRESHOLD = Decimal(200)


@dataclass(frozen=True, slots=True)
class SupplementTier:
    """Merit strictly below ``below`` gives ``yearly_amount`` SEK per year (level ``level``)."""

    level: int
    below: Decimal
    yearly_amount: Decimal

    def __post_init__(self) -> None:
        if self.yearly_amount < 0:
            raise BadValue(N_("Nivå %(level)s: beloppet kan inte vara negativt."), level=self.level)


@dataclass(frozen=True, slots=True)
class SupplementSchedule:
    """One year's tiers; thresholds must be distinct and the levels unique."""

    year: int
    tiers: tuple[SupplementTier, ...]
    excluded_programmes: frozenset[str] = INTRODUCTORY_PROGRAMMES
    _ascending: tuple[SupplementTier, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ascending = tuple(sorted(self.tiers, key=lambda tier: tier.below))
        if len({tier.below for tier in ascending}) != len(ascending):
            raise BadValue(
                N_("%(year)s: två nivåer av strukturtillägget har samma gräns."), year=self.year
            )
        if len({tier.level for tier in ascending}) != len(ascending):
            raise BadValue(
                N_("%(year)s: två nivåer av strukturtillägget har samma nivånummer."),
                year=self.year,
            )
        object.__setattr__(self, "_ascending", ascending)

    @property
    def threshold(self) -> Decimal:
        """The highest merit value (exclusive) that gives any supplement."""
        return self._ascending[-1].below if self._ascending else Decimal(0)

    def tier_for(self, merit_value: Decimal | None, programme: str) -> SupplementTier | None:
        """The pupil's tier, or None for no supplement (module docstring)."""
        if merit_value is None or programme in self.excluded_programmes:
            return None
        for tier in self._ascending:
            if merit_value < tier.below:
                return tier
        return None

    def yearly_amount(self, merit_value: Decimal | None, programme: str) -> Decimal:
        tier = self.tier_for(merit_value, programme)
        return tier.yearly_amount if tier is not None else Decimal(0)


@dataclass(frozen=True, slots=True)
class SupplementPupil:
    """What the aggregation needs of one pupil: where they study and their year-9 merit."""

    school_unit: str
    programme: str
    merit_value: Decimal | None


@dataclass(frozen=True, slots=True)
class SupplementGroup:
    """The supplement of one (school unit, programme): no pupil is named.

    ``pupils`` counts all pupils of the group, ``supplemented`` those with a supplement,
    ``per_level`` is (level, pupils) for the levels present, and ``yearly_total`` the sum of
    their yearly amounts.
    """

    school_unit: str
    programme: str
    pupils: int
    supplemented: int
    per_level: tuple[tuple[int, int], ...]
    yearly_total: Decimal


def aggregate_supplements(
    pupils: Iterable[SupplementPupil], schedule: SupplementSchedule
) -> tuple[SupplementGroup, ...]:
    """Counts and yearly sums per (school unit, programme), ordered by school unit, programme."""
    counts: dict[tuple[str, str], list[int]] = {}
    levels: dict[tuple[str, str], dict[int, int]] = {}
    totals: dict[tuple[str, str], Decimal] = {}
    for pupil in pupils:
        key = (pupil.school_unit, pupil.programme)
        count = counts.setdefault(key, [0, 0])
        count[0] += 1
        tier = schedule.tier_for(pupil.merit_value, pupil.programme)
        if tier is None:
            continue
        count[1] += 1
        per_level = levels.setdefault(key, {})
        per_level[tier.level] = per_level.get(tier.level, 0) + 1
        totals[key] = totals.get(key, Decimal(0)) + tier.yearly_amount
    return tuple(
        SupplementGroup(
            school_unit=key[0],
            programme=key[1],
            pupils=count[0],
            supplemented=count[1],
            per_level=tuple(sorted(levels.get(key, {}).items())),
            yearly_total=totals.get(key, Decimal(0)),
        )
        for key, count in sorted(counts.items())
    )


def uplift_schedule(
    schedule: SupplementSchedule,
    percent: Decimal,
    rounding: PriceRounding = PriceRounding(),  # noqa: B008 - frozen, so a safe default
    *,
    level_percent: Mapping[int, Decimal] | None = None,
    year: int | None = None,
) -> SupplementSchedule:
    """Next year's tiers: each amount × (1 + p / 100), rounded, where p is the level's own
    percentage in ``level_percent`` or else ``percent``. Thresholds are unchanged."""
    own = level_percent or {}
    tiers = tuple(
        SupplementTier(
            tier.level,
            tier.below,
            uplift_amount(tier.yearly_amount, own.get(tier.level, percent), rounding),
        )
        for tier in schedule.tiers
    )
    return SupplementSchedule(
        schedule.year + 1 if year is None else year, tiers, schedule.excluded_programmes
    )
