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
  that the pupils of the municipality are never loaded), and, with ``finished=True``, whoever
  has not finished compulsory school by ``last`` (``finished_by``). The domain decides the rest.
* ``group_on(municipality, day)``: the members of the group on ``day``, as one SQL CTE:
  the rules of ``kaa_group`` (1 home municipality, 2 compulsory school finished, 3 under 20,
  4 no placement in force, 5 no examen) written as conditions, so that the list, its count and
  its pages are read in the database (issue 15 point 2). One row each: ``personal_id``;
  ``name`` and ``address`` as ``shown`` gives them (the register's period in force; for a
  person the register does not hold yet, the applicant row of the latest admission year and no
  address); ``status``, the latest the municipality recorded on or before ``day`` (``None``:
  none, NOT_CONTACTED, ``activity_follow_up.status_on``), and ``last_entry``, the day of its
  latest entry then; ``protected``, in any source (``platform.db.protection``). The birth date
  is the register's, else the identity number's (a coordination number's day less 60); the
  conditions compare it with days the domain's own functions give (``birthday``: 29 February).
  ``test_kaa_group_in_sql`` holds it to the domain's rules applied in Python.
* ``half_year_candidates``, ``grade_year``, ``any_grade``, ``admission_home_on`` and
  ``admission_years``: what the half-year's summary in SQL (``register.db.kaa_half_year``)
  reads of the admission data, as parts of its statement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    CompoundSelect,
    Connection,
    FromClause,
    ScalarSelect,
    Select,
    String,
    Subquery,
    and_,
    case,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import Session

from samverka.admission.db import tables as at
from samverka.platform.db.protection import is_protected
from samverka.platform.domain.personal_id import PersonalIdError, parse_personal_id
from samverka.register.db import tables as t
from samverka.register.db.register_rows import period_from_row, placement_from_row
from samverka.register.domain.compulsory_school import (
    SCHOOL_AGE_ENDS,
    SCHOOL_YEAR_OVER,
    Schooling,
)
from samverka.register.domain.kaa_group import AGE_LIMIT, AdmissionHome, YoungPerson, birthday
from samverka.register.domain.placements import INTRODUCTORY_PREFIX, EndReason

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


def _applicants_of(ids: Collection[str]) -> ColumnElement[bool]:
    """The applicant rows of ``ids``, of any admission year: the year named too, so that the
    database looks each number up in the index of (year, number) rather than reading every
    applicant."""
    a, y = at.applicant, at.admission_year.alias("any_year")
    return and_(a.c.admission_year_id.in_(select(y.c.id)), a.c.personal_id.in_(ids))


def _admission(
    db: Database, ids: list[str]
) -> tuple[dict[str, list[AdmissionHome]], dict[str, set[int]], dict[str, set[int]]]:
    a, y, g = at.applicant, at.admission_year, at.grade
    homes: dict[str, list[AdmissionHome]] = defaultdict(list)
    query = (
        select(a.c.personal_id, y.c.year, a.c.home_municipality)
        .join(y, y.c.id == a.c.admission_year_id)
        .where(_applicants_of(ids))
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
        .where(_applicants_of(ids))
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


def registered_candidates(
    municipality: str, first: date, last: date, *, finished: bool = False
) -> Select[Any]:
    """Identity numbers registered in ``municipality`` at some time in ``first``–``last``
    (``finished``: and done with compulsory school by ``last``)."""
    r, p = t.registration_period, t.register_person
    query = (
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
    return query.where(finished_by(r.c.personal_id, p.c.birth_date, last)) if finished else query


def admission_candidates(
    municipality: str, first: date, last: date, *, finished: bool = False
) -> Select[Any]:
    """Identity numbers the admission data places in ``municipality``, not yet in the register
    by ``first`` (``finished``: and done with compulsory school by ``last``)."""
    a, y, r, p = at.applicant, at.admission_year, t.registration_period, t.register_person
    in_register = exists().where(r.c.personal_id == a.c.personal_id, r.c.start <= first)
    query = (
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
    if not finished:
        return query
    born = p.c.birth_date
    query = query.outerjoin(p, p.c.personal_id == a.c.personal_id)
    return query.where(finished_by(a.c.personal_id, born, last))


def candidates(
    db: Database, municipality: str, first: date, last: date, *, finished: bool = False
) -> dict[str, YoungPerson]:
    """Everyone who might be in ``municipality``'s group on a day of ``first``–``last``
    (``finished``: leaving out, in SQL, whoever has not finished compulsory school by ``last``,
    who cannot be in it on any of those days)."""
    registered = registered_candidates(municipality, first, last, finished=finished)
    ids = set(db.execute(registered).scalars())
    admitted = admission_candidates(municipality, first, last, finished=finished)
    ids |= set(db.execute(admitted).scalars())
    return young_people(db, ids)


def shown(db: Database, personal_ids: Collection[str], day: date) -> dict[str, Shown]:
    """The name and address of each person on ``day``: the register's period in force (else the
    latest), else the applicant row of the latest admission year."""
    r, a, y = t.registration_period, at.applicant, at.admission_year
    result: dict[str, Shown] = {}
    for chunk in _chunks(personal_ids):
        query = select(a.c.personal_id, a.c.name).join(y, y.c.id == a.c.admission_year_id)
        for pid, name in db.execute(query.where(_applicants_of(chunk)).order_by(y.c.year)):
            result[pid] = Shown(name, "")
        periods = select(r).where(r.c.personal_id.in_(chunk)).order_by(r.c.start, r.c.id)
        for row in db.execute(periods):
            if row.start <= day or row.personal_id not in result:
                result[row.personal_id] = Shown(row.name, row.address)
    return result


# -- who is in a municipality's group on a day, in SQL (issue 15 point 2) ------------------------
_COORDINATION = {"6": "0", "7": "1", "8": "2", "9": "3"}  # a coordination number: day + 60


def _key(day: date) -> str:
    """``day`` as the eight digits an identity number begins with."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def number_birth(personal_id: ColumnElement[Any]) -> ColumnElement[str]:
    """The birth date a canonical number (``YYYYMMDD-NNNC``) gives, as eight digits."""
    tens = func.substr(personal_id, 7, 1, type_=String)
    shifted = ((tens == k, literal(v, String)) for k, v in _COORDINATION.items())
    day_tens = case(*shifted, else_=tens)
    first = func.substr(personal_id, 1, 6, type_=String)
    return first.concat(day_tens).concat(func.substr(personal_id, 8, 1, type_=String))


def _born_before(
    personal_id: ColumnElement[Any], born: ColumnElement[Any], day: date
) -> ColumnElement[bool]:
    """Born before ``day``: by the register's birth date, else by the number's."""
    return or_(
        and_(born.is_not(None), born < day),
        and_(born.is_(None), number_birth(personal_id) < _key(day)),
    )


def _last_school_year_over(day: date) -> int:
    """The latest year whose 1 July (the school year over) is on or before ``day``."""
    return day.year if day >= date(day.year, *SCHOOL_YEAR_OVER) else day.year - 1


def _youngest_too_old(day: date) -> date:
    """The first birth date of those under 20 on ``day``: ``birthday(b, 20) > day`` holds from it
    on (``birthday`` never goes back as ``b`` grows; 29 February turns 20 on 1 March)."""
    born = date(day.year - AGE_LIMIT, day.month, min(day.day, 28)) - timedelta(days=3)
    while birthday(born, AGE_LIMIT) <= day:
        born += timedelta(days=1)
    return born


def _graded(personal_id: ColumnElement[Any], final: bool, year: int) -> ColumnElement[bool]:
    """Grades of year 9 in the admission data: final grades of an admission year up to
    ``year``, or autumn grades (any other term, as ``young_people`` reads them) of a later one.
    The person's applicant rows are found first, then their grades (by the grade's key)."""
    a, y, g = at.applicant.alias("graded"), at.admission_year.alias("graded_year"), at.grade
    term = g.c.term == "final" if final else g.c.term != "final"
    graded = exists().where(g.c.applicant_id == a.c.id, term)
    return (
        exists()
        .select_from(a.join(y, y.c.id == a.c.admission_year_id))
        .where(
            a.c.personal_id == personal_id,
            y.c.year <= year if final else y.c.year > year,
            graded,
        )
    )


def finished_by(
    personal_id: ColumnElement[Any], born: ColumnElement[Any], day: date
) -> ColumnElement[bool]:
    """Rule 2 (``compulsory_school.compulsory_school_end`` on or before ``day``): the end by age
    (1 July of the year they turn 16, or of a later year with autumn grades of year 9) has come,
    or final grades of a year whose 1 July has come, or a placement begun by ``day``."""
    s = t.school_placement
    year = _last_school_year_over(day)
    by_age = and_(
        _born_before(personal_id, born, date(max(1, year - SCHOOL_AGE_ENDS + 1), 1, 1)),
        not_(_graded(personal_id, False, year)),
    )
    by_grades = _graded(personal_id, True, year)
    by_school = exists().where(s.c.personal_id == personal_id, s.c.start <= day)
    return or_(by_age, by_grades, by_school)


def _not_in_school(personal_id: ColumnElement[Any], day: date) -> ColumnElement[bool]:
    """Rules 4 and 5: no placement in force on ``day``, no national programme completed with an
    examen on or before it (``placements.examen_by``)."""
    s = t.school_placement
    placed = exists().where(
        s.c.personal_id == personal_id,
        s.c.start <= day,
        or_(s.c.end.is_(None), s.c.end >= day),
    )
    examen = exists().where(
        s.c.personal_id == personal_id,
        s.c.end_reason == EndReason.EXAMEN.value,
        not_(func.upper(s.c.programme).startswith(INTRODUCTORY_PREFIX)),
        s.c.end.is_not(None),
        s.c.end <= day,
    )
    return and_(not_(placed), not_(examen))


def _homes(municipality: str, day: date) -> Subquery:
    """Rule 1: those whose home municipality on ``day`` is ``municipality``, with their birth
    date (``None``: the number's), name and address."""
    r, p = t.registration_period, t.register_person
    a, y = at.applicant, at.admission_year
    registered = (
        select(r.c.personal_id, p.c.birth_date.label("born"), r.c.name, r.c.address)
        .join(p, p.c.personal_id == r.c.personal_id)
        .where(
            r.c.municipality_code == municipality,
            r.c.start <= day,
            or_(r.c.end.is_(None), r.c.end >= day),
        )
    )
    a2, y2 = a.alias("earlier"), y.alias("earlier_year")
    latest_by_day = (
        select(func.max(y2.c.year))
        .select_from(a2.join(y2, y2.c.id == a2.c.admission_year_id))
        .where(a2.c.personal_id == a.c.personal_id, y2.c.year <= day.year)
        .scalar_subquery()
    )
    a3, y3 = a.alias("latest"), y.alias("latest_year")
    latest_name = (
        select(a3.c.name)
        .join(y3, y3.c.id == a3.c.admission_year_id)
        .where(a3.c.personal_id == a.c.personal_id)
        .order_by(y3.c.year.desc())
        .limit(1)
        .scalar_subquery()
    )
    in_register = exists().where(r.c.personal_id == a.c.personal_id, r.c.start <= day)
    admitted = (
        select(
            a.c.personal_id,
            p.c.birth_date.label("born"),
            latest_name.label("name"),
            literal("", String).label("address"),
        )
        .join(y, y.c.id == a.c.admission_year_id)
        .outerjoin(p, p.c.personal_id == a.c.personal_id)
        .where(
            # the index of a year's applicants by home municipality, for the planner
            a.c.admission_year_id.in_(select(y2.c.id).where(y2.c.year <= day.year)),
            a.c.home_municipality == municipality,
            y.c.year == latest_by_day,
            not_(in_register),
        )
    )
    return union_all(registered, admitted).subquery("home")


def group_on(municipality: str, day: date) -> CTE:
    """The members of ``municipality``'s group on ``day`` (the module's columns)."""
    home, f = _homes(municipality, day), t.follow_up_entry
    pid, born = home.c.personal_id, home.c.born
    own = and_(f.c.municipality_code == municipality, f.c.personal_id == pid, f.c.on <= day)
    status = (
        select(f.c.status)
        .where(own, f.c.status.is_not(None))
        .order_by(f.c.on.desc(), f.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    last_entry = select(func.max(f.c.on)).where(own).scalar_subquery()
    return (
        select(
            pid.label("personal_id"),
            home.c.name,
            home.c.address,
            status.label("status"),
            last_entry.label("last_entry"),
            is_protected(pid).label("protected"),
        )
        .where(
            # the most selective first: most residents of the ages are at school
            _not_in_school(pid, day),  # rules 4 and 5
            not_(_born_before(pid, born, _youngest_too_old(day))),  # rule 3: under 20
            finished_by(pid, born, day),  # rule 2 (rule 1: ``_homes``)
        )
        .cte("kaa_group")
    )


# -- what the half-year's summary reads of the admission data (``register.db.kaa_half_year``) ----
def half_year_candidates(municipality: str, first: date, last: date) -> CompoundSelect[Any]:
    """Identity numbers that might be in ``municipality``'s group on a day of ``first``–``last``,
    by the cheap tests alone (the rest is for the rules): registered there in that time and not
    20 by ``first``, or placed there by the admission data of a year up to ``last``'s and not yet
    in the register by ``first``."""
    r, p, a, y = t.registration_period, t.register_person, at.applicant, at.admission_year
    registered = (
        select(r.c.personal_id)
        .join(p, p.c.personal_id == r.c.personal_id)
        .where(
            r.c.municipality_code == municipality,
            r.c.start <= last,
            or_(r.c.end.is_(None), r.c.end >= first),
            p.c.birth_date >= _surely_too_old(first),
        )
    )
    in_register = exists().where(r.c.personal_id == a.c.personal_id, r.c.start <= first)
    admitted = select(a.c.personal_id).where(
        a.c.admission_year_id.in_(select(y.c.id).where(y.c.year <= last.year)),
        a.c.home_municipality == municipality,
        not_(in_register),
    )
    return union(registered, admitted)


def _rows_of(applicant: Any, personal_id: ColumnElement[Any]) -> ColumnElement[bool]:
    """The applicant rows of a person, of any admission year: the year named too, so that the
    database finds them by its index of (year, number)."""
    years = at.admission_year.alias("some_year")
    return and_(
        applicant.c.admission_year_id.in_(select(years.c.id)),
        applicant.c.personal_id == personal_id,
    )


def grade_year(personal_id: ColumnElement[Any], *, final: bool) -> ScalarSelect[Any]:
    """The first admission year with year-9 final grades (``final``), or the last with other
    (autumn) grades, of the person; NULL when none (``Schooling``'s grade years)."""
    a, y, g = at.applicant, at.admission_year, at.grade
    term = g.c.term == "final" if final else g.c.term != "final"
    chosen = func.min(y.c.year) if final else func.max(y.c.year)
    return (
        select(chosen)
        .select_from(a.join(y, y.c.id == a.c.admission_year_id))
        .where(_rows_of(a, personal_id), exists().where(g.c.applicant_id == a.c.id, term))
        .scalar_subquery()
    )


def admission_home_on(
    personal_id: ColumnElement[Any], year: ColumnElement[Any]
) -> ScalarSelect[Any]:
    """The home municipality of the person's latest applicant row of an admission year up to
    ``year`` (NULL when none)."""
    a, y = at.applicant, at.admission_year
    return (
        select(a.c.home_municipality)
        .join(y, y.c.id == a.c.admission_year_id)
        .where(_rows_of(a, personal_id), y.c.year <= year)
        .order_by(y.c.year.desc())
        .limit(1)
        .scalar_subquery()
    )


def any_grade(personal_id: ColumnElement[Any]) -> ColumnElement[bool]:
    """Any year-9 grade of the person in the admission data."""
    a, g = at.applicant, at.grade
    joined = a.join(g, g.c.applicant_id == a.c.id)
    return exists().select_from(joined).where(_rows_of(a, personal_id))


def admission_years(
    people: FromClause, personal_id: ColumnElement[Any], municipality: str
) -> Select[Any]:
    """The admission years whose applicant row of a person of ``people`` names
    ``municipality`` as the home: ``personal_id``, ``year``, ``next_year`` (the person's next
    admission year, of any home; NULL when none) and ``registered`` (``people``'s column)."""
    a, y = at.applicant, at.admission_year
    a2, y2 = a.alias("next_row"), y.alias("next_year")
    next_year = (
        select(func.min(y2.c.year))
        .select_from(a2.join(y2, y2.c.id == a2.c.admission_year_id))
        .where(_rows_of(a2, personal_id), y2.c.year > y.c.year)
        .scalar_subquery()
    )
    return (
        select(
            personal_id.label("personal_id"),
            y.c.year,
            next_year.label("next_year"),
            people.c.registered,
        )
        .select_from(
            people.join(a, _rows_of(a, personal_id)).join(y, y.c.id == a.c.admission_year_id)
        )
        .where(a.c.home_municipality == municipality)
    )
