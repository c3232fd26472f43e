"""The receiving school's decisions on one applicant of one of its offerings, and the programme
an IMV offering leads to (``admission.services.receiving_decisions``,
``admission.services.offering_settings``).

* ``/skola/utbildningar/{code}/sokande/{personnummer}``: the applicant's English dispensation
  (SL 16 kap. 32 §: the organiser's decision, for its own offerings) and, for an over-age
  applicant (SL 15 kap. 5 §), the agreement on the choice; forms to record and withdraw both.
* POST ``…/engelska-dispens`` and ``…/engelska-dispens/aterkalla``; ``…/overenskommelse`` and
  ``…/overenskommelse/aterkalla``.
* POST ``/skola/utbildningar/{code}/leder-till``: the national programme an IMV offering leads
  to (SL 17 kap.).

As on the school's other pages (``web.school``), the officer may act for a school unit chosen
with ``?skolenhet=``; an offering outside the scope, or an applicant who did not choose it, is
404. Every change is audited under the name of the person signed in.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from samverka.admission.queries.admission_statistics import latest_admission_year
from samverka.admission.queries.school_view import applicant_decisions
from samverka.admission.services.offering_settings import set_leads_to
from samverka.admission.services.receiving_decisions import (
    DispensationRequest,
    record_english_dispensation,
    record_over_age_agreement,
    withdraw_english_dispensation,
    withdraw_over_age_agreement,
)
from samverka.admission.web.school import Place
from samverka.platform.web.deps import Now, Reads, Work
from samverka.platform.web.templating import render

router = APIRouter(include_in_schema=False)
APPLICANT = "/skola/utbildningar/{code}/sokande/{personnummer}"


class DispensationForm(BaseModel):
    decided_on: date
    decided_by: str = Field(min_length=1, max_length=200)
    reference: str = Field(default="", max_length=100)


class AgreementForm(BaseModel):
    reference: str = Field(min_length=1, max_length=100)


class LeadsToForm(BaseModel):
    programme: str = Field(min_length=2, max_length=8, pattern=r"^[A-Za-z]+$")


def _back(place: Place, code: str, personnummer: str, done: str) -> Response:
    path = place.link(f"/skola/utbildningar/{code}/sokande/{personnummer}", klart=done)
    return RedirectResponse(path, status_code=303)


@router.get(APPLICANT, name="school_applicant", response_class=HTMLResponse)
def applicant_page(
    request: Request, place: Place, db: Reads, code: str, personnummer: str
) -> Response:
    year = latest_admission_year(db)
    details = applicant_decisions(db, year, place.working, code, personnummer)
    done = request.query_params.get("klart")
    context = {"details": details, "place": place, "done": done}
    return render(request, "school/applicant.html", context)


@router.post(APPLICANT + "/engelska-dispens", name="school_record_dispensation")
def dispensation(
    place: Place,
    db: Reads,
    uow: Work,
    now: Now,
    code: str,
    personnummer: str,
    form: Annotated[DispensationForm, Form()],
) -> Response:
    request = DispensationRequest(form.decided_on, form.decided_by, form.reference)
    record_english_dispensation(
        uow,
        year=latest_admission_year(db),
        offering_code=code,
        personal_id=personnummer,
        decision=request,
        actor=place.working,
        now=now,
    )
    return _back(place, code, personnummer, "dispens")


@router.post(APPLICANT + "/engelska-dispens/aterkalla", name="school_withdraw_dispensation")
def withdraw_dispensation(
    place: Place, db: Reads, uow: Work, now: Now, code: str, personnummer: str
) -> Response:
    year, actor = latest_admission_year(db), place.working
    withdraw_english_dispensation(
        uow, year=year, offering_code=code, personal_id=personnummer, actor=actor, now=now
    )
    return _back(place, code, personnummer, "dispens-aterkallad")


@router.post(APPLICANT + "/overenskommelse", name="school_record_agreement")
def agreement(
    place: Place,
    db: Reads,
    uow: Work,
    now: Now,
    code: str,
    personnummer: str,
    form: Annotated[AgreementForm, Form()],
) -> Response:
    record_over_age_agreement(
        uow,
        year=latest_admission_year(db),
        offering_code=code,
        personal_id=personnummer,
        reference=form.reference,
        actor=place.working,
        now=now,
    )
    return _back(place, code, personnummer, "overenskommelse")


@router.post(APPLICANT + "/overenskommelse/aterkalla", name="school_withdraw_agreement")
def withdraw_agreement(
    place: Place, db: Reads, uow: Work, now: Now, code: str, personnummer: str
) -> Response:
    year, actor = latest_admission_year(db), place.working
    withdraw_over_age_agreement(
        uow, year=year, offering_code=code, personal_id=personnummer, actor=actor, now=now
    )
    return _back(place, code, personnummer, "overenskommelse-aterkallad")


@router.post("/skola/utbildningar/{code}/leder-till", name="school_set_leads_to")
def leads_to(
    place: Place,
    db: Reads,
    uow: Work,
    now: Now,
    code: str,
    form: Annotated[LeadsToForm, Form()],
) -> Response:
    year, actor = latest_admission_year(db), place.working
    set_leads_to(uow, year=year, offering_code=code, programme=form.programme, actor=actor, now=now)
    return RedirectResponse(place.link(f"/skola/utbildningar/{code}", klart="leder-till"), 303)
