"""The conditions of admission beside the grades: age, an earlier national programme, and being
newly arrived for språkintroduktion (IMS).

Procedure, for one applicant and one choice (``ConditionRules`` holds every number):

1. Age. Skollagen (2010:800) 15 kap. 5 §: gymnasieskolan is open to young people "som påbörjar
   sin gymnasieutbildning under tiden till och med det första kalenderhalvåret det år de fyller
   20 år" (brief §2.1; Fyrbodal: "påbörjar utbildningen senast vårterminen det år du fyller 20
   år"). Studies starting on ``studies_start`` are open to an applicant whose last allowed start,
   30 June of the year they turn 20, is not before it. For the autumn term of admission year Y
   that is everyone born in Y − 19 or later, whatever the day: with Y = 2026, born 2007-01-01
   (turns 20 in 2027, may start until 2027-06-30) may start; born 2006-12-31 (turned 20 in 2026,
   whose first half-year ended 2026-06-30, before the start) is over age ("överårig"). Solna's
   "till och med det år du fyller 19" says the same. The birth date comes from the personal
   identity number (a samordningsnummer's day less 60: ``personal_id``); without a birth date
   (a file that gives none) the age is not checked. An over-age applicant may be admitted only
   on a choice that records an agreement between the home municipality and the receiving
   organiser (Indra flags "Överårig"; such applicants "require an agreement … before being
   received", brief §2.1). The age applies to every programme of gymnasieskolan.
2. An applicant who has completed a national programme (or equivalent, or IB) is not eligible
   for a national programme (SL 16 kap., as the issue cites 16 kap. 36 §; Fyrbodal: "inte ha
   slutfört utbildning på ett nationellt program eller likvärdig utbildning, eller avlagt IB").
   ``completed_programme_closes`` holds the groups this closes: by default the national ones,
   which is what the statute says; closing the introductory programmes too is the setting's
   alternative (they are for those not eligible for a national programme because of their
   grades, which a pupil who completed one rarely is).
3. Newly arrived. IMS "är till för nyanlända ungdomar" (SL 17 kap. 13 §); nyanländ is who has
   lived abroad and began school here after the autumn term of the year they turn seven, "En
   elev ska inte längre anses vara nyanländ efter fyra års skolgång här i landet" (SL 3 kap.
   12 a §). The recorded arrival date stands for the start of schooling here [I: school starts
   within weeks of arrival]; the four years run to the start of studies: newly arrived while
   ``studies_start`` is before the arrival date plus four years. With the start 2026-08-15:
   arrived 2022-08-16 is newly arrived; arrived 2022-08-15 has had four years and is not. An
   applicant with no recorded arrival date is not newly arrived. (IMS is also closed to
   applicants eligible for a national programme: ``eligibility``, step 6.)

Every failure is reported, age first, as a ``RequirementFailure`` with its figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from samverka.admission.domain.eligibility import FailureCode, RequirementFailure
from samverka.admission.domain.rule_set import ConditionRules

_FIRST_HALF_YEAR_ENDS = (6, 30)


@dataclass(frozen=True, slots=True)
class ApplicantFacts:
    """What the conditions look at, besides the choice: recorded on the applicant."""

    birth_date: date | None = None
    completed_national_programme: bool = False
    arrival_date: date | None = None


def last_start(birth_date: date, rules: ConditionRules) -> date:
    """The last day on which an applicant born on ``birth_date`` may begin: 30 June of the
    year they turn ``rules.age_limit``."""
    return date(birth_date.year + rules.age_limit, *_FIRST_HALF_YEAR_ENDS)


def is_over_age(facts: ApplicantFacts, rules: ConditionRules) -> bool:
    """Whether the applicant is too old to begin on ``rules.studies_start`` (step 1)."""
    birth = facts.birth_date
    return birth is not None and last_start(birth, rules) < rules.studies_start


def is_newly_arrived(facts: ApplicantFacts, rules: ConditionRules) -> bool:
    """Whether the applicant is still newly arrived on ``rules.studies_start`` (step 3)."""
    arrival = facts.arrival_date
    if arrival is None:
        return False
    return rules.studies_start < _years_after(arrival, rules.newly_arrived_years)


def closes_by_programme_only(facts: ApplicantFacts, rules: ConditionRules) -> bool:
    """Whether only the newly-arrived condition (step 3) can close a programme to the
    applicant: neither over age (step 1) nor with a completed national programme (step 2).
    Then ``condition_failures`` is empty for every programme outside
    ``rules.newly_arrived_programmes``, whatever the choice (a round asks once per applicant)."""
    return not facts.completed_national_programme and not (
        facts.birth_date is not None and is_over_age(facts, rules)
    )


def condition_failures(
    facts: ApplicantFacts,
    programme: str,
    programme_group: str,
    rules: ConditionRules,
    *,
    over_age_agreement: bool = False,
) -> tuple[RequirementFailure, ...]:
    """The conditions that close ``programme`` (of ``programme_group``) to the applicant."""
    failures = []
    if facts.birth_date is not None and is_over_age(facts, rules) and not over_age_agreement:
        turns = facts.birth_date.year + rules.age_limit
        failures.append(
            RequirementFailure(
                FailureCode.TOO_OLD, (), turns, rules.age_limit, facts.birth_date.isoformat()
            )
        )
    if facts.completed_national_programme and programme_group in rules.completed_programme_closes:
        failures.append(RequirementFailure(FailureCode.COMPLETED_PROGRAMME, (), 0, 0))
    if programme in rules.newly_arrived_programmes and not is_newly_arrived(facts, rules):
        arrived = facts.arrival_date.isoformat() if facts.arrival_date else ""
        failures.append(
            RequirementFailure(
                FailureCode.NOT_NEWLY_ARRIVED, (), rules.newly_arrived_years, 0, arrived
            )
        )
    return tuple(failures)


def _years_after(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
