"""The young people of the activity follow-up (KAA), read from the register and the admission
data: everything ``register.domain.kaa_group`` needs of a person, in a few queries.

Source: issue 13 point 8 (the group is decided from the year-9 grades and the school data, and
takes in those who finished year 9 but are not in the register's population); the data each
rule reads is described in ``register.domain.compulsory_school`` and ``kaa_group``.

* ``young_people(db, ids)``: per identity number, the register's registration periods and birth
  date (else the birth date of the number itself), the home municipality of each admission year
  the person applied in, the admission years with year-9 final and autumn grades, and the
  register's placements. Five queries whatever the number of persons.
* ``candidates(db, municipality, first, last)``: who might be in the municipality's group on some
  day from ``first`` to ``last``: those registered there in that time and, for the days before
  the register holds them, those the admission data places there; minus whoever a placement
  covers all that time, has an examen before it, or is 20 by its first day (read in SQL, so
  that the pupils of the municipality are never loaded). The domain decides the rest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, exists, not_, or_, select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as at
from samverka.platform.domain.personal_id import PersonalIdError, parse_personal_id
from samverka.register.db import tables as t
from samverka.register.db.register_rows import period_from_row, placement_from_row
from samverka.register.domain.compulsory_school import Schooling
from samverka.register.domain.kaa_group import AGE_LIMIT, AdmissionHome, YoungPerson
from samverka.register.domain.placements import INTRODUCTORY_PREFIX

Database = Session | Connection
_FAR_FUTURE = date(9999, 12, 31)
_CHUNK = 5000


@dataclass(frozen=True, slots=True)
class Shown:
    """What a list shows of a person: their name and address on a day."""

    name: str
    address: str


def birth_date_of(personal_id: str) -> date | None:
    """The birth date a canonical identity or coordination number gives."""
    try:
        return parse_personal_id(personal_id, today=_FAR_FUTURE).birth_date
    except PersonalIdError:
        return None


def _chunks(ids: Collection[str]) -> list[list[str]]:
    ordered = sorted(ids)
    return [ordered[i : i + _CHUNK] for i in range(0, len(ordered), _CHUNK)]


def young_people(db: Database, personal_ids: Collection[str]) -> dict[str, YoungPerson]:
    """The persons of ``personal_ids`` the data knows (the module's first item)."""
    found: dict[str, YoungPerson] = {}
    for chunk in _chunks(personal_ids):
        found.update(_load(db, chunk))
    return found


def _load(db: Database, ids: list[str]) -> dict[str, YoungPerson]:
    p, r, s = t.register_person, t.registration_period, t.school_placement
    query = select(p.c.personal_id, p.c.birth_date).where(p.c.personal_id.in_(ids))
    births: dict[str, date] = {row[0]: row[1] for row in db.execute(query)}
    periods: dict[str, list[Any]] = defaultdict(list)
    query = select(r).where(r.c.personal_id.in_(ids)).order_by(r.c.personal_id, r.c.start, r.c.id)
    for row in db.execute(query):
        periods[row.personal_id].append(period_from_row(row))
    placements: dict[str, list[Any]] = defaultdict(list)
    query = select(s).where(s.c.personal_id.in_(ids)).order_by(s.c.personal_id, s.c.start, s.c.id)
    for row in db.execute(query):
        placements[row.personal_id].append(placement_from_row(row))
    homes, finals, autumns = _admission(db, ids)
    people = {}
    for pid in ids:
        born = births.get(pid) or birth_date_of(pid)
        if born is None or not (pid in births or pid in homes or pid in placements):
            continue
        starts = [x.start for x in placements.get(pid, ())]
        schooling = Schooling(
            born,
            frozenset(finals.get(pid, ())),
            frozenset(autumns.get(pid, ())),
            min(starts, default=None),
        )
        people[pid] = YoungPerson(
            pid,
            schooling,
            tuple(periods.get(pid, ())),
            tuple(homes.get(pid, ())),
            tuple(placements.get(pid, ())),
        )
    return people


def _admission(
    db: Database, ids: list[str]
) -> tuple[dict[str, list[AdmissionHome]], dict[str, set[int]], dict[str, set[int]]]:
    a, y, g = at.applicant, at.admission_year, at.grade
    homes: dict[str, list[AdmissionHome]] = defaultdict(list)
    query = (
        select(a.c.personal_id, y.c.year, a.c.home_municipality)
        .join(y, y.c.id == a.c.admission_year_id)
        .where(a.c.personal_id.in_(ids))
        .order_by(a.c.personal_id, y.c.year)
    )
    for pid, year, municipality in db.execute(query):
        homes[pid].append(AdmissionHome(int(year), municipality))
    finals: dict[str, set[int]] = defaultdict(set)
    autumns: dict[str, set[int]] = defaultdict(set)
    graded = (
        select(a.c.personal_id, y.c.year, g.c.term)
        .distinct()
        .join(y, y.c.id == a.c.admission_year_id)
        .join(g, g.c.applicant_id == a.c.id)
        .where(a.c.personal_id.in_(ids))
    )
    for pid, year, term in db.execute(graded):
        (finals if term == "final" else autumns)[pid].add(int(year))
    return homes, finals, autumns


# -- who might be in a municipality's group ------------------------------------------------------
def _surely_too_old(first: date) -> date:
    """Whoever was born before this day is 20 by ``first`` (a year to spare: 29 February)."""
    return date(first.year - AGE_LIMIT - 1, first.month, min(first.day, 28))


def _excluded(pid: ColumnElement[Any], first: date, last: date) -> ColumnElement[bool]:
    """A placement covers all of ``first``–``last``, or an examen came before ``first``."""
    s = t.school_placement
    covered = exists().where(
        s.c.personal_id == pid, s.c.start <= first, or_(s.c.end.is_(None), s.c.end >= last)
    )
    examen = exists().where(
        s.c.personal_id == pid,
        s.c.end_reason == "examen",
        s.c.end < first,
        not_(s.c.programme.startswith(INTRODUCTORY_PREFIX)),
    )
    return or_(covered, examen)


def registered_candidates(municipality: str, first: date, last: date) -> Select[Any]:
    """Identity numbers registered in ``municipality`` at some time in ``first``–``last``."""
    r, p = t.registration_period, t.register_person
    return (
        select(r.c.personal_id)
        .distinct()
        .join(p, p.c.personal_id == r.c.personal_id)
        .where(
            r.c.municipality_code == municipality,
            r.c.start <= last,
            or_(r.c.end.is_(None), r.c.end >= first),
            p.c.birth_date >= _surely_too_old(first),
            not_(_excluded(r.c.personal_id, first, last)),
        )
    )


def admission_candidates(municipality: str, first: date, last: date) -> Select[Any]:
    """Identity numbers the admission data places in ``municipality``, not yet in the register
    by ``first``."""
    a, y, r = at.applicant, at.admission_year, t.registration_period
    in_register = exists().where(r.c.personal_id == a.c.personal_id, r.c.start <= first)
    return (
        select(a.c.personal_id)
        .distinct()
        .join(y, y.c.id == a.c.admission_year_id)
        .where(
            a.c.home_municipality == municipality,
            y.c.year <= last.year,
            not_(in_register),
            not_(_excluded(a.c.personal_id, first, last)),
        )
    )


def candidates(db: Database, municipality: str, first: date, last: date) -> dict[str, YoungPerson]:
    """Everyone who might be in ``municipality``'s group on a day of ``first``–``last``."""
    ids = set(db.execute(registered_candidates(municipality, first, last)).scalars())
    ids |= set(db.execute(admission_candidates(municipality, first, last)).scalars())
    return young_people(db, ids)


def shown(db: Database, personal_ids: Collection[str], day: date) -> dict[str, Shown]:
    """The name and address of each person on ``day``: the register's period in force (else the
    latest), else the applicant row of the latest admission year."""
    r, a, y = t.registration_period, at.applicant, at.admission_year
    result: dict[str, Shown] = {}
    for chunk in _chunks(personal_ids):
        query = select(a.c.personal_id, a.c.name).join(y, y.c.id == a.c.admission_year_id)
        for pid, name in db.execute(query.where(a.c.personal_id.in_(chunk)).order_by(y.c.year)):
            result[pid] = Shown(name, "")
        periods = select(r).where(r.c.personal_id.in_(chunk)).order_by(r.c.start, r.c.id)
        for row in db.execute(periods):
            if row.start <= day or row.personal_id not in result:
                result[row.personal_id] = Shown(row.name, row.address)
    return result
