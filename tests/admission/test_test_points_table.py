"""The school's test points for many applicants at once (``record_test_points_table``): every
entry checked first and all saved or none, each changed choice audited; the refusals on the fake
unit of work (``work``), the happy path on SQLite and PostgreSQL (``uow``).

Source: gymnasieförordningen (2010:2039) 7 kap. 4 § (aptitude-test points added to the merit
value); issue 15 point 10 (bulk entry, nothing saved when a row is wrong).
"""

from __future__ import annotations

from decimal import Decimal

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

from samverka.admission.domain.catalogue import Catalogue, Offering, Organiser, SchoolUnit
from samverka.admission.ports import UnitOfWork
from samverka.admission.services.offering_settings import record_test_points_table
from samverka.admission.services.pupils import import_pupils
from samverka.errors import InvalidInput, NotFound
from samverka.platform.access.domain.actors import Actor, Role

from .fakes import FakeUnitOfWork

NORRA = Actor(
    "rektor@norra", Role.SCHOOL, "Rektor Norra", school_unit_codes=frozenset({"11111111"})
)
SODRA = Actor(
    "rektor@sodra", Role.SCHOOL, "Rektor Södra", school_unit_codes=frozenset({"22222222"})
)


@pytest.fixture
def work() -> FakeUnitOfWork:
    return FakeUnitOfWork()


def _year_with_music_applicants(uow: UnitOfWork) -> None:
    """NORRA-MU has an aptitude test; applicants 1 and 2 chose it, 3 chose NORRA-EK only."""
    catalogue = Catalogue(
        organisers=[Organiser("Stockholms stad", "municipal", "0180")],
        school_units=[
            SchoolUnit("11111111", "Norra gymnasiet", "Stockholms stad", "0180"),
            SchoolUnit("22222222", "Södra gymnasiet", "Stockholms stad", "0180"),
        ],
        offerings=[
            Offering("NORRA-MU", "11111111", "ES", 2, test_multiplier=Decimal(1)),
            Offering("NORRA-EK", "11111111", "EK", 2),
        ],
    )
    open_year(uow, catalogue)
    pupils = [pupil(serial) for serial in (1, 2, 3)]
    import_pupils(uow, year=YEAR, pupils=pupils, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    submit_own_choices(uow, 1, "NORRA-MU", "NORRA-EK")
    submit_own_choices(uow, 2, "NORRA-MU")
    submit_own_choices(uow, 3, "NORRA-EK")


def _points(uow: UnitOfWork) -> dict[str, Decimal | None]:
    with uow:
        year_id = uow.admission.year(YEAR).id
        chosen = uow.admission.choices(year_id, [personal_id(n) for n in (1, 2, 3)])
    return {
        pid: c.test_points
        for pid, rows in chosen.items()
        for c in rows
        if c.offering_code == "NORRA-MU"
    }


def _record(uow: UnitOfWork, points: dict[str, Decimal], actor: Actor = NORRA) -> int:
    return record_test_points_table(
        uow,
        year=YEAR,
        offering_code="NORRA-MU",
        points=points,
        actor=actor,
        now=IN_APPLICATION_PERIOD,
    )


def test_one_wrong_entry_refuses_the_whole_table_and_names_each_wrong_applicant(
    work: FakeUnitOfWork,
) -> None:
    _year_with_music_applicants(work)
    given = {
        personal_id(1): Decimal(12),
        personal_id(2): Decimal(1001),
        personal_id(3): Decimal(5),
    }

    with pytest.raises(InvalidInput) as refused:
        _record(work, given)

    assert [(e.field, e.message) for e in refused.value.errors] == [
        (personal_id(2), "Provpoängen ska vara från 0 till 1000."),
        (personal_id(3), "Den sökande har inte valt utbildningen."),
    ]
    assert _points(work) == {personal_id(1): None, personal_id(2): None}
    assert [e for e in work.audit.events("choice") if e["action"] == "test_points"] == []


def test_another_schools_offering_is_not_found(work: FakeUnitOfWork) -> None:
    _year_with_music_applicants(work)

    with pytest.raises(NotFound):
        _record(work, {personal_id(1): Decimal(3)}, actor=SODRA)


def test_the_whole_table_is_saved_and_each_changed_choice_is_audited(uow: UnitOfWork) -> None:
    _year_with_music_applicants(uow)
    assert _record(uow, {personal_id(1): Decimal("12.5")}) == 1

    changed = _record(uow, {personal_id(1): Decimal("12.50"), personal_id(2): Decimal(20)})

    assert changed == 1  # applicant 1's points are the same
    assert _points(uow) == {personal_id(1): Decimal("12.5"), personal_id(2): Decimal(20)}
    events = [e for e in uow.audit.events("choice") if e["action"] == "test_points"]
    assert [(e["entity_key"], e["actor"]) for e in events] == [
        (f"{personal_id(1)}:NORRA-MU", "school:rektor@norra"),
        (f"{personal_id(2)}:NORRA-MU", "school:rektor@norra"),
    ]
