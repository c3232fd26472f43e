"""The API: board work and agreements: meetings, agenda items, documents, decisions, minutes,
steering groups, representatives, agreements (under ``/api/v1/association``).

* ``GET|POST /meetings`` (``?year=``), ``GET /meetings/{id}`` (agenda, documents, decisions,
  minutes), ``POST /meetings/{id}/held``, ``POST /meetings/{id}/items``,
  ``POST /meetings/{id}/items/{item}/documents`` (the file as base64 in JSON),
  ``POST /meetings/{id}/items/{item}/decisions``, ``PUT /meetings/{id}/minutes``,
  ``POST /meetings/{id}/minutes/adjustment``; ``GET /documents/{id}`` (the file, as an
  attachment); ``GET /decisions?year=``.
* ``GET|POST /steering-groups``, ``POST /steering-groups/{id}/members``,
  ``GET|POST /representatives`` — ``association.board.api.agreements``.
* ``GET|POST /agreements`` (``?due_within=90``: due for revision; ``?expiring_within=``),
  ``GET /agreements/{id}``, ``POST /agreements/{id}/revisions`` — the same module.
* Corrections, with the pages' services, refusals and audit: ``PATCH|DELETE /meetings/{id}``
  (a planned meeting's date and place; one without agenda items removed),
  ``PATCH|DELETE /decisions/{id}`` (text, day, reference, while the minutes are not
  adjusted; one nothing refers to removed), ``PATCH|DELETE /agreements/{id}`` (title, kind,
  start, end, owner, revision date, follow-up dates; one never revised removed). A PATCH
  leaves out what stays as it is; each answers 204.

The association's staff read and change; a board member reads; others get 403 (``BoardRead``,
``BoardWrite``). The bodies are the models the pages' forms take too (``association.board.http``),
but for a document, which a page uploads as a file.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from samverka.association.board.api.agreements import router as agreements_router
from samverka.association.board.domain.board import ItemKind, MeetingStatus
from samverka.association.board.domain.board_documents import MAXIMUM_BYTES, TYPES
from samverka.association.board.http import (
    TITLE_MAXIMUM,
    AdjustmentIn,
    BoardRead,
    BoardWrite,
    DecisionIn,
    DecisionPatchIn,
    ItemIn,
    MeetingIn,
    MeetingPatchIn,
    MinutesIn,
    RowId,
    attachment,
)
from samverka.association.board.queries.board import (
    MeetingDetail,
    decisions,
    document_file,
    meeting_detail,
    meetings,
)
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
from samverka.errors import N_, InvalidInput, RowError
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work

router = APIRouter(prefix=f"{PREFIX}/association", tags=["association"], responses=ERRORS)
Year = Annotated[int, Query(ge=1900, le=2200, description="The calendar year.")]
BASE64_MAXIMUM = (MAXIMUM_BYTES + 2) // 3 * 4 + 4
# A document is served in the type its file name's suffix gives (``board_documents.TYPES``).
DOCUMENT_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "description": "The document's file, as an attachment, in its own type",
        "content": {
            kind.content_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
            for kind in TYPES.values()
        },
    }
}


class CreatedOut(BaseModel):
    id: int


class MeetingOut(BaseModel):
    id: int
    on: date
    place: str
    status: MeetingStatus
    items: int
    decisions: int
    minutes_adjusted: bool


class DocumentOut(BaseModel):
    id: int
    title: str
    file_name: str
    content_type: str
    size: int


class DecisionOut(BaseModel):
    id: int
    text: str
    decided_on: date
    reference: str


class ItemOut(BaseModel):
    id: int
    number: int
    title: str
    kind: ItemKind
    presenter: str
    documents: list[DocumentOut]
    decisions: list[DecisionOut]


class MinutesOut(BaseModel):
    text: str
    adjusted_by: str | None
    adjusted_on: date | None


class MeetingDetailOut(BaseModel):
    id: int
    on: date
    place: str
    status: MeetingStatus
    items: list[ItemOut]
    minutes: MinutesOut | None

    @classmethod
    def of(cls, detail: MeetingDetail) -> MeetingDetailOut:
        m = detail.meeting
        items = [
            ItemOut(
                id=v.item.id,
                number=v.item.number,
                title=v.item.title,
                kind=v.item.kind,
                presenter=v.item.presenter,
                documents=[
                    DocumentOut.model_validate(d, from_attributes=True) for d in v.documents
                ],
                decisions=[
                    DecisionOut.model_validate(d, from_attributes=True) for d in v.decisions
                ],
            )
            for v in detail.items
        ]
        minutes = (
            None
            if m.minutes is None
            else MinutesOut.model_validate(m.minutes, from_attributes=True)
        )
        return cls(id=m.id, on=m.on, place=m.place, status=m.status, items=items, minutes=minutes)


class DocumentIn(BaseModel):
    """A document to attach, as base64 in JSON (a page uploads the file instead)."""

    title: str = Field(max_length=TITLE_MAXIMUM)
    file_name: str = Field(max_length=200)
    content_base64: str = Field(max_length=BASE64_MAXIMUM, description="The file, base64.")


class YearDecisionOut(BaseModel):
    meeting_date: date
    item_title: str
    text: str
    reference: str


@router.get("/meetings", summary="The board's meetings, newest first")
def meeting_list(request: Request, actor: BoardRead, year: Year | None = None) -> list[MeetingOut]:
    with web_context(request).reads() as session:
        found = meetings(session, actor, year)
    return [
        MeetingOut(
            id=s.meeting.id,
            on=s.meeting.on,
            place=s.meeting.place,
            status=s.meeting.status,
            items=s.items,
            decisions=s.decisions,
            minutes_adjusted=s.meeting.minutes is not None and s.meeting.minutes.adjusted,
        )
        for s in found
    ]


@router.post("/meetings", status_code=201, summary="Plan a board meeting")
def meeting_add(request: Request, actor: BoardWrite, body: MeetingIn) -> CreatedOut:
    uow = unit_of_work(request)
    return CreatedOut(id=add_meeting(uow, actor=actor, on=body.on, place=body.place, now=now()))


@router.get("/meetings/{meeting_id}", summary="A meeting's agenda, documents, decisions, minutes")
def meeting(request: Request, actor: BoardRead, meeting_id: RowId) -> MeetingDetailOut:
    with web_context(request).reads() as session:
        return MeetingDetailOut.of(meeting_detail(session, actor, meeting_id))


@router.patch(
    "/meetings/{meeting_id}",
    status_code=204,
    summary="Correct a planned meeting's date or place (a field left out stays as it is)",
)
def meeting_edit(
    request: Request, actor: BoardWrite, meeting_id: RowId, body: MeetingPatchIn
) -> None:
    with web_context(request).reads() as session:
        found = meeting_detail(session, actor, meeting_id).meeting
    change = body.applied_to(found.on, found.place)
    edit_meeting(
        unit_of_work(request),
        actor=actor,
        meeting_id=meeting_id,
        on=change.on,
        place=change.place,
        now=now(),
    )


@router.delete(
    "/meetings/{meeting_id}", status_code=204, summary="Remove a planned meeting without items"
)
def meeting_remove(request: Request, actor: BoardWrite, meeting_id: RowId) -> None:
    remove_meeting(unit_of_work(request), actor=actor, meeting_id=meeting_id, now=now())


@router.post("/meetings/{meeting_id}/held", status_code=204, summary="The meeting was held")
def meeting_held(request: Request, actor: BoardWrite, meeting_id: RowId) -> None:
    mark_meeting_held(unit_of_work(request), actor=actor, meeting_id=meeting_id, now=now())


@router.post("/meetings/{meeting_id}/items", status_code=201, summary="Add an agenda item")
def item_add(request: Request, actor: BoardWrite, meeting_id: RowId, body: ItemIn) -> CreatedOut:
    item_id = add_agenda_item(
        unit_of_work(request),
        actor=actor,
        meeting_id=meeting_id,
        title=body.title,
        kind=body.kind,
        presenter=body.presenter,
        now=now(),
    )
    return CreatedOut(id=item_id)


@router.post(
    "/meetings/{meeting_id}/items/{item_id}/documents",
    status_code=201,
    summary="Attach a document (PDF, Word, Excel or text; at most 10 MB)",
)
def document_add(
    request: Request, actor: BoardWrite, meeting_id: RowId, item_id: RowId, body: DocumentIn
) -> CreatedOut:
    try:
        content = base64.b64decode(body.content_base64, validate=True)
    except (binascii.Error, ValueError):
        reason = N_("content_base64 är inte skrivet i base64.")
        raise InvalidInput([RowError("document", 0, "content_base64", reason)]) from None
    document_id = attach_document(
        unit_of_work(request),
        actor=actor,
        meeting_id=meeting_id,
        item_id=item_id,
        title=body.title,
        file_name=body.file_name,
        content=content,
        now=now(),
    )
    return CreatedOut(id=document_id)


@router.post(
    "/meetings/{meeting_id}/items/{item_id}/decisions", status_code=201, summary="Record a decision"
)
def decision_add(
    request: Request, actor: BoardWrite, meeting_id: RowId, item_id: RowId, body: DecisionIn
) -> CreatedOut:
    decision_id = record_decision(
        unit_of_work(request),
        actor=actor,
        meeting_id=meeting_id,
        item_id=item_id,
        text=body.text,
        decided_on=body.decided_on,
        reference=body.reference,
        now=now(),
    )
    return CreatedOut(id=decision_id)


@router.put("/meetings/{meeting_id}/minutes", status_code=204, summary="Write the minutes")
def minutes(request: Request, actor: BoardWrite, meeting_id: RowId, body: MinutesIn) -> None:
    uow = unit_of_work(request)
    write_minutes(uow, actor=actor, meeting_id=meeting_id, text=body.text, now=now())


@router.post(
    "/meetings/{meeting_id}/minutes/adjustment",
    status_code=204,
    summary="Adjust the minutes (after the meeting is held; then they never change)",
)
def minutes_adjust(
    request: Request, actor: BoardWrite, meeting_id: RowId, body: AdjustmentIn
) -> None:
    adjust_minutes(
        unit_of_work(request),
        actor=actor,
        meeting_id=meeting_id,
        adjusted_by=body.adjusted_by,
        adjusted_on=body.adjusted_on,
        now=now(),
    )


@router.get(
    "/documents/{document_id}",
    summary="A document, as an attachment",
    response_class=Response,
    responses=DOCUMENT_RESPONSES,
)
def document(request: Request, actor: BoardRead, document_id: RowId) -> Response:
    with web_context(request).reads() as session:
        found = document_file(session, actor, document_id)
    return attachment(found.content, found.content_type, found.file_name)


@router.get("/decisions", summary="The board's decisions of a year")
def decision_list(request: Request, actor: BoardRead, year: Year) -> list[YearDecisionOut]:
    with web_context(request).reads() as session:
        found = decisions(session, actor, year)
    return [YearDecisionOut.model_validate(d, from_attributes=True) for d in found]


@router.patch(
    "/decisions/{decision_id}",
    status_code=204,
    summary="Correct a decision's text, day or reference (until the minutes are adjusted)",
)
def decision_edit(
    request: Request, actor: BoardWrite, decision_id: RowId, body: DecisionPatchIn
) -> None:
    edit_decision(
        unit_of_work(request),
        actor=actor,
        decision_id=decision_id,
        text=body.text,
        decided_on=body.decided_on,
        reference=body.reference,
        now=now(),
    )


@router.delete(
    "/decisions/{decision_id}",
    status_code=204,
    summary="Remove a decision nothing refers to (until the minutes are adjusted)",
)
def decision_remove(request: Request, actor: BoardWrite, decision_id: RowId) -> None:
    remove_decision(unit_of_work(request), actor=actor, decision_id=decision_id, now=now())


router.include_router(agreements_router)
