"""The applicant's API: the catalogue, their own application, their result, their reply.

Thin routes over the same queries and services as the pages (``web.applicant``), with the same
auth alias and reply model (``http``): the queries
read only the signed-in applicant's own personal identity number, and changes go through
``submit_choices`` as the applicant, so the windows apply. Bad input is refused with 422 and
every problem in ``rows``; nothing is changed.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, TypeVar

from fastapi import APIRouter, Body, Depends, Query
from pydantic import BaseModel, Field, StringConstraints

from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.explain import ChoiceOutcome, QuotaNote
from samverka.admission.domain.reception import Reception, ReceptionGround
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.http import MyApplication, ReplyIn, submit_as_applicant
from samverka.admission.queries.admission_statistics import latest_admission_year
from samverka.admission.queries.applicant_view import (
    MAXIMUM_CHOICES,
    ChoiceResult,
    OwnApplication,
    OwnResult,
    own_application,
    own_result,
)
from samverka.admission.queries.catalogue import CatalogueEntry, CatalogueSearch, search_catalogue
from samverka.admission.services.replies import reply
from samverka.platform.api.pagination import Page, Pagination, pagination
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.api.schemas import Moment, SwedishMoment
from samverka.platform.web.deps import Now, Reads, Work

router = APIRouter(prefix=PREFIX, responses=ERRORS, tags=["applicant"])
OfferingCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class OfferingOut(BaseModel):
    code: str
    programme: str
    orientation: str
    school_unit_code: str
    school_name: str
    municipality_code: str
    municipality_name: str
    places: int
    has_test: bool
    open: bool

    @classmethod
    def of(cls, entry: CatalogueEntry) -> OfferingOut:
        return cls.model_validate(entry, from_attributes=True)


class ChoiceOut(BaseModel):
    rank: int
    offering_code: str
    programme: str
    orientation: str
    school_name: str
    municipality_name: str
    late: bool
    reception: Reception = Field(description="first_hand or second_hand, derived (SL 16:43-44).")
    reception_ground: ReceptionGround
    reception_reason: str = Field(description="The admission office's reason, if it decided.")
    closed: bool = Field(False, description="The offering will not start (startar ej).")


class MessageOut(BaseModel):
    at: SwedishMoment
    kind: str = Field(description="e.g. offering_closed, offering_closed_holder.")
    text: str = Field(description="As sent, in Swedish.")


class ApplicationOut(BaseModel):
    year: int
    registered: bool = Field(description="False: not an applicant of the year (yet).")
    may_change: bool = Field(description="The application or choice-change window is open.")
    choices: list[ChoiceOut]
    messages: list[MessageOut] = Field(description="Messages to you, newest first.")

    @classmethod
    def of(cls, application: OwnApplication) -> ApplicationOut:
        return cls.model_validate(application, from_attributes=True)


class ChoiceResultOut(BaseModel):
    rank: int
    offering_code: str
    programme: str
    school_name: str
    outcome: ChoiceOutcome
    score: Decimal
    cutoff: Decimal | None
    below_cutoff_by: Decimal | None
    reserve_position: int | None
    failures: list[str] = Field(description="Requirements not met, in English.")
    reception: Reception | None = Field(None, description="As the round derived it.")
    reception_ground: ReceptionGround | None = None
    fri_kvot: QuotaNote | None = Field(
        None,
        description="under_quota: admitted under fri kvot; quota_full: granted fri kvot, but "
        "the fri-kvot places were filled, so tried on merit; all_under_quota: every place "
        "went to fri kvot.",
    )
    school_rank: int | None = Field(
        None, description="On an offering the school ranks: the school's rank of you."
    )
    cutoff_rank: int | None = Field(
        None, description="On an offering the school ranks: the rank of the last admitted."
    )

    @classmethod
    def of(cls, choice: ChoiceResult) -> ChoiceResultOut:
        return cls(
            rank=choice.rank,
            offering_code=choice.offering_code,
            programme=choice.programme,
            school_name=choice.school_name,
            outcome=choice.outcome,
            score=choice.score,
            cutoff=choice.cutoff,
            below_cutoff_by=choice.gap,
            reserve_position=choice.reserve_position,
            failures=[failure.describe() for failure in choice.failures],
            reception=_optional(Reception, choice.reception),
            reception_ground=_optional(ReceptionGround, choice.reception_ground),
            fri_kvot=choice.fri_kvot,
            school_rank=choice.school_rank,
            cutoff_rank=choice.cutoff_rank,
        )


E = TypeVar("E", bound=StrEnum)


def _optional(kind: type[E], value: str | None) -> E | None:
    return None if value is None else kind(value)


class ResultOut(BaseModel):
    year: int
    round_id: int
    kind: RoundKind
    published_at: Moment | None
    placed_offering_code: str | None
    merit_value: Decimal
    reply: ReplyKind | None
    may_reply: bool
    grade_term: GradeTerm | None = Field(
        description="The term whose grades the round judged: a preliminary round uses the"
        " final grades of an applicant without autumn grades (an older applicant or a"
        " re-applicant); null for a round stored before this was recorded."
    )
    choices: list[ChoiceResultOut]

    @classmethod
    def of(cls, result: OwnResult) -> ResultOut:
        return cls(
            year=result.year,
            round_id=result.round_id,
            kind=result.kind,
            published_at=result.published_at,
            placed_offering_code=result.placed_code,
            merit_value=result.merit_value,
            reply=None if result.reply is None else ReplyKind(result.reply),
            may_reply=result.may_reply,
            grade_term=result.grade_term,
            choices=[ChoiceResultOut.of(choice) for choice in result.choices],
        )


class ResultsOut(BaseModel):
    """The result in the latest published round; ``null`` before there is one for you."""

    result: ResultOut | None


class ReplyOut(BaseModel):
    round_id: int
    reply: ReplyKind


@router.get("/catalogue", summary="Search the admission year's offerings")
def catalogue(
    actor: MyApplication,
    db: Reads,
    pages: Annotated[Pagination, Depends(pagination)],
    q: Annotated[str, Query(max_length=100, description="Free text.")] = "",
    programme: Annotated[str, Query(max_length=8)] = "",
    municipality: Annotated[str, Query(max_length=4, description="Municipality code.")] = "",
    school_unit: Annotated[str, Query(max_length=8, description="School unit code.")] = "",
    orientation: Annotated[str, Query(max_length=80)] = "",
) -> Page[OfferingOut]:
    search = CatalogueSearch(
        q, programme, municipality, school_unit, orientation, pages.limit, pages.offset
    )
    found = search_catalogue(db, latest_admission_year(db), search)
    return pages.page([OfferingOut.of(entry) for entry in found.entries], found.total)


@router.get("/application", summary="Your application: your choices in rank order")
def application(actor: MyApplication, db: Reads, now: Now) -> ApplicationOut:
    return ApplicationOut.of(own_application(db, actor, latest_admission_year(db), now))


@router.put("/application", summary="Rank your choices: offering codes, first choice first")
def rank_choices(
    actor: MyApplication,
    db: Reads,
    uow: Work,
    now: Now,
    codes: Annotated[list[OfferingCode], Body(max_length=MAXIMUM_CHOICES)],
) -> ApplicationOut:
    year = latest_admission_year(db)
    submit_as_applicant(uow, actor, year, codes, now)
    return ApplicationOut.of(own_application(db, actor, year, now))


@router.get("/results", summary="Your result in the latest published round")
def results(actor: MyApplication, db: Reads) -> ResultsOut:
    found = own_result(db, actor, latest_admission_year(db))
    return ResultsOut(result=None if found is None else ResultOut.of(found))


@router.post("/replies", summary="Reply to the latest published final or reserve round")
def replies(actor: MyApplication, db: Reads, uow: Work, now: Now, body: ReplyIn) -> ReplyOut:
    year, personal_id = latest_admission_year(db), str(actor.personal_id)
    round_id = reply(uow, year=year, personal_id=personal_id, kind=body.reply, actor=actor, now=now)
    return ReplyOut(round_id=round_id, reply=body.reply)
