"""Staff allocation between the plan's areas, as whole percentages that add up to 100.

Procedure (the 2018 plan shows the allocation two ways, seed 001):

1. Each assignment's planned hours go to the areas of the goals it serves, split equally
   between those distinct areas (an assignment serving goals in two areas gives each half).
   An assignment without goals is left out.
2. **With the admission office**: the hours of assignments whose responsible unit is the joint
   admission office form one share of their own ("Gymnasieantagning"), not their areas'.
   **Without it**: those hours are left out altogether.
3. Shares become percentages by the **largest remainder** method (Hamilton): each share's exact
   percentage is floored to ``decimals`` places (0 = whole percent, 1 = one decimal), and the
   units of the last place still missing up to 100 go one each to the shares with the largest
   remainders (ties: the larger share, then the earlier one in the given order). So the
   percentages always add up to exactly 100 when there are any hours, and each differs from its
   exact value by less than one unit of the last place.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from samverka.platform.domain.largest_remainder import apportion

K = TypeVar("K", bound=Hashable)

ADMISSION_OFFICE = "admission_office"
"""The key of the admission office's own share in an allocation with it."""


def largest_remainder(shares: Mapping[K, Decimal], decimals: int = 0) -> dict[K, Decimal]:
    """Percentages of ``shares`` (non-negative) that add up to exactly 100 (all zero when the
    shares add up to zero), in the order given."""
    if decimals not in (0, 1, 2):
        raise ValueError("decimals is 0, 1 or 2")
    if any(value < 0 for value in shares.values()):
        raise ValueError("shares cannot be negative")
    whole = sum(shares.values(), Decimal(0))
    if whole == 0:
        return {key: Decimal(0).quantize(Decimal(1).scaleb(-decimals)) for key in shares}
    step = Decimal(1).scaleb(-decimals)
    order = list(shares)
    ties = sorted(order, key=lambda key: (-shares[key], order.index(key)))  # larger share first
    units = apportion(100 * 10**decimals, shares, ties)
    return {key: (units[key] * step).quantize(step) for key in order}


@dataclass(frozen=True, slots=True)
class AssignmentHours:
    """What the allocation needs of an assignment."""

    planned_hours: Decimal
    area_ids: Sequence[int]  # the areas of the goals it serves (duplicates allowed)
    admission_office: bool  # its responsible unit is the joint admission office


@dataclass(frozen=True, slots=True)
class Allocation:
    hours: dict[int | str, Decimal]  # area id (or ADMISSION_OFFICE) → hours
    percent: dict[int | str, Decimal]


def allocate(
    assignments: Sequence[AssignmentHours],
    area_order: Sequence[int],
    *,
    with_admission_office: bool,
    decimals: int = 0,
) -> Allocation:
    """Hours and percentages per area (in ``area_order``; the admission office first when it is
    included)."""
    hours: dict[int | str, Decimal] = {}
    if with_admission_office:
        hours[ADMISSION_OFFICE] = Decimal(0)
    for area_id in area_order:
        hours[area_id] = Decimal(0)
    for assignment in assignments:
        areas = list(dict.fromkeys(assignment.area_ids))
        if not areas:
            continue
        if assignment.admission_office:
            if with_admission_office:
                hours[ADMISSION_OFFICE] += assignment.planned_hours
            continue
        share = assignment.planned_hours / len(areas)
        for area_id in areas:
            hours[area_id] = hours.get(area_id, Decimal(0)) + share
    return Allocation(hours, largest_remainder(hours, decimals))
