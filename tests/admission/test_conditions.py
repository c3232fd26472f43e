"""The conditions beside the grades: age (SL 15 kap. 5 §), an earlier completed national
programme (SL 16 kap.), newly arrived for språkintroduktion (SL 17 kap. 13 §, 3 kap. 12 a §)."""

from __future__ import annotations

from datetime import date

import pytest

from samverka.admission.domain.conditions import (
    ApplicantFacts,
    closes_by_programme_only,
    condition_failures,
    is_newly_arrived,
    is_over_age,
    last_start,
)
from samverka.admission.domain.eligibility import FailureCode, RequirementFailure
from samverka.admission.domain.rule_set import (
    NATIONAL_GROUPS,
    ConditionRules,
    ProgrammeGroup,
    default_rule_set,
)

RULES = default_rule_set(2026).conditions  # autumn term 2026, studies start 2026-08-15
VOCATIONAL = ProgrammeGroup.VOCATIONAL
OPEN = ProgrammeGroup.OPEN_INTRODUCTORY


def born(day: date) -> ApplicantFacts:
    return ApplicantFacts(birth_date=day)


def codes(failures: tuple[RequirementFailure, ...]) -> list[FailureCode]:
    return [failure.code for failure in failures]


@pytest.mark.parametrize(
    ("birth", "over_age"),
    [
        (date(2007, 1, 1), False),  # turns 20 in 2027: may start until 2027-06-30
        (date(2007, 12, 31), False),
        (date(2010, 12, 31), False),  # the usual applicant, 15 at the start
        (date(2006, 12, 31), True),  # turned 20 in 2026: the first half-year ended 2026-06-30
        (date(2006, 1, 1), True),
    ],
)
def test_studies_must_begin_by_the_first_half_year_of_the_year_one_turns_twenty(
    birth: date, over_age: bool
) -> None:
    """SL 15 kap. 5 §: gymnasieskolan is for those who begin "under tiden till och med det
    första kalenderhalvåret det år de fyller 20 år"; for the autumn term 2026 that is everyone
    born in 2007 or later, and no one born in 2006, whatever the day."""
    assert is_over_age(born(birth), RULES) is over_age
    failures = condition_failures(born(birth), "NA", ProgrammeGroup.SCIENCE, RULES)
    assert codes(failures) == ([FailureCode.TOO_OLD] if over_age else [])


def test_the_last_start_is_thirty_june_of_the_year_one_turns_twenty() -> None:
    """SL 15 kap. 5 §; a start in the spring term of that year is still allowed."""
    assert last_start(date(2006, 12, 31), RULES) == date(2026, 6, 30)
    spring = ConditionRules(studies_start=date(2026, 1, 10))
    assert not is_over_age(born(date(2006, 12, 31)), spring)
    assert is_over_age(born(date(2006, 12, 31)), ConditionRules(studies_start=date(2026, 7, 1)))


def test_too_old_says_when_studies_had_to_begin_and_that_an_agreement_is_needed() -> None:
    """SL 15 kap. 5 §; Indra's "Överårig" needs an agreement (admissions-rules §2.1)."""
    (failure,) = condition_failures(born(date(2005, 5, 17)), "EK", ProgrammeGroup.SOCIAL, RULES)
    assert failure == RequirementFailure(FailureCode.TOO_OLD, (), 2025, 20, "2005-05-17")
    assert failure.describe() == (
        "too old: turns 20 in 2025 and had to start by 30 June 2025"
        " (over age: needs an agreement on the choice)"
    )


def test_an_agreement_recorded_on_the_choice_admits_an_over_age_applicant() -> None:
    """Admissions-rules §2.1: an "överårig" applicant needs an agreement between the home
    municipality and the receiving organiser, recorded on the choice."""
    old = born(date(2005, 5, 17))
    assert (
        condition_failures(old, "EK", ProgrammeGroup.SOCIAL, RULES, over_age_agreement=True) == ()
    )


def test_the_age_limit_applies_to_introductory_programmes_too() -> None:
    """SL 15 kap. 5 § is about gymnasieskolan as a whole, introductory programmes included."""
    failures = condition_failures(born(date(2005, 5, 17)), "IMA", OPEN, RULES)
    assert codes(failures) == [FailureCode.TOO_OLD]


def test_without_a_birth_date_the_age_is_not_checked() -> None:
    """A file may give none (docs/formats.md); the database always has one."""
    assert condition_failures(ApplicantFacts(), "NA", ProgrammeGroup.SCIENCE, RULES) == ()


