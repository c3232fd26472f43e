"""The school's ranking, fri kvot and assessment of foreign grades, under ``/api/v1/school``

* ``GET /school/offerings/{code}/ranking``: whether the school ranks the offering, and its
  ranks (protected identities masked for the school, as on its pages).
* ``PUT /school/offerings/{code}/ranking``: replace the ranking, ``{"ranking": [identity
  numbers, rank 1 first]}``; applicants left out are not ranked (not offered a place).
* ``PUT /school/offerings/{code}/ranked-by-school``: ``{"ranked_by_school": true}`` for an
  individually adapted IMV or IMY offering (IMA always is ranked; others never).
* ``PUT /school/offerings/{code}/fri-kvot/{personal_id}``: ``{"granted": true|false}``.
* ``PUT /school/offerings/{code}/equivalent-knowledge/{personal_id}``: ``{"assessed":
  true|false}``, the assessment of foreign grades as knowledge equivalent to the requirements.

The school works on its own offerings only (404 otherwise), the officer for the school unit
named by ``school_unit``; every change is audited (``admission.services.school_decisions``); bad
input is 422 and changes nothing.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel

from samverka.admission.api.school import RESPONSES
from samverka.admission.domain.school_ranking import ranks_of
from samverka.admission.http import (
    AssessmentIn,
    FriKvotIn,
    OwnOfferingsApi,
    RankedBySchoolIn,
    RankingIn,
)
from samverka.admission.queries.school_view import offering_applicants
from samverka.admission.services.school_decisions import (
    grant_fri_kvot,
    rank_applicants,
    record_equivalent_knowledge,
    set_ranked_by_school,
)
from samverka.platform.api.routes import PREFIX
from samverka.platform.api.schemas import PersonalIdPath
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import current_year, now, unit_of_work

router = APIRouter(prefix=f"{PREFIX}/school", tags=["school"], responses=RESPONSES)
DECISION_RESPONSES: dict[int | str, dict[str, Any]] = {
    204: {"description": "Saved (or unchanged)."},
}


class RankedApplicantOut(BaseModel):
    personal_id: str | None  # None: protected identity, masked for the school
    rank: int


class RankingOut(BaseModel):
    ranked_by_school: bool
    ranking: list[RankedApplicantOut]


@router.get("/offerings/{code}/ranking")
def ranking(request: Request, actor: OwnOfferingsApi, code: str) -> RankingOut:
    with web_context(request).reads() as session:
        offering, applicants = offering_applicants(session, current_year(request), actor, code)
    ranked = sorted(
        (a for a in applicants if a.school_rank is not None), key=lambda a: a.school_rank or 0
    )
    return RankingOut(
        ranked_by_school=offering.ranked_by_school,
        ranking=[
            RankedApplicantOut(personal_id=a.personal_id, rank=a.school_rank or 0) for a in ranked
        ],
    )


@router.put("/offerings/{code}/ranking", status_code=204, responses=DECISION_RESPONSES)
def put_ranking(request: Request, actor: OwnOfferingsApi, code: str, body: RankingIn) -> None:
    rank_applicants(
        unit_of_work(request),
        year=current_year(request),
        offering_code=code,
        ranks=ranks_of(body.order()),
        actor=actor,
        now=now(),
    )


@router.put("/offerings/{code}/ranked-by-school", status_code=204, responses=DECISION_RESPONSES)
def put_ranked(request: Request, actor: OwnOfferingsApi, code: str, body: RankedBySchoolIn) -> None:
    set_ranked_by_school(
        unit_of_work(request),
        year=current_year(request),
        offering_code=code,
        ranked=body.ranked_by_school,
        actor=actor,
        now=now(),
    )


@router.put(
    "/offerings/{code}/fri-kvot/{personal_id}", status_code=204, responses=DECISION_RESPONSES
)
def put_fri_kvot(
    request: Request,
    actor: OwnOfferingsApi,
    code: str,
    personal_id: PersonalIdPath,
    body: FriKvotIn,
) -> None:
    grant_fri_kvot(
        unit_of_work(request),
        year=current_year(request),
        offering_code=code,
        personal_id=personal_id,
        granted=body.granted,
        actor=actor,
        now=now(),
    )


@router.put(
    "/offerings/{code}/equivalent-knowledge/{personal_id}",
    status_code=204,
    responses=DECISION_RESPONSES,
)
def put_assessment(
    request: Request,
    actor: OwnOfferingsApi,
    code: str,
    personal_id: PersonalIdPath,
    body: AssessmentIn,
) -> None:
    record_equivalent_knowledge(
        unit_of_work(request),
        year=current_year(request),
        offering_code=code,
        personal_id=personal_id,
        assessed=body.assessed,
        actor=actor,
        now=now(),
    )
