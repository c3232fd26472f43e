"""The school's (principal's) pages: its own offerings, places, test points, closing.

* ``/skola``: the offerings of the actor's school units with places and applicants.
* ``/skola/utbildningar/{code}``: one offering: forms for places and discretionary places, test
  points per applicant (offerings with an aptitude test), closing, and the admitted and the
  reserves of the latest published round (protected identities masked). 404 outside the scope.

Changes go through ``services.offering_settings`` with the signed-in actor (audited).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from samverka.domain.access.actors import Actor, Role
from samverka.entrypoints.web.auth import require
from samverka.entrypoints.web.context import web_context
from samverka.entrypoints.web.officer import current_year, now, unit_of_work
from samverka.entrypoints.web.templating import render
from samverka.queries.school_view import OfferingDetails, offering_details, school_offerings
from samverka.services.offering_settings import (
    close_own_offering,
    record_test_points,
    set_places,
)

router = APIRouter(include_in_schema=False)
School = Annotated[Actor, Depends(require(Role.SCHOOL))]


class PlacesForm(BaseModel):
    places: int = Field(ge=0, le=100_000)
    discretionary_places: int = Field(ge=0, le=100_000)


class TestPointsForm(BaseModel):
    personal_id: str = Field(min_length=1, max_length=13)
    points: Decimal = Field(ge=0, le=1000)


def details(request: Request, actor: Actor, code: str) -> OfferingDetails:
    with web_context(request).session_factory() as session:
        return offering_details(session, current_year(request), actor, code)


def _back(code: str, done: str) -> Response:
    return RedirectResponse(f"/skola/utbildningar/{code}?klart={done}", status_code=303)


@router.get("/skola", name="school_offerings", response_class=HTMLResponse)
def offerings_page(request: Request, actor: School) -> Response:
    year = current_year(request)
    with web_context(request).session_factory() as session:
        offerings = school_offerings(session, year, actor)
    return render(request, "school/offerings.html", {"year": year, "offerings": offerings})


@router.get("/skola/utbildningar/{code}", name="school_offering", response_class=HTMLResponse)
def offering_page(
    request: Request,
    actor: School,
    code: str,
    done: Annotated[str | None, Query(alias="klart")] = None,
) -> Response:
    context = {"details": details(request, actor, code), "done": done}
    return render(request, "school/offering.html", context)


@router.post("/skola/utbildningar/{code}/platser", name="school_set_places")
def places(
    request: Request, actor: School, code: str, form: Annotated[PlacesForm, Form()]
) -> Response:
    set_places(
        unit_of_work(request),
        year=current_year(request),
        offering_code=code,
        places=form.places,
        discretionary_places=form.discretionary_places,
        actor=actor,
        now=now(),
    )
    return _back(code, "platser")


@router.post("/skola/utbildningar/{code}/provpoang", name="school_test_points")
def test_points(
    request: Request, actor: School, code: str, form: Annotated[TestPointsForm, Form()]
) -> Response:
    record_test_points(
        unit_of_work(request),
        year=current_year(request),
        offering_code=code,
        personal_id=form.personal_id,
        points=form.points,
        actor=actor,
        now=now(),
    )
    return _back(code, "provpoang")


@router.post("/skola/utbildningar/{code}/stang", name="school_close")
def close(request: Request, actor: School, code: str) -> Response:
    year = current_year(request)
    close_own_offering(unit_of_work(request), year=year, offering_code=code, actor=actor, now=now())
    return _back(code, "stangd")
