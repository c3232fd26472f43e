"""Grades and grade sheets (admissions-rules.md §1.1, §11.2 item 11)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.admission.domain.grades import (
    SUBJECTS,
    Grade,
    GradeLetter,
    GradeSheet,
    parse_grade_letter,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("A", GradeLetter.A), ("b", GradeLetter.B), (" C ", GradeLetter.C), ("f\n", GradeLetter.F)],
)
def test_grade_letters_are_read_case_insensitively_and_stripped(
    text: str, expected: GradeLetter
) -> None:
    assert parse_grade_letter(text) is expected


@pytest.mark.parametrize("text", ["-", "–", "1", "2", "3", "", " ", "G", "AB", "A+", "MVG"])
def test_anything_but_a_to_f_is_rejected_as_indra_does(text: str) -> None:
    with pytest.raises(ValueError, match="är inte ett betyg: bara bokstäverna A–F godtas"):
        parse_grade_letter(text)


@given(st.text(max_size=3))
def test_a_parsed_letter_is_always_one_of_a_to_f(text: str) -> None:
    try:
        letter = parse_grade_letter(text)
    except ValueError:
        return
    assert letter.value == text.strip().upper()


def test_a_to_e_are_passes_and_f_is_a_fail() -> None:
    assert [letter.is_pass for letter in GradeLetter] == [True] * 5 + [False]
    assert Grade("MA", GradeLetter.E).is_pass
    assert not Grade("MA", GradeLetter.F).is_pass


def test_subject_codes_cover_the_sixteen_compulsory_subjects_and_the_language_columns() -> None:
    compulsory = {"SV", "EN", "MA", "BI", "FY", "KE", "TK", "GE", "HI", "RE", "SH"}
    compulsory |= {"BL", "HKK", "IDH", "MU", "SL"}
    assert len(compulsory) == 16
    assert compulsory | {"SVA", "M1", "M2", "ML", "TSP"} == set(SUBJECTS)
    assert SUBJECTS["M2"] == "Moderna språk, språkval"
    assert SUBJECTS["SVA"] == "Svenska som andraspråk"


def test_a_sheet_refuses_an_unknown_subject_code() -> None:
    with pytest.raises(ValueError, match="unknown subject code 'JU'"):
        GradeSheet((Grade("JU", GradeLetter.A),))


def test_a_sheet_refuses_a_subject_graded_twice_and_points_to_with_retake() -> None:
    with pytest.raises(ValueError, match=r"'MA' is graded twice.*with_retake"):
        GradeSheet((Grade("MA", GradeLetter.F), Grade("MA", GradeLetter.C, after_retake=True)))


def test_a_retake_grade_replaces_the_subjects_grade_in_place() -> None:
    sheet = GradeSheet((Grade("SV", GradeLetter.C), Grade("MA", GradeLetter.F)))
    retaken = sheet.with_retake(Grade("SV", GradeLetter.B))
    assert retaken.grades == (
        Grade("SV", GradeLetter.B, after_retake=True),
        Grade("MA", GradeLetter.F),
    )
    assert sheet.grade_for("SV") == Grade("SV", GradeLetter.C)


def test_a_retake_grade_in_an_ungraded_subject_is_added_and_keeps_the_timetable_flag() -> None:
    sheet = GradeSheet((Grade("SV", GradeLetter.C),), reduced_timetable=True)
    retaken = sheet.with_retake(Grade("EN", GradeLetter.E))
    assert retaken.grade_for("EN") == Grade("EN", GradeLetter.E, after_retake=True)
    assert retaken.reduced_timetable


def test_grade_for_an_ungraded_subject_is_none() -> None:
    assert GradeSheet(()).grade_for("MA") is None


def test_grades_and_sheets_are_immutable() -> None:
    grade = Grade("MA", GradeLetter.A)
    with pytest.raises(dataclasses.FrozenInstanceError):
        grade.letter = GradeLetter.B  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        GradeSheet((grade,)).reduced_timetable = True  # type: ignore[misc]
