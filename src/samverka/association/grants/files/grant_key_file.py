"""A custom allocation key as a CSV file: a header, then one row per municipality; and the
members' population figures.

Key: columns ``municipality_code`` (or ``kommunkod``) and ``weight`` (or ``vikt``), separated by
commas or semicolons (a Swedish spreadsheet's export), UTF-8 with or without a byte-order mark.
This reads the shape only; ``association.grants.domain.allocation_key`` checks every row.

Population figures: ``municipality_code`` and one column whose name starts with ``population``
(e.g. ``population_2019_12_31``); each figure a whole number 0–``MAXIMUM_POPULATION`` (ten
million: more than any municipality, and a database integer holds it), each municipality once.

Both are read by the one CSV reader within ``KEY_FILE_LIMITS`` (docs/security.md, "Files and
limits": 1 MB, no lone carriage returns, no column twice under either of its names); issue 11
point 6.
"""

from __future__ import annotations

from typing import Final

from samverka.errors import N_, BadValue, InvalidInput, RowError
from samverka.platform.domain.numbers import parse_whole_number
from samverka.platform.files.csv_reader import read_csv
from samverka.platform.files.limits import MB, UPLOAD_LIMITS
from samverka.platform.files.table import Table, folded, repeated_columns

CODE_COLUMNS: Final = ("municipality_code", "kommunkod")
WEIGHT_COLUMNS: Final = ("weight", "vikt")
KEY_FILE_LIMITS: Final = UPLOAD_LIMITS.with_bytes(1 * MB)
MAXIMUM_POPULATION: Final = 10_000_000


def _key_column(name: str) -> str:
    column = folded(name)
    if column in CODE_COLUMNS:
        return CODE_COLUMNS[0]
    return WEIGHT_COLUMNS[0] if column in WEIGHT_COLUMNS else column


def _read(data: bytes, source: str) -> Table:
    return read_csv(source, data, KEY_FILE_LIMITS)


def read_key_rows(data: bytes, source: str) -> list[tuple[int, str, str]]:
    """(line, code, weight text) of every data row; ``InvalidInput`` when the shape is wrong."""
    table = _read(data, source)
    repeated = repeated_columns(source, table.header, _key_column)
    if repeated:
        raise InvalidInput(list(repeated.values()))
    header = [_key_column(name) for name in table.header.cells]
    if CODE_COLUMNS[0] not in header or WEIGHT_COLUMNS[0] not in header:
        reason = N_("Rubrikraden behöver kolumnerna municipality_code och weight.")
        raise InvalidInput([RowError(source, 1, "header", reason)])
    code_at, weight_at = header.index(CODE_COLUMNS[0]), header.index(WEIGHT_COLUMNS[0])
    rows, problems = [], []
    for row in table.body:
        if row.blank:
            continue
        if len(row.cells) <= max(code_at, weight_at):
            problems.append(RowError(source, row.line, "", N_("Raden har för få kolumner.")))
            continue
        rows.append((row.line, row.cells[code_at], row.cells[weight_at]))
    if problems:
        raise InvalidInput(problems)
    return rows


def read_population_figures(data: bytes, source: str) -> dict[str, int]:
    """Population per municipality from a CSV file with the columns ``municipality_code`` and
    one whose name starts with ``population`` (e.g. ``population_2019_12_31``)."""
    table = _read(data, source)
    repeated = repeated_columns(source, table.header)
    if repeated:
        raise InvalidInput(list(repeated.values()))
    names = [folded(name) for name in table.header.cells]
    columns = [at for at, name in enumerate(names) if name.startswith("population")]
    if "municipality_code" not in names or not columns:
        reason = N_("Rubrikraden behöver municipality_code och en kolumn population.")
        raise InvalidInput([RowError(source, 1, "header", reason)])
    if len(columns) > 1:
        written = table.header.cells[columns[1]]
        reason = N_("Rubrikraden har mer än en kolumn population: behåll en av dem.")
        raise InvalidInput([RowError(source, table.header.line, written, reason)])
    code_at, figure_at = names.index("municipality_code"), columns[0]
    column = table.header.cells[figure_at]
    figures: dict[str, int] = {}
    first_line: dict[str, int] = {}
    problems = []
    for row in table.body:
        if row.blank:
            continue
        code = row.cell(code_at)
        try:
            figure = parse_whole_number(row.cell(figure_at), minimum=0, maximum=MAXIMUM_POPULATION)
        except BadValue as error:
            problems.append(RowError(source, row.line, column, error.text, error.parameters))
            continue
        first = first_line.setdefault(code, row.line)
        if first != row.line:
            reason = N_("Kommunen %(code)s anges två gånger (även på rad %(first)s).")
            parameters = {"code": repr(code), "first": first}
            problems.append(RowError(source, row.line, "municipality_code", reason, parameters))
        figures[code] = figure
    if problems:
        raise InvalidInput(problems)
    return figures
