"""Each choice's status in a graded instance: the organiser's English dispensation, the
introductory programmes, age with an over-age agreement (``graded_instance._status``)."""

from __future__ import annotations

from datetime import date

from samverka.admission.domain.conditions import ApplicantFacts
from samverka.admission.domain.graded_instance import (
    GradedApplicant,
    GradedChoice,
    GradedOffering,
    index_graded,
)
from samverka.admission.domain.grades import Grade, GradeLetter, GradeSheet
from samverka.admission.domain.matching_problem import ChoiceStatus
from samverka.admission.domain.priorities import PriorityRules
from samverka.admission.domain.rule_set import default_rule_set

RULES = default_rule_set(2026)
FREE = ("TK", "BL", "HKK", "IDH", "MU", "SL")
NORRA, SODRA = "Stockholms stad", "Skolbolaget AB"
OFFERINGS = [
    GradedOffering("NORRA-BF", "BF", 5, organiser=NORRA),
    GradedOffering("NORRA-EE", "EE", 5, organiser=NORRA),
    GradedOffering("SODRA-BF", "BF", 5, organiser=SODRA),
    GradedOffering("NORRA-IMY", "IMY", 5, organiser=NORRA),
    GradedOffering("NORRA-IMS", "IMS", 5, organiser=NORRA),
    GradedOffering("NORRA-IMV-BF", "IMV", 5, organiser=NORRA, leads_to="BF"),
    GradedOffering("NORRA-IMV-NA", "IMV", 5, organiser=NORRA, leads_to="NA"),
]


def passes(*subjects: str, failed: tuple[str, ...] = ()) -> GradeSheet:
    grades = [Grade(s, GradeLetter.C) for s in subjects] + [Grade(s, GradeLetter.F) for s in failed]
    return GradeSheet(tuple(grades))


def statuses(applicant: GradedApplicant) -> dict[str, tuple[ChoiceStatus, tuple[str, ...]]]:
    graded = index_graded(OFFERINGS, [applicant], RULES, PriorityRules(), seed=1)
    problem, failures = graded.indexed.problem, graded.indexed.failures
    return {
        choice.offering_id: (ChoiceStatus(int(problem.choice_status[row])), failures.get(row, ()))
        for row, choice in enumerate(applicant.choices)
    }


def chooses(*codes: str, over_age: bool = False) -> tuple[GradedChoice, ...]:
    return tuple(GradedChoice(code, over_age_agreement=over_age) for code in codes)


def test_an_organisers_english_dispensation_opens_only_its_own_offerings() -> None:
    """SL 16 kap. 32 §: the receiving organiser decides, for its own programme (rules audit
    2026-12 §2: one organiser's decision opened every organiser's offerings)."""
    without_english = passes("SV", "MA", *FREE[:5], failed=("EN",))
    applicant = GradedApplicant(
        "A", without_english, chooses("SODRA-BF", "NORRA-BF", "NORRA-EE"), frozenset({NORRA})
    )
    found = statuses(applicant)
    assert found["NORRA-BF"] == (ChoiceStatus.ADMISSIBLE, ())
    assert found["NORRA-EE"] == (ChoiceStatus.ADMISSIBLE, ())
    assert found["SODRA-BF"] == (ChoiceStatus.NOT_ELIGIBLE, ("missing pass in En",))


def test_equal_grade_sheets_with_different_organisers_decisions_are_judged_apart() -> None:
    """SL 16 kap. 32 §: the eligibility memo keys on the organiser whose decision applies, so
    the first applicant's decision is never reused for the second's choice."""
    sheet = passes("SV", "MA", *FREE[:5], failed=("EN",))
    first = GradedApplicant("A", sheet, chooses("NORRA-BF", "SODRA-BF"), frozenset({NORRA}))
    second = GradedApplicant("B", sheet, chooses("NORRA-BF", "SODRA-BF"), frozenset({SODRA}))
    graded = index_graded(OFFERINGS, [first, second], RULES, PriorityRules(), seed=1)
    status = [ChoiceStatus(int(s)) for s in graded.indexed.problem.choice_status]
    admissible, refused = ChoiceStatus.ADMISSIBLE, ChoiceStatus.NOT_ELIGIBLE
    assert status == [admissible, refused, refused, admissible]


