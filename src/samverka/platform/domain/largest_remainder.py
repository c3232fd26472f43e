"""The largest-remainder rule: a whole number of units split in proportion to weights, so that
the parts add up to the total exactly.

Procedure for ``apportion(total, weights, tie_order)``:

1. Each key's exact quota is ``total × weight / Σ weights``, computed as a fraction (no
   rounding at all).
2. Each key first gets its quota rounded down.
3. The units left over (fewer than the number of keys) go one each to the keys with the
   largest remainders (quota minus what they got); among equal remainders, to the key that
   comes first in ``tie_order`` (every key of ``weights``, e.g. sorted codes).

So every part is within one unit of its exact quota, a larger weight never gets less, and the
parts add up to ``total``. Callers choose the unit: whole kronor for fees and grants, a tenth
of a per cent for a staff allocation in percentages with one decimal.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def apportion(
    total: int, weights: Mapping[K, Decimal | int | Fraction], tie_order: Sequence[K]
) -> dict[K, int]:
    """``total`` units (not negative) split over ``weights`` (not negative, not all zero), in
    the order of ``tie_order``."""
    if total < 0:
        raise ValueError("the total to split may not be negative")
    if set(tie_order) != set(weights) or len(tie_order) != len(weights):
        raise ValueError("the tie order must name every key once")
    exact = {key: Fraction(weights[key]) for key in tie_order}
    if any(weight < 0 for weight in exact.values()):
        raise ValueError("a weight may not be negative")
    whole = sum(exact.values(), Fraction(0))
    if whole == 0:
        raise ValueError("the weights add up to zero: there is nothing to split by")
    quotas = {key: total * weight / whole for key, weight in exact.items()}
    parts = {key: quota.numerator // quota.denominator for key, quota in quotas.items()}
    left = total - sum(parts.values())
    position = {key: index for index, key in enumerate(tie_order)}
    ranked = sorted(tie_order, key=lambda key: (parts[key] - quotas[key], position[key]))
    for key in ranked[:left]:
        parts[key] += 1
    return parts
