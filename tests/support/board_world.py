"""The board work the authorisation matrix and the bad-input table share: meeting 1 (held,
minutes adjusted) with a decision item (1, decided as STH 2026/1, with document 1) and an
information item (2); meeting 2 planned in 2099; steering group 1 with a chair; agreement 1
between Region Stockholm, Stockholm and Nacka."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session, sessionmaker

from samverka.association.board.domain.agreements import AgreementKind
from samverka.association.board.domain.board import ItemKind
from samverka.association.board.domain.steering_groups import MemberRole
from samverka.association.board.ports import Party
from samverka.association.board.services.agreements import add_agreement
from samverka.association.board.services.board import (
    add_agenda_item,
    add_meeting,
    adjust_minutes,
    attach_document,
    mark_meeting_held,
    record_decision,
    write_minutes,
)
from samverka.association.board.services.steering_groups import add_group_member, add_steering_group
from samverka.platform.access.domain.actors import Actor, Role
from samverka.unit_of_work import SqlUnitOfWork

STAFF = Actor("cli:test", Role.ASSOCIATION_STAFF, "test")
MEETING_DAY = date(2026, 5, 11)
AFTER = datetime(2026, 5, 20, 9, tzinfo=UTC)
PDF = b"%PDF-1.7\n%%EOF\n"


def build_board(database: sessionmaker[Session]) -> None:
    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(database)

    meeting = add_meeting(uow(), actor=STAFF, on=MEETING_DAY, place="Storsthlm", now=AFTER)
    decision_item = add_agenda_item(
        uow(),
        actor=STAFF,
        meeting_id=meeting,
        title="Uppdrag",
        kind=ItemKind.DECISION,
        presenter="Direktören",
        now=AFTER,
    )
    add_agenda_item(
        uow(),
        actor=STAFF,
        meeting_id=meeting,
        title="Information",
        kind=ItemKind.INFORMATION,
        presenter="Kansliet",
        now=AFTER,
    )
    attach_document(
        uow(),
        actor=STAFF,
        item_id=decision_item,
        title="Underlag",
        file_name="underlag.pdf",
        content=PDF,
        now=AFTER,
    )
    decision = record_decision(
        uow(),
        actor=STAFF,
        item_id=decision_item,
        text="Beslutat.",
        decided_on=MEETING_DAY,
        reference="STH 2026/1",
        now=AFTER,
    )
    mark_meeting_held(uow(), actor=STAFF, meeting_id=meeting, now=AFTER)
    write_minutes(uow(), actor=STAFF, meeting_id=meeting, text="§ 1 Beslut.", now=AFTER)
    adjust_minutes(
        uow(),
        actor=STAFF,
        meeting_id=meeting,
        adjusted_by="Justerare",
        adjusted_on=date(2026, 5, 15),
        now=AFTER,
    )
    add_meeting(uow(), actor=STAFF, on=date(2099, 1, 1), place="Framtiden", now=AFTER)
    group = add_steering_group(
        uow(),
        actor=STAFF,
        name="Styrgrupp digitalisering",
        mandate="Digitalisering.",
        start=date(2023, 1, 1),
        end=date(2026, 12, 31),
        decision_id=decision,
        now=AFTER,
    )
    add_group_member(
        uow(),
        actor=STAFF,
        group_id=group,
        name="Ordförande",
        organisation="Nacka",
        role=MemberRole.CHAIR,
        now=AFTER,
    )
    add_agreement(
        uow(),
        actor=STAFF,
        title="Färdtjänstavtal",
        kind=AgreementKind.REGION,
        parties=[Party(organisation="Region Stockholm"), Party("0180"), Party("0182")],
        start=date(2018, 1, 1),
        end=None,
        owner="Välfärd",
        revision_date=date(2027, 1, 15),
        now=AFTER,
    )
