"""What the activity follow-up (KAA) reads: a municipality's list of young people in the group on
a day, one person with their entries, the half-year report (person-level records and summary
counts), and the retention setting with the erasures made.

The group is decided by the rules of ``register.domain.kaa_group`` (the register and the
admission data: a 15-year-old who left year 9 is in it before the population extract holds
them): on a day, in SQL (``register.db.young_people.group_on``: the list paged and narrowed, and
its counts, in the database; issue 15 point 2); the half-year's summary, in SQL too
(``register.db.kaa_half_year``: the spells and what is counted of each person, one statement,
held to the domain by ``test_kaa_half_year_in_sql``); for one person and for the half-year's
person-level records (the file for SCB), by the domain on the people
``register.db.young_people`` reads (the half-year's candidates without those who cannot be in
the group then, read in SQL). Only the municipality itself and the
admission officer read the list, the persons and the records (anyone else: ``NotPermitted``; a
person of another municipality: ``NotFound``). Protected identities are masked for everyone but
the officer (in the list no number, name, birth date or address; the detail is ``NotFound``; the
person-level records leave them out and the summary says how many were left out), and a person
is protected when any source says so (``platform.db.protection``: the admission data of any year
or any registration period; issue 11 point 2, admissions-rules §11.2 item 11). The summary holds
counts only, so the analyst may read it too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, String, case, false, func, literal, select

from samverka.admission.queries.admission_statistics import Database
from samverka.admission.queries.person_lookup import PersonQuery, matches
from samverka.admission.queries.round_lists import PROTECTED_NAME
from samverka.errors import N_, NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.db import tables as pt
from samverka.platform.db.protection import protected_among
from samverka.register.db import tables as t
from samverka.register.db.kaa_half_year import half_year_counts
from samverka.register.db.register_rows import entry_from_row
from samverka.register.db.young_people import candidates, group_on, shown, young_people
from samverka.register.domain.activity_follow_up import (
    FollowUpEntry,
    HalfYear,
    KaaStatus,
    MeasureSpan,
    measures,
    status_on,
)
from samverka.register.domain.compulsory_school import CompulsorySchoolEnd, compulsory_school_end
from samverka.register.domain.kaa_collection import (
    CollectionRecord,
    HalfYearReport,
    half_year_report,
    person_half_year,
)
from samverka.register.domain.kaa_group import (
    group_spells,
    home_municipality_on,
    in_group,
)
from samverka.register.domain.kaa_retention import RetentionSetting
from samverka.register.domain.placements import SchoolPlacement
from samverka.register.domain.population import age_on


@dataclass(frozen=True, slots=True)
class KaaPerson:
    personal_id: str | None  # None when masked
    name: str
    birth_date: date | None  # None when masked
    age: int | None
    address: str
    status: KaaStatus
    last_entry: date | None
    since: date  # the first day of their time in the group


@dataclass(frozen=True, slots=True)
class KaaPersonDetail:
    personal_id: str
    name: str
    birth_date: date
    address: str
    municipality: str
    in_group: bool
    status: KaaStatus
    entries: tuple[FollowUpEntry, ...]
    placements: tuple[SchoolPlacement, ...]
    measures: tuple[MeasureSpan, ...]
    compulsory_school: CompulsorySchoolEnd
    since: date | None  # the first day of the spell in force on the day


@dataclass(frozen=True, slots=True)
class KaaHalfYear:
    """The half-year report as the reader may see it."""

    summary: HalfYearReport
    records: tuple[CollectionRecord, ...]  # protected persons left out but for the officer


@dataclass(frozen=True, slots=True)
class Erasure:
    erased_on: date
    retention_months: int
    persons: int
    entries: int
    erased_at: datetime
    erased_by: str


@dataclass(frozen=True, slots=True)
class KaaRetentionView:
    municipality: str
    setting: RetentionSetting
    chosen: bool  # False: the default, the municipality has set none
    erasures: tuple[Erasure, ...]  # the latest first


def _check(db: Database, actor: Actor, municipality: str) -> None:
    if actor.role is Role.OFFICER:
        m = pt.municipality
        if db.execute(select(m.c.code).where(m.c.code == municipality)).first() is None:
            raise NotFound(N_("Det finns ingen kommun %(code)s."), code=repr(municipality))
        return
    if actor.role is Role.MUNICIPALITY and actor.municipality_code == municipality:
        return
    raise NotPermitted(N_("Bara hemkommunen och antagningskansliet ser de här personerna."))


def _entries(db: Database, municipality: str) -> dict[str, list[FollowUpEntry]]:
    f = t.follow_up_entry
    query = select(f).where(f.c.municipality_code == municipality).order_by(f.c.on, f.c.id)
    entries: dict[str, list[FollowUpEntry]] = defaultdict(list)
    for row in db.execute(query):
        entries[row.personal_id].append(entry_from_row(row))
    return entries


@dataclass(frozen=True, slots=True)
class KaaPage:
    """A page of the group on a day, as the reader may see it."""

    people: list[KaaPerson]
    total: int  # those the search and the status let through
    everyone: int  # the whole group on the day


def kaa_page(
    db: Database,
    actor: Actor,
    municipality: str,
    day: date,
    *,
    search: PersonQuery | None = None,
    status: KaaStatus | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> KaaPage:
    """The municipality's KAA group on ``day`` by name (in the database's order), narrowed by
    ``search`` (a number: in SQL; the words of a name: on the members' names, as
    ``person_lookup.matches`` folds them) and ``status``, ``limit`` at a time from ``offset``;
    the group and the counts are read in SQL (``register.db.young_people.group_on``)."""
    _check(db, actor, municipality)
    group = group_on(municipality, day)
    hidden = group.c.protected if not actor.may_see_protected_identities else false()
    name = case((hidden, literal(PROTECTED_NAME, String)), else_=group.c.name)
    shown_id = case((hidden, literal("", String)), else_=group.c.personal_id)
    current = func.coalesce(group.c.status, KaaStatus.NOT_CONTACTED.value)
    rows = select(
        group.c.personal_id,
        name.label("name"),
        group.c.address,
        current.label("status"),
        group.c.last_entry,
        hidden.label("hidden"),
    )
    narrowing: list[ColumnElement[bool]] = []
    if status is not None:
        narrowing.append(current == status.value)
    if search is not None and search.personal_id is not None:
        narrowing.append(shown_id == search.personal_id)
    # one statement: the group (a CTE, read once) with the counts of all of it and of the
    # narrowed part beside each row
    everyone_count = select(func.count()).select_from(group).scalar_subquery()
    narrowed_count = select(func.count()).select_from(group).where(*narrowing).scalar_subquery()
    narrowed = (
        rows.add_columns(everyone_count.label("everyone"), narrowed_count.label("total"))
        .where(*narrowing)
        .order_by(name, shown_id)
    )
    by_words = search is not None and bool(search.words)
    if search is not None and by_words:
        read = list(db.execute(narrowed))
        found = [
            row for row in read if matches(search, "" if row.hidden else row.personal_id, row.name)
        ]
        chosen = found[offset : None if limit is None else offset + limit]
        counts = (read[0].everyone, len(found)) if read else None
    else:
        chosen = list(db.execute(narrowed.offset(offset).limit(limit)))
        counts = (chosen[0].everyone, chosen[0].total) if chosen else None
    if counts is None:  # nothing on this page: the counts alone
        all_of_it, narrowed_part = db.execute(select(everyone_count, narrowed_count)).one()
        counts = (all_of_it, 0 if by_words else narrowed_part)
    everyone, total = int(counts[0]), int(counts[1])
    return KaaPage(_listed(db, municipality, day, chosen), total, everyone)


def _listed(db: Database, municipality: str, day: date, rows: Sequence[Any]) -> list[KaaPerson]:
    """The listed persons of ``rows``, each with their birth date and the first day of their
    time in the group (``kaa_group.group_spells``, read for these persons only)."""
    people = young_people(db, [row.personal_id for row in rows])
    listed = []
    for row in rows:
        person = people[row.personal_id]
        end = compulsory_school_end(person.schooling).on
        spells = group_spells(person, municipality, end, day)
        listed.append(
            KaaPerson(
                None if row.hidden else row.personal_id,
                row.name or "",
                None if row.hidden else person.birth_date,
                None if row.hidden else age_on(person.birth_date, day),
                "" if row.hidden else row.address or "",
                KaaStatus(row.status),
                row.last_entry,
                spells[-1].start if spells else day,
            )
        )
    return listed


def kaa_list(db: Database, actor: Actor, municipality: str, day: date) -> list[KaaPerson]:
    """The municipality's whole KAA group on ``day``, each with their status that day."""
    return kaa_page(db, actor, municipality, day).people


