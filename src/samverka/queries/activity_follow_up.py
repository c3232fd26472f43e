"""What the activity follow-up (KAA) reads: a municipality's list of young people outside
upper-secondary school as of a day, one person's entries, and the half-year report.

The group is decided by the rules of ``domain.register.activity_follow_up``: registered in the
municipality on the day, in the age band (until the 20th birthday), no placement in force and no
national programme completed. Only the municipality itself and the admission officer read the
list and the persons (anyone else: ``NotPermitted``; a person outside the group's municipality:
``NotFound``). Protected identities are masked for everyone but the officer (in the list no
number, name, birth date or address; the detail is ``NotFound``), and a person is protected when
any source says so (``adapters.db.protection``: the admission data of any year or any
registration period; issue 11 point 2, admissions-rules §11.2 item 11). The half-year report
holds counts only, so the analyst may read it too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, not_, or_, select

from samverka.adapters.db import tables as t
from samverka.adapters.db.protection import is_protected
from samverka.adapters.db.register_repository import entry_from_row, placement_from_row
from samverka.domain.access.actors import Actor, Role
from samverka.domain.register.activity_follow_up import (
    FollowUpEntry,
    HalfYear,
    HalfYearReport,
    KaaStatus,
    half_year_report,
    status_on,
)
from samverka.domain.register.placements import INTRODUCTORY_PREFIX, SchoolPlacement
from samverka.domain.register.population import AgeBand, age_on
from samverka.errors import NotFound, NotPermitted
from samverka.queries.admission_statistics import Database
from samverka.queries.round_lists import PROTECTED_NAME


@dataclass(frozen=True, slots=True)
class KaaPerson:
    personal_id: str | None  # None when masked
    name: str
    birth_date: date | None  # None when masked
    age: int | None
    address: str
    status: KaaStatus
    last_entry: date | None


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


def _check(actor: Actor, municipality: str) -> None:
    if actor.role is Role.OFFICER:
        return
    if actor.role is Role.MUNICIPALITY and actor.municipality_code == municipality:
        return
    raise NotPermitted("only the home municipality and the admission officer see these persons")


GroupRow = tuple[str, str, date, str, bool]


def _group_rows(db: Database, municipality: str, day: date, band: AgeBand) -> list[GroupRow]:
    """(pid, name, birth date, address, protected) of the group on ``day``."""
    r, p, s = t.registration_period, t.register_person, t.school_placement
    placed = exists().where(
        s.c.personal_id == r.c.personal_id,
        s.c.start <= day,
        or_(s.c.end.is_(None), s.c.end >= day),
    )
    completed = exists().where(
        s.c.personal_id == r.c.personal_id,
        s.c.end_reason == "completed",
        s.c.end <= day,
        not_(s.c.programme.startswith(INTRODUCTORY_PREFIX)),
    )
    query = (
        select(
            r.c.personal_id,
            r.c.name,
            p.c.birth_date,
            r.c.address,
            is_protected(r.c.personal_id).label("protected"),
        )
        .join(p, p.c.personal_id == r.c.personal_id)
        .where(
            r.c.municipality_code == municipality,
            and_(r.c.start <= day, or_(r.c.end.is_(None), r.c.end >= day)),
            not_(placed),
            not_(completed),
        )
        .order_by(r.c.name, r.c.personal_id)
    )
    return [
        (row[0], row[1], row[2], row[3], bool(row[4]))
        for row in db.execute(query)
        if band.contains(row[2], day)
    ]


def _entries(db: Database, municipality: str) -> dict[str, list[FollowUpEntry]]:
    f = t.follow_up_entry
    query = select(f).where(f.c.municipality_code == municipality).order_by(f.c.on, f.c.id)
    entries: dict[str, list[FollowUpEntry]] = defaultdict(list)
    for row in db.execute(query):
        entries[row.personal_id].append(entry_from_row(row))
    return entries


def kaa_list(
    db: Database, actor: Actor, municipality: str, day: date, band: AgeBand | None = None
) -> list[KaaPerson]:
    """The municipality's KAA group on ``day``, each with their status that day."""
    _check(actor, municipality)
    band = band or AgeBand()
    entries = _entries(db, municipality)
    masked = not actor.may_see_protected_identities
    people = []
    for pid, name, born, address, protected in _group_rows(db, municipality, day, band):
        own = [e for e in entries.get(pid, ()) if e.on <= day]
        hide = protected and masked
        people.append(
            KaaPerson(
                None if hide else pid,
                PROTECTED_NAME if hide else name,
                None if hide else born,
                None if hide else age_on(born, day),
                "" if hide else address,
                status_on(own, day),
                max((e.on for e in own), default=None),
            )
        )
    return people


def kaa_person(
    db: Database, actor: Actor, personal_id: str, day: date, band: AgeBand | None = None
) -> KaaPersonDetail:
    """One person as their home municipality (on ``day``) sees them, with every entry."""
    if actor.role not in (Role.OFFICER, Role.MUNICIPALITY):
        raise NotPermitted("only the home municipality and the admission officer see these persons")
    band = band or AgeBand()
    r, p, s, f = t.registration_period, t.register_person, t.school_placement, t.follow_up_entry
    row = db.execute(
        select(r, p.c.birth_date, is_protected(r.c.personal_id).label("protected"))
        .join(p, p.c.personal_id == r.c.personal_id)
        .where(
            r.c.personal_id == personal_id,
            r.c.start <= day,
            or_(r.c.end.is_(None), r.c.end >= day),
        )
    ).first()
    if row is None or (
        (actor.role is Role.MUNICIPALITY and row.municipality_code != actor.municipality_code)
        or (bool(row.protected) and not actor.may_see_protected_identities)
    ):
        raise NotFound(f"no such person registered in your municipality on {day}")
    in_group = any(
        other[0] == personal_id for other in _group_rows(db, row.municipality_code, day, band)
    )
    entries = [
        entry_from_row(e)
        for e in db.execute(
            select(f)
            .where(f.c.personal_id == personal_id, f.c.municipality_code == row.municipality_code)
            .order_by(f.c.on, f.c.id)
        )
    ]
    placements = [
        placement_from_row(x)
        for x in db.execute(
            select(s).where(s.c.personal_id == personal_id).order_by(s.c.start, s.c.id)
        )
    ]
    return KaaPersonDetail(
        personal_id,
        row.name,
        row.birth_date,
        row.address,
        row.municipality_code,
        in_group,
        status_on(entries, day),
        tuple(entries),
        tuple(placements),
    )


def kaa_report(
    db: Database, actor: Actor, municipality: str, half_year: HalfYear, band: AgeBand | None = None
) -> HalfYearReport:
    """Counts by status at the end of the half-year of everyone in the group during it."""
    if actor.role is not Role.ANALYST:
        _check(actor, municipality)
    band = band or AgeBand()
    members: set[str] = set()
    for day in half_year.checkpoints():
        members.update(row[0] for row in _group_rows(db, municipality, day, band))
    return half_year_report(municipality, half_year, members, _entries(db, municipality))
