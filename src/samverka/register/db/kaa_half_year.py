"""The activity follow-up's (KAA) half-year summary counted in SQL: who was in a municipality's
group during a half-year, their spells, and what the summary counts of each, in one statement
that returns the counts (issue 15 point 2).

Sources: skollagen (2010:800) 29 kap. 9 § (the group) and 26 kap. 25 § (the report);
förordning (2015:482) om kommunernas aktivitetsansvar för ungdomar (the register and the
documentation the report is drawn from) and SCB's collection "Kommunernas aktivitetsansvar"
(what the half-year counts); the rules themselves are
``register.domain.kaa_group`` (who is in the group on a day, and ``group_spells``) and
``register.domain.kaa_collection`` (``person_half_year`` and ``half_year_report``: what is
counted of a person). ``test_kaa_half_year_in_sql`` holds this module to them.

How the rules become SQL (days as half-open ranges ``[from, until)``):

* the candidates are ``young_people.half_year_candidates`` (registered in the municipality
  during the half-year and not 20 by its first day, or placed there by the admission data and
  not yet in the register); the rules below leave out the rest;
* per person: the birth date (the register's, else the number's: a coordination number's day
  less 60), the end of compulsory school (``compulsory_school_end``: 1 July of the first year of
  final grades, the first placement's start, or 1 July of the year they turn 16 or of a later
  year with autumn grades, the earliest), the 20th birthday (``birthday``: 29 February turns 20
  on 1 March) and the day of the first examen of a national programme (rule 5);
* the days the municipality is their home (rule 1): each registration period there, and before
  the person's first period, each admission year whose applicant row names the municipality,
  from its 1 January to the next admission year's;
* those days within rules 2, 3 and 5 give the base ranges; a placement's days (rule 4) are
  taken out by counting, day by day of change, how many base ranges and placements are open
  (window sums); the spells are the runs where a base range is open and no placement is;
* of the spells that overlap the half-year, the last gives the status (the latest recorded on
  or before its last day within the half-year), the reason for registration (the last placement
  ended before it) and, when it ends within the half-year, the reason it ended; a contact on a
  day of a spell within the half-year counts as contacted, a measure in force between the first
  spell's first day (or the half-year's) and the last day counts as in a measure; the entries
  are looked up only for the persons the municipality has recorded any of.

The dates are computed with a few functions written for each database (``day_after``,
``date_of_year``, ``birthday_at``, ``key_day``, ``earliest``, ``latest``): SQLite keeps dates
as ISO text, PostgreSQL as dates. The statement is made of CTEs rather than nested subqueries
(SQLite's parser refuses the nesting otherwise).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Date,
    Integer,
    Select,
    and_,
    case,
    exists,
    func,
    literal,
    not_,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from samverka.platform.db.protection import is_protected
from samverka.register.db import tables as t
from samverka.register.db.young_people import (
    Database,
    admission_home_on,
    admission_years,
    any_grade,
    grade_year,
    half_year_candidates,
    number_birth,
)
from samverka.register.domain.activity_follow_up import EntryKind, HalfYear, KaaStatus
from samverka.register.domain.compulsory_school import SCHOOL_AGE_ENDS, SCHOOL_YEAR_OVER
from samverka.register.domain.kaa_collection import (
    DeregistrationReason,
    HalfYearReport,
    RegistrationReason,
)
from samverka.register.domain.kaa_group import AGE_LIMIT
from samverka.register.domain.placements import INTRODUCTORY_PREFIX, EndReason

_NEVER = date(9999, 12, 31)


# -- days computed in the database ---------------------------------------------------------------
class day_after(FunctionElement[date]):  # noqa: N801 (an SQL function)
    """The day after a date."""

    type = Date()
    inherit_cache = True


@compiles(day_after)
def _day_after(element: day_after, compiler: SQLCompiler, **kw: Any) -> str:
    return f"({compiler.process(element.clauses, **kw)} + 1)"


@compiles(day_after, "sqlite")
def _day_after_sqlite(element: day_after, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, '+1 day')"


class date_of_year(FunctionElement[date]):  # noqa: N801
    """A day of a year computed in the database: (year, month, day), month and day constants."""

    type = Date()
    inherit_cache = True


@compiles(date_of_year)
def _date_of_year(element: date_of_year, compiler: SQLCompiler, **kw: Any) -> str:
    year, month, day = (compiler.process(c, **kw) for c in element.clauses)
    return f"make_date(CAST({year} AS INTEGER), {month}, {day})"


@compiles(date_of_year, "sqlite")
def _date_of_year_sqlite(element: date_of_year, compiler: SQLCompiler, **kw: Any) -> str:
    return f"printf('%04d-%02d-%02d', {compiler.process(element.clauses, **kw)})"


class birthday_at(FunctionElement[date]):  # noqa: N801
    """The day someone born on a date turns ``AGE_LIMIT`` (29 February: 1 March, as
    ``kaa_group.birthday``); the argument is a column, named more than once."""

    type = Date()
    inherit_cache = True


@compiles(birthday_at)
def _birthday_at(element: birthday_at, compiler: SQLCompiler, **kw: Any) -> str:
    born = compiler.process(element.clauses, **kw)
    later = f"CAST({born} + INTERVAL '{AGE_LIMIT} years' AS DATE)"
    leap = f"EXTRACT(MONTH FROM {born}) = 2 AND EXTRACT(DAY FROM {born}) = 29"
    return f"({later} + CASE WHEN {leap} AND EXTRACT(DAY FROM {later}) = 28 THEN 1 ELSE 0 END)"


@compiles(birthday_at, "sqlite")
def _birthday_at_sqlite(element: birthday_at, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite's own date arithmetic carries 29 February of a year without it to 1 March
    return f"date({compiler.process(element.clauses, **kw)}, '+{AGE_LIMIT} years')"


class key_day(FunctionElement[date]):  # noqa: N801
    """The date of eight digits ``YYYYMMDD``."""

    type = Date()
    inherit_cache = True


@compiles(key_day)
def _key_day(element: key_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_date({compiler.process(element.clauses, **kw)}, 'YYYYMMDD')"


@compiles(key_day, "sqlite")
def _key_day_sqlite(element: key_day, compiler: SQLCompiler, **kw: Any) -> str:
    key = compiler.process(element.clauses, **kw)
    return f"(substr({key}, 1, 4) || '-' || substr({key}, 5, 2) || '-' || substr({key}, 7, 2))"


class earliest(FunctionElement[date]):  # noqa: N801
    """The earliest of two or more days that are not NULL (NULL when all are)."""

    type = Date()
    inherit_cache = True


@compiles(earliest)
def _earliest(element: earliest, compiler: SQLCompiler, **kw: Any) -> str:
    return f"LEAST({compiler.process(element.clauses, **kw)})"


@compiles(earliest, "sqlite")
def _earliest_sqlite(element: earliest, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite's min() of several values is NULL when one is: NULL is read as the last day
    never = f"'{_NEVER.isoformat()}'"
    days = [f"coalesce({compiler.process(c, **kw)}, {never})" for c in element.clauses]
    return f"nullif(min({', '.join(days)}), {never})"


class latest(FunctionElement[date]):  # noqa: N801
    """The latest of two or more days, none NULL."""

    type = Date()
    inherit_cache = True


@compiles(latest)
def _latest(element: latest, compiler: SQLCompiler, **kw: Any) -> str:
    return f"GREATEST({compiler.process(element.clauses, **kw)})"


@compiles(latest, "sqlite")
def _latest_sqlite(element: latest, compiler: SQLCompiler, **kw: Any) -> str:
    return f"max({compiler.process(element.clauses, **kw)})"


def _national(programme: ColumnElement[Any]) -> ColumnElement[bool]:
    return not_(func.upper(programme).startswith(INTRODUCTORY_PREFIX))


# -- the statement -------------------------------------------------------------------------------
def _people(municipality: str, half: HalfYear) -> CTE:
    """The candidates with the dates the rules compare: born, school_end, turns_20, examen
    (the first examen's day, else NULL), registered (the first registration period's start,
    else NULL) and graded (any year-9 grade in the admission data)."""
    first, last = half.first, half.last
    found = half_year_candidates(municipality, first, last).cte("candidate")
    pid = found.c.personal_id
    p, r, s = t.register_person, t.registration_period, t.school_placement
    born_register = select(p.c.birth_date).where(p.c.personal_id == pid).scalar_subquery()
    dated = select(
        pid.label("personal_id"),
        func.coalesce(born_register, key_day(number_birth(pid))).label("born"),
        grade_year(pid, final=True).label("final_year"),
        grade_year(pid, final=False).label("autumn_year"),
        select(func.min(s.c.start)).where(s.c.personal_id == pid).scalar_subquery().label("placed"),
        select(func.min(s.c.end))
        .where(
            s.c.personal_id == pid,
            s.c.end_reason == EndReason.EXAMEN.value,
            _national(s.c.programme),
            s.c.end.is_not(None),
        )
        .scalar_subquery()
        .label("examen"),
        select(func.min(r.c.start))
        .where(r.c.personal_id == pid)
        .scalar_subquery()
        .label("registered"),
    ).cte("dated")
    month, day = SCHOOL_YEAR_OVER
    age_year = func.extract("year", dated.c.born) + SCHOOL_AGE_ENDS
    by_age_year = case((dated.c.autumn_year > age_year, dated.c.autumn_year), else_=age_year)
    by_age = date_of_year(by_age_year, month, day)
    by_grades = case(
        (dated.c.final_year.is_(None), null()),
        else_=date_of_year(dated.c.final_year, month, day),
    )
    school_end = earliest(by_age, by_grades, dated.c.placed)
    return select(
        dated.c.personal_id,
        dated.c.born,
        school_end.label("school_end"),
        birthday_at(dated.c.born).label("turns_20"),
        dated.c.examen,
        dated.c.registered,
    ).cte("person")


def _homes(municipality: str, people: CTE) -> CTE:
    """The days ``municipality`` is each candidate's home (rule 1), as ``[since, until)``."""
    r = t.registration_period
    pid = people.c.personal_id
    registered = (
        select(
            pid.label("personal_id"),
            r.c.start.label("since"),
            case((r.c.end.is_(None), null()), else_=day_after(r.c.end)).label("until"),
        )
        .select_from(people.join(r, r.c.personal_id == pid))
        .where(r.c.municipality_code == municipality)
    )
    years = admission_years(people, pid, municipality).cte("admission_home")
    next_new_year = case(
        (years.c.next_year.is_(None), null()), else_=date_of_year(years.c.next_year, 1, 1)
    )
    admitted = select(
        years.c.personal_id,
        date_of_year(years.c.year, 1, 1).label("since"),
        earliest(next_new_year, years.c.registered).label("until"),
    )
    both = union_all(registered, admitted).cte("any_home")
    return select(both).where(or_(both.c.until.is_(None), both.c.since < both.c.until)).cte("home")


