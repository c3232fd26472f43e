"""The operations plan document's tables, made once from the model for the HTML and the PDF: a
caption, column headings, and rows whose first cell names them (a row header), each row of a
kind (a line, a group heading, a subtotal, a total) that both renderers set apart.

Figures are written by ``operations_plan_text`` (tkr, kronor, full-time equivalents, per cent).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from samverka.association.plan.files.document_model import (
    Amounts,
    BoardDecision,
    Budget,
    BudgetUnit,
    Financing,
    MemberFees,
    OperationsPlanDocument,
    StaffAllocation,
)
from samverka.association.plan.files.document_text import (
    FINANCING_NAMES,
    fte,
    grouped,
    kronor,
    percent,
    tkr,
)


class RowKind(StrEnum):
    LINE = "line"
    GROUP = "group"  # a heading row: a unit's name, or a financing group's
    SUBTOTAL = "subtotal"  # a unit's net cost, a group's sum
    TOTAL = "total"  # the whole organisation, the sum of all members


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[str, ...]  # the first cell names the row
    kind: RowKind = RowKind.LINE


@dataclass(frozen=True, slots=True)
class Table:
    table_id: str
    caption: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    widths: tuple[int, ...]  # relative column widths, for the PDF

    def numeric(self, column: int) -> bool:
        """Every column but the first holds figures, right-aligned."""
        return column > 0


def focus_area_table(document: OperationsPlanDocument) -> Table:
    rows = [
        Row(
            (
                f"{area.name} (förutsättning)" if area.prerequisite else area.name,
                str(len(area.assignments)),
                grouped(area.planned_hours),
            )
        )
        for area in document.focus_areas or ()
    ]
    total = ("Summa", str(len(document.assignments)), grouped(document.planned_hours))
    shared = sum(len(area.assignments) for area in document.focus_areas or ()) > len(
        document.assignments
    )
    note = " (ett uppdrag för flera områden räknas en gång i summan)" if shared else ""
    return Table(
        "focus-areas",
        f"Fokusområden, uppdrag och planerade timmar {document.year}{note}",
        ("Fokusområde", "Uppdrag", "Planerade timmar"),
        (*rows, Row(total, RowKind.TOTAL)),
        (6, 2, 3),
    )


def budget_table(budget: Budget) -> Table:
    """Every unit's lines and net cost, grouped by financing, with the groups' sums and the
    whole organisation's; the current year's full-time equivalents beside each unit."""
    rows: list[Row] = []
    width = len(budget.years)
    for financing in Financing:
        units = budget.units_financed_by(financing)
        if not units:
            continue
        name = FINANCING_NAMES[financing]
        rows.append(Row((name.capitalize(), "", *[""] * width), RowKind.GROUP))
        for unit in units:
            rows.extend(_unit_rows(unit))
        rows.append(
            _sum_row(
                f"Nettokostnad {name}",
                budget.full_time_equivalents(financing),
                budget.net_cost(financing),
                RowKind.SUBTOTAL,
            )
        )
    rows.append(
        _sum_row(
            "Nettokostnad hela organisationen",
            budget.full_time_equivalents(),
            budget.net_cost(),
            RowKind.TOTAL,
        )
    )
    header = ("Enhet och post", "Årsarbetare", *budget.headings)
    return Table(
        "budget",
        f"Budget per enhet {budget.years[0]} bredvid {_earlier(budget.years)}, tkr",
        header,
        tuple(rows),
        (9, 3, *(3,) * width),
    )


def _earlier(years: Sequence[int]) -> str:
    earlier = [str(year) for year in years[1:]]
    if not earlier:
        return "inga tidigare år"
    return " och ".join([", ".join(earlier[:-1]), earlier[-1]] if len(earlier) > 1 else earlier)


def _unit_rows(unit: BudgetUnit) -> list[Row]:
    blank = [""] * len(unit.net_cost)
    rows = [Row((unit.name, fte(unit.full_time_equivalents[0]), *blank), RowKind.GROUP)]
    rows.extend(
        Row((line.label, "", *(tkr(amount) for amount in line.amounts))) for line in unit.lines
    )
    rows.append(Row(("Nettokostnad", "", *(tkr(a) for a in unit.net_cost)), RowKind.SUBTOTAL))
    return rows


def _sum_row(label: str, staff: Amounts, net_cost: Amounts, kind: RowKind) -> Row:
    return Row((label, fte(staff[0] if staff else None), *(tkr(a) for a in net_cost)), kind)


def staff_table(budget: Budget) -> Table:
    rows = [
        Row((unit.name, *(fte(v) for v in unit.full_time_equivalents))) for unit in budget.units
    ]
    for financing in Financing:
        if budget.units_financed_by(financing):
            label = f"Summa {FINANCING_NAMES[financing]}"
            amounts = budget.full_time_equivalents(financing)
            rows.append(Row((label, *(fte(v) for v in amounts)), RowKind.SUBTOTAL))
    whole = budget.full_time_equivalents()
    rows.append(Row(("Hela organisationen", *(fte(v) for v in whole)), RowKind.TOTAL))
    return Table(
        "staff",
        f"Årsarbetare per enhet {budget.years[0]} bredvid {_earlier(budget.years)}",
        ("Enhet", *(str(year) for year in budget.years)),
        tuple(rows),
        (9, *(3,) * len(budget.years)),
    )


def allocation_table(allocation: StaffAllocation) -> Table:
    names, without = allocation_categories(allocation)
    with_shares = {share.focus_area: share.percent for share in allocation.with_admission}
    rows = [
        Row((name, percent(with_shares.get(name)), percent(without.get(name)))) for name in names
    ]
    return Table(
        "allocation",
        f"Personalfördelning mellan fokusområden, med och utan {allocation.admission_office}",
        (
            "Fokusområde",
            f"Med {allocation.admission_office}",
            f"Utan {allocation.admission_office}",
        ),
        tuple(rows),
        (8, 4, 4),
    )


def allocation_categories(allocation: StaffAllocation) -> tuple[list[str], dict[str, Decimal]]:
    """The focus areas in the order of the view with the admission office, then any others."""
    names = [share.focus_area for share in allocation.with_admission]
    names += [s.focus_area for s in allocation.without_admission if s.focus_area not in names]
    return names, {share.focus_area: share.percent for share in allocation.without_admission}


def fee_table(fees: MemberFees, year: int) -> Table:
    rows = [
        Row(
            (
                f"{row.municipality} ({row.code})",
                kronor(row.service_fee),
                kronor(row.admission_fee),
                kronor(row.total),
            )
        )
        for row in fees.rows
    ]
    total = ("Summa", kronor(fees.service_fee), kronor(fees.admission_fee), kronor(fees.total))
    return Table(
        "fees",
        f"Avgift per medlemskommun {year}",
        ("Kommun", "Serviceavgift", "Antagningsavgift", "Summa"),
        (*rows, Row(total, RowKind.TOTAL)),
        (6, 4, 4, 4),
    )


def decision_table(decisions: Sequence[BoardDecision], year: int) -> Table:
    rows = [Row((d.decided_on.isoformat(), d.subject, d.decision)) for d in decisions]
    return Table(
        "decisions",
        f"Styrelsens beslut {year}",
        ("Datum", "Ärende", "Beslut"),
        tuple(rows),
        (3, 7, 8),
    )
