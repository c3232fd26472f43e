"""Changing and removing a board meeting (``edit_meeting``, ``remove_meeting``): the staff only,
audited before and after; a held meeting is kept as it is, and a meeting with agenda items is
not removed, the refusal naming them. The rules on the fake unit of work, the happy path on
SQLite and PostgreSQL (``uow``), and the pages.

Source: issue 15 point 10 (the staff edit and remove meetings; removal asks first and is
refused when something depends on it; a board member reads only).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from board_examples import (
    AFTER,
    BEFORE,
    BOARD,
    MANDATE_TITLE,
    MEETING_DAY,
    STAFF,
    meeting_with_items,
)

from samverka.association.board.domain.board import Meeting, MeetingStatus
from samverka.association.board.ports import UnitOfWork
from samverka.association.board.services.board import (
    add_meeting,
    edit_meeting,
    mark_meeting_held,
    remove_meeting,
)
from samverka.errors import Conflict, NotPermitted

from .fakes import FakeUnitOfWork


def _events(uow: UnitOfWork, action: str) -> list[dict[str, object]]:
    return [e for e in uow.audit.events("board_meeting") if e["action"] == action]


def test_a_meeting_with_agenda_items_is_not_removed_and_the_refusal_names_them() -> None:
    uow = FakeUnitOfWork()
    meeting, _, _ = meeting_with_items(uow)

    with pytest.raises(Conflict, match=f"'{MANDATE_TITLE}', 'Återrapport RSS'"):
        remove_meeting(uow, actor=STAFF, meeting_id=meeting, now=AFTER)

    assert uow.board.meeting(meeting) is not None
    assert _events(uow, "remove") == []


def test_a_held_meeting_is_neither_changed_nor_removed() -> None:
    uow = FakeUnitOfWork()
    meeting = add_meeting(uow, actor=STAFF, on=MEETING_DAY, place="Storsthlm", now=BEFORE)
    mark_meeting_held(uow, actor=STAFF, meeting_id=meeting, now=AFTER)

    with pytest.raises(Conflict, match="held"):
        edit_meeting(uow, actor=STAFF, meeting_id=meeting, on=MEETING_DAY, place="Nacka", now=AFTER)
    with pytest.raises(Conflict, match="held"):
        remove_meeting(uow, actor=STAFF, meeting_id=meeting, now=AFTER)
    assert _events(uow, "edit") == _events(uow, "remove") == []


def test_a_board_member_may_neither_change_nor_remove_a_meeting() -> None:
    uow = FakeUnitOfWork()
    meeting = add_meeting(uow, actor=STAFF, on=MEETING_DAY, place="Storsthlm", now=BEFORE)

    with pytest.raises(NotPermitted):
        edit_meeting(uow, actor=BOARD, meeting_id=meeting, on=MEETING_DAY, place="X", now=AFTER)
    with pytest.raises(NotPermitted):
        remove_meeting(uow, actor=BOARD, meeting_id=meeting, now=AFTER)


def test_the_staff_move_a_planned_meeting_and_remove_it_each_audited(uow: UnitOfWork) -> None:
    meeting = add_meeting(uow, actor=STAFF, on=MEETING_DAY, place="Storsthlm", now=BEFORE)
    later = MEETING_DAY + timedelta(days=7)

    edit_meeting(uow, actor=STAFF, meeting_id=meeting, on=later, place="Nacka", now=BEFORE)

    with uow:
        assert uow.board.meeting(meeting) == Meeting(meeting, later, "Nacka", MeetingStatus.PLANNED)
    edits = _events(uow, "edit")
    assert [(e["before"], e["after"]) for e in edits] == [
        (
            {"on": MEETING_DAY.isoformat(), "place": "Storsthlm"},
            {"on": later.isoformat(), "place": "Nacka"},
        )
    ]

    removed = remove_meeting(uow, actor=STAFF, meeting_id=meeting, now=BEFORE)

    assert removed.place == "Nacka"
    with uow:
        assert uow.board.meeting(meeting) is None
    assert [e["after"] for e in _events(uow, "remove")] == [None]
