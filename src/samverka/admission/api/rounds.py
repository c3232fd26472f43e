"""The API's admission rounds and statistics under ``/api/v1``.

* ``GET /rounds`` (officer): the newest year's rounds, paginated.
* ``POST /rounds`` (officer): run a round (``{"kind", "seed"}``), synchronously; its summary.
* ``POST /rounds/{id}/publish`` (officer): publish a stored round; 409 ``conflict`` when it is
  already published, superseded, a simulation, or does not follow the latest published round,
  and 409 ``concurrent_change`` when another run or publication was saved while it waited.
* ``GET /statistics?round=`` (officer, analyst): a round's figures; no personal data.

The routes call the same service functions and queries as the pages and the command line, with
the same auth aliases and run model (``http``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from samverka.admission.domain.rounds import RoundKind, RoundStatus
from samverka.admission.http import RunRoundIn, StatisticsRead, YearAdmin, round_statistics
from samverka.admission.ports import RoundRow
from samverka.admission.queries.admission_statistics import AdmissionStatistics, GroupStatistics
from samverka.admission.services.rounds import RoundSummary, list_rounds, publish_round, run_round
from samverka.platform.api.pagination import Page, Pagination, pagination
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.api.schemas import ErrorOut, Moment
from samverka.platform.web.deps import current_year, now, unit_of_work

RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    404: {"model": ErrorOut, "description": "No admission year or no such round (`not_found`)."},
    409: {"model": ErrorOut, "description": "Contradicts the round's state (`conflict`)."},
}

router = APIRouter(prefix=PREFIX, tags=["rounds"], responses=RESPONSES)


class RoundOut(BaseModel):
    """A stored round: what was run, on which input, and whether it is published."""

    id: int
    kind: RoundKind
    status: RoundStatus
    seed: int
    input_digest: str
    rule_version: str
    engine_version: str
    certificate: str
    created_at: Moment
    created_by: str
    published_at: Moment | None
    previous_round_id: int | None = Field(
        description="The latest published round when this one was run (none: the first)."
    )
    published_after: int | None = Field(
        description="The publication this one's followed (0: the year's first); unpublished: none."
    )
    superseded_by: int | None = Field(
        description="The round whose publication superseded this one (status `superseded`)."
    )

    @classmethod
    def of(cls, row: RoundRow) -> RoundOut:
        names = cls.model_fields
        return cls(**{name: getattr(row, name) for name in names})


class RoundSummaryOut(BaseModel):
    round_id: int
    kind: RoundKind
    applicants: int
    placed: int
    first_choice: int
    offerings: int
    input_digest: str
    timings: dict[str, float] = Field(description="Seconds: load, compute, store.")

    @classmethod
    def of(cls, summary: RoundSummary) -> RoundSummaryOut:
        return cls(**{name: getattr(summary, name) for name in cls.model_fields})


class PublishedOut(BaseModel):
    round_id: int
    status: RoundStatus


class GroupOut(BaseModel):
    key: str
    name: str
    offerings: int
    places: int
    first_choice_applicants: int
    applicants: int
    applicants_per_place: Decimal | None
    admitted: int
    reserves: int
    vacancies: int
    median_cutoff: Decimal | None
    lowest_cutoff: Decimal | None
    admitted_under_fri_kvot: int

    @classmethod
    def of(cls, group: GroupStatistics) -> GroupOut:
        return cls(**{name: getattr(group, name) for name in cls.model_fields})


class TotalsOut(BaseModel):
    applicants: int
    placed: int
    placed_first_choice: int
    first_choice_share: Decimal | None
    unplaced: int
    places: int
    vacancies: int
    admitted_university_preparatory: int
    admitted_vocational: int
    university_preparatory_share: Decimal | None
    vocational_share: Decimal | None


class StatisticsOut(BaseModel):
    """A round's figures in total, per programme and per municipality: no personal data."""

    year: int
    round_id: int
    round_kind: RoundKind
    round_status: RoundStatus
    totals: TotalsOut
    programmes: list[GroupOut]
    municipalities: list[GroupOut]

    @classmethod
    def of(cls, report: AdmissionStatistics) -> StatisticsOut:
        totals = report.totals
        return cls(
            year=report.year,
            round_id=report.round.id,
            round_kind=report.round.kind,
            round_status=report.round.status,
            totals=TotalsOut(**{name: getattr(totals, name) for name in TotalsOut.model_fields}),
            programmes=[GroupOut.of(group) for group in report.programmes],
            municipalities=[GroupOut.of(group) for group in report.municipalities],
        )


@router.get("/rounds", summary="The newest admission year's rounds")
def rounds(
    request: Request, actor: YearAdmin, pages: Annotated[Pagination, Depends(pagination)]
) -> Page[RoundOut]:
    stored = list_rounds(unit_of_work(request), year=current_year(request))
    chosen = stored[pages.offset : pages.offset + pages.limit]
    return pages.page([RoundOut.of(row) for row in chosen], total=len(stored))


@router.post("/rounds", summary="Run a round and store it (not yet published)", status_code=201)
def run(request: Request, actor: YearAdmin, body: RunRoundIn) -> RoundSummaryOut:
    summary = run_round(
        unit_of_work(request),
        year=current_year(request),
        kind=body.kind,
        seed=body.seed,
        actor=actor,
        now=now(),
    )
    return RoundSummaryOut.of(summary)


@router.post("/rounds/{round_id}/publish", summary="Publish a stored round")
def publish(request: Request, actor: YearAdmin, round_id: int) -> PublishedOut:
    publish_round(
        unit_of_work(request),
        year=current_year(request),
        round_id=round_id,
        actor=actor,
        now=now(),
    )
    return PublishedOut(round_id=round_id, status=RoundStatus.PUBLISHED)


@router.get("/statistics", tags=["statistics"], summary="A round's statistics")
def statistics(
    request: Request,
    actor: StatisticsRead,
    round_id: Annotated[
        int | None,
        Query(alias="round", description="By default the latest published binding round."),
    ] = None,
) -> StatisticsOut:
    return StatisticsOut.of(round_statistics(request, round_id))
