"""The member fees' invoices as the pages, the API and the command line read them: each with
its municipality's name and its instalments, and as a table (one row per instalment) for CSV
and Excel files."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from samverka.adapters.db import member_fee_tables as f
from samverka.adapters.db import tables as t
from samverka.domain.association.fee_invoices import FeeKind
from samverka.queries.admission_statistics import Database


@dataclass(frozen=True, slots=True)
class InstalmentView:
    number: int
    due_on: date
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


def invoices_of(
    db: Database, decisions: list[tuple[FeeKind, int]], municipality: str | None = None
) -> tuple[InvoiceView, ...]:
    """The invoices of ``decisions`` (kind and id), of one municipality or of all."""
    if not decisions:
        return ()
    i, n, m = f.fee_invoice, f.fee_instalment, t.municipality
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
        )
        for row in rows
    )


INVOICE_HEADER = (
    "invoice_number",
    "fee",
    "fee_year",
    "municipality_code",
    "municipality",
    "issued_on",
    "amount",
    "instalment",
    "due_on",
    "instalment_amount",
)


def invoice_table(invoices: tuple[InvoiceView, ...]) -> tuple[list[str], list[list[object]]]:
    """The invoices as a table for ``write_table``: one row per instalment, amounts in SEK."""
    rows: list[list[object]] = [
        [
            invoice.invoice_number,
            invoice.kind.value,
            invoice.fee_year,
            invoice.municipality_code,
            invoice.name,
            invoice.issued_on,
            invoice.amount,
            part.number,
            part.due_on,
            part.amount,
        ]
        for invoice in invoices
        for part in invoice.instalments
    ]
    return list(INVOICE_HEADER), rows
