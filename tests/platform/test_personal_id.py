"""Personal identity numbers and coordination numbers: formats, dates and check digits."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.platform.domain.personal_id import (
    PersonalIdError,
    PersonalIdKind,
    is_valid_personal_id,
    luhn_check_digit,
    parse_personal_id,
)

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    "text",
    ["19811218-9876", "198112189876", "811218-9876", "8112189876", " 811218 - 9876 "],
)
def test_every_accepted_form_gives_the_same_canonical_number(text: str) -> None:
    assert parse_personal_id(text, today=TODAY).canonical == "19811218-9876"


def test_a_two_digit_year_takes_the_latest_century_not_in_the_future() -> None:
    assert parse_personal_id("100301-0012", today=TODAY).birth_date == date(2010, 3, 1)
    thirties = f"300101-000{luhn_check_digit('300101000')}"
    assert parse_personal_id(thirties, today=TODAY).birth_date == date(1930, 1, 1)


def test_a_plus_sign_marks_someone_a_hundred_or_older() -> None:
    assert parse_personal_id("811218+9876", today=TODAY).birth_date == date(1881, 12, 18)


def test_a_coordination_number_has_sixty_added_to_the_day() -> None:
    parsed = parse_personal_id("701063-2391", today=TODAY)
    assert parsed.kind is PersonalIdKind.COORDINATION_NUMBER
    assert parsed.birth_date == date(1970, 10, 3)
    assert parsed.canonical == "19701063-2391"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("19811218-9875", "kontrollsiffran"),
        ("19810230-1234", "inget datum"),
        ("20300101-0000", "framtiden"),
        ("1981-12-18", "ÅÅÅÅMMDD-NNNN"),
        ("19811218+9876", "tvåsiffrigt år"),
        ("", "ÅÅÅÅMMDD-NNNN"),
    ],
)
def test_an_invalid_number_is_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(PersonalIdError, match=reason):
        parse_personal_id(text, today=TODAY)
    assert not is_valid_personal_id(text, today=TODAY)


def test_the_masked_form_hides_the_last_four_digits() -> None:
    assert parse_personal_id("19811218-9876", today=TODAY).masked() == "19811218-****"


@given(st.dates(min_value=date(1901, 1, 1), max_value=TODAY), st.integers(0, 999))
def test_a_number_built_with_its_luhn_digit_is_always_valid(born: date, serial: int) -> None:
    digits = f"{born:%y%m%d}{serial:03d}"
    text = f"{born:%Y%m%d}-{serial:03d}{luhn_check_digit(digits)}"
    assert parse_personal_id(text, today=TODAY).birth_date == born


@given(
    st.dates(min_value=date(1901, 1, 1), max_value=TODAY), st.integers(0, 999), st.integers(1, 9)
)
def test_changing_the_check_digit_always_makes_the_number_invalid(
    born: date, serial: int, shift: int
) -> None:
    digits = f"{born:%y%m%d}{serial:03d}"
    wrong = (luhn_check_digit(digits) + shift) % 10
    assert not is_valid_personal_id(f"{born:%Y%m%d}-{serial:03d}{wrong}", today=TODAY)
