"""The admission year's merit formula and eligibility rules, as data.

Procedure (admissions-rules.md §11.1 items 2–3): every number and subject list that the law or
the admission office could change lives here, so that a year's rules are one value that can be
versioned with a run. ``default_rule_set`` gives the rules in force since admission 2019:

* Merit value: gymnasieförordningen (2010:2039) 7 kap. 4 § as amended by SFS 2011:2 and 2011:3
  (best 16 grades, A=20 … F=0, the modern language as språkval as a 17th grade from admission
  2014/15, reduced-timetable scaling, grades after prövning or on an introductory programme).
* National programmes: skollagen (2010:800) 16 kap. 30 § (vocational: Sv/SvA, En, Ma + 5 other
  subjects) and 31 § (university-preparatory: Sv/SvA, En, Ma + 9 other subjects, named subjects
  per programme); English dispensation 16 kap. 32 § with Skolverket's guidance (7 / 11 other
  passes including Ma and Sv/SvA).
* Introductory programmes: IMV (programinriktat val, since admission 2019) Sv/SvA, En, Ma + 3
  other subjects, or Sv/SvA, En or Ma + 4 other subjects; IMY, IMA, IMS have no grade
  requirements (Skolverket, admissions-rules.md §2.3). Beside its own requirement, each is
  closed to some applicants who are eligible for a national programme (SL 17 kap.; Skolverket:
  "Huvudregeln är att inga behöriga elever ska gå ett introduktionsprogram"), as
  ``IntroductoryAccess`` says: IMV to those eligible for the national programme the offering
  leads to; IMY and IMA to those eligible for a vocational programme ("För yrkesintroduktion och
  individuellt alternativ får du inte ha uppnått behörighet till yrkesprogram", Helsingborg;
  Skolverket); IMS, which is for the newly arrived (SL 17 kap. 13 §, see ``conditions``), to
  those eligible for a national programme (SL 17 kap.'s main rule). The sources say nothing
  more of IMS; ``default_eligibility_rules(language_introduction_open_to_eligible=True)`` is
  the alternative reading, under which IMS asks only that the applicant is newly arrived.
* General conditions (``conditions``): the age limit of SL 15 kap. 5 §, an earlier completed
  national programme, and being newly arrived for IMS (SL 3 kap. 12 a §: four years).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from samverka.admission.domain.grades import GradeLetter

# Svenska and svenska som andraspråk are one subject studied in one of two variants (a
# compulsory-school pupil reads one or the other): they fill one place among the counted or
# passed subjects, never two.
SWEDISH_VARIANTS: Final = frozenset({"SV", "SVA"})

FIRST_SUPPORTED_YEAR: Final = 2019  # IMV replaced preparandutbildning from admission 2019

RULES_REVISION: Final = 2
"""The revision of the rules in ``version``. 2 (issue 12): introductory programmes closed to the
eligible, the age and completed-programme conditions, the English dispensation per organiser,
final grades in the preliminary round for those without autumn grades, a dancer's M2 added
after scaling, fri kvot as a capped quota, offerings ranked by the school and the organiser's
assessment of equivalent knowledge. A round stored under another revision is not computed again."""

_VOCATIONAL_CODES: Final = ("BF", "BA", "EE", "FT", "HA", "HV", "HT", "IN", "NB", "RL", "VF", "VO")


class ProgrammeGroup(StrEnum):
    """Programmes that share one eligibility rule."""

    VOCATIONAL = "vocational"
    AESTHETIC = "aesthetic"  # ES
    SOCIAL = "social"  # EK, HU, SA
    SCIENCE = "science"  # NA, TE
    IMV = "imv"
    OPEN_INTRODUCTORY = "open_introductory"  # IMY, IMA, IMS: no grade requirements


NATIONAL_GROUPS: Final = frozenset(
    {
        ProgrammeGroup.VOCATIONAL,
        ProgrammeGroup.AESTHETIC,
        ProgrammeGroup.SOCIAL,
        ProgrammeGroup.SCIENCE,
    }
)
"""The groups of the 18 national programmes (the rest are introductory programmes)."""


def _default_grade_values() -> Mapping[GradeLetter, Decimal]:
    values = {"A": "20", "B": "17.5", "C": "15", "D": "12.5", "E": "10", "F": "0"}
    return MappingProxyType({GradeLetter(k): Decimal(v) for k, v in values.items()})


@dataclass(frozen=True, slots=True)
class MeritRules:
    """The merit formula (GyF 7 kap. 4 §)."""

    grade_values: Mapping[GradeLetter, Decimal] = field(default_factory=_default_grade_values)
    best_count: int = 16
    extra_grade_subjects: frozenset[str] = frozenset({"M2"})
    never_extra_subjects: frozenset[str] = frozenset({"ML"})
    one_subject_groups: tuple[frozenset[str], ...] = (SWEDISH_VARIANTS,)
    scale_reduced_timetable: bool = True
    count_retake_grades: bool = True
    scaled_quantum: Decimal = Decimal("0.01")
    scaled_rounding: str = ROUND_HALF_UP

    def __post_init__(self) -> None:
        missing = [letter for letter in GradeLetter if letter not in self.grade_values]
        if missing:
            raise ValueError(f"grade values missing for {', '.join(missing)}")
        if self.best_count < 1:
            raise ValueError(f"best_count must be positive, got {self.best_count}")

    @property
    def extra_candidates(self) -> frozenset[str]:
        """Subjects whose grade may be the 17th (the extra) grade."""
        return self.extra_grade_subjects - self.never_extra_subjects


@dataclass(frozen=True, slots=True)
class ProgrammeGroupRequirement:
    """One way to be eligible: every core place and named subject passed, enough passes.

    ``core`` lists places that one of several subjects fills, e.g. ``(("SV", "SVA"), ("EN",))``;
    ``named`` subjects must be among the other passes; ``total_passes`` counts the core places
    and the other passed subjects together (8 for vocational, 12 for university-preparatory).
    """

    group: str
    core: tuple[tuple[str, ...], ...] = ()
    named: tuple[str, ...] = ()
    total_passes: int = 0

    def __post_init__(self) -> None:
        if any(not alternatives for alternatives in self.core):
            raise ValueError(f"{self.group}: a core place needs at least one subject")
        in_core = {subject for alternatives in self.core for subject in alternatives}
        if in_core & set(self.named):
            raise ValueError(f"{self.group}: a named subject is also a core subject")
        if self.total_passes < len(self.core) + len(self.named):
            raise ValueError(f"{self.group}: total_passes is below the required subjects")

    @property
    def other_passes(self) -> int:
        """Passes required beyond the core places (named subjects included)."""
        return self.total_passes - len(self.core)


@dataclass(frozen=True, slots=True)
class EnglishDispensation:
    """Eligibility without English (SL 16 kap. 32 §), per programme group that allows it.

    ``passes_without_english`` maps a group to the passes needed other than English (7 / 11);
    groups absent from it (introductory programmes) never get the dispensation.
    """

    passes_without_english: Mapping[str, int]
    subject: str = "EN"
    required: tuple[tuple[str, ...], ...] = (("MA",), ("SV", "SVA"))


@dataclass(frozen=True, slots=True)
class IntroductoryAccess:
    """Whom an introductory programme is closed to, beside its own grade requirement (SL 17 kap.).

    ``closed_if_eligible_for`` lists programme groups: an applicant whose grades make them
    eligible for one of them (without any English dispensation) is refused. With
    ``closed_if_eligible_for_target`` (IMV) the applicant is refused when eligible for the
    national programme the offering leads to, which every such offering must name.
    """

    closed_if_eligible_for: tuple[str, ...] = ()
    closed_if_eligible_for_target: bool = False


@dataclass(frozen=True, slots=True)
class EligibilityRules:
    """Subject requirements per programme group (SL 16 kap. 30–32 §§, 17 kap.).

    ``requirements`` maps a group to its alternatives: an applicant meeting any one is eligible
    (IMV has two; a group without grade requirements has one empty requirement).
    """

    programme_groups: Mapping[str, str]
    requirements: Mapping[str, tuple[ProgrammeGroupRequirement, ...]]
    english_dispensation: EnglishDispensation
    one_subject_groups: tuple[frozenset[str], ...] = (SWEDISH_VARIANTS,)
    introductory: Mapping[str, IntroductoryAccess] = field(
        default_factory=lambda: MappingProxyType({})
    )  # programme code → whom it is closed to
    national_groups: frozenset[str] = NATIONAL_GROUPS

    def __post_init__(self) -> None:
        for code, group in self.programme_groups.items():
            if not self.requirements.get(group):
                raise ValueError(f"programme {code}: group {group!r} has no requirement")
        for code, access in self.introductory.items():
            if self.programme_groups.get(code) in self.national_groups:
                raise ValueError(f"programme {code} is a national programme, not introductory")
            unknown = set(access.closed_if_eligible_for) - set(self.requirements)
            if unknown:
                raise ValueError(f"programme {code}: unknown groups {sorted(unknown)}")

    def is_national(self, programme_code: str) -> bool:
        """Whether the programme is one of the national programmes."""
        return self.group_of(programme_code) in self.national_groups

    def group_of(self, programme_code: str) -> str:
        """The programme's group; ``ValueError`` for an unknown programme code."""
        group = self.programme_groups.get(programme_code)
        if group is None:
            known = ", ".join(sorted(self.programme_groups))
            raise ValueError(f"unknown programme code {programme_code!r}; known codes: {known}")
        return group


