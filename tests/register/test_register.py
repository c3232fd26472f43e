"""The youth register on SQLite and PostgreSQL: population loads with history, year-1
placements from the admission, the schools' registrations, and the compensation run's records.
The services' rules and refusals run on the fake unit of work, in ``test_register_services.py``."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from admission_year_builders import (
    AFTER_FINAL,
    IN_APPLICATION_PERIOD,
    OFFICE,
    YEAR,
    open_year,
    personal_id,
    pupil,
)
from sqlalchemy.orm import Session

from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.ports import UnitOfWork
from samverka.admission.services.applications import ChoiceRequest, register_applications
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.replies import register_replies
from samverka.admission.services.rounds import publish_round, run_round
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.pupil_record import Registration
from samverka.compensation.domain.structure_supplement import SupplementTier
from samverka.compensation.queries.structure_supplements import structure_supplements
from samverka.compensation.services.compensation import set_supplement_tiers
from samverka.errors import NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.register.domain.placements import EndReason, SchoolPlacement
from samverka.register.domain.population import ChangeKind, PopulationRecord
from samverka.register.queries.register_view import duplicate_placements, person_history, where_on
from samverka.register.services.register import (
    import_placements,
    load_population,
    place_admitted,
    register_interruption,
    register_programme_change,
)

SEPTEMBER = date(2026, 9, 1)
OCTOBER = date(2026, 10, 1)
NOW = datetime(2026, 10, 1, 3, tzinfo=UTC)
BORN = date(2010, 3, 1)
OFFICER_ACTOR = Actor("officer", Role.OFFICER, "Officer")
NORRA = Actor("rektor", Role.SCHOOL, "Rektor Norra", school_unit_codes=frozenset({"11111111"}))
START = date(YEAR, 8, 18)


def person(serial: int, municipality: str = "0180", **changes: object) -> PopulationRecord:
    record = PopulationRecord(personal_id(serial), BORN, f"Elev {serial}", municipality)
    return replace(record, **changes)  # type: ignore[arg-type]


def load(uow: UnitOfWork, day: date, *records: PopulationRecord) -> dict[ChangeKind, int]:
    """Load an extract of a register of a few persons, where anyone leaving is a large share:
    these tests are about the changes, so any share may leave (the removal guard has its own
    tests, in ``test_population_safeguards.py``)."""
    report = load_population(
        uow,
        records=records,
        extract_date=day,
        source="folk.csv",
        actor=OFFICE,
        now=NOW,
        removal_share=Decimal(1),
    )
    return {kind: count for kind, count in report.changes.items() if count}


def test_a_second_extract_records_moves_departures_newcomers_and_protection(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    assert load(uow, SEPTEMBER, person(1), person(2), person(3)) == {ChangeKind.NEW: 3}
    moved = person(1, "0182", registered_on=date(2026, 9, 15))
    changes = load(uow, OCTOBER, moved, person(3, protected_identity=True), person(4))
    assert changes == {
        ChangeKind.NEW: 1,
        ChangeKind.MOVED: 1,
        ChangeKind.LEFT_REGION: 1,
        ChangeKind.PROTECTION_CHANGED: 1,
    }
    history = person_history(session, OFFICER_ACTOR, personal_id(1))
    assert [(p.municipality, p.start, p.end) for p in history.periods] == [
        ("0180", SEPTEMBER, date(2026, 9, 14)),
        ("0182", date(2026, 9, 15), None),
    ]
    assert [(c.kind, c.on) for c in history.changes] == [
        ("new", SEPTEMBER),
        ("moved", date(2026, 9, 15)),
    ]
    on_the_tenth = {
        p.personal_id: p.municipality for p in where_on(session, OFFICER_ACTOR, date(2026, 9, 10))
    }
    assert on_the_tenth == {personal_id(n): "0180" for n in (1, 2, 3)}


def test_a_municipality_sees_only_its_own_residents_and_not_protected_ones(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    load(uow, SEPTEMBER, person(1), person(2, "0182"), person(3, protected_identity=True))
    nacka = Actor("nacka", Role.MUNICIPALITY, "Nacka", municipality_code="0182")
    stockholm = Actor("sthlm", Role.MUNICIPALITY, "Stockholm", municipality_code="0180")
    assert [p.personal_id for p in where_on(session, nacka, SEPTEMBER)] == [personal_id(2)]
    assert [p.personal_id for p in where_on(session, stockholm, SEPTEMBER)] == [
        personal_id(1),
        None,
    ]
    with pytest.raises(NotPermitted):
        where_on(session, nacka, SEPTEMBER, "0180")
    with pytest.raises(NotFound):
        person_history(session, nacka, personal_id(1))
    with pytest.raises(NotPermitted):
        where_on(session, Actor("a", Role.ANALYST, "Analyst"), SEPTEMBER)


def _admitted_and_replied(uow: UnitOfWork) -> None:
    open_year(uow)
    import_pupils(
        uow,
        year=YEAR,
        pupils=[pupil(1, "A"), pupil(2, "B"), pupil(3, "C")],
        actor=OFFICER_ACTOR,
        now=IN_APPLICATION_PERIOD,
    )
    register_applications(
        uow,
        year=YEAR,
        applications={
            personal_id(1): [ChoiceRequest("NORRA-NA")],
            personal_id(2): [ChoiceRequest("NORRA-EK")],
            personal_id(3): [ChoiceRequest("SODRA-ES", test_points=Decimal(10))],
        },
        actor=OFFICE,
        by_admission_office=True,
        now=IN_APPLICATION_PERIOD,
    )
    final = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=1, actor=OFFICE, now=AFTER_FINAL)
    publish_round(uow, year=YEAR, round_id=final.round_id, actor=OFFICE, now=AFTER_FINAL)
    register_replies(
        uow,
        year=YEAR,
        replies={personal_id(1): ReplyKind.ACCEPT, personal_id(2): ReplyKind.DECLINE},
        actor=OFFICE,
        now=AFTER_FINAL,
    )


def test_pupil_records_give_placements_organisers_registrations_and_year_nine_merit(
    uow: UnitOfWork,
) -> None:
    _admitted_and_replied(uow)
    load(uow, SEPTEMBER, person(1, "0182"), person(4))
    place_admitted(uow, year=YEAR, start=START, actor=OFFICE, now=NOW)
    independent = SchoolPlacement(personal_id(4), "22222222", "ES", "", START)
    import_placements(uow, actor=OFFICER_ACTOR, placements=[independent], now=NOW)
    outside = SchoolPlacement(personal_id(5), "11111111", "EK", "", date(2027, 8, 18))
    import_placements(uow, actor=OFFICER_ACTOR, placements=[outside], now=NOW)
    with uow:
        records = {r.pupil_id: r for r in uow.register.pupil_records(SEPTEMBER, OCTOBER)}
    assert records.keys() == {personal_id(1), personal_id(3), personal_id(4)}
    first = records[personal_id(1)]
    assert first.placements[0].organiser == Organiser.municipality("0180")
    assert first.registrations == (Registration("0182", SEPTEMBER, None),)
    assert first.year9_merit is not None
    assert first.year9_merit > 0
    fourth = records[personal_id(4)]
    assert fourth.placements[0].organiser == Organiser.independent("Skolbolaget AB")
    assert fourth.year9_merit is None


def test_a_school_registers_interruptions_and_programme_changes_of_its_own_pupils(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    (placed,) = import_placements(
        uow,
        actor=NORRA,
        placements=[SchoolPlacement(personal_id(1), "11111111", "NA", "", START)],
        now=NOW,
    )
    new_id = register_programme_change(
        uow,
        actor=NORRA,
        placement_id=placed,
        start=date(2026, 10, 5),
        school_unit="11111111",
        programme="EK",
        orientation="",
        now=NOW,
    )
    register_interruption(uow, actor=NORRA, placement_id=new_id, end=date(2026, 12, 1), now=NOW)
    with uow:
        rows = uow.register.placements([personal_id(1)])
    assert [(p.programme, p.end, p.end_reason) for p in rows] == [
        ("NA", date(2026, 10, 4), EndReason.CHANGED_PROGRAMME),
        ("EK", date(2026, 12, 1), EndReason.INTERRUPTED),
    ]


def test_duplicates_are_reported_to_the_officer_and_the_schools_involved(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    import_placements(
        uow,
        actor=OFFICER_ACTOR,
        placements=[
            SchoolPlacement(personal_id(1), "11111111", "NA", "", START),
            SchoolPlacement(personal_id(1), "22222222", "ES", "", date(2026, 9, 1)),
            SchoolPlacement(personal_id(2), "11111111", "NA", "", START),
        ],
        now=NOW,
    )
    found = duplicate_placements(session, OFFICER_ACTOR)
    assert [(d.personal_id, d.since) for d in found] == [(personal_id(1), date(2026, 9, 1))]
    assert len(duplicate_placements(session, NORRA)) == 1
    other = Actor("x", Role.SCHOOL, "X", school_unit_codes=frozenset({"33333333"}))
    assert duplicate_placements(session, other) == []


def test_the_structure_supplement_is_counted_per_school_unit_and_programme_without_names(
    uow: UnitOfWork, session: Session
) -> None:
    """Placed on 15 September: pupil 1 (merit 320, NORRA-NA) and pupil 3 (merit 240,
    SODRA-ES). With tiers below 250 → 5,000 kr and below 300 → 2,000 kr only pupil 3 has a
    supplement, at level 1; the analyst sees the same counts, a school its own unit only."""
    _admitted_and_replied(uow)
    place_admitted(uow, year=YEAR, start=START, actor=OFFICE, now=NOW)
    tiers = [
        SupplementTier(1, Decimal(250), Decimal(5000)),
        SupplementTier(2, Decimal(300), Decimal(2000)),
    ]
    set_supplement_tiers(uow, year=YEAR, tiers=tiers, actor=OFFICE, now=NOW)
    day = date(YEAR, 9, 15)
    groups = structure_supplements(session, OFFICER_ACTOR, YEAR, day)
    assert [(g.school_unit, g.programme, g.pupils, g.supplemented) for g in groups] == [
        ("11111111", "NA", 1, 0),
        ("22222222", "ES", 1, 1),
    ]
    assert groups[1].per_level == ((1, 1),)
    assert groups[1].yearly_total == Decimal(5000)
    assert not any(personal_id(n) in repr(groups) for n in (1, 3))
    assert [g.school_unit for g in structure_supplements(session, NORRA, YEAR, day)] == ["11111111"]
    analyst = Actor("anders", Role.ANALYST, "Anders")
    assert structure_supplements(session, analyst, YEAR, day) == groups
    counsellor = Actor("syv", Role.COUNSELLOR, "SYV", school_unit_codes=frozenset({"11111111"}))
    with pytest.raises(NotPermitted):
        structure_supplements(session, counsellor, YEAR, day)
    with pytest.raises(NotFound):
        structure_supplements(session, OFFICER_ACTOR, YEAR + 1, day)
