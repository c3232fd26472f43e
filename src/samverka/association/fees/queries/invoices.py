"""The member fees' invoices as the pages, the API and the command line read them: each with
its municipality's name and its instalments, and as a table (one row per instalment, or per
line) for CSV and Excel files (``platform.files.exports``; docs/formats.md, "Exports").

The tables speak Swedish: Swedish column names, the fee and the charge by their Swedish names.
Their amounts add up to what is invoiced: a row per instalment carries the instalment's amount
only (the invoice's whole amount is the sum of its instalments), so no sum counts twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from samverka.admission.queries.admission_statistics import Database
from samverka.association.fees.db import tables as f
from samverka.association.fees.domain.admission_fee import ChargeKind
from samverka.association.fees.domain.fee_invoices import FeeKind
from samverka.platform.db import tables as pt


@dataclass(frozen=True, slots=True)
class InstalmentView:
    number: int
    due_on: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class InvoiceLineView:
    number: int
    kind: str  # service, or the admission fee's charge kind
    text: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class InvoiceView:
    invoice_number: str
    kind: FeeKind
    fee_year: int
    municipality_code: str
    name: str
    issued_on: date
    amount: Decimal
    instalments: tuple[InstalmentView, ...]
    lines: tuple[InvoiceLineView, ...] = ()


def _lines_of(db: Database, ids: list[int]) -> dict[int, list[InvoiceLineView]]:
    """Each invoice's lines; an invoice stored before its lines were (migration 0021) reads as
    no lines, and the pages show its amount as one line."""
    lines: dict[int, list[InvoiceLineView]] = defaultdict(list)
    if ids:
        table = f.fee_invoice_line
        query = select(table).where(table.c.invoice_id.in_(ids)).order_by(table.c.number)
        for row in db.execute(query):
            lines[row.invoice_id].append(
                InvoiceLineView(row.number, row.kind, row.text, Decimal(row.amount))
            )
    return lines


def invoices_of(
    db: Database, decisions: list[tuple[FeeKind, int]], municipality: str | None = None
) -> tuple[InvoiceView, ...]:
    """The invoices of ``decisions`` (kind and id), of one municipality or of all."""
    if not decisions:
        return ()
    i, n, m = f.fee_invoice, f.fee_instalment, pt.municipality
    wanted = {(kind.value, decision_id) for kind, decision_id in decisions}
    query = (
        select(i, m.c.name).join(m, m.c.code == i.c.municipality_code).order_by(i.c.invoice_number)
    )
    if municipality is not None:
        query = query.where(i.c.municipality_code == municipality)
    rows = [row for row in db.execute(query) if (row.kind, row.decision_id) in wanted]
    parts: dict[int, list[InstalmentView]] = defaultdict(list)
    ids = [row.id for row in rows]
    if ids:
        for part in db.execute(select(n).where(n.c.invoice_id.in_(ids)).order_by(n.c.number)):
            parts[part.invoice_id].append(
                InstalmentView(part.number, part.due_on, Decimal(part.amount))
            )
    lines = _lines_of(db, ids)
    return tuple(
        InvoiceView(
            row.invoice_number,
            FeeKind(row.kind),
            row.fee_year,
            row.municipality_code,
            row.name,
            row.issued_on,
            Decimal(row.amount),
            tuple(parts[row.id]),
            tuple(lines[row.id]),
        )
        for row in rows
    )


INVOICE_SHEET = "Fakturor"
LINE_SHEET = "Fakturarader"
FEE_NAMES = {FeeKind.SERVICE: "Serviceavgift", FeeKind.ADMISSION: "Antagningsavgift"}
CHARGE_NAMES = {
    "service": "Serviceavgift",
    "admission": "Antagningsavgift",
    ChargeKind.ADMISSION_OFFICE.value: "Gymnasieantagningen",
    ChargeKind.REGISTER.value: "Ungdoms- och elevdatabasen (UEDB)",
    ChargeKind.ADMISSION_SYSTEM.value: "Antagningssystemet",
    ChargeKind.RECOVERY.value: "Återbetalning av tidigare års kostnader",
}
INVOICE_HEADER = (
    "Fakturanummer",
    "Avgift",
    "Avgiftsår",
    "Kommunkod",
    "Kommun",
    "Fakturadatum",
    "Delbetalning",
    "Förfallodag",
    "Belopp",
)


def invoice_table(invoices: tuple[InvoiceView, ...]) -> tuple[list[str], list[list[object]]]:
    """The invoices as a table for ``write_table``: one row per instalment, amounts in SEK."""
    rows: list[list[object]] = [
        [
            invoice.invoice_number,
            FEE_NAMES[invoice.kind],
            invoice.fee_year,
            invoice.municipality_code,
            invoice.name,
            invoice.issued_on,
            f"{part.number} av {len(invoice.instalments)}",
            part.due_on,
            part.amount,
        ]
        for invoice in invoices
        for part in invoice.instalments
    ]
    return list(INVOICE_HEADER), rows


LINE_HEADER = (
    "Fakturanummer",
    "Avgift",
    "Avgiftsår",
    "Kommunkod",
    "Kommun",
    "Fakturadatum",
    "Rad",
    "Avser",
    "Text",
    "Belopp",
)


def invoice_line_table(
    invoices: tuple[InvoiceView, ...],
) -> tuple[list[str], list[list[object]]]:
    """The invoices as a table of their lines (one row per line; an invoice without stored
    lines is one line of its whole amount), amounts in SEK, for ``write_table``."""
    rows: list[list[object]] = []
    for invoice in invoices:
        lines = invoice.lines or (InvoiceLineView(1, invoice.kind.value, "", invoice.amount),)
        rows.extend(
            [
                invoice.invoice_number,
                FEE_NAMES[invoice.kind],
                invoice.fee_year,
                invoice.municipality_code,
                invoice.name,
                invoice.issued_on,
                line.number,
                CHARGE_NAMES.get(line.kind, line.kind),
                line.text,
                line.amount,
            ]
            for line in lines
        )
    return list(LINE_HEADER), rows
