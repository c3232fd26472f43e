"""Writing tables (named sheets of a header and rows) as CSV or XLSX, streamed: the one writer of
every export on the pages, the API and the command line (issue 15 point 1, "Exports").

Every cell goes through ``platform.files.spreadsheet_cells``, so that no text is ever a formula
(issue 11 point 11; docs/security.md, "Files and limits"): numbers stay numbers (a negative
amount too), and a text starting with ``=``, ``+``, ``-``, ``@``, tab or CR is written as text.

The writers are linear and streaming: ``table_chunks`` gives the file as a sequence of byte
chunks while it pulls the rows, so memory stays constant whatever the number of rows, and a
download whose client goes away stops being written (``platform.web.downloads``); a file is
written from the same chunks (``write_table``), so a download and a file are the same bytes.

Formats (``FileFormat``, docs/formats.md, "Exports"):

* ``csv`` (the default on the pages): CSV for Excel with Swedish settings, which opens it with a
  double-click: UTF-8 with a byte-order mark, ``;`` between fields, a decimal comma
  (``-1250,50``), ``ja``/``nej`` for truth values, ISO 8601 dates (a moment in Swedish time,
  with its offset), ``\\r\\n`` line ends, a ``'`` before a text that starts like a formula.
* ``csv-maskin``: the machine-readable CSV for other programs: plain UTF-8 without a byte-order
  mark, ``,`` between fields, ``.`` as decimal point, ``true``/``false``, ISO 8601, ``\\n`` line
  ends. The machine form stays a format of its own, because programs that read our files
  (and the command line's files named ``.csv`` without a format) expect it; ``write_table``
  without a format writes it for a ``.csv`` path.
* ``xlsx``: an Excel workbook, one named sheet per table (the caller names it; a second sheet
  such as "Summa" holds what does not belong among the rows), a bold, frozen header row;
  numbers are number cells, every text a text cell (``inlineStr``: never a formula or an error
  value; one that starts like a formula carries Excel's quote-prefix mark), dates are date
  cells, times with a time zone ISO 8601 text (Excel has no time zones). Columns are as wide as
  their heading and the first 500 rows need (12 to 60 characters) unless the caller gives
  widths. CSV holds the first sheet only.

Why XLSX is written here and not by openpyxl: openpyxl's write-only workbook (the constant-
memory writer) took 4.1 s for the 25,000 rows of a round's admitted list, too slow for the 2 s
target; the package written here is the same SpreadsheetML openpyxl writes (inline strings, one
style sheet), streamed through ``zipfile`` with fixed member times, so the same table gives the
same bytes. The tests read every workbook back with openpyxl.

A file is written to a temporary name beside it and moved into place when complete, so a
failure never leaves half a table behind. Every row must have as many values as the header.
"""

from __future__ import annotations

import io
import math
import os
import re
import uuid
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from itertools import chain, islice
from pathlib import Path
from typing import Final
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

from samverka.platform.files.spreadsheet_cells import FORMULA_TRIGGERS, csv_writer, xlsx_value

SUFFIXES: Final = (".csv", ".xlsx")


class FileFormat(StrEnum):
    """The formats a table is exported in; the value is that of the ``format`` parameter of
    every export on the pages and the API (and ``--format`` on the command line)."""

    CSV = "csv"
    CSV_MACHINE = "csv-maskin"
    XLSX = "xlsx"

    @property
    def suffix(self) -> str:
        return ".xlsx" if self is FileFormat.XLSX else ".csv"

    @property
    def media_type(self) -> str:
        if self is FileFormat.XLSX:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return "text/csv; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Sheet:
    """One table: its sheet's name in a workbook, its header and its rows (pulled once)."""

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[object]]
    widths: Sequence[int] | None = field(default=None)


_MAX_WIDTH: Final = 60
_MIN_WIDTH: Final = 12
_BATCH: Final = 500  # rows per chunk
_NOT_IN_SHEET_NAME: Final = re.compile(r"[\[\]:*?/\\]")
_NOT_IN_XML: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_XML_SPECIAL: Final = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f]")
# A text that needs more than a plain text cell: escaping, a quote prefix, kept spaces.
_NOT_PLAIN: Final = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f]|^[=+\-@\s]|\s$")


def write_table(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    file_format: FileFormat | None = None,
    sheet: str = "Blad1",
    more: Sequence[Sheet] = (),
) -> None:
    """Write ``header`` and ``rows`` (and the sheets ``more``, in XLSX) to ``path``; without a
    format, the suffix chooses (``.csv`` the machine form, ``.xlsx``); ``ValueError`` for
    another suffix."""
    chosen = file_format or _format_of(path)
    with _replaced_when_done(path) as staged, staged.open("wb") as handle:
        for chunk in table_chunks(chosen, Sheet(sheet, header, rows), *more):
            handle.write(chunk)


