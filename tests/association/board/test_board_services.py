"""The rules of board work's services on the unit of work in memory (``fakes``): only the staff
change anything, a document checked by its type and content, decisions on decision items only
and each reference once, minutes adjusted after the meeting and then never changed, one chair
per steering group, agreements among the members with dates in order, and what the audit
trail says. The repositories and one happy path per use case are tested on the databases
(``test_board``, ``test_agreements``)."""

from __future__ import annotations

from datetime import date

import pytest
from board_examples import (
    AFTER,
    BEFORE,
    BOARD,
    MEETING_DAY,
    PDF,
    STAFF,
    add_digitalisation_group,
    add_region_agreement,
    decide,
    meeting_with_items,
)

from samverka.admission.domain.catalogue import Municipality
from samverka.association.board.domain.agreements import AgreementKind
from samverka.association.board.domain.board import ItemKind, MeetingStatus
from samverka.association.board.domain.steering_groups import MemberRole
from samverka.association.board.ports import Party, UnitOfWork
from samverka.association.board.services.agreements import add_agreement, record_revision
from samverka.association.board.services.board import (
    add_agenda_item,
    add_meeting,
    adjust_minutes,
    attach_document,
    mark_meeting_held,
    record_decision,
    write_minutes,
)
from samverka.association.board.services.steering_groups import (
    add_group_member,
    add_representative,
    add_steering_group,
)
from samverka.errors import Conflict, InvalidInput, NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role

from .fakes import FakeUnitOfWork


def _meeting() -> tuple[FakeUnitOfWork, int, int, int]:
    """A meeting with a decision item and a report item; the members Stockholm and Nacka."""
    uow = FakeUnitOfWork()
    uow.catalogue.add_municipalities(
        [Municipality("0180", "Stockholm"), Municipality("0182", "Nacka")]
    )
    return uow, *meeting_with_items(uow)


def test_the_fake_is_a_unit_of_work_of_board_work() -> None:
    uow: UnitOfWork = FakeUnitOfWork()
    assert uow.board.meeting(1) is None


def test_agenda_items_are_numbered_in_order_and_audited() -> None:
    uow, _, mandate, report = _meeting()
    assert [uow.board.items[i].number for i in (mandate, report)] == [1, 2]
    [event] = uow.audit.events("agenda_item", str(report))
    assert (event["action"], event["after"]["number"]) == ("added", 2)


def test_an_empty_or_disguised_document_is_refused_with_every_reason() -> None:
    uow, _, mandate, _ = _meeting()
    with pytest.raises(InvalidInput) as refused:
        attach_document(
            uow,
            actor=STAFF,
            item_id=mandate,
            title="",
            file_name="virus.exe",
            content=b"",
            now=BEFORE,
        )
    reasons = " ".join(e.reason for e in refused.value.errors)
    assert "title" in {e.field for e in refused.value.errors}
    assert "not allowed" in reasons
    assert "empty" in reasons
    with pytest.raises(InvalidInput, match=r"not a \.pdf file"):
        attach_document(
            uow,
            actor=STAFF,
            item_id=mandate,
            title="X",
            file_name="x.pdf",
            content=b"MZ\x90",
            now=BEFORE,
        )
    assert uow.board.documents == {}


def test_a_document_keeps_its_clean_name_and_the_type_of_its_suffix() -> None:
    uow, _, mandate, _ = _meeting()
    document = attach_document(
        uow,
        actor=STAFF,
        item_id=mandate,
        title="Tjänsteutlåtande",
        file_name="C:\\handlingar\\uppdrag.pdf",
        content=PDF,
        now=BEFORE,
    )
    stored = uow.board.documents[document]
    assert (stored.file_name, stored.content_type) == ("uppdrag.pdf", "application/pdf")
    [event] = uow.audit.events("board_document", str(document))
    assert event["after"] == {
        "item": mandate,
        "title": "Tjänsteutlåtande",
        "file_name": "uppdrag.pdf",
        "size": len(PDF),
        "content_type": "application/pdf",
    }


