"""The API of the youth register: the municipality's activity follow-up (KAA) and the school's
interruptions and programme changes.

* ``GET /municipality/kaa?date=``: the municipality's young people outside upper-secondary
  school on the day (default today), protected identities masked but for the officer.
* ``GET /municipality/kaa/{personal_id}?date=``: one person with every entry (404 outside the
  municipality); ``POST …/entries``: record a contact, measure or status.
* ``GET /municipality/kaa-report?half=2026H2``: the half-year report's counts by status.
* ``GET /school/placements``: the placements in force today at the school's own units;
  ``POST /school/placements/{id}/interruption`` and ``…/programme-change``.

The officer names the municipality (``municipality``) or school unit (``school_unit``) to work
in, as on the other municipality and school endpoints (``domain.access.scope``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import AfterValidator, BaseModel, Field

from samverka.clock import today
from samverka.domain.register.activity_follow_up import EntryKind, HalfYear, KaaStatus
from samverka.entrypoints.api.municipality import Official
from samverka.entrypoints.api.routes import ERRORS, PREFIX
from samverka.entrypoints.api.school import School
from samverka.entrypoints.web.applicant import Now
from samverka.entrypoints.web.context import web_context
from samverka.entrypoints.web.officer import unit_of_work
from samverka.entrypoints.web.register import PlacementId
from samverka.errors import InvalidInput, RowError
from samverka.queries.activity_follow_up import kaa_list, kaa_person, kaa_report
from samverka.queries.register_view import school_placements
from samverka.services.activity_follow_up import record_follow_up
from samverka.services.register import register_interruption, register_programme_change

router = APIRouter(prefix=PREFIX, tags=["register"], responses=ERRORS)
Day = Annotated[date | None, Query(alias="date", description="The day (default: today).")]


def _half_year(text: str) -> str:
    """``text`` if it names a half-year (``HalfYear.parse``), else its ``ValueError``: a 422
    ``invalid_input`` naming the problem (the year 0, say), before the route runs."""
    HalfYear.parse(text)
    return text


HalfYearQuery = Annotated[
    str,
    Query(pattern=r"^\d{4}[Hh][12]$", description="e.g. 2026H2; a year 1–9999"),
    AfterValidator(_half_year),
]


class KaaPersonOut(BaseModel):
    personal_id: str | None
    name: str
    birth_date: date | None
    age: int | None
    status: KaaStatus
    last_entry: date | None


class EntryOut(BaseModel):
    kind: EntryKind
    on: date
    status: KaaStatus | None
    note: str


class KaaDetailOut(BaseModel):
    personal_id: str
    name: str
    birth_date: date
    address: str
    municipality: str
    in_group: bool
    status: KaaStatus
    entries: list[EntryOut]


class EntryIn(BaseModel):
    kind: EntryKind
    on: date
    status: KaaStatus | None = None
    note: str = Field(default="", max_length=2000)


class EntryCreatedOut(BaseModel):
    id: int


class KaaReportOut(BaseModel):
    municipality: str
    half_year: str
    counts: dict[KaaStatus, int]
    total: int


class PlacementOut(BaseModel):
    id: int
    personal_id: str | None
    name: str
    school_unit: str
    programme: str
    orientation: str
    start: date


class InterruptionIn(BaseModel):
    end: date


class ProgrammeChangeIn(BaseModel):
    start: date
    programme: str = Field(min_length=2, max_length=8, pattern=r"^[A-Za-z0-9]+$")
    orientation: str = Field(default="", max_length=80)


class PlacementCreatedOut(BaseModel):
    id: int


def _municipality(actor: Official) -> str:
    assert actor.municipality_code is not None
    return actor.municipality_code


@router.get("/municipality/kaa")
def kaa(request: Request, actor: Official, now: Now, day: Day = None) -> list[KaaPersonOut]:
    with web_context(request).reads() as session:
        people = kaa_list(session, actor, _municipality(actor), day or today())
    return [KaaPersonOut.model_validate(p, from_attributes=True) for p in people]


@router.get("/municipality/kaa-report")
def report(
    request: Request,
    actor: Official,
    half: HalfYearQuery,
) -> KaaReportOut:
    with web_context(request).reads() as session:
        found = kaa_report(session, actor, _municipality(actor), HalfYear.parse(half))
    return KaaReportOut(
        municipality=found.municipality,
        half_year=str(found.half_year),
        counts=found.counts,
        total=found.total,
    )


@router.get("/municipality/kaa/{personal_id}")
def person(
    request: Request, actor: Official, now: Now, personal_id: str, day: Day = None
) -> KaaDetailOut:
    with web_context(request).reads() as session:
        found = kaa_person(session, actor, personal_id, day or today())
    return KaaDetailOut(
        personal_id=found.personal_id,
        name=found.name,
        birth_date=found.birth_date,
        address=found.address,
        municipality=found.municipality,
        in_group=found.in_group,
        status=found.status,
        entries=[EntryOut.model_validate(e, from_attributes=True) for e in found.entries],
    )


@router.post("/municipality/kaa/{personal_id}/entries", status_code=201)
def add_entry(
    request: Request, actor: Official, now: Now, personal_id: str, entry: EntryIn
) -> EntryCreatedOut:
    entry_id = record_follow_up(
        unit_of_work(request),
        actor=actor,
        personal_id=personal_id,
        kind=entry.kind,
        on=entry.on,
        status=entry.status,
        note=entry.note,
        now=now,
    )
    return EntryCreatedOut(id=entry_id)


@router.get("/school/placements")
def placements(request: Request, actor: School, now: Now) -> list[PlacementOut]:
    with web_context(request).reads() as session:
        pupils = school_placements(session, actor, today())
    result = []
    for p in pupils:
        if p.placement.id is None:
            raise InvalidInput([RowError("placement", 0, "id", "a stored placement has an id")])
        result.append(
            PlacementOut(
                id=p.placement.id,
                personal_id=p.personal_id,
                name=p.name,
                school_unit=p.placement.school_unit,
                programme=p.placement.programme,
                orientation=p.placement.orientation,
                start=p.placement.start,
            )
        )
    return result


@router.post("/school/placements/{placement_id}/interruption", status_code=204)
def interruption(
    request: Request, actor: School, now: Now, placement_id: PlacementId, body: InterruptionIn
) -> None:
    register_interruption(
        unit_of_work(request), actor=actor, placement_id=placement_id, end=body.end, now=now
    )


@router.post("/school/placements/{placement_id}/programme-change", status_code=201)
def programme_change(
    request: Request, actor: School, now: Now, placement_id: PlacementId, body: ProgrammeChangeIn
) -> PlacementCreatedOut:
    new_id = register_programme_change(
        unit_of_work(request),
        actor=actor,
        placement_id=placement_id,
        start=body.start,
        programme=body.programme.upper(),
        orientation=body.orientation,
        now=now,
    )
    return PlacementCreatedOut(id=new_id)
