"""The merit value and eligibility stored with each applicant when their grades are written
equal what the rules compute from the grades as they stand (``domain.grade_standing``), after
an autumn import, a final import, a change of grades and of a reduced timetable; and the
counsellor's list, which filters and sorts by the stored values, shows the rules' figures."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from admission_year_builders import OFFICE, SUBJECTS, YEAR, open_year, pupil
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as at
from samverka.admission.domain.applicants import PupilGrades
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.grade_standing import latest_standing
from samverka.admission.domain.grades import Grade, GradeLetter
from samverka.admission.ports import UnitOfWork
from samverka.admission.queries.counsellor_view import (
    PupilFilter,
    PupilOrder,
    PupilSearch,
    own_pupils,
)
from samverka.admission.queries.grade_standing import grades_by_applicant
from samverka.admission.services.pupils import import_pupils
from samverka.platform.access.domain.actors import Actor, Role

UNIT = "11111111"
COUNSELLOR = Actor("syv", Role.COUNSELLOR, "SYV", school_unit_codes=frozenset({UNIT}))
NOW = datetime(YEAR, 2, 1, 12, tzinfo=UTC)
LETTERS = ("A", "B", "C", "D", "E", "E", "F", "F")


def _pupil(serial: int, term: GradeTerm, draw: random.Random) -> PupilGrades:
    """A pupil of ``UNIT`` with grades drawn at random, some subjects missing."""
    made = pupil(serial, term=term)
    subjects = [s for s in SUBJECTS if s not in {"SVA", "M1", "M2", "ML", "TSP"}]
    grades = tuple(
        Grade(subject, GradeLetter(draw.choice(LETTERS)))
        for subject in subjects
        if draw.random() > 0.08
    )
    record = replace(made.applicant, school_unit_code=UNIT, reduced_timetable=draw.random() < 0.1)
    return replace(made, applicant=record, grades=grades)


def _import(uow: UnitOfWork, rows: list[PupilGrades]) -> None:
    import_pupils(uow, year=YEAR, pupils=rows, actor=OFFICE, now=NOW)


def _stored_and_computed(
    session: Session,
) -> dict[int, tuple[tuple[Decimal | None, bool | None], tuple[Decimal | None, bool | None]]]:
    a = at.applicant
    rows = session.execute(
        select(a.c.id, a.c.reduced_timetable, a.c.merit_value, a.c.eligible_national)
    ).all()
    grades = grades_by_applicant(session, [row.id for row in rows])
    found = {}
    for row in rows:
        term = latest_standing(
            YEAR, grades.get(row.id, {}), reduced_timetable=row.reduced_timetable
        )
        computed = (
            (None, None)
            if term is None
            else (term.merit_value, term.eligible_for_a_national_programme)
        )
        stored = (
            None if row.merit_value is None else Decimal(row.merit_value),
            row.eligible_national,
        )
        found[row.id] = (stored, computed)
    return found


def _assert_stored_as_computed(session: Session) -> None:
    for applicant_id, (stored, computed) in _stored_and_computed(session).items():
        assert stored == computed, f"applicant {applicant_id}: stored {stored}, rules {computed}"


def test_the_stored_standing_is_the_rules_computation_after_every_kind_of_grade_write(
    uow: UnitOfWork, session: Session
) -> None:
    draw = random.Random(15)
    open_year(uow)
    _import(uow, [_pupil(serial, GradeTerm.AUTUMN, draw) for serial in range(1, 41)])
    _assert_stored_as_computed(session)
    _import(uow, [_pupil(serial, GradeTerm.FINAL, draw) for serial in range(1, 31)])
    _assert_stored_as_computed(session)
    changed = [_pupil(serial, GradeTerm.FINAL, draw) for serial in range(21, 36)]
    _import(uow, changed)
    _import(uow, [pupil(41, term=GradeTerm.FINAL, missing=tuple(SUBJECTS))])  # no grades
    _assert_stored_as_computed(session)
    values = _stored_and_computed(session).values()
    assert {eligible for (_, eligible), _ in values} == {True, False, None}


def test_the_counsellors_list_filters_and_sorts_by_the_rules_figures(
    uow: UnitOfWork, session: Session
) -> None:
    draw = random.Random(16)
    open_year(uow)
    _import(uow, [_pupil(serial, GradeTerm.AUTUMN, draw) for serial in range(1, 31)])
    _import(uow, [_pupil(serial, GradeTerm.FINAL, draw) for serial in range(1, 21)])
    computed = {key: rules for key, (_, rules) in _stored_and_computed(session).items()}
    everyone = own_pupils(session, COUNSELLOR, YEAR, limit=100).pupils
    assert len(everyone) == 30
    for shown in everyone:
        assert (shown.merit_value, shown.eligible) == computed[shown.applicant_id]
    not_eligible = own_pupils(
        session, COUNSELLOR, YEAR, limit=100, search=PupilSearch(show=PupilFilter.NOT_ELIGIBLE)
    ).pupils
    expected = {key for key, (_, eligible) in computed.items() if eligible is False}
    assert expected
    assert {p.applicant_id for p in not_eligible} == expected
    by_merit = own_pupils(
        session, COUNSELLOR, YEAR, limit=100, search=PupilSearch(order=PupilOrder.MERIT_VALUE)
    ).pupils
    merits = [computed[p.applicant_id][0] for p in by_merit]
    assert merits == sorted(merits, key=lambda m: (m is None, -(m or Decimal(0))))
