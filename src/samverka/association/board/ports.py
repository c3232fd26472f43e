"""What the services of board work and agreements need from the database, as a protocol.

``association.board.db.repository`` implements it;
a unit of work holds it as ``uow.board``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from samverka.admission.ports import CatalogueRepository
from samverka.association.board.domain.agreements import Agreement
from samverka.association.board.domain.board import AgendaItem, ItemKind, Meeting, MeetingStatus
from samverka.association.board.domain.steering_groups import MemberRole
from samverka.platform.ports import Transaction


@dataclass(frozen=True, slots=True)
class NewDocument:
    item_id: int
    title: str
    file_name: str
    content_type: str
    content: bytes
    uploaded_at: datetime
    uploaded_by: str


@dataclass(frozen=True, slots=True)
class Party:
    """A party to an agreement: a member municipality (by code) or a named organisation."""

    municipality_code: str | None = None
    organisation: str | None = None


@dataclass(frozen=True, slots=True)
class Revision:
    agreement_id: int
    revised_on: date
    previous_revision_date: date
    next_revision_date: date
    note: str
    recorded_at: datetime
    recorded_by: str


class BoardRepository(Protocol):
    """The stored board work and agreements."""

    # meetings, items, documents, decisions, minutes
    def add_meeting(self, on: date, place: str) -> int: ...
    def meeting(self, meeting_id: int) -> Meeting | None: ...
    def set_meeting_status(self, meeting_id: int, status: MeetingStatus) -> None: ...
    def update_meeting(self, meeting_id: int, on: date, place: str) -> None: ...
    def item_titles(self, meeting_id: int) -> list[str]: ...
    def remove_meeting(self, meeting_id: int) -> None: ...
    def item_numbers(self, meeting_id: int) -> list[int]: ...
    def add_item(
        self, meeting_id: int, number: int, title: str, kind: ItemKind, presenter: str
    ) -> int: ...
    def item(self, item_id: int) -> AgendaItem | None: ...
    def add_document(self, document: NewDocument) -> int: ...
    def reference_taken(self, reference: str) -> bool: ...
    def add_decision(self, item_id: int, text: str, decided_on: date, reference: str) -> int: ...
    def decision_exists(self, decision_id: int) -> bool: ...
    def set_minutes(self, meeting_id: int, text: str) -> None: ...
    def adjust_minutes(self, meeting_id: int, by: str, on: date) -> None: ...

    # steering groups and representatives
    def group_named(self, name: str) -> int | None: ...
    def add_group(
        self, name: str, mandate: str, decision_id: int | None, start: date, end: date | None
    ) -> int: ...
    def member_roles(self, group_id: int) -> list[MemberRole] | None: ...
    def add_member(self, group_id: int, name: str, organisation: str, role: MemberRole) -> int: ...
    def add_representative(
        self, person: str, body: str, start: date, end: date | None, decision_id: int | None
    ) -> int: ...

    # agreements
    def add_agreement(self, agreement: Agreement, parties: Sequence[Party]) -> int: ...
    def agreement(self, agreement_id: int) -> Agreement | None: ...
    def add_revision(self, revision: Revision) -> int: ...


class UnitOfWork(Transaction, Protocol):
    """What the association's board services need: a transaction with their repository."""

    @property
    def board(self) -> BoardRepository: ...
    @property
    def catalogue(self) -> CatalogueRepository: ...
