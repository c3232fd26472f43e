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
404. Every change is audited under the name of the person signed in. The forms take the API's
models (``http.DispensationIn``, ``http.AgreementIn``, ``http.LeadsToIn``); a refused one comes
back as its page with the input kept and the error at its field.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samverka.admission.http import AgreementIn, DispensationIn, LeadsToIn, OwnOfferingsPage
from samverka.admission.queries.admission_statistics import latest_admission_year
from samverka.admission.queries.school_view import applicant_decisions
from samverka.admission.services.offering_settings import set_leads_to
from samverka.admission.services.receiving_decisions import (
    record_english_dispensation,
    record_over_age_agreement,
    withdraw_english_dispensation,
    withdraw_over_age_agreement,
)
from samverka.platform.web.deps import Now, Reads, Work
from samverka.platform.web.templating import render

router = APIRouter(include_in_schema=False)
APPLICANT = "/skola/utbildningar/{code}/sokande/{personnummer}"


def _back(place: OwnOfferingsPage, code: str, personnummer: str, done: str) -> Response:
    path = place.link(f"/skola/utbildningar/{code}/sokande/{personnummer}", klart=done)
    return RedirectResponse(path, status_code=303)


@router.get(APPLICANT, name="school_applicant", response_class=HTMLResponse)
def applicant_page(
    request: Request, place: OwnOfferingsPage, db: Reads, code: str, personnummer: str
) -> Response:
    year = latest_admission_year(db)
    details = applicant_decisions(db, year, place.working, code, personnummer)
    done = request.query_params.get("klart")
    context = {"details": details, "place": place, "done": done}
    return render(request, "school/applicant.html", context)


@router.post(APPLICANT + "/engelska-dispens", name="school_record_dispensation")
def dispensation(
    place: OwnOfferingsPage,
    db: Reads,
    uow: Work,
    now: Now,
    code: str,
    personnummer: str,
    form: Annotated[DispensationIn, Form()],
) -> Response:
    record_english_dispensation(
        uow,
        year=latest_admission_year(db),
        offering_code=code,
        personal_id=personnummer,
        decision=form.request(),
        actor=place.working,
        now=now,
    )
    return _back(place, code, personnummer, "dispens")


@router.post(APPLICANT + "/engelska-dispens/aterkalla", name="school_withdraw_dispensation")
def withdraw_dispensation(
    place: OwnOfferingsPage, db: Reads, uow: Work, now: Now, code: str, personnummer: str
) -> Response:
    year, actor = latest_admission_year(db), place.working
    withdraw_english_dispensation(
        uow, year=year, offering_code=code, personal_id=personnummer, actor=actor, now=now
    )
    return _back(place, code, personnummer, "dispens-aterkallad")


@router.post(APPLICANT + "/overenskommelse", name="school_record_agreement")
def agreement(
    place: OwnOfferingsPage,
    db: Reads,
    uow: Work,
    now: Now,
    code: str,
    personnummer: str,
    form: Annotated[AgreementIn, Form()],
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
    place: OwnOfferingsPage, db: Reads, uow: Work, now: Now, code: str, personnummer: str
) -> Response:
    year, actor = latest_admission_year(db), place.working
    withdraw_over_age_agreement(
        uow, year=year, offering_code=code, personal_id=personnummer, actor=actor, now=now
    )
    return _back(place, code, personnummer, "overenskommelse-aterkallad")


@router.post("/skola/utbildningar/{code}/leder-till", name="school_set_leads_to")
def leads_to(
    place: OwnOfferingsPage,
    db: Reads,
    uow: Work,
    now: Now,
    code: str,
    form: Annotated[LeadsToIn, Form()],
) -> Response:
    year, actor = latest_admission_year(db), place.working
    set_leads_to(uow, year=year, offering_code=code, programme=form.programme, actor=actor, now=now)
    return RedirectResponse(place.link(f"/skola/utbildningar/{code}", klart="leder-till"), 303)
