"""What the audit events of the board's work keep of a change that no single domain object says
whole: small summaries, each a frozen dataclass whose audited form
(``samverka.platform.domain.audit_snapshot``) is the event's before or after.

Source: issue 11, point 9 (every change in the audit trail, before and after); the
association's board work (``association.board.domain.board``, ``agreements``,
``steering_groups``); ``docs/security.md``, "Audit trail"; ``docs/association.md``.

A document is audited by its name, type and size, never its content; minutes by their length.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from samverka.association.board.domain.agreements import Agreement
from samverka.association.board.domain.steering_groups import MemberRole


@dataclass(frozen=True, slots=True)
class AttachedDocument:
    """A document attached to an agenda item."""

    item: int
    title: str
    file_name: str
    size: int
    content_type: str


@dataclass(frozen=True, slots=True)
class BoardDecision:
    """A decision as it is changed or removed: its agenda item, text, day and reference."""

    id: int
    item_id: int
    text: str
    on: date
    reference: str


@dataclass(frozen=True, slots=True)
class RecordedDecision:
    """The board's decision on an agenda item: its day and reference (the text is the
    decision's own record)."""

    item: int
    on: date
    reference: str


@dataclass(frozen=True, slots=True)
class WrittenMinutes:
    """A meeting's minutes, by their length."""

    length: int


@dataclass(frozen=True, slots=True)
class RegisteredAgreement:
    """An agreement with its parties (a member municipality by code, another party by name)."""

    agreement: Agreement
    parties: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SteeringGroup:
    """A steering group as created: its name and period, and the board decision giving its
    mandate (``None``: none named)."""

    name: str
    start: date
    end: date | None
    decision: int | None


@dataclass(frozen=True, slots=True)
class GroupMember:
    """A member of a steering group."""

    group: int
    name: str
    organisation: str
    role: MemberRole


@dataclass(frozen=True, slots=True)
class ElectedRepresentative:
    """A representative elected to a partnership or body, with the period and the decision."""

    person: str
    body: str
    start: date
    end: date | None
    decision: int | None
