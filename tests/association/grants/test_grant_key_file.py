"""Reading a custom allocation key file: its shape only (the rows are checked by the domain)."""

from __future__ import annotations

import pytest
from in_english import in_english

from samverka.association.grants.files.grant_key_file import read_key_rows, read_population_figures
from samverka.errors import InvalidInput


def test_a_swedish_spreadsheet_export_with_semicolons_and_a_bom_is_read_with_line_numbers() -> None:
    data = "\ufeffKommunkod;Vikt\n0180;1 234,5\n\n0182;7\n".encode()
    assert read_key_rows(data, "nyckel.csv") == [(2, "0180", "1 234,5"), (4, "0182", "7")]


def test_a_file_without_the_columns_is_refused_on_its_header() -> None:
    with pytest.raises(InvalidInput) as refused:
        read_key_rows(b"code,share\n0180,1\n", "k.csv")
    assert [(e.line, e.field) for e in refused.value.errors] == [(1, "header")]


def test_every_short_row_is_reported_at_once() -> None:
    with pytest.raises(InvalidInput) as refused:
        read_key_rows(b"municipality_code,weight\n0180\n0182,1\n0114\n", "k.csv")
    assert [e.line for e in refused.value.errors] == [2, 4]


def test_a_file_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(InvalidInput, match="UTF-8"):
        read_key_rows("municipality_code,weight\n0180,ö\n".encode("latin-1"), "k.csv")


def test_population_figures_are_read_from_the_reference_format() -> None:
    data = b"municipality_code,name,population_2019_12_31\n0114,Upplands V\xc3\xa4sby,46786\n"
    assert read_population_figures(data, "p.csv") == {"0114": 46786}
    with pytest.raises(InvalidInput) as refused:
        read_population_figures(b"municipality_code,population\n0114,many\n", "p.csv")
    assert refused.value.errors[0].line == 2


# -- malformed files: each a clear refusal with its line, never a failure ----------------------
def test_a_field_too_long_for_the_csv_reader_is_refused_with_its_line() -> None:
    data = b"municipality_code,weight\n0180,1\n0182," + b"1" * 200_000 + b"\n"
    with pytest.raises(InvalidInput) as refused:
        read_key_rows(data, "k.csv")
    [problem] = refused.value.errors
    assert (problem.source, problem.line) == ("k.csv", 3)
    assert "not a readable CSV file" in in_english(problem)


def test_a_key_file_with_old_mac_line_endings_is_refused_with_a_row_error() -> None:
    """Issue 11 point 6: a lone carriage return ends no line; the file is refused, not guessed."""
    data = b"municipality_code;weight\r0180;2\r0182;1\r"
    with pytest.raises(InvalidInput) as refused:
        read_key_rows(data, "k.csv")
    assert all(error.source == "k.csv" for error in refused.value.errors)


def test_a_quoted_field_that_spans_lines_keeps_the_line_numbers_of_the_rows_after_it() -> None:
    data = b'municipality_code,weight\n0180,"1\n"\n0182,2\n'
    assert [line for line, *_ in read_key_rows(data, "k.csv")] == [2, 4]


def test_population_figures_with_a_digit_that_is_not_a_number_are_refused() -> None:
    data = "municipality_code,population\n0114,²\n0115,٣\n".encode()
    with pytest.raises(InvalidInput) as refused:
        read_population_figures(data, "p.csv")
    assert [e.line for e in refused.value.errors] == [2, 3]


def test_population_figures_with_a_field_too_long_for_the_csv_reader_are_refused() -> None:
    data = b"municipality_code,population\n0114," + b"1" * 200_000 + b"\n"
    with pytest.raises(InvalidInput) as refused:
        read_population_figures(data, "p.csv")
    assert refused.value.errors[0].line == 2