def _format_of(path: Path) -> FileFormat:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return FileFormat.CSV_MACHINE
    if suffix == ".xlsx":
        return FileFormat.XLSX
    raise ValueError(f"cannot write {path.name}: the suffix must be one of {', '.join(SUFFIXES)}")


def table_chunks(file_format: FileFormat, first: Sheet, *more: Sheet) -> Iterator[bytes]:
    """The file of the sheets in ``file_format`` as byte chunks, written while the rows are
    pulled (CSV holds the first sheet only). Some chunks may be empty: a point where a
    consumer may stop pulling."""
    if file_format is FileFormat.XLSX:
        return _xlsx_chunks((first, *more))
    return _csv_chunks(first, swedish=file_format is FileFormat.CSV)


def _checked(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[Sequence[object]]:
    for number, row in enumerate(rows, start=1):
        if len(row) != len(header):
            raise ValueError(f"row {number} has {len(row)} values, the header {len(header)}")
        yield row


@contextmanager
def _replaced_when_done(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, moved onto it when the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(f".{path.stem}.{uuid.uuid4().hex[:12]}.part{path.suffix}")
    try:
        yield staged
        os.replace(staged, path)
    finally:
        staged.unlink(missing_ok=True)


# -- CSV ------------------------------------------------------------------------------------
def _csv_chunks(sheet: Sheet, *, swedish: bool) -> Iterator[bytes]:
    text = io.StringIO()
    if swedish:
        writer = csv_writer(text, delimiter=";", lineterminator="\r\n", swedish=True)
        text.write("\ufeff")
    else:
        writer = csv_writer(text, lineterminator="\n")
    writer.writerow(sheet.header)
    for number, row in enumerate(_checked(sheet.header, sheet.rows), start=1):
        writer.writerow(row)
        if number % _BATCH == 0:
            yield _drained(text)
    yield _drained(text)


def _drained(text: io.StringIO) -> bytes:
    data = text.getvalue().encode("utf-8")
    text.seek(0)
    text.truncate()
    return data


# -- XLSX -----------------------------------------------------------------------------------
_MAIN: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML: Final = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EPOCH: Final = datetime(1899, 12, 30)
# Cell styles (cellXfs): 0 plain, 1 bold (the header), 2 date, 3 date and time, 4 time,
# 5 text with Excel's quote prefix (a text that starts like a formula).
_BOLD, _DATE, _DATETIME, _TIME, _QUOTED = 1, 2, 3, 4, 5
_STYLES: Final = (
    _XML + f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="21" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


class _Sink:
    """What the zip writes to: collected until drained (a stream that cannot seek)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def _member(name: str) -> zipfile.ZipInfo:
    """A zip member with a fixed time, so that the same table gives the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _xlsx_chunks(sheets: Sequence[Sheet]) -> Iterator[bytes]:
    names = [_sheet_name(sheet.name) for sheet in sheets]
    if len({name.casefold() for name in names}) != len(names):
        raise ValueError("two sheets of one workbook have the same name")
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for name, text in _package_parts(names):
            package.writestr(_member(name), text)
        yield sink.drain()
        for number, sheet in enumerate(sheets, start=1):
            with package.open(_member(f"xl/worksheets/sheet{number}.xml"), "w") as part:
                for text in _sheet_xml(sheet):
                    part.write(text.encode("utf-8"))
                    yield sink.drain()
    yield sink.drain()


def _sheet_name(name: str) -> str:
    if not name or len(name) > 31 or _NOT_IN_SHEET_NAME.search(name) or name[0] == "'":
        raise ValueError(f"{name!r} cannot name a sheet (1–31 characters, none of []:*?/\\)")
    return name


def _package_parts(names: Sequence[str]) -> list[tuple[str, str]]:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(names) + 1)
    )
    content_types = (
        _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{sheets}</Types>"
    )
    root_rels = (
        _XML + f'<Relationships xmlns="{_PACKAGE_RELS}">'
        f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        _XML + f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
        '<bookViews><workbookView activeTab="0"/></bookViews><sheets>'
        + "".join(
            f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
            for n, name in enumerate(names, start=1)
        )
        + "</sheets></workbook>"
    )
    workbook_rels = (
        _XML
        + f'<Relationships xmlns="{_PACKAGE_RELS}">'
        + "".join(
            f'<Relationship Id="rId{n}" Type="{_RELATIONSHIPS}/worksheet" '
            f'Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(names) + 1)
        )
        + f'<Relationship Id="rId{len(names) + 1}" Type="{_RELATIONSHIPS}/styles" '
        'Target="styles.xml"/></Relationships>'
    )
    return [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", root_rels),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", workbook_rels),
        ("xl/styles.xml", _STYLES),
    ]


