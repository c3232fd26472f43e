"""An admission instance from grades: merit values and eligibility first, then priorities.

Procedure, per applicant and choice (admissions-rules.md §1–3):

1. The merit value from the grade sheet (``merit.compute_merit``, GyF 7 kap. 4 §).
2. The choice's status: a closed offering ("startar ej") is skipped; then the conditions
   beside the grades (``conditions``: age unless the choice records an over-age agreement, a
   completed national programme, newly arrived for IMS) and eligibility for the offering's
   programme (``eligibility.check_eligibility``: for IMV with the programme the offering leads
   to; with the English dispensation only where the offering's organiser decided it), every
   failure listed; then, if the offering uses an aptitude test with a minimum, the test points
   must reach it.
3. The score: the merit value, plus test points × the offering's multiplier for an offering
   with a test (rounded half-up to hundredths).
4. The priority key from the priority rules: class, score, then the tie-break chain ending in
   the lottery, drawn from the seed for applicants without a given number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

import numpy as np

from samverka.domain.admission.admission_run import IndexedProblem
from samverka.domain.admission.calendar import GradeTerm
from samverka.domain.admission.conditions import ApplicantFacts, condition_failures
from samverka.domain.admission.eligibility import (
    Eligibility,
    RequirementFailure,
    check_eligibility,
)
from samverka.domain.admission.grades import GradeSheet
from samverka.domain.admission.lottery import complete_lottery
from samverka.domain.admission.matching_problem import ChoiceStatus, MatchingProblem
from samverka.domain.admission.merit import MeritValue, compute_merit
from samverka.domain.admission.points import to_centi
from samverka.domain.admission.priorities import (
    PriorityClass,
    PriorityInputs,
    PriorityRules,
    priority_keys,
)
from samverka.domain.admission.rule_set import AdmissionRuleSet

_CENT = Decimal("0.01")


class OfferingStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class AptitudeTest:
    multiplier: Decimal = Decimal(1)
    minimum: Decimal | None = None


@dataclass(frozen=True, slots=True)
class GradedOffering:
    """``organiser`` identifies the receiving organiser (huvudman), whose English dispensation
    decisions apply to its offerings only; ``leads_to`` is the national programme an IMV
    offering leads to (None for every other programme)."""

    offering_id: str
    programme: str
    capacity: int
    status: OfferingStatus = OfferingStatus.OPEN
    test: AptitudeTest | None = None
    organiser: str = ""
    leads_to: str | None = None


@dataclass(frozen=True, slots=True)
class GradedChoice:
    """``over_age_agreement``: the home municipality and the receiving organiser agreed to
    receive an over-age applicant on this choice (``conditions``, step 1)."""

    offering_id: str
    reception: PriorityClass = PriorityClass.FIRST_HAND  # FIRST_HAND or SECOND_HAND
    discretionary_quota: bool = False
    late: bool = False
    test_points: Decimal | None = None
    over_age_agreement: bool = False
    reception_ground: str | None = None  # ``reception.ReceptionGround``, when it was derived

    def priority_class(self) -> PriorityClass:
        """Discretionary quota, else the reception class in the choice's selection group."""
        if self.discretionary_quota:
            return PriorityClass.DISCRETIONARY_QUOTA
        return PriorityClass.of(self.reception, self.late)


@dataclass(frozen=True, slots=True)
class GradedApplicant:
    """``english_dispensation``: the organisers that decided the dispensation from the English
    requirement for this applicant (SL 16 kap. 32 §), each for its own offerings only.
    ``grades_from`` is the term whose grades make the sheet, where the caller knows it (the
    preliminary round uses the final grades of an applicant without autumn grades)."""

    applicant_id: str
    sheet: GradeSheet
    choices: tuple[GradedChoice, ...]  # in rank order
    english_dispensation: frozenset[str] = frozenset()
    lottery: int | None = None
    facts: ApplicantFacts = field(default_factory=ApplicantFacts)
    grades_from: GradeTerm | None = None


@dataclass(frozen=True, slots=True, eq=False)
class GradedProblem:
    indexed: IndexedProblem
    merits: tuple[MeritValue, ...]


EligibilityMemo = dict[tuple[frozenset[str], str, str | None, str | None], Eligibility]
"""Eligibility by passed subjects, programme, the programme IMV leads to and the organiser
whose English dispensation applies (None where none does): equal keys share one check."""


@dataclass(slots=True)
class _Rows:
    status: list[int]
    score: list[int]
    class_index: list[int]
    failures: dict[int, tuple[str, ...]]
    eligibility: EligibilityMemo


