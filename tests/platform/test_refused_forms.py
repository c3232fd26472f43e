"""A refused form is shown again on its own page (``platform.web.forms``): which pages may be
rendered again, what input is kept, and how FastAPI's problems are worded."""

from __future__ import annotations

from decimal import Decimal

import pytest
from starlette.datastructures import FormData, UploadFile

from samverka.platform.web.forms import (
    MESSAGES,
    kept_values,
    page_to_render,
    service_problem,
    validation_problem,
)


@pytest.mark.parametrize(
    "page",
    ["/forbund/stimulansmedel", "/antagning/2026?omgang=3", "/kommun/stimulansmedel#x"],
)
def test_a_page_of_the_application_may_be_shown_again(page: str) -> None:
    assert page_to_render(FormData([("_page", page)])) == page


@pytest.mark.parametrize(
    "page",
    [
        "https://elak.example/",
        "//elak.example/",
        "/\\elak.example",
        "/api/v1/state-grants",
        "forbund",
        "/a\r\nSet-Cookie: x",
        "/" + "a" * 2001,
        "",
    ],
)
def test_a_page_outside_the_application_or_in_the_api_is_never_rendered_again(page: str) -> None:
    assert page_to_render(FormData([("_page", page)])) is None


def test_a_form_without_its_page_is_answered_with_the_error_page() -> None:
    assert page_to_render(FormData([("name", "x")])) is None


def test_passwords_files_and_the_forms_own_fields_are_never_sent_back() -> None:
    upload = UploadFile(file=None, filename="k.csv")  # type: ignore[arg-type]
    sent = FormData(
        [
            ("name", "Psykisk hälsa"),
            ("codes", "0180"),
            ("codes", "0182"),
            ("password", "hemligt"),
            ("new_password", "hemligt"),
            ("csrf_token", "t"),
            ("_page", "/x"),
            ("key_file", upload),
        ]
    )
    assert kept_values(sent) == {"name": ("Psykisk hälsa",), "codes": ("0180", "0182")}


def test_fastapis_problems_are_worded_in_swedish_at_their_field() -> None:
    problem = validation_problem(
        {"type": "greater_than", "loc": ("body", "total"), "msg": "x", "ctx": {"gt": 0}}
    )
    assert problem.field == "total"
    assert problem.text == MESSAGES["greater_than"] == "Skriv ett tal större än %(gt)s."
    assert problem.parameters == {"gt": "0"}
    unknown = validation_problem({"type": "something_new", "loc": ("body",), "msg": "x"})
    assert unknown.field == ""
    assert unknown.text == "Värdet går inte att använda."


def test_a_refused_row_of_a_file_names_its_line_and_belongs_to_the_whole_form() -> None:
    row = service_problem("nyckel.csv", 3, "weight", "is not a number")
    assert (row.field, row.where, row.translated) == ("", "nyckel.csv:3 [weight]", False)
    field = service_problem("grant", 0, "total", "must be positive")
    assert (field.field, field.where) == ("total", "")


def test_a_limit_is_written_as_a_person_writes_it() -> None:
    problem = validation_problem(
        {
            "type": "less_than_equal",
            "loc": ("body", "total"),
            "msg": "x",
            "ctx": {"le": Decimal("1E+12")},
        }
    )
    assert problem.parameters == {"le": "1000000000000"}


def test_a_models_own_check_is_shown_in_its_own_words() -> None:
    problem = validation_problem(
        {
            "type": "value_error",
            "loc": ("body", "recipients"),
            "msg": "Value error, Ange kommunkoder med fyra siffror.",
            "ctx": {"error": ValueError("Ange kommunkoder med fyra siffror.")},
        }
    )
    assert (problem.field, problem.text, problem.translated) == (
        "recipients",
        "Ange kommunkoder med fyra siffror.",
        False,
    )
