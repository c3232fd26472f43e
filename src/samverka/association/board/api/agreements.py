"""The API of steering groups, representatives and agreements (included in
``association.board.api.board``'s router, under ``/api/v1/association``); see that module."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from samverka.association.board.domain.agreements import MAXIMUM_WITHIN_DAYS, AgreementKind
from samverka.association.board.domain.steering_groups import MemberRole
from samverka.association.board.http import (
    AgreementIn,
    AgreementPatchIn,
    BoardRead,
    BoardWrite,
    GroupIn,
    MemberIn,
    RepresentativeIn,
    RevisionIn,
    RowId,
)
from samverka.association.board.queries.agreements import (
    AgreementView,
    agreement_detail,
    agreements,
    representatives,
    steering_groups,
)
from samverka.association.board.services.agreements import (
    add_agreement,
    edit_agreement,
    record_revision,
    remove_agreement,
)
from samverka.association.board.services.steering_groups import (
    add_group_member,
    add_representative,
    add_steering_group,
)
from samverka.platform.clock import today
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work

router = APIRouter()
Within = Annotated[int | None, Query(ge=0, le=MAXIMUM_WITHIN_DAYS)]


class CreatedOut(BaseModel):
    id: int


class MemberOut(BaseModel):
    name: str
    organisation: str
    role: MemberRole


class GroupOut(BaseModel):
    id: int
    name: str
    mandate: str
    start: date
    end: date | None
    decision_reference: str | None
    members: list[MemberOut]


class RepresentativeOut(BaseModel):
    id: int
    person: str
    body: str
    start: date
    end: date | None
    decision_reference: str | None


class PartyOut(BaseModel):
    municipality_code: str | None
    name: str


class RevisionOut(BaseModel):
    revised_on: date
    previous_revision_date: date
    next_revision_date: date
    note: str


class AgreementOut(BaseModel):
    id: int
    title: str
    kind: AgreementKind
    parties: list[PartyOut]
    start: date
    end: date | None
    owner: str
    revision_date: date
    follow_up_dates: list[date]
    revisions: list[RevisionOut]

    @classmethod
    def of(cls, view: AgreementView) -> AgreementOut:
        a = view.agreement
        return cls(
            id=a.id,
            title=a.title,
            kind=a.kind,
            parties=[PartyOut.model_validate(p, from_attributes=True) for p in view.parties],
            start=a.start,
            end=a.end,
            owner=a.owner,
            revision_date=a.revision_date,
            follow_up_dates=list(a.follow_up_dates),
            revisions=[RevisionOut.model_validate(r, from_attributes=True) for r in view.revisions],
        )


@router.get("/steering-groups", summary="The steering groups with mandates and members")
def group_list(request: Request, actor: BoardRead) -> list[GroupOut]:
    with web_context(request).reads() as session:
        found = steering_groups(session, actor)
    return [GroupOut.model_validate(g, from_attributes=True) for g in found]


@router.post("/steering-groups", status_code=201, summary="A steering group with its mandate")
def group_add(request: Request, actor: BoardWrite, body: GroupIn) -> CreatedOut:
    group_id = add_steering_group(
        unit_of_work(request),
        actor=actor,
        name=body.name,
        mandate=body.mandate,
        start=body.start,
        end=body.end,
        decision_id=body.decision_id,
        now=now(),
    )
    return CreatedOut(id=group_id)


@router.post("/steering-groups/{group_id}/members", status_code=201, summary="Add a member")
def member_add(request: Request, actor: BoardWrite, group_id: RowId, body: MemberIn) -> CreatedOut:
    member_id = add_group_member(
        unit_of_work(request),
        actor=actor,
        group_id=group_id,
        name=body.name,
        organisation=body.organisation,
        role=body.role,
        now=now(),
    )
    return CreatedOut(id=member_id)


@router.get("/representatives", summary="The elected representatives to partnerships")
def representative_list(request: Request, actor: BoardRead) -> list[RepresentativeOut]:
    with web_context(request).reads() as session:
        found = representatives(session, actor)
    return [RepresentativeOut.model_validate(r, from_attributes=True) for r in found]


@router.post("/representatives", status_code=201, summary="Elect a representative")
def representative_add(request: Request, actor: BoardWrite, body: RepresentativeIn) -> CreatedOut:
    rep_id = add_representative(
        unit_of_work(request),
        actor=actor,
        person=body.person,
        body=body.body,
        start=body.start,
        end=body.end,
        decision_id=body.decision_id,
        now=now(),
    )
    return CreatedOut(id=rep_id)


@router.get(
    "/agreements",
    summary="The agreements; ?due_within=N: due for revision within N days (past due "
    "included), by revision date; ?expiring_within=N: ending within N days",
)
def agreement_list(
    request: Request,
    actor: BoardRead,
    due_within: Within = None,
    expiring_within: Within = None,
    day: Annotated[date | None, Query(alias="date", description="Default: today.")] = None,
) -> list[AgreementOut]:
    on = day or today()
    with web_context(request).reads() as session:
        if due_within is not None:
            found = agreements(session, actor, on, due_within).due
        elif expiring_within is not None:
            found = agreements(session, actor, on, expiring_within).expiring
        else:
            found = agreements(session, actor, on, 0).everything
    return [AgreementOut.of(view) for view in found]


@router.post("/agreements", status_code=201, summary="Register an agreement")
def agreement_add(request: Request, actor: BoardWrite, body: AgreementIn) -> CreatedOut:
    agreement_id = add_agreement(
        unit_of_work(request),
        actor=actor,
        title=body.title,
        kind=body.kind,
        parties=body.parties(),
        start=body.start,
        end=body.end,
        owner=body.owner,
        revision_date=body.revision_date,
        follow_up_dates=body.follow_up_dates,
        now=now(),
    )
    return CreatedOut(id=agreement_id)


@router.get("/agreements/{agreement_id}", summary="An agreement with its revision history")
def agreement(request: Request, actor: BoardRead, agreement_id: RowId) -> AgreementOut:
    with web_context(request).reads() as session:
        return AgreementOut.of(agreement_detail(session, actor, agreement_id))


@router.patch(
    "/agreements/{agreement_id}",
    status_code=204,
    summary="Correct an agreement's title, kind, dates or owner (a field left out stays as it is)",
)
def agreement_edit(
    request: Request, actor: BoardWrite, agreement_id: RowId, body: AgreementPatchIn
) -> None:
    with web_context(request).reads() as session:
        found = agreement_detail(session, actor, agreement_id).agreement
    change = body.applied_to(found.title, found.owner, found.end)
    edit_agreement(
        unit_of_work(request),
        actor=actor,
        agreement_id=agreement_id,
        title=change.title,
        owner=change.owner,
        end=change.end,
        kind=body.kind,
        start=body.start,
        revision_date=body.revision_date,
        follow_up_dates=body.follow_up_dates,
        now=now(),
    )


@router.delete(
    "/agreements/{agreement_id}",
    status_code=204,
    summary="Remove an agreement that has never been revised",
)
def agreement_remove(request: Request, actor: BoardWrite, agreement_id: RowId) -> None:
    remove_agreement(unit_of_work(request), actor=actor, agreement_id=agreement_id, now=now())


@router.post(
    "/agreements/{agreement_id}/revisions",
    status_code=201,
    summary="Record a revision: the revision date moves, the earlier one is kept",
)
def revision_add(
    request: Request, actor: BoardWrite, agreement_id: RowId, body: RevisionIn
) -> CreatedOut:
    revision_id = record_revision(
        unit_of_work(request),
        actor=actor,
        agreement_id=agreement_id,
        revised_on=body.revised_on,
        next_revision=body.next_revision,
        note=body.note,
        now=now(),
    )
    return CreatedOut(id=revision_id)
