"""Protection is the union of every source, on SQLite and PostgreSQL (issue 11 point 2;
admissions-rules §11.2 item 11; ``platform.db.protection``).

A person protected in the admission data (an applicant's flag, any year) or in the population
register (any registration period) is masked for everyone but the admission officer in every
list, detail and export: the school's placement list, the KAA list and detail, the register's
views, the counsellor's pupils, the municipality's residents, the school's applicants and the
round's admitted and reserve lists (the exports). The attack of the issue: the school's
placement list and the KAA detail checked the register's flag only and showed protected
pupils' identity numbers, names and addresses.

The year: Ebba (not protected), Anna (protected in the admission data only) and Rut (protected
in the register only), all three at Norra and placed there; Kajsa (admission only) and Rolf
(register only) are out of school in Stockholm, so in its KAA group.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

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

from samverka.admission.domain.rounds import RoundKind
from samverka.admission.ports import UnitOfWork
from samverka.admission.queries.counsellor_view import own_pupil, own_pupils
from samverka.admission.queries.round_lists import (
    PROTECTED_NAME,
    Viewer,
    admitted_lists,
    reserve_lists,
)
from samverka.admission.queries.school_view import offering_details
from samverka.admission.services.applications import ChoiceRequest, register_applications
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.rounds import publish_round, run_round
from samverka.errors import NotFound
from samverka.platform.access.domain.actors import Actor, Role
from samverka.register.domain.activity_follow_up import EntryKind
from samverka.register.domain.placements import SchoolPlacement
from samverka.register.domain.population import PopulationRecord
from samverka.register.queries.activity_follow_up import kaa_list, kaa_person
from samverka.register.queries.municipality_view import residents
from samverka.register.queries.register_view import (
    duplicate_placements,
    person_history,
    school_placements,
    where_on,
)
from samverka.register.services.activity_follow_up import record_follow_up
from samverka.register.services.register import import_placements, load_population

NORRA = "11111111"
DAY = date(YEAR, 9, 1)
NOW = datetime(YEAR, 9, 2, 9, tzinfo=UTC)
EBBA, ANNA, RUT, KAJSA, ROLF = (personal_id(n) for n in (1, 4, 5, 6, 7))
NAMES = {
    EBBA: "Ebba Ettsson",
    ANNA: "Anna Antagningsskydd",
    RUT: "Rut Registerskydd",
    KAJSA: "Kajsa Kaaskydd",
    ROLF: "Rolf Registerskydd",
}
PROTECTED = {ANNA, RUT, KAJSA, ROLF}
ADDRESSES = {pid: f"{NAMES[pid].split()[0]}s väg 1" for pid in NAMES}
OFFICER_ACTOR = Actor("alva", Role.OFFICER, "Alva")
SCHOOL = Actor("rektor", Role.SCHOOL, "Rektor", school_unit_codes=frozenset({NORRA}))
COUNSELLOR = Actor("syv", Role.COUNSELLOR, "SYV", school_unit_codes=frozenset({NORRA}))
STOCKHOLM = Actor("kommun", Role.MUNICIPALITY, "Stockholm", municipality_code="0180")


def _world(uow: UnitOfWork) -> int:
    """The year above; returns the published final round's id."""
    open_year(uow)
    serials = {EBBA: 1, ANNA: 4, RUT: 5, KAJSA: 6, ROLF: 7}
    rows = []
    for pid, serial in serials.items():
        row = pupil(serial, name=NAMES[pid], protected=pid in {ANNA, KAJSA})
        unit = NORRA if pid in {EBBA, ANNA, RUT} else None
        rows.append(replace(row, applicant=replace(row.applicant, school_unit_code=unit)))
    import_pupils(uow, year=YEAR, pupils=rows, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    choices = {pid: [ChoiceRequest("NORRA-NA"), ChoiceRequest("NORRA-EK")] for pid in serials}
    register_applications(
        uow,
        year=YEAR,
        applications=choices,
        actor=OFFICE,
        by_admission_office=True,
        now=IN_APPLICATION_PERIOD,
    )
    final = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=3, actor=OFFICE, now=AFTER_FINAL)
    publish_round(uow, year=YEAR, round_id=final.round_id, actor=OFFICE, now=AFTER_FINAL)
    people = [
        PopulationRecord(
            pid,
            date(2010, 3, 1),
            NAMES[pid],
            "0180",
            ADDRESSES[pid],
            protected_identity=pid in {RUT, ROLF},
        )
        for pid in NAMES
    ]
    load_population(
        uow, records=people, extract_date=date(YEAR, 8, 1), source="f.csv", actor=OFFICE, now=NOW
    )
    placements = [SchoolPlacement(pid, NORRA, "NA", "", date(YEAR, 8, 18)) for pid in (EBBA, ANNA)]
    placements += [
        SchoolPlacement(RUT, NORRA, "NA", "", date(YEAR, 8, 18)),
        SchoolPlacement(RUT, NORRA, "EK", "", date(YEAR, 8, 20)),  # a duplicate
    ]
    import_placements(uow, actor=OFFICER_ACTOR, placements=placements, now=NOW)
    return final.round_id


def _shown(*texts: object) -> set[str]:
    """The people whose number, name or address is in ``texts``."""
    joined = " ".join(str(text) for text in texts)
    return {
        pid for pid in NAMES if pid in joined or NAMES[pid] in joined or ADDRESSES[pid] in joined
    }


