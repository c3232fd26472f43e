"""Writing tables to CSV and XLSX files, read back to check what a user gets."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from samverka.platform.files.exports import write_table

HEADER = ["offering", "personal_id", "name", "places", "cutoff", "share", "protected", "day"]
ROWS: list[list[object]] = [
    ["NORRA-NA", "20100301-0018", "Åsa Öberg", 2, Decimal("280.00"), 0.5, False, date(2026, 7, 2)],
    ["SODRA-ES", None, "Skyddad identitet", 1, None, None, True, None],
    ["=SUM(A1)", "0180", 'Citat "och" komma, här', 0, Decimal("212.50"), 1.0, False, None],
]


def test_a_csv_file_is_plain_utf8_with_commas_and_points(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    write_table(path, HEADER, ROWS)
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    with path.open(newline="", encoding="utf-8") as handle:
        read = list(csv.reader(handle))
    assert read == [
        HEADER,
        ["NORRA-NA", "20100301-0018", "Åsa Öberg", "2", "280.00", "0.5", "false", "2026-07-02"],
        ["SODRA-ES", "", "Skyddad identitet", "1", "", "", "true", ""],
        # a text that starts like a formula is written after a ' (issue 11 point 11)
        ["'=SUM(A1)", "0180", 'Citat "och" komma, här', "0", "212.50", "1.0", "false", ""],
    ]


def test_an_xlsx_file_has_a_bold_frozen_header_and_numbers_as_numbers(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    write_table(path, HEADER, ROWS)
    sheet = openpyxl.load_workbook(path).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADER
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet.freeze_panes == "A2"
    assert values[1] == [
        "NORRA-NA",
        "20100301-0018",
        "Åsa Öberg",
        2,
        280.0,
        0.5,
        False,
        datetime(2026, 7, 2),
    ]
    assert values[2] == ["SODRA-ES", None, "Skyddad identitet", 1, None, None, True, None]
    assert values[3] == ["=SUM(A1)", "0180", 'Citat "och" komma, här', 0, 212.5, 1.0, False, None]


def test_text_that_looks_like_a_formula_or_a_number_stays_text_in_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    write_table(path, HEADER, ROWS)
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A4"].data_type == "s"
    assert sheet["B4"].data_type == "s"
    assert sheet["D4"].data_type == "n"
    assert sheet["E2"].data_type == "n"


def test_a_moment_is_written_as_iso_text_in_swedish_time_in_xlsx_and_csv(tmp_path: Path) -> None:
    """Issue 12 point 12: what a person reads is Swedish time (here summer time, UTC+2)."""
    path = tmp_path / "times.xlsx"
    write_table(path, ["at"], [[datetime(2026, 7, 2, 22, 30, tzinfo=UTC)]])
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A2"].value == "2026-07-03T00:30:00+02:00"
    write_table(tmp_path / "times.csv", ["at"], [[datetime(2026, 1, 2, 23, 30, tzinfo=UTC)]])
    assert "2026-01-03T00:30:00+01:00" in (tmp_path / "times.csv").read_text(encoding="utf-8")


def test_an_empty_table_is_only_its_header(tmp_path: Path) -> None:
    write_table(tmp_path / "empty.csv", ["a", "b"], [])
    write_table(tmp_path / "empty.xlsx", ["a", "b"], [])
    assert (tmp_path / "empty.csv").read_text(encoding="utf-8") == "a,b\n"
    sheet = openpyxl.load_workbook(tmp_path / "empty.xlsx").active
    assert list(sheet.iter_rows(values_only=True)) == [("a", "b")]


def test_the_suffix_chooses_the_format_case_insensitively(tmp_path: Path) -> None:
    write_table(tmp_path / "LIST.XLSX", ["a"], [[1]])
    assert openpyxl.load_workbook(tmp_path / "LIST.XLSX").active["A2"].value == 1


@pytest.mark.parametrize("name", ["list.txt", "list.xls", "list"])
def test_another_suffix_is_refused_and_nothing_is_written(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match=r"\.csv, \.xlsx"):
        write_table(tmp_path / name, ["a"], [[1]])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_row_of_the_wrong_length_leaves_no_file_behind(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"list{suffix}"
    with pytest.raises(ValueError, match="row 2 has 1 values, the header 2"):
        write_table(path, ["a", "b"], [[1, 2], [3]])
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_earlier_file(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    write_table(path, ["a"], [[1]])
    with pytest.raises(ValueError, match="row 1"):
        write_table(path, ["a"], [[1, 2]])
    assert path.read_text(encoding="utf-8") == "a\n1\n"
    assert list(tmp_path.iterdir()) == [path]