def _spells(people: CTE, homes: CTE) -> CTE:
    """Every candidate's spells in the group: ``start`` and ``out`` (the first day outside it,
    NULL when none), and on ``out``: ``home`` (the municipality is still the home), ``placed``
    (a placement is in force) and ``national`` (a placement on a national programme is)."""
    s = t.school_placement
    since = latest(homes.c.since, people.c.school_end)
    limit = earliest(homes.c.until, people.c.turns_20, people.c.examen)
    based = (
        select(homes.c.personal_id, since.label("since"), limit.label("until"))
        .select_from(homes.join(people, people.c.personal_id == homes.c.personal_id))
        .cte("based")
    )
    base = select(based).where(based.c.since < based.c.until).cte("base")
    placements = (
        select(s.c.personal_id, s.c.start, s.c.end)
        .where(s.c.personal_id.in_(select(people.c.personal_id)))
        .cte("placed")
    )

    def event(pid: Any, day: Any, base_ranges: int, placed: int) -> Select[Any]:
        """One day of change: how many base ranges and placements begin (1) or end (-1)."""
        b, p = literal(base_ranges, Integer), literal(placed, Integer)
        return select(pid, day.label("day"), b.label("b"), p.label("p"))

    events = union_all(
        event(base.c.personal_id, base.c.since, 1, 0),
        event(base.c.personal_id, base.c.until, -1, 0),
        event(placements.c.personal_id, placements.c.start, 0, 1),
        event(placements.c.personal_id, day_after(placements.c.end), 0, -1).where(
            placements.c.end.is_not(None)
        ),
    ).cte("event")
    per_day = (
        select(
            events.c.personal_id,
            events.c.day,
            func.sum(events.c.b).label("b"),
            func.sum(events.c.p).label("p"),
        )
        .group_by(events.c.personal_id, events.c.day)
        .cte("per_day")
    )
    # the ranges open on the day (its own changes counted) and before it (not counted)
    window: dict[str, Any] = {"partition_by": per_day.c.personal_id, "order_by": per_day.c.day}
    open_base, open_placed = (func.sum(per_day.c[k]).over(**window) for k in ("b", "p"))
    before_base, before_placed = open_base - per_day.c.b, open_placed - per_day.c.p
    depth = select(
        per_day.c.personal_id,
        per_day.c.day,
        case((and_(open_base > 0, open_placed == 0), 1), else_=0).label("member"),
        case((and_(before_base > 0, before_placed == 0), 1), else_=0).label("before"),
    ).cte("depth")
    turns = select(depth).where(depth.c.member != depth.c.before).cte("turn")
    out = func.lead(turns.c.day).over(partition_by=turns.c.personal_id, order_by=turns.c.day)
    spells = select(turns, out.label("out")).cte("spell_turn")
    return (
        select(spells.c.personal_id, spells.c.day.label("start"), spells.c.out)
        .where(spells.c.member == 1)
        .cte("spell")
    )


