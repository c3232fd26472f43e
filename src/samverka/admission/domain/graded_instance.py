"""An admission instance from grades: merit values and eligibility first, then priorities.

Procedure, per applicant and choice (admissions-rules.md §1–3):

1. The merit value from the grade sheet (``merit.compute_merit``, GyF 7 kap. 4 §; for a whole
   round at once ``merit_batch.merit_values``, which gives exactly the same).
2. The choice's status: a closed offering ("startar ej") is skipped; then the conditions
   beside the grades (``conditions``: age unless the choice records an over-age agreement, a
   completed national programme, newly arrived for IMS) and eligibility for the offering's
   programme (``eligibility.check_eligibility``: for IMV with the programme the offering leads
   to; with the English dispensation only where the offering's organiser decided it), every
   failure listed — the grade requirements are not checked where the organiser assessed that
   the applicant has knowledge equivalent to them ("motsvarande kunskaper", GyF 7 kap. 3 § 2
   and SL 16 kap. 30–31 §§: recorded on the choice, so for that offering only); then, if the
   offering uses an aptitude test with a minimum, the test points must reach it; last, on an
   offering the school ranks (``school_ranking``), an applicant the school has not ranked is
   not offered a place.
3. The score: the merit value, plus test points × the offering's multiplier for an offering
   with a test (rounded half-up to hundredths).
4. The priority key from the priority rules: class, score, then the tie-break chain ending in
   the lottery, drawn from the seed for applicants without a given number; on an offering the
   school ranks, the school's rank instead (``priorities.ranked_keys``).
5. Fri kvot: the offering's fri-kvot places (none on an offering the school ranks), the choices
   the organiser granted fri kvot, and the priority inside the quota (``priorities.quota_keys``)
   — ``quota_expansion`` fills them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

import numpy as np

from samverka.admission.domain.admission_run import IndexedProblem
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.conditions import (
    ApplicantFacts,
    closes_by_programme_only,
    condition_failures,
)
from samverka.admission.domain.eligibility import (
    Eligibility,
    RequirementFailure,
    check_eligibility,
)
from samverka.admission.domain.grades import GradeLetter, GradeSheet
from samverka.admission.domain.lottery import complete_lottery
from samverka.admission.domain.matching_problem import (
    ChoiceStatus,
    MatchingProblem,
    Quotas,
    SchoolRanking,
)
from samverka.admission.domain.merit import MeritValue
from samverka.admission.domain.merit_batch import merit_values
from samverka.admission.domain.points import to_centi
from samverka.admission.domain.priorities import (
    PriorityClass,
    PriorityInputs,
    PriorityRules,
    QuotaOrder,
    UnusedQuotaPlaces,
    priority_keys,
    quota_keys,
    ranked_keys,
)
from samverka.admission.domain.rule_set import AdmissionRuleSet
from samverka.admission.domain.school_ranking import is_ranked_by_school

_CENT = Decimal("0.01")
_FAIL = GradeLetter.F  # the one letter that does not pass (``GradeLetter.is_pass``)


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
    fri_kvot_places: int = 0  # of ``capacity``: the organiser's fri-kvot places
    ranked_by_school: bool = False  # the offering's setting (``school_ranking``)

    @property
    def school_ranked(self) -> bool:
        """Whether the school's ranking decides (IMA always; IMV/IMY by the setting)."""
        return is_ranked_by_school(self.programme, self.ranked_by_school)


@dataclass(frozen=True, slots=True)
class GradedChoice:
    """``over_age_agreement``: the home municipality and the receiving organiser agreed to
    receive an over-age applicant on this choice (``conditions``, step 1)."""

    offering_id: str
    reception: PriorityClass = PriorityClass.FIRST_HAND  # FIRST_HAND or SECOND_HAND
    discretionary_quota: bool = False  # the organiser granted fri kvot for this choice
    late: bool = False
    test_points: Decimal | None = None
    over_age_agreement: bool = False
    reception_ground: str | None = None  # ``reception.ReceptionGround``, when it was derived
    school_rank: int | None = None  # the school's rank, on an offering the school ranks
    equivalent_knowledge: bool = False  # the organiser's assessment of foreign grades

    def priority_class(self) -> PriorityClass:
        """The reception class in the choice's selection group (fri kvot is a quota, not a
        class)."""
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
    claim: list[bool]
    school_rank: list[int]
    class_of: dict[tuple[PriorityClass, bool], int] = field(default_factory=dict)
    # By a shared choice object's identity (alive while the round is indexed): its offering,
    # the class index of its selection group, and whether the school ranks the offering.
    of_choice: dict[int, tuple[GradedOffering, int, bool]] = field(default_factory=dict)