def index_graded(
    offerings: list[GradedOffering],
    applicants: list[GradedApplicant],
    rules: AdmissionRuleSet,
    priority_rules: PriorityRules,
    seed: int,
) -> GradedProblem:
    by_id = {offering.offering_id: offering for offering in offerings}
    offering_index = {offering.offering_id: i for i, offering in enumerate(offerings)}
    merits = tuple(compute_merit(applicant.sheet, rules.merit) for applicant in applicants)
    rows = _Rows([], [], [], {}, {})
    for applicant, merit in zip(applicants, merits, strict=True):
        _add_rows(rows, applicant, merit, by_id, rules, priority_rules)
    lengths = np.array([len(applicant.choices) for applicant in applicants], dtype=np.int64)
    start = np.zeros(len(applicants) + 1, dtype=np.int64)
    np.cumsum(lengths, out=start[1:])
    owner = np.repeat(np.arange(len(applicants), dtype=np.int64), lengths)
    lottery = complete_lottery([a.lottery for a in applicants], seed)
    score = np.array(rows.score, dtype=np.int64)
    inputs = PriorityInputs(
        class_index=np.array(rows.class_index, dtype=np.int64),
        score_centi=score,
        rank=np.arange(len(owner), dtype=np.int64) - start[owner] + 1,
        grade_value_centi=np.array([to_centi(m.value) for m in merits], np.int64)[owner],
        grade_count=np.array([m.grade_count for m in merits], dtype=np.int64)[owner],
        lottery=lottery[owner],
    )
    chosen = [choice.offering_id for applicant in applicants for choice in applicant.choices]
    problem = MatchingProblem(
        capacity=np.array([offering.capacity for offering in offerings], dtype=np.int64),
        choice_start=start,
        choice_offering=np.array([offering_index[o] for o in chosen], dtype=np.int64),
        choice_status=np.array(rows.status, dtype=np.int8),
        priority_key=priority_keys(priority_rules, inputs),
        score_centi=score,
    )
    indexed = IndexedProblem(
        problem=problem,
        applicant_ids=tuple(applicant.applicant_id for applicant in applicants),
        offering_ids=tuple(offering.offering_id for offering in offerings),
        lottery=lottery,
        seed=seed,
        failures=rows.failures,
    )
    return GradedProblem(indexed, merits)


def _add_rows(
    rows: _Rows,
    applicant: GradedApplicant,
    merit: MeritValue,
    offerings: dict[str, GradedOffering],
    rules: AdmissionRuleSet,
    priority_rules: PriorityRules,
) -> None:
    passed = frozenset(grade.subject for grade in applicant.sheet.grades if grade.is_pass)
    for choice in applicant.choices:
        offering = offerings[choice.offering_id]
        status, failures = _status(applicant, passed, choice, offering, rules, rows.eligibility)
        if failures:
            rows.failures[len(rows.status)] = failures
        rows.status.append(status)
        rows.score.append(to_centi(score_of(merit.value, choice, offering)))
        rows.class_index.append(priority_rules.class_index(choice.priority_class()))


def score_of(merit: Decimal, choice: GradedChoice, offering: GradedOffering) -> Decimal:
    """Merit value, plus test points × multiplier where the offering uses a test."""
    if offering.test is None:
        return merit
    points = choice.test_points or Decimal(0)
    return (merit + points * offering.test.multiplier).quantize(_CENT, rounding=ROUND_HALF_UP)


def _status(
    applicant: GradedApplicant,
    passed: frozenset[str],
    choice: GradedChoice,
    offering: GradedOffering,
    rules: AdmissionRuleSet,
    known: EligibilityMemo,
) -> tuple[ChoiceStatus, tuple[str, ...]]:
    if offering.status is OfferingStatus.CLOSED:
        return ChoiceStatus.OFFERING_CLOSED, ()
    failures = choice_failures(applicant, passed, choice, offering, rules, known)
    if failures:
        return ChoiceStatus.NOT_ELIGIBLE, tuple(f.describe() for f in failures)
    minimum = offering.test.minimum if offering.test is not None else None
    if minimum is not None and (choice.test_points is None or choice.test_points < minimum):
        return ChoiceStatus.BELOW_TEST_MINIMUM, ()
    return ChoiceStatus.ADMISSIBLE, ()


def choice_failures(
    applicant: GradedApplicant,
    passed: frozenset[str],
    choice: GradedChoice,
    offering: GradedOffering,
    rules: AdmissionRuleSet,
    known: EligibilityMemo,
) -> tuple[RequirementFailure, ...]:
    """Every condition and requirement the applicant does not meet for the choice (step 2);
    ``passed`` are the sheet's passed subjects, ``known`` the memo of eligibility checks."""
    group = rules.eligibility.group_of(offering.programme)
    conditions = condition_failures(
        applicant.facts,
        offering.programme,
        group,
        rules.conditions,
        over_age_agreement=choice.over_age_agreement,
    )
    # A dispensation is the receiving organiser's decision for its own offerings only.
    dispensing = (
        offering.organiser if offering.organiser in applicant.english_dispensation else None
    )
    memo_key = (passed, offering.programme, offering.leads_to, dispensing)
    eligibility = known.get(memo_key)
    if eligibility is None:
        eligibility = check_eligibility(
            applicant.sheet,
            offering.programme,
            rules.eligibility,
            english_dispensation=dispensing is not None,
            leads_to=offering.leads_to,
        )
        known[memo_key] = eligibility
    return (*conditions, *eligibility.failures)
