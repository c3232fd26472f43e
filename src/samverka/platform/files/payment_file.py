"""The payment file a finance system imports to pay ("Betalningar"): its sheet name, columns and
rows, one writer for every context that pays (issue 15 point 1; docs/formats.md, "Payment
file"): the monthly compensation (``compensation.files.compensation_files``) and the state
grants' payouts (``association.grants.files.grant_payment_file``).

One row per payment: payer (code and name), payee (code and name), the payee's organisation
number, bankgiro and plusgiro, the amount in SEK with two decimals (negative: money to get back,
not paid), of which VAT, the currency, the due date and a reference (a message, not an OCR
number). The file is written by ``platform.files.exports`` (CSV, machine CSV or XLSX).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from samverka.platform.files.exports import Sheet

PAYMENT_SHEET: Final = "Betalningar"
CURRENCY: Final = "SEK"
PAYMENT_HEADER: Final = (
    "Betalande kommunkod",
    "Betalande kommun",
    "Mottagarkod",
    "Mottagare",
    "Organisationsnummer",
    "Bankgiro",
    "Plusgiro",
    "Belopp",
    "Varav moms",
    "Valuta",
    "Förfallodag",
    "Referens",
)
_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Payment:
    """One row of a payment file."""

    payer_code: str | None  # None: the association itself
    payer_name: str | None
    payee_code: str
    payee_name: str | None
    organisation_number: str | None
    bankgiro: str | None
    plusgiro: str | None
    amount: Decimal
    vat: Decimal
    due: date
    reference: str

    def cells(self) -> list[object]:
        return [
            self.payer_code,
            self.payer_name,
            self.payee_code,
            self.payee_name,
            self.organisation_number,
            self.bankgiro,
            self.plusgiro,
            self.amount.quantize(_CENT),
            self.vat.quantize(_CENT),
            CURRENCY,
            self.due,
            self.reference,
        ]


def payment_table(payments: Iterable[Payment]) -> Sheet:
    """The payment file's sheet of ``payments``, in the order given."""
    return Sheet(PAYMENT_SHEET, PAYMENT_HEADER, [payment.cells() for payment in payments])
