"""The youth register's services on the fake unit of work (``fakes.py``): population loads
(history, the order of extracts, the removal guard), year-1 placements from the accepted
results, and the schools' registrations, with the refusals that change nothing and what the
audit trail keeps. The database tests (``test_register.py``, ``test_population_safeguards.py``,
``test_register_every_pupil.py``) keep one happy path of each and the repositories.

Sources: issue 11 point 3 (``register.domain.removal_guard``); issue 13 point 1 (every pupil in
the register, ``register.domain.coverage``); admissions-rules.md §6;
``register.services.register``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from admission_year_builders import OFFICE
from population_loads import NOW, load

from samverka.admission.domain.replies import NoReplyRule
from samverka.admission.domain.year_settings import YearSettings
from samverka.errors import Conflict, NotFound, NotPermitted, RemovalsNotConfirmed
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.personal_id import luhn_check_digit
from samverka.platform.ports import REGISTER_KEY, WriterKind
from samverka.register.domain.placements import EndReason, SchoolPlacement
from samverka.register.domain.population import (
    ChangeKind,
    PopulationRecord,
    RegistrationSource,
)
from samverka.register.services.register import (
    LoadReport,
    import_placements,
    place_admitted,
    register_interruption,
    register_programme_change,
    register_start,
)

from .fakes import FakeUnitOfWork

SEPTEMBER, OCTOBER, NOVEMBER = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)
NORRA = Actor("rektor", Role.SCHOOL, "Rektor Norra", school_unit_codes=frozenset({"11111111"}))
SODRA = Actor("s", Role.SCHOOL, "Södra", school_unit_codes=frozenset({"22222222"}))
START = date(2026, 8, 18)


def pid(serial: int) -> str:
    """Someone born 2010-03-01: 16 in the autumn of 2026."""
    return f"20100301-{serial:03d}{luhn_check_digit(f'100301{serial:03d}')}"


def person(serial: int, municipality: str = "0180", **changes: object) -> PopulationRecord:
    record = PopulationRecord(pid(serial), date(2010, 3, 1), f"Elev {serial}", municipality)
    return replace(record, **changes)  # type: ignore[arg-type]


def people(*serials: int) -> list[PopulationRecord]:
    return [person(n) for n in serials]


def changed(report: LoadReport) -> dict[ChangeKind, int]:
    return {kind: count for kind, count in report.changes.items() if count}


def state(uow: FakeUnitOfWork) -> tuple[int, int, int]:
    """Loads, open registration periods and changes: what a load changes."""
    register = uow.register
    open_periods = sum(p.end is None for p in register.periods)
    return len(register.loads), open_periods, len(register.changes)


# -- population loads ----------------------------------------------------------------------------
def test_loading_the_same_extract_again_detects_nothing_and_an_older_one_is_refused() -> None:
    uow = FakeUnitOfWork()
    load(uow, SEPTEMBER, people(1, 2))
    assert changed(load(uow, OCTOBER, people(1, 2))) == {}
    before = state(uow)
    with pytest.raises(Conflict, match="inte nyare"):
        load(uow, SEPTEMBER, people(1))
    assert state(uow) == before
    assert [e["action"] for e in uow.audit.events("population_load")] == ["loaded", "loaded"]


def test_a_load_takes_the_registers_writer_lock() -> None:
    uow = FakeUnitOfWork()
    load(uow, SEPTEMBER, people(1))
    assert uow.locks.taken == [(WriterKind.POPULATION_LOAD, REGISTER_KEY, OFFICE.audit_name)]


def test_a_person_who_returns_gets_a_new_period_and_keeps_their_history() -> None:
    uow = FakeUnitOfWork()
    load(uow, SEPTEMBER, people(1), share=Decimal(1))
    load(uow, OCTOBER, people(2), share=Decimal(1))
    returned = load(uow, NOVEMBER, people(1), share=Decimal(1))
    assert changed(returned) == {ChangeKind.NEW: 1, ChangeKind.LEFT_REGION: 1}
    periods = uow.register.history(pid(1))
    assert [(p.start, p.end) for p in periods] == [
        (SEPTEMBER, date(2026, 9, 30)),
        (NOVEMBER, None),
    ]


def test_a_move_closes_the_period_the_day_before_and_the_audit_counts_the_changes() -> None:
    uow = FakeUnitOfWork()
    load(uow, SEPTEMBER, people(1, 2, 3))
    moved = person(1, "0182", registered_on=date(2026, 9, 15))
    load(uow, OCTOBER, [moved, person(2), person(3, protected_identity=True)])
    assert [(p.municipality, p.start, p.end) for p in uow.register.history(pid(1))] == [
        ("0180", SEPTEMBER, date(2026, 9, 14)),
        ("0182", date(2026, 9, 15), None),
    ]
    audited = uow.audit.events("population_load")[-1]
    assert audited["before"] == {"extract_date": "2026-09-01", "persons": 3}
    after = audited["after"]
    changes = after["changes"]
    assert (changes["moved"], changes["protection_changed"], changes["new"]) == (1, 1, 0)
    assert (after["source"], after["leaving"], after["confirmed_removals"]) == ("folk.csv", 0, None)


# -- the removal guard (issue 11 point 3) --------------------------------------------------------
def test_a_truncated_extract_removing_more_than_a_tenth_is_refused_and_a_tenth_is_not() -> None:
    uow = FakeUnitOfWork()
    load(uow, SEPTEMBER, people(*range(1, 21)))
    before = state(uow)
    with pytest.raises(RemovalsNotConfirmed, match="3 av de 20 personerna") as refused:
        load(uow, OCTOBER, people(*range(1, 18)))
    assert (refused.value.leaving, refused.value.registered) == (3, 20)
    assert state(uow) == before
    report = load(uow, OCTOBER, people(*range(1, 19)))  # 2 of 20 leave: 10 %
    assert report.changes[ChangeKind.LEFT_REGION] == 2
    assert uow.audit.events("population_load")[-1]["after"]["confirmed_removals"] is None


def test_a_confirmation_of_another_number_changes_nothing_and_the_right_one_is_audited() -> None:
    uow = FakeUnitOfWork()
    load(uow, SEPTEMBER, people(*range(1, 21)))
    before = state(uow)
    with pytest.raises(RemovalsNotConfirmed, match=r"Bekräftelsen gällde 5 .* tar bort 6"):
        load(uow, OCTOBER, people(*range(1, 15)), confirmed=5)
    assert state(uow) == before
    report = load(uow, OCTOBER, people(*range(1, 15)), confirmed=6)
    assert report.confirmed_removals == 6
    audited = uow.audit.events("population_load")[-1]["after"]
    assert (audited["leaving"], audited["confirmed_removals"]) == (6, 6)


def test_the_share_is_the_setting_the_service_is_given() -> None:
    uow = FakeUnitOfWork()
    load(uow, SEPTEMBER, people(*range(1, 11)))
    report = load(uow, OCTOBER, people(*range(1, 8)), share=Decimal("0.30"))
    assert report.changes[ChangeKind.LEFT_REGION] == 3


# -- year-1 placements from the admission --------------------------------------------------------
def admitted(
    uow: FakeUnitOfWork, no_reply: NoReplyRule = NoReplyRule.ACCEPT_AND_STAY_RESERVE
) -> None:
    """Admission year 2026: pupil 1 accepted NA, pupil 2 declined EK, pupil 3 did not reply
    (ES), pupil 4 was placed nowhere; all four live in Nacka by the admission data."""
    uow.admission.open(2026, YearSettings(no_reply=no_reply))
    uow.admission.offer(2026, "NORRA-NA", "11111111", "NA")
    uow.admission.offer(2026, "NORRA-EK", "11111111", "EK")
    uow.admission.offer(2026, "SODRA-ES", "22222222", "ES")
    for n in (1, 2, 3, 4):
        uow.applicant(pid(n), 2026, "0182")
    placed = {pid(1): "NORRA-NA", pid(2): "NORRA-EK", pid(3): "SODRA-ES", pid(4): None}
    replies = {pid(1): "accept", pid(2): "decline"}
    uow.rounds.publish(2026, placed, replies)


def placed(uow: FakeUnitOfWork) -> list[tuple[str, str, str, date]]:
    return [(p.personal_id, p.school_unit, p.programme, p.start) for p in uow.register.placements()]


def test_year_one_placements_are_made_once_from_the_accepted_final_results() -> None:
    """Pupil 1 accepted, pupil 2 declined, pupil 3 did not reply: the year's no-reply rule
    (by default) keeps the place, so 1 and 3 are placed."""
    uow = FakeUnitOfWork()
    admitted(uow)
    assert place_admitted(uow, year=2026, start=START, actor=OFFICE, now=NOW) == 2
    assert place_admitted(uow, year=2026, start=START, actor=OFFICE, now=NOW) == 0
    assert placed(uow) == [
        (pid(1), "11111111", "NA", START),
        (pid(3), "22222222", "ES", START),
    ]
    assert {s.merit_value for s in uow.register.stored_placements.values()} == {Decimal(250)}


def test_a_year_whose_unanswered_places_are_lost_places_only_those_who_accepted() -> None:
    uow = FakeUnitOfWork()
    admitted(uow, NoReplyRule.LOSE_PLACE)
    assert place_admitted(uow, year=2026, start=START, actor=OFFICE, now=NOW) == 1
    assert [p[0] for p in placed(uow)] == [pid(1)]


def test_the_placed_without_a_registration_are_registered_from_the_admission() -> None:
    """Issue 13 point 1: a 15-year-old the extract left out is registered at the applicant's
    home municipality from the placement's start; one already registered keeps their period."""
    uow = FakeUnitOfWork()
    admitted(uow)
    load(uow, SEPTEMBER, [person(3, "0180")])
    place_admitted(uow, year=2026, start=START, actor=OFFICE, now=NOW)
    (first,) = uow.register.history(pid(1))
    assert (first.municipality, first.start, first.end, first.source) == (
        "0182",
        START,
        None,
        RegistrationSource.ADMISSION,
    )
    assert [p.source for p in uow.register.history(pid(3))] == [RegistrationSource.POPULATION]
    (event,) = uow.audit.events("school_placement", "admission:2026")
    assert (event["after"]["placed"], event["after"]["registered_from_admission"]) == (2, 1)
    assert event["before"] == {"already_placed": 0}


