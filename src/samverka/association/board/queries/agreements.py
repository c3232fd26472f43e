"""What the agreements' and steering groups' pages read: the agreements (all, due for
revision, expiring), one agreement with its parties and revision history, the steering groups
with their members, and the elected representatives. Readers: the association's staff and the
board members (``association.board.queries.board.check_reader``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from samverka.admission.queries.admission_statistics import Database
from samverka.association.board.db import tables as b
from samverka.association.board.db.repository import agreement_from_row
from samverka.association.board.domain.agreements import Agreement, due_for_revision, expiring
from samverka.association.board.domain.steering_groups import MemberRole
from samverka.association.board.queries.board import check_reader
from samverka.errors import N_, NotFound
from samverka.platform.access.domain.actors import Actor
from samverka.platform.db import tables as pt


@dataclass(frozen=True, slots=True)
class PartyView:
    municipality_code: str | None
    name: str  # the municipality's name, or the organisation's


@dataclass(frozen=True, slots=True)
class RevisionView:
    revised_on: date
    previous_revision_date: date
    next_revision_date: date
    note: str
    recorded_by: str


@dataclass(frozen=True, slots=True)
class AgreementView:
    agreement: Agreement
    parties: tuple[PartyView, ...]
    revisions: tuple[RevisionView, ...] = ()


@dataclass(frozen=True, slots=True)
class AgreementLists:
    everything: list[AgreementView]
    due: list[AgreementView]  # due for revision within the chosen days, past due included
    expiring: list[AgreementView]


@dataclass(frozen=True, slots=True)
class MemberView:
    name: str
    organisation: str
    role: MemberRole


@dataclass(frozen=True, slots=True)
class GroupView:
    id: int
    name: str
    mandate: str
    start: date
    end: date | None
    decision_reference: str | None
    members: tuple[MemberView, ...]


@dataclass(frozen=True, slots=True)
class RepresentativeView:
    id: int
    person: str
    body: str
    start: date
    end: date | None
    decision_reference: str | None


def _parties(db: Database, ids: list[int]) -> dict[int, list[PartyView]]:
    p, m = b.agreement_party, pt.municipality
    query = (
        select(p.c.agreement_id, p.c.municipality_code, p.c.organisation, m.c.name)
        .outerjoin(m, m.c.code == p.c.municipality_code)
        .where(p.c.agreement_id.in_(ids))
        .order_by(p.c.id)
    )
    found: dict[int, list[PartyView]] = defaultdict(list)
    for row in db.execute(query):
        found[row[0]].append(PartyView(row[1], row[3] or row[2] or row[1] or ""))
    return found


def agreements(db: Database, actor: Actor, day: date, within_days: int) -> AgreementLists:
    """Every agreement by title, those due for revision and those expiring within the days."""
    check_reader(actor)
    a = b.agreement
    stored = [agreement_from_row(r) for r in db.execute(select(a).order_by(a.c.title, a.c.id))]
    parties = _parties(db, [x.id for x in stored])
    views = {x.id: AgreementView(x, tuple(parties[x.id])) for x in stored}
    return AgreementLists(
        list(views.values()),
        [views[x.id] for x in due_for_revision(stored, day, within_days)],
        [views[x.id] for x in expiring(stored, day, within_days)],
    )


def agreement_detail(db: Database, actor: Actor, agreement_id: int) -> AgreementView:
    check_reader(actor)
    a, r = b.agreement, b.agreement_revision
    row = db.execute(select(a).where(a.c.id == agreement_id)).first()
    if row is None:
        raise NotFound(N_("Det finns inget avtal %(agreement)s."), agreement=agreement_id)
    history = db.execute(
        select(r).where(r.c.agreement_id == agreement_id).order_by(r.c.revised_on, r.c.id)
    )
    revisions = tuple(
        RevisionView(
            x.revised_on, x.previous_revision_date, x.next_revision_date, x.note, x.recorded_by
        )
        for x in history
    )
    parties = tuple(_parties(db, [agreement_id])[agreement_id])
    return AgreementView(agreement_from_row(row), parties, revisions)


def _references(db: Database) -> dict[int, str]:
    d = b.board_decision
    return {row[0]: row[1] for row in db.execute(select(d.c.id, d.c.reference))}


def steering_groups(db: Database, actor: Actor) -> list[GroupView]:
    """Every steering group by start (newest first) and name, members chair first."""
    check_reader(actor)
    g, s = b.steering_group, b.steering_group_member
    order = {MemberRole.CHAIR: 0, MemberRole.MEMBER: 1, MemberRole.DEPUTY: 2}
    members: dict[int, list[MemberView]] = defaultdict(list)
    for row in db.execute(select(s).order_by(s.c.id)):
        members[row.group_id].append(MemberView(row.name, row.organisation, MemberRole(row.role)))
    references = _references(db)
    return [
        GroupView(
            row.id,
            row.name,
            row.mandate,
            row.start,
            row.end,
            None if row.decision_id is None else references.get(row.decision_id),
            tuple(sorted(members[row.id], key=lambda x: order[x.role])),
        )
        for row in db.execute(select(g).order_by(g.c.start.desc(), g.c.name))
    ]


def representatives(db: Database, actor: Actor) -> list[RepresentativeView]:
    check_reader(actor)
    r = b.representative
    references = _references(db)
    return [
        RepresentativeView(
            row.id,
            row.person,
            row.body,
            row.start,
            row.end,
            None if row.decision_id is None else references.get(row.decision_id),
        )
        for row in db.execute(select(r).order_by(r.c.body, r.c.start.desc(), r.c.person))
    ]


def member_municipalities(db: Database) -> list[tuple[str, str]]:
    """(code, name) of every member municipality, by name: the parties a form offers."""
    m = pt.municipality
    query = select(m.c.code, m.c.name).where(m.c.member.is_(True)).order_by(m.c.name)
    return [(row[0], row[1]) for row in db.execute(query)]
