"""Fri kvot and the organiser's assessment of foreign grades, from grades to explanations.

Sources: gymnasieförordningen (2010:2039) 7 kap. 3 § (fri kvot: a limited number of places,
among others for applicants "från skolenheter vilkas betyg … inte utan vidare kan jämföras") and
4 § (the other places on merit); skollagen (2010:800) 16 kap. 30–31 §§ (eligibility: passes
"eller motsvarande kunskaper"); admissions-rules.md §1.4 (the receiving school assesses foreign
grades under fri kvot); rules-audit-2026-12.md §1–2 (the foreign-grades flag did nothing, so
such applicants were always ineligible; fri kvot had no cap).
"""

from __future__ import annotations

from samverka.admission.domain.admission_run import AdmissionRun, run_admission
from samverka.admission.domain.explain import ChoiceOutcome, QuotaNote
from samverka.admission.domain.graded_instance import (
    GradedApplicant,
    GradedChoice,
    GradedOffering,
    index_graded,
)
from samverka.admission.domain.grades import SUBJECTS, Grade, GradeLetter, GradeSheet
from samverka.admission.domain.priorities import PriorityRules
from samverka.admission.domain.rule_set import default_rule_set

RULES = default_rule_set(2026)
NO_GRADES = GradeSheet(())


def sheet(letter: str) -> GradeSheet:
    core = [s for s in SUBJECTS if s not in {"SVA", "M1", "M2", "ML", "TSP"}]
    return GradeSheet(tuple(Grade(s, GradeLetter(letter)) for s in core))


def _run(offerings: list[GradedOffering], applicants: list[GradedApplicant]) -> AdmissionRun:
    graded = index_graded(offerings, applicants, RULES, PriorityRules(), seed=1)
    return run_admission(graded.indexed)


def test_an_applicant_with_only_foreign_grades_is_not_eligible_without_the_assessment() -> None:
    """SL 16 kap. 30–31 §§: no passes and no assessment, so not eligible (as before)."""
    run = _run(
        [GradedOffering("EK-1", "EK", 2)],
        [GradedApplicant("foreign", NO_GRADES, (GradedChoice("EK-1"),), lottery=1)],
    )

    assert run.explain(0)[0].outcome is ChoiceOutcome.NOT_ELIGIBLE


def test_the_organisers_assessment_makes_the_applicant_eligible_for_that_offering_only() -> None:
    """The assessment of "motsvarande kunskaper" is made by the receiving organiser for its
    own offering: it opens that choice, and no other (SL 16 kap. 30–31 §§, GyF 7 kap. 3 § 2)."""
    assessed = GradedChoice("EK-1", equivalent_knowledge=True)
    run = _run(
        [GradedOffering("EK-1", "EK", 2), GradedOffering("SA-2", "SA", 2)],
        [GradedApplicant("foreign", NO_GRADES, (GradedChoice("SA-2"), assessed), lottery=1)],
    )

    assert [e.outcome for e in run.explain(0)] == [
        ChoiceOutcome.NOT_ELIGIBLE,
        ChoiceOutcome.PLACED,
    ]


def test_an_assessed_applicant_granted_fri_kvot_is_admitted_under_fri_kvot() -> None:
    """The audit's FOREIGN_FRIKVOT case: foreign grades assessed as equivalent, fri kvot
    granted, one fri-kvot place: admitted under fri kvot ahead of two higher merits."""
    choice = GradedChoice("EK-1", discretionary_quota=True, equivalent_knowledge=True)
    run = _run(
        [GradedOffering("EK-1", "EK", 2, fri_kvot_places=1)],
        [
            GradedApplicant("foreign", NO_GRADES, (choice,), lottery=3),
            GradedApplicant("A", sheet("A"), (GradedChoice("EK-1"),), lottery=1),
            GradedApplicant("B", sheet("B"), (GradedChoice("EK-1"),), lottery=2),
        ],
    )

    explained = [run.explain(a)[0] for a in range(3)]

    assert [e.outcome for e in explained] == [
        ChoiceOutcome.PLACED,
        ChoiceOutcome.PLACED,
        ChoiceOutcome.RESERVE,
    ]
    assert explained[0].quota is QuotaNote.UNDER_QUOTA
    assert explained[0].reason() == "placed under fri kvot"
    assert explained[2].reason() == "reserve 1 in line; below cut-off 320 by 40 points"


def test_a_fri_kvot_applicant_beyond_the_cap_is_told_the_fri_kvot_places_are_filled() -> None:
    """GyF 7 kap. 3 §: beyond the organiser's number, the applicant competes on merit, and the
    explanation says so: "fri kvot: platserna är fyllda"."""
    granted = GradedChoice("EK-1", discretionary_quota=True)
    run = _run(
        [GradedOffering("EK-1", "EK", 2, fri_kvot_places=1)],
        [
            GradedApplicant("fri-1", sheet("E"), (granted,), lottery=1),
            GradedApplicant("fri-2", sheet("E"), (granted,), lottery=2),
            GradedApplicant("merit", sheet("C"), (GradedChoice("EK-1"),), lottery=3),
        ],
    )

    second = run.explain(1)[0]

    assert second.outcome is ChoiceOutcome.RESERVE
    assert second.quota is QuotaNote.QUOTA_FULL
    assert second.reason() == (
        "reserve 1 in line; fri kvot: the places are filled; below cut-off 240 by 80 points"
    )
    assert run.explain(0)[0].reason() == "placed under fri kvot"


def test_when_every_place_went_to_fri_kvot_a_reserve_is_told_so_rather_than_a_cut_off() -> None:
    granted = GradedChoice("EK-1", discretionary_quota=True)
    run = _run(
        [GradedOffering("EK-1", "EK", 1, fri_kvot_places=1)],
        [
            GradedApplicant("fri", NO_GRADES, (granted,), lottery=2),
            GradedApplicant("merit", sheet("A"), (GradedChoice("EK-1"),), lottery=1),
        ],
    )

    assert run.explain(0)[0].outcome is ChoiceOutcome.NOT_ELIGIBLE  # fri kvot needs eligibility
    assessed = GradedChoice("EK-1", discretionary_quota=True, equivalent_knowledge=True)
    run = _run(
        [GradedOffering("EK-1", "EK", 1, fri_kvot_places=1)],
        [
            GradedApplicant("fri", NO_GRADES, (assessed,), lottery=2),
            GradedApplicant("merit", sheet("A"), (GradedChoice("EK-1"),), lottery=1),
        ],
    )

    assert run.explain(1)[0].reason() == "reserve 1 in line; every place went to fri kvot"
