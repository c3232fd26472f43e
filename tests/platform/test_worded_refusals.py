"""A refusal's Swedish text and its parameters (``samverka.errors``): the command line reads it
with the parameters put in, a text without parameters is never formatted, and a row of a file
says where it is."""

from __future__ import annotations

from datetime import timedelta

from in_english import in_english

from samverka.errors import (
    N_,
    Busy,
    Conflict,
    InvalidInput,
    NotFound,
    RemovalsNotConfirmed,
    RowError,
)


def test_a_refusal_reads_in_swedish_with_its_parameters_and_in_english_from_the_catalogue() -> None:
    refusal = NotFound(N_("Det finns ingen utbildning %(code)s."), code="'NOPE'")
    assert str(refusal) == "Det finns ingen utbildning 'NOPE'."
    assert (refusal.text, refusal.parameters) == (
        "Det finns ingen utbildning %(code)s.",
        {"code": "'NOPE'"},
    )
    assert in_english(refusal) == "no offering 'NOPE'"


def test_a_text_without_parameters_keeps_its_percent_signs() -> None:
    guard = Conflict("fler än 20 % lämnar registret")
    assert str(guard) == "fler än 20 % lämnar registret"
    busy = Busy("100 % upptaget", retry_after=timedelta(seconds=2))
    assert str(busy) == "100 % upptaget"


def test_a_refused_removal_names_how_many_leave_of_how_many_registered() -> None:
    guard = RemovalsNotConfirmed(
        "%(leaving)s av %(registered)s (mer än 20 %%) lämnar registret", leaving=30, registered=100
    )
    assert str(guard) == "30 av 100 (mer än 20 %) lämnar registret"
    assert (guard.leaving, guard.registered) == (30, 100)


def test_a_row_of_a_file_says_where_it_is_and_what_is_wrong_in_swedish() -> None:
    row = RowError("elever.csv", 3, "namn", N_("Namnet saknas."))
    counted = RowError(
        "elever.csv",
        4,
        "",
        N_("Raden har %(cells)s celler; högst %(most)s läses."),
        {"cells": 5, "most": 3},
    )
    assert str(row) == "elever.csv:3 [namn]: Namnet saknas."
    assert counted.message == "Raden har 5 celler; högst 3 läses."
    assert in_english(counted) == "the row has 5 cells; at most 3 are read"
    refused = InvalidInput([row, counted])
    assert str(refused).startswith("2 fel i uppgifterna:\n  elever.csv:3 [namn]: Namnet saknas.")
