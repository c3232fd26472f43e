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

The list is a parameter, so that the rule stays a pure function.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Collection

MINIMUM_LENGTH = 12
MAXIMUM_LENGTH = 1024
_DIGITS_AND_PUNCTUATION = string.digits + string.punctuation + " "


def password_problems(password: str, *, common: Collection[str]) -> list[str]:
    """Every reason ``password`` may not be used, in English; empty if it may."""
    normalised = unicodedata.normalize("NFKC", password)
    problems = []
    if len(normalised) < MINIMUM_LENGTH:
        problems.append(f"must be at least {MINIMUM_LENGTH} characters")
    if len(normalised) > MAXIMUM_LENGTH:
        problems.append(f"must be at most {MAXIMUM_LENGTH} characters")
    if not normalised.strip():
        problems.append("must not be only spaces")
    elif _is_common(comparable(normalised), common):
        problems.append("is one of the most common passwords; choose another")
    return problems


def _is_common(candidate: str, common: Collection[str]) -> bool:
    stem = candidate.rstrip(_DIGITS_AND_PUNCTUATION)
    return candidate in common or (bool(stem) and stem in common)


def comparable(password: str) -> str:
    """The form in which a password is looked up on the list of common passwords."""
    return unicodedata.normalize("NFKC", password).strip().casefold()
