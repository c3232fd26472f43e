"""What the youth register answers: who is where on a day, one person's history, and the
duplicate placements to resolve.

Every answer is read from the dated history (registration periods and placements), never from a
"current" flag, so any past day can be asked about. Access: the admission officer reads
everything; a municipality reads the persons registered in it (``where_on`` of its own code, and
the history of a person registered there at some time); a school reads the duplicates that
involve its own school units; the analyst reads no personal data. Protected identities are
masked (``PROTECTED_NAME``, no identity number, no placements) for everyone but the officer, and
a person is protected when any source says so (``platform.db.protection``: the admission data of
any year or any registration period; issue 11 point 2, admissions-rules §11.2 item 11): a
person's history is ``NotFound``, and a school gets no duplicate of a protected pupil.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select

from samverka.admission.queries.admission_statistics import Database
from samverka.admission.queries.round_lists import PROTECTED_NAME
from samverka.errors import N_, NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.db.protection import is_protected, protected_among
from samverka.register.db import tables as t
from samverka.register.db.register_rows import period_from_row, placement_from_row
from samverka.register.domain.placements import Duplicate, SchoolPlacement, duplicates
from samverka.register.domain.population import RegistrationPeriod


@dataclass(frozen=True, slots=True)
class PersonWhere:
    personal_id: str | None  # None when masked
    name: str
    municipality: str
    placements: tuple[SchoolPlacement, ...]  # in force on the day (two or more: a duplicate)


@dataclass(frozen=True, slots=True)
class Change:
    on: date
    kind: str
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class PersonHistory:
    personal_id: str
    birth_date: date
    periods: tuple[RegistrationPeriod, ...]
    changes: tuple[Change, ...]
    placements: tuple[SchoolPlacement, ...]


def where_on(
    db: Database, actor: Actor, day: date, municipality: str | None = None
) -> list[PersonWhere]:
    """Everyone registered on ``day`` (in ``municipality``), with their placements that day."""
    municipality = _municipality_scope(actor, municipality)
    r, s = t.registration_period, t.school_placement
    flag = is_protected(r.c.personal_id).label("protected")
    query = select(r.c.personal_id, r.c.name, r.c.municipality_code, flag).where(
        r.c.start <= day, or_(r.c.end.is_(None), r.c.end >= day)
    )
    if municipality is not None:
        query = query.where(r.c.municipality_code == municipality)
    people = db.execute(query.order_by(r.c.municipality_code, r.c.personal_id)).all()
    placed: dict[str, list[SchoolPlacement]] = defaultdict(list)
    placements = select(s).where(s.c.start <= day, or_(s.c.end.is_(None), s.c.end >= day))
    if municipality is not None:
        registered = select(r.c.personal_id).where(
            r.c.municipality_code == municipality,
            r.c.start <= day,
            or_(r.c.end.is_(None), r.c.end >= day),
        )
        placements = placements.where(s.c.personal_id.in_(registered.scalar_subquery()))
    for row in db.execute(placements.order_by(s.c.id)):
        placed[row.personal_id].append(placement_from_row(row))
    masked = not actor.may_see_protected_identities
    return [
        PersonWhere(
            None if protected and masked else pid,
            PROTECTED_NAME if protected and masked else name,
            code,
            () if protected and masked else tuple(placed.get(pid, ())),
        )
        for pid, name, code, protected in people
    ]


def _municipality_scope(actor: Actor, municipality: str | None) -> str | None:
    if actor.role is Role.OFFICER:
        return municipality
    if actor.role is Role.MUNICIPALITY:
        if municipality not in (None, actor.municipality_code):
            raise NotPermitted(N_("En kommun ser bara de personer som är folkbokförda i den."))
        return actor.municipality_code
    raise NotPermitted(N_("Bara antagningskansliet och kommunerna läser registret."))


def person_history(db: Database, actor: Actor, personal_id: str) -> PersonHistory:
    """A person's registration periods, detected changes and placements, oldest first."""
    if actor.role not in (Role.OFFICER, Role.MUNICIPALITY):
        raise NotPermitted(N_("Bara antagningskansliet och kommunerna läser registret."))
    p, r, c = t.register_person, t.registration_period, t.register_change
    person = db.execute(select(p).where(p.c.personal_id == personal_id)).first()
    periods = [
        period_from_row(row)
        for row in db.execute(
            select(r).where(r.c.personal_id == personal_id).order_by(r.c.start, r.c.id)
        )
    ]
    visible = actor.role is Role.OFFICER or any(
        period.municipality == actor.municipality_code for period in periods
    )
    masked = not actor.may_see_protected_identities and bool(protected_among(db, [personal_id]))
    if person is None or not visible or masked:
        raise NotFound(N_("Det finns ingen sådan person i din del av registret."))
    changes = [
        Change(row.on, row.kind, row.before, row.after)
        for row in db.execute(
            select(c).where(c.c.personal_id == personal_id).order_by(c.c.on, c.c.id)
        )
    ]
    s = t.school_placement
    placements = [
        placement_from_row(row)
        for row in db.execute(
            select(s).where(s.c.personal_id == personal_id).order_by(s.c.start, s.c.id)
        )
    ]
    return PersonHistory(
        personal_id, person.birth_date, tuple(periods), tuple(changes), tuple(placements)
    )


