"""The round's fast merit values equal the rule's reference, ``merit.compute_merit``, on random
sheets and rules (GyF 7 kap. 4 §; ``merit_batch``)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from samverka.admission.domain.grades import SUBJECTS, Grade, GradeLetter, GradeSheet
from samverka.admission.domain.merit import MeritValue, compute_merit
from samverka.admission.domain.merit_batch import merit_values
from samverka.admission.domain.rule_set import MeritRules

LETTERS = list(GradeLetter)
SHARED = {  # a round's grades are shared objects, as the loader makes them
    (subject, letter, retake): Grade(subject, letter, retake)
    for subject in SUBJECTS
    for letter in LETTERS
    for retake in (False, True)
}


@st.composite
def sheets(draw: st.DrawFn) -> GradeSheet:
    subjects = draw(st.lists(st.sampled_from(sorted(SUBJECTS)), unique=True, max_size=21))
    grades = tuple(
        SHARED[(subject, draw(st.sampled_from(LETTERS)), draw(st.booleans()))]
        for subject in subjects
    )
    return GradeSheet(grades, reduced_timetable=draw(st.integers(0, 9)) == 0)


@st.composite
def rules(draw: st.DrawFn) -> MeritRules:
    if draw(st.booleans()):
        return MeritRules()
    written = st.sampled_from(["0", "5", "7.5", "10", "10.0", "12.25", "17.5", "20", "1.005"])
    values = {letter: Decimal(draw(written)) for letter in LETTERS}
    return MeritRules(
        grade_values=values,
        best_count=draw(st.integers(1, 17)),
        extra_grade_subjects=frozenset(draw(st.sets(st.sampled_from(["M1", "M2", "ML"])))),
        scale_reduced_timetable=draw(st.booleans()),
        count_retake_grades=draw(st.booleans()),
    )


def _exactly(merit: MeritValue) -> tuple[object, ...]:
    """Everything of a merit value, its decimals as written (``30.0`` is not ``30`` here) and
    its grades as the very objects of the sheet."""
    return (
        str(merit.value),
        str(merit.grade_value_sum),
        id(merit.extra) if merit.extra is not None else None,
        tuple(id(grade) for grade in merit.counted),
        merit.grade_count,
        merit.scaled,
    )


@settings(max_examples=300, deadline=None)
@given(rules(), st.lists(sheets(), max_size=12))
def test_the_round_s_merit_values_are_exactly_the_reference_rule_s(
    rules: MeritRules, sheets: list[GradeSheet]
) -> None:
    fast = merit_values(sheets, rules)
    assert [_exactly(merit) for merit in fast] == [
        _exactly(compute_merit(sheet, rules)) for sheet in sheets
    ]
    assert list(fast) == [compute_merit(sheet, rules) for sheet in sheets]


def test_the_17th_grade_is_chosen_as_the_reference_chooses_it_also_among_equal_ones() -> None:
    compulsory = ["SV", "EN", "MA", "BI", "FY", "KE", "TK", "GE", "HI", "RE", "SH", "BL"]
    compulsory += ["HKK", "IDH", "MU", "SL"]
    grades = tuple(SHARED[(s, GradeLetter.C, False)] for s in compulsory)
    both = MeritRules(extra_grade_subjects=frozenset({"M1", "M2"}))
    for rules in (MeritRules(), both):
        for m1 in LETTERS:
            for m2 in LETTERS:
                extras = (SHARED[("M1", m1, False)], SHARED[("M2", m2, False)])
                sheet = GradeSheet((*grades, *extras))
                (merit,) = merit_values([sheet], rules)
                assert _exactly(merit) == _exactly(compute_merit(sheet, rules))
                assert merit.grade_count == 17
