"""Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

Procedure (folkbokföringslagen 1991:481, 18 §; Skatteverket SKV 704 and 707):

1. Accept ``YYYYMMDD-NNNC``, ``YYYYMMDDNNNC``, ``YYMMDD-NNNC``, ``YYMMDDNNNC`` and
   ``YYMMDD+NNNC`` (a plus marks a person aged 100 or more).
2. A ten-digit form gets its century from ``today``: the latest century that does not put the
   birth date after today, one century further back with a plus sign.
3. A coordination number has 60 added to the day of birth.
4. The date must exist, and must not lie after ``today``.
5. The check digit C is the Luhn digit of the ten digits YYMMDDNNN.

The canonical form is twelve digits with a hyphen: ``YYYYMMDD-NNNC``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from samverka.errors import N_, BadValue

_PATTERN = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$")
_COORDINATION_OFFSET = 60


class PersonalIdKind(StrEnum):
    PERSONAL_IDENTITY_NUMBER = "personal_identity_number"
    COORDINATION_NUMBER = "coordination_number"


class PersonalIdError(BadValue):
    """The text is not a valid personal identity or coordination number (a Swedish reason with
    its parameters)."""


@dataclass(frozen=True, slots=True)
class PersonalId:
    """A validated number in canonical form; build it with ``parse_personal_id``."""

    canonical: str
    kind: PersonalIdKind
    birth_date: date

    def __str__(self) -> str:
        return self.canonical

    def masked(self) -> str:
        """The form shown where the full number is not needed: ``YYYYMMDD-****``."""
        return self.canonical[:9] + "****"


def parse_personal_id(text: str, *, today: date) -> PersonalId:
    match = _PATTERN.match(text.strip().replace(" ", ""))
    if match is None:
        raise PersonalIdError(
            N_("%(text)s är inte skrivet ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN."), text=repr(text)
        )
    century, yy, mm, dd, sign, serial, check = match.groups()
    if century is not None and sign == "+":
        raise PersonalIdError(
            N_("%(text)s: ”+” används bara med ett tvåsiffrigt år."), text=repr(text)
        )
    day = int(dd)
    kind = PersonalIdKind.PERSONAL_IDENTITY_NUMBER
    if day > _COORDINATION_OFFSET:
        kind, day = PersonalIdKind.COORDINATION_NUMBER, day - _COORDINATION_OFFSET
    year = int(century + yy) if century is not None else _year(int(yy), sign, today)
    birth = _date(year, int(mm), day, text)
    if birth > today:
        raise PersonalIdError(
            N_("%(text)s: födelsedatumet %(birth)s ligger i framtiden."),
            text=repr(text),
            birth=birth.isoformat(),
        )
    if luhn_check_digit(yy + mm + dd + serial) != int(check):
        raise PersonalIdError(N_("%(text)s: kontrollsiffran är fel."), text=repr(text))
    return PersonalId(f"{year:04d}{mm}{dd}-{serial}{check}", kind, birth)


def is_valid_personal_id(text: str, *, today: date) -> bool:
    try:
        parse_personal_id(text, today=today)
    except PersonalIdError:
        return False
    return True


def luhn_check_digit(digits: str) -> int:
    """The Luhn (mod 10) check digit, weights 2,1,2,1,… from the left, as Skatteverket uses."""
    total = 0
    for position, character in enumerate(digits):
        product = int(character) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def _year(yy: int, sign: str, today: date) -> int:
    year = today.year - (today.year - yy) % 100
    return year - 100 if sign == "+" else year


def _date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise PersonalIdError(
            N_("%(text)s: %(date)s är inget datum."),
            text=repr(text),
            date=f"{year:04d}-{month:02d}-{day:02d}",
        ) from None
