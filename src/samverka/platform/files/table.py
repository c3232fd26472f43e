"""A table read from a CSV file or a workbook's sheet: its rows of text cells with their lines,
and the one check of a header every reader makes: no column twice.

Source: issue 11 point 6 (a repeated column is a row error, never a silent choice of one of
them). Names are compared as the reader's ``key`` makes them (by default without surrounding
blanks and case), so ``Namn`` and ``namn`` are the same column; a reader that takes aliases
(``kommunkod`` or ``municipality_code``) passes a key that maps them to one name. Empty header
cells are not names and may repeat.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from samverka.errors import N_, InvalidInput, RowError


@dataclass(frozen=True, slots=True)
class TableRow:
    """One record: the line it starts on (the header is usually line 1) and its cells, each
    without surrounding blanks."""

    line: int
    cells: tuple[str, ...]

    @property
    def blank(self) -> bool:
        return not any(self.cells)

    def cell(self, position: int) -> str:
        return self.cells[position] if position < len(self.cells) else ""


@dataclass(frozen=True, slots=True)
class Table:
    """The rows of one CSV file or sheet, the header first; ``sheet`` is the sheet's title."""

    source: str
    rows: tuple[TableRow, ...]
    sheet: str | None = None

    @property
    def header(self) -> TableRow:
        return self.rows[0] if self.rows else TableRow(1, ())

    @property
    def body(self) -> tuple[TableRow, ...]:
        return self.rows[1:]


def folded(name: str) -> str:
    return name.strip().casefold()


def repeated_columns(
    source: str, header: TableRow, key: Callable[[str], str] = folded
) -> dict[int, RowError]:
    """Every header cell naming a column already named to its left, by its position."""
    first: dict[str, str] = {}
    repeated: dict[int, RowError] = {}
    for position, name in enumerate(header.cells):
        if not name.strip():
            continue
        column = key(name)
        if column in first:
            reason = N_("Kolumnen %(column)s står två gånger i rubrikraden.")
            column_name = {"column": repr(first[column])}
            repeated[position] = RowError(source, header.line, name, reason, column_name)
        else:
            first[column] = name
    return repeated


def column_names(
    table: Table, key: Callable[[str], str] = folded, *, source: str | None = None
) -> list[str]:
    """The header's names as ``key`` makes them; ``InvalidInput`` if a column is named twice."""
    repeated = repeated_columns(source or table.source, table.header, key)
    if repeated:
        raise InvalidInput(list(repeated.values()))
    return [key(name) if name.strip() else "" for name in table.header.cells]


def refuse_extra_cells(source: str, rows: Sequence[TableRow], width: int) -> list[RowError]:
    """A row with text right of the header's last column: it belongs to no column."""
    return [
        RowError(source, row.line, "", N_("Raden har fler celler än rubrikraden."))
        for row in rows
        if any(row.cells[width:])
    ]
