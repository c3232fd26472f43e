"""Board work's unit of work in memory, for the rule tests of its services
(``association.board.services``): meetings with their agenda, documents, decisions and
minutes, steering groups and representatives, agreements with their revisions, and the member
municipalities of the catalogue, kept as the SQL repositories keep them where the services can
tell. Leaving ``with uow:`` without a commit puts them back (``FakeTransaction``)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from fake_transaction import FakeTransaction

from samverka.admission.domain.area import AdmissionArea, AreaTerms
from samverka.admission.domain.catalogue import Catalogue, Municipality
from samverka.association.board.domain.agreements import Agreement
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


@dataclass
class Decision:
    item_id: int
    text: str
    decided_on: date
    reference: str


@dataclass
class Group:
    name: str
    mandate: str
    decision_id: int | None
    start: date
    end: date | None
    members: list[tuple[str, str, MemberRole]] = field(default_factory=list)


@dataclass
class Board:
    """``BoardRepository`` in memory; one sequence of ids for everything."""

    meetings: dict[int, Meeting] = field(default_factory=dict)
    items: dict[int, AgendaItem] = field(default_factory=dict)
    documents: dict[int, NewDocument] = field(default_factory=dict)
    decisions: dict[int, Decision] = field(default_factory=dict)
    groups: dict[int, Group] = field(default_factory=dict)
    representatives: dict[int, tuple[str, str, date, date | None, int | None]] = field(
        default_factory=dict
    )
    agreements: dict[int, tuple[Agreement, tuple[Party, ...]]] = field(default_factory=dict)
    revisions: dict[int, Revision] = field(default_factory=dict)
    last_id: int = 0

    def _next_id(self) -> int:
        self.last_id += 1
        return self.last_id

    # meetings, items, documents, decisions, minutes
    def add_meeting(self, on: date, place: str) -> int:
        meeting_id = self._next_id()
        self.meetings[meeting_id] = Meeting(meeting_id, on, place, MeetingStatus.PLANNED)
        return meeting_id

    def meeting(self, meeting_id: int) -> Meeting | None:
        return self.meetings.get(meeting_id)

    def set_meeting_status(self, meeting_id: int, status: MeetingStatus) -> None:
        self.meetings[meeting_id] = replace(self.meetings[meeting_id], status=status)

    def update_meeting(self, meeting_id: int, on: date, place: str) -> None:
        self.meetings[meeting_id] = replace(self.meetings[meeting_id], on=on, place=place)

    def item_titles(self, meeting_id: int) -> list[str]:
        items = sorted(self.items.values(), key=lambda i: i.number)
        return [i.title for i in items if i.meeting_id == meeting_id]

    def remove_meeting(self, meeting_id: int) -> None:
        del self.meetings[meeting_id]

    def item_numbers(self, meeting_id: int) -> list[int]:
        return [i.number for i in self.items.values() if i.meeting_id == meeting_id]

    def add_item(
        self, meeting_id: int, number: int, title: str, kind: ItemKind, presenter: str
    ) -> int:
        item_id = self._next_id()
        self.items[item_id] = AgendaItem(item_id, meeting_id, number, title, kind, presenter)
        return item_id

    def item(self, item_id: int) -> AgendaItem | None:
        return self.items.get(item_id)

    def add_document(self, document: NewDocument) -> int:
        document_id = self._next_id()
        self.documents[document_id] = document
        return document_id

    def reference_taken(self, reference: str) -> bool:
        return any(d.reference == reference for d in self.decisions.values())

    def add_decision(self, item_id: int, text: str, decided_on: date, reference: str) -> int:
        decision_id = self._next_id()
        self.decisions[decision_id] = Decision(item_id, text, decided_on, reference)
        return decision_id

    def decision_exists(self, decision_id: int) -> bool:
        return decision_id in self.decisions

    def decision(self, decision_id: int) -> BoardDecision | None:
        found = self.decisions.get(decision_id)
        if found is None:
            return None
        return BoardDecision(
            decision_id, found.item_id, found.text, found.decided_on, found.reference
        )

    def update_decision(self, decision: BoardDecision) -> None:
        stored = self.decisions[decision.id]
        stored.text, stored.decided_on, stored.reference = (
            decision.text,
            decision.on,
            decision.reference,
        )

    def decision_dependents(self, decision_id: int) -> list[tuple[str, str]]:
        groups = sorted(g.name for g in self.groups.values() if g.decision_id == decision_id)
        people = [
            ("representative", f"{person} ({body})")
            for person, body, _, _, decided in self.representatives.values()
            if decided == decision_id
        ]
        return [("steering_group", name) for name in groups] + people

    def remove_decision(self, decision_id: int) -> None:
        del self.decisions[decision_id]

    def set_minutes(self, meeting_id: int, text: str) -> None:
        self.meetings[meeting_id] = replace(self.meetings[meeting_id], minutes=Minutes(text))

    def adjust_minutes(self, meeting_id: int, by: str, on: date) -> None:
        meeting = self.meetings[meeting_id]
        assert meeting.minutes is not None
        adjusted = replace(meeting.minutes, adjusted_by=by, adjusted_on=on)
        self.meetings[meeting_id] = replace(meeting, minutes=adjusted)

    # steering groups and representatives
    def group_named(self, name: str) -> int | None:
        return next((n for n, g in self.groups.items() if g.name == name), None)

    def add_group(
        self, name: str, mandate: str, decision_id: int | None, start: date, end: date | None
    ) -> int:
        group_id = self._next_id()
        self.groups[group_id] = Group(name, mandate, decision_id, start, end)
        return group_id

    def member_roles(self, group_id: int) -> list[MemberRole] | None:
        group = self.groups.get(group_id)
        return None if group is None else [role for _, _, role in group.members]

    def add_member(self, group_id: int, name: str, organisation: str, role: MemberRole) -> int:
        self.groups[group_id].members.append((name, organisation, role))
        return self._next_id()

    def add_representative(
        self, person: str, body: str, start: date, end: date | None, decision_id: int | None
    ) -> int:
        rep_id = self._next_id()
        self.representatives[rep_id] = (person, body, start, end, decision_id)
        return rep_id

    # agreements
    def add_agreement(self, agreement: Agreement, parties: Sequence[Party]) -> int:
        agreement_id = self._next_id()
        self.agreements[agreement_id] = (replace(agreement, id=agreement_id), tuple(parties))
        return agreement_id

    def agreement(self, agreement_id: int) -> Agreement | None:
        found = self.agreements.get(agreement_id)
        return None if found is None else found[0]

    def update_agreement(self, agreement: Agreement) -> None:
        _, parties = self.agreements[agreement.id]
        self.agreements[agreement.id] = (agreement, parties)

    def revision_dates(self, agreement_id: int) -> list[date]:
        return [r.revised_on for r in self.revisions.values() if r.agreement_id == agreement_id]

    def remove_agreement(self, agreement_id: int) -> None:
        del self.agreements[agreement_id]

    def add_revision(self, revision: Revision) -> int:
        revision_id = self._next_id()
        self.revisions[revision_id] = revision
        agreement, parties = self.agreements[revision.agreement_id]
        moved = replace(agreement, revision_date=revision.next_revision_date)
        self.agreements[revision.agreement_id] = (moved, parties)
        return revision_id


@dataclass
class Members:
    """The catalogue's part board work uses, in memory: the member municipalities."""

    names: dict[str, str] = field(default_factory=dict)

    def add_municipalities(self, municipalities: Sequence[Municipality]) -> None:
        self.names.update({m.code: m.name for m in municipalities})

    def add_catalogue(self, year_id: int, catalogue: Catalogue) -> None:
        raise NotImplementedError("board work keeps no catalogue")

    def municipality_codes(self) -> list[str]:
        return sorted(self.names)

    def add_other_municipalities(self, codes: Collection[str]) -> None:
        raise NotImplementedError("board work knows the members only")

    def admission_area(self) -> AdmissionArea:
        raise NotImplementedError("board work needs no admission area")

    def municipality_name(self, code: str) -> str | None:
        return self.names.get(code)

    def set_area_terms(self, code: str, name: str, terms: AreaTerms) -> None:
        raise NotImplementedError("board work sets no area terms")

    def school_unit_codes(self) -> list[str]:
        return []


class FakeUnitOfWork(FakeTransaction):
    """Board work's ``UnitOfWork`` in memory."""

    STORES = ("board", "catalogue")

    def __init__(self, board: Board | None = None, catalogue: Members | None = None) -> None:
        super().__init__()
        self.board = board or Board()
        self.catalogue = catalogue or Members()