@dataclass(frozen=True, slots=True)
class ConditionRules:
    """The general conditions beside the grades (``conditions``), as settings.

    ``studies_start`` is the first day of the autumn term the admission is for [I: 15 August;
    the age rule gives the same answer for any day of the second half-year, the newly-arrived
    rule counts its four years to this day]. ``age_limit``: studies must begin by the first
    calendar half-year of the year the applicant turns this age (SL 15 kap. 5 §: 20).
    ``newly_arrived_years``: one is no longer newly arrived after this many years of schooling
    in Sweden (SL 3 kap. 12 a §: four); ``newly_arrived_programmes`` are open only to the newly
    arrived (IMS, SL 17 kap. 13 §). ``completed_programme_closes`` lists the programme groups
    closed to an applicant who has completed a national programme: the national ones (SL 16
    kap.; the alternative reading adds the introductory groups).
    """

    studies_start: date
    age_limit: int = 20
    newly_arrived_years: int = 4
    newly_arrived_programmes: frozenset[str] = frozenset({"IMS"})
    completed_programme_closes: frozenset[str] = NATIONAL_GROUPS

    def __post_init__(self) -> None:
        if self.age_limit < 1 or self.newly_arrived_years < 1:
            raise ValueError("the age limit and the newly-arrived years must be positive")


