"""The association's pages: board work and agreements: meetings, agenda items, documents,
decisions, minutes, steering groups, representatives, agreements.

* ``/forbund/styrelse``: the meetings, newest first; the staff's form plans a new one (POST).
* ``/forbund/styrelse/{id}``: the agenda with each item's documents (download links) and
  decisions, and the minutes; the staff's forms (POST to ``…/genomfort``, ``…/punkter``,
  ``…/punkter/{item}/handlingar``, ``…/punkter/{item}/beslut``, ``…/protokoll`` and
  ``…/protokoll/justering``).
* ``/forbund/styrelse/{id}/andra``: the staff's form to change a planned meeting's date and
  place (GET, POST); ``…/ta-bort``: the question before removing it (GET), which names its
  agenda items and then offers no removal, and the removal (POST).
* ``/forbund/styrelse/beslut/{id}/andra`` and ``…/ta-bort``: the same for a decision, until its
  meeting's minutes are adjusted; the question names the steering groups and representatives
  that refer to it, and then offers no removal.
* ``/forbund/styrelse/handlingar/{id}``: a document, as an attachment with its content type.
* ``/forbund/styrgrupper`` and ``/forbund/avtal…``: ``web.board_agreements``.

The association's staff change; a board member reads everything, documents included (a POST
is 403); every other role is 403 (``BoardRead``, ``BoardWrite``). The forms take the API's
models (``association.board.http``); a refused form comes back as its page with the input kept
and each problem at its field (``platform.web.forms``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samverka.association.board.domain.board import ItemKind
from samverka.association.board.domain.board_documents import MAXIMUM_BYTES
from samverka.association.board.http import (
    TITLE_MAXIMUM,
    AdjustmentIn,
    BoardRead,
    BoardWrite,
    DecisionIn,
    DecisionTextIn,
    ItemIn,
    MeetingIn,
    MinutesIn,
    RowId,
    attachment,
)
from samverka.association.board.ports import UnitOfWork
from samverka.association.board.queries.board import document_file, meeting_detail, meetings
from samverka.association.board.services.board import (
    add_agenda_item,
    add_meeting,
    adjust_minutes,
    attach_document,
    edit_decision,
    edit_meeting,
    mark_meeting_held,
    record_decision,
    remove_decision,
    remove_meeting,
    write_minutes,
)
from samverka.association.board.web.agreements import router as agreements_router
from samverka.association.board.web.labels import ITEM_KIND, labels
from samverka.errors import NotFound
from samverka.platform.clock import today
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render, translations

router = APIRouter(include_in_schema=False)
router.include_router(agreements_router)
Done = Annotated[str | None, Query(alias="klart", max_length=20)]
MEETINGS = "/forbund/styrelse"


def _to_meeting(meeting_id: int, done: str) -> Response:
    return RedirectResponse(f"{MEETINGS}/{meeting_id}?klart={done}", status_code=303)


@router.get(MEETINGS, name="board_meetings", response_class=HTMLResponse)
def meetings_page(request: Request, actor: BoardRead) -> Response:
    with web_context(request).reads() as session:
        found = meetings(session, actor)
    context = {"meetings": found, "today": today(), **labels(actor)}
    return render(request, "association/board_meetings.html", context)


@router.post(MEETINGS, name="board_meeting_add")
def meeting_add(
    request: Request, actor: BoardWrite, form: Annotated[MeetingIn, Form()]
) -> Response:
    meeting_id = add_meeting(
        unit_of_work(request), actor=actor, on=form.on, place=form.place, now=now()
    )
    return _to_meeting(meeting_id, "sammantrade")


@router.get(MEETINGS + "/{meeting_id}", name="board_meeting", response_class=HTMLResponse)
def meeting_page(
    request: Request, actor: BoardRead, meeting_id: RowId, done: Done = None
) -> Response:
    with web_context(request).reads() as session:
        detail = meeting_detail(session, actor, meeting_id)
    context = {
        "detail": detail,
        "done": done,
        "kind_choices": [
            (kind.value, translations(request).gettext(ITEM_KIND[kind])) for kind in ItemKind
        ],
        "today": today(),
        "maximum_mb": MAXIMUM_BYTES // (1024 * 1024),
        **labels(actor),
    }
    return render(request, "association/board_meeting.html", context)


@router.get(MEETINGS + "/{meeting_id}/andra", name="board_meeting_edit_page")
def meeting_edit_page(request: Request, actor: BoardWrite, meeting_id: RowId) -> Response:
    with web_context(request).reads() as session:
        detail = meeting_detail(session, actor, meeting_id)
    context = {"detail": detail, **labels(actor)}
    return render(request, "association/board_meeting_edit.html", context)


@router.post(MEETINGS + "/{meeting_id}/andra", name="board_meeting_edit")
def meeting_edit(
    request: Request, actor: BoardWrite, meeting_id: RowId, form: Annotated[MeetingIn, Form()]
) -> Response:
    edit_meeting(
        unit_of_work(request),
        actor=actor,
        meeting_id=meeting_id,
        on=form.on,
        place=form.place,
        now=now(),
    )
    return _to_meeting(meeting_id, "andrat")


@router.get(MEETINGS + "/{meeting_id}/ta-bort", name="board_meeting_remove_question")
def meeting_remove_page(request: Request, actor: BoardWrite, meeting_id: RowId) -> Response:
    with web_context(request).reads() as session:
        detail = meeting_detail(session, actor, meeting_id)
    context = {"detail": detail, **labels(actor)}
    return render(request, "association/board_meeting_remove.html", context)


@router.post(MEETINGS + "/{meeting_id}/ta-bort", name="board_meeting_remove")
def meeting_remove(request: Request, actor: BoardWrite, meeting_id: RowId) -> Response:
    remove_meeting(unit_of_work(request), actor=actor, meeting_id=meeting_id, now=now())
    return RedirectResponse(f"{MEETINGS}?klart=borttaget", status_code=303)


DECISION = MEETINGS + "/beslut/{decision_id}"
DEPENDENT_LABELS = {"steering_group": N_("Styrgrupp"), "representative": N_("Representant")}


def _decision_context(request: Request, actor: BoardWrite, decision_id: int) -> dict[str, object]:
    uow: UnitOfWork = unit_of_work(request)
    with uow:
        decision = uow.board.decision(decision_id)
        if decision is None:
            raise NotFound(N_("Det finns inget beslut %(decision)s."), decision=decision_id)
        item = uow.board.item(decision.item_id)
        dependents = uow.board.decision_dependents(decision_id)
    assert item is not None
    with web_context(request).reads() as session:
        detail = meeting_detail(session, actor, item.meeting_id)
    return {
        "decision": decision,
        "item": item,
        "detail": detail,
        "dependents": [(DEPENDENT_LABELS[kind], name) for kind, name in dependents],
        **labels(actor),
    }


@router.get(DECISION + "/andra", name="board_decision_edit_page")
def decision_edit_page(request: Request, actor: BoardWrite, decision_id: RowId) -> Response:
    context = _decision_context(request, actor, decision_id)
    return render(request, "association/board_decision_edit.html", context)


@router.post(DECISION + "/andra", name="board_decision_edit")
def decision_edit(
    request: Request,
    actor: BoardWrite,
    decision_id: RowId,
    form: Annotated[DecisionTextIn, Form()],
) -> Response:
    uow = unit_of_work(request)
    changed = edit_decision(
        uow,
        actor=actor,
        decision_id=decision_id,
        text=form.text,
        decided_on=form.decided_on,
        reference=form.reference,
        now=now(),
    )
    return _to_meeting(_meeting_of(request, changed.item_id), "beslut-andrat")


@router.get(DECISION + "/ta-bort", name="board_decision_remove_question")
def decision_remove_page(request: Request, actor: BoardWrite, decision_id: RowId) -> Response:
    context = _decision_context(request, actor, decision_id)
    return render(request, "association/board_decision_remove.html", context)


@router.post(DECISION + "/ta-bort", name="board_decision_remove")
def decision_remove(request: Request, actor: BoardWrite, decision_id: RowId) -> Response:
    removed = remove_decision(
        unit_of_work(request), actor=actor, decision_id=decision_id, now=now()
    )
    return _to_meeting(_meeting_of(request, removed.item_id), "beslut-borttaget")


def _meeting_of(request: Request, item_id: int) -> int:
    uow: UnitOfWork = unit_of_work(request)
    with uow:
        item = uow.board.item(item_id)
    if item is None:
        raise NotFound(N_("Det finns ingen punkt %(item)s på dagordningen."), item=item_id)
    return item.meeting_id


@router.post(MEETINGS + "/{meeting_id}/genomfort", name="board_meeting_held")
def meeting_held(request: Request, actor: BoardWrite, meeting_id: RowId) -> Response:
    mark_meeting_held(unit_of_work(request), actor=actor, meeting_id=meeting_id, now=now())
    return _to_meeting(meeting_id, "genomfort")


@router.post(MEETINGS + "/{meeting_id}/punkter", name="board_item_add")
def item_add(
    request: Request, actor: BoardWrite, meeting_id: RowId, form: Annotated[ItemIn, Form()]
) -> Response:
    add_agenda_item(
        unit_of_work(request),
        actor=actor,
        meeting_id=meeting_id,
        title=form.title,
        kind=form.kind,
        presenter=form.presenter,
        now=now(),
    )
    return _to_meeting(meeting_id, "punkt")


@router.post(MEETINGS + "/{meeting_id}/punkter/{item_id}/handlingar", name="board_document_add")
async def document_add(
    request: Request,
    actor: BoardWrite,
    meeting_id: RowId,
    item_id: RowId,
    title: Annotated[str, Form(max_length=TITLE_MAXIMUM)],
    file: Annotated[UploadFile, File()],
) -> Response:
    content = await file.read(MAXIMUM_BYTES + 1)
    attach_document(
        unit_of_work(request),
        actor=actor,
        meeting_id=meeting_id,
        item_id=item_id,
        title=title,
        file_name=file.filename or "",
        content=content,
        now=now(),
    )
    return _to_meeting(meeting_id, "handling")


@router.post(MEETINGS + "/{meeting_id}/punkter/{item_id}/beslut", name="board_decision_add")
def decision_add(
    request: Request,
    actor: BoardWrite,
    meeting_id: RowId,
    item_id: RowId,
    form: Annotated[DecisionIn, Form()],
) -> Response:
    record_decision(
        unit_of_work(request),
        actor=actor,
        meeting_id=meeting_id,
        item_id=item_id,
        text=form.text,
        decided_on=form.decided_on,
        reference=form.reference,
        now=now(),
    )
    return _to_meeting(meeting_id, "beslut")


@router.post(MEETINGS + "/{meeting_id}/protokoll", name="board_minutes")
def minutes(
    request: Request,
    actor: BoardWrite,
    meeting_id: RowId,
    form: Annotated[MinutesIn, Form()],
) -> Response:
    write_minutes(
        unit_of_work(request), actor=actor, meeting_id=meeting_id, text=form.text, now=now()
    )
    return _to_meeting(meeting_id, "protokoll")


@router.post(MEETINGS + "/{meeting_id}/protokoll/justering", name="board_minutes_adjust")
def minutes_adjust(
    request: Request,
    actor: BoardWrite,
    meeting_id: RowId,
    form: Annotated[AdjustmentIn, Form()],
) -> Response:
    adjust_minutes(
        unit_of_work(request),
        actor=actor,
        meeting_id=meeting_id,
        adjusted_by=form.adjusted_by,
        adjusted_on=form.adjusted_on,
        now=now(),
    )
    return _to_meeting(meeting_id, "justerat")


@router.get(MEETINGS + "/handlingar/{document_id}", name="board_document")
def document(request: Request, actor: BoardRead, document_id: RowId) -> Response:
    with web_context(request).reads() as session:
        found = document_file(session, actor, document_id)
    return attachment(found.content, found.content_type, found.file_name)
