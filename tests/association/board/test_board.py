"""Board work on SQLite and PostgreSQL: meetings with numbered agenda items, documents,
decisions and adjusted minutes stored and read back; steering groups and representatives; who
reads what. The services' rules and refusals (documents, decisions, minutes that never change
once adjusted, one chair, only the staff change anything) are tested in memory
(``test_board_services``)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from admission_year_builders import open_year
from board_examples import (
    AFTER,
    BEFORE,
    BOARD,
    MEETING_DAY,
    PDF,
    STAFF,
    add_digitalisation_group,
    decide,
    meeting_with_items,
)
from sqlalchemy.orm import Session

from samverka.admission.ports import UnitOfWork
from samverka.association.board.demo import load_demo_board
from samverka.association.board.domain.board import MeetingStatus
from samverka.association.board.domain.steering_groups import MemberRole
from samverka.association.board.queries.agreements import (
    agreements,
    representatives,
    steering_groups,
)
from samverka.association.board.queries.board import (
    decisions_in_year,
    document_file,
    meeting_detail,
    meetings,
)
from samverka.association.board.services.board import (
    adjust_minutes,
    attach_document,
    mark_meeting_held,
    record_decision,
    write_minutes,
)
from samverka.association.board.services.steering_groups import (
    add_group_member,
    add_representative,
)
from samverka.errors import NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.swedish_time import swedish_today
from samverka.unit_of_work import SqlUnitOfWork


def test_agenda_items_are_numbered_in_the_order_they_are_added(
    uow: UnitOfWork, session: Session
) -> None:
    meeting, mandate, rss = meeting_with_items(uow)
    detail = meeting_detail(session, BOARD, meeting)
    assert [(v.item.id, v.item.number) for v in detail.items] == [(mandate, 1), (rss, 2)]
    assert detail.meeting.status is MeetingStatus.PLANNED


def test_a_document_is_stored_with_the_type_of_its_suffix_and_read_back_whole(
    uow: UnitOfWork, session: Session
) -> None:
    _, mandate, _ = meeting_with_items(uow)
    document = attach_document(
        uow,
        actor=STAFF,
        item_id=mandate,
        title="Tjänsteutlåtande",
        file_name="C:\\handlingar\\uppdrag.pdf",
        content=PDF,
        now=BEFORE,
    )
    stored = document_file(session, BOARD, document)
    assert (stored.file_name, stored.content_type, stored.content) == (
        "uppdrag.pdf",
        "application/pdf",
        PDF,
    )


def test_a_decision_is_recorded_on_a_decision_item_and_listed_in_its_year(
    uow: UnitOfWork, session: Session
) -> None:
    meeting, mandate, _ = meeting_with_items(uow)
    record_decision(
        uow,
        actor=STAFF,
        item_id=mandate,
        text="Styrelsen ger uppdrag till två politiska styrgrupper.",
        decided_on=MEETING_DAY,
        reference="STH 2023/45",
        now=AFTER,
    )
    found = decisions_in_year(session, 2023)
    assert [(d.meeting_date, d.item_title, d.reference) for d in found] == [
        (MEETING_DAY, "Uppdrag till politiska styrgrupper 2023–2026", "STH 2023/45")
    ]
    assert decisions_in_year(session, 2024) == []
    assert [s.decisions for s in meetings(session, BOARD, 2023) if s.meeting.id == meeting] == [1]


def test_minutes_written_and_adjusted_after_the_meeting_are_kept(
    uow: UnitOfWork, session: Session
) -> None:
    meeting, _, _ = meeting_with_items(uow)
    write_minutes(uow, actor=STAFF, meeting_id=meeting, text="§ 1 Mötet öppnas.", now=BEFORE)
    mark_meeting_held(uow, actor=STAFF, meeting_id=meeting, now=AFTER)
    write_minutes(uow, actor=STAFF, meeting_id=meeting, text="§ 1 Mötet öppnades.", now=AFTER)
    adjust_minutes(
        uow,
        actor=STAFF,
        meeting_id=meeting,
        adjusted_by="Elin Justerare",
        adjusted_on=date(2023, 5, 15),
        now=AFTER,
    )
    minutes = meeting_detail(session, BOARD, meeting).meeting.minutes
    assert minutes is not None
    assert (minutes.text, minutes.adjusted_by, minutes.adjusted_on) == (
        "§ 1 Mötet öppnades.",
        "Elin Justerare",
        date(2023, 5, 15),
    )
    actions = [e["action"] for e in uow_events(uow, "board_minutes", str(meeting))]
    assert actions == ["written", "written", "adjusted"]


def uow_events(uow: UnitOfWork, entity: str, key: str) -> list[dict[str, object]]:
    with uow:
        return uow.audit.events(entity, key)


def test_a_board_member_reads_and_an_officer_does_not(session: Session) -> None:
    officer = Actor("alva", Role.OFFICER, "Alva")
    with pytest.raises(NotPermitted):
        meetings(session, officer)
    assert meetings(session, BOARD) == []


def test_an_unknown_meeting_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        meeting_detail(session, BOARD, 999)


def test_a_steering_group_has_its_mandate_and_members_the_chair_first(
    uow: UnitOfWork, session: Session
) -> None:
    _, mandate, _ = meeting_with_items(uow)
    decision = decide(uow, mandate)
    group = add_digitalisation_group(uow, decision)
    add_group_member(
        uow,
        actor=STAFF,
        group_id=group,
        name="Anna Ledamot",
        organisation="Nacka",
        role=MemberRole.MEMBER,
        now=AFTER,
    )
    add_group_member(
        uow,
        actor=STAFF,
        group_id=group,
        name="Olle Ordförande",
        organisation="Solna",
        role=MemberRole.CHAIR,
        now=AFTER,
    )
    add_representative(
        uow,
        actor=STAFF,
        person="Eva Energi",
        body="Energikontoret",
        start=date(2023, 5, 11),
        end=None,
        decision_id=decision,
        now=AFTER,
    )
    [found] = steering_groups(session, BOARD)
    assert [m.name for m in found.members] == ["Olle Ordförande", "Anna Ledamot"]
    assert found.decision_reference == "STH 2023/45"
    [elected] = representatives(session, BOARD)
    assert (elected.person, elected.body, elected.end) == ("Eva Energi", "Energikontoret", None)


def test_the_demo_board_has_four_meetings_two_groups_and_agreements_due_soon(
    uow: SqlUnitOfWork, session: Session
) -> None:
    open_year(uow)
    now = datetime(2026, 6, 20, 21, 30, tzinfo=UTC)  # 23:30 in Sweden: today is 20 June
    today = swedish_today(now)
    load_demo_board(uow, today.year, now)
    found = meetings(session, BOARD, today.year)
    assert len(found) == 4
    assert all((s.meeting.status is MeetingStatus.HELD) == (s.meeting.on <= today) for s in found)
    assert len(steering_groups(session, BOARD)) == 2
    assert {r.body for r in representatives(session, BOARD)} >= {"Storsthlms energikontor"}
    lists = agreements(session, BOARD, today, 90)
    assert len(lists.everything) == 6
    assert 1 <= len(lists.due) <= 2
    december = [d for d in decisions_in_year(session, today.year) if d.meeting_date.month == 12]
    assert [d.item_title for d in december] == [
        f"Verksamhetsplan {today.year + 1}",
        f"Budget {today.year + 1} och serviceavgift",
    ]
