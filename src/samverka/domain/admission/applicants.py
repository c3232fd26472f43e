"""Applicants as the admission office registers them: identity, home, school, guardians.

Protected identity (skyddad identitet) marks an applicant who must never appear by name or
identity number in lists, exports or statistics seen by roles other than the admission officer
(admissions-rules §11.2 invariant 11).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from samverka.domain.admission.calendar import GradeTerm
from samverka.domain.admission.grades import Grade
from samverka.domain.common.personal_id import PersonalId


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
    english_dispensation: bool = False
    reduced_timetable: bool = False
    foreign_grades: bool = False

    def display_name(self, may_see_protected: bool) -> str:
        return self.name if may_see_protected or not self.protected_identity else "(skyddad)"


@dataclass(frozen=True, slots=True)
class PupilGrades:
    """One row of a counsellor's import: the pupil and their grades of one term.

    ``source`` and ``line`` say where the row is (the file's name and the line as the user sees
    it), so that a row refused later, against what is stored, can be reported there; they are
    not part of the row's value (0 and "" for rows that come from no file)."""

    applicant: ApplicantRecord
    term: GradeTerm
    grades: tuple[Grade, ...]
    source: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)
