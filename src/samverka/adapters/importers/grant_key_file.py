"""A custom allocation key as a CSV file: a header, then one row per municipality.

Columns ``municipality_code`` (or ``kommunkod``) and ``weight`` (or ``vikt``), separated by
commas or semicolons (a Swedish spreadsheet's export), UTF-8 with or without a byte-order mark,
lines ended as on any system (LF, CRLF or a lone CR). This reads the shape only;
``domain.association.allocation_key`` checks every row. A file the CSV reader cannot read (a
field beyond its limit, say) is refused with the line where reading stopped; every row is
numbered by the line it starts on.
"""

from __future__ import annotations

import csv
import io

from samverka.errors import InvalidInput, RowError

CODE_COLUMNS = ("municipality_code", "kommunkod")
WEIGHT_COLUMNS = ("weight", "vikt")


def read_key_rows(data: bytes, source: str) -> list[tuple[int, str, str]]:
    """(line, code, weight text) of every data row; ``InvalidInput`` when the shape is wrong."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput([RowError(source, 0, "", "the file is not UTF-8 text")]) from None
    first = next(iter(text.splitlines()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    lines = _csv_lines(text, delimiter, source)
    header = [name.strip().casefold() for name in (lines[0][1] if lines else [])]
    code_at = next((header.index(c) for c in CODE_COLUMNS if c in header), None)
    weight_at = next((header.index(c) for c in WEIGHT_COLUMNS if c in header), None)
    if code_at is None or weight_at is None:
        reason = "the header needs the columns municipality_code and weight"
        raise InvalidInput([RowError(source, 1, "header", reason)])
    rows, problems = [], []
    for line, fields in lines[1:]:
        if not any(field.strip() for field in fields):
            continue
        if len(fields) <= max(code_at, weight_at):
            problems.append(RowError(source, line, "", "too few columns"))
            continue
        rows.append((line, fields[code_at], fields[weight_at]))
    if problems:
        raise InvalidInput(problems)
    return rows


def read_population_figures(data: bytes, source: str) -> dict[str, int]:
    """Population per municipality from a CSV file with the columns ``municipality_code`` and
    one whose name starts with ``population`` (e.g. ``population_2019_12_31``); a figure is
    written with the digits 0–9, spaces allowed between them."""
    text = data.decode("utf-8-sig", errors="replace")
    lines = _csv_lines(text, ",", source)
    names = lines[0][1] if lines else []
    column = next((n for n in names if n.strip().casefold().startswith("population")), None)
    if "municipality_code" not in names or column is None:
        reason = "the header needs municipality_code and a population column"
        raise InvalidInput([RowError(source, 1, "header", reason)])
    code_at, figure_at = names.index("municipality_code"), names.index(column)
    figures: dict[str, int] = {}
    problems = []
    for line, fields in lines[1:]:
        if not fields:
            continue
        value = _field(fields, figure_at).replace(" ", "").replace("\xa0", "")
        if not (value.isascii() and value.isdigit()):
            problems.append(RowError(source, line, column, f"{value!r} is not a whole number"))
            continue
        figures[_field(fields, code_at).strip()] = int(value)
    if problems:
        raise InvalidInput(problems)
    return figures


def _csv_lines(text: str, delimiter: str, source: str) -> list[tuple[int, list[str]]]:
    """Every record of ``text`` with the line it starts on; ``InvalidInput`` naming the line
    where the CSV reader stopped if it cannot read the file."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = []
    start = 1
    try:
        for fields in reader:
            records.append((start, fields))
            start = reader.line_num + 1
    except csv.Error as error:
        reason = f"the file is not a readable CSV file ({error})"
        raise InvalidInput([RowError(source, reader.line_num, "", reason)]) from None
    return records


def _field(fields: list[str], at: int) -> str:
    return fields[at] if at < len(fields) else ""