def _sheet_xml(sheet: Sheet) -> Iterator[str]:
    """The worksheet's XML in pieces of ``_BATCH`` rows."""
    header = list(sheet.header)
    letters = [get_column_letter(n) for n in range(1, len(header) + 1)]
    rows = _checked(header, sheet.rows)
    first = list(islice(rows, _BATCH))  # the columns are as wide as the first rows need
    widths = sheet.widths or _widths(header, first)
    columns = "".join(
        f'<col min="{n}" max="{n}" width="{min(width, _MAX_WIDTH)}" customWidth="1"/>'
        for n, width in enumerate(widths, start=1)
    )
    head = (
        _XML + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{columns}</cols>" if columns else "")
        + "<sheetData>"
    )
    yield head + _row_xml(1, header, letters, bold=True)
    batch: list[str] = []
    for number, row in enumerate(chain(first, rows), start=2):
        batch.append(_row_xml(number, row, letters))
        if len(batch) == _BATCH:
            yield "".join(batch)
            batch.clear()
    yield "".join(batch) + "</sheetData></worksheet>"


def _widths(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[int]:
    widths = [max(len(name), _MIN_WIDTH - 2) for name in header]
    for row in rows:
        for column, value in enumerate(row):
            if value is not None:
                widths[column] = max(widths[column], len(str(value)))
    return [width + 2 for width in widths]


def _row_xml(number: int, row: Sequence[object], letters: Sequence[str], bold: bool = False) -> str:
    """One ``<row>``; a cell carries its reference only after an empty one (the others follow
    on, as SpreadsheetML allows), which keeps the file small and quick to write."""
    parts = ["<row>"]
    append = parts.append
    gap = False
    for letter, value in zip(letters, row, strict=True):
        if value is None:
            gap = True
            continue
        at = f' r="{letter}{number}"' if gap else ""
        gap = False
        if isinstance(value, str):
            if bold or _NOT_PLAIN.search(value):
                append(_text_xml(at, value, bold))
            else:
                append(f'<c{at} t="inlineStr"><is><t>{value}</t></is></c>')
        elif type(value) is int or (isinstance(value, Decimal) and value.is_finite()):
            append(f"<c{at}><v>{value}</v></c>")
        else:
            append(_cell_xml(at, value, bold))
    append("</row>")
    return "".join(parts)


def _cell_xml(at: str, value: object, bold: bool) -> str:
    stored = xlsx_value(value) if not isinstance(value, Decimal) else value
    if isinstance(stored, str):
        return _text_xml(at, stored, bold)
    if isinstance(stored, bool):
        return f'<c{at} t="b"><v>{int(stored)}</v></c>'
    if isinstance(stored, int):
        return f"<c{at}><v>{stored}</v></c>"
    if isinstance(stored, Decimal):
        return f"<c{at}><v>{stored}</v></c>" if stored.is_finite() else ""
    if isinstance(stored, float):
        return f"<c{at}><v>{stored!r}</v></c>" if math.isfinite(stored) else ""
    if isinstance(stored, datetime) and stored.tzinfo is None:
        return f'<c{at} s="{_DATETIME}"><v>{_serial(stored)!r}</v></c>'
    if isinstance(stored, date) and not isinstance(stored, datetime):
        return f'<c{at} s="{_DATE}"><v>{(stored - _EPOCH.date()).days}</v></c>'
    if isinstance(stored, time) and stored.tzinfo is None:
        seconds = stored.hour * 3600 + stored.minute * 60 + stored.second
        serial = (seconds + stored.microsecond / 1e6) / 86400
        return f'<c{at} s="{_TIME}"><v>{serial!r}</v></c>'
    return _text_xml(at, str(stored), bold)


def _text_xml(at: str, text: str, bold: bool) -> str:
    """A text cell (``inlineStr``): never a formula or an error value."""
    if _XML_SPECIAL.search(text):
        text = escape(_NOT_IN_XML.sub("\ufffd", text))
    style = _BOLD if bold else _QUOTED if text.startswith(FORMULA_TRIGGERS) else 0
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    styled = f' s="{style}"' if style else ""
    return f'<c{at}{styled} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _serial(moment: datetime) -> float:
    delta = moment - _EPOCH
    return delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
