"""The youth register's count of people registered on a day, per municipality and birth date,
that the member fees and the state grants count young people by
(``register.queries.registered_counts``); on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert
from sqlalchemy.orm import Session

from samverka.platform.db import tables as pt
from samverka.register.db import tables as rt
from samverka.register.queries.registered_counts import registered_by_birth_date

DAY = date(2026, 12, 31)


def _person(
    session: Session, pid: str, born: date, *periods: tuple[str, date, date | None]
) -> None:
    session.execute(insert(rt.register_person).values(personal_id=pid, birth_date=born))
    for code, start, end in periods:
        session.execute(
            insert(rt.registration_period).values(
                personal_id=pid, municipality_code=code, name=pid, start=start, end=end
            )
        )


def _world(session: Session) -> None:
    session.execute(
        insert(pt.municipality),
        [{"code": "0180", "name": "Stockholm"}, {"code": "0182", "name": "Nacka"}],
    )
    born = date(2010, 5, 1)
    _person(session, "201005012384", born, ("0180", date(2010, 5, 1), None))
    # two periods in Stockholm on the day: still one person
    _person(
        session,
        "201005022383",
        born,
        ("0180", date(2010, 5, 2), None),
        ("0180", date(2026, 1, 1), None),
    )
    _person(session, "201005032382", born, ("0180", date(2010, 5, 3), date(2026, 12, 30)))  # moved
    _person(session, "201005042381", born, ("0182", date(2026, 12, 31), None))  # from that day
    _person(session, "200801012389", date(2008, 1, 1), ("0182", date(2008, 1, 1), None))
    session.commit()


def test_each_person_registered_on_the_day_counts_once_by_municipality_and_birth_date(
    session: Session,
) -> None:
    _world(session)
    counts = registered_by_birth_date(
        session, DAY, born_from=date(2008, 1, 1), born_until=date(2010, 12, 31)
    )
    assert counts == {
        ("0180", date(2010, 5, 1)): 2,
        ("0182", date(2010, 5, 1)): 1,
        ("0182", date(2008, 1, 1)): 1,
    }


def test_the_count_keeps_to_the_birth_dates_and_municipalities_asked_for(
    session: Session,
) -> None:
    _world(session)
    counts = registered_by_birth_date(
        session,
        DAY,
        born_from=date(2009, 1, 1),
        born_until=date(2010, 12, 31),
        municipalities=["0182"],
    )
    assert counts == {("0182", date(2010, 5, 1)): 1}
