"""An Excel workbook is checked as a zip archive before openpyxl opens it, and read within
limits: a zip bomb, too many parts, a sheet declaring or holding too many rows or columns, an
XML entity bomb and a lying archive are each refused with one row error, never a traceback.

Source: issue 11 point 6; Apache POI's ZipSecureFile (at most 100-fold inflation past 100 KB);
OWASP XML External Entity Prevention Cheat Sheet; docs/security.md, "Files and limits".
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterator

import openpyxl
import pytest
from in_english import in_english

from samverka.association.plan.files.budget_file import read_budget_file
from samverka.errors import InvalidInput
from samverka.platform.files import xlsx_reader
from samverka.platform.files.limits import UPLOAD_LIMITS, FileLimits
from samverka.platform.files.xlsx_reader import read_xlsx

SHEET = "xl/worksheets/sheet1.xml"
ROW = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'


def workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewritten(content: bytes, member: str, change: dict[bytes, bytes]) -> bytes:
    """``content`` with ``member``'s text changed, every other member copied as it is."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == member:
                for old, new in change.items():
                    data = re.sub(old, new, data)
            target.writestr(info.filename, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A workbook whose one sheet is 300 MB of repeated rows, deflated to under 1 MB."""
    base = zipfile.ZipFile(io.BytesIO(workbook([["x"]])))
    buffer = io.BytesIO()
    chunk = ROW * (1024 * 1024 // len(ROW))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in base.infolist():
            if info.filename != SHEET:
                bomb.writestr(info.filename, base.read(info))
        with bomb.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/')
            sheet.write(b'2006/main"><sheetData>')
            for _ in range(300):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


@pytest.fixture
def nothing_inflated(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fails the test if any member is opened (inflated) or openpyxl is called at all; the
    workbooks the test reads are made before it takes effect."""
    calls: list[str] = []

    def refuse_open(*args: object, **kwargs: object) -> None:
        calls.append("zip member opened")
        raise AssertionError("a member was inflated")

    def refuse_openpyxl(*args: object, **kwargs: object) -> None:
        calls.append("openpyxl called")
        raise AssertionError("openpyxl was called")

    monkeypatch.setattr(zipfile.ZipFile, "open", refuse_open)
    monkeypatch.setattr(xlsx_reader.openpyxl, "load_workbook", refuse_openpyxl)
    yield calls
    assert calls == []


def _reasons(content: bytes, limits: FileLimits = UPLOAD_LIMITS) -> list[str]:
    with pytest.raises(InvalidInput) as refused:
        read_xlsx("fil.xlsx", content, limits)
    return [in_english(error) for error in refused.value.errors]


def test_a_one_megabyte_zip_bomb_is_refused_from_its_directory_without_inflating_a_byte(
    zip_bomb: bytes, nothing_inflated: list[str]
) -> None:
    assert len(zip_bomb) < 1024 * 1024
    assert zipfile.ZipFile(io.BytesIO(zip_bomb)).getinfo(SHEET).file_size > 300_000_000

    [reason] = _reasons(zip_bomb)

    assert reason.startswith(f"the part {SHEET} unpacks ")
    assert "at most 100-fold is read (a zip bomb?)" in reason


def test_the_importers_refuse_the_zip_bomb_through_the_same_reader(
    zip_bomb: bytes, nothing_inflated: list[str]
) -> None:
    with pytest.raises(InvalidInput, match="högst 100 gånger läses"):
        read_budget_file("budget.xlsx", zip_bomb)


@pytest.fixture(scope="module")
def small_workbook() -> bytes:
    return workbook([["namn"], ["Alva"]])


def test_a_workbook_unpacking_beyond_the_limit_is_refused_before_it_is_opened(
    small_workbook: bytes, nothing_inflated: list[str]
) -> None:
    limits = FileLimits(maximum_uncompressed_bytes=10_000)

    [reason] = _reasons(small_workbook, limits)

    assert reason.startswith("the workbook unpacks to ")
    assert reason.endswith("at most 10000 bytes are read")


def test_a_workbook_of_more_parts_than_the_limit_is_refused(
    small_workbook: bytes, nothing_inflated: list[str]
) -> None:
    assert _reasons(small_workbook, FileLimits(maximum_members=5)) == [
        "the workbook has 9 parts; at most 5 are read"
    ]


def test_a_workbook_larger_than_the_limit_is_refused_before_its_directory_is_read() -> None:
    content = workbook([["namn"]])
    limits = FileLimits(maximum_bytes=len(content) - 1)

    assert _reasons(content, limits) == [
        f"the file is larger than {len(content) - 1} bytes, the most that is read"
    ]


def test_a_sheet_declaring_a_million_rows_is_refused_before_openpyxl_opens_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    content = rewritten(
        workbook([["namn"]]), SHEET, {rb'<dimension ref="[^"]*"': b'<dimension ref="A1:XFD1048576"'}
    )
    monkeypatch.setattr(xlsx_reader.openpyxl, "load_workbook", pytest.fail)

    assert _reasons(content) == [
        f"the sheet {SHEET} declares 1048576 rows and 16384 columns; "
        "at most 100000 rows and 200 columns are read"
    ]


def test_rows_beyond_the_limit_stop_the_reading_when_the_sheet_hides_its_size() -> None:
    rows: list[list[object]] = [[f"rad {number}"] for number in range(1, 61)]
    content = rewritten(workbook(rows), SHEET, {rb"<dimension[^>]*/>": b""})

    assert _reasons(content, FileLimits(maximum_rows=50)) == [
        "the sheet 'Sheet' has more than 50 rows, the most read"
    ]


def test_a_row_wider_than_the_limit_is_refused_but_empty_cells_at_its_end_do_not_count() -> None:
    limits = FileLimits(maximum_columns=3)
    trailing = rewritten(
        workbook([["a", "b", "c", None, None]]), SHEET, {rb"<dimension[^>]*/>": b""}
    )
    [table] = read_xlsx("fil.xlsx", trailing, limits)
    assert table.rows[0].cells == ("a", "b", "c")

    wide = rewritten(workbook([["a", "b", "c", "d"]]), SHEET, {rb"<dimension[^>]*/>": b""})
    assert _reasons(wide, limits) == ["the row has 4 cells; at most 3 are read"]


def test_a_cell_longer_than_the_limit_is_reported_with_its_line_and_column() -> None:
    content = workbook([["namn", "kommun"], ["Alva", "x" * 1001]])

    with pytest.raises(InvalidInput) as refused:
        read_xlsx("fil.xlsx", content, UPLOAD_LIMITS)

    assert [(e.line, e.field, in_english(e)) for e in refused.value.errors] == [
        (2, "kommun", "cell 2 holds 1001 characters; at most 1000 are read")
    ]


def test_an_xml_entity_bomb_is_refused_as_unreadable_because_entities_are_forbidden() -> None:
    assert openpyxl.DEFUSEDXML is True  # openpyxl parses through defusedxml
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    content = rewritten(workbook([["namn"]]), SHEET, {rb"^": laughs, rb"namn": b"&lol3;"})

    [reason] = _reasons(content)

    assert reason.startswith("the file is not a readable Excel workbook")


def test_a_part_that_lies_about_its_size_is_refused_as_unreadable_not_inflated() -> None:
    content = bytearray(workbook([[f"rad {number}"] for number in range(2000)]))
    declared = struct.pack("<I", 200)  # the sheet is many times larger than it says
    offset = zipfile.ZipFile(io.BytesIO(bytes(content))).getinfo(SHEET).header_offset
    content[offset + 22 : offset + 26] = declared  # the local header's uncompressed size
    entry = content.find(b"PK\x01\x02")  # the central directory's entries
    while entry >= 0:
        name_length = struct.unpack("<H", content[entry + 28 : entry + 30])[0]
        if content[entry + 46 : entry + 46 + name_length] == SHEET.encode():
            content[entry + 24 : entry + 28] = declared
        entry = content.find(b"PK\x01\x02", entry + 4)

    [reason] = _reasons(bytes(content))

    assert reason.startswith("the file is not a readable Excel workbook")
    assert "CRC" in reason


def test_a_file_that_is_not_a_zip_archive_is_refused_as_unreadable() -> None:
    [reason] = _reasons(b"PK\x03\x04 not really a zip archive")
    assert reason.startswith("the file is not a readable Excel workbook")


def test_numbers_and_truth_values_are_read_as_text() -> None:
    [table] = read_xlsx("fil.xlsx", workbook([[180, 2.5, True, None, "  Alva  "]]), UPLOAD_LIMITS)
    assert table.rows[0].cells == ("180", "2.5", "ja", "", "Alva")
