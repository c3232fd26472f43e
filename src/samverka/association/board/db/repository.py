"""Board work and agreements in the database (``board_tables``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from samverka.association.board.db import tables as b
from samverka.association.board.domain.agreements import Agreement, AgreementKind
from samverka.association.board.domain.audited import BoardDecision
from samverka.association.board.domain.board import (
    AgendaItem,
    ItemKind,
    Meeting,
    MeetingStatus,
    Minutes,
)
from samverka.association.board.domain.steering_groups import MemberRole
from samverka.association.board.ports import NewDocument, Party, Revision
from samverka.platform.db.inserts import insert_returning_id


class SqlBoardRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # -- meetings, items, documents, decisions, minutes -------------------------------------
    def add_meeting(self, on: date, place: str) -> int:
        values = {"meeting_date": on, "place": place, "status": MeetingStatus.PLANNED.value}
        return insert_returning_id(self._session, b.board_meeting, values)

    def meeting(self, meeting_id: int) -> Meeting | None:
        m = b.board_meeting
        row = self._session.execute(select(m).where(m.c.id == meeting_id)).first()
        return None if row is None else meeting_from_row(row)

    def set_meeting_status(self, meeting_id: int, status: MeetingStatus) -> None:
        m = b.board_meeting
        self._session.execute(update(m).where(m.c.id == meeting_id).values(status=status.value))

    def update_meeting(self, meeting_id: int, on: date, place: str) -> None:
        m = b.board_meeting
        change = update(m).where(m.c.id == meeting_id).values(meeting_date=on, place=place)
        self._session.execute(change)

    def item_titles(self, meeting_id: int) -> list[str]:
        i = b.agenda_item
        query = select(i.c.title).where(i.c.meeting_id == meeting_id).order_by(i.c.number)
        return list(self._session.execute(query).scalars())

    def remove_meeting(self, meeting_id: int) -> None:
        m = b.board_meeting
        self._session.execute(delete(m).where(m.c.id == meeting_id))

    def item_numbers(self, meeting_id: int) -> list[int]:
        i = b.agenda_item
        query = select(i.c.number).where(i.c.meeting_id == meeting_id)
        return list(self._session.execute(query).scalars())

    def add_item(
        self, meeting_id: int, number: int, title: str, kind: ItemKind, presenter: str
    ) -> int:
        values = {
            "meeting_id": meeting_id,
            "number": number,
            "title": title,
            "kind": kind.value,
            "presenter": presenter,
        }
        return insert_returning_id(self._session, b.agenda_item, values)

    def item(self, item_id: int) -> AgendaItem | None:
        i = b.agenda_item
        row = self._session.execute(select(i).where(i.c.id == item_id)).first()
        return None if row is None else item_from_row(row)

    def add_document(self, document: NewDocument) -> int:
        values = {
            "item_id": document.item_id,
            "title": document.title,
            "file_name": document.file_name,
            "content_type": document.content_type,
            "size": len(document.content),
            "content": document.content,
            "uploaded_at": document.uploaded_at,
            "uploaded_by": document.uploaded_by,
        }
        return insert_returning_id(self._session, b.board_document, values)

    def reference_taken(self, reference: str) -> bool:
        d = b.board_decision
        query = select(d.c.id).where(d.c.reference == reference)
        return self._session.execute(query).first() is not None

    def add_decision(self, item_id: int, text: str, decided_on: date, reference: str) -> int:
        values = {
            "item_id": item_id,
            "text": text,
            "decided_on": decided_on,
            "reference": reference,
        }
        return insert_returning_id(self._session, b.board_decision, values)

    def decision(self, decision_id: int) -> BoardDecision | None:
        d = b.board_decision
        row = self._session.execute(select(d).where(d.c.id == decision_id)).first()
        if row is None:
            return None
        return BoardDecision(row.id, row.item_id, row.text, row.decided_on, row.reference)

    def update_decision(self, decision: BoardDecision) -> None:
        d = b.board_decision
        values = {
            "text": decision.text,
            "decided_on": decision.on,
            "reference": decision.reference,
        }
        self._session.execute(update(d).where(d.c.id == decision.id).values(**values))

    def decision_dependents(self, decision_id: int) -> list[tuple[str, str]]:
        g, r = b.steering_group, b.representative
        groups = select(g.c.name).where(g.c.decision_id == decision_id).order_by(g.c.name)
        people = select(r.c.person, r.c.body).where(r.c.decision_id == decision_id).order_by(r.c.id)
        found = [("steering_group", name) for name in self._session.execute(groups).scalars()]
        return found + [
            ("representative", f"{row.person} ({row.body})")
            for row in self._session.execute(people)
        ]

    def remove_decision(self, decision_id: int) -> None:
        d = b.board_decision
        self._session.execute(delete(d).where(d.c.id == decision_id))

    def decision_exists(self, decision_id: int) -> bool:
        d = b.board_decision
        return (
            self._session.execute(select(d.c.id).where(d.c.id == decision_id)).first() is not None
        )

    def set_minutes(self, meeting_id: int, text: str) -> None:
        m = b.board_meeting
        self._session.execute(update(m).where(m.c.id == meeting_id).values(minutes=text))

    def adjust_minutes(self, meeting_id: int, by: str, on: date) -> None:
        m = b.board_meeting
        changed = update(m).where(m.c.id == meeting_id)
        self._session.execute(changed.values(minutes_adjusted_by=by, minutes_adjusted_on=on))

    # -- steering groups and representatives -------------------------------------------------
    def group_named(self, name: str) -> int | None:
        g = b.steering_group
        found = self._session.execute(select(g.c.id).where(g.c.name == name)).scalar()
        return None if found is None else int(found)

    def add_group(
        self, name: str, mandate: str, decision_id: int | None, start: date, end: date | None
    ) -> int:
        values = {
            "name": name,
            "mandate": mandate,
            "decision_id": decision_id,
            "start": start,
            "end": end,
        }
        return insert_returning_id(self._session, b.steering_group, values)

    def member_roles(self, group_id: int) -> list[MemberRole] | None:
        g, s = b.steering_group, b.steering_group_member
        if self._session.execute(select(g.c.id).where(g.c.id == group_id)).first() is None:
            return None
        query = select(s.c.role).where(s.c.group_id == group_id)
        return [MemberRole(role) for role in self._session.execute(query).scalars()]

    def add_member(self, group_id: int, name: str, organisation: str, role: MemberRole) -> int:
        values = {"group_id": group_id, "name": name, "organisation": organisation}
        return insert_returning_id(
            self._session, b.steering_group_member, {**values, "role": role.value}
        )

    def add_representative(
        self, person: str, body: str, start: date, end: date | None, decision_id: int | None
    ) -> int:
        values = {
            "person": person,
            "body": body,
            "start": start,
            "end": end,
            "decision_id": decision_id,
        }
        return insert_returning_id(self._session, b.representative, values)

    # -- agreements -----------------------------------------------------------------------------
    def add_agreement(self, agreement: Agreement, parties: Sequence[Party]) -> int:
        values = {
            "title": agreement.title,
            "kind": agreement.kind.value,
            "owner": agreement.owner,
            "start": agreement.start,
            "end": agreement.end,
            "revision_date": agreement.revision_date,
            "follow_up_dates": [d.isoformat() for d in agreement.follow_up_dates],
        }
        agreement_id = insert_returning_id(self._session, b.agreement, values)
        rows = [
            {
                "agreement_id": agreement_id,
                "municipality_code": p.municipality_code,
                "organisation": p.organisation,
            }
            for p in parties
        ]
        if rows:
            self._session.execute(insert(b.agreement_party), rows)
        return agreement_id

    def agreement(self, agreement_id: int) -> Agreement | None:
        a = b.agreement
        row = self._session.execute(select(a).where(a.c.id == agreement_id)).first()
        return None if row is None else agreement_from_row(row)

    def update_agreement(self, agreement: Agreement) -> None:
        a = b.agreement
        values = {
            "title": agreement.title,
            "kind": agreement.kind.value,
            "owner": agreement.owner,
            "start": agreement.start,
            "end": agreement.end,
            "revision_date": agreement.revision_date,
            "follow_up_dates": [d.isoformat() for d in agreement.follow_up_dates],
        }
        self._session.execute(update(a).where(a.c.id == agreement.id).values(**values))

    def revision_dates(self, agreement_id: int) -> list[date]:
        r = b.agreement_revision
        query = select(r.c.revised_on).where(r.c.agreement_id == agreement_id).order_by(r.c.id)
        return list(self._session.execute(query).scalars())

    def remove_agreement(self, agreement_id: int) -> None:
        p, a = b.agreement_party, b.agreement
        self._session.execute(delete(p).where(p.c.agreement_id == agreement_id))
        self._session.execute(delete(a).where(a.c.id == agreement_id))

    def add_revision(self, revision: Revision) -> int:
        a = b.agreement
        self._session.execute(
            update(a)
            .where(a.c.id == revision.agreement_id)
            .values(revision_date=revision.next_revision_date)
        )
        values = {
            "agreement_id": revision.agreement_id,
            "revised_on": revision.revised_on,
            "previous_revision_date": revision.previous_revision_date,
            "next_revision_date": revision.next_revision_date,
            "note": revision.note,
            "recorded_at": revision.recorded_at,
            "recorded_by": revision.recorded_by,
        }
        return insert_returning_id(self._session, b.agreement_revision, values)


def meeting_from_row(row: Any) -> Meeting:
    minutes = None
    if row.minutes is not None:
        minutes = Minutes(row.minutes, row.minutes_adjusted_by, row.minutes_adjusted_on)
    return Meeting(row.id, row.meeting_date, row.place, MeetingStatus(row.status), minutes)


def item_from_row(row: Any) -> AgendaItem:
    return AgendaItem(
        row.id, row.meeting_id, row.number, row.title, ItemKind(row.kind), row.presenter
    )


def agreement_from_row(row: Any) -> Agreement:
    return Agreement(
        row.id,
        row.title,
        AgreementKind(row.kind),
        row.start,
        row.end,
        row.owner,
        row.revision_date,
        tuple(date.fromisoformat(d) for d in row.follow_up_dates),
    )
