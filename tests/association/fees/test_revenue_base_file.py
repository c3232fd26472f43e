"""Reading a revenue file: the header decides the separator and the columns; blank rows are
skipped; line numbers are the file's; a file of the wrong shape is refused whole."""

from __future__ import annotations

import pytest
from in_english import in_english

from samverka.association.fees.domain.revenue_base import RevenueRow
from samverka.association.fees.files import read_revenue_file
from samverka.errors import InvalidInput


def test_a_semicolon_file_with_names_is_read_with_the_files_line_numbers() -> None:
    text = "Kommunkod;Kommun;Intakter\n0180;Stockholm;58 450 000 000\n\n0182;Nacka;6311340000,50\n"
    assert read_revenue_file("in.csv", text.encode("utf-8-sig")) == [
        RevenueRow(2, "0180", "58 450 000 000"),
        RevenueRow(4, "0182", "6311340000,50"),
    ]


def test_a_comma_file_may_use_the_english_column_names() -> None:
    rows = read_revenue_file("in.csv", b"municipality_code,revenue\n0114,100\n0115\n")
    assert rows == [RevenueRow(2, "0114", "100"), RevenueRow(3, "0115", "")]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"kod;belopp\n0180;1\n", "must name the columns kommunkod and intakter"),
        (b"kommunkod;intakter\n0180;\xff\n", "not UTF-8"),
        (b"", "must name the columns"),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_with_the_reason(content: bytes, reason: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        read_revenue_file("in.csv", content)
    assert reason in in_english(raised.value.errors[0])