def test_eight_passes_close_yrkesintroduktion_and_sprakintroduktion() -> None:
    """SL 17 kap. (the introductory programmes are for those not eligible for a national
    programme); the issue: "Today an applicant with eight passes is placed on IMY or IMS"."""
    eight = GradedApplicant(
        "A",
        passes("SV", "EN", "MA", *FREE[:5]),
        chooses("NORRA-IMY", "NORRA-IMS"),
        facts=ApplicantFacts(date(2010, 5, 5), arrival_date=date(2024, 1, 15)),
    )
    reason = "not eligible for an introductory programme: eligible for a vocational programme"
    assert statuses(eight) == {
        "NORRA-IMY": (ChoiceStatus.NOT_ELIGIBLE, (reason,)),
        "NORRA-IMS": (ChoiceStatus.NOT_ELIGIBLE, (reason,)),
    }


def test_an_imv_admits_only_those_not_eligible_for_the_programme_it_leads_to() -> None:
    """SL 17 kap. (programinriktat val); rules audit 2026-12 §2, case VOC_ELIG8."""
    voc_elig8 = GradedApplicant(
        "A", passes("SV", "EN", "MA", *FREE[:5]), chooses("NORRA-IMV-BF", "NORRA-IMV-NA")
    )
    found = statuses(voc_elig8)
    assert found["NORRA-IMV-BF"] == (
        ChoiceStatus.NOT_ELIGIBLE,
        ("not eligible for programinriktat val: eligible for BF, the programme it leads to",),
    )
    assert found["NORRA-IMV-NA"] == (ChoiceStatus.ADMISSIBLE, ())


def test_a_newly_arrived_applicant_without_eligibility_is_admissible_to_sprakintroduktion() -> None:
    """SL 17 kap. 13 §, 3 kap. 12 a §: newly arrived (less than four years) and not eligible."""
    newcomer = GradedApplicant(
        "A",
        passes("EN", "MA"),
        chooses("NORRA-IMS"),
        facts=ApplicantFacts(date(2010, 5, 5), arrival_date=date(2024, 1, 15)),
    )
    assert statuses(newcomer) == {"NORRA-IMS": (ChoiceStatus.ADMISSIBLE, ())}
    long_ago = GradedApplicant(
        "B",
        passes("EN", "MA"),
        chooses("NORRA-IMS"),
        facts=ApplicantFacts(date(2010, 5, 5), arrival_date=date(2019, 1, 15)),
    )
    status, reasons = statuses(long_ago)["NORRA-IMS"]
    assert status is ChoiceStatus.NOT_ELIGIBLE
    assert reasons == (
        "not newly arrived: arrived 2019-01-15, 4 years or more before the start of studies",
    )


def test_an_over_age_applicant_is_admissible_only_on_a_choice_with_an_agreement() -> None:
    """SL 15 kap. 5 §; admissions-rules §2.1 ("Överårig" needs an agreement on the choice)."""
    sheet = passes("SV", "EN", "MA", *FREE[:5])
    old = ApplicantFacts(birth_date=date(2005, 9, 30))
    applicant = GradedApplicant(
        "A",
        sheet,
        (GradedChoice("NORRA-BF", over_age_agreement=True), GradedChoice("SODRA-BF")),
        facts=old,
    )
    found = statuses(applicant)
    assert found["NORRA-BF"] == (ChoiceStatus.ADMISSIBLE, ())
    assert found["SODRA-BF"] == (
        ChoiceStatus.NOT_ELIGIBLE,
        (
            "too old: turns 20 in 2025 and had to start by 30 June 2025"
            " (over age: needs an agreement on the choice)",
        ),
    )


def test_a_completed_national_programme_is_reported_beside_the_missing_grades() -> None:
    """SL 16 kap.; every reason is given, not only the first."""
    applicant = GradedApplicant(
        "A",
        passes("SV", "MA", *FREE[:5]),
        chooses("NORRA-EE"),
        facts=ApplicantFacts(date(2009, 1, 1), completed_national_programme=True),
    )
    assert statuses(applicant)["NORRA-EE"] == (
        ChoiceStatus.NOT_ELIGIBLE,
        ("has already completed a national programme", "missing pass in En"),
    )
