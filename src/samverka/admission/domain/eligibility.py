"""Whether a grade sheet makes an applicant eligible for a programme, and if not, why.

Procedure (skollagen 2010:800, 16 kap. 30–32 §§ and 17 kap.; admissions-rules.md §2.2–2.3):

1. A pass is a grade A–E. Grades after prövning or on an introductory programme always count
   here: they exist to give eligibility (the merit rules may still leave them out of the merit).
2. The programme code gives the programme group and its requirements; any one alternative met
   makes the applicant eligible (IMV has two).
3. Within one alternative every requirement is checked and every failure listed:
   * each core place (e.g. Sv or SvA; En; Ma) needs a pass in one of its subjects;
   * each named subject (e.g. Bi, Fy, Ke) needs a pass;
   * the passes must reach the total (8 / 12 / 6). Passes are counted per subject, and Sv and
     SvA are one subject in two variants: passes in both count once, because the law asks for
     "svenska eller svenska som andraspråk … och minst fem andra ämnen" and a pupil reads one
     or the other. The total is checked on the subjects beyond the core places, so that a
     missing core subject is reported once (as missing) and not again as a short count; a core
     place's second passed subject (En when Ma fills "Ma or En") is one of the other subjects.
4. If no alternative is met, the failures reported are those of the alternative closest to
   being met (fewest failures; the first on a tie).
5. English dispensation (16 kap. 32 §), when the caller says the organiser granted it: for a
   national programme whose only failure is the missing pass in English, the applicant is
   eligible when Ma and Sv/SvA are passed and at least 7 (vocational) / 11 (university-
   preparatory) passes other than English are reached. Never for introductory programmes.
   The decision is the receiving organiser's, for its own offerings: the caller passes it
   only for a choice of an offering of an organiser that decided it.
6. An introductory programme is also closed to applicants whose grades make them eligible
   for a national programme (SL 17 kap., ``rule_set.IntroductoryAccess``), judged by steps 1–4
   without any dispensation: IMV to those eligible for the national programme the offering
   leads to (``leads_to``, required for IMV), IMY and IMA to those eligible for a vocational
   programme, IMS to those eligible for any national programme. Each is reported with what
   the applicant is eligible for ("eligible for a vocational programme").

The general conditions beside the grades (age, a completed national programme, newly arrived
for IMS) are ``conditions``; they report their failures with the codes of this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from samverka.admission.domain.grades import GradeSheet
from samverka.admission.domain.rule_set import EligibilityRules, ProgrammeGroupRequirement

_SHORT_NAMES = {"SVA": "SvA", "TSP": "TSp"}


class FailureCode(StrEnum):
    MISSING_SUBJECT = "missing_subject"
    TOO_FEW_PASSES = "too_few_passes"
    ELIGIBLE_FOR_GROUP = "eligible_for_group"  # introductory: eligible for e.g. vocational
    ELIGIBLE_FOR_PROGRAMME = "eligible_for_programme"  # IMV: eligible for the programme it leads to
    TOO_OLD = "too_old"  # SL 15 kap. 5 §, without an agreement on the choice
    COMPLETED_PROGRAMME = "completed_programme"  # has completed a national programme
    NOT_NEWLY_ARRIVED = "not_newly_arrived"  # IMS, SL 17 kap. 13 §, 3 kap. 12 a §


_GROUP_NAMES = {
    "vocational": "a vocational programme",
    "aesthetic": "the aesthetic programme",
    "social": "a social-science programme",
    "science": "a natural-science programme",
}


@dataclass(frozen=True, slots=True)
class RequirementFailure:
    """One requirement not met, with the figures its reason needs.

    * MISSING_SUBJECT: ``subjects`` are the alternatives (one pass needed).
    * TOO_FEW_PASSES: ``required`` and ``achieved`` passes.
    * ELIGIBLE_FOR_GROUP / ELIGIBLE_FOR_PROGRAMME: ``subjects`` holds the group or programme
      code the applicant is eligible for, which closes the introductory programme.
    * TOO_OLD: ``required`` is the year the applicant turns ``achieved`` (20), by whose first
      half-year they had to start; ``detail`` the birth date.
    * COMPLETED_PROGRAMME: no figures.
    * NOT_NEWLY_ARRIVED: ``required`` is the limit in years, ``detail`` the arrival date ("" if
      none is recorded).
    """

    code: FailureCode
    subjects: tuple[str, ...]
    required: int
    achieved: int
    detail: str = ""

    def describe(self) -> str:
        """A short English reason, e.g. "missing pass in Sv or SvA"."""
        code = self.code
        if code is FailureCode.MISSING_SUBJECT:
            return "missing pass in " + " or ".join(_short_name(s) for s in self.subjects)
        if code is FailureCode.TOO_FEW_PASSES:
            return f"{self.required} passes required, {self.achieved} achieved"
        if code is FailureCode.ELIGIBLE_FOR_GROUP:
            group = _GROUP_NAMES.get(self.subjects[0], self.subjects[0])
            return f"not eligible for an introductory programme: eligible for {group}"
        if code is FailureCode.ELIGIBLE_FOR_PROGRAMME:
            return (
                f"not eligible for programinriktat val: eligible for {self.subjects[0]},"
                " the programme it leads to"
            )
        if code is FailureCode.TOO_OLD:
            return (
                f"too old: turns {self.achieved} in {self.required} and had to start by 30 June"
                f" {self.required} (over age: needs an agreement on the choice)"
            )
        if code is FailureCode.COMPLETED_PROGRAMME:
            return "has already completed a national programme"
        if not self.detail:
            return "not newly arrived: no arrival date recorded"
        return (
            f"not newly arrived: arrived {self.detail}, {self.required} years or more before"
            " the start of studies"
        )


@dataclass(frozen=True, slots=True)
class Eligibility:
    """The verdict; an ineligible applicant has every failed requirement listed."""

    eligible: bool
    failures: tuple[RequirementFailure, ...]
    english_dispensation_applied: bool = False

    def __post_init__(self) -> None:
        if self.eligible == bool(self.failures):
            raise ValueError("an eligible result has no failures; an ineligible one has some")


def check_eligibility(
    sheet: GradeSheet,
    programme_code: str,
    rules: EligibilityRules,
    *,
    english_dispensation: bool = False,
    leads_to: str | None = None,
) -> Eligibility:
    """Eligibility of ``sheet`` for ``programme_code``; ``ValueError`` for an unknown code, or
    for IMV without the national programme the offering leads to (``leads_to``).

    ``english_dispensation`` says the receiving organiser decided on the dispensation from the
    English requirement for this applicant (not tried in the preliminary round).
    """
    group = rules.group_of(programme_code)
    passed = frozenset(grade.subject for grade in sheet.grades if grade.is_pass)
    attempts = [_failures(passed, req, rules) for req in rules.requirements[group]]
    closed = _closed_introductory(passed, programme_code, leads_to, rules)
    if any(not failures for failures in attempts):
        return Eligibility(eligible=not closed, failures=closed)
    closest = min(attempts, key=len)
    if english_dispensation and _dispensation_applies(passed, group, closest, rules):
        return Eligibility(eligible=True, failures=(), english_dispensation_applied=True)
    return Eligibility(eligible=False, failures=(*closest, *closed))


def _closed_introductory(
    passed: frozenset[str], programme_code: str, leads_to: str | None, rules: EligibilityRules
) -> tuple[RequirementFailure, ...]:
    """Why an introductory programme is closed to an applicant eligible for a national one."""
    access = rules.introductory.get(programme_code)
    if access is None:
        return ()
    failures = []
    if access.closed_if_eligible_for_target:
        target = leads_to or ""
        if rules.programme_groups.get(target) not in rules.national_groups:
            raise ValueError(
                f"an offering of {programme_code} must name the national programme it leads"
                f" to, not {leads_to!r}"
            )
        if _meets(passed, rules.group_of(target), rules):
            failures.append(RequirementFailure(FailureCode.ELIGIBLE_FOR_PROGRAMME, (target,), 0, 0))
    eligible_for = next(
        (g for g in access.closed_if_eligible_for if _meets(passed, g, rules)), None
    )
    if eligible_for is not None:
        failures.append(RequirementFailure(FailureCode.ELIGIBLE_FOR_GROUP, (eligible_for,), 0, 0))
    return tuple(failures)


def _meets(passed: frozenset[str], group: str, rules: EligibilityRules) -> bool:
    """Whether the passes meet one of the group's requirements (no dispensation)."""
    return any(not _failures(passed, req, rules) for req in rules.requirements[group])


