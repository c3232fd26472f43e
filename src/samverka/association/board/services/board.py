"""Use cases of the board's work: meetings, agenda items, documents, decisions and minutes.

A planned meeting's date and place may be changed, and a meeting removed while it has no agenda
items and has not been held (issue 15 point 10); the refusal names the items. A decision's text
may be corrected and a decision removed until its meeting's minutes are adjusted, the removal
refused while a steering group's mandate or a representative's election refers to it.

Only the association's staff change them (``NotPermitted`` for anyone else; a board member
reads); each use case checks the input, applies the rules of ``association.board.domain.board``,
stores, records an audit event and commits once. A meeting or item that does not exist is
``NotFound``; a change the rules refuse in the present state (adjusted minutes, a meeting held
twice) is ``Conflict``; bad input is ``InvalidInput`` naming every problem.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Final

from samverka.association.board.domain import board_documents as documents
from samverka.association.board.domain.audited import (
    AttachedDocument,
    BoardDecision,
    RecordedDecision,
    WrittenMinutes,
)
from samverka.association.board.domain.board import (
    AgendaItem,
    ItemKind,
    Meeting,
    MeetingStatus,
    Minutes,
    decision_refusal,
    held_refusal,
    minutes_adjust_refusal,
    minutes_write_refusal,
    next_item_number,
    reference_problem,
)
from samverka.association.board.ports import NewDocument, UnitOfWork
from samverka.errors import N_, Conflict, InvalidInput, NotFound, NotPermitted, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.swedish_time import swedish_today
from samverka.platform.services.audit_records import record_change

MAXIMUM_MINUTES = 100_000


def require_staff(actor: Actor) -> None:
    if actor.role is not Role.ASSOCIATION_STAFF:
        raise NotPermitted(N_("Bara förbundets kansli ändrar styrelsearbete och avtal."))


# What may refer to a decision, as a refusal to remove it names it.
_DEPENDENT: Final = {"steering_group": "styrgruppen", "representative": "representanten"}


def text_problems(source: str, fields: dict[str, tuple[str, int]]) -> list[RowError]:
    """A RowError for every text that is empty (after trimming) or longer than its maximum."""
    return [
        RowError(source, 0, name, N_("Skriv 1–%(most)s tecken."), {"most": maximum})
        for name, (value, maximum) in fields.items()
        if not value.strip() or len(value.strip()) > maximum
    ]


def _check(errors: list[RowError]) -> None:
    if errors:
        raise InvalidInput(errors)


def _item(uow: UnitOfWork, item_id: int, meeting_id: int | None) -> AgendaItem:
    """The item; ``NotFound`` when there is none (or it is not on ``meeting_id``'s agenda)."""
    item = uow.board.item(item_id)
    if item is None or (meeting_id is not None and item.meeting_id != meeting_id):
        raise NotFound(N_("Det finns ingen punkt %(item)s på dagordningen."), item=item_id)
    return item


def _meeting(uow: UnitOfWork, meeting_id: int) -> Meeting:
    found = uow.board.meeting(meeting_id)
    if found is None:
        raise NotFound(N_("Det finns inget styrelsemöte %(meeting)s."), meeting=meeting_id)
    return found


def add_meeting(uow: UnitOfWork, *, actor: Actor, on: date, place: str, now: datetime) -> int:
    """Plan a board meeting on ``on`` at ``place``; returns its id."""
    require_staff(actor)
    _check(text_problems("meeting", {"place": (place, 200)}))
    with uow:
        meeting_id = uow.board.add_meeting(on, place.strip())
        planned = Meeting(meeting_id, on, place.strip(), MeetingStatus.PLANNED)
        record_change(
            uow.audit,
            actor,
            "board_meeting",
            meeting_id,
            "planned",
            before=None,
            after=planned,
            at=now,
        )
        uow.commit()
    return meeting_id


def edit_meeting(
    uow: UnitOfWork, *, actor: Actor, meeting_id: int, on: date, place: str, now: datetime
) -> None:
    """Change a meeting's date and place; ``Conflict`` once it is held (its minutes say where
    and when it was)."""
    require_staff(actor)
    _check(text_problems("meeting", {"place": (place, 200)}))
    with uow:
        meeting = _meeting(uow, meeting_id)
        if meeting.status is MeetingStatus.HELD:
            raise Conflict(N_("Mötet är hållet: dess datum och plats står i protokollet."))
        changed = replace(meeting, on=on, place=place.strip())
        if changed != meeting:
            uow.board.update_meeting(meeting_id, on, place.strip())
            record_change(
                uow.audit,
                actor,
                "board_meeting",
                meeting_id,
                "edit",
                before=meeting,
                after=changed,
                at=now,
                only=("on", "place"),
            )
        uow.commit()


def remove_meeting(uow: UnitOfWork, *, actor: Actor, meeting_id: int, now: datetime) -> Meeting:
    """Remove a planned meeting without agenda items; ``Conflict`` naming its items, or when it
    is held. Returns the removed meeting."""
    require_staff(actor)
    with uow:
        meeting = _meeting(uow, meeting_id)
        if meeting.status is MeetingStatus.HELD:
            raise Conflict(N_("Mötet är hållet: det sparas med sitt protokoll."))
        titles = uow.board.item_titles(meeting_id)
        if titles:
            named = ", ".join(repr(title) for title in titles[:5])
            raise Conflict(
                N_("Mötet kan inte tas bort: punkterna %(items)s på dagordningen hör till det."),
                items=named,
            )
        uow.board.remove_meeting(meeting_id)
        record_change(
            uow.audit,
            actor,
            "board_meeting",
            meeting_id,
            "remove",
            before=meeting,
            after=None,
            at=now,
        )
        uow.commit()
    return meeting


def mark_meeting_held(uow: UnitOfWork, *, actor: Actor, meeting_id: int, now: datetime) -> None:
    """The meeting was held (on or after its date)."""
    require_staff(actor)
    with uow:
        meeting = _meeting(uow, meeting_id)
        refusal = held_refusal(meeting, swedish_today(now))
        if refusal:
            raise Conflict(refusal, date=meeting.on)
        uow.board.set_meeting_status(meeting_id, MeetingStatus.HELD)
        record_change(
            uow.audit,
            actor,
            "board_meeting",
            meeting_id,
            "held",
            before=meeting,
            after=replace(meeting, status=MeetingStatus.HELD),
            at=now,
            only=("status",),
        )
        uow.commit()


def add_agenda_item(
    uow: UnitOfWork,
    *,
    actor: Actor,
    meeting_id: int,
    title: str,
    kind: ItemKind,
    presenter: str,
    now: datetime,
) -> int:
    """Add an item at the end of the meeting's agenda; returns its id."""
    require_staff(actor)
    _check(text_problems("item", {"title": (title, 300), "presenter": (presenter, 200)}))
    with uow:
        meeting = _meeting(uow, meeting_id)
        if meeting.minutes is not None and meeting.minutes.adjusted:
            raise Conflict(N_("Protokollet är justerat: dagordningen kan inte längre ändras."))
        number = next_item_number(uow.board.item_numbers(meeting_id))
        item_id = uow.board.add_item(meeting_id, number, title.strip(), kind, presenter.strip())
        item = AgendaItem(item_id, meeting_id, number, title.strip(), kind, presenter.strip())
        record_change(
            uow.audit, actor, "agenda_item", item_id, "added", before=None, after=item, at=now
        )
        uow.commit()
    return item_id


def attach_document(
    uow: UnitOfWork,
    *,
    actor: Actor,
    item_id: int,
    title: str,
    file_name: str,
    content: bytes,
    now: datetime,
    meeting_id: int | None = None,
) -> int:
    """Attach a document (handling) to an agenda item; returns its id."""
    require_staff(actor)
    name = documents.clean_file_name(file_name)
    errors = text_problems("document", {"title": (title, 300)})
    errors += [
        RowError(name or "document", 0, "file", p)
        for p in documents.document_problems(file_name, content)
    ]
    _check(errors)
    with uow:
        _item(uow, item_id, meeting_id)
        content_type = documents.content_type_of(name)
        document = NewDocument(
            item_id, title.strip(), name, content_type, content, now, actor.audit_name
        )
        document_id = uow.board.add_document(document)
        attached = AttachedDocument(item_id, title.strip(), name, len(content), content_type)
        record_change(
            uow.audit,
            actor,
            "board_document",
            document_id,
            "attached",
            before=None,
            after=attached,
            at=now,
        )
        uow.commit()
    return document_id


def record_decision(
    uow: UnitOfWork,
    *,
    actor: Actor,
    item_id: int,
    text: str,
    decided_on: date,
    reference: str,
    now: datetime,
    meeting_id: int | None = None,
) -> int:
    """Record the board's decision on a decision item; returns its id."""
    require_staff(actor)
    errors = text_problems("decision", {"text": (text, 10_000)})
    problem = reference_problem(reference.strip())
    if problem:
        errors.append(RowError("decision", 0, "reference", problem))
    _check(errors)
    with uow:
        item = _item(uow, item_id, meeting_id)
        meeting = _meeting(uow, item.meeting_id)
        refusal = decision_refusal(meeting, item, decided_on)
        if refusal:
            raise InvalidInput([RowError("decision", 0, "item", refusal, {"date": meeting.on})])
        if uow.board.reference_taken(reference.strip()):
            raise Conflict(
                N_("Beteckningen %(reference)s används redan av ett beslut."),
                reference=reference.strip(),
            )
        if minutes_write_refusal(meeting) is not None:
            raise Conflict(N_("Protokollet är justerat: inga fler beslut kan föras in."))
        decision_id = uow.board.add_decision(item_id, text.strip(), decided_on, reference.strip())
        decided = RecordedDecision(item_id, decided_on, reference.strip())
        record_change(
            uow.audit,
            actor,
            "board_decision",
            decision_id,
            "decided",
            before=None,
            after=decided,
            at=now,
        )
        uow.commit()
    return decision_id


def _open_decision(uow: UnitOfWork, decision_id: int) -> BoardDecision:
    """The decision, while its meeting's minutes are not adjusted (then it is the record)."""
    decision = uow.board.decision(decision_id)
    if decision is None:
        raise NotFound(N_("Det finns inget beslut %(decision)s."), decision=decision_id)
    meeting = _meeting(uow, _item(uow, decision.item_id, None).meeting_id)
    if minutes_write_refusal(meeting) is not None:
        raise Conflict(N_("Protokollet är justerat: beslutet kan inte längre ändras."))
    return decision


def edit_decision(
    uow: UnitOfWork,
    *,
    actor: Actor,
    decision_id: int,
    text: str | None,
    now: datetime,
    decided_on: date | None = None,
    reference: str | None = None,
) -> BoardDecision:
    """Correct a decision's text, day and reference (each ``None``: as it is), checked as when
    it was recorded; audited before and after. Returns it as changed."""
    require_staff(actor)
    errors = [] if text is None else text_problems("decision", {"text": (text, 10_000)})
    problem = None if reference is None else reference_problem(reference.strip())
    if problem:
        errors.append(RowError("decision", 0, "reference", problem))
    _check(errors)
    with uow:
        decision = _open_decision(uow, decision_id)
        changed = replace(
            decision,
            text=decision.text if text is None else text.strip(),
            on=decision.on if decided_on is None else decided_on,
            reference=decision.reference if reference is None else reference.strip(),
        )
        if changed.on != decision.on:
            item = _item(uow, decision.item_id, None)
            meeting = _meeting(uow, item.meeting_id)
            refusal = decision_refusal(meeting, item, changed.on)
            if refusal:
                raise InvalidInput(
                    [RowError("decision", 0, "decided_on", refusal, {"date": meeting.on})]
                )
        if changed.reference != decision.reference and uow.board.reference_taken(changed.reference):
            raise Conflict(
                N_("Diarienumret %(reference)s används redan av ett annat beslut."),
                reference=changed.reference,
            )
        if changed != decision:
            uow.board.update_decision(changed)
            record_change(
                uow.audit,
                actor,
                "board_decision",
                decision_id,
                "edit",
                before=decision,
                after=changed,
                at=now,
                only=("text", "on", "reference"),
            )
        uow.commit()
    return changed


def remove_decision(
    uow: UnitOfWork, *, actor: Actor, decision_id: int, now: datetime
) -> BoardDecision:
    """Remove a decision nothing refers to; ``Conflict`` naming the steering groups and
    representatives that do. Returns the removed decision."""
    require_staff(actor)
    with uow:
        decision = _open_decision(uow, decision_id)
        dependents = uow.board.decision_dependents(decision_id)
        if dependents:
            named = ", ".join(f"{_DEPENDENT.get(kind, kind)} {name!r}" for kind, name in dependents)
            raise Conflict(
                N_("Beslutet kan inte tas bort: %(dependents)s hänvisar till det."),
                dependents=named,
            )
        uow.board.remove_decision(decision_id)
        record_change(
            uow.audit,
            actor,
            "board_decision",
            decision_id,
            "remove",
            before=decision,
            after=None,
            at=now,
        )
        uow.commit()
    return decision


def write_minutes(
    uow: UnitOfWork, *, actor: Actor, meeting_id: int, text: str, now: datetime
) -> None:
    """Write (or rewrite) the meeting's minutes, while they are not adjusted."""
    require_staff(actor)
    _check(text_problems("minutes", {"text": (text, MAXIMUM_MINUTES)}))
    with uow:
        meeting = _meeting(uow, meeting_id)
        refusal = minutes_write_refusal(meeting)
        if refusal:
            raise Conflict(refusal)
        uow.board.set_minutes(meeting_id, text.strip())
        before = None if meeting.minutes is None else WrittenMinutes(len(meeting.minutes.text))
        record_change(
            uow.audit,
            actor,
            "board_minutes",
            meeting_id,
            "written",
            before=before,
            after=WrittenMinutes(len(text.strip())),
            at=now,
        )
        uow.commit()


def adjust_minutes(
    uow: UnitOfWork,
    *,
    actor: Actor,
    meeting_id: int,
    adjusted_by: str,
    adjusted_on: date,
    now: datetime,
) -> None:
    """The minutes are adjusted (justerade) by ``adjusted_by``: from now on they never change."""
    require_staff(actor)
    _check(text_problems("minutes", {"adjusted_by": (adjusted_by, 200)}))
    with uow:
        meeting = _meeting(uow, meeting_id)
        refusal = minutes_adjust_refusal(meeting, adjusted_on)
        if refusal:
            raise Conflict(refusal, date=meeting.on)
        uow.board.adjust_minutes(meeting_id, adjusted_by.strip(), adjusted_on)
        written = meeting.minutes or Minutes("")
        record_change(
            uow.audit,
            actor,
            "board_minutes",
            meeting_id,
            "adjusted",
            before=written,
            after=replace(written, adjusted_by=adjusted_by.strip(), adjusted_on=adjusted_on),
            at=now,
            only=("adjusted_by", "adjusted_on"),
        )
        uow.commit()