def test_a_decision_is_recorded_on_a_decision_item_only_and_each_reference_once() -> None:
    uow, _, mandate, report = _meeting()
    decide(uow, mandate)
    with pytest.raises(InvalidInput, match="Beslut förs bara in på beslutsärenden"):
        decide(uow, report, "STH 2023/46")
    with pytest.raises(Conflict, match="används redan"):
        decide(uow, mandate)
    with pytest.raises(InvalidInput) as refused:
        decide(uow, mandate, "STH 2023/47; drop")
    assert [e.field for e in refused.value.errors] == ["reference"]
    assert [d.reference for d in uow.board.decisions.values()] == ["STH 2023/45"]


def test_minutes_are_adjusted_only_after_the_meeting_is_held_and_then_never_change() -> None:
    uow, meeting, mandate, _ = _meeting()
    write_minutes(uow, actor=STAFF, meeting_id=meeting, text="§ 1 Mötet öppnas.", now=BEFORE)
    with pytest.raises(Conflict, match="först när mötet är markerat som hållet"):
        adjust_minutes(
            uow,
            actor=STAFF,
            meeting_id=meeting,
            adjusted_by="Elin",
            adjusted_on=MEETING_DAY,
            now=BEFORE,
        )
    with pytest.raises(Conflict, match="kan inte markeras som hållet före dess"):
        mark_meeting_held(uow, actor=STAFF, meeting_id=meeting, now=BEFORE)
    mark_meeting_held(uow, actor=STAFF, meeting_id=meeting, now=AFTER)
    assert uow.board.meetings[meeting].status is MeetingStatus.HELD
    adjust_minutes(
        uow,
        actor=STAFF,
        meeting_id=meeting,
        adjusted_by="Elin Justerare",
        adjusted_on=date(2023, 5, 15),
        now=AFTER,
    )
    with pytest.raises(Conflict, match="Protokollet är justerat och kan inte längre ändras"):
        write_minutes(uow, actor=STAFF, meeting_id=meeting, text="Ändrat", now=AFTER)
    with pytest.raises(Conflict, match="inga fler beslut"):
        decide(uow, mandate, "STH 2023/99")
    with pytest.raises(Conflict, match="kan inte längre ändras"):
        add_agenda_item(
            uow,
            actor=STAFF,
            meeting_id=meeting,
            title="Sent",
            kind=ItemKind.INFORMATION,
            presenter="X",
            now=AFTER,
        )
    minutes = uow.board.meetings[meeting].minutes
    assert minutes is not None
    assert minutes.text == "§ 1 Mötet öppnas."
    actions = [e["action"] for e in uow.audit.events("board_minutes", str(meeting))]
    assert actions == ["written", "adjusted"]


def test_an_unknown_meeting_or_item_is_not_found() -> None:
    uow, _, _, _ = _meeting()
    with pytest.raises(NotFound, match="Det finns inget styrelsemöte 999"):
        add_agenda_item(
            uow,
            actor=STAFF,
            meeting_id=999,
            title="X",
            kind=ItemKind.INFORMATION,
            presenter="Y",
            now=BEFORE,
        )
    with pytest.raises(NotFound, match="Det finns ingen punkt 999"):
        decide(uow, 999)


def test_a_steering_group_has_one_chair_a_period_in_order_and_a_known_decision() -> None:
    uow, _, mandate, _ = _meeting()
    decision = decide(uow, mandate)
    group = add_digitalisation_group(uow, decision)
    add_group_member(
        uow,
        actor=STAFF,
        group_id=group,
        name="Olle Ordförande",
        organisation="Solna",
        role=MemberRole.CHAIR,
        now=AFTER,
    )
    with pytest.raises(Conflict, match="Gruppen har redan en ordförande"):
        add_group_member(
            uow,
            actor=STAFF,
            group_id=group,
            name="Två",
            organisation="Täby",
            role=MemberRole.CHAIR,
            now=AFTER,
        )
    with pytest.raises(NotFound):
        add_group_member(
            uow,
            actor=STAFF,
            group_id=999,
            name="X",
            organisation="Y",
            role=MemberRole.MEMBER,
            now=AFTER,
        )
    with pytest.raises(Conflict, match="redan en styrgrupp som heter"):
        add_steering_group(
            uow,
            actor=STAFF,
            name="Styrgrupp digitalisering",
            mandate="x",
            start=date(2023, 1, 1),
            end=None,
            now=AFTER,
        )
    with pytest.raises(InvalidInput) as refused:
        add_steering_group(
            uow,
            actor=STAFF,
            name="Baklänges",
            mandate="x",
            start=date(2026, 1, 1),
            end=date(2023, 1, 1),
            decision_id=404,
            now=AFTER,
        )
    assert {e.field for e in refused.value.errors} == {"end", "decision_id"}
    with pytest.raises(InvalidInput, match="Perioden slutar innan den börjar"):
        add_representative(
            uow,
            actor=STAFF,
            person="Eva",
            body="Energikontoret",
            start=date(2024, 1, 1),
            end=date(2023, 1, 1),
            decision_id=None,
            now=AFTER,
        )
    assert list(uow.board.groups) == [group]
    assert uow.board.representatives == {}