def test_a_completed_national_programme_closes_the_national_programmes() -> None:
    """SL 16 kap. (as the issue cites, 36 §); Fyrbodal: "inte ha slutfört utbildning på ett
    nationellt program eller likvärdig utbildning, eller avlagt IB"."""
    done = ApplicantFacts(date(2009, 3, 1), completed_national_programme=True)
    failures = condition_failures(done, "BF", VOCATIONAL, RULES)
    assert codes(failures) == [FailureCode.COMPLETED_PROGRAMME]
    assert failures[0].describe() == "has already completed a national programme"
    assert condition_failures(done, "IMA", OPEN, RULES) == ()
    alternative = ConditionRules(
        date(2026, 8, 15), completed_programme_closes=NATIONAL_GROUPS | {OPEN}
    )
    assert codes(condition_failures(done, "IMA", OPEN, alternative)) == [
        FailureCode.COMPLETED_PROGRAMME
    ]


@pytest.mark.parametrize(
    ("arrival", "newly_arrived"),
    [
        (date(2022, 8, 16), True),  # four years end 2026-08-16, after the start
        (date(2022, 8, 15), False),  # exactly four years at the start
        (date(2020, 1, 10), False),
        (date(2025, 12, 1), True),
        (None, False),
    ],
)
def test_sprakintroduktion_is_for_those_newly_arrived_less_than_four_years_before_the_start(
    arrival: date | None, newly_arrived: bool
) -> None:
    """SL 17 kap. 13 § (språkintroduktion "är till för nyanlända ungdomar"); SL 3 kap. 12 a §
    ("En elev ska inte längre anses vara nyanländ efter fyra års skolgång här i landet")."""
    facts = ApplicantFacts(date(2009, 6, 1), arrival_date=arrival)
    assert is_newly_arrived(facts, RULES) is newly_arrived
    failures = condition_failures(facts, "IMS", OPEN, RULES)
    assert codes(failures) == ([] if newly_arrived else [FailureCode.NOT_NEWLY_ARRIVED])
    assert condition_failures(facts, "IMA", OPEN, RULES) == ()


def test_not_newly_arrived_says_when_the_applicant_arrived_or_that_no_date_is_recorded() -> None:
    """SL 3 kap. 12 a §: the four years are the rule set's ``newly_arrived_years``."""
    (late,) = condition_failures(ApplicantFacts(arrival_date=date(2020, 1, 10)), "IMS", OPEN, RULES)
    assert late.describe() == (
        "not newly arrived: arrived 2020-01-10, 4 years or more before the start of studies"
    )
    (unknown,) = condition_failures(ApplicantFacts(), "IMS", OPEN, RULES)
    assert unknown.describe() == "not newly arrived: no arrival date recorded"
    longer = ConditionRules(date(2026, 8, 15), newly_arrived_years=7)
    assert (
        condition_failures(ApplicantFacts(arrival_date=date(2020, 1, 10)), "IMS", OPEN, longer)
        == ()
    )


def test_an_arrival_on_29_february_counts_its_years_to_28_february() -> None:
    """SL 3 kap. 12 a §, on a date that does not recur (a setting of one year, since four
    years after a leap day is another leap day)."""
    arrival = ApplicantFacts(arrival_date=date(2024, 2, 29))
    at_the_limit = ConditionRules(studies_start=date(2025, 2, 28), newly_arrived_years=1)
    assert not is_newly_arrived(arrival, at_the_limit)
    before = ConditionRules(studies_start=date(2025, 2, 27), newly_arrived_years=1)
    assert is_newly_arrived(arrival, before)
    assert is_newly_arrived(arrival, ConditionRules(studies_start=date(2028, 2, 28)))
    assert not is_newly_arrived(arrival, ConditionRules(studies_start=date(2028, 2, 29)))


def test_every_failed_condition_is_listed_age_first() -> None:
    """SL 15 kap. 5 §, 16 kap.; the reasons an officer must give, all of them."""
    facts = ApplicantFacts(date(2004, 2, 2), completed_national_programme=True)
    failures = condition_failures(facts, "NA", ProgrammeGroup.SCIENCE, RULES)
    assert codes(failures) == [FailureCode.TOO_OLD, FailureCode.COMPLETED_PROGRAMME]


@pytest.mark.parametrize(
    "facts",
    [
        ApplicantFacts(),
        born(date(2010, 3, 1)),
        born(date(2006, 12, 31)),
        born(date(2007, 1, 1)),
        ApplicantFacts(date(2010, 3, 1), completed_national_programme=True),
        ApplicantFacts(date(2010, 3, 1), arrival_date=date(2024, 1, 10)),
        ApplicantFacts(date(2004, 5, 5), True, date(2010, 1, 1)),
    ],
)
@pytest.mark.parametrize("agreement", [False, True])
def test_an_applicant_closed_by_programme_only_meets_every_condition_outside_ims(
    facts: ApplicantFacts, agreement: bool
) -> None:
    groups = default_rule_set(2026).eligibility.programme_groups
    quiet = closes_by_programme_only(facts, RULES)
    assert quiet == (not codes(condition_failures(facts, "NA", "science", RULES)))
    for programme, group in groups.items():
        failures = condition_failures(facts, programme, group, RULES, over_age_agreement=agreement)
        if quiet and programme not in RULES.newly_arrived_programmes:
            assert failures == ()