def test_no_placements_are_made_without_a_published_final_round() -> None:
    uow = FakeUnitOfWork()
    uow.admission.open(2026)
    with pytest.raises(Conflict, match="ingen publicerad slutlig antagning"):
        place_admitted(uow, year=2026, start=START, actor=OFFICE, now=NOW)
    with pytest.raises(NotFound):
        place_admitted(uow, year=2027, start=START, actor=OFFICE, now=NOW)
    assert uow.register.stored_placements == {}


# -- the schools' registrations ------------------------------------------------------------------
def norra_placement(serial: int = 1, programme: str = "NA") -> SchoolPlacement:
    return SchoolPlacement(pid(serial), "11111111", programme, "", START)


def test_a_school_ends_and_changes_its_own_pupils_placements_with_the_rows_audited() -> None:
    uow = FakeUnitOfWork()
    (placement_id,) = import_placements(uow, actor=NORRA, placements=[norra_placement()], now=NOW)
    new_id = register_programme_change(
        uow,
        actor=NORRA,
        placement_id=placement_id,
        start=date(2026, 10, 5),
        programme="EK",
        orientation="",
        now=NOW,
    )
    register_interruption(
        uow,
        actor=NORRA,
        placement_id=new_id,
        end=date(2027, 6, 10),
        reason=EndReason.STUDIEBEVIS,
        now=NOW,
    )
    rows = uow.register.placements([pid(1)])
    assert [(p.programme, p.end, p.end_reason) for p in rows] == [
        ("NA", date(2026, 10, 4), EndReason.CHANGED_PROGRAMME),
        ("EK", date(2027, 6, 10), EndReason.STUDIEBEVIS),
    ]
    events = uow.audit.events("school_placement")
    assert [e["action"] for e in events] == ["registered", "changed_programme", "ended_studiebevis"]
    assert events[1]["after"]["new"]["id"] == new_id
    assert (events[2]["before"]["end"], events[2]["after"]["end"]) == (None, "2027-06-10")


