"""The school's decisions on the applicants to one of its offerings, as forms on
``/skola/utbildningar/{code}`` (``templates/school/rankings.html``):

* ``…/rangordnas``: whether an individually adapted IMV or IMY offering is ranked by the
  school (IMA always is).
* ``…/rangordning``: the school's ranks, one field per applicant (empty: not ranked; a form of
  the page only), saved in one POST; a wrong row is shown at its row and nothing is saved
  (``web.school_entries``); ``…/rangordning/lista``: the same as a list, one identity number
  per line, first = rank 1 (``ranking``: the API's ``http.RankingIn``);
  ``…/rangordning/fil``: the same from a ``.csv`` or ``.xlsx`` file (``personnummer``,
  ``rang``), every wrong line listed; ``…/rangordning/mall``: that file to fill in.
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

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
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
from samverka.admission.web.school import (
    back_to_offering,
    details,
    offering_again,
    template_file,
    uploaded,
    visible_applicants,
)
from samverka.admission.web.school_entries import (
    FILE_REFUSED,
    ID_COLUMN,
    NAME_COLUMN,
    RANK_COLUMN,
    EntryRow,
    rank_entries,
    read_entry_file,
)
from samverka.platform.files.exports import FileFormat
from samverka.platform.http import UseCaseModel
from samverka.platform.web.deps import current_year, now, unit_of_work
from samverka.platform.web.forms import FieldProblem

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
    rows = [
        EntryRow(line, who, form.rank[line - 1] if line <= len(form.rank) else "")
        for line, who in enumerate(form.personal_id, start=1)
    ]
    entries = rank_entries(rows, visible_applicants(request, place, code))
    if entries.problems:
        values: dict[str, object] = {"rank": form.rank}
        return offering_again(request, place, code, entries.problems, values, "rangordning")
    _rank(request, place, code, entries.values)
    return back_to_offering(place, code, "rangordning")


@router.post("/skola/utbildningar/{code}/rangordning/fil", name="school_rank_file")
async def rank_file(
    request: Request, place: OwnOfferingsPage, code: str, file: Annotated[UploadFile, File()]
) -> Response:
    """The ranking from a file; every wrong line listed, nothing saved."""
    name, content = await uploaded(file)
    rows, problems = read_entry_file(name, content, RANK_COLUMN)
    entries = rank_entries(rows, visible_applicants(request, place, code), source=name)
    if problems or entries.problems:
        refused = [FieldProblem("file", FILE_REFUSED), *problems, *entries.problems]
        return offering_again(request, place, code, refused, {}, "rangordning-fil")
    _rank(request, place, code, entries.values)
    return back_to_offering(place, code, "rangordning")


@router.get("/skola/utbildningar/{code}/rangordning/mall", name="school_rank_template")
def rank_template(
    request: Request,
    place: OwnOfferingsPage,
    code: str,
    file_format: Annotated[FileFormat, Query(alias="format")] = FileFormat.CSV,
) -> Response:
    found = details(request, place.working, code)
    rows: list[list[object]] = [
        [a.personal_id, a.name, a.school_rank] for a in found.applicants if a.personal_id
    ]
    return template_file(
        f"rangordning-{code}", [ID_COLUMN, NAME_COLUMN, RANK_COLUMN], rows, file_format
    )


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
