"""The one CSV reader: a user's file read within limits, every refusal one row error naming the
file, the line and the limit; repeated columns refused by the one header check.

Source: issue 11 point 6 (CR-only line ends and duplicate headers refused with a row error);
RFC 4180; docs/security.md, "Files and limits".
"""

from __future__ import annotations

import pytest
from in_english import in_english

from samverka.errors import InvalidInput, RowError
from samverka.platform.files.csv_reader import read_csv
from samverka.platform.files.limits import UPLOAD_LIMITS, FileLimits
from samverka.platform.files.table import column_names

NAMN = {"column": "'Namn'"}


def _refused(content: bytes, limits: FileLimits = UPLOAD_LIMITS) -> list[RowError]:
    with pytest.raises(InvalidInput) as refused:
        read_csv("fil.csv", content, limits)
    return list(refused.value.errors)


def test_lines_ending_in_crlf_or_lf_are_read_with_the_line_each_record_starts_on() -> None:
    table = read_csv(
        "fil.csv", b'namn;adress\r\nAlva;"Storgatan 1\r\nStockholm"\r\n\r\nBo;\r\n', UPLOAD_LIMITS
    )

    assert [(row.line, row.cells) for row in table.rows] == [
        (1, ("namn", "adress")),
        (2, ("Alva", "Storgatan 1\r\nStockholm")),
        (4, ()),
        (5, ("Bo", "")),
    ]


def test_a_byte_order_mark_is_dropped_and_the_separator_is_sniffed_from_the_header() -> None:
    table = read_csv("fil.csv", "\ufeffkommunkod;namn\n0180;Berg, Alva\n".encode(), UPLOAD_LIMITS)
    assert table.rows[1].cells == ("0180", "Berg, Alva")


def test_lone_carriage_returns_are_refused_on_the_line_where_the_first_one_is() -> None:
    [error] = _refused(b"namn\nAlva\nBo\rCelia\r")

    assert (error.line, error.field) == (3, "")
    assert in_english(error).startswith("the lines end with a lone carriage return (CR)")


def test_a_carriage_return_inside_a_quoted_cell_is_the_cells_text_not_a_line_end() -> None:
    table = read_csv("fil.csv", b'namn,kommun\n"\'\r=1+1",0180\n', UPLOAD_LIMITS)
    assert table.rows[1].cells == ("'\r=1+1", "0180")


def test_a_column_named_twice_in_any_case_is_refused_with_the_header_line() -> None:
    table = read_csv("fil.csv", b"kommunkod,Namn,, ,namn\n0180,Alva,,,Bo\n", UPLOAD_LIMITS)

    with pytest.raises(InvalidInput) as refused:
        column_names(table)

    assert refused.value.errors == (
        RowError("fil.csv", 1, "namn", "Kolumnen %(column)s står två gånger i rubrikraden.", NAMN),
    )


def test_a_file_larger_than_the_limit_is_refused_before_it_is_decoded() -> None:
    [error] = _refused(b"a\n" + b"\xff" * 100, FileLimits(maximum_bytes=100))
    assert in_english(error) == "the file is larger than 100 bytes, the most that is read"


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        ("namn\nAlva\n".encode("utf-16"), 0, "the file is not UTF-8"),
        ("namn\nÅsa\n".encode("latin-1"), 0, "the file is not UTF-8"),
        (b"namn\nAl\x00va\n", 2, "NUL character"),
        (b'namn,kommun\n"Alva,0180\nBo,0182\n', 3, "not a readable CSV file"),
        (b'namn,kommun\n"Alva" Berg,0180\n', 2, "not a readable CSV file"),
    ],
)
def test_text_that_is_not_a_well_formed_utf8_csv_file_is_refused(
    content: bytes, line: int, fragment: str
) -> None:
    [error] = _refused(content)
    assert error.line == line
    assert fragment in in_english(error)


def test_more_rows_than_the_limit_are_refused_at_the_first_row_beyond_it() -> None:
    content = b"namn\n" + b"".join(b"Alva\n" for _ in range(10))

    assert [(e.line, in_english(e)) for e in _refused(content, FileLimits(maximum_rows=5))] == [
        (6, "the file has more than 5 rows, the most read")
    ]


def test_a_row_wider_than_the_limit_is_refused_but_empty_cells_at_its_end_do_not_count() -> None:
    limits = FileLimits(maximum_columns=3)
    assert read_csv("fil.csv", b"a,b,c,,,,\n", limits).rows[0].cells[:3] == ("a", "b", "c")

    assert [(e.line, in_english(e)) for e in _refused(b"a,b,c\n1,2,3,4\n", limits)] == [
        (2, "the row has 4 cells; at most 3 are read")
    ]


def test_every_cell_too_long_or_holding_a_control_character_is_reported_by_its_column() -> None:
    content = b"namn,adress\nAl\x1bva,x\nBo," + b"x" * 1001 + b"\n"

    assert [(e.line, e.field, in_english(e)) for e in _refused(content)] == [
        (2, "namn", "cell 1 holds a control character"),
        (3, "adress", "cell 2 holds 1001 characters; at most 1000 are read"),
    ]