def duplicate_placements(db: Database, actor: Actor) -> list[Duplicate]:
    """Every pupil with two placements in force together (for a school: at its units)."""
    if actor.role not in (Role.OFFICER, Role.SCHOOL):
        raise NotPermitted(N_("Dubbletter löses av skolorna och antagningskansliet."))
    s = t.school_placement
    several = (
        select(s.c.personal_id).group_by(s.c.personal_id).having(func.count() > 1)
    ).scalar_subquery()
    rows = db.execute(select(s).where(s.c.personal_id.in_(several)).order_by(s.c.id))
    found = duplicates(placement_from_row(row) for row in rows)
    if actor.role is Role.OFFICER:
        return found
    units = actor.school_unit_codes
    mine = [d for d in found if d.first.school_unit in units or d.second.school_unit in units]
    if actor.may_see_protected_identities:
        return mine
    hidden = protected_among(db, {d.personal_id for d in mine})
    return [d for d in mine if d.personal_id not in hidden]


@dataclass(frozen=True, slots=True)
class SchoolPupil:
    placement: SchoolPlacement
    personal_id: str | None  # None when masked
    name: str


def school_placements(db: Database, actor: Actor, day: date) -> list[SchoolPupil]:
    """The placements in force on ``day`` at the actor's school units, with the pupils' names
    (protected identities masked but for the officer; pupils not in the register unnamed)."""
    if actor.role is not Role.SCHOOL:
        raise NotPermitted(N_("Det här är skolans lista över sina egna elever."))
    s, r = t.school_placement, t.registration_period
    registered = and_(
        r.c.personal_id == s.c.personal_id, r.c.start <= day, or_(r.c.end.is_(None), r.c.end >= day)
    )
    query = (
        select(s, r.c.name, is_protected(s.c.personal_id).label("protected"))
        .outerjoin(r, registered)
        .where(
            s.c.school_unit_code.in_(sorted(actor.school_unit_codes)),
            s.c.start <= day,
            or_(s.c.end.is_(None), s.c.end >= day),
        )
        .order_by(s.c.school_unit_code, s.c.programme, r.c.name, s.c.id)
    )
    masked = not actor.may_see_protected_identities
    pupils = []
    for row in db.execute(query):
        hide = bool(row.protected) and masked
        pupils.append(
            SchoolPupil(
                placement_from_row(row),
                None if hide else row.personal_id,
                PROTECTED_NAME if hide else (row.name or "–"),
            )
        )
    return pupils
