"""A file of the members' tax and grant revenue of one base year (skatteintäkter och generella
statsbidrag), the base of the service fee, as CSV.

Format: UTF-8 (with or without BOM), ``,`` or ``;`` between fields (the header decides), a
header with ``kommunkod`` (or ``municipality_code``) and ``intakter`` (or ``revenue``); other
columns (e.g. ``kommun``, the name) are ignored. The revenue is kronor with at most two
decimals, ``,`` or ``.`` as decimal mark, spaces between thousands allowed. Example::

    kommunkod;kommun;intakter
    0180;Stockholm;58 450 000 000
    0182;Nacka;6 311 340 000

Reading only checks the file's shape (encoding, header); the rows are checked against the
member municipalities by ``domain.association.revenue_base.parse_revenue_rows``, which reports
every bad row (line numbers as in the file, the header on line 1).
"""

from __future__ import annotations

import csv
import io
from typing import Final

from samverka.domain.association.revenue_base import RevenueRow
from samverka.errors import InvalidInput, RowError

CODE_COLUMNS: Final = ("kommunkod", "municipality_code")
REVENUE_COLUMNS: Final = ("intakter", "revenue")
MAXIMUM_BYTES: Final = 1_000_000


def _column(header: list[str], names: tuple[str, ...]) -> str | None:
    return next((name for name in names if name in header), None)


def _field(fields: list[str], index: int) -> str:
    return fields[index].strip() if index < len(fields) else ""


def read_revenue_file(source: str, content: bytes) -> list[RevenueRow]:
    """The rows of the file (blank rows skipped); ``InvalidInput`` if its shape is wrong."""
    if len(content) > MAXIMUM_BYTES:
        raise InvalidInput([RowError(source, 0, "", "the file is larger than 1 MB")])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput([RowError(source, 0, "", "the file is not UTF-8 text")]) from None
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if ";" in first else ",")
    header = [name.strip().lower() for name in next(reader, [])]
    code, revenue = _column(header, CODE_COLUMNS), _column(header, REVENUE_COLUMNS)
    if code is None or revenue is None:
        wanted = f"{CODE_COLUMNS[0]} and {REVENUE_COLUMNS[0]}"
        raise InvalidInput([RowError(source, 1, "", f"the header must name the columns {wanted}")])
    at_code, at_revenue = header.index(code), header.index(revenue)
    rows = []
    for fields in reader:
        if not any(field.strip() for field in fields):
            continue
        line = reader.line_num
        rows.append(RevenueRow(line, _field(fields, at_code), _field(fields, at_revenue)))
    return rows
