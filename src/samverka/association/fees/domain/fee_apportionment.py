"""Whole kronor for member fees: rounding one amount, and apportioning a total by weights.

Rules (stated here once, used by the service fee, the admission service fee and instalments):

* ``to_kronor(amount)``: an amount is rounded to whole kronor, half a krona upwards
  (``ROUND_HALF_UP``; fees are never negative).
* ``largest_remainder(total, weights)`` (Hare–Niemeyer): each key's exact share is
  ``total × weight / sum of weights``; every key first gets its share rounded down to whole
  kronor; the kronor still left (fewer than the number of keys) go one each to the keys with
  the largest fractional remainders, ties broken by the keys' sorted order. So the parts are
  whole kronor, each within one krona of its exact share, and they add up to ``total`` exactly.
  The arithmetic is done on exact fractions, so no share is lost to decimal precision.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from samverka.platform.domain.largest_remainder import apportion

ONE_KRONA = Decimal(1)


def to_kronor(amount: Decimal) -> Decimal:
    """``amount`` rounded to whole kronor, half a krona upwards."""
    return amount.quantize(ONE_KRONA, rounding=ROUND_HALF_UP)


def is_whole_kronor(amount: Decimal) -> bool:
    return amount.is_finite() and amount == amount.to_integral_value()


def largest_remainder(total: Decimal, weights: Mapping[str, Decimal | int]) -> dict[str, Decimal]:
    """``total`` (whole kronor, not negative) split over ``weights`` (not negative, not all
    zero) by the largest-remainder rule above; every key of ``weights`` gets a part."""
    if not is_whole_kronor(total) or total < 0:
        raise ValueError(f"the total to apportion must be whole kronor, not {total}")
    if any(Decimal(w) < 0 for w in weights.values()):
        raise ValueError("a weight cannot be negative")
    parts = apportion(int(total), {key: Decimal(w) for key, w in weights.items()}, sorted(weights))
    return {key: Decimal(part) for key, part in sorted(parts.items())}