def _counted(municipality: str, half: HalfYear) -> Select[Any]:
    """The statement: one row per combination of what is counted, with its ``persons``."""
    first, last = half.first, half.last
    people = _people(municipality, half)
    homes = _homes(municipality, people)
    spells = _spells(people, homes)
    # the spells that overlap the half-year, the last of each person with the first's start
    f, s = t.follow_up_entry, t.school_placement
    within = and_(spells.c.start <= last, or_(spells.c.out.is_(None), spells.c.out > first))
    person_window: dict[str, Any] = {"partition_by": spells.c.personal_id}
    latest_first = func.row_number().over(
        partition_by=spells.c.personal_id, order_by=spells.c.start.desc()
    )
    entered = func.max(case((spells.c.start >= first, 1), else_=0)).over(**person_window)
    contact_in_spell = exists().where(
        f.c.municipality_code == municipality,
        f.c.personal_id == spells.c.personal_id,
        f.c.kind == EntryKind.CONTACT.value,
        f.c.on >= first,
        f.c.on <= last,
        f.c.on >= spells.c.start,
        or_(spells.c.out.is_(None), f.c.on < spells.c.out),
    )
    # the entries are looked up only for the persons the municipality has recorded any of
    recorded = select(f.c.personal_id).where(f.c.municipality_code == municipality)
    followed = recorded.distinct().cte("followed")
    noted = spells.c.personal_id.in_(select(followed.c.personal_id))
    contacted = func.max(case((and_(noted, contact_in_spell), 1), else_=0)).over(**person_window)
    ranked = (
        select(
            spells,
            func.min(spells.c.start).over(**person_window).label("first_start"),
            entered.label("entered"),
            contacted.label("contacted"),
            latest_first.label("rank"),
        )
        .where(within)
        .cte("ranked")
    )
    final = select(ranked).where(ranked.c.rank == 1).cte("final")
    pid, start, out = final.c.personal_id, final.c.start, final.c.out
    own = and_(f.c.municipality_code == municipality, f.c.personal_id == pid)
    up_to_last = and_(f.c.on <= last, or_(out.is_(None), f.c.on < out))
    status = (
        select(f.c.status)
        .where(own, f.c.status.is_not(None), up_to_last)
        .order_by(f.c.on.desc(), f.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    # a measure ends on the day of its end entry (the latest, were there two)
    ended_entry = t.follow_up_entry.alias("ended_entry")
    measure_end = (
        select(func.max(ended_entry.c.on))
        .where(
            ended_entry.c.municipality_code == municipality,
            ended_entry.c.personal_id == f.c.personal_id,
            ended_entry.c.kind == EntryKind.MEASURE_ENDED.value,
            ended_entry.c.ends == f.c.id,
        )
        .scalar_subquery()
    )
    has_entries = pid.in_(select(followed.c.personal_id))
    in_measure = exists().where(
        own,
        f.c.kind == EntryKind.MEASURE.value,
        up_to_last,
        func.coalesce(measure_end, _NEVER) >= latest(final.c.first_start, literal(first, Date)),
    )
    reason_of_placement = case(
        (not_(_national(s.c.programme)), RegistrationReason.LEFT_INTRODUCTORY.value),
        (
            s.c.end_reason.in_([EndReason.STUDIEBEVIS.value, EndReason.COMPLETED.value]),
            RegistrationReason.STUDIEBEVIS.value,
        ),
        else_=RegistrationReason.INTERRUPTED.value,
    )
    last_placement = (
        select(reason_of_placement)
        .where(s.c.personal_id == pid, s.c.end.is_not(None), s.c.end < start)
        .order_by(s.c.end.desc(), s.c.start.desc(), s.c.id)
        .limit(1)
        .scalar_subquery()
    )
    without_placement = case(
        (any_grade(pid), RegistrationReason.NEVER_STARTED.value),
        else_=RegistrationReason.UNKNOWN.value,
    )
    reason = func.coalesce(last_placement, without_placement)
    # on the first day out: the 20th birthday, the home, a placement in force
    p, r = t.register_person, t.registration_period
    born_register = select(p.c.birth_date).where(p.c.personal_id == pid).scalar_subquery()
    born = func.coalesce(born_register, key_day(number_birth(pid)))
    # 2: registered there on the day; 1: registered by then, elsewhere or no longer; NULL: not
    there = and_(r.c.municipality_code == municipality, or_(r.c.end.is_(None), r.c.end >= out))
    registered = (
        select(func.max(case((there, 2), else_=1)))
        .where(r.c.personal_id == pid, r.c.start <= out)
        .scalar_subquery()
    )
    admitted_there = admission_home_on(pid, func.extract("year", out)) == municipality
    at_home = or_(registered == 2, and_(registered.is_(None), admitted_there))
    # 2: a placement on a national programme in force on the day; 1: only an introductory one
    placed = (
        select(func.max(case((_national(s.c.programme), 2), else_=1)))
        .where(s.c.personal_id == pid, s.c.start <= out, or_(s.c.end.is_(None), s.c.end >= out))
        .scalar_subquery()
    )
    left = case(
        (or_(out.is_(None), out > last), null()),
        (out >= birthday_at(born), DeregistrationReason.TURNED_20.value),
        (not_(at_home), DeregistrationReason.MOVED.value),
        (placed == 2, DeregistrationReason.STARTED_NATIONAL.value),
        (placed == 1, DeregistrationReason.STARTED_INTRODUCTORY.value),
        else_=DeregistrationReason.OTHER.value,
    )
    each = (
        select(
            func.coalesce(
                case((has_entries, status), else_=null()), KaaStatus.NOT_CONTACTED.value
            ).label("status"),
            reason.label("reason"),
            left.label("left"),
            final.c.entered,
            final.c.contacted,
            case((and_(has_entries, in_measure), 1), else_=0).label("in_measure"),
            case((is_protected(pid), 1), else_=0).label("protected"),
        )
        .select_from(final)
        .cte("each")
    )
    columns = list(each.c)
    return select(*columns, func.count().label("persons")).group_by(*columns)


def half_year_counts(db: Database, municipality: str, half: HalfYear) -> tuple[HalfYearReport, int]:
    """The summary of ``municipality``'s ``half`` (as ``kaa_collection.half_year_report`` of
    every person's ``person_half_year``), with ``withheld`` 0, and how many of the persons
    counted are protected."""
    counted = _counted(municipality, half)
    statuses: Counter[KaaStatus] = Counter()
    reasons: Counter[RegistrationReason] = Counter()
    gone: Counter[DeregistrationReason] = Counter()
    contacts = measures = new = protected = 0
    for row in db.execute(counted):
        n = int(row.persons)
        statuses[KaaStatus(row.status)] += n
        reasons[RegistrationReason(row.reason)] += n
        if row.left is not None:
            gone[DeregistrationReason(row.left)] += n
        new += n * int(row.entered)
        contacts += n * int(row.contacted)
        measures += n * int(row.in_measure)
        protected += n * int(row.protected)
    report = HalfYearReport(
        municipality,
        half,
        {status: statuses.get(status, 0) for status in KaaStatus},
        contacts,
        measures,
        new,
        {why: gone.get(why, 0) for why in DeregistrationReason},
        {why: reasons.get(why, 0) for why in RegistrationReason},
    )
    return report, protected