@dataclass(frozen=True, slots=True)
class AdmissionRuleSet:
    """All rules of one admission year; ``version`` identifies them in a run's record."""

    year: int
    version: str
    merit: MeritRules
    eligibility: EligibilityRules
    conditions: ConditionRules


_CORE: Final = (("SV", "SVA"), ("EN",), ("MA",))


def _default_requirements() -> dict[str, tuple[ProgrammeGroupRequirement, ...]]:
    group = ProgrammeGroup
    return {
        group.VOCATIONAL: (ProgrammeGroupRequirement(group.VOCATIONAL, _CORE, (), 8),),
        group.AESTHETIC: (ProgrammeGroupRequirement(group.AESTHETIC, _CORE, (), 12),),
        group.SOCIAL: (
            ProgrammeGroupRequirement(group.SOCIAL, _CORE, ("GE", "HI", "RE", "SH"), 12),
        ),
        group.SCIENCE: (ProgrammeGroupRequirement(group.SCIENCE, _CORE, ("BI", "FY", "KE"), 12),),
        group.IMV: (
            ProgrammeGroupRequirement(group.IMV, _CORE, (), 6),
            ProgrammeGroupRequirement(group.IMV, (("SV", "SVA"), ("MA", "EN")), (), 6),
        ),
        group.OPEN_INTRODUCTORY: (ProgrammeGroupRequirement(group.OPEN_INTRODUCTORY),),
    }


def _default_programme_groups() -> dict[str, str]:
    groups: dict[str, str] = dict.fromkeys(_VOCATIONAL_CODES, ProgrammeGroup.VOCATIONAL)
    groups["ES"] = ProgrammeGroup.AESTHETIC
    groups.update(dict.fromkeys(("EK", "HU", "SA"), ProgrammeGroup.SOCIAL))
    groups.update(dict.fromkeys(("NA", "TE"), ProgrammeGroup.SCIENCE))
    groups["IMV"] = ProgrammeGroup.IMV
    groups.update(dict.fromkeys(("IMY", "IMA", "IMS"), ProgrammeGroup.OPEN_INTRODUCTORY))
    return groups


def _default_introductory(
    language_introduction_open_to_eligible: bool,
) -> dict[str, IntroductoryAccess]:
    vocational = IntroductoryAccess((ProgrammeGroup.VOCATIONAL,))
    # Vocational first: whoever is eligible for another national programme is for it too.
    group = ProgrammeGroup
    national = (group.VOCATIONAL, group.AESTHETIC, group.SOCIAL, group.SCIENCE)
    return {
        "IMV": IntroductoryAccess(closed_if_eligible_for_target=True),
        "IMY": vocational,
        "IMA": vocational,
        "IMS": IntroductoryAccess(() if language_introduction_open_to_eligible else national),
    }


def default_eligibility_rules(
    *, language_introduction_open_to_eligible: bool = False
) -> EligibilityRules:
    """Eligibility as in skollagen since admission 2019 (see the module docstring).

    ``language_introduction_open_to_eligible`` is the alternative reading for IMS (see the
    module docstring); the default is SL 17 kap.'s main rule.
    """
    group = ProgrammeGroup
    passes: dict[str, int] = {  # passes other than English: 7 vocational, 11 university-prep.
        group.VOCATIONAL: 7,
        group.AESTHETIC: 11,
        group.SOCIAL: 11,
        group.SCIENCE: 11,
    }
    return EligibilityRules(
        programme_groups=MappingProxyType(_default_programme_groups()),
        requirements=MappingProxyType(_default_requirements()),
        english_dispensation=EnglishDispensation(MappingProxyType(passes)),
        introductory=MappingProxyType(
            _default_introductory(language_introduction_open_to_eligible)
        ),
    )


def default_rule_set(year: int) -> AdmissionRuleSet:
    """The rules for admission to upper-secondary school in the autumn of ``year``."""
    if year < FIRST_SUPPORTED_YEAR:
        raise ValueError(
            f"no default rules for admission {year}: they cover {FIRST_SUPPORTED_YEAR} onwards"
        )
    return AdmissionRuleSet(
        year=year,
        version=f"gyf-2011:2/{year}.{RULES_REVISION}",
        merit=MeritRules(),
        eligibility=default_eligibility_rules(),
        conditions=ConditionRules(studies_start=date(year, 8, 15)),
    )
