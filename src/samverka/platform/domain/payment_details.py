"""The payment details a payment file carries: organisation number, bankgiro and plusgiro, and
the one check of their form that every context uses (the compensation's payees and the state
grants' recipients; docs/formats.md, "Payment file").

The forms are those the payment files are written with and the finance system reads:
organisation number ``NNNNNN-NNNN`` (Skatteverket), bankgiro ``NNN-NNNN`` or ``NNNN-NNNN``
(Bankgirot) and plusgiro ``N-N`` up to ``NNNNNNNN-N`` (Plusgirot). One of bankgiro and plusgiro
is required. The check digit is not checked here (the numbers stored before this check existed
were only checked for their form).
"""

from __future__ import annotations

import re
from typing import Final

BANKGIRO: Final = re.compile(r"\d{3,4}-\d{4}")
PLUSGIRO: Final = re.compile(r"\d{1,8}-\d")
ORGANISATION_NUMBER: Final = re.compile(r"\d{6}-\d{4}")


def payment_detail_problems(
    organisation_number: str | None, bankgiro: str | None, plusgiro: str | None
) -> list[tuple[str, str]]:
    """(field, reason) for every problem of the details; empty when they can be paid to."""
    problems: list[tuple[str, str]] = []
    if organisation_number is not None and not ORGANISATION_NUMBER.fullmatch(organisation_number):
        problems.append(
            (
                "organisation_number",
                f"{organisation_number!r} is not an organisation number (NNNNNN-NNNN)",
            )
        )
    if bankgiro is None and plusgiro is None:
        problems.append(("bankgiro", "give a bankgiro or a plusgiro number"))
    if bankgiro is not None and not BANKGIRO.fullmatch(bankgiro):
        problems.append(
            ("bankgiro", f"{bankgiro!r} is not a bankgiro number (NNN-NNNN or NNNN-NNNN)")
        )
    if plusgiro is not None and not PLUSGIRO.fullmatch(plusgiro):
        problems.append(("plusgiro", f"{plusgiro!r} is not a plusgiro number (e.g. 4711-2)"))
    return problems