def kaa_count(
    db: Database, actor: Actor, municipality: str, day: date, statuses: Collection[KaaStatus]
) -> int:
    """How many of the group on ``day`` have one of ``statuses``, counted in SQL."""
    _check(db, actor, municipality)
    group = group_on(municipality, day)
    current = func.coalesce(group.c.status, KaaStatus.NOT_CONTACTED.value)
    wanted = current.in_([s.value for s in statuses])
    return int(db.execute(select(func.count()).select_from(group).where(wanted)).scalar_one())


def kaa_person(db: Database, actor: Actor, personal_id: str, day: date) -> KaaPersonDetail:
    """One person as their home municipality (on ``day``) sees them, with every entry."""
    if actor.role not in (Role.OFFICER, Role.MUNICIPALITY):
        raise NotPermitted(N_("Bara hemkommunen och antagningskansliet ser de här personerna."))
    person = young_people(db, [personal_id]).get(personal_id)
    municipality = None if person is None else home_municipality_on(person, day)
    hidden = bool(protected_among(db, [personal_id])) and not actor.may_see_protected_identities
    if (
        person is None
        or municipality is None
        or hidden
        or (actor.role is Role.MUNICIPALITY and municipality != actor.municipality_code)
    ):
        raise NotFound(N_("Ingen sådan person bor i din kommun %(day)s."), day=day.isoformat())
    entries = _entries_of(db, personal_id, municipality)
    end = compulsory_school_end(person.schooling)
    spells = group_spells(person, municipality, min(end.on, day), day)
    member = in_group(person, municipality, day)
    show = shown(db, [personal_id], day).get(personal_id)
    return KaaPersonDetail(
        personal_id,
        show.name if show else "",
        person.birth_date,
        show.address if show else "",
        municipality,
        member,
        status_on(entries, day),
        tuple(entries),
        person.placements,
        tuple(measures(entries)),
        end,
        spells[-1].start if member and spells else None,
    )


