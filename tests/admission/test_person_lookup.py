"""The officer's person search, without a database: what is typed is an identity number in any
common spelling (checked by the personnummer rules) or the words of a name, and a name is found
by every word in any order and case, Å, Ä and Ö included (``queries.person_lookup``)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.admission.queries.person_lookup import (
    PersonQuery,
    PersonQueryError,
    matches,
    parse_person_query,
    swedish_order,
)
from samverka.platform.domain.personal_id import luhn_check_digit

TODAY = date(2026, 2, 1)
CANONICAL = f"20100301-123{luhn_check_digit('100301123')}"


def _spellings(canonical: str) -> list[str]:
    twelve = canonical.replace("-", "")
    ten = twelve[2:]
    return [
        canonical,
        twelve,
        f"{ten[:6]}-{ten[6:]}",
        ten,
        f" {canonical} ",
        twelve[:8] + " " + twelve[8:],
    ]


@pytest.mark.parametrize("text", _spellings(CANONICAL))
def test_every_common_spelling_of_a_number_is_searched_in_its_canonical_form(text: str) -> None:
    assert parse_person_query(text, today=TODAY) == PersonQuery(personal_id=CANONICAL)


def test_a_plus_sign_marks_a_person_aged_a_hundred_or_more() -> None:
    check = luhn_check_digit("000101123")
    found = parse_person_query(f"000101+123{check}", today=TODAY)
    assert found.personal_id == f"19000101-123{check}"


WRONG_CHECK_DIGIT = CANONICAL[:-1] + str((int(CANONICAL[-1]) + 1) % 10)


@pytest.mark.parametrize(
    "text", [WRONG_CHECK_DIGIT, "20101301-1234", "123", "2010-03-01", "+46 70"]
)
def test_a_number_that_breaks_the_rules_is_refused_and_never_searched_as_a_name(text: str) -> None:
    with pytest.raises(PersonQueryError):
        parse_person_query(text, today=TODAY)


def test_a_number_in_the_future_is_refused() -> None:
    tomorrow = TODAY + timedelta(days=1)
    serial = f"{tomorrow:%y%m%d}123"
    with pytest.raises(PersonQueryError):
        parse_person_query(f"{tomorrow:%Y%m%d}-123{luhn_check_digit(serial)}", today=TODAY)


def test_an_empty_search_is_empty() -> None:
    assert parse_person_query("   ", today=TODAY).empty


def test_a_name_is_found_by_every_word_in_any_order_and_case() -> None:
    query = parse_person_query("åSTRÖM  örjan", today=TODAY)
    assert query.words == ("åström", "örjan")
    assert matches(query, CANONICAL, "Örjan Åström")
    assert not matches(query, CANONICAL, "Örjan Ek")
    assert not matches(
        parse_person_query("Örjan Åströmsson Berg", today=TODAY), CANONICAL, "Örjan Åström"
    )


def test_a_name_search_also_finds_part_of_the_number() -> None:
    assert matches(parse_person_query("Åström 20100301", today=TODAY), CANONICAL, "Örjan Åström")


def test_a_number_finds_only_that_number() -> None:
    query = parse_person_query(CANONICAL, today=TODAY)
    assert matches(query, CANONICAL, "Vem som helst")
    other = f"20100301-124{luhn_check_digit('100301124')}"
    assert not matches(query, other, "Vem som helst")


@st.composite
def _numbers_and_spellings(draw: st.DrawFn) -> tuple[str, str]:
    born = draw(st.dates(min_value=date(1930, 1, 1), max_value=TODAY))
    serial = draw(st.integers(min_value=0, max_value=999))
    coordination = draw(st.booleans())
    day = born.day + (60 if coordination else 0)
    nine = f"{born:%y%m}{day:02d}{serial:03d}"
    canonical = f"{born:%Y%m}{day:02d}-{serial:03d}{luhn_check_digit(nine)}"
    digits = canonical.replace("-", "")
    if draw(st.booleans()):
        digits = digits[2:]  # the ten-digit form
    hyphen = draw(st.sampled_from(["", "-"]))
    text = digits[:-4] + hyphen + digits[-4:]
    spaces = draw(st.lists(st.integers(min_value=0, max_value=len(text)), max_size=3))
    for position in sorted(spaces, reverse=True):
        text = text[:position] + " " + text[position:]
    padding = draw(st.sampled_from(["", " ", "\t", "  "]))
    return canonical, padding + text + padding


@given(_numbers_and_spellings())
def test_any_spacing_and_form_of_a_valid_number_finds_the_person(drawn: tuple[str, str]) -> None:
    canonical, typed = drawn
    query = parse_person_query(typed, today=TODAY)
    assert query.personal_id == canonical
    assert matches(query, canonical, "Namn Namnsson")


@given(st.text(alphabet="abcdeåäöABCDEÅÄÖ ", min_size=1, max_size=30))
def test_any_casing_of_a_name_finds_the_person(name: str) -> None:
    if not name.split():
        return
    typed = " ".join(reversed(name.swapcase().split()))
    assert matches(parse_person_query(typed, today=TODAY), CANONICAL, name)


def test_names_are_ordered_as_swedish_is_with_a_a_o_after_z() -> None:
    names = ["Östen", "ärla", "Åsa", "zelda", "Adam"]
    assert sorted(names, key=swedish_order) == ["Adam", "zelda", "Åsa", "ärla", "Östen"]