def test_an_agreement_with_unknown_parties_and_backward_dates_is_refused_with_every_reason() -> (
    None
):
    uow, _, _, _ = _meeting()
    with pytest.raises(InvalidInput) as refused:
        add_region_agreement(
            uow,
            title="",
            kind=AgreementKind.INTER_MUNICIPAL,
            parties=[Party("9999")],
            start=date(2026, 1, 1),
            end=date(2025, 1, 1),
            revision_date=date(2026, 6, 1),
        )
    assert {e.field for e in refused.value.errors} == {"title", "end", "revision_date", "parties"}
    assert uow.board.agreements == {}


def test_a_revision_moves_the_date_is_audited_and_is_refused_when_due_before_it_is_made() -> None:
    uow, _, _, _ = _meeting()
    agreement = add_region_agreement(uow)
    with pytest.raises(InvalidInput, match="efter revisionen"):
        record_revision(
            uow,
            actor=STAFF,
            agreement_id=agreement,
            revised_on=date(2026, 11, 20),
            next_revision=date(2026, 11, 1),
            now=AFTER,
        )
    with pytest.raises(NotFound):
        record_revision(
            uow,
            actor=STAFF,
            agreement_id=999,
            revised_on=date(2026, 11, 20),
            next_revision=date(2028, 1, 1),
            now=AFTER,
        )
    record_revision(
        uow,
        actor=STAFF,
        agreement_id=agreement,
        revised_on=date(2026, 11, 20),
        next_revision=date(2028, 10, 1),
        note="Reviderad",
        now=AFTER,
    )
    [revision] = uow.board.revisions.values()
    assert (revision.previous_revision_date, revision.next_revision_date) == (
        date(2026, 10, 1),
        date(2028, 10, 1),
    )
    actions = [e["action"] for e in uow.audit.events("agreement", str(agreement))]
    assert actions == ["registered", "revised"]


@pytest.mark.parametrize(
    "actor",
    [BOARD, Actor("alva", Role.OFFICER, "Alva")],
    ids=["board member", "officer"],
)
def test_only_the_staff_change_board_work(actor: Actor) -> None:
    uow, meeting, mandate, _ = _meeting()
    with pytest.raises(NotPermitted):
        add_meeting(uow, actor=actor, on=MEETING_DAY, place="X", now=BEFORE)
    with pytest.raises(NotPermitted):
        write_minutes(uow, actor=actor, meeting_id=meeting, text="x", now=BEFORE)
    with pytest.raises(NotPermitted):
        record_decision(
            uow,
            actor=actor,
            item_id=mandate,
            text="x",
            decided_on=MEETING_DAY,
            reference="STH 1",
            now=AFTER,
        )
    with pytest.raises(NotPermitted):
        add_steering_group(
            uow, actor=actor, name="X", mandate="x", start=date(2023, 1, 1), end=None, now=AFTER
        )
    with pytest.raises(NotPermitted):
        add_agreement(
            uow,
            actor=actor,
            title="X",
            kind=AgreementKind.OTHER,
            parties=[Party("0180"), Party("0182")],
            start=date(2020, 1, 1),
            end=None,
            owner="X",
            revision_date=date(2027, 1, 1),
            now=AFTER,
        )
    assert list(uow.board.meetings) == [meeting]
    assert uow.board.decisions == {}
