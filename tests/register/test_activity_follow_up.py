"""The activity follow-up (KAA) on SQLite and PostgreSQL: who is in a municipality's group on a
day (from the register and the admission data), the entries read back, and the half-year report
(person-level records and summary counts). Who may record an entry, the refusals and the audit
trail's content run on the fake unit of work, in ``test_follow_up_services.py``.

Sources: skollagen (2010:800) 29 kap. 9 § (finished compulsory school, under 20, not in
upper-secondary school, no examen; not on an introductory programme), 29 kap. 6 § (the home
municipality); Skolverket (a studiebevis does not end the follow-up); SCB's collection
"Kommunernas aktivitetsansvar" (person-level, half-yearly); the rules audit of 2026-12, §7 (the
15-year-olds who left year 9 were missing); issue 13 points 8 and 9.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from admission_year_builders import OFFICE, open_year, pupil
from follow_up_examples import DAY, NACKA, NOW, OFFICER, STOCKHOLM, pid, young
from sqlalchemy.orm import Session

from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.ports import UnitOfWork
from samverka.admission.services.pupils import import_pupils
from samverka.errors import NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.personal_id import parse_personal_id
from samverka.register.domain.activity_follow_up import (
    EntryKind,
    HalfYear,
    KaaStatus,
    MeasureType,
)
from samverka.register.domain.kaa_collection import Block, DeregistrationReason
from samverka.register.domain.placements import EndReason, SchoolPlacement
from samverka.register.domain.population import PopulationRecord
from samverka.register.queries.activity_follow_up import (
    kaa_half_year,
    kaa_list,
    kaa_person,
    kaa_report,
)
from samverka.register.services.activity_follow_up import record_follow_up
from samverka.register.services.register import import_placements, load_population

BORN = date(2009, 3, 1)
H2 = HalfYear(2026, 2)


def _year_nine_leaver(serial: int, *, protected: bool = False) -> object:
    """A pupil of admission year 2026 with final grades, born in November 2010."""
    base = pupil(serial, term=GradeTerm.FINAL, protected=protected)
    record = replace(
        base.applicant,
        personal_id=parse_personal_id(young(serial), today=DAY),
        name=f"Femtonåring {serial}",
    )
    return replace(base, applicant=record)


def _arrange(uow: UnitOfWork) -> None:
    """In the register (born 2009): 1 out of school; 2 in school; 3 interrupted; 4 examen;
    5 lives in Nacka; 6 protected, out of school; 7 studiebevis; 8 on an introductory programme.
    Not in the register (born November 2010, final grades of 2026): 21 unplaced; 22 unplaced and
    protected; 23 placed on NA."""
    open_year(uow)
    leavers = [_year_nine_leaver(21), _year_nine_leaver(22, protected=True), _year_nine_leaver(23)]
    import_pupils(uow, year=2026, pupils=leavers, actor=OFFICE, now=NOW)  # type: ignore[arg-type]
    people = [
        PopulationRecord(
            pid(n), BORN, f"Ung {n}", "0182" if n == 5 else "0180", protected_identity=n == 6
        )
        for n in range(1, 9)
    ]
    load_population(
        uow,
        records=people,
        extract_date=date(2026, 9, 1),
        source="folk.csv",
        actor=OFFICE,
        now=NOW,
    )
    start, three_years = date(2025, 8, 18), (date(2023, 8, 18), date(2026, 6, 10))
    placements = [
        SchoolPlacement(pid(2), "11111111", "NA", "", start),
        SchoolPlacement(
            pid(3), "11111111", "NA", "", start, date(2026, 2, 1), EndReason.INTERRUPTED
        ),
        SchoolPlacement(pid(4), "11111111", "NA", "", *three_years, EndReason.EXAMEN),
        SchoolPlacement(pid(7), "11111111", "EK", "", *three_years, EndReason.STUDIEBEVIS),
        SchoolPlacement(pid(8), "11111111", "IMV", "", start),
        SchoolPlacement(young(23), "11111111", "NA", "", date(2026, 8, 18)),
    ]
    import_placements(uow, actor=OFFICER, placements=placements, now=NOW)


def test_the_group_holds_the_15_year_olds_who_left_year_9_and_a_studiebevis_but_no_pupil(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    people = kaa_list(session, OFFICER, "0180", DAY)
    assert sorted(p.personal_id or "" for p in people) == sorted(
        [pid(1), pid(3), pid(6), pid(7), young(21), young(22)]
    )
    fifteen = next(p for p in people if p.personal_id == young(21))
    assert (fifteen.age, fifteen.name, fifteen.since) == (15, "Femtonåring 21", date(2026, 7, 1))
    assert [p.personal_id for p in kaa_list(session, NACKA, "0182", DAY)] == [pid(5)]


def test_protected_persons_are_masked_for_the_municipality(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    people = kaa_list(session, STOCKHOLM, "0180", DAY)
    assert sum(1 for p in people if p.personal_id is None) == 2
    assert {p.personal_id for p in people} >= {young(21), pid(7)}
    with pytest.raises(NotFound):
        kaa_person(session, STOCKHOLM, young(22), DAY)


def test_only_the_home_municipality_and_the_officer_see_the_persons(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    with pytest.raises(NotPermitted):
        kaa_list(session, NACKA, "0180", DAY)
    with pytest.raises(NotPermitted):
        kaa_list(session, Actor("a", Role.ANALYST, "Analyst"), "0180", DAY)
    with pytest.raises(NotFound):
        kaa_person(session, NACKA, young(21), DAY)


def test_a_15_year_old_outside_the_register_is_followed_up_by_the_admission_datas_municipality(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    record_follow_up(
        uow,
        actor=STOCKHOLM,
        personal_id=young(21),
        kind=EntryKind.CONTACT,
        on=DAY,
        note="Ringde",
        now=NOW,
    )
    detail = kaa_person(session, STOCKHOLM, young(21), DAY)
    assert (detail.in_group, detail.municipality, detail.since) == (True, "0180", date(2026, 7, 1))
    assert detail.compulsory_school.on == date(2026, 7, 1)
    assert [(e.kind, e.note) for e in detail.entries] == [(EntryKind.CONTACT, "Ringde")]


def test_a_measure_begun_and_ended_is_read_back_with_the_status_after_it(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    measure = record_follow_up(
        uow,
        actor=STOCKHOLM,
        personal_id=pid(1),
        kind=EntryKind.MEASURE,
        on=DAY,
        measure=MeasureType.WORK_PLACEMENT,
        now=NOW,
    )
    record_follow_up(
        uow,
        actor=STOCKHOLM,
        personal_id=pid(1),
        kind=EntryKind.MEASURE_ENDED,
        on=date(2026, 10, 30),
        ends=measure,
        status=KaaStatus.WORKING,
        now=NOW,
    )
    detail = kaa_person(session, STOCKHOLM, pid(1), date(2026, 11, 1))
    assert [(m.measure, m.end) for m in detail.measures] == [
        (MeasureType.WORK_PLACEMENT, date(2026, 10, 30))
    ]
    assert detail.status is KaaStatus.WORKING
    assert len(detail.entries) == 2


def test_the_half_year_report_has_person_level_records_and_counts(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    record_follow_up(
        uow,
        actor=STOCKHOLM,
        personal_id=young(21),
        kind=EntryKind.CONTACT,
        on=DAY,
        note="Ringde",
        now=NOW,
    )
    found = kaa_half_year(session, STOCKHOLM, "0180", H2)
    persons = {r.personal_id for r in found.records}
    assert persons == {pid(1), pid(3), pid(7), young(21), young(23)}  # 23: until NA began
    assert found.summary.total == 7
    assert found.summary.withheld == 2
    assert found.summary.contacted == 1
    ended = [r for r in found.records if r.block is Block.ENDED]
    assert [(r.personal_id, r.day, r.deregistration) for r in ended] == [
        (young(23), date(2026, 8, 18), DeregistrationReason.STARTED_NATIONAL)
    ]
    officer = kaa_half_year(session, OFFICER, "0180", H2)
    assert officer.summary.withheld == 0
    assert {r.personal_id for r in officer.records} == persons | {pid(6), young(22)}
    analyst = kaa_report(session, Actor("a", Role.ANALYST, "Analyst"), "0180", H2)
    assert analyst.counts == found.summary.counts
    with pytest.raises(NotPermitted):
        kaa_half_year(session, Actor("a", Role.ANALYST, "Analyst"), "0180", H2)
