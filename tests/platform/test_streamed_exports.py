"""Issue 15 point 1: the exports are streamed, in Swedish Excel's CSV or in named XLSX sheets,
and a download is the same bytes as the file; a client that goes away stops the writing."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from babel.messages.pofile import read_po
from fastapi import FastAPI
from fastapi.testclient import TestClient

from samverka.admission.queries import round_lists
from samverka.association.fees.queries import invoices
from samverka.compensation.files import compensation_files
from samverka.platform.files import payment_file
from samverka.platform.files.exports import FileFormat, Sheet, table_chunks, write_table
from samverka.platform.web import i18n
from samverka.platform.web.downloads import content_disposition, download, pulled

HEADER = ("Namn", "Belopp", "Antal", "Dag", "Skyddad")
ROWS: list[list[object]] = [
    ["Åsa Öberg", Decimal("-1250.50"), 3, date(2026, 9, 1), False],
    ['=HYPERLINK("http://x")', Decimal("0.25"), 0, None, True],
    ['Semikolon; och "citat"', 2.5, -1, None, None],
]


def _swedish(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_swedish_csv_has_a_bom_semicolons_and_a_decimal_comma(tmp_path: Path) -> None:
    path = tmp_path / "lista.csv"
    write_table(path, HEADER, ROWS, file_format=FileFormat.CSV)
    content = path.read_bytes()
    assert b"\r\n" in content
    assert _swedish(content) == [
        list(HEADER),
        ["Åsa Öberg", "-1250,50", "3", "2026-09-01", "nej"],
        ['\'=HYPERLINK("http://x")', "0,25", "0", "", "ja"],  # a formula stays text
        ['Semikolon; och "citat"', "2,5", "-1", "", ""],
    ]


def test_the_machine_csv_keeps_commas_and_points(tmp_path: Path) -> None:
    path = tmp_path / "lista.csv"
    write_table(path, HEADER, ROWS[:1], file_format=FileFormat.CSV_MACHINE)
    assert path.read_text(encoding="utf-8") == (
        "Namn,Belopp,Antal,Dag,Skyddad\nÅsa Öberg,-1250.50,3,2026-09-01,false\n"
    )


def test_an_xlsx_has_named_sheets_a_frozen_bold_header_and_numbers_as_numbers(
    tmp_path: Path,
) -> None:
    path = tmp_path / "lista.xlsx"
    totals = Sheet("Summa", ("Post", "Värde"), [["Belopp", Decimal("-1250.25")]])
    write_table(path, HEADER, ROWS, sheet="Antagna", more=[totals])
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Antagna", "Summa"]
    sheet = workbook["Antagna"]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == HEADER
    assert values[1][1:4] == (-1250.5, 3, datetime(2026, 9, 1))
    assert sheet["B2"].data_type == "n"
    assert sheet["D2"].is_date
    formula = sheet["A3"]
    assert (formula.value, formula.data_type, formula.quotePrefix) == (ROWS[1][0], "s", True)
    assert list(workbook["Summa"].iter_rows(values_only=True)) == [
        ("Post", "Värde"),
        ("Belopp", -1250.25),
    ]


@pytest.mark.parametrize("name", ["", "a" * 32, "Blad[1]", "Summa/år", "'Blad"])
def test_a_sheet_name_excel_refuses_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="cannot name a sheet"):
        write_table(tmp_path / "lista.xlsx", ["a"], [[1]], sheet=name)
    assert list(tmp_path.iterdir()) == []


def test_the_same_table_gives_the_same_bytes(tmp_path: Path) -> None:
    for file_format in FileFormat:
        first = b"".join(table_chunks(file_format, Sheet("Blad1", HEADER, ROWS)))
        again = b"".join(table_chunks(file_format, Sheet("Blad1", HEADER, ROWS)))
        assert first == again, file_format


class _Counted:
    """Rows that count how many were pulled."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.pulled = 0

    def __iter__(self) -> Iterator[Sequence[object]]:
        for number in range(self.count):
            self.pulled += 1
            yield [f"Person {number}", Decimal(number), number, None, False]


