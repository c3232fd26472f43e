"""The board work the database tests and the in-memory service tests of board work share: the
staff member and the board member who act, the meeting day with a moment before and after it, a
small PDF, a meeting with a decision item and a report item, a decision on an item and the
steering group for digitalisation that a decision appoints, and the agreement on home care
between Region Stockholm, Stockholm and Nacka."""

from __future__ import annotations

from datetime import UTC, date, datetime

from samverka.association.board.domain.agreements import AgreementKind
from samverka.association.board.domain.board import ItemKind
from samverka.association.board.ports import Party, UnitOfWork
from samverka.association.board.services.agreements import add_agreement
from samverka.association.board.services.board import add_agenda_item, add_meeting, record_decision
from samverka.association.board.services.steering_groups import add_steering_group
from samverka.platform.access.domain.actors import Actor, Role

STAFF = Actor("stina", Role.ASSOCIATION_STAFF, "Stina Kansli")
BOARD = Actor("bertil", Role.BOARD_MEMBER, "Bertil Ledamot")
MEETING_DAY = date(2023, 5, 11)
BEFORE = datetime(2023, 5, 2, 9, tzinfo=UTC)
AFTER = datetime(2023, 5, 12, 9, tzinfo=UTC)
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
MANDATE_TITLE = "Uppdrag till politiska styrgrupper 2023–2026"


def meeting_with_items(uow: UnitOfWork) -> tuple[int, int, int]:
    """A meeting on ``MEETING_DAY`` with a decision item (1) and a report item (2): the ids of
    the meeting and of both items."""
    meeting = add_meeting(uow, actor=STAFF, on=MEETING_DAY, place="Storsthlm", now=BEFORE)
    mandate = add_agenda_item(
        uow,
        actor=STAFF,
        meeting_id=meeting,
        title=MANDATE_TITLE,
        kind=ItemKind.DECISION,
        presenter="Förbundsdirektören",
        now=BEFORE,
    )
    report = add_agenda_item(
        uow,
        actor=STAFF,
        meeting_id=meeting,
        title="Återrapport RSS",
        kind=ItemKind.REPORT,
        presenter="Välfärdsutveckling",
        now=BEFORE,
    )
    return meeting, mandate, report


def decide(uow: UnitOfWork, item: int, reference: str = "STH 2023/45") -> int:
    """The board's decision on agenda item ``item`` on ``MEETING_DAY``: its id."""
    return record_decision(
        uow,
        actor=STAFF,
        item_id=item,
        text="Styrelsen beslutar.",
        decided_on=MEETING_DAY,
        reference=reference,
        now=AFTER,
    )


def add_digitalisation_group(uow: UnitOfWork, decision: int) -> int:
    """The steering group for digitalisation, 2023–2026, appointed by ``decision``: its id."""
    return add_steering_group(
        uow,
        actor=STAFF,
        name="Styrgrupp digitalisering",
        mandate="Samverka kring digitaliseringens lösningar.",
        start=date(2023, 1, 1),
        end=date(2026, 12, 31),
        decision_id=decision,
        now=AFTER,
    )


def add_region_agreement(uow: UnitOfWork, *, now: datetime = AFTER, **changes: object) -> int:
    """The agreement on home care (Hemsjukvård) between Region Stockholm, Stockholm and Nacka
    from 2020, due for revision on 2026-10-01 and followed up on 2027-03-01: its id.
    ``changes`` replace fields."""
    values: dict[str, object] = {
        "title": "Hemsjukvård",
        "kind": AgreementKind.REGION,
        "parties": [Party(organisation="Region Stockholm"), Party("0180"), Party("0182")],
        "start": date(2020, 1, 1),
        "end": None,
        "owner": "Välfärdsutveckling",
        "revision_date": date(2026, 10, 1),
        "follow_up_dates": [date(2027, 3, 1)],
    }
    values.update(changes)
    return add_agreement(uow, actor=STAFF, now=now, **values)  # type: ignore[arg-type]
