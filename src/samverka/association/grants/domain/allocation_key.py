"""An imported custom allocation key: rows of (municipality code, weight).

Rules, checked for every row before anything is used (all-or-nothing): the code is a member
municipality's four-digit code, named once; the weight is a number from 0 to ``MAX_WEIGHT``
with at most four decimals, as the key is stored (decimals with a point or a comma, spaces as
thousands separators allowed, no exponent: issue 11 point 6); the weights add up to more than
0. Every problem is reported with its line.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from decimal import Decimal

from samverka.errors import RowError
from samverka.platform.domain.numbers import decimal_places, decimal_value, shown

MAX_WEIGHT = Decimal("1e12")
WEIGHT_PLACES = 4


def parse_weight(text: str) -> Decimal | None:
    """``text`` as a weight (``1 234,5`` or ``1234.5``), or None when it is not a number."""
    try:
        return decimal_value(text)
    except ValueError:
        return None


def key_weights(
    rows: Iterable[tuple[int, str, str]], members: Collection[str], source: str
) -> tuple[dict[str, Decimal], list[RowError]]:
    """The weights of ``rows`` (line, code, weight text) and every problem found."""
    weights: dict[str, Decimal] = {}
    problems: list[RowError] = []
    for line, raw_code, raw_weight in rows:
        code = raw_code.strip()
        if code not in members:
            reason = f"{code!r} is not the code of a member municipality"
            problems.append(RowError(source, line, "municipality_code", reason))
        elif code in weights:
            problems.append(RowError(source, line, "municipality_code", f"{code} named twice"))
        weight = parse_weight(raw_weight)
        if weight is None or weight < 0 or weight > MAX_WEIGHT:
            reason = f"{shown(raw_weight.strip())} is not a weight of at least 0"
            problems.append(RowError(source, line, "weight", reason))
        elif decimal_places(weight) > WEIGHT_PLACES:
            reason = f"{shown(raw_weight.strip())} has more than {WEIGHT_PLACES} decimals"
            problems.append(RowError(source, line, "weight", reason))
        elif code in members and code not in weights:
            weights[code] = weight
    if not problems and not weights:
        problems.append(RowError(source, 0, "weights", "the key names no municipality"))
    elif not problems and sum(weights.values(), Decimal(0)) <= 0:
        problems.append(RowError(source, 0, "weight", "the weights add up to zero"))
    return weights, problems
