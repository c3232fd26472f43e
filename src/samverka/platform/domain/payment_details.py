"""The payment details a payment file carries: organisation number, bankgiro and plusgiro, and
the one check of their form that every context uses (the compensation's payees and the state
grants' recipients; docs/formats.md, "Payment file").

The forms are those the payment files are written with and the finance system reads:
organisation number ``NNNNNN-NNNN`` (Skatteverket), bankgiro ``NNN-NNNN`` or ``NNNN-NNNN``
(Bankgirot) and plusgiro ``N-N`` up to ``NNNNNNNN-N`` (Plusgirot). One of bankgiro and plusgiro
is required. The check digit is not checked here (the numbers stored before this check existed
were only checked for their form). The reasons are Swedish msgids with the number as parameter.
"""

from __future__ import annotations

import re
from typing import Final

from samverka.errors import N_, RowError

BANKGIRO: Final = re.compile(r"\d{3,4}-\d{4}")
PLUSGIRO: Final = re.compile(r"\d{1,8}-\d")
ORGANISATION_NUMBER: Final = re.compile(r"\d{6}-\d{4}")


def payment_detail_problems(
    source: str, organisation_number: str | None, bankgiro: str | None, plusgiro: str | None
) -> list[RowError]:
    """Every problem of the details, at its field; empty when they can be paid to."""
    problems: list[RowError] = []
    if organisation_number is not None and not ORGANISATION_NUMBER.fullmatch(organisation_number):
        reason = N_("%(number)s är inte ett organisationsnummer (NNNNNN-NNNN).")
        problems.append(
            RowError(source, 0, "organisation_number", reason, {"number": organisation_number})
        )
    if bankgiro is None and plusgiro is None:
        reason = N_("Ange ett bankgironummer eller ett plusgironummer.")
        problems.append(RowError(source, 0, "bankgiro", reason))
    if bankgiro is not None and not BANKGIRO.fullmatch(bankgiro):
        reason = N_("%(number)s är inte ett bankgironummer (NNN-NNNN eller NNNN-NNNN).")
        problems.append(RowError(source, 0, "bankgiro", reason, {"number": bankgiro}))
    if plusgiro is not None and not PLUSGIRO.fullmatch(plusgiro):
        reason = N_("%(number)s är inte ett plusgironummer (t.ex. 4711-2).")
        problems.append(RowError(source, 0, "plusgiro", reason, {"number": plusgiro}))
    return problems
