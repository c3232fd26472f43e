"""A custom allocation key as a CSV file: a header, then one row per municipality.

Columns ``municipality_code`` (or ``kommunkod``) and ``weight`` (or ``vikt``), separated by
commas or semicolons (a Swedish spreadsheet's export), UTF-8 with or without a byte-order mark.
This reads the shape only; ``domain.association.allocation_key`` checks every row.
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
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().casefold() for name in next(reader, [])]
    code_at = next((header.index(c) for c in CODE_COLUMNS if c in header), None)
    weight_at = next((header.index(c) for c in WEIGHT_COLUMNS if c in header), None)
    if code_at is None or weight_at is None:
        reason = "the header needs the columns municipality_code and weight"
        raise InvalidInput([RowError(source, 1, "header", reason)])
    rows, problems = [], []
    for line, fields in enumerate(reader, start=2):
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
    one whose name starts with ``population`` (e.g. ``population_2019_12_31``)."""
    text = data.decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    names = reader.fieldnames or []
    column = next((n for n in names if n.strip().casefold().startswith("population")), None)
    if "municipality_code" not in names or column is None:
        reason = "the header needs municipality_code and a population column"
        raise InvalidInput([RowError(source, 1, "header", reason)])
    figures: dict[str, int] = {}
    problems = []
    for line, row in enumerate(reader, start=2):
        value = (row.get(column) or "").replace(" ", "").replace("\xa0", "")
        if not value.isdigit():
            problems.append(RowError(source, line, column, f"{value!r} is not a whole number"))
            continue
        figures[(row.get("municipality_code") or "").strip()] = int(value)
    if problems:
        raise InvalidInput(problems)
    return figures
