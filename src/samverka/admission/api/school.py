"""The API of a school (principal) under ``/api/v1/school``: its own offerings only.

* ``GET /school/offerings``: the offerings of the actor's school units.
* ``GET /school/offerings/{code}/lists``: the admitted and the reserves of the latest published
  round, each with the applicant's reply (``queries.school_lists``); protected identities
  masked but for the officer.
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

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.http import OwnOfferingsApi, PlacesIn, TestPointsIn
from samverka.admission.queries.school_lists import ListedApplicant, offering_lists
from samverka.admission.queries.school_view import school_offerings
from samverka.admission.services.offering_settings import (
    close_own_offering,
    record_test_points,
    reopen_own_offering,
    set_places,
)
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.api.schemas import ErrorOut, Moment, PersonalIdPath
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


class ListedOut(BaseModel):
    position: int
    personal_id: str | None = Field(description="Null for a protected identity.")
    name: str
    merit_value: Decimal
    protected_identity: bool
    reply: ReplyKind | None = Field(description="The applicant's reply; null: none yet.")

    @classmethod
    def of(cls, line: ListedApplicant) -> ListedOut:
        return cls.model_validate(line, from_attributes=True)


class AdmittedOut(ListedOut):
    choice_rank: int | None = Field(description="Which of the applicant's choices this is.")
    under_fri_kvot: bool


class OfferingListsOut(BaseModel):
    offering_code: str
    round_id: int | None = Field(description="The latest published round; null: no lists yet.")
    round_kind: RoundKind | None
    published_at: Moment | None
    admitted: list[AdmittedOut]
    reserves: list[ListedOut]


class ClosedOut(BaseModel):
    code: str
    notified: int


@router.get("/offerings")
def offerings(request: Request, actor: OwnOfferingsApi) -> list[SchoolOfferingOut]:
    with web_context(request).reads() as session:
        found = school_offerings(session, current_year(request), actor)
    return [SchoolOfferingOut.model_validate(o, from_attributes=True) for o in found]


@router.get("/offerings/{code}/lists", summary="The admitted and the reserves, with replies")
def lists(request: Request, actor: OwnOfferingsApi, code: str) -> OfferingListsOut:
    """The latest published round's admitted and reserve lists of one of your offerings, each
    applicant with their reply (null while they have not replied)."""
    with web_context(request).reads() as session:
        found = offering_lists(session, current_year(request), actor, code)
    published = found.round
    return OfferingListsOut(
        offering_code=found.offering_code,
        round_id=None if published is None else published.id,
        round_kind=None if published is None else published.kind,
        published_at=None if published is None else published.published_at,
        admitted=[AdmittedOut.model_validate(a, from_attributes=True) for a in found.admitted],
        reserves=[ListedOut.of(line) for line in found.reserves],
    )


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
