"""The API of a school (principal) under ``/api/v1/school``: its own offerings only.

* ``GET /school/offerings``: the offerings of the actor's school units.
* ``PUT /school/offerings/{code}/places``: places and discretionary places (audited).
* ``PUT /school/offerings/{code}/test-points/{personal_id}``: aptitude-test points (audited).
* ``POST /school/offerings/{code}/close``: close the offering; the applicants and the holders
  of a place in it get a message. ``POST …/reopen`` opens it again, until the next round.

An offering outside the actor's scope is 404 ``not_found``; bad figures are 422.

The admission officer may use them too, for one school unit at a time named by the query
parameter ``school_unit`` (``http.OwnOfferingsApi``; required of the officer: 422 without it,
404 for an unknown unit), and is named in the audit trail. A school naming a unit that is not
its own is 403 (``platform.access.domain.scope``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel

from samverka.admission.http import OwnOfferingsApi, PlacesIn, TestPointsIn
from samverka.admission.queries.school_view import school_offerings
from samverka.admission.services.offering_settings import (
    close_own_offering,
    record_test_points,
    reopen_own_offering,
    set_places,
)
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.api.schemas import ErrorOut, PersonalIdPath
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import current_year, now, unit_of_work

RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    404: {"model": ErrorOut, "description": "Not one of the school's offerings (`not_found`)."},
    409: {"model": ErrorOut, "description": "The offering is already closed (`conflict`)."},
}

router = APIRouter(prefix=f"{PREFIX}/school", tags=["school"], responses=RESPONSES)
School = OwnOfferingsApi  # the register's school API uses it too


class SchoolOfferingOut(BaseModel):
    code: str
    school_unit_code: str
    school_unit_name: str
    programme: str
    orientation: str
    places: int
    discretionary_places: int
    has_test: bool
    status: str
    applicants: int
    organiser: str
    leads_to: str | None
    ranked_by_school: bool


class ClosedOut(BaseModel):
    code: str
    notified: int


@router.get("/offerings")
def offerings(request: Request, actor: OwnOfferingsApi) -> list[SchoolOfferingOut]:
    with web_context(request).reads() as session:
        found = school_offerings(session, current_year(request), actor)
    return [SchoolOfferingOut.model_validate(o, from_attributes=True) for o in found]


@router.put("/offerings/{code}/places", status_code=204)
def places(request: Request, actor: OwnOfferingsApi, code: str, body: PlacesIn) -> None:
    set_places(
        unit_of_work(request),
        year=current_year(request),
        offering_code=code,
        places=body.places,
        discretionary_places=body.discretionary_places,
        actor=actor,
        now=now(),
    )


@router.put("/offerings/{code}/test-points/{personal_id}", status_code=204)
def test_points(
    request: Request,
    actor: OwnOfferingsApi,
    code: str,
    personal_id: PersonalIdPath,
    body: TestPointsIn,
) -> None:
    record_test_points(
        unit_of_work(request),
        year=current_year(request),
        offering_code=code,
        personal_id=personal_id,
        points=body.points,
        actor=actor,
        now=now(),
    )


@router.post("/offerings/{code}/close")
def close(request: Request, actor: OwnOfferingsApi, code: str) -> ClosedOut:
    year = current_year(request)
    notified = close_own_offering(
        unit_of_work(request), year=year, offering_code=code, actor=actor, now=now()
    )
    return ClosedOut(code=code, notified=len(notified))


@router.post("/offerings/{code}/reopen")
def reopen(request: Request, actor: OwnOfferingsApi, code: str) -> ClosedOut:
    """Open a closed offering again, until the next round is run (409 after it); the
    applicants who chose it or held a place in it are told."""
    year = current_year(request)
    notified = reopen_own_offering(
        unit_of_work(request), year=year, offering_code=code, actor=actor, now=now()
    )
    return ClosedOut(code=code, notified=len(notified))
