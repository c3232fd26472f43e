"""Points (merit values, test points, cut-offs) as exact decimals and as integer hundredths.

The engine compares integers; people read decimals. Merit values are multiples of 2.5 and a
scaled merit value is rounded to two decimals, so hundredths represent every score exactly.
"""

from __future__ import annotations

from decimal import Decimal

_HUNDRED = Decimal(100)


def to_centi(points: Decimal) -> int:
    """Points as integer hundredths; raises ``ValueError`` for finer fractions."""
    centi = points * _HUNDRED
    if centi != centi.to_integral_value():
        raise ValueError(f"{points} has more than two decimals")
    return int(centi)


def from_centi(centi: int) -> Decimal:
    """Hundredths as points, written without trailing zeros (240, 237.5, 212.75)."""
    value = Decimal(centi) / _HUNDRED
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def normalised(points: Decimal) -> Decimal:
    """``points`` written as people read them: 280, 237.5 (not 280.0 or 2.8E+2)."""
    return from_centi(to_centi(points))