def test_a_placement_cannot_end_twice_or_change_on_the_calendars_first_day() -> None:
    uow = FakeUnitOfWork()
    (placement_id,) = import_placements(uow, actor=NORRA, placements=[norra_placement()], now=NOW)
    register_interruption(
        uow, actor=NORRA, placement_id=placement_id, end=date(2026, 12, 1), now=NOW
    )
    before = (placed(uow), len(uow.audit.events()))
    with pytest.raises(Conflict, match="Placeringen avslutades redan 2026-12-01"):
        register_interruption(
            uow, actor=NORRA, placement_id=placement_id, end=date(2027, 1, 1), now=NOW
        )
    with pytest.raises(Conflict, match="Det nya programmet måste börja efter"):
        register_programme_change(
            uow,
            actor=NORRA,
            placement_id=placement_id,
            start=date.min,
            programme="EK",
            orientation="",
            now=NOW,
        )
    assert (placed(uow), len(uow.audit.events())) == before


def test_another_schools_placement_does_not_exist_for_the_school() -> None:
    uow = FakeUnitOfWork()
    (placement_id,) = import_placements(uow, actor=NORRA, placements=[norra_placement()], now=NOW)
    with pytest.raises(NotFound, match=f"Det finns ingen placering {placement_id}"):
        register_interruption(
            uow, actor=SODRA, placement_id=placement_id, end=date(2027, 1, 1), now=NOW
        )
    with pytest.raises(NotFound):
        register_interruption(uow, actor=OFFICE, placement_id=999, end=date(2027, 1, 1), now=NOW)
    with pytest.raises(NotPermitted):
        register_programme_change(
            uow,
            actor=NORRA,
            placement_id=placement_id,
            start=date(2026, 10, 5),
            programme="ES",
            orientation="",
            school_unit="22222222",
            now=NOW,
        )
    assert uow.register.placements()[0].end is None


def test_a_school_registers_only_at_its_own_units_and_all_or_nothing() -> None:
    uow = FakeUnitOfWork()
    theirs = SchoolPlacement(pid(2), "22222222", "ES", "", START)
    with pytest.raises(NotPermitted, match="22222222"):
        import_placements(uow, actor=NORRA, placements=[norra_placement(), theirs], now=NOW)
    assert uow.register.stored_placements == {}
    assert uow.audit.events() == []


def test_a_pupil_from_another_county_is_registered_by_the_school_at_their_home() -> None:
    uow = FakeUnitOfWork()
    home = PopulationRecord(pid(5), date(2010, 3, 1), "Elev 5", "0380")
    register_start(uow, actor=NORRA, placement=norra_placement(5), now=NOW, home=home)
    assert "0380" not in uow.catalogue.municipality_codes()  # known, but not a member
    assert uow.catalogue.area["0380"].value == "outside"
    (period,) = uow.register.history(pid(5))
    assert (period.municipality, period.start, period.source) == (
        "0380",
        START,
        RegistrationSource.SCHOOL,
    )
    (event,) = uow.audit.events("school_placement")
    assert event["after"]["registered_in"] == "0380"
