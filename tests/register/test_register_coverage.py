"""Who the register holds: the age band and every pupil whatever their age, and where a pupil the
extract does not cover is registered from (issue 13 point 1; admissions-rules.md §6 "Correction
(turn 2)"; skollagen 16 kap. 50–54 §§; ``register.domain.coverage``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from samverka.register.domain.coverage import compared_state, kept_rows, registrations_for
from samverka.register.domain.population import (
    AgeBand,
    ChangeKind,
    PopulationRecord,
    RegistrationSource,
    detect_changes,
)

BAND = AgeBand()
EXTRACT = date(2026, 9, 1)
LATER = date(2026, 10, 1)
MEMBERS = {"0180", "0182"}


def person(pid: str, born: date, municipality: str = "0180") -> PopulationRecord:
    return PopulationRecord(pid, born, f"Person {pid[-4:]}", municipality)


FIFTEEN = person("20101020-0001", date(2010, 10, 20))  # 15 on 1 September 2026, in year 1
SIXTEEN = person("20100101-0002", date(2010, 1, 1))
TWENTY = person("20060301-0003", date(2006, 3, 1))  # 20 on 1 September 2026, in year 3
TWELVE = person("20140101-0004", date(2014, 1, 1))


def test_an_extract_keeps_the_age_band_and_leaves_out_others_without_a_placement() -> None:
    kept = kept_rows([FIFTEEN, SIXTEEN, TWENTY, TWELVE], BAND, EXTRACT, pupils=(), known=())
    assert kept.keys() == {SIXTEEN.personal_id}


def test_a_fifteen_year_old_in_year_one_and_a_twenty_year_old_in_year_three_are_kept() -> None:
    pupils = {FIFTEEN.personal_id, TWENTY.personal_id}
    kept = kept_rows([FIFTEEN, SIXTEEN, TWENTY, TWELVE], BAND, EXTRACT, pupils=pupils, known=())
    assert kept.keys() == {FIFTEEN.personal_id, SIXTEEN.personal_id, TWENTY.personal_id}


def test_a_pupil_past_the_band_is_not_aged_out_while_a_placement_holds_them() -> None:
    before = {TWENTY.personal_id: TWENTY}
    held = kept_rows([TWENTY], BAND, EXTRACT, pupils={TWENTY.personal_id}, known=before)
    assert detect_changes(before, held, EXTRACT, band=BAND) == []
    released = kept_rows([TWENTY], BAND, LATER, pupils=(), known=before)
    events = detect_changes(before, released, LATER, band=BAND)
    assert [e.kind for e in events] == [ChangeKind.AGED_OUT]


def test_a_fifteen_year_old_already_in_the_register_is_kept_after_leaving_school() -> None:
    known = {FIFTEEN.personal_id}
    kept = kept_rows([FIFTEEN], BAND, LATER, pupils=(), known=known)
    assert kept.keys() == {FIFTEEN.personal_id}


def test_a_person_past_the_band_without_a_placement_is_not_kept_because_they_were_known() -> None:
    kept = kept_rows([TWENTY], BAND, EXTRACT, pupils=(), known={TWENTY.personal_id})
    assert kept == {}


def test_an_extract_is_compared_with_the_area_and_with_outsiders_who_moved_in() -> None:
    uppsala = person("20091111-0005", date(2009, 11, 11), "0380")
    stays_out = person("20090202-0006", date(2009, 2, 2), "0305")
    open_records = {p.personal_id: p for p in (SIXTEEN, uppsala, stays_out)}
    moved_in = replace(uppsala, municipality="0182")
    kept = {p.personal_id: p for p in (SIXTEEN, moved_in)}
    compared = compared_state(open_records, MEMBERS, kept)
    assert compared.keys() == {SIXTEEN.personal_id, uppsala.personal_id}
    events = detect_changes(compared, kept, EXTRACT, band=BAND)
    assert [(e.personal_id, e.kind) for e in events] == [(uppsala.personal_id, ChangeKind.MOVED)]


def test_a_pupil_without_a_registration_gets_one_from_the_placements_start_and_source() -> None:
    start = date(2026, 8, 18)
    periods = registrations_for(
        [(FIFTEEN, start), (SIXTEEN, start), (FIFTEEN, EXTRACT)],
        last_ends={SIXTEEN.personal_id: None},
        source=RegistrationSource.ADMISSION,
    )
    assert [(p.personal_id, p.municipality, p.start, p.end, p.source) for p in periods] == [
        (FIFTEEN.personal_id, "0180", start, None, RegistrationSource.ADMISSION)
    ]


def test_a_registration_from_a_school_never_overlaps_the_pupils_last_period() -> None:
    start = date(2026, 8, 18)
    (period,) = registrations_for(
        [(TWENTY, start)],
        last_ends={TWENTY.personal_id: date(2026, 8, 31)},
        source=RegistrationSource.SCHOOL,
    )
    assert period.start == date(2026, 9, 1)
