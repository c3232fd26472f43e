"""The password policy: what a new password must be before it is hashed and stored.

Sources: NIST SP 800-63B §5.1.1.2 (memorized secrets: at least 8 characters chosen by the
subscriber — this policy asks for 12 —, at most a generous length, all printing characters and
spaces allowed, no composition rules, and refused if it is on a list of commonly used or
compromised values) and OWASP ASVS 4.0.3 V2.1.1 (at least 12 characters), V2.1.2 (at least
64 permitted), V2.1.7 (checked against a list of breached passwords) and V2.1.9 (no
composition rules). Issue 11, point 10: at least 12 characters, not all blank, not on a list
of common passwords.

Procedure: a password is refused, with every reason at once, when

1. it has fewer than ``MINIMUM_LENGTH`` characters (counted as Unicode code points, after
   NFKC normalisation, as NIST asks), or more than ``MAXIMUM_LENGTH``;
2. it is blank: nothing but white space;
3. it is on the list of common passwords given (``samverka.platform.reference.common_passwords``),
   compared without regard to case and to white space at either end, so that ``Password1234``
   counts as ``password1234``; or it is a listed password followed only by digits and
   punctuation (``monkey123456!``), the derivative that guessing tries first.

The list is a parameter, so that the rule stays a pure function. The reasons are Swedish msgids
(``N_``), one wording for the web page and the command line, translated where they are shown.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Collection
from typing import Final

from samverka.errors import N_

MINIMUM_LENGTH = 12
MAXIMUM_LENGTH = 1024
TOO_SHORT: Final = N_("Det nya lösenordet måste ha minst 12 tecken.")
TOO_LONG: Final = N_("Det nya lösenordet får ha högst 1024 tecken.")
ONLY_SPACES: Final = N_("Det nya lösenordet får inte bara vara mellanslag.")
COMMON: Final = N_("Det nya lösenordet är ett av de vanligaste lösenorden. Välj ett annat.")
_DIGITS_AND_PUNCTUATION = string.digits + string.punctuation + " "


def password_problems(password: str, *, common: Collection[str]) -> list[str]:
    """Every reason ``password`` may not be used, in Swedish (msgids); empty if it may."""
    normalised = unicodedata.normalize("NFKC", password)
    problems = []
    if len(normalised) < MINIMUM_LENGTH:
        problems.append(TOO_SHORT)
    if len(normalised) > MAXIMUM_LENGTH:
        problems.append(TOO_LONG)
    if not normalised.strip():
        problems.append(ONLY_SPACES)
    elif _is_common(comparable(normalised), common):
        problems.append(COMMON)
    return problems


def _is_common(candidate: str, common: Collection[str]) -> bool:
    stem = candidate.rstrip(_DIGITS_AND_PUNCTUATION)
    return candidate in common or (bool(stem) and stem in common)


def comparable(password: str) -> str:
    """The form in which a password is looked up on the list of common passwords."""
    return unicodedata.normalize("NFKC", password).strip().casefold()
