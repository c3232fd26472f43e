"""The start page ``/``: for each signed-in role what needs doing now, with a link to every page
the role may use (README's table of roles), and for everyone else the public start page
(issue 15 point 8).

It knows every context, so it sits beside the composition root: each figure comes from a
context's own small query (``admission.queries.start_tasks``, ``year_dates``,
``register.queries.start_tasks``, ``compensation.queries.start_tasks``, the association's
parts' queries), read as the signed-in ``Actor`` so that each query keeps its own scope and
permission. Every text is in the templates (``start.html`` and ``start/``), in Swedish,
translated like every other page.

* officer: the year's next dates, rounds waiting to be published, cases waiting (late choices,
  applicants without grades or choices, choices whose reception waits for the office's
  decision, listed on ``/antagning/mottagande``);
* counsellor: their pupils without an application, unplaced, not replied; the next dates;
* school: each offering with what is left to enter (test points, the school's ranking);
* municipality: residents without a place, KAA entries to contact, the compensation's
  anomalies of the newest month, the price proposal waiting for its decision (the member fees
  have no state that waits for the municipality: a fee decision is the association's, and its
  invoices are issued when it is recorded);
* association staff and board: planned meetings, agreements due for revision, state grants
  with reports missing, plan assignments without a follow-up;
* analyst: statistics;
* applicant: their application's state, the next date, a result to reply to.

The public page (nobody signed in) shows the catalogue's programmes, the year's dates, how to
sign in, and links to ``/tillganglighet`` (the accessibility statement, lag (2018:1937) om
tillgänglighet till digital offentlig service 15 §) and ``/personuppgifter`` (how personal data
is handled, the General Data Protection Regulation articles 13–14).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from samverka.admission.queries.applicant_view import own_application, own_result
from samverka.admission.queries.catalogue import (
    CatalogueSearch,
    catalogue_choices,
    search_catalogue,
)
from samverka.admission.queries.start_tasks import (
    counsellor_tasks,
    municipality_tasks,
    officer_tasks,
    school_tasks,
)
from samverka.admission.queries.year_dates import YearDates, year_dates
from samverka.association.board.domain.board import MeetingStatus
from samverka.association.board.queries.agreements import agreements
from samverka.association.board.queries.board import meetings
from samverka.association.grants.queries import grant_list
from samverka.association.plan.queries.operations_plan import plan_for_year, plan_years
from samverka.compensation.queries.start_tasks import (
    latest_month_anomalies,
    undecided_price_proposal,
)
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.swedish_time import swedish_today
from samverka.platform.web.auth import current_actor
from samverka.platform.web.deps import Now, Reads
from samverka.platform.web.templating import render
from samverka.register.queries.start_tasks import kaa_needing_contact

# Every role's figures, none until its queries give them (a year may not be open yet).
NOTHING_YET: dict[str, Any] = dict.fromkeys(
    (
        "officer",
        "pupils",
        "offerings",
        "residents",
        "kaa_to_contact",
        "anomalies",
        "price_proposal",
        "application",
        "result",
        "association",
    )
)
AGREEMENTS_DUE_WITHIN_DAYS = 90
NEXT_DATES = 4

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class AssociationTasks:
    planned_meetings: list[date]
    agreements_due: int
    grants_with_late_reports: int
    assignments_without_follow_up: int
    plan_year: int | None


@router.get("/", name="start", response_class=HTMLResponse)
def start(
    request: Request,
    actor: Annotated[Actor | None, Depends(current_actor)],
    db: Reads,
    now: Now,
) -> Response:
    dates = year_dates(db)
    context: dict[str, Any] = {
        "actor": actor,
        "dates": dates,
        "next_dates": [] if dates is None else dates.ahead(now, NEXT_DATES),
        "may_reply_now": False,
        **NOTHING_YET,
    }
    if actor is None:
        context |= _public(db, dates)
    elif dates is not None or actor.role in (Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER):
        context |= _tasks(db, actor, dates, now)
    return render(request, "start.html", context)


@router.get("/tillganglighet", name="accessibility", response_class=HTMLResponse)
def accessibility(request: Request, db: Reads) -> Response:
    return render(request, "public/accessibility.html", {"dates": year_dates(db)})


@router.get("/personuppgifter", name="personal_data", response_class=HTMLResponse)
def personal_data(request: Request, db: Reads) -> Response:
    return render(request, "public/personal_data.html", {"dates": year_dates(db)})


def _public(db: Session, dates: YearDates | None) -> dict[str, Any]:
    if dates is None:
        return {"programmes": [], "municipalities": [], "offerings": 0}
    choices = catalogue_choices(db, dates.year)
    offerings = search_catalogue(db, dates.year, CatalogueSearch(limit=1)).total
    return {
        "programmes": choices.programmes,
        "municipalities": [name for _, name in choices.municipalities],
        "offerings": offerings,
    }


def _tasks(db: Session, actor: Actor, dates: YearDates | None, now: datetime) -> dict[str, Any]:
    year = None if dates is None else dates.year
    today = swedish_today(now)
    match actor.role:
        case Role.OFFICER if year is not None:
            return {"officer": officer_tasks(db, year)}
        case Role.COUNSELLOR if year is not None:
            return {"pupils": counsellor_tasks(db, actor, year)}
        case Role.SCHOOL if year is not None:
            return {"offerings": school_tasks(db, actor, year)}
        case Role.MUNICIPALITY if year is not None and actor.municipality_code is not None:
            code = actor.municipality_code
            return {
                "residents": municipality_tasks(db, code, year),
                "kaa_to_contact": kaa_needing_contact(db, actor, code, today),
                "anomalies": latest_month_anomalies(db, actor),
                "price_proposal": undecided_price_proposal(db, actor),
            }
        case Role.APPLICANT if year is not None:
            return {
                "application": own_application(db, actor, year, now),
                "result": own_result(db, actor, year),
                "may_reply_now": dates is not None and dates.calendar.applicant_may_reply(now),
            }
        case Role.ASSOCIATION_STAFF | Role.BOARD_MEMBER:
            return {"association": _association_tasks(db, actor, today)}
    return {}


def _association_tasks(db: Session, actor: Actor, today: date) -> AssociationTasks:
    planned = sorted(
        m.meeting.on
        for m in meetings(db, actor)
        if m.meeting.status is MeetingStatus.PLANNED and m.meeting.on >= today
    )
    due = agreements(db, actor, today, AGREEMENTS_DUE_WITHIN_DAYS).due
    late_reports = sum(1 for grant in grant_list(db, actor, today) if grant.late)
    plan_year = today.year if today.year in plan_years(db) else None
    without_follow_up = 0
    if plan_year is not None:
        plan = plan_for_year(db, plan_year)
        without_follow_up = sum(1 for a in plan.assignments if not a.follow_ups)
    return AssociationTasks(planned, len(due), late_reports, without_follow_up, plan_year)