@pytest.mark.parametrize("file_format", list(FileFormat))
def test_the_writer_pulls_rows_only_as_its_chunks_are_taken(file_format: FileFormat) -> None:
    rows = _Counted(10_000)
    chunks = table_chunks(file_format, Sheet("Blad1", HEADER, rows))
    for _chunk in chunks:
        if rows.pulled >= 1_000:
            break
    assert rows.pulled < 2_000  # the rest is never made
    chunks.close()


def test_a_client_that_goes_away_stops_the_download() -> None:
    """The response's body is pulled chunk by chunk; when it is not pulled further (the client
    went away and the response was cancelled) the writer is closed and no more rows are made."""
    rows = _Counted(100_000)
    chunks = table_chunks(FileFormat.XLSX, Sheet("Blad1", HEADER, rows))

    async def take_three() -> int:
        body = pulled(chunks)
        taken = 0
        async for _chunk in body:
            taken += 1
            if taken == 3:
                break
        await body.aclose()  # what the server does with a cancelled response's body
        return taken

    # on a thread of its own: a browser test's event loop may still be running on this one
    with ThreadPoolExecutor(max_workers=1) as thread:
        assert thread.submit(asyncio.run, take_three()).result() == 3
    assert rows.pulled < 5_000
    with pytest.raises(StopIteration):
        next(chunks)  # closed: it makes no more rows
    assert rows.pulled < 5_000


@pytest.mark.parametrize("file_format", list(FileFormat))
def test_a_streamed_download_is_the_same_bytes_as_the_file(
    tmp_path: Path, file_format: FileFormat
) -> None:
    app = FastAPI()

    @app.get("/fil")
    def file() -> object:
        return download("antagna-2026-omgång-1", file_format, Sheet("Antagna", HEADER, ROWS))

    got = TestClient(app).get("/fil")
    path = tmp_path / f"lista{file_format.suffix}"
    write_table(path, HEADER, ROWS, file_format=file_format, sheet="Antagna")
    assert got.status_code == 200
    assert got.content == path.read_bytes()
    assert got.headers["content-type"] == file_format.media_type
    disposition = got.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="antagna-2026-omgang-1')
    assert f"filename*=UTF-8''antagna-2026-omg%C3%A5ng-1{file_format.suffix}" in disposition


def test_a_file_name_is_given_in_utf_8_and_as_ascii() -> None:
    assert content_disposition("ersättning 2026/09.csv") == (
        'attachment; filename="ersattning-2026-09.csv"; '
        "filename*=UTF-8''ers%C3%A4ttning%202026%2F09.csv"
    )


def test_a_column_is_as_wide_as_its_first_rows_need(tmp_path: Path) -> None:
    path = tmp_path / "lista.xlsx"
    long_name = "Naturvetenskapsprogrammet, inriktning naturvetenskap"
    write_table(path, ["Program", "Antal"], [[long_name, 1]], sheet="Program")
    sheet = openpyxl.load_workbook(path)["Program"]
    assert sheet.column_dimensions["A"].width == len(long_name) + 2
    assert sheet.column_dimensions["B"].width == 12  # at least 12 characters


def test_every_column_and_sheet_name_of_the_exports_has_an_english_translation() -> None:
    """The English page language gives English headers (issue 15 point 1), so each export's
    column and sheet names are in the catalogue."""
    names = {
        *round_lists.ADMITTED_HEADER,
        *round_lists.RESERVE_HEADER,
        *round_lists.STATISTICS_HEADER,
        *round_lists.SHEET_NAMES.values(),
        *compensation_files.STATEMENT_HEADER,
        *payment_file.PAYMENT_HEADER,
        *compensation_files.INVOICE_HEADER,
        *compensation_files.TOTALS_HEADER,
        compensation_files.STATEMENT_SHEET,
        payment_file.PAYMENT_SHEET,
        compensation_files.INVOICE_SHEET,
        compensation_files.TOTALS_SHEET,
        *invoices.INVOICE_HEADER,
        invoices.INVOICE_SHEET,
    }
    catalogues = Path(i18n.__file__).parent / "translations" / "en" / "LC_MESSAGES"
    known = {message.id for po in catalogues.glob("*.po") for message in read_po(po.open("rb"))}
    assert sorted(names - known) == []
