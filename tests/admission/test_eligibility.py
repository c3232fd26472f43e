"""Eligibility per programme group (skollagen 16 kap. 30–32 §§; admissions-rules.md §2.2–2.3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.admission.domain.eligibility import (
    Eligibility,
    FailureCode,
    RequirementFailure,
    check_eligibility,
)
from samverka.admission.domain.grades import SUBJECTS, Grade, GradeLetter, GradeSheet
from samverka.admission.domain.rule_set import (
    ProgrammeGroupRequirement,
    default_eligibility_rules,
)

RULES = default_eligibility_rules()
VOCATIONAL = ("BF", "BA", "EE", "FT", "HA", "HV", "HT", "IN", "NB", "RL", "VF", "VO")
NATIONAL = (*VOCATIONAL, "ES", "EK", "HU", "SA", "NA", "TE")
# Subjects outside every named requirement, for "any other subject" passes.
FREE = ("TK", "BL", "HKK", "IDH", "MU", "SL", "M1", "M2", "ML", "TSP")
SOCIAL = ("GE", "HI", "RE", "SH")
SCIENCE = ("BI", "FY", "KE")


def passes(*subjects: str, failed: tuple[str, ...] = ()) -> GradeSheet:
    grades = [Grade(subject, GradeLetter.C) for subject in subjects]
    grades += [Grade(subject, GradeLetter.F) for subject in failed]
    return GradeSheet(tuple(grades))


def missing(*subjects: str) -> RequirementFailure:
    return RequirementFailure(FailureCode.MISSING_SUBJECT, subjects, required=1, achieved=0)


def too_few(required: int, achieved: int) -> RequirementFailure:
    return RequirementFailure(FailureCode.TOO_FEW_PASSES, (), required, achieved)


def failures_of(
    sheet: GradeSheet, programme: str, **flags: bool | str
) -> tuple[RequirementFailure, ...]:
    return check_eligibility(sheet, programme, RULES, **flags).failures  # type: ignore[arg-type]


def leads(programme: str) -> str | None:
    """The national programme an offering of ``programme`` leads to in these tests."""
    return "NA" if programme == "IMV" else None


@pytest.mark.parametrize("programme", VOCATIONAL)
def test_vocational_programme_needs_sv_en_ma_and_five_other_passes(programme: str) -> None:
    result = check_eligibility(passes("SV", "EN", "MA", *FREE[:5]), programme, RULES)
    assert result == Eligibility(eligible=True, failures=())


def test_vocational_programme_with_four_other_passes_reports_the_count() -> None:
    result = check_eligibility(passes("SV", "EN", "MA", *FREE[:4]), "EE", RULES)
    assert not result.eligible
    assert result.failures == (too_few(8, 7),)
    assert result.failures[0].describe() == "8 passes required, 7 achieved"


def test_missing_english_is_reported_once_and_not_again_as_a_short_count() -> None:
    assert failures_of(passes("SV", "MA", *FREE[:5]), "BA") == (missing("EN"),)
    assert missing("EN").describe() == "missing pass in En"


def test_missing_swedish_reports_both_variants_as_alternatives() -> None:
    failures = failures_of(passes("EN", "MA", *FREE[:6], failed=("SV",)), "VO")
    assert failures == (missing("SV", "SVA"),)
    assert failures[0].describe() == "missing pass in Sv or SvA"


def test_swedish_as_a_second_language_fills_the_swedish_requirement() -> None:
    assert check_eligibility(passes("SVA", "EN", "MA", *FREE[:5]), "HA", RULES).eligible


def test_passes_in_both_swedish_and_swedish_as_a_second_language_count_as_one_subject() -> None:
    assert failures_of(passes("SV", "SVA", "EN", "MA", *FREE[:4]), "HA") == (too_few(8, 7),)


def test_a_fail_is_not_a_pass() -> None:
    failures = failures_of(passes("SV", "EN", *FREE[:4], failed=("MA", "BI")), "IN")
    assert failures == (missing("MA"), too_few(8, 6))


def test_aesthetic_programme_needs_nine_other_passes_of_any_subject() -> None:
    assert check_eligibility(passes("SV", "EN", "MA", *FREE[:9]), "ES", RULES).eligible
    assert failures_of(passes("SV", "EN", "MA", *FREE[:8]), "ES") == (too_few(12, 11),)


@pytest.mark.parametrize("programme", ["EK", "HU", "SA"])
def test_social_programmes_need_ge_hi_re_sh_among_the_other_passes(programme: str) -> None:
    assert check_eligibility(
        passes("SV", "EN", "MA", *SOCIAL, *FREE[:5]), programme, RULES
    ).eligible
    failures = failures_of(passes("SV", "EN", "MA", "GE", "HI", *FREE[:7]), programme)
    assert failures == (missing("RE"), missing("SH"))


@pytest.mark.parametrize("programme", ["NA", "TE"])
def test_science_programmes_need_bi_fy_ke_among_the_other_passes(programme: str) -> None:
    assert check_eligibility(
        passes("SV", "EN", "MA", *SCIENCE, *FREE[:6]), programme, RULES
    ).eligible


def test_natural_science_missing_physics_reports_physics() -> None:
    failures = failures_of(passes("SV", "EN", "MA", "BI", "KE", *FREE[:7], failed=("FY",)), "NA")
    assert failures == (missing("FY"),)
    assert failures[0].describe() == "missing pass in Fy"


def test_every_failed_requirement_is_listed_not_only_the_first() -> None:
    failures = failures_of(GradeSheet(()), "TE")
    assert failures == (
        missing("SV", "SVA"),
        missing("EN"),
        missing("MA"),
        missing("BI"),
        missing("FY"),
        missing("KE"),
        too_few(12, 0),
    )


def test_imv_is_open_with_sv_en_ma_and_three_other_passes() -> None:
    assert check_eligibility(
        passes("SV", "EN", "MA", *FREE[:3]), "IMV", RULES, leads_to="BF"
    ).eligible


@pytest.mark.parametrize("ma_or_en", ["MA", "EN"])
def test_imv_is_open_with_sv_and_ma_or_en_and_four_other_passes(ma_or_en: str) -> None:
    sheet = passes("SVA", ma_or_en, *FREE[:4])
    assert check_eligibility(sheet, "IMV", RULES, leads_to="BF").eligible


def test_imv_with_sv_ma_and_three_other_passes_reports_the_closest_alternative() -> None:
    assert failures_of(passes("SV", "MA", *FREE[:3]), "IMV", leads_to="BF") == (missing("EN"),)


def test_imv_without_swedish_is_closed_whatever_else_is_passed() -> None:
    failures = failures_of(passes("EN", "MA", *FREE[:8]), "IMV", leads_to="NA")
    assert failures == (missing("SV", "SVA"),)


def eligible_for(what: str) -> RequirementFailure:
    code = FailureCode.ELIGIBLE_FOR_PROGRAMME if what.isupper() else FailureCode.ELIGIBLE_FOR_GROUP
    return RequirementFailure(code, (what,), 0, 0)


def test_imv_is_closed_to_an_applicant_eligible_for_the_programme_it_leads_to() -> None:
    """SL 17 kap. (programinriktat val is for those not eligible for the national programme
    it is aimed at; Fyrbodal: "krävs det att man inte är behörig till sökt nationellt
    program"). Rules audit 2026-12 §2, case VOC_ELIG8: eligible for BF, placed on IMV."""
    voc_elig8 = passes("SV", "EN", "MA", *FREE[:5])
    failures = failures_of(voc_elig8, "IMV", leads_to="BF")
    assert failures == (eligible_for("BF"),)
    assert failures[0].describe() == (
        "not eligible for programinriktat val: eligible for BF, the programme it leads to"
    )


def test_imv_stays_open_to_an_applicant_eligible_for_another_programme_than_its_own() -> None:
    """SL 17 kap.: IMV towards NA is for whoever lacks NA's eligibility, even if eligible for
    a vocational programme (the issue: "admits only applicants who are not eligible for that
    programme")."""
    voc_elig8 = passes("SV", "EN", "MA", *FREE[:5])
    assert check_eligibility(voc_elig8, "IMV", RULES, leads_to="NA").eligible


def test_an_imv_offering_must_name_the_national_programme_it_leads_to() -> None:
    """SL 17 kap.: programinriktat val is aimed at one national programme; an offering that
    names none, or an introductory programme, cannot be judged."""
    for leads_to in (None, "IMY", "XX"):
        with pytest.raises(ValueError, match="must name the national programme it leads to"):
            check_eligibility(GradeSheet(()), "IMV", RULES, leads_to=leads_to)


@pytest.mark.parametrize("programme", ["IMY", "IMA"])
def test_yrkesintroduktion_and_individuellt_alternativ_are_closed_to_the_vocationally_eligible(
    programme: str,
) -> None:
    """SL 17 kap. (yrkesintroduktion and individuellt alternativ are for those who lack
    eligibility for a vocational programme; Helsingborg: "För yrkesintroduktion och
    individuellt alternativ får du inte ha uppnått behörighet till yrkesprogram"). Rules audit
    2026-12 §2, case ELIG_NP (16 × E) placed on IMA; the issue: eight passes placed on IMY."""
    eight_passes = passes("SV", "EN", "MA", *FREE[:5])
    failures = failures_of(eight_passes, programme)
    assert failures == (eligible_for("vocational"),)
    assert failures[0].describe() == (
        "not eligible for an introductory programme: eligible for a vocational programme"
    )
    seven_passes = passes("SV", "EN", "MA", *FREE[:4])
    assert check_eligibility(seven_passes, programme, RULES).eligible
    assert check_eligibility(GradeSheet(()), programme, RULES).eligible


def test_sprakintroduktion_is_closed_to_an_applicant_eligible_for_a_national_programme() -> None:
    """SL 17 kap. (the introductory programmes are for those not eligible for a national
    programme; Skolverket: "Huvudregeln är att inga behöriga elever ska gå ett
    introduktionsprogram"); the issue: eight passes placed on IMS. The alternative reading,
    IMS open to the newly arrived whatever their grades, is a setting."""
    eight_passes = passes("SV", "EN", "MA", *FREE[:5])
    assert failures_of(eight_passes, "IMS") == (eligible_for("vocational"),)
    assert check_eligibility(GradeSheet(()), "IMS", RULES).eligible
    alternative = default_eligibility_rules(language_introduction_open_to_eligible=True)
    assert check_eligibility(eight_passes, "IMS", alternative).eligible


def test_the_english_dispensation_never_closes_an_introductory_programme() -> None:
    """SL 16 kap. 32 §: the dispensation is the organiser's decision for a national programme;
    whether an introductory programme is closed is judged on the grades alone."""
    without_english = passes("SV", "MA", *FREE[:6])
    assert check_eligibility(without_english, "IMY", RULES, english_dispensation=True).eligible
    assert check_eligibility(
        without_english, "IMV", RULES, english_dispensation=True, leads_to="BF"
    ).eligible


def test_a_retake_grade_gives_eligibility() -> None:
    sheet = passes("SV", "EN", *FREE[:5], failed=("MA",))
    assert not check_eligibility(sheet, "FT", RULES).eligible
    assert check_eligibility(sheet.with_retake(Grade("MA", GradeLetter.E)), "FT", RULES).eligible


def test_english_dispensation_opens_a_vocational_programme_with_seven_other_passes() -> None:
    sheet = passes("SV", "MA", *FREE[:5], failed=("EN",))
    result = check_eligibility(sheet, "EE", RULES, english_dispensation=True)
    assert result == Eligibility(eligible=True, failures=(), english_dispensation_applied=True)
    assert not check_eligibility(sheet, "EE", RULES).eligible


def test_english_dispensation_opens_natural_science_with_eleven_other_passes() -> None:
    sheet = passes("SVA", "MA", *SCIENCE, *FREE[:6])
    assert check_eligibility(sheet, "NA", RULES, english_dispensation=True).eligible


def test_english_dispensation_does_not_cover_other_failures() -> None:
    sheet = passes("SV", "MA", "BI", "KE", *FREE[:7])
    assert failures_of(sheet, "NA", english_dispensation=True) == (missing("EN"), missing("FY"))
    short = passes("SV", "MA", *FREE[:4])
    assert failures_of(short, "HV", english_dispensation=True) == (missing("EN"), too_few(8, 6))


def test_english_dispensation_is_never_applied_to_introductory_programmes() -> None:
    sheet = passes("SV", "MA", *FREE[:3])
    result = check_eligibility(sheet, "IMV", RULES, english_dispensation=True, leads_to="BF")
    assert not result.eligible


def test_english_dispensation_is_not_needed_by_an_applicant_with_english() -> None:
    result = check_eligibility(
        passes("SV", "EN", "MA", *FREE[:5]), "RL", RULES, english_dispensation=True
    )
    assert result.eligible
    assert not result.english_dispensation_applied


def test_unknown_programme_code_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown programme code 'XX'"):
        check_eligibility(GradeSheet(()), "XX", RULES)


def test_default_rules_know_all_eighteen_national_and_four_introductory_programmes() -> None:
    assert set(RULES.programme_groups) == {*NATIONAL, "IMV", "IMY", "IMA", "IMS"}


def test_an_eligible_verdict_with_failures_is_refused() -> None:
    with pytest.raises(ValueError, match="eligible result has no failures"):
        Eligibility(eligible=True, failures=(missing("EN"),))
    with pytest.raises(ValueError, match="eligible result has no failures"):
        Eligibility(eligible=False, failures=())


def test_a_requirement_below_its_named_subjects_is_refused() -> None:
    with pytest.raises(ValueError, match="total_passes"):
        ProgrammeGroupRequirement("broken", (("SV",),), ("BI", "FY"), total_passes=2)


# --- invariants -----------------------------------------------------------------------------

programmes = st.sampled_from(sorted(RULES.programme_groups))
national_programmes = st.sampled_from(NATIONAL)
sheets = st.dictionaries(st.sampled_from(sorted(SUBJECTS)), st.sampled_from(list(GradeLetter))).map(
    lambda letters: GradeSheet(tuple(Grade(s, letter) for s, letter in letters.items()))
)


def improved(sheet: GradeSheet, subject: str, letter: GradeLetter) -> GradeSheet:
    """The sheet with ``subject`` added or raised to ``letter`` (never lowered)."""
    current = sheet.grade_for(subject)
    if current is not None and current.letter <= letter:  # "A" < "B": already as good
        return sheet
    kept = tuple(g for g in sheet.grades if g.subject != subject)
    return GradeSheet((*kept, Grade(subject, letter)))


@given(
    sheets,
    national_programmes,
    st.sampled_from(sorted(SUBJECTS)),
    st.sampled_from(list(GradeLetter)),
)
def test_eligibility_for_a_national_programme_is_monotone_in_grades(
    sheet: GradeSheet, programme: str, subject: str, letter: GradeLetter
) -> None:
    better = improved(sheet, subject, letter)
    for dispensation in (False, True):
        before = check_eligibility(sheet, programme, RULES, english_dispensation=dispensation)
        after = check_eligibility(better, programme, RULES, english_dispensation=dispensation)
        assert after.eligible or not before.eligible


@given(sheets, st.sampled_from(["IMY", "IMA", "IMS"]), st.sampled_from(VOCATIONAL))
def test_no_one_eligible_for_a_vocational_programme_is_eligible_for_imy_ima_or_ims(
    sheet: GradeSheet, introductory: str, vocational: str
) -> None:
    """SL 17 kap.: the introductory programmes are for those not eligible for a national one."""
    if check_eligibility(sheet, vocational, RULES).eligible:
        assert not check_eligibility(sheet, introductory, RULES).eligible


@given(sheets, national_programmes)
def test_no_one_eligible_for_the_programme_an_imv_leads_to_is_eligible_for_the_imv(
    sheet: GradeSheet, target: str
) -> None:
    """SL 17 kap.: programinriktat val is for those not eligible for its national programme."""
    if check_eligibility(sheet, target, RULES).eligible:
        assert not check_eligibility(sheet, "IMV", RULES, leads_to=target).eligible


@given(sheets, programmes, st.booleans())
def test_every_failure_describes_itself_and_the_dispensation_only_adds_eligibility(
    sheet: GradeSheet, programme: str, dispensation: bool
) -> None:
    target = leads(programme)
    plain = check_eligibility(sheet, programme, RULES, leads_to=target)
    result = check_eligibility(
        sheet, programme, RULES, english_dispensation=dispensation, leads_to=target
    )
    assert all(failure.describe() for failure in result.failures)
    assert result.eligible or not plain.eligible
    if result.english_dispensation_applied:
        assert plain.failures == (missing("EN"),)
        assert programme in NATIONAL
