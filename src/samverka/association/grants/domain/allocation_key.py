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

from samverka.errors import N_, RowError
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
            reason = N_("%(code)s är inte en medlemskommuns kod.")
            problems.append(
                RowError(source, line, "municipality_code", reason, {"code": repr(code)})
            )
        elif code in weights:
            reason = N_("Kommunen %(code)s anges två gånger.")
            problems.append(RowError(source, line, "municipality_code", reason, {"code": code}))
        weight = parse_weight(raw_weight)
        if weight is None or weight < 0 or weight > MAX_WEIGHT:
            reason = N_("%(text)s är ingen vikt på minst 0.")
            parameters: dict[str, object] = {"text": shown(raw_weight.strip())}
            problems.append(RowError(source, line, "weight", reason, parameters))
        elif decimal_places(weight) > WEIGHT_PLACES:
            reason = N_("%(text)s har fler än %(places)s decimaler.")
            parameters = {"text": shown(raw_weight.strip()), "places": WEIGHT_PLACES}
            problems.append(RowError(source, line, "weight", reason, parameters))
        elif code in members and code not in weights:
            weights[code] = weight
    if not problems and not weights:
        problems.append(RowError(source, 0, "weights", N_("Nyckeln anger ingen kommun.")))
    elif not problems and sum(weights.values(), Decimal(0)) <= 0:
        problems.append(RowError(source, 0, "weight", N_("Vikterna blir noll tillsammans.")))
    return weights, problems
