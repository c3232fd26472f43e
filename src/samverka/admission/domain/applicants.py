"""Applicants as the admission office registers them: identity, home, school, guardians.

Protected identity (skyddad identitet) marks an applicant who must never appear by name or
identity number in lists, exports or statistics seen by roles other than the admission officer
(admissions-rules §11.2 invariant 11).

What the conditions beside the grades need is recorded here too (``conditions``): the arrival
date of a newly arrived pupil (språkintroduktion, SL 17 kap. 13 §) and whether the applicant
has completed a national programme. ``english_dispensation_requested`` is the counsellor's
marker that the pupil asks for the English dispensation; only a receiving organiser decides it,
for its own offerings (SL 16 kap. 32 §): ``EnglishDispensationDecision``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.conditions import ApplicantFacts
from samverka.admission.domain.grades import Grade
from samverka.platform.domain.personal_id import PersonalId


@dataclass(frozen=True, slots=True)
class Guardian:
    name: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class ApplicantRecord:
    personal_id: PersonalId
    name: str
    home_municipality: str
    school_unit_code: str | None = None
    protected_identity: bool = False
    guardians: tuple[Guardian, ...] = ()
    english_dispensation_requested: bool = False
    reduced_timetable: bool = False
    foreign_grades: bool = False
    arrival_date: date | None = None
    completed_national_programme: bool = False

    def display_name(self, may_see_protected: bool) -> str:
        return self.name if may_see_protected or not self.protected_identity else "(skyddad)"

    @property
    def facts(self) -> ApplicantFacts:
        """What the conditions look at (``conditions``); the birth date from the identity
        number (a samordningsnummer's day less 60)."""
        return ApplicantFacts(
            self.personal_id.birth_date, self.completed_national_programme, self.arrival_date
        )


@dataclass(frozen=True, slots=True)
class EnglishDispensationDecision:
    """A receiving organiser's decision on the English dispensation for one applicant (SL 16
    kap. 32 §): who decided and when, with the decision's reference, and who recorded it."""

    organiser: str
    decided_on: date
    decided_by: str
    reference: str
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True, slots=True)
class OverAgeAgreement:
    """An agreement between the home municipality and the receiving organiser that admits an
    over-age applicant on one choice (SL 15 kap. 5 §; Indra "Överårig"): its reference, and who
    recorded it when."""

    reference: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class PupilGrades:
    """One row of a counsellor's import: the pupil and their grades of one term.

    ``kept`` names fields of ``applicant`` the file did not give (its column was absent):
    what is stored of them stands (``arrival_date``, ``completed_national_programme``).
    ``source`` and ``line`` say where the row is (the file's name and the line as the user sees
    it), so that a row refused later, against what is stored, can be reported there; they are
    not part of the row's value (0 and "" for rows that come from no file)."""

    applicant: ApplicantRecord
    term: GradeTerm
    grades: tuple[Grade, ...]
    kept: frozenset[str] = frozenset()
    source: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)
