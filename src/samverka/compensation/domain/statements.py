"""Statements per payer and per payee: the booked lines of one run month, summed, no pupil named.

A statement row sums the lines of one counterparty, school unit, programme, orientation,
purpose (the programme or a kind of tilläggsbelopp), payment or invoice, service month and
line kind; ``lines`` counts them (a reversal counts as one line of kind ``REVERSAL``). Each
row shows the parts apart: price (or tilläggsbelopp), structure supplement, administration
share and VAT share (skollagen 16 kap. 52–53 §§: the VAT share of an independent organiser's
grant is shown separately; ``organiser_shares``). The statement's total is the plain sum of
its rows, which is the plain sum of the lines: no rounding happens here (see
``monthly_compensation``). A statement always keeps the gross amounts per counterparty,
whatever the net settlement moves (``net_settlement``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from samverka.compensation.domain.month_lines import LineKind, LinePurpose, PupilMonthLine
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month

_ZERO = Decimal(0)
_RowKey = tuple[str, Organiser, str, str, str | None, LinePurpose, bool, Month, LineKind]


@dataclass(frozen=True, slots=True)
class StatementRow:
    payer: str
    payee: Organiser
    school_unit: str
    programme: str
    orientation: str | None
    service_month: Month
    kind: LineKind
    lines: int
    price_amount: Decimal
    supplement_amount: Decimal
    amount: Decimal
    admin_amount: Decimal = _ZERO
    vat_amount: Decimal = _ZERO
    purpose: LinePurpose = LinePurpose.PROGRAMME
    invoice: bool = False


@dataclass(frozen=True, slots=True)
class Statement:
    """What ``party`` (a municipality code for payers, an organiser for payees) pays or gets
    for the lines booked in ``booked_in``."""

    party: str | Organiser
    booked_in: Month
    rows: tuple[StatementRow, ...]

    @property
    def total(self) -> Decimal:
        return sum((row.amount for row in self.rows), _ZERO)

    @property
    def vat_total(self) -> Decimal:
        return sum((row.vat_amount for row in self.rows), _ZERO)

    @property
    def admin_total(self) -> Decimal:
        return sum((row.admin_amount for row in self.rows), _ZERO)


def payer_statements(lines: Iterable[PupilMonthLine], booked_in: Month) -> dict[str, Statement]:
    """One statement per payer (home municipality) for the lines booked in ``booked_in``."""
    grouped = _rows(lines, booked_in)
    parties: dict[str, list[StatementRow]] = {}
    for row in grouped:
        parties.setdefault(row.payer, []).append(row)
    return {p: Statement(p, booked_in, tuple(rows)) for p, rows in sorted(parties.items())}


def payee_statements(
    lines: Iterable[PupilMonthLine], booked_in: Month
) -> dict[Organiser, Statement]:
    """One statement per payee (organiser) for the lines booked in ``booked_in``."""
    grouped = _rows(lines, booked_in)
    parties: dict[Organiser, list[StatementRow]] = {}
    for row in grouped:
        parties.setdefault(row.payee, []).append(row)
    return {p: Statement(p, booked_in, tuple(rows)) for p, rows in sorted(parties.items())}


def statement_of_rows(
    party: str | Organiser, booked_in: Month, rows: Iterable[StatementRow]
) -> Statement:
    """``party``'s statement of rows already summed (by the database), in the order the
    statements of lines give them."""
    return Statement(party, booked_in, tuple(sorted(rows, key=_row_order)))


def _row_order(row: StatementRow) -> tuple[object, ...]:
    return _sort_key(
        (
            row.payer,
            row.payee,
            row.school_unit,
            row.programme,
            row.orientation,
            row.purpose,
            row.invoice,
            row.service_month,
            row.kind,
        )
    )


class _Sum:
    __slots__ = ("admin", "lines", "price", "supplement", "vat")

    def __init__(self) -> None:
        self.lines = 0
        self.price = _ZERO
        self.supplement = _ZERO
        self.admin = _ZERO
        self.vat = _ZERO


def _rows(lines: Iterable[PupilMonthLine], booked_in: Month) -> list[StatementRow]:
    sums: dict[_RowKey, _Sum] = {}
    for line in lines:
        if line.booked_in != booked_in:
            continue
        payer, payee, unit, programme, orientation, purpose, _ = line.key
        key = (
            payer, payee, unit, programme, orientation, purpose, line.invoice,
            line.service_month, line.kind,
        )  # fmt: skip
        entry = sums.get(key)
        if entry is None:
            entry = sums[key] = _Sum()
        entry.lines += 1
        entry.price += line.price_amount
        entry.supplement += line.supplement_amount
        entry.admin += line.admin_amount
        entry.vat += line.vat_amount
    rows = []
    for key in sorted(sums, key=_sort_key):
        entry = sums[key]
        payer, payee, unit, programme, orientation, purpose, invoice, month, kind = key
        rows.append(
            StatementRow(
                payer=payer,
                payee=payee,
                school_unit=unit,
                programme=programme,
                orientation=orientation,
                service_month=month,
                kind=kind,
                lines=entry.lines,
                price_amount=entry.price,
                supplement_amount=entry.supplement,
                amount=entry.price + entry.supplement + entry.admin + entry.vat,
                admin_amount=entry.admin,
                vat_amount=entry.vat,
                purpose=purpose,
                invoice=invoice,
            )
        )
    return rows


def _sort_key(key: _RowKey) -> tuple[object, ...]:
    payer, payee, unit, programme, orientation, purpose, invoice, month, kind = key
    # plain strings and ints only, so that sorting compares in C
    return (
        payer, payee.kind.value, payee.code, unit, programme, orientation or "",
        month.year, month.month, purpose.value != "programme", purpose.value, invoice,
        kind.value,
    )  # fmt: skip
