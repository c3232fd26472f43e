"""Merit value, worked examples and invariants (GyF 7 kap. 4 §; admissions-rules.md §1.1)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.admission.domain.grades import SUBJECTS, Grade, GradeLetter, GradeSheet
from samverka.admission.domain.merit import compute_merit
from samverka.admission.domain.rule_set import MeritRules, default_rule_set

RULES = MeritRules()
# The 16 compulsory subjects (Sv standing for Sv/SvA); M1, M2, ML and TSP are extra columns.
COMPULSORY: tuple[str, ...] = (
    *("SV", "EN", "MA", "BI", "FY", "KE", "TK", "GE", "HI", "RE", "SH"),
    *("BL", "HKK", "IDH", "MU", "SL"),
)
BETTER = {
    letter: [other for other in GradeLetter if other < letter] for letter in GradeLetter
}  # "A" < "B" as strings, so a smaller letter is a better grade


def sheet(letters: Mapping[str, str], *, reduced_timetable: bool = False) -> GradeSheet:
    grades = tuple(Grade(subject, GradeLetter(letter)) for subject, letter in letters.items())
    return GradeSheet(grades, reduced_timetable=reduced_timetable)


def all_compulsory(letter: str, **overrides: str) -> dict[str, str]:
    return {**dict.fromkeys(COMPULSORY, letter), **overrides}


def test_all_a_with_a_modern_language_as_language_choice_gives_340() -> None:
    merit = compute_merit(sheet(all_compulsory("A", M2="A")), RULES)
    assert merit.value == Decimal(340)
    assert merit.grade_value_sum == Decimal(320)
    assert merit.extra == Grade("M2", GradeLetter.A)
    assert merit.grade_count == 17
    assert len(merit.counted) == 16
    assert not merit.scaled


def test_all_a_without_a_language_choice_gives_320() -> None:
    merit = compute_merit(sheet(all_compulsory("A")), RULES)
    assert merit.value == Decimal(320)
    assert merit.extra is None
    assert merit.grade_count == 16


def test_seventeenth_grade_counts_only_for_modern_language_as_language_choice() -> None:
    without_m2 = compute_merit(sheet(all_compulsory("C", M1="A", ML="A")), RULES)
    assert without_m2.extra is None
    assert without_m2.value == Decimal(20 + 20 + 14 * 15)

    with_m2 = compute_merit(sheet(all_compulsory("C", M1="A", M2="B")), RULES)
    assert with_m2.extra == Grade("M2", GradeLetter.B)
    assert with_m2.value == Decimal(20 + 15 * 15) + Decimal("17.5")


def test_mother_tongue_is_never_the_seventeenth_grade_even_as_an_extra_subject() -> None:
    rules = MeritRules(extra_grade_subjects=frozenset({"M2", "ML"}))
    merit = compute_merit(sheet(all_compulsory("A", ML="A")), rules)
    assert merit.extra is None
    assert merit.value == Decimal(320)


def test_mother_tongue_counts_among_the_best_sixteen() -> None:
    merit = compute_merit(sheet(all_compulsory("C", MU="F", ML="A")), RULES)
    assert Grade("ML", GradeLetter.A) in merit.counted
    assert Grade("MU", GradeLetter.F) not in merit.counted
    assert merit.value == Decimal(20 + 15 * 15)


def test_language_choice_grade_is_added_to_the_sixteen_best_other_grades() -> None:
    merit = compute_merit(sheet(all_compulsory("C", M2="A")), RULES)
    assert merit.value == Decimal(16 * 15 + 20)
    assert merit.extra == Grade("M2", GradeLetter.A)
    assert Grade("M2", GradeLetter.A) not in merit.counted


def test_a_failed_language_choice_as_seventeenth_adds_nothing() -> None:
    merit = compute_merit(sheet(all_compulsory("E", M2="F")), RULES)
    assert merit.value == Decimal(160)


def test_with_sixteen_grades_or_fewer_the_language_choice_is_one_of_them() -> None:
    letters = all_compulsory("C", M2="A")
    del letters["SL"]
    merit = compute_merit(sheet(letters), RULES)
    assert merit.extra is None
    assert merit.grade_count == 16
    assert merit.value == Decimal(15 * 15 + 20)


def test_fewer_than_sixteen_grades_are_summed_as_they_are() -> None:
    merit = compute_merit(sheet(dict.fromkeys(COMPULSORY[:10], "C")), RULES)
    assert merit.value == Decimal(150)
    assert merit.grade_count == 10
    assert not merit.scaled


def test_an_empty_sheet_has_merit_zero() -> None:
    merit = compute_merit(GradeSheet(()), RULES)
    assert merit.value == Decimal(0)
    assert merit.grade_count == 0


def test_reduced_timetable_is_scaled_up_proportionally_to_sixteen_grades() -> None:
    merit = compute_merit(sheet(dict.fromkeys(COMPULSORY[:12], "C"), reduced_timetable=True), RULES)
    assert merit.grade_value_sum == Decimal(180)
    assert merit.value == Decimal(240)
    assert merit.scaled


def test_scaled_merit_is_rounded_to_two_decimals_half_up() -> None:
    letters = {**dict.fromkeys(COMPULSORY[:11], "C"), "SL": "D"}  # 177.5 × 16 / 12
    merit = compute_merit(sheet(letters, reduced_timetable=True), RULES)
    assert merit.value == Decimal("236.67")
    thirds = compute_merit(sheet(dict.fromkeys(COMPULSORY[:3], "E"), reduced_timetable=True), RULES)
    assert thirds.value == Decimal("160.00")  # 30 × 16 / 3
    rounded_down = compute_merit(
        sheet({"SV": "E", "EN": "D", "MA": "E"}, reduced_timetable=True), RULES
    )
    assert rounded_down.value == Decimal("173.33")  # 32.5 × 16 / 3 = 173.333…


def test_reduced_timetable_with_sixteen_grades_is_not_scaled() -> None:
    merit = compute_merit(sheet(all_compulsory("C"), reduced_timetable=True), RULES)
    assert merit.value == Decimal(240)
    assert not merit.scaled


def test_reduced_timetable_is_summed_as_is_when_the_rules_turn_scaling_off() -> None:
    rules = MeritRules(scale_reduced_timetable=False)
    merit = compute_merit(sheet(dict.fromkeys(COMPULSORY[:12], "C"), reduced_timetable=True), rules)
    assert merit.value == Decimal(180)
    assert not merit.scaled


def dancer(letter: str, count: int, m2: str | None = None) -> GradeSheet:
    """A pupil of förberedande dansarutbildning: ``count`` grades ``letter`` and maybe M2."""
    letters = dict.fromkeys(COMPULSORY[:count], letter)
    if m2 is not None:
        letters["M2"] = m2
    return sheet(letters, reduced_timetable=True)


@pytest.mark.parametrize(
    ("grades", "m2", "expected"),
    [(13, None, "240"), (13, "E", "250"), (13, "A", "260"), (15, "A", "260")],
    ids=["13C", "13C+M2_E", "13C+M2_A", "15C+M2_A"],
)
def test_a_dancers_other_grades_are_scaled_to_sixteen_and_m2_is_added_after(
    grades: int, m2: str | None, expected: str
) -> None:
    """GyF 7 kap. 4 § 2nd and 3rd para. (SFS 2011:3): the reduced timetable is scaled to 16
    grades, and "möjligheten att öka meritvärdet med värdet av ett betyg i moderna språk som
    språkval gäller även en sökande som gått förberedande dansarutbildning". The cases of the
    rules audit 2026-12 §1 (DANS_13C, DANS_13C_M2E, DANS_13C_M2A, DANS_15C_M2A)."""
    merit = compute_merit(dancer("C", grades, m2), RULES)
    assert merit.value == Decimal(expected)
    assert merit.scaled
    if m2 is not None:
        assert merit.extra == Grade("M2", GradeLetter(m2))
        assert merit.grade_count == grades + 1


def test_taking_a_language_choice_never_lowers_a_dancers_merit() -> None:
    """GyF 7 kap. 4 § 3rd para.: M2 "får" be added, so it can only raise the value; with a
    weak sheet and a strong M2, counting M2 among the scaled grades is the better of the two
    ways the paragraph allows (13 F + M2 A: (0 + 20) × 16 / 14 = 22.86, not 0 + 20)."""
    without = compute_merit(dancer("C", 13), RULES).value
    for letter in GradeLetter:
        assert compute_merit(dancer("C", 13, letter.value), RULES).value >= without
    weak = compute_merit(dancer("F", 13, "A"), RULES)
    assert weak.value == Decimal("22.86")
    assert weak.extra is None


def test_retake_grade_counts_in_the_merit() -> None:
    original = sheet(all_compulsory("C", MA="F"))
    retaken = original.with_retake(Grade("MA", GradeLetter.C))
    assert compute_merit(original, RULES).value == Decimal(225)
    assert compute_merit(retaken, RULES).value == Decimal(240)


def test_retake_grade_is_left_out_when_the_rules_do_not_count_retakes() -> None:
    rules = MeritRules(count_retake_grades=False)
    retaken = sheet(all_compulsory("C", MA="F")).with_retake(Grade("MA", GradeLetter.A))
    merit = compute_merit(retaken, rules)
    assert merit.value == Decimal(225)
    assert merit.grade_count == 15


def test_swedish_as_a_second_language_counts_in_place_of_swedish() -> None:
    letters = all_compulsory("C", SVA="A")
    del letters["SV"]
    assert compute_merit(sheet(letters), RULES).value == Decimal(15 * 15 + 20)


def test_swedish_and_swedish_as_a_second_language_count_once_with_the_better_grade() -> None:
    merit = compute_merit(sheet(all_compulsory("C", SV="E", SVA="A")), RULES)
    assert merit.grade_count == 16
    assert Grade("SVA", GradeLetter.A) in merit.counted
    assert merit.value == Decimal(15 * 15 + 20)


def test_default_rule_set_carries_the_merit_formula_and_a_version() -> None:
    rule_set = default_rule_set(2025)
    assert rule_set.version == "gyf-2011:2/2025.2"
    assert rule_set.merit.grade_values[GradeLetter.B] == Decimal("17.5")
    assert rule_set.merit.best_count == 16


def test_default_rule_set_is_refused_for_years_before_programme_oriented_imv() -> None:
    with pytest.raises(ValueError, match="2019 onwards"):
        default_rule_set(2018)


def test_merit_rules_need_a_value_for_every_grade_letter() -> None:
    with pytest.raises(ValueError, match="grade values missing for F"):
        MeritRules(grade_values={GradeLetter(letter): Decimal(1) for letter in "ABCDE"})


# --- invariants -----------------------------------------------------------------------------

letters_st = st.sampled_from(list(GradeLetter))
grade_maps = st.dictionaries(st.sampled_from(sorted(SUBJECTS)), letters_st)


@st.composite
def sheets(draw: st.DrawFn, reduced: bool | None = None) -> GradeSheet:
    letters = draw(grade_maps)
    retakes = draw(st.sets(st.sampled_from(sorted(SUBJECTS))))
    grades = tuple(
        Grade(subject, letter, after_retake=subject in retakes)
        for subject, letter in letters.items()
    )
    flag = draw(st.booleans()) if reduced is None else reduced
    return GradeSheet(grades, reduced_timetable=flag)


rules_st = st.builds(
    MeritRules, count_retake_grades=st.booleans(), scale_reduced_timetable=st.booleans()
)


@given(sheets(), rules_st)
def test_merit_never_exceeds_340_or_320_without_a_seventeenth_grade(
    grade_sheet: GradeSheet, rules: MeritRules
) -> None:
    merit = compute_merit(grade_sheet, rules)
    assert Decimal(0) <= merit.value <= Decimal(340)
    if merit.extra is None:
        assert merit.value <= Decimal(320)
    assert merit.grade_count <= 17


@given(sheets(reduced=False), rules_st)
def test_unscaled_merit_is_a_multiple_of_two_and_a_half(
    grade_sheet: GradeSheet, rules: MeritRules
) -> None:
    merit = compute_merit(grade_sheet, rules)
    assert not merit.scaled
    assert merit.value % Decimal("2.5") == 0


@given(sheets(), rules_st)
def test_merit_is_the_counted_grades_plus_the_seventeenth_unless_scaled(
    grade_sheet: GradeSheet, rules: MeritRules
) -> None:
    merit = compute_merit(grade_sheet, rules)
    values = rules.grade_values
    assert merit.grade_value_sum == sum((values[g.letter] for g in merit.counted), Decimal(0))
    if not merit.scaled:
        extra = values[merit.extra.letter] if merit.extra else Decimal(0)
        assert merit.value == merit.grade_value_sum + extra


@given(sheets(reduced=False), st.sampled_from(sorted(SUBJECTS)), letters_st, rules_st)
def test_adding_a_grade_never_lowers_merit(
    grade_sheet: GradeSheet, subject: str, letter: GradeLetter, rules: MeritRules
) -> None:
    if grade_sheet.grade_for(subject) is not None:
        return
    bigger = GradeSheet((*grade_sheet.grades, Grade(subject, letter)))
    assert compute_merit(bigger, rules).value >= compute_merit(grade_sheet, rules).value


@given(sheets(), st.data(), rules_st)
def test_raising_one_grade_never_lowers_merit(
    grade_sheet: GradeSheet, data: st.DataObject, rules: MeritRules
) -> None:
    candidates = [g for g in grade_sheet.grades if g.letter is not GradeLetter.A]
    if not candidates:
        return
    grade = data.draw(st.sampled_from(candidates))
    better = data.draw(st.sampled_from(BETTER[grade.letter]))
    raised = tuple(
        Grade(g.subject, better, g.after_retake) if g is grade else g for g in grade_sheet.grades
    )
    raised_sheet = GradeSheet(raised, reduced_timetable=grade_sheet.reduced_timetable)
    assert compute_merit(raised_sheet, rules).value >= compute_merit(grade_sheet, rules).value


@given(sheets(reduced=True), letters_st, rules_st)
def test_adding_a_language_choice_never_lowers_a_dancers_merit(
    grade_sheet: GradeSheet, letter: GradeLetter, rules: MeritRules
) -> None:
    """GyF 7 kap. 4 § 3rd para.: the 17th grade also for förberedande dansarutbildning."""
    if grade_sheet.grade_for("M2") is not None:
        return
    with_m2 = GradeSheet((*grade_sheet.grades, Grade("M2", letter)), reduced_timetable=True)
    assert compute_merit(with_m2, rules).value >= compute_merit(grade_sheet, rules).value


@given(sheets(reduced=False))
def test_the_seventeenth_grade_never_gives_less_than_the_best_sixteen_of_all(
    grade_sheet: GradeSheet,
) -> None:
    values = sorted((RULES.grade_values[g.letter] for g in grade_sheet.grades), reverse=True)
    has_both_swedish = {"SV", "SVA"} <= {g.subject for g in grade_sheet.grades}
    if not has_both_swedish:
        assert compute_merit(grade_sheet, RULES).value >= sum(values[:16], Decimal(0))
