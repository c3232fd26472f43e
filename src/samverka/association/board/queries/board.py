"""What the board's pages read: the meetings, one meeting's agenda with its documents,
decisions and minutes, a document's file, and the board's decisions of a year.

The association's staff and the board members read all of it (anyone else: ``NotPermitted``);
``decisions_in_year`` is for the yearly plan document and takes no actor (its caller checks).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import extract, func, select

from samverka.admission.queries.admission_statistics import Database
from samverka.association.board.db import tables as b
from samverka.association.board.db.repository import item_from_row, meeting_from_row
from samverka.association.board.domain.board import AgendaItem, Meeting
from samverka.errors import N_, NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role

READERS = frozenset({Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER})


def check_reader(actor: Actor) -> None:
    if actor.role not in READERS:
        raise NotPermitted(
            N_("Bara förbundets kansli och styrelseledamöter läser styrelsearbetet.")
        )


@dataclass(frozen=True, slots=True)
class MeetingSummary:
    meeting: Meeting
    items: int
    decisions: int


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    id: int
    title: str
    file_name: str
    content_type: str
    size: int


@dataclass(frozen=True, slots=True)
class DecisionView:
    id: int
    text: str
    decided_on: date
    reference: str


@dataclass(frozen=True, slots=True)
class ItemView:
    item: AgendaItem
    documents: tuple[DocumentInfo, ...]
    decisions: tuple[DecisionView, ...]


@dataclass(frozen=True, slots=True)
class MeetingDetail:
    meeting: Meeting
    items: tuple[ItemView, ...]


@dataclass(frozen=True, slots=True)
class DocumentFile:
    file_name: str
    content_type: str
    content: bytes


@dataclass(frozen=True, slots=True)
class YearDecision:
    """One decision of the board in a year, for the plan document."""

    meeting_date: date
    item_title: str
    text: str
    reference: str


def meetings(db: Database, actor: Actor, year: int | None = None) -> list[MeetingSummary]:
    """Every meeting (of ``year``, if given), newest first, with its counts."""
    check_reader(actor)
    m, i, d = b.board_meeting, b.agenda_item, b.board_decision
    items = select(func.count()).where(i.c.meeting_id == m.c.id).scalar_subquery()
    decisions = (
        select(func.count())
        .select_from(d.join(i, i.c.id == d.c.item_id))
        .where(i.c.meeting_id == m.c.id)
        .scalar_subquery()
    )
    query = select(m, items.label("n_items"), decisions.label("n_decisions"))
    if year is not None:
        query = query.where(extract("year", m.c.meeting_date) == year)
    query = query.order_by(m.c.meeting_date.desc(), m.c.id.desc())
    return [
        MeetingSummary(meeting_from_row(row), row.n_items, row.n_decisions)
        for row in db.execute(query)
    ]


def meeting_detail(db: Database, actor: Actor, meeting_id: int) -> MeetingDetail:
    """One meeting's agenda in number order, each item with documents and decisions."""
    check_reader(actor)
    m, i, doc, d = b.board_meeting, b.agenda_item, b.board_document, b.board_decision
    row = db.execute(select(m).where(m.c.id == meeting_id)).first()
    if row is None:
        raise NotFound(N_("Det finns inget styrelsemöte %(meeting)s."), meeting=meeting_id)
    items = [
        item_from_row(r)
        for r in db.execute(select(i).where(i.c.meeting_id == meeting_id).order_by(i.c.number))
    ]
    ids = [item.id for item in items]
    files: dict[int, list[DocumentInfo]] = defaultdict(list)
    info = select(doc.c.id, doc.c.item_id, doc.c.title, doc.c.file_name, doc.c.content_type)
    for r in db.execute(
        info.add_columns(doc.c.size).where(doc.c.item_id.in_(ids)).order_by(doc.c.id)
    ):
        files[r.item_id].append(DocumentInfo(r.id, r.title, r.file_name, r.content_type, r.size))
    decided: dict[int, list[DecisionView]] = defaultdict(list)
    for r in db.execute(select(d).where(d.c.item_id.in_(ids)).order_by(d.c.decided_on, d.c.id)):
        decided[r.item_id].append(DecisionView(r.id, r.text, r.decided_on, r.reference))
    views = tuple(ItemView(item, tuple(files[item.id]), tuple(decided[item.id])) for item in items)
    return MeetingDetail(meeting_from_row(row), views)


def document_file(db: Database, actor: Actor, document_id: int) -> DocumentFile:
    check_reader(actor)
    doc = b.board_document
    query = select(doc.c.file_name, doc.c.content_type, doc.c.content).where(
        doc.c.id == document_id
    )
    row = db.execute(query).first()
    if row is None:
        raise NotFound(N_("Det finns inget styrelsedokument %(document)s."), document=document_id)
    return DocumentFile(row.file_name, row.content_type, bytes(row.content))


def decisions(db: Database, actor: Actor, year: int) -> list[YearDecision]:
    """The board's decisions of ``year``, for a reader."""
    check_reader(actor)
    return decisions_in_year(db, year)


def decisions_in_year(db: Database, year: int) -> list[YearDecision]:
    """The board's decisions dated in ``year``: meeting date, item title, decision text and
    reference, in the order they were decided (meeting, then agenda number)."""
    m, i, d = b.board_meeting, b.agenda_item, b.board_decision
    query = (
        select(m.c.meeting_date, i.c.title, d.c.text, d.c.reference)
        .select_from(d.join(i, i.c.id == d.c.item_id).join(m, m.c.id == i.c.meeting_id))
        .where(d.c.decided_on >= date(year, 1, 1), d.c.decided_on <= date(year, 12, 31))
        .order_by(d.c.decided_on, m.c.meeting_date, i.c.number, d.c.id)
    )
    return [YearDecision(r[0], r[1], r[2], r[3]) for r in db.execute(query)]


@dataclass(frozen=True, slots=True)
class DecisionChoice:
    """A decision a mandate or an election may refer to, for a form's choice."""

    id: int
    reference: str
    item_title: str
    decided_on: date


def decision_choices(db: Database, actor: Actor) -> list[DecisionChoice]:
    """Every decision of the board, newest first."""
    check_reader(actor)
    i, d = b.agenda_item, b.board_decision
    query = (
        select(d.c.id, d.c.reference, i.c.title, d.c.decided_on)
        .join(i, i.c.id == d.c.item_id)
        .order_by(d.c.decided_on.desc(), d.c.id.desc())
    )
    return [DecisionChoice(r[0], r[1], r[2], r[3]) for r in db.execute(query)]