def index_graded(
    offerings: list[GradedOffering],
    applicants: list[GradedApplicant],
    rules: AdmissionRuleSet,
    priority_rules: PriorityRules,
    seed: int,
) -> GradedProblem:
    by_id = {offering.offering_id: offering for offering in offerings}
    offering_index = {offering.offering_id: i for i, offering in enumerate(offerings)}
    merits = merit_values([applicant.sheet for applicant in applicants], rules.merit)
    rows = _Rows([], [], [], {}, {}, [], [])
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
    choice_offering = np.array([offering_index[o] for o in chosen], dtype=np.int64)
    ranking = _ranking(offerings, choice_offering, rows)
    key = priority_keys(priority_rules, inputs)
    if ranking is not None:
        ranked = ranking.ranked[choice_offering]
        key[ranked] = ranked_keys(ranking.rank[ranked], inputs.lottery[ranked])
    problem = MatchingProblem(
        capacity=np.array([offering.capacity for offering in offerings], dtype=np.int64),
        choice_start=start,
        choice_offering=choice_offering,
        choice_status=np.array(rows.status, dtype=np.int8),
        priority_key=key,
        score_centi=score,
        quotas=_quotas(offerings, rows, key, priority_rules),
        ranking=ranking,
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


def _ranking(
    offerings: list[GradedOffering], choice_offering: np.ndarray, rows: _Rows
) -> SchoolRanking | None:
    ranked = np.array([offering.school_ranked for offering in offerings], dtype=bool)
    if not ranked.any():
        return None
    rank = np.array(rows.school_rank, dtype=np.int64)
    return SchoolRanking(ranked, np.where(ranked[choice_offering], rank, 0))


def _quotas(
    offerings: list[GradedOffering], rows: _Rows, key: np.ndarray, priority_rules: PriorityRules
) -> Quotas | None:
    places = [0 if o.school_ranked else o.fri_kvot_places for o in offerings]
    if not any(places):
        return None
    claim = np.array(rows.claim, dtype=bool)
    rules = priority_rules.quota
    return Quotas(
        places=np.array(places, dtype=np.int64),
        claim=claim,
        key=quota_keys(claim, key),
        reverts=rules.unused_places is UnusedQuotaPlaces.REVERT,
        quota_first=rules.order is QuotaOrder.QUOTA_FIRST,
    )


def _add_rows(
    rows: _Rows,
    applicant: GradedApplicant,
    merit: MeritValue,
    offerings: dict[str, GradedOffering],
    rules: AdmissionRuleSet,
    priority_rules: PriorityRules,
) -> None:
    # ``Grade.is_pass`` and ``GradedChoice.priority_class`` without their calls for every grade
    # and choice of a round (half a million and a hundred thousand): the same rules, inline.
    passed = frozenset([g.subject for g in applicant.sheet.grades if g.letter is not _FAIL])
    merit_centi = to_centi(merit.value)
    classes = rows.class_of
    by_programme = closes_by_programme_only(applicant.facts, rules.conditions)
    of_choice = rows.of_choice
    for choice in applicant.choices:
        known = of_choice.get(id(choice))
        if known is None:
            key = (choice.reception, choice.late)
            class_index = classes.get(key)
            if class_index is None:
                class_index = classes[key] = priority_rules.class_index(choice.priority_class())
            offering = offerings[choice.offering_id]
            known = of_choice[id(choice)] = (offering, class_index, offering.school_ranked)
        offering, class_index, school_ranked = known
        status, failures = _status(
            applicant, passed, choice, offering, rules, rows.eligibility, by_programme
        )
        if status is ChoiceStatus.ADMISSIBLE and school_ranked and not choice.school_rank:
            status = ChoiceStatus.NOT_OFFERED
        if failures:
            rows.failures[len(rows.status)] = failures
        rows.status.append(status)
        if offering.test is None:
            rows.score.append(merit_centi)
        else:
            rows.score.append(to_centi(score_of(merit.value, choice, offering)))
        rows.class_index.append(class_index)
        rows.claim.append(choice.discretionary_quota)
        rows.school_rank.append(choice.school_rank or 0)


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
    by_programme: bool = False,
) -> tuple[ChoiceStatus, tuple[str, ...]]:
    if offering.status is OfferingStatus.CLOSED:
        return ChoiceStatus.OFFERING_CLOSED, ()
    failures = choice_failures(applicant, passed, choice, offering, rules, known, by_programme)
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
    by_programme: bool = False,
) -> tuple[RequirementFailure, ...]:
    """Every condition and requirement the applicant does not meet for the choice (step 2);
    ``passed`` are the sheet's passed subjects, ``known`` the memo of eligibility checks. The
    organiser's assessment of equivalent knowledge stands for the grade requirements, not for
    the conditions beside them. ``by_programme``: the caller found
    ``conditions.closes_by_programme_only`` true for the applicant, so the conditions need
    not be tried on a programme outside the newly-arrived ones."""
    programme = offering.programme
    conditions: tuple[RequirementFailure, ...] = ()
    if not by_programme or programme in rules.conditions.newly_arrived_programmes:
        conditions = condition_failures(
            applicant.facts,
            programme,
            rules.eligibility.group_of(programme),
            rules.conditions,
            over_age_agreement=choice.over_age_agreement,
        )
    if choice.equivalent_knowledge:
        return conditions
    # A dispensation is the receiving organiser's decision for its own offerings only.
    dispensing = (
        offering.organiser if offering.organiser in applicant.english_dispensation else None
    )
    memo_key = (passed, programme, offering.leads_to, dispensing)
    eligibility = known.get(memo_key)
    if eligibility is None:
        eligibility = check_eligibility(
            applicant.sheet,
            programme,
            rules.eligibility,
            english_dispensation=dispensing is not None,
            leads_to=offering.leads_to,
        )
        known[memo_key] = eligibility
    return (*conditions, *eligibility.failures) if conditions else eligibility.failures