def _entries_of(db: Database, personal_id: str, municipality: str) -> list[FollowUpEntry]:
    f = t.follow_up_entry
    query = (
        select(f)
        .where(f.c.personal_id == personal_id, f.c.municipality_code == municipality)
        .order_by(f.c.on, f.c.id)
    )
    return [entry_from_row(row) for row in db.execute(query)]


def kaa_half_year(
    db: Database,
    actor: Actor,
    municipality: str,
    half: HalfYear,
    *,
    show_protected: bool | None = None,
) -> KaaHalfYear:
    """The person-level records and the summary of ``municipality``'s ``half``; protected
    persons' records only for the officer (``show_protected``: by default whenever the actor
    may see them; the command line asks for them explicitly)."""
    _check(db, actor, municipality)
    wanted = actor.may_see_protected_identities if show_protected is None else show_protected
    return _half_year(db, municipality, half, wanted and actor.may_see_protected_identities)


def kaa_report(db: Database, actor: Actor, municipality: str, half: HalfYear) -> HalfYearReport:
    """The summary counts of ``half``, counted in SQL (``register.db.kaa_half_year``): the
    analyst may read them too. ``withheld``: the protected persons counted, whose records the
    reader of ``kaa_half_year`` would not get (none for the officer)."""
    if actor.role is not Role.ANALYST:
        _check(db, actor, municipality)
    report, protected = half_year_counts(db, municipality, half)
    return replace(report, withheld=0 if actor.may_see_protected_identities else protected)


def _half_year(db: Database, municipality: str, half: HalfYear, shows_all: bool) -> KaaHalfYear:
    people = candidates(db, municipality, half.first, half.last, finished=True)
    entries = _entries(db, municipality)
    found = [
        found
        for person in people.values()
        if (
            found := person_half_year(
                person, municipality, half, entries.get(person.personal_id, ())
            )
        )
        is not None
    ]
    protected = protected_among(db, [p.personal_id for p in found])
    withheld = 0 if shows_all else sum(1 for p in found if p.personal_id in protected)
    summary = half_year_report(municipality, half, found, withheld)
    records = tuple(
        record
        for person in sorted(found, key=lambda p: p.personal_id)
        if shows_all or person.personal_id not in protected
        for record in person.records
    )
    return KaaHalfYear(summary, records)


def kaa_retention(db: Database, actor: Actor, municipality: str) -> KaaRetentionView:
    """The municipality's retention period and the erasures made, the latest first."""
    _check(db, actor, municipality)
    r, e = t.kaa_retention, t.follow_up_erasure
    months = db.execute(select(r.c.months).where(r.c.municipality_code == municipality)).scalar()
    rows = db.execute(
        select(e).where(e.c.municipality_code == municipality).order_by(e.c.id.desc())
    )
    erasures = tuple(
        Erasure(
            row.erased_on,
            row.retention_months,
            row.persons,
            row.contacts + row.measures + row.measure_ends + row.statuses,
            row.erased_at,
            row.erased_by,
        )
        for row in rows
    )
    setting = RetentionSetting() if months is None else RetentionSetting(int(months))
    return KaaRetentionView(municipality, setting, months is not None, erasures)
