"""A file of the members' tax and grant revenue of one base year (skatteintäkter och generella
statsbidrag), the base of the service fee, as CSV.

Format: UTF-8 (with or without BOM), ``,`` or ``;`` between fields (the header decides), a
header with ``kommunkod`` (or ``municipality_code``) and ``intakter`` (or ``revenue``); other
columns (e.g. ``kommun``, the name) are ignored. The revenue is kronor with at most two
decimals, ``,`` or ``.`` as decimal mark, spaces between thousands allowed. Example::

    kommunkod;kommun;intakter
    0180;Stockholm;58 450 000 000
    0182;Nacka;6 311 340 000

Reading only checks the file's shape (encoding, header, no column twice under either of its
names), through the one CSV reader within ``REVENUE_FILE_LIMITS`` (docs/security.md, "Files
and limits": 1 MB, no lone carriage returns); the rows are checked against the member
municipalities by ``association.fees.domain.revenue_base.parse_revenue_rows``, which reports every
bad row (line numbers as in the file, the header on line 1).
"""

from __future__ import annotations

from typing import Final

from samverka.association.fees.domain.revenue_base import RevenueRow
from samverka.errors import N_, InvalidInput, RowError
from samverka.platform.files.csv_reader import read_csv
from samverka.platform.files.limits import MB, UPLOAD_LIMITS
from samverka.platform.files.table import folded, repeated_columns

CODE_COLUMNS: Final = ("kommunkod", "municipality_code")
REVENUE_COLUMNS: Final = ("intakter", "revenue")
MAXIMUM_BYTES: Final = 1 * MB
REVENUE_FILE_LIMITS: Final = UPLOAD_LIMITS.with_bytes(MAXIMUM_BYTES)


def _column(name: str) -> str:
    column = folded(name)
    if column in CODE_COLUMNS:
        return CODE_COLUMNS[0]
    return REVENUE_COLUMNS[0] if column in REVENUE_COLUMNS else column


def read_revenue_file(source: str, content: bytes) -> list[RevenueRow]:
    """The rows of the file (blank rows skipped); ``InvalidInput`` if its shape is wrong."""
    table = read_csv(source, content, REVENUE_FILE_LIMITS)
    repeated = repeated_columns(source, table.header, _column)
    if repeated:
        raise InvalidInput(list(repeated.values()))
    header = [_column(name) for name in table.header.cells]
    if CODE_COLUMNS[0] not in header or REVENUE_COLUMNS[0] not in header:
        reason = N_("Rubrikraden ska ha kolumnerna %(code)s och %(revenue)s.")
        wanted = {"code": CODE_COLUMNS[0], "revenue": REVENUE_COLUMNS[0]}
        raise InvalidInput([RowError(source, 1, "", reason, wanted)])
    at_code, at_revenue = header.index(CODE_COLUMNS[0]), header.index(REVENUE_COLUMNS[0])
    return [
        RevenueRow(row.line, row.cell(at_code), row.cell(at_revenue))
        for row in table.body
        if not row.blank
    ]
