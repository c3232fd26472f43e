"""Keying a state grant (stimulansmedel) out to the municipalities, in whole kronor.

Source: the operations plan 2018 (seed ``001_*``, "Länsgemensamma handlingsplaner för psykisk
hälsa"): the county's municipalities and the county council received a little over 113 mnkr;
half went to the county council and half to the municipalities by population size; they agreed
to set aside four per cent of their allocations for county-wide initiatives. As the regional
support structure (RSS) the association keeps part of a grant for county-wide activities and
keys the rest out to the municipalities (seed ``002_*``).

Procedure (``allocate``):

1. First split (optional): ``region_percent`` of the total goes to the region, the rest to the
   municipalities (the two parts in whole kronor by largest remainder; 0 % = no first split;
   in a tie the krona goes to the municipalities).
2. The municipalities' part is keyed out by the allocation key's weights (population, population
   in an age band on a reference date, an imported custom key, or equal shares) by largest
   remainder (``largest_remainder``).
3. Set-aside for county-wide initiatives: ``set_aside_percent`` of EACH allocation (the region's
   and every municipality's), as the seed says. The set-aside total is ``set_aside_percent`` of
   the total, rounded half up to whole kronor; it is split over the allocations by largest
   remainder in proportion to each allocation. What a party receives to use (``net``) is its
   allocation less its set-aside. Without a first split this equals taking the share off the
   top before keying out.

Largest remainder (Hamilton's method): the exact share of recipient i is q_i = T·w_i/W (exact
rational arithmetic, no floating point); each gets ⌊q_i⌋; the R = T − Σ⌊q_i⌋ kronor left go one
each to the R largest fractional parts, ties broken by the recipient's key in ascending order
(the municipality code: "0114" before "0180"). Hence: the parts add up to T exactly, each is
within 1 kr of its exact share, a larger weight never gets less, equal weights differ by at most
1 kr, and a zero weight gets nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from samverka.errors import N_, RowError
from samverka.platform.domain.largest_remainder import apportion

HUNDRED = Decimal(100)
REGION = "region"  # the region's part in a first split (not a municipality code)
SHARE_PLACES = Decimal("0.000001")


class AllocationKeyKind(StrEnum):
    POPULATION = "population"  # folkmängd
    AGE_BAND = "age_band"  # folkbokförda i ett åldersintervall på ett datum
    CUSTOM = "custom"  # importerad nyckel (kommunkod, vikt)
    EQUAL = "equal"  # lika delar


def largest_remainder(total: int, weights: Mapping[str, Decimal | int]) -> dict[str, int]:
    """``total`` whole kronor split in proportion to ``weights`` (see the module's procedure)."""
    return apportion(total, weights, sorted(weights))


@dataclass(frozen=True, slots=True)
class GrantTerms:
    """A grant's total and how it is split before and after keying out."""

    total: Decimal  # SEK, whole kronor
    region_percent: Decimal = Decimal(0)  # first split to the region; 0 = none
    set_aside_percent: Decimal = Decimal(0)  # of each allocation, for county-wide initiatives


def terms_problems(terms: GrantTerms, source: str = "grant") -> list[RowError]:
    """Every problem with ``terms`` (empty when they can be used)."""
    problems = []
    if terms.total <= 0 or terms.total != terms.total.to_integral_value():
        reason = N_("Summan ska vara hela kronor över 0.")
        problems.append(RowError(source, 0, "total", reason))
    for field, value in (
        ("region_percent", terms.region_percent),
        ("set_aside_percent", terms.set_aside_percent),
    ):
        if not 0 <= value < HUNDRED:
            reason = N_("En procentsats från 0 upp till (men inte) 100.")
            problems.append(RowError(source, 0, field, reason))
    return problems


@dataclass(frozen=True, slots=True)
class MunicipalAllocation:
    municipality_code: str
    key_value: Decimal  # the weight used: population, persons in the band, custom weight, 1
    share: Decimal  # of the municipalities' part, 0–1 (six decimals, for display)
    gross: Decimal  # whole kronor: its part of the municipalities' part
    set_aside: Decimal  # whole kronor kept for county-wide initiatives
    net: Decimal  # gross − set_aside: what the municipality receives to use


@dataclass(frozen=True, slots=True)
class Allocation:
    total: Decimal
    region_gross: Decimal
    region_set_aside: Decimal
    municipalities_gross: Decimal
    set_aside_total: Decimal
    lines: tuple[MunicipalAllocation, ...]  # by municipality code

    @property
    def region_net(self) -> Decimal:
        return self.region_gross - self.region_set_aside

    @property
    def municipalities_net(self) -> Decimal:
        return sum((line.net for line in self.lines), Decimal(0))


def set_aside_total(total: Decimal, percent: Decimal) -> Decimal:
    """``percent`` of ``total``, rounded half up to whole kronor."""
    return (total * percent / HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def allocate(terms: GrantTerms, weights: Mapping[str, Decimal]) -> Allocation:
    """Split ``terms.total`` as the module's procedure says; ``weights`` by municipality code."""
    problems = terms_problems(terms)
    if problems:
        raise ValueError("; ".join(str(p) for p in problems))
    total = int(terms.total)
    first = largest_remainder(
        total, {REGION: terms.region_percent, "municipalities": HUNDRED - terms.region_percent}
    )
    municipal = largest_remainder(first["municipalities"], weights)
    gross = {REGION: first[REGION], **municipal}
    kept_total = set_aside_total(terms.total, terms.set_aside_percent)
    kept = largest_remainder(int(kept_total), gross)
    whole = sum((Decimal(w) for w in weights.values()), Decimal(0))
    lines = tuple(
        MunicipalAllocation(
            code,
            Decimal(weights[code]),
            (Decimal(weights[code]) / whole).quantize(SHARE_PLACES),
            Decimal(municipal[code]),
            Decimal(kept[code]),
            Decimal(municipal[code] - kept[code]),
        )
        for code in sorted(weights)
    )
    return Allocation(
        terms.total,
        Decimal(first[REGION]),
        Decimal(kept[REGION]),
        Decimal(first["municipalities"]),
        kept_total,
        lines,
    )
