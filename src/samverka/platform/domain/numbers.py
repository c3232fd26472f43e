"""Whole numbers and decimals as people write them in files, each within a range.

Every number read from a file has a range chosen from its domain (a capacity, a lottery number,
an amount of kronor …), so that an absurd value is a row error with its line, never an overflow
in the engine (int64), a ``decimal`` error or a database integer that does not fit. Source:
issue 11 point 6 (files are read within limits); the ranges are listed in docs/security.md
("Files and limits") and next to each format in docs/formats.md.

Procedure, for the text of one cell:

1. Remove the blanks Swedish and English spreadsheets put between thousands (space, no-break
   space, narrow no-break space); a minus sign may be written ``-`` or ``−``.
2. Accept only ASCII digits, an optional leading minus and, for decimals, one decimal mark
   (``,`` or ``.``): no exponent (``1e18``), no ``NaN`` or ``Infinity``, no other scripts'
   digits, no superscripts (``²``).
3. Check the range; the message names the bound. A number of more than 40 digits before its
   decimal mark is beyond every range, and is never turned into a number (Python refuses to
   convert more than 4,300 digits). A decimal is then checked for its decimals.

The messages are Swedish msgids with parameters (``samverka.errors.BadValue``) and echo at
most 40 characters of what was written (``shown``).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

from samverka.errors import N_, BadValue

_BLANKS: Final = str.maketrans({" ": None, "\u00a0": None, "\u202f": None, "\u2212": "-"})
_WHOLE: Final = re.compile(r"-?[0-9]+")
_DECIMAL: Final = re.compile(r"-?[0-9]+([.,][0-9]+)?")
MOST_DIGITS: Final = 40
_BELOW: Final = N_("%(text)s är under det minsta tillåtna, %(minimum)s.")
_ABOVE: Final = N_("%(text)s är över det högsta tillåtna, %(maximum)s.")
SHOWN_CHARACTERS: Final = 40


def shown(text: str) -> str:
    """``text`` quoted for a message, cut to its first 40 characters, and shorter still when its
    quoted form (control characters and unusual letters written as escapes) would be longer than
    60 characters."""
    quoted = repr(text)
    if len(text) <= SHOWN_CHARACTERS and len(quoted) <= SHOWN_CHARACTERS + 22:
        return quoted
    cut = text[:SHOWN_CHARACTERS]
    while len(repr(cut)) > SHOWN_CHARACTERS + 22:
        cut = cut[:-1]
    return repr(cut) + f"… ({len(text)} tecken)"


def _cleaned(text: str) -> str:
    return text.strip().translate(_BLANKS)


def parse_whole_number(text: str, *, minimum: int, maximum: int) -> int:
    """``text`` as a whole number from ``minimum`` to ``maximum``; ``BadValue`` (a
    ``ValueError``) otherwise."""
    cleaned = _cleaned(text)
    if not _WHOLE.fullmatch(cleaned):
        raise BadValue(N_("%(text)s är inget heltal."), text=shown(text))
    _check_digits(text, cleaned, minimum, maximum)
    value = int(cleaned)
    _check_range(value, minimum, maximum)
    return value


def decimal_value(text: str) -> Decimal:
    """``text`` as an exact decimal (``,`` or ``.`` as the decimal mark), any size up to 40
    digits; ``BadValue`` when it is not written as one (see the module's docstring)."""
    cleaned = _cleaned(text)
    if not _DECIMAL.fullmatch(cleaned):
        raise BadValue(N_("%(text)s är inget tal."), text=shown(text))
    return Decimal(cleaned.replace(",", "."))  # exact: a Decimal made from text is not rounded


def decimal_places(value: Decimal) -> int:
    """How many decimals ``value`` needs (``1.230`` needs two), without rounding anything."""
    _, _, fraction = format(value, "f").partition(".")
    return len(fraction.rstrip("0"))


def parse_decimal(text: str, *, minimum: Decimal, maximum: Decimal, places: int) -> Decimal:
    """``text`` as a decimal from ``minimum`` to ``maximum`` with at most ``places`` decimals
    (``,`` or ``.`` as the decimal mark); ``BadValue`` (a ``ValueError``) otherwise."""
    _check_digits(text, _cleaned(text).partition(".")[0].partition(",")[0], minimum, maximum)
    value = decimal_value(text)
    _check_range(value, minimum, maximum)
    if decimal_places(value) > places:
        raise BadValue(
            N_("%(text)s har fler än %(places)s decimaler."), text=shown(text), places=places
        )
    return value


def _check_digits(text: str, whole: str, minimum: int | Decimal, maximum: int | Decimal) -> None:
    """Refuse a number of more than ``MOST_DIGITS`` digits before it is converted."""
    if len(whole.lstrip("-").lstrip("0")) > MOST_DIGITS:
        if whole.startswith("-"):
            raise BadValue(_BELOW, text=shown(text), minimum=minimum)
        raise BadValue(_ABOVE, text=shown(text), maximum=maximum)


def _check_range(value: int | Decimal, minimum: int | Decimal, maximum: int | Decimal) -> None:
    if value < minimum:
        raise BadValue(_BELOW, text=_number(value), minimum=minimum)
    if value > maximum:
        raise BadValue(_ABOVE, text=_number(value), maximum=maximum)


def _number(value: int | Decimal) -> str:
    written = str(value)
    return written if len(written) <= SHOWN_CHARACTERS else shown(written)
