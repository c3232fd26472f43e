"""An applicant's grades from compulsory school, as they enter the admission.

Procedure (admissions-rules.md §1.1, §11.2 item 11):

1. A grade is one of A–F (skollagen 2010:800, 3 kap. 14 §: A–E pass, F fail). Indra accepts
   only A–F on import; "–" (no grade) and "1/2/3" (adapted study plan) are not grades and are
   rejected by ``parse_grade_letter``; a caller leaves such a subject out of the sheet.
2. Subjects are identified by Indra's compulsory-school subject codes (``SUBJECTS``, each with
   its Swedish name, a msgid that the pages show in the reader's language).
3. A grade sheet holds at most one grade per subject. A grade obtained after prövning or on an
   introductory programme (GyF 2010:2039, 7 kap. 4 §; Indra "betygskomplettering") replaces the
   subject's grade: ``GradeSheet.with_retake``. Merging is the caller's job; the sheet refuses a
   subject twice rather than guess which grade wins.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from samverka.errors import N_, BadValue


class GradeLetter(StrEnum):
    """The grade scale A–F; A–E are passes, F is a fail."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"

    @property
    def is_pass(self) -> bool:
        return self is not GradeLetter.F


SUBJECTS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "SV": N_("Svenska"),
        "SVA": N_("Svenska som andraspråk"),
        "EN": N_("Engelska"),
        "MA": N_("Matematik"),
        "BI": N_("Biologi"),
        "FY": N_("Fysik"),
        "KE": N_("Kemi"),
        "TK": N_("Teknik"),
        "GE": N_("Geografi"),
        "HI": N_("Historia"),
        "RE": N_("Religionskunskap"),
        "SH": N_("Samhällskunskap"),
        "BL": N_("Bild"),
        "HKK": N_("Hem- och konsumentkunskap"),
        "IDH": N_("Idrott och hälsa"),
        "MU": N_("Musik"),
        "SL": N_("Slöjd"),
        "M1": N_("Moderna språk, elevens val"),
        "M2": N_("Moderna språk, språkval"),
        "ML": N_("Modersmål"),
        "TSP": N_("Teckenspråk för hörande"),
    }
)


_KNOWN: Final = frozenset(SUBJECTS)
_LETTERS: Final[Mapping[str, GradeLetter]] = {letter.value: letter for letter in GradeLetter}


def parse_grade_letter(text: str) -> GradeLetter:
    """The grade letter in ``text`` (case-insensitive, surrounding blanks ignored).

    Raises ``BadValue`` (a ``ValueError`` worded in Swedish, naming ``text``) for anything but
    A–F, including "–" and "1/2/3", which Indra does not register as grades.
    """
    letter = _LETTERS.get(text.strip().upper())
    if letter is not None:
        return letter
    raise BadValue(N_("%(text)s är inte ett betyg: bara bokstäverna A–F godtas."), text=repr(text))


@dataclass(frozen=True, slots=True)
class Grade:
    """One subject's grade; ``after_retake`` marks a grade from prövning or an IM programme."""

    subject: str
    letter: GradeLetter
    after_retake: bool = False

    @property
    def is_pass(self) -> bool:
        return self.letter.is_pass


@dataclass(frozen=True, slots=True)
class GradeSheet:
    """An applicant's grades, at most one per subject.

    ``reduced_timetable`` marks a pupil of förberedande dansarutbildning who, because of a
    reduced timetable, has grades in fewer subjects (GyF 7 kap. 4 §).
    """

    grades: tuple[Grade, ...]
    reduced_timetable: bool = False

    def __post_init__(self) -> None:
        subjects = {grade.subject for grade in self.grades}
        if len(subjects) == len(self.grades) and subjects <= _KNOWN:
            return  # every sheet of a round passes here: the checks below name what is wrong
        seen: set[str] = set()
        for grade in self.grades:
            if grade.subject not in SUBJECTS:
                known = ", ".join(SUBJECTS)
                raise ValueError(f"unknown subject code {grade.subject!r}; known codes: {known}")
            if grade.subject in seen:
                raise ValueError(
                    f"subject {grade.subject!r} is graded twice; merge a retake grade into the"
                    " sheet with GradeSheet.with_retake"
                )
            seen.add(grade.subject)

    def grade_for(self, subject: str) -> Grade | None:
        """The grade in ``subject``, or None when the sheet has none."""
        return next((grade for grade in self.grades if grade.subject == subject), None)

    def with_retake(self, grade: Grade) -> GradeSheet:
        """A sheet where ``grade`` (marked as a retake) replaces the subject's grade, or is added.

        The replacement happens even when the new grade is lower: the caller decides whether a
        retake is registered (Indra lets only a blank, F or "–" be overwritten).
        """
        retake = replace(grade, after_retake=True)
        if self.grade_for(grade.subject) is None:
            return replace(self, grades=(*self.grades, retake))
        grades = tuple(retake if kept.subject == grade.subject else kept for kept in self.grades)
        return replace(self, grades=grades)
