"""Numbers as people write them in files, each within a range: issue 11 point 6 (every importer
refuses numbers out of range); docs/security.md, "Files and limits"."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.platform.domain.numbers import (
    decimal_places,
    parse_decimal,
    parse_whole_number,
    shown,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [("180", 180), (" 1 000 ", 1000), ("1\u00a0000", 1000), ("\u2212 5", -5), ("007", 7)],
)
def test_whole_numbers_may_carry_blanks_between_thousands_and_a_minus_sign(
    text: str, value: int
) -> None:
    assert parse_whole_number(text, minimum=-10, maximum=10_000) == value


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1e18", "'1e18' är inget heltal."),
        ("²", "'²' är inget heltal."),
        ("١٢", "'١٢' är inget heltal."),
        ("12.0", "'12.0' är inget heltal."),
        ("", "'' är inget heltal."),
        (str(2**70), "1180591620717411303424 är över det högsta tillåtna, 1000000000."),
        ("-1", "-1 är under det minsta tillåtna, 1."),
        ("9" * 5000, f"'{'9' * 40}'… (5000 tecken) är över det högsta tillåtna, 1000000000."),
        ("-" + "9" * 5000, f"'-{'9' * 39}'… (5001 tecken) är under det minsta tillåtna, 1."),
    ],
)
def test_anything_else_or_out_of_range_is_refused_naming_the_bound(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(reason)}$"):
        parse_whole_number(text, minimum=1, maximum=1_000_000_000)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("NaN", "'NaN' är inget tal."),
        ("Infinity", "'Infinity' är inget tal."),
        ("1e30", "'1e30' är inget tal."),
        ("1e-999999999", "'1e-999999999' är inget tal."),
        ("100000.01", "100000.01 är över det högsta tillåtna, 100000."),
        ("1.005", "'1.005' har fler än 2 decimaler."),
        ("9" * 5000 + ",5", f"'{'9' * 40}'… (5002 tecken) är över det högsta tillåtna, 100000."),
    ],
)
def test_a_decimal_is_written_without_exponent_within_its_range_and_decimals(
    text: str, reason: str
) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(reason)}$"):
        parse_decimal(text, minimum=Decimal(0), maximum=Decimal(100_000), places=2)


def test_a_decimal_takes_a_comma_or_a_point_and_trailing_zeros_are_no_decimals() -> None:
    assert parse_decimal("1 234,50", minimum=Decimal(0), maximum=Decimal(10**4), places=2) == (
        Decimal("1234.50")
    )
    assert decimal_places(Decimal("0.000")) == 0
    assert decimal_places(Decimal("1.230")) == 2


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_every_whole_number_in_range_reads_back_as_itself(value: int) -> None:
    assert parse_whole_number(str(value), minimum=-(10**30), maximum=10**30) == value


@given(st.text(max_size=60))
def test_any_text_is_a_number_in_range_or_a_value_error_never_anything_else(text: str) -> None:
    message = ""
    try:
        value = parse_decimal(text, minimum=Decimal(-5), maximum=Decimal(5), places=3)
    except ValueError as refused:
        message = str(refused)
    else:
        assert Decimal(-5) <= value <= Decimal(5)
    assert len(message) < 200  # a message quotes at most 40 characters


def test_a_long_text_is_cut_when_it_is_shown() -> None:
    assert shown("x" * 41) == repr("x" * 40) + "… (41 tecken)"


def test_a_text_of_escaped_characters_is_cut_to_a_readable_length_when_it_is_shown() -> None:
    """Found by the property test above: 20 characters outside the basic plane quote as 200."""
    text = "\U00010d3a" * 20
    assert shown(text) == repr("\U00010d3a" * 6) + "… (20 tecken)"
