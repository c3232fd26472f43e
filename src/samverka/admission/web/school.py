"""The school's (principal's) pages: its own offerings, places, test points, closing.

* ``/skola``: the offerings of the actor's school units with places and applicants.
* ``/skola/utbildningar/{code}``: one offering: forms for places and discretionary places, test
  points per applicant (offerings with an aptitude test), closing, and the admitted and the
  reserves of the latest published round (protected identities masked). 404 outside the scope.
  ``?sok=`` narrows the applicants, the admitted and the reserves to those whose name or identity
  number it finds (``queries.person_lookup``: any spelling of a number, every word of a name in
  any case; a masked person is found by the masked text only); each keeps their place in the
  list. A number that is not valid is shown again at the field (422).

The admission officer may use them too, for one school unit at a time: ``?skolenhet=CODE``
(carried on every link and form) chooses it, and ``/skola`` without it lists the year's school
units to choose from. ``http.OwnOfferingsPage`` (a ``Workplace``, shared with the counsellor's
and the municipality's pages and the API) says as whom the request works
(``platform.access.domain.scope.working_actor``); a school naming a unit not its own is 403.

Changes go through ``admission.services.offering_settings`` with the working actor (audited under
the name of the person signed in). The forms take the API's models (``http.PlacesIn``,
``http.TestPointsIn`` with the applicant's identity number, which the API has in its path); a
refused one comes back as the offering's page with the input kept and the error at its field,
and a refused closing or reopening (409) with the reason.

Closing asks first (issue 15 point 7): ``GET …/stang`` shows how many applicants it concerns
(those who chose it, those admitted there in the latest published round) and the way back (it
may be reopened until the next round is run: ``offerings.reopen_offering``), with a "Bekräfta"
form; only that form's POST (``confirmed``) closes it. The API closes in one step.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samverka.admission.http import OwnOfferingsPage, PlacesIn, TestPointsIn
from samverka.admission.queries.person_lookup import (
    MAXIMUM_QUERY,
    PersonQuery,
    PersonQueryError,
    matches,
    parse_person_query,
)
from samverka.admission.queries.school_view import (
    OfferingDetails,
    offering_details,
    school_offerings,
)
from samverka.admission.services.offering_settings import (
    close_own_offering,
    record_test_points,
    reopen_own_offering,
    set_places,
)
from samverka.platform.access.domain.actors import Actor
from samverka.platform.domain.swedish_time import swedish_today
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import Now, current_year, now, unit_of_work
from samverka.platform.web.forms import FieldProblem, show_refusal
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render
from samverka.platform.web.workplace import Workplace, choose

NOT_A_NUMBER = N_(
    "Det är inte ett giltigt personnummer. Skriv det med 10 eller 12 siffror, eller sök på namn."
)

router = APIRouter(include_in_schema=False)
Place = OwnOfferingsPage  # the register's pages of a school unit use it too


def details(request: Request, actor: Actor, code: str) -> OfferingDetails:
    with web_context(request).reads() as session:
        return offering_details(session, current_year(request), actor, code)


def back_to_offering(place: Workplace, code: str, done: str) -> Response:
    """A redirect to the offering's page, saying what was ``done``."""
    path = place.link(f"/skola/utbildningar/{code}", klart=done)
    return RedirectResponse(path, status_code=303)


@router.get("/skola", name="school_offerings", response_class=HTMLResponse)
def offerings_page(request: Request, place: OwnOfferingsPage) -> Response:
    if place.actor is None:
        return choose(request, place, "/skola", N_("Skolornas utbildningar"))
    year = current_year(request)
    with web_context(request).reads() as session:
        offerings = school_offerings(session, year, place.actor)
    context = {"year": year, "offerings": offerings, "place": place}
    return render(request, "school/offerings.html", context)


@router.get("/skola/utbildningar/{code}", name="school_offering", response_class=HTMLResponse)
def offering_page(
    request: Request,
    place: OwnOfferingsPage,
    today: Now,
    code: str,
    done: Annotated[str | None, Query(alias="klart")] = None,
    sok: Annotated[str, Query(max_length=MAXIMUM_QUERY)] = "",
) -> Response:
    found = details(request, place.working, code)
    status = 200
    try:
        query = parse_person_query(sok, today=swedish_today(today))
    except PersonQueryError:
        show_refusal(request, [FieldProblem("sok", NOT_A_NUMBER)], {"sok": sok}, form="sok")
        query, status = PersonQuery(), 422
    if not query.empty:
        found = replace(
            found,
            applicants=[a for a in found.applicants if _finds(query, a.personal_id, a.name)],
            admitted=[a for a in found.admitted if _finds(query, a.personal_id, a.name)],
            reserves=[r for r in found.reserves if _finds(query, r.personal_id, r.name)],
        )
    context = {"details": found, "done": done, "place": place, "sok": sok}
    return render(request, "school/offering.html", context, status_code=status)


def _finds(query: PersonQuery, personal_id: str | None, name: str) -> bool:
    return matches(query, personal_id or "", name)


@router.post("/skola/utbildningar/{code}/platser", name="school_set_places")
def places(
    request: Request, place: OwnOfferingsPage, code: str, form: Annotated[PlacesIn, Form()]
) -> Response:
    set_places(
        unit_of_work(request),
        year=current_year(request),
        offering_code=code,
        places=form.places,
        discretionary_places=form.discretionary_places,
        actor=place.working,
        now=now(),
    )
    return back_to_offering(place, code, "platser")


@router.post("/skola/utbildningar/{code}/provpoang", name="school_test_points")
def test_points(
    request: Request,
    place: OwnOfferingsPage,
    code: str,
    personal_id: Annotated[str, Form(min_length=1, max_length=13)],
    form: Annotated[TestPointsIn, Form()],
) -> Response:
    record_test_points(
        unit_of_work(request),
        year=current_year(request),
        offering_code=code,
        personal_id=personal_id,
        points=form.points,
        actor=place.working,
        now=now(),
    )
    return back_to_offering(place, code, "provpoang")


@router.get("/skola/utbildningar/{code}/stang", name="school_confirm_close")
def confirm_close(request: Request, place: OwnOfferingsPage, code: str) -> Response:
    context = {"details": details(request, place.working, code), "place": place}
    return render(request, "school/confirm_close.html", context)


@router.post("/skola/utbildningar/{code}/stang", name="school_close")
def close(
    request: Request,
    place: OwnOfferingsPage,
    code: str,
    confirmed: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    if confirmed != "ja":
        return confirm_close(request, place, code)
    year, actor = current_year(request), place.working
    close_own_offering(unit_of_work(request), year=year, offering_code=code, actor=actor, now=now())
    return back_to_offering(place, code, "stangd")


@router.post("/skola/utbildningar/{code}/oppna", name="school_reopen")
def reopen(request: Request, place: OwnOfferingsPage, code: str) -> Response:
    """Reopen a closed offering, until the next round is run (issue 12 point 10)."""
    uow, year = unit_of_work(request), current_year(request)
    reopen_own_offering(uow, year=year, offering_code=code, actor=place.working, now=now())
    return back_to_offering(place, code, "oppnad")
