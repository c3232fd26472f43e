"""The pupil import's bulk write (``SqlAdmissionRepository.save_pupils``) stores exactly the
rows the pupils give: every grade with its term, letter and retake flag, every guardian, and a
term not in the file kept as stored; the standings stored with the applicants follow the
grades as they then stand (``domain.grade_standing.latest_standing``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from admission_year_builders import OFFICE, YEAR, open_year, pupil
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as at
from samverka.admission.domain.applicants import Guardian, PupilGrades
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.grade_standing import latest_standing
from samverka.admission.domain.grades import Grade, GradeLetter
from samverka.admission.ports import UnitOfWork
from samverka.admission.services.pupils import import_pupils

NOW = datetime(YEAR, 2, 1, 12, tzinfo=UTC)
GradeRow = tuple[str, str, str, str, bool]


def _with(made: PupilGrades, *grades: Grade, guardians: tuple[Guardian, ...] = ()) -> PupilGrades:
    kept = tuple(g for g in made.grades if g.subject not in {grade.subject for grade in grades})
    record = replace(made.applicant, guardians=guardians or made.applicant.guardians)
    return replace(made, applicant=record, grades=(*kept, *grades))


def _expected(pupils: list[PupilGrades]) -> set[GradeRow]:
    return {
        (p.applicant.personal_id.canonical, p.term.value, g.subject, g.letter.value, g.after_retake)
        for p in pupils
        for g in p.grades
    }


def _grade_rows(session: Session) -> set[GradeRow]:
    a, g = at.applicant, at.grade
    query = select(a.c.personal_id, g.c.term, g.c.subject, g.c.letter, g.c.after_retake).join(
        g, g.c.applicant_id == a.c.id
    )
    return {
        (pid, term, subject, letter, retake)
        for pid, term, subject, letter, retake in session.execute(query)
    }


def _guardian_rows(session: Session) -> set[tuple[str, str, str, str]]:
    a, g = at.applicant, at.guardian
    query = select(a.c.personal_id, g.c.name, g.c.email, g.c.phone).join(
        g, g.c.applicant_id == a.c.id
    )
    return {tuple(row) for row in session.execute(query)}  # type: ignore[misc]


def _standings_follow_the_grades(session: Session, pupils: list[PupilGrades]) -> None:
    a = at.applicant
    stored = {
        row.personal_id: (row.merit_value, row.eligible_national)
        for row in session.execute(select(a.c.personal_id, a.c.merit_value, a.c.eligible_national))
    }
    by_term: dict[str, dict[GradeTerm, tuple[Grade, ...]]] = {}
    for p in pupils:
        by_term.setdefault(p.applicant.personal_id.canonical, {})[p.term] = p.grades
    for pid, grades in by_term.items():
        found = latest_standing(YEAR, grades)
        assert found is not None
        merit, eligible = stored[pid]
        assert (Decimal(merit), eligible) == (
            found.merit_value,
            found.eligible_for_a_national_programme,
        )


def test_an_import_stores_every_grade_and_guardian_the_pupils_give(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    two = (Guardian("Vh 1", "vh1@example.se", "070-1234567"), Guardian("Vh 2", "vh2@example.se"))
    pupils = [
        pupil(1, "A", term=GradeTerm.AUTUMN),
        _with(
            pupil(1, "B"),
            Grade("MA", GradeLetter.F),
            Grade("EN", GradeLetter.C, True),
            guardians=two,
        ),
        _with(pupil(2, "E", term=GradeTerm.AUTUMN), Grade("SV", GradeLetter.F)),
        pupil(3, "D", missing=("BL", "MU")),
    ]
    import_pupils(uow, year=YEAR, pupils=pupils, actor=OFFICE, now=NOW)
    assert _grade_rows(session) == _expected(pupils)
    retakes = {row for row in _grade_rows(session) if row[4]}
    assert retakes == {(pupils[1].applicant.personal_id.canonical, "final", "EN", "C", True)}
    latest = {p.applicant.personal_id.canonical: p.applicant for p in pupils}  # the last row's
    assert _guardian_rows(session) == {
        (pid, g.name, g.email, g.phone) for pid, record in latest.items() for g in record.guardians
    }
    _standings_follow_the_grades(session, pupils)


def test_a_later_import_of_one_term_replaces_that_term_and_keeps_the_other(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    autumn = [pupil(serial, "C", term=GradeTerm.AUTUMN) for serial in (1, 2)]
    final = [pupil(serial, "D") for serial in (1, 2)]
    import_pupils(uow, year=YEAR, pupils=[*autumn, *final], actor=OFFICE, now=NOW)
    corrected = [_with(pupil(1, "A", term=GradeTerm.AUTUMN), Grade("MA", GradeLetter.F))]
    import_pupils(uow, year=YEAR, pupils=corrected, actor=OFFICE, now=NOW)
    assert _grade_rows(session) == _expected([*corrected, autumn[1], *final])
    _standings_follow_the_grades(session, [*corrected, autumn[1], *final])
    final_only = [pupil(2, "A", missing=("MU",))]
    import_pupils(uow, year=YEAR, pupils=final_only, actor=OFFICE, now=NOW)
    assert _grade_rows(session) == _expected([*corrected, autumn[1], final[0], *final_only])
    _standings_follow_the_grades(session, [*corrected, autumn[1], final[0], *final_only])
