"""The school's decisions on the applicants to one of its offerings, as forms on
``/skola/utbildningar/{code}`` (``templates/school/rankings.html``):

* ``…/rangordnas``: whether an individually adapted IMV or IMY offering is ranked by the
  school (IMA always is).
* ``…/rangordning``: the school's ranks, one field per applicant (empty: not ranked; a form of
  the page only); ``…/rangordning/lista``: the same as a list, one identity number per line,
  first = rank 1 (``ranking``: the API's ``http.RankingIn``).
* ``…/fri-kvot``: grant or withdraw fri kvot for one applicant's choice (``granted``,
  ``http.FriKvotIn``).
* ``…/motsvarande-kunskaper``: record or withdraw the assessment that the applicant's foreign
  grades give knowledge equivalent to the offering's requirements (``assessed``,
  ``http.AssessmentIn``).

Each form calls one service of ``admission.services.school_decisions`` as the working actor (the
school, or the officer in its place, ``http.OwnOfferingsPage``) and returns to the offering's
page. Bad input is refused whole (422), shown on the offering's page with the input kept, and
changes nothing.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import Field

from samverka.admission.domain.school_ranking import ranks_of
from samverka.admission.http import (
    MAXIMUM_APPLICANTS,
    AssessmentIn,
    FriKvotIn,
    OwnOfferingsPage,
    RankedBySchoolIn,
    RankingIn,
)
from samverka.admission.services.school_decisions import (
    grant_fri_kvot,
    rank_applicants,
    record_equivalent_knowledge,
    set_ranked_by_school,
)
from samverka.admission.web.school import back_to_offering
from samverka.errors import N_, InvalidInput, RowError
from samverka.platform.http import UseCaseModel
from samverka.platform.web.deps import current_year, now, unit_of_work

router = APIRouter(include_in_schema=False)
PersonalId = Annotated[str, Form(min_length=1, max_length=13)]


class RanksForm(UseCaseModel):
    """The page's table of ranks: one identity number and one rank field per applicant."""

    personal_id: list[str] = Field(default_factory=list, max_length=MAXIMUM_APPLICANTS)
    rank: list[str] = Field(default_factory=list, max_length=MAXIMUM_APPLICANTS)


@router.post("/skola/utbildningar/{code}/rangordnas", name="school_ranked")
def ranked(
    request: Request, place: OwnOfferingsPage, code: str, form: Annotated[RankedBySchoolIn, Form()]
) -> Response:
    set_ranked_by_school(
        unit_of_work(request),
        year=current_year(request),
        offering_code=code,
        ranked=form.ranked_by_school,
        actor=place.working,
        now=now(),
    )
    return back_to_offering(place, code, "rangordnas")


@router.post("/skola/utbildningar/{code}/rangordning", name="school_ranks")
def ranks(
    request: Request, place: OwnOfferingsPage, code: str, form: Annotated[RanksForm, Form()]
) -> Response:
    _rank(request, place, code, _ranks_from_fields(form))
    return back_to_offering(place, code, "rangordning")


@router.post("/skola/utbildningar/{code}/rangordning/lista", name="school_rank_list")
def rank_list(
    request: Request, place: OwnOfferingsPage, code: str, form: Annotated[RankingIn, Form()]
) -> Response:
    _rank(request, place, code, ranks_of(form.order()))
    return back_to_offering(place, code, "rangordning")


@router.post("/skola/utbildningar/{code}/fri-kvot", name="school_fri_kvot")
def fri_kvot(
    request: Request,
    place: OwnOfferingsPage,
    code: str,
    personal_id: PersonalId,
    form: Annotated[FriKvotIn, Form()],
) -> Response:
    grant_fri_kvot(
        unit_of_work(request),
        year=current_year(request),
        offering_code=code,
        personal_id=personal_id,
        granted=form.granted,
        actor=place.working,
        now=now(),
    )
    return back_to_offering(place, code, "fri-kvot")


@router.post("/skola/utbildningar/{code}/motsvarande-kunskaper", name="school_assessment")
def assessment(
    request: Request,
    place: OwnOfferingsPage,
    code: str,
    personal_id: PersonalId,
    form: Annotated[AssessmentIn, Form()],
) -> Response:
    record_equivalent_knowledge(
        unit_of_work(request),
        year=current_year(request),
        offering_code=code,
        personal_id=personal_id,
        assessed=form.assessed,
        actor=place.working,
        now=now(),
    )
    return back_to_offering(place, code, "motsvarande-kunskaper")


def _rank(request: Request, place: OwnOfferingsPage, code: str, given: dict[str, int]) -> None:
    rank_applicants(
        unit_of_work(request),
        year=current_year(request),
        offering_code=code,
        ranks=given,
        actor=place.working,
        now=now(),
    )


def _ranks_from_fields(form: RanksForm) -> dict[str, int]:
    """The ranks typed per applicant (empty: not ranked); every bad field reported at once."""
    if len(form.personal_id) != len(form.rank):
        raise InvalidInput([RowError("form", 0, "rank", N_("Ett rangfält per sökande."))])
    given: dict[str, int] = {}
    errors = []
    for line, (who, text) in enumerate(zip(form.personal_id, form.rank, strict=True), start=1):
        if not text.strip():
            continue
        if who in given:
            errors.append(
                RowError("form", line, "personal_id", N_("%(who)s står två gånger."), {"who": who})
            )
            continue
        if not text.strip().isdigit() or len(text.strip()) > 6:
            errors.append(
                RowError(
                    "form",
                    line,
                    "rank",
                    N_("%(text)s är inte ett heltal."),
                    {"text": repr(text.strip())},
                )
            )
            continue
        given[who] = int(text)
    if errors:
        raise InvalidInput(errors)
    return given
