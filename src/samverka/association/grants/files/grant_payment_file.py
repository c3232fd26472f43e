"""The payment file of a state grant's payout, in the payment file's one format
(``platform.files.payment_file``; docs/formats.md, "Payment file" and "Payment file of a state
grant"), for the finance system to import.

One row per recipient paid (``services.grant_payments.grant_payout``): the payer is the
association (no municipality code, its name "Förbundet"), the payee's code is the municipality
code or ``region``, with the name, organisation number, bankgiro and plusgiro recorded for it,
the amount (no VAT: a grant is not a purchase), the due date chosen when the file is made and
the grant's reference, "Stimulansmedel <year> <name>".
"""

from __future__ import annotations

from datetime import date
from typing import Final

from samverka.association.grants.services.grant_payments import GrantPayout
from samverka.platform.files.exports import Sheet
from samverka.platform.files.payment_file import Payment, payment_table

PAYER_NAME: Final = "Förbundet"
_NO_VAT = 0


def grant_reference(payout: GrantPayout) -> str:
    """The message the payments carry: the grant's year and name."""
    return f"Stimulansmedel {payout.grant.year} {payout.grant.name}"


def grant_payment_sheet(payout: GrantPayout, due: date) -> Sheet:
    """The payment file's sheet of ``payout``, due on ``due`` (module docstring)."""
    reference = grant_reference(payout)
    return payment_table(
        Payment(
            None,
            PAYER_NAME,
            payment.payee.recipient,
            payment.payee.name,
            payment.payee.organisation_number,
            payment.payee.bankgiro,
            payment.payee.plusgiro,
            payment.amount,
            payment.amount * _NO_VAT,
            due,
            reference,
        )
        for payment in payout.payments
    )
