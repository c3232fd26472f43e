"""The association's pages of steering groups, representatives and agreements (included in
``web.board``'s router).

* ``/forbund/styrgrupper``: the steering groups with mandate, period and members, and the
  elected representatives; the staff's forms (POST to the same path, to
  ``…/{group}/ledamoter`` and to ``…/representanter``).
* ``/forbund/avtal``: the agreements due for revision within ``?inom=`` days (default 90) of
  ``?datum=`` (default today) on top, past due included, then those expiring, then all; the
  staff's form registers one (POST).
* ``/forbund/avtal/{id}``: one agreement with its parties and revision history; the staff's
  form records a revision (POST ``…/revision``).
* ``/forbund/avtal/{id}/andra``: the staff's form to change its title, owner and end (GET,
  POST); ``…/ta-bort``: the question before removing it (GET), which names its revisions and
  then offers no removal, and the removal (POST).

The forms take the API's models (``association.board.http``): a new agreement's other parties
are written one per line and its follow-up dates separated by commas.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samverka.association.board.domain.agreements import (
    DEFAULT_WITHIN_DAYS,
    MAXIMUM_WITHIN_DAYS,
    AgreementKind,
    days_until_revision,
)
from samverka.association.board.domain.steering_groups import MemberRole
from samverka.association.board.http import (
    AgreementChangeIn,
    AgreementIn,
    BoardRead,
    BoardWrite,
    GroupIn,
    MemberIn,
    RepresentativeIn,
    RevisionIn,
    RowId,
)
from samverka.association.board.queries.agreements import (
    agreement_detail,
    agreements,
    member_municipalities,
    representatives,
    steering_groups,
)
from samverka.association.board.queries.board import decision_choices
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
from samverka.association.board.web.labels import AGREEMENT_KIND, MEMBER_ROLE, labels
from samverka.platform.clock import today
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work
from samverka.platform.web.templating import render, translations

router = APIRouter(include_in_schema=False)
Done = Annotated[str | None, Query(alias="klart", max_length=20)]
GROUPS, AGREEMENTS = "/forbund/styrgrupper", "/forbund/avtal"


@router.get(GROUPS, name="board_groups", response_class=HTMLResponse)
def groups_page(request: Request, actor: BoardRead, done: Done = None) -> Response:
    with web_context(request).reads() as session:
        groups = steering_groups(session, actor)
        elected = representatives(session, actor)
        choices = decision_choices(session, actor)
    context = {
        "groups": groups,
        "representatives": elected,
        "decisions": choices,
        "role_choices": [
            (role.value, translations(request).gettext(MEMBER_ROLE[role])) for role in MemberRole
        ],
        "decision_choices": [
            (d.id, f"{d.reference} ({d.decided_on.isoformat()}): {d.item_title}") for d in choices
        ],
        "done": done,
        **labels(actor),
    }
    return render(request, "association/board_groups.html", context)


@router.post(GROUPS, name="board_group_add")
def group_add(request: Request, actor: BoardWrite, form: Annotated[GroupIn, Form()]) -> Response:
    add_steering_group(
        unit_of_work(request),
        actor=actor,
        name=form.name,
        mandate=form.mandate,
        start=form.start,
        end=form.end,
        decision_id=form.decision_id,
        now=now(),
    )
    return RedirectResponse(f"{GROUPS}?klart=styrgrupp", status_code=303)


@router.post(GROUPS + "/{group_id}/ledamoter", name="board_group_member_add")
def member_add(
    request: Request, actor: BoardWrite, group_id: RowId, form: Annotated[MemberIn, Form()]
) -> Response:
    add_group_member(
        unit_of_work(request),
        actor=actor,
        group_id=group_id,
        name=form.name,
        organisation=form.organisation,
        role=form.role,
        now=now(),
    )
    return RedirectResponse(f"{GROUPS}?klart=ledamot", status_code=303)


@router.post(GROUPS + "/representanter", name="board_representative_add")
def representative_add(
    request: Request, actor: BoardWrite, form: Annotated[RepresentativeIn, Form()]
) -> Response:
    add_representative(
        unit_of_work(request),
        actor=actor,
        person=form.person,
        body=form.body,
        start=form.start,
        end=form.end,
        decision_id=form.decision_id,
        now=now(),
    )
    return RedirectResponse(f"{GROUPS}?klart=representant", status_code=303)


@router.get(AGREEMENTS, name="board_agreements", response_class=HTMLResponse)
def agreements_page(
    request: Request,
    actor: BoardRead,
    within: Annotated[int, Query(alias="inom", ge=0, le=MAXIMUM_WITHIN_DAYS)] = DEFAULT_WITHIN_DAYS,
    day: Annotated[date | None, Query(alias="datum")] = None,
    done: Done = None,
) -> Response:
    on = day or today()
    with web_context(request).reads() as session:
        lists = agreements(session, actor, on, within)
        municipalities = member_municipalities(session)
    context = {
        "lists": lists,
        "day": on,
        "within": within,
        "municipalities": municipalities,
        "member_total": len(municipalities),
        "kind_choices": [
            (kind.value, translations(request).gettext(AGREEMENT_KIND[kind]))
            for kind in AgreementKind
        ],
        "municipality_choices": [(code, f"{name} ({code})") for code, name in municipalities],
        "days_until": days_until_revision,
        "done": done,
        **labels(actor),
    }
    return render(request, "association/board_agreements.html", context)


@router.post(AGREEMENTS, name="board_agreement_add")
def agreement_add(
    request: Request, actor: BoardWrite, form: Annotated[AgreementIn, Form()]
) -> Response:
    agreement_id = add_agreement(
        unit_of_work(request),
        actor=actor,
        title=form.title,
        kind=form.kind,
        parties=form.parties(),
        start=form.start,
        end=form.end,
        owner=form.owner,
        revision_date=form.revision_date,
        follow_up_dates=form.follow_up_dates,
        now=now(),
    )
    return RedirectResponse(f"{AGREEMENTS}/{agreement_id}?klart=avtal", status_code=303)


@router.get(AGREEMENTS + "/{agreement_id}", name="board_agreement", response_class=HTMLResponse)
def agreement_page(
    request: Request, actor: BoardRead, agreement_id: RowId, done: Done = None
) -> Response:
    with web_context(request).reads() as session:
        view = agreement_detail(session, actor, agreement_id)
    on_day = today()
    context = {
        "view": view,
        "today": on_day,
        "days": days_until_revision(view.agreement, on_day),
        "done": done,
        **labels(actor),
    }
    return render(request, "association/board_agreement.html", context)


@router.post(AGREEMENTS + "/{agreement_id}/revision", name="board_agreement_revision")
def revision_add(
    request: Request,
    actor: BoardWrite,
    agreement_id: RowId,
    form: Annotated[RevisionIn, Form()],
) -> Response:
    record_revision(
        unit_of_work(request),
        actor=actor,
        agreement_id=agreement_id,
        revised_on=form.revised_on,
        next_revision=form.next_revision,
        note=form.note,
        now=now(),
    )
    return RedirectResponse(f"{AGREEMENTS}/{agreement_id}?klart=revision", status_code=303)


def _agreement_context(request: Request, actor: BoardWrite, agreement_id: int) -> dict[str, object]:
    with web_context(request).reads() as session:
        view = agreement_detail(session, actor, agreement_id)
    kinds = [
        (kind.value, translations(request).gettext(AGREEMENT_KIND[kind])) for kind in AgreementKind
    ]
    follow_ups = ", ".join(day.isoformat() for day in view.agreement.follow_up_dates)
    return {"view": view, "kind_choices": kinds, "follow_ups": follow_ups, **labels(actor)}


@router.get(AGREEMENTS + "/{agreement_id}/andra", name="board_agreement_edit_page")
def agreement_edit_page(request: Request, actor: BoardWrite, agreement_id: RowId) -> Response:
    context = _agreement_context(request, actor, agreement_id)
    return render(request, "association/board_agreement_edit.html", context)


@router.post(AGREEMENTS + "/{agreement_id}/andra", name="board_agreement_edit")
def agreement_edit(
    request: Request,
    actor: BoardWrite,
    agreement_id: RowId,
    form: Annotated[AgreementChangeIn, Form()],
) -> Response:
    edit_agreement(
        unit_of_work(request),
        actor=actor,
        agreement_id=agreement_id,
        title=form.title,
        owner=form.owner,
        end=form.end,
        kind=form.kind,
        start=form.start,
        revision_date=form.revision_date,
        follow_up_dates=form.follow_ups(),
        now=now(),
    )
    return RedirectResponse(f"{AGREEMENTS}/{agreement_id}?klart=andrat", status_code=303)


@router.get(AGREEMENTS + "/{agreement_id}/ta-bort", name="board_agreement_remove_question")
def agreement_remove_page(request: Request, actor: BoardWrite, agreement_id: RowId) -> Response:
    context = _agreement_context(request, actor, agreement_id)
    return render(request, "association/board_agreement_remove.html", context)


@router.post(AGREEMENTS + "/{agreement_id}/ta-bort", name="board_agreement_remove")
def agreement_remove(request: Request, actor: BoardWrite, agreement_id: RowId) -> Response:
    remove_agreement(unit_of_work(request), actor=actor, agreement_id=agreement_id, now=now())
    return RedirectResponse(f"{AGREEMENTS}?klart=borttaget", status_code=303)
