"""The activity follow-up's (KAA) half-year summary counted in SQL (``register.db.kaa_half_year``,
through ``queries.activity_follow_up.kaa_report``) against the domain's rules applied in Python to
every candidate (``kaa_collection.person_half_year`` and ``half_year_report``, the oracle of
``test_kaa_group_in_sql``), on SQLite and PostgreSQL, over every half-year of five years.

The region is ``test_kaa_group_in_sql``'s (drawn with a fixed seed: moves, people the register
holds only later, held-back pupils, examen and studiebevis, coordination numbers, 29 February,
protected identities), with measures begun and ended and contacts around the half-years'
boundaries, and people placed on the boundaries on purpose: turning 20 on the first and on the
last day of a half-year, registered anew on 1 July after a period ending on 30 June, a placement
ending on 30 June, a spell crossing a half-year's start and end.

Sources: skollagen (2010:800) 29 kap. 9 §; förordning (2015:482) and SCB's collection
"Kommunernas aktivitetsansvar"; issue 15 point 2 (the report is counted in the database).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from admission_year_builders import open_year
from follow_up_examples import NACKA, OFFICER, STOCKHOLM
from sqlalchemy import insert, select
from sqlalchemy.orm import Session
from tests.register.test_kaa_group_in_sql import MUNICIPALITIES, _half_year_oracle, _region

from samverka.admission.db import tables as at
from samverka.admission.ports import UnitOfWork
from samverka.platform.domain.personal_id import luhn_check_digit
from samverka.register.db import tables as t
from samverka.register.domain.activity_follow_up import HalfYear, KaaStatus, MeasureType
from samverka.register.queries.activity_follow_up import kaa_half_year, kaa_report

NOW = datetime(2026, 9, 16, 9, tzinfo=UTC)
ACTORS = {"0180": STOCKHOLM, "0182": NACKA}
BOUNDARIES = (
    date(2025, 12, 31),
    date(2026, 1, 1),
    date(2026, 6, 30),
    date(2026, 7, 1),
    date(2026, 12, 31),
    date(2027, 1, 1),
)


def _number(born: date, serial: int) -> str:
    digits = f"{born:%y%m%d}{serial:03d}"
    return f"{born:%Y%m%d}-{serial:03d}{luhn_check_digit(digits)}"


def _entry(
    session: Session, pid: str, municipality: str, kind: str, on: date, **more: object
) -> int:
    values = {"note": "Ringde", "recorded_at": NOW, "recorded_by": "test", **more}
    return int(
        session.execute(
            insert(t.follow_up_entry)
            .values(personal_id=pid, municipality_code=municipality, kind=kind, on=on, **values)
            .returning(t.follow_up_entry.c.id)
        ).scalar_one()
    )


def _follow_up(session: Session, seed: int) -> None:
    """Measures begun and ended, contacts and statuses on and around the boundaries."""
    rng = random.Random(seed)
    people = sorted(session.execute(select(t.register_person.c.personal_id)).scalars())
    for pid in rng.sample(people, len(people) // 2):
        municipality = rng.choice(MUNICIPALITIES)
        for _ in range(rng.randint(1, 3)):
            on = rng.choice(BOUNDARIES) + timedelta(days=rng.choice((0, 0, 0, -400, 200, 500)))
            if rng.random() < 0.4:
                _entry(session, pid, municipality, "contact", on)
                continue
            kind = rng.choice((None, "other", *MeasureType))
            measure = _entry(session, pid, municipality, "measure", on, measure=kind)
            if rng.random() < 0.6:
                end = on + timedelta(days=rng.choice((0, 1, 60, 183, 365)))
                status = rng.choice([None, *KaaStatus])
                status_value = None if status is None else status.value
                _entry(session, pid, municipality, "ended", end, ends=measure, status=status_value)


def _edge_people(session: Session) -> None:
    """People placed on the half-years' boundaries on purpose (the module's list)."""
    year_id = session.execute(select(at.admission_year.c.id)).scalars().first()
    people = (
        # born, periods (municipality, start, end), placements (programme, start, end, reason)
        (date(2006, 7, 1), [("0180", date(2006, 7, 1), None)], []),  # 20 on 1 July 2026
        (date(2006, 12, 31), [("0180", date(2006, 12, 31), None)], []),  # 20 on 31 December
        (date(2007, 1, 1), [("0180", date(2007, 1, 1), None)], []),  # 20 on 1 January 2027
        (date(2008, 2, 29), [("0180", date(2008, 2, 29), None)], []),  # 29 February
        (
            date(2008, 5, 5),
            [("0180", date(2008, 5, 5), date(2026, 6, 30)), ("0180", date(2026, 7, 1), None)],
            [("NA", date(2024, 8, 20), date(2026, 6, 30), "interrupted")],
        ),
        (
            date(2008, 5, 6),
            [("0180", date(2008, 5, 6), date(2026, 6, 30)), ("0182", date(2026, 7, 1), None)],
            [("IMV", date(2024, 8, 20), date(2025, 12, 31), "interrupted")],
        ),
        (
            date(2007, 9, 9),
            [("0182", date(2007, 9, 9), None)],
            [("EK", date(2023, 8, 20), date(2026, 6, 30), "studiebevis")],
        ),
        (
            date(2007, 9, 10),
            [("0182", date(2007, 9, 10), None)],
            [
                ("EK", date(2023, 8, 20), date(2026, 6, 29), "examen"),
                ("IMA", date(2027, 1, 1), None, None),
            ],
        ),
        (
            date(2009, 3, 3),
            [("0180", date(2009, 3, 3), None)],
            [("NA", date(2027, 1, 1), None, None)],  # a spell from 1 July to 31 December 2025+
        ),
    )
    for serial, (born, periods, placements) in enumerate(people, start=900):
        pid = _number(born, serial)
        session.execute(insert(t.register_person).values(personal_id=pid, birth_date=born))
        for municipality, start, end in periods:
            session.execute(
                insert(t.registration_period).values(
                    personal_id=pid,
                    municipality_code=municipality,
                    name=f"Gränsfall {serial}",
                    address="Gatan 1",
                    start=start,
                    end=end,
                )
            )
        for programme, start, end, reason in placements:
            session.execute(
                insert(t.school_placement).values(
                    personal_id=pid,
                    school_unit_code="11111111",
                    programme=programme,
                    start=start,
                    end=end,
                    end_reason=reason,
                )
            )
        if serial % 2 and year_id is not None:
            applicant = session.execute(
                insert(at.applicant)
                .values(
                    admission_year_id=year_id, personal_id=pid, name="G", home_municipality="0180"
                )
                .returning(at.applicant.c.id)
            ).scalar_one()
            grade = {"applicant_id": applicant, "term": "final", "subject": "SV", "letter": "C"}
            session.execute(insert(at.grade).values(**grade))
        municipality = periods[-1][0]
        measure = _entry(session, pid, municipality, "measure", date(2026, 6, 30), measure="other")
        _entry(session, pid, municipality, "ended", date(2026, 7, 1), ends=measure)
        _entry(session, pid, municipality, "contact", date(2026, 12, 31))
        _entry(session, pid, municipality, "status", date(2026, 7, 1), status="working")


@pytest.mark.parametrize("seed", [42, 2026])
def test_the_half_year_counted_in_sql_is_what_the_rules_give_for_every_half_year(
    uow: UnitOfWork, session: Session, seed: int
) -> None:
    open_year(uow)
    _region(session, seed, people=200)
    _edge_people(session)
    _follow_up(session, seed)
    session.flush()
    counted = contacted = measured = 0
    for year in (2024, 2025, 2026, 2027, 2028):
        for half in (HalfYear(year, 1), HalfYear(year, 2)):
            for municipality in MUNICIPALITIES:
                for actor in (OFFICER, ACTORS[municipality]):
                    shows_all = actor.may_see_protected_identities
                    expected = _half_year_oracle(session, municipality, half, shows_all).summary
                    found = kaa_report(session, actor, municipality, half)
                    assert found == expected, (half, municipality, actor.role)
                    counted += expected.total
                    contacted += expected.contacted
                    measured += expected.in_measure
    # the region gives every count something to count
    assert counted > 300
    assert contacted > 10
    assert measured > 10


def test_the_report_page_and_the_file_for_scb_count_the_same_persons(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    _region(session, 7, people=120)
    _edge_people(session)
    _follow_up(session, 7)
    session.flush()
    half = HalfYear(2026, 2)
    for actor in (OFFICER, STOCKHOLM):
        whole = kaa_half_year(session, actor, "0180", half)
        assert kaa_report(session, actor, "0180", half) == whole.summary
        registered = {r.personal_id for r in whole.records}
        assert len(registered) == whole.summary.total - whole.summary.withheld