def _failures(
    passed: frozenset[str], requirement: ProgrammeGroupRequirement, rules: EligibilityRules
) -> list[RequirementFailure]:
    failures: list[RequirementFailure] = []
    filled_core = 0
    for alternatives in requirement.core:
        if passed.intersection(alternatives):
            filled_core += 1
        else:
            failures.append(_missing(alternatives))
    failures.extend(_missing((subject,)) for subject in requirement.named if subject not in passed)
    subjects_passed = _count_subjects(passed, rules.one_subject_groups)
    if subjects_passed - filled_core < requirement.other_passes:
        failures.append(
            RequirementFailure(
                FailureCode.TOO_FEW_PASSES, (), requirement.total_passes, subjects_passed
            )
        )
    return failures


def _dispensation_applies(
    passed: frozenset[str],
    group: str,
    failures: Sequence[RequirementFailure],
    rules: EligibilityRules,
) -> bool:
    dispensation = rules.english_dispensation
    needed = dispensation.passes_without_english.get(group)
    if needed is None or list(failures) != [_missing((dispensation.subject,))]:
        return False
    if not all(passed.intersection(alternatives) for alternatives in dispensation.required):
        return False
    others = passed - {dispensation.subject}
    return _count_subjects(others, rules.one_subject_groups) >= needed


def _count_subjects(passed: Iterable[str], one_subject_groups: Sequence[frozenset[str]]) -> int:
    """Passed subjects, with each one-subject group (Sv and SvA) counted once."""
    units = {
        next((group for group in one_subject_groups if subject in group), frozenset({subject}))
        for subject in passed
    }
    return len(units)


def _missing(subjects: tuple[str, ...]) -> RequirementFailure:
    return RequirementFailure(FailureCode.MISSING_SUBJECT, subjects, required=1, achieved=0)


def _short_name(subject: str) -> str:
    return _SHORT_NAMES.get(subject, subject.capitalize())
