"""The applicant's pages: the catalogue, their own application and their result.

* ``/katalog`` searches the year's offerings (no JavaScript: a GET form and page links).
* ``/min-ansokan`` shows the ranked choices; plain form posts add, remove and move a choice,
  each saving the whole new order through ``submit_choices`` as the applicant (so the windows
  are enforced). A refusal shows the page again, as every refused form is shown
  (``platform.web.forms.show_refusal``), with a Swedish message (at the code's field when the code
  is unknown) and changes nothing: 403 outside the windows, 409 for someone who is not an applicant
  of the year, 422 for an unknown code or too many choices.
* ``/mitt-resultat`` shows the latest published round: each choice's outcome and reason (what
  each kind of result means, in plain words), the reserve positions, the last reply day from the
  year's calendar and what no reply means under the year's rule (admissions-rules §4.2,
  ``admission.domain.replies``), and the reply form (``reply``, the API's ``ReplyIn``) until the
  last reply day has passed. Declining asks first: the form's decline shows what the applicant
  loses and that it cannot be undone, and only the confirmation's form (``confirmed``) saves it
  (the API replies in one step). A reply after the last reply day is refused by the service and
  worded here in Swedish; nothing is saved.
* The catalogue offers "Lägg till" only while the applicant may change their choices.

Only the applicant may use them (``http.MyApplication``), and the queries read only the
actor's own personal identity number (never one from the address).

What the pages read the same for everyone (the newest year, its calendar, terms, catalogue
choices and published round, and the catalogue itself, searched in memory) comes from the facts
each process keeps while the catalogue's version stands (``queries.year_facts``; issue 15,
point 15).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from samverka.admission.domain.eligibility import RequirementFailure
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.http import MyApplication, ReplyIn, submit_as_applicant
from samverka.admission.ports import UnitOfWork
from samverka.admission.queries.admission_statistics import latest_admission_year
from samverka.admission.queries.applicant_view import (
    MAXIMUM_CHOICES,
    own_application,
    own_choice_codes,
    own_result,
)
from samverka.admission.queries.catalogue import (
    CatalogueSearch,
    search_kept,
)
from samverka.admission.queries.year_dates import YearDates, year_dates
from samverka.admission.queries.year_facts import newest_year_facts
from samverka.admission.services.replies import RepliesClosed, reply
from samverka.admission.web.inbox import INBOX_TEXTS
from samverka.errors import InvalidInput, NotFound, NotPermitted, RowError, SamverkaError
from samverka.platform.access.domain.actors import Actor
from samverka.platform.web.deps import Now, Reads, Work
from samverka.platform.web.forms import FieldProblem, show_refusal
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render

PAGE_SIZE = 20
ChangeAction = Literal["add", "remove", "up", "down"]
OUTSIDE_WINDOWS = N_(
    "Du kan bara ändra dina val när ansökan eller omvalet är öppet. Inget har ändrats."
)
NOT_REGISTERED = N_(
    "Du finns inte som sökande i årets antagning. Kontakta din studie- och yrkesvägledare."
)
UNKNOWN_OFFERING = N_("Det finns ingen utbildning med koden %(code)s.")
TOO_MANY = N_("Du kan rangordna högst %(num)d val.")
REPLIES_CLOSED = N_(
    "Sista svarsdagen har passerat, så du kan inte svara här längre. Inget har sparats. "
    "Kontakta din studie- och yrkesvägledare om du har frågor."
)
_SHORT_NAMES = {"SVA": "SvA", "TSP": "TSp"}

router = APIRouter(include_in_schema=False)


@router.get("/katalog", name="catalogue", response_class=HTMLResponse)
def catalogue(
    request: Request,
    actor: MyApplication,
    db: Reads,
    now: Now,
    q: Annotated[str, Query(max_length=100)] = "",
    program: Annotated[str, Query(max_length=8)] = "",
    kommun: Annotated[str, Query(max_length=4)] = "",
    inriktning: Annotated[str, Query(max_length=80)] = "",
    sida: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    facts = newest_year_facts(db)
    year = facts.year
    search = CatalogueSearch(q, program, kommun, "", inriktning, PAGE_SIZE, (sida - 1) * PAGE_SIZE)
    found, choices = search_kept(facts.catalogue, search), facts.choices
    application = own_application(db, actor, year, now, facts)
    chosen = [choice.offering_code for choice in application.choices]
    programmes = [(code, code) for code in choices.programmes]
    context = {"search": search, "found": found, "choices": choices, "chosen": chosen, "page": sida}
    context["may_change"] = application.may_change
    context["programmes"] = programmes
    return render(request, "applicant/catalogue.html", context)


@router.get("/min-ansokan", name="my_application", response_class=HTMLResponse)
def my_application(request: Request, actor: MyApplication, db: Reads, now: Now) -> Response:
    return _application_page(request, actor, db, now)


@router.post("/min-ansokan", name="change_choices")
def change_choices(
    request: Request,
    actor: MyApplication,
    db: Reads,
    uow: Work,
    now: Now,
    action: Annotated[ChangeAction, Form()],
    offering_code: Annotated[str, Form(max_length=40)],
) -> Response:
    year = latest_admission_year(db)
    codes = changed(own_choice_codes(db, actor, year, now), action, offering_code.strip())
    try:
        _submit_from_page(uow, actor, year, codes, now)
    except (NotPermitted, NotFound, InvalidInput) as refusal:
        problems, status = _refusal(refusal, codes)
        values = {"action": action, "offering_code": offering_code}
        show_refusal(request, problems, values, conflict=status != 422)
        return _application_page(request, actor, db, now, status)
    return RedirectResponse("/min-ansokan?sparat=1", status_code=303)


@router.get("/mitt-resultat", name="my_result", response_class=HTMLResponse)
def my_result(request: Request, actor: MyApplication, db: Reads, now: Now) -> Response:
    return _result_page(request, actor, db, now)


@router.post("/mitt-resultat", name="reply")
def answer(
    request: Request,
    actor: MyApplication,
    db: Reads,
    uow: Work,
    now: Now,
    form: Annotated[ReplyIn, Form()],
    confirmed: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    year, personal_id, kind = latest_admission_year(db), str(actor.personal_id), form.reply
    dates = year_dates(db, year)
    if kind is ReplyKind.DECLINE and confirmed != "ja" and _may_reply_now(dates, now):
        context = {"result": own_result(db, actor, year), "dates": dates}
        return render(request, "applicant/confirm_decline.html", context)
    try:
        reply(uow, year=year, personal_id=personal_id, kind=kind, actor=actor, now=now)
    except RepliesClosed:
        show_refusal(request, [FieldProblem("", REPLIES_CLOSED)], {"reply": kind}, conflict=True)
        return _result_page(request, actor, db, now, 409)
    return RedirectResponse("/mitt-resultat?svar=1", status_code=303)


def _result_page(
    request: Request, actor: Actor, db: Session, now: datetime, status: int = 200
) -> Response:
    facts = newest_year_facts(db)
    result, dates = own_result(db, actor, facts.year, facts), facts.dates
    context = {
        "result": result,
        "replied": "svar" in request.query_params,
        "dates": dates,
        "may_reply_now": _may_reply_now(dates, now),
        "subject_names": subject_names,
    }
    return render(request, "applicant/result.html", context, status_code=status)


def _may_reply_now(dates: YearDates | None, now: datetime) -> bool:
    return dates is not None and dates.calendar.applicant_may_reply(now)


def changed(codes: Sequence[str], action: ChangeAction, code: str) -> list[str]:
    """The ranked ``codes`` after ``action`` on ``code``: added last, removed, or moved."""
    order = list(codes)
    if action == "add":
        return order if code.upper() in order else [*order, code.upper()]
    if code not in order:
        return order
    at = order.index(code)
    order.remove(code)
    if action == "remove":
        return order
    order.insert(max(0, at - 1) if action == "up" else at + 1, code)
    return order


def _submit_from_page(
    uow: UnitOfWork, actor: Actor, year: int, codes: Sequence[str], now: datetime
) -> None:
    if len(codes) > MAXIMUM_CHOICES:
        raise InvalidInput([RowError("application", len(codes), "count", N_("För många val."))])
    submit_as_applicant(uow, actor, year, codes, now)


def _application_page(
    request: Request, actor: Actor, db: Session, now: datetime, status: int = 200
) -> Response:
    facts = newest_year_facts(db)
    application = own_application(db, actor, facts.year, now, facts)
    context = {
        "application": application,
        "saved": "sparat" in request.query_params,
        "maximum": MAXIMUM_CHOICES,
        # What bears on the choices, stored with the application: an offering closed or reopened.
        "notices": application.messages,
        "texts": INBOX_TEXTS,
    }
    return render(request, "applicant/application.html", context, status_code=status)


def _refusal(refusal: SamverkaError, codes: Sequence[str]) -> tuple[list[FieldProblem], int]:
    """The problems of a refused change, in Swedish, and the status to answer with."""
    if isinstance(refusal, NotFound):
        return [FieldProblem("", NOT_REGISTERED)], 409
    if isinstance(refusal, NotPermitted):
        return [FieldProblem("", OUTSIDE_WINDOWS)], 403
    assert isinstance(refusal, InvalidInput)
    if len(codes) > MAXIMUM_CHOICES:
        return [FieldProblem("", TOO_MANY, {"num": MAXIMUM_CHOICES})], 422
    unknown = [codes[row.line - 1] for row in refusal.errors if 0 < row.line <= len(codes)]
    problems = [FieldProblem("offering_code", UNKNOWN_OFFERING, {"code": c}) for c in unknown]
    return problems, 422


def subject_names(failure: RequirementFailure) -> list[str]:
    """The subjects of a failure in their short form, e.g. ``Sv``, ``SvA``, ``Fy``."""
    return [_SHORT_NAMES.get(s, s.capitalize()) for s in failure.subjects]
