"""The admission's fake unit of work (``fakes.py``) is a ``UnitOfWork`` (the typed assignment
below is checked by mypy) and answers as the SQL one does: the same year, built through the
same services, reads the same on SQLite, PostgreSQL and the fake."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest
from admission_year_builders import (
    IN_APPLICATION_PERIOD,
    OFFICE,
    YEAR,
    open_year,
    personal_id,
    pupil,
    submit_own_choices,
)

from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.ports import UnitOfWork
from samverka.admission.services.offerings import close_offering
from samverka.admission.services.pupils import import_pupils
from samverka.errors import NotFound

from .fakes import FakeUnitOfWork

_: UnitOfWork = FakeUnitOfWork()  # mypy: the fake satisfies the admission's protocol


def _a_small_year(uow: UnitOfWork) -> None:
    open_year(uow)
    pupils = [pupil(1, "A"), pupil(2, "B", protected=True), pupil(1, "C", term=GradeTerm.AUTUMN)]
    arrived = dataclasses.replace(
        pupils[0].applicant,
        reduced_timetable=True,
        arrival_date=date(2023, 2, 14),
        completed_national_programme=True,
    )
    pupils[0] = dataclasses.replace(pupils[0], applicant=arrived)
    pupils[2] = dataclasses.replace(pupils[2], applicant=arrived)
    import_pupils(uow, year=YEAR, pupils=pupils, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    for serial, codes in ((1, ["NORRA-NA", "SODRA-ES"]), (2, ["NORRA-EK"])):
        submit_own_choices(uow, serial, *codes)
    close_offering(
        uow,
        year=YEAR,
        offering_code="NORRA-EK",
        actor=OFFICE,
        now=datetime(YEAR, 3, 1, tzinfo=UTC),
    )


def _reads(uow: UnitOfWork) -> dict[str, object]:
    """What the services read, in a form both answer alike (database ids aside)."""
    with uow:
        year = uow.admission.year(YEAR)
        offerings = [  # SQLite gives a moment back without its zone: compare that there is one
            (dataclasses.replace(o, id=0, closed_at=None), o.closed_at is not None)
            for o in uow.admission.offerings(year.id)
        ]
        offered, graded = uow.admission.graded_input(year.id, GradeTerm.AUTUMN)
        return {
            "calendar": year.calendar,
            "offerings": offerings,
            "choices": uow.admission.choices(year.id),
            "some choices": uow.admission.choices(year.id, [personal_id(2), personal_id(9)]),
            "states": uow.admission.pupil_states(year.id, GradeTerm.FINAL),
            "homes": uow.admission.applicant_homes(year.id),
            "protected": uow.admission.protected_among([personal_id(1), personal_id(2)]),
            "graded offerings": offered,
            "graded": [(a.applicant_id, a.choices, a.grades_from, a.facts) for a in graded],
            "graded as read": [
                (
                    sorted(a.sheet.grades, key=lambda g: g.subject),  # the fake keeps the file's
                    a.sheet.reduced_timetable,
                    type(a.sheet.reduced_timetable),
                    type(a.facts.arrival_date),
                    a.lottery,
                )
                for a in graded
            ],
            "area": uow.catalogue.admission_area(),
            "municipalities": uow.catalogue.municipality_codes(),
            "units": sorted(uow.catalogue.school_unit_codes()),
            "audit": [(e["entity"], e["entity_key"], e["action"]) for e in uow.audit.events()],
        }


def test_the_fake_reads_what_the_database_reads_after_the_same_use_cases(uow: UnitOfWork) -> None:
    fake = FakeUnitOfWork()
    _a_small_year(uow)
    _a_small_year(fake)
    assert _reads(fake) == _reads(uow)


def test_the_fake_refuses_an_unknown_applicant_as_the_database_does(uow: UnitOfWork) -> None:
    fake = FakeUnitOfWork()
    for work in (uow, fake):
        open_year(work)
        with work:
            year_id = work.admission.year(YEAR).id
            with pytest.raises(NotFound, match="Det finns ingen sökande"):
                work.admission.set_foreign_grades(year_id, personal_id(9), True)


def test_what_a_refused_use_case_wrote_is_gone_from_the_fake() -> None:
    fake = FakeUnitOfWork()
    open_year(fake)
    with fake:
        fake.catalogue.add_other_municipalities(["2480"])  # and left without a commit
    assert "2480" not in fake.catalogue.admission_area().terms