# -- the register: the attacks of the issue ------------------------------------------------------
def test_the_schools_placement_list_masks_a_pupil_protected_only_in_the_admission_data(
    uow: UnitOfWork, session: Session
) -> None:
    _world(uow)
    pupils = school_placements(session, SCHOOL, DAY)
    assert _shown(*((p.personal_id, p.name) for p in pupils)) == {EBBA}
    assert sorted(p.name for p in pupils).count(PROTECTED_NAME) == 3  # Anna, and Rut twice
    assert _shown(*school_placements(session, replace(SCHOOL, signed_in_as=Role.OFFICER), DAY)) >= {
        ANNA,
        RUT,
    }


def test_the_kaa_list_and_detail_mask_a_person_protected_only_in_the_admission_data(
    uow: UnitOfWork, session: Session
) -> None:
    _world(uow)
    people = kaa_list(session, STOCKHOLM, "0180", DAY)
    assert len(people) == 2
    assert _shown(*people) == set()
    assert all(p.name == PROTECTED_NAME and p.address == "" for p in people)
    for pid in (KAJSA, ROLF):
        with pytest.raises(NotFound):
            kaa_person(session, STOCKHOLM, pid, DAY)
        assert kaa_person(session, OFFICER_ACTOR, pid, DAY).address == ADDRESSES[pid]
    assert _shown(*kaa_list(session, OFFICER_ACTOR, "0180", DAY)) == {KAJSA, ROLF}


def test_the_municipality_records_no_kaa_entry_for_a_protected_person(
    uow: UnitOfWork, session: Session
) -> None:
    """Recording would tell the municipality that the number is registered with it."""
    _world(uow)
    for pid in (KAJSA, ROLF):
        with pytest.raises(NotFound):
            record_follow_up(
                uow,
                actor=STOCKHOLM,
                personal_id=pid,
                kind=EntryKind.CONTACT,
                on=DAY,
                note="Ringt",
                now=NOW,
            )
        record_follow_up(
            uow,
            actor=OFFICER_ACTOR,
            personal_id=pid,
            kind=EntryKind.CONTACT,
            on=DAY,
            note="Ringt",
            now=NOW,
        )


def test_who_is_where_and_a_persons_history_mask_both_kinds_of_protection(
    uow: UnitOfWork, session: Session
) -> None:
    _world(uow)
    seen = where_on(session, STOCKHOLM, DAY)
    assert _shown(*seen) == {EBBA}
    assert all(p.placements == () for p in seen if p.name == PROTECTED_NAME)
    for pid in PROTECTED:
        with pytest.raises(NotFound):
            person_history(session, STOCKHOLM, pid)
        assert person_history(session, OFFICER_ACTOR, pid).personal_id == pid
    assert _shown(*where_on(session, OFFICER_ACTOR, DAY)) == set(NAMES)


def test_a_school_is_not_shown_the_duplicates_of_a_protected_pupil(
    uow: UnitOfWork, session: Session
) -> None:
    _world(uow)
    assert duplicate_placements(session, SCHOOL) == []
    assert [d.personal_id for d in duplicate_placements(session, OFFICER_ACTOR)] == [RUT]


# -- the admission data: a protection of the register counts there too ---------------------------
def test_the_counsellor_never_sees_a_pupil_protected_only_in_the_register(
    uow: UnitOfWork, session: Session
) -> None:
    _world(uow)
    found = own_pupils(session, COUNSELLOR, YEAR)
    assert [p.personal_id for p in found.pupils] == [EBBA]
    assert found.total == 1
    with pytest.raises(NotFound):
        own_pupil(session, COUNSELLOR, YEAR, RUT)
    in_place = replace(COUNSELLOR, signed_in_as=Role.OFFICER)
    shown = {
        p.personal_id: p.protected_identity for p in own_pupils(session, in_place, YEAR).pupils
    }
    assert shown == {EBBA: False, ANNA: True, RUT: True}


def test_the_municipalitys_residents_mask_a_person_protected_only_in_the_register(
    uow: UnitOfWork, session: Session
) -> None:
    _world(uow)
    people, total = residents(session, YEAR, STOCKHOLM)
    assert total == 5
    assert _shown(*((p.personal_id, p.name) for p in people)) == {EBBA}
    assert {p.protected_identity for p in people if p.name == PROTECTED_NAME} == {True}


def test_the_schools_applicants_and_the_round_lists_mask_both_kinds_of_protection(
    uow: UnitOfWork, session: Session
) -> None:
    round_id = _world(uow)
    details = offering_details(session, YEAR, SCHOOL, "NORRA-NA")
    other = offering_details(session, YEAR, SCHOOL, "NORRA-EK")
    lists = (details.applicants, details.admitted, details.reserves, other.admitted, other.reserves)
    entries = [(e.personal_id, e.name) for listed in lists for e in listed]
    assert _shown(*entries) == {EBBA}
    assert len(details.applicants) == 5
    masked = Viewer(may_see_protected=False)
    exported = [*admitted_lists(session, YEAR, round_id, masked)]
    exported += reserve_lists(session, YEAR, round_id, masked)
    assert _shown(*((e.personal_id, e.name) for e in exported)) == {EBBA}
    assert {e.protected_identity for e in exported if e.name == PROTECTED_NAME} == {True}
    unmasked = Viewer(may_see_protected=True)
    everyone = [*admitted_lists(session, YEAR, round_id, unmasked)]
    everyone += reserve_lists(session, YEAR, round_id, unmasked)
    assert _shown(*((e.personal_id, e.name) for e in everyone)) == set(NAMES)
