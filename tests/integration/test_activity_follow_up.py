"""The activity follow-up (KAA) on SQLite and PostgreSQL: who is in a municipality's group on a
day, the entries only the home municipality and the officer may record, and the half-year report."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from admission_year_builders import OFFICER, open_year
from sqlalchemy.orm import Session

from samverka.domain.access.actors import Actor, Role
from samverka.domain.common.personal_id import luhn_check_digit
from samverka.domain.register.activity_follow_up import EntryKind, HalfYear, KaaStatus
from samverka.domain.register.placements import EndReason, SchoolPlacement
from samverka.domain.register.population import PopulationRecord
from samverka.errors import InvalidInput, NotFound, NotPermitted
from samverka.queries.activity_follow_up import kaa_list, kaa_person, kaa_report
from samverka.services.activity_follow_up import record_follow_up
from samverka.services.ports import UnitOfWork
from samverka.services.register import import_placements, load_population

DAY = date(2026, 9, 1)
NOW = datetime(2026, 9, 2, 9, tzinfo=UTC)
BORN = date(2009, 3, 1)
STOCKHOLM = Actor("sthlm", Role.MUNICIPALITY, "Stockholm", municipality_code="0180")
NACKA = Actor("nacka", Role.MUNICIPALITY, "Nacka", municipality_code="0182")
OFFICER_ACTOR = Actor("officer", Role.OFFICER, "Officer")


def pid(serial: int) -> str:
    """A valid personal identity number of someone born 2009-03-01."""
    return f"20090301-{serial:03d}{luhn_check_digit(f'090301{serial:03d}')}"


def _arrange(uow: UnitOfWork) -> None:
    """1: out of school; 2: in school; 3: interrupted; 4: completed NA; 5: lives in Nacka;
    6: protected identity, out of school."""
    open_year(uow)
    people = [
        PopulationRecord(
            pid(n), BORN, f"Ung {n}", "0182" if n == 5 else "0180", protected_identity=n == 6
        )
        for n in range(1, 7)
    ]
    load_population(
        uow, records=people, extract_date=DAY, source="folk.csv", actor=OFFICER, now=NOW
    )
    start = date(2025, 8, 18)
    import_placements(
        uow,
        actor=OFFICER_ACTOR,
        placements=[
            SchoolPlacement(pid(2), "11111111", "NA", "", start),
            SchoolPlacement(
                pid(3), "11111111", "NA", "", start, date(2026, 2, 1), EndReason.INTERRUPTED
            ),
            SchoolPlacement(
                pid(4),
                "11111111",
                "NA",
                "",
                date(2023, 8, 18),
                date(2026, 6, 10),
                EndReason.COMPLETED,
            ),
        ],
        now=NOW,
    )


def test_the_list_holds_the_municipalitys_young_people_outside_school(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    people = kaa_list(session, STOCKHOLM, "0180", DAY)
    assert [p.personal_id for p in people] == [pid(1), pid(3), None]
    assert [p.status for p in people] == [KaaStatus.NOT_CONTACTED] * 3
    assert people[0].age == 17
    officer_view = kaa_list(session, OFFICER_ACTOR, "0180", DAY)
    assert [p.personal_id for p in officer_view] == [pid(1), pid(3), pid(6)]
    assert [p.personal_id for p in kaa_list(session, NACKA, "0182", DAY)] == [pid(5)]


def test_only_the_home_municipality_and_the_officer_see_the_persons(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    with pytest.raises(NotPermitted):
        kaa_list(session, NACKA, "0180", DAY)
    with pytest.raises(NotPermitted):
        kaa_list(session, Actor("a", Role.ANALYST, "Analyst"), "0180", DAY)
    with pytest.raises(NotFound):
        kaa_person(session, NACKA, pid(1), DAY)
    with pytest.raises(NotFound):
        record_follow_up(
            uow,
            actor=NACKA,
            personal_id=pid(1),
            kind=EntryKind.CONTACT,
            on=DAY,
            note="x",
            now=NOW,
        )


def test_contacts_measures_and_statuses_are_recorded_and_the_latest_status_counts(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    record_follow_up(
        uow,
        actor=STOCKHOLM,
        personal_id=pid(1),
        kind=EntryKind.CONTACT,
        on=DAY,
        note="Ringde hem",
        now=NOW,
    )
    record_follow_up(
        uow,
        actor=STOCKHOLM,
        personal_id=pid(1),
        kind=EntryKind.STATUS,
        on=DAY,
        status=KaaStatus.IN_MEASURE,
        now=NOW,
    )
    with pytest.raises(InvalidInput):
        record_follow_up(
            uow, actor=STOCKHOLM, personal_id=pid(1), kind=EntryKind.STATUS, on=DAY, now=NOW
        )
    detail = kaa_person(session, STOCKHOLM, pid(1), DAY)
    assert detail.in_group
    assert detail.status is KaaStatus.IN_MEASURE
    assert [e.kind for e in detail.entries] == [EntryKind.CONTACT, EntryKind.STATUS]
    assert kaa_list(session, STOCKHOLM, "0180", DAY)[0].status is KaaStatus.IN_MEASURE
    with uow:
        assert len(uow.audit.events("follow_up_entry", pid(1))) == 2


def test_the_half_year_report_counts_everyone_in_the_group_by_status(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    record_follow_up(
        uow,
        actor=OFFICER_ACTOR,
        personal_id=pid(3),
        kind=EntryKind.STATUS,
        on=DAY,
        status=KaaStatus.WORKING,
        now=NOW,
    )
    report = kaa_report(session, STOCKHOLM, "0180", HalfYear(2026, 2))
    assert report.total == 3
    assert report.counts[KaaStatus.WORKING] == 1
    assert report.counts[KaaStatus.NOT_CONTACTED] == 2
    analyst = kaa_report(session, Actor("a", Role.ANALYST, "Analyst"), "0180", HalfYear(2026, 2))
    assert analyst.counts == report.counts
    with pytest.raises(NotPermitted):
        kaa_report(session, NACKA, "0180", HalfYear(2026, 2))
