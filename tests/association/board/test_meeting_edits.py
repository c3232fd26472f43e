"""Changing and removing a board meeting (``edit_meeting``, ``remove_meeting``) and a decision
(``edit_decision``, ``remove_decision``, refused once the minutes are adjusted and while a
steering group or a representative refers to it), and an agreement (``edit_agreement``,
``remove_agreement``, refused once it has been revised): the staff only, audited before and after; a
held meeting is kept as it is, and a meeting with agenda items is not removed, the refusal
naming them. The rules on the fake unit of work, the happy path on
SQLite and PostgreSQL (``uow``), and the pages.

Source: issue 15 point 10 (the staff edit and remove meetings; removal asks first and is
refused when something depends on it; a board member reads only).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from board_examples import (
    AFTER,
    BEFORE,
    BOARD,
    MANDATE_TITLE,
    MEETING_DAY,
    STAFF,
    add_digitalisation_group,
    add_region_agreement,
    decide,
    meeting_with_items,
)

from samverka.admission.domain.catalogue import Municipality
from samverka.association.board.domain.agreements import AgreementKind
from samverka.association.board.domain.board import Meeting, MeetingStatus
from samverka.association.board.ports import UnitOfWork
from samverka.association.board.services.agreements import (
    edit_agreement,
    record_revision,
    remove_agreement,
)
from samverka.association.board.services.board import (
    add_meeting,
    adjust_minutes,
    edit_decision,
    edit_meeting,
    mark_meeting_held,
    remove_decision,
    remove_meeting,
    write_minutes,
)
from samverka.errors import Conflict, InvalidInput, NotPermitted

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

    with pytest.raises(Conflict, match="hållet"):
        edit_meeting(uow, actor=STAFF, meeting_id=meeting, on=MEETING_DAY, place="Nacka", now=AFTER)
    with pytest.raises(Conflict, match="hållet"):
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


# -- a decision ----------------------------------------------------------------------------------
def _decision_events(uow: UnitOfWork, action: str) -> list[dict[str, object]]:
    return [e for e in uow.audit.events("board_decision") if e["action"] == action]


def test_a_decision_a_steering_group_refers_to_is_not_removed_and_the_refusal_names_it() -> None:
    uow = FakeUnitOfWork()
    _, mandate, _ = meeting_with_items(uow)
    decision = decide(uow, mandate)
    add_digitalisation_group(uow, decision)

    with pytest.raises(Conflict, match="styrgruppen 'Styrgrupp digitalisering'"):
        remove_decision(uow, actor=STAFF, decision_id=decision, now=AFTER)

    assert uow.board.decision(decision) is not None
    assert _decision_events(uow, "remove") == []


def test_a_decision_in_adjusted_minutes_is_neither_changed_nor_removed_nor_by_a_board_member() -> (
    None
):
    uow = FakeUnitOfWork()
    meeting, mandate, _ = meeting_with_items(uow)
    decision = decide(uow, mandate)
    with pytest.raises(NotPermitted):
        edit_decision(uow, actor=BOARD, decision_id=decision, text="Annat", now=AFTER)
    write_minutes(uow, actor=STAFF, meeting_id=meeting, text="§ 1", now=AFTER)
    mark_meeting_held(uow, actor=STAFF, meeting_id=meeting, now=AFTER)
    adjust_minutes(
        uow,
        actor=STAFF,
        meeting_id=meeting,
        adjusted_by="Elin",
        adjusted_on=date(2023, 5, 15),
        now=AFTER,
    )

    with pytest.raises(Conflict, match="justerat"):
        edit_decision(uow, actor=STAFF, decision_id=decision, text="Annat", now=AFTER)
    with pytest.raises(Conflict, match="justerat"):
        remove_decision(uow, actor=STAFF, decision_id=decision, now=AFTER)
    assert _decision_events(uow, "edit") == _decision_events(uow, "remove") == []


def test_the_staff_correct_a_decision_and_remove_it_each_audited(uow: UnitOfWork) -> None:
    _, mandate, _ = meeting_with_items(uow)
    decision = decide(uow, mandate)

    changed = edit_decision(
        uow, actor=STAFF, decision_id=decision, text="Styrelsen fastställer.", now=AFTER
    )

    assert changed.text == "Styrelsen fastställer."
    with uow:
        found = uow.board.decision(decision)
    assert found == changed
    day, reference = MEETING_DAY.isoformat(), "STH 2023/45"
    assert [(e["before"], e["after"]) for e in _decision_events(uow, "edit")] == [
        (
            {"text": "Styrelsen beslutar.", "on": day, "reference": reference},
            {"text": "Styrelsen fastställer.", "on": day, "reference": reference},
        )
    ]
    remove_decision(uow, actor=STAFF, decision_id=decision, now=AFTER)
    with uow:
        assert uow.board.decision(decision) is None
    assert [e["after"] for e in _decision_events(uow, "remove")] == [None]


def test_the_staff_correct_a_decisions_day_and_reference_checked_as_when_it_was_recorded(
    uow: UnitOfWork,
) -> None:
    _, mandate, _ = meeting_with_items(uow)
    decision = decide(uow, mandate)
    decide(uow, mandate, reference="STH 2023/46")
    with pytest.raises(Conflict, match="STH 2023/46"):
        edit_decision(
            uow, actor=STAFF, decision_id=decision, text=None, reference="STH 2023/46", now=AFTER
        )
    early = MEETING_DAY - timedelta(days=1)
    with pytest.raises(InvalidInput, match="Ett beslut kan inte dateras före mötet"):
        edit_decision(
            uow, actor=STAFF, decision_id=decision, text=None, decided_on=early, now=AFTER
        )
    later = MEETING_DAY + timedelta(days=1)

    changed = edit_decision(
        uow,
        actor=STAFF,
        decision_id=decision,
        text=None,
        decided_on=later,
        reference=" STH 2023/47 ",
        now=AFTER,
    )

    assert (changed.text, changed.on, changed.reference) == (
        "Styrelsen beslutar.",
        later,
        "STH 2023/47",
    )
    with uow:
        assert uow.board.decision(decision) == changed
    [event] = _decision_events(uow, "edit")
    assert event["after"] == {
        "text": "Styrelsen beslutar.",
        "on": later.isoformat(),
        "reference": "STH 2023/47",
    }


# -- an agreement --------------------------------------------------------------------------------
def test_a_revised_agreement_is_not_removed_and_the_refusal_names_the_revision() -> None:
    uow = FakeUnitOfWork()
    uow.catalogue.add_municipalities(
        [Municipality("0180", "Stockholm"), Municipality("0182", "Nacka")]
    )
    agreement = add_region_agreement(uow)
    record_revision(
        uow,
        actor=STAFF,
        agreement_id=agreement,
        revised_on=date(2023, 6, 1),
        next_revision=date(2027, 6, 1),
        now=AFTER,
    )

    with pytest.raises(Conflict, match="revideringar 2023-06-01"):
        remove_agreement(uow, actor=STAFF, agreement_id=agreement, now=AFTER)
    with pytest.raises(NotPermitted):
        remove_agreement(uow, actor=BOARD, agreement_id=agreement, now=AFTER)
    with pytest.raises(InvalidInput, match="Avtalet slutar innan det börjar"):
        edit_agreement(
            uow,
            actor=STAFF,
            agreement_id=agreement,
            title="Hemsjukvård",
            owner="X",
            end=date(2019, 1, 1),
            now=AFTER,
        )
    assert uow.board.agreement(agreement) is not None


def test_the_staff_change_an_agreement_and_remove_an_unrevised_one_each_audited(
    uow: UnitOfWork,
) -> None:
    with uow:
        uow.catalogue.add_municipalities(
            [Municipality("0180", "Stockholm"), Municipality("0182", "Nacka")]
        )
        uow.commit()
    agreement = add_region_agreement(uow)

    changed = edit_agreement(
        uow,
        actor=STAFF,
        agreement_id=agreement,
        title="Hemsjukvård i hemmet",
        owner="Kansliet",
        end=date(2030, 12, 31),
        now=AFTER,
    )

    with uow:
        assert uow.board.agreement(agreement) == changed
    assert (changed.title, changed.owner, changed.end) == (
        "Hemsjukvård i hemmet",
        "Kansliet",
        date(2030, 12, 31),
    )
    remove_agreement(uow, actor=STAFF, agreement_id=agreement, now=AFTER)
    with uow:
        assert uow.board.agreement(agreement) is None
    actions = [e["action"] for e in uow.audit.events("agreement")]
    assert actions == ["registered", "edit", "remove"]


def test_the_staff_correct_an_agreements_kind_and_dates_and_a_revised_one_keeps_its_revision_date(
    uow: UnitOfWork,
) -> None:
    with uow:
        uow.catalogue.add_municipalities(
            [Municipality("0180", "Stockholm"), Municipality("0182", "Nacka")]
        )
        uow.commit()
    agreement = add_region_agreement(uow)
    common = {"actor": STAFF, "agreement_id": agreement, "title": "Avtal", "owner": "Kansliet"}
    with pytest.raises(InvalidInput, match="Ett uppföljningsdatum ligger före avtalets början"):
        edit_agreement(uow, **common, end=None, follow_up_dates=[date(2019, 1, 1)], now=AFTER)

    changed = edit_agreement(
        uow,
        **common,
        end=None,
        kind=AgreementKind.INTER_MUNICIPAL,
        start=date(2021, 1, 1),
        revision_date=date(2027, 1, 1),
        follow_up_dates=[date(2028, 1, 1), date(2027, 6, 1)],
        now=AFTER,
    )

    assert (changed.kind, changed.start, changed.revision_date, changed.follow_up_dates) == (
        AgreementKind.INTER_MUNICIPAL,
        date(2021, 1, 1),
        date(2027, 1, 1),
        (date(2027, 6, 1), date(2028, 1, 1)),
    )
    with uow:
        assert uow.board.agreement(agreement) == changed
    [event] = [e for e in uow.audit.events("agreement") if e["action"] == "edit"]
    assert event["after"]["kind"] == "inter_municipal"
    record_revision(
        uow,
        actor=STAFF,
        agreement_id=agreement,
        revised_on=date(2023, 6, 1),
        next_revision=date(2027, 6, 1),
        now=AFTER,
    )
    with pytest.raises(Conflict, match="revision"):
        edit_agreement(uow, **common, end=None, revision_date=date(2029, 1, 1), now=AFTER)
