"""The API of the municipalities' activity follow-up (KAA).

* ``GET /municipality/kaa?date=``: the young people in the municipality's group on the day
  (default today), protected identities masked but for the officer.
* ``GET /municipality/kaa/{personal_id}?date=``: one person with every entry and measure (404
  outside the municipality); ``POST …/entries``: record a contact, a measure begun
  (``measure``) or ended (``ends``: the measure's entry id, with the ``status`` after it), or a
  status.
* ``GET /municipality/kaa-report?half=2026H2``: the half-year's summary counts;
  ``GET /municipality/kaa-records?half=2026H2``: the person-level records for SCB, as JSON, with
  the same summary (the file itself: the page ``/kommun/kaa/rapport/fil``).
* ``GET /municipality/kaa-retention``: the retention period and the erasures made;
  ``PUT /municipality/kaa-retention``: set the period (``months``);
  ``POST /municipality/kaa-retention/erasures``: erase what is due today (``apply``: false for a
  dry run that only counts).

The officer names the municipality (``municipality``) to work in, as on the other municipality
endpoints (``platform.access.domain.scope``). Sources: skollagen 29 kap. 9 §; issue 13 points 8–10.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import AfterValidator, BaseModel

from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.api.schemas import Moment
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import Now, unit_of_work
from samverka.register.api.municipality import Official
from samverka.register.domain.activity_follow_up import EntryKind, HalfYear, KaaStatus, MeasureType
from samverka.register.domain.compulsory_school import Evidence
from samverka.register.domain.kaa_collection import (
    Block,
    DeregistrationReason,
    HalfYearReport,
    RegistrationReason,
)
from samverka.register.http import (
    EntryIn,
    ErasureIn,
    RetentionIn,
    erase_due_entries,
    record_entry,
    set_retention_period,
    swedish_day,
)
from samverka.register.queries.activity_follow_up import (
    kaa_half_year,
    kaa_list,
    kaa_person,
    kaa_report,
    kaa_retention,
)

router = APIRouter(prefix=PREFIX, tags=["activity follow-up"], responses=ERRORS)
Day = Annotated[date | None, Query(alias="date", description="The day (default: today).")]


def _half_year(text: str) -> str:
    """``text`` if it names a half-year (``HalfYear.parse``), else its ``ValueError``: a 422
    ``invalid_input`` naming the problem (the year 0, say), before the route runs."""
    HalfYear.parse(text)
    return text


Half = Annotated[
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
    since: date


class EntryOut(BaseModel):
    id: int | None
    kind: EntryKind
    on: date
    status: KaaStatus | None
    measure: MeasureType | None
    ends: int | None
    note: str


class MeasureOut(BaseModel):
    entry_id: int | None
    measure: MeasureType
    start: date
    end: date | None
    status_after: KaaStatus | None


class KaaDetailOut(BaseModel):
    personal_id: str
    name: str
    birth_date: date
    address: str
    municipality: str
    in_group: bool
    since: date | None
    status: KaaStatus
    finished_compulsory_school: date
    finished_by: Evidence
    entries: list[EntryOut]
    measures: list[MeasureOut]


class EntryCreatedOut(BaseModel):
    id: int


class KaaReportOut(BaseModel):
    municipality: str
    half_year: str
    counts: dict[KaaStatus, int]
    total: int
    contacted: int
    in_measure: int
    entered: int
    left: dict[DeregistrationReason, int]
    reasons: dict[RegistrationReason, int]
    withheld: int


class RecordOut(BaseModel):
    block: Block
    personal_id: str
    registered_on: date
    reason: RegistrationReason
    day: date | None
    occupation: KaaStatus | None
    measure: MeasureType | None
    deregistration: DeregistrationReason | None


class KaaRecordsOut(BaseModel):
    summary: KaaReportOut
    records: list[RecordOut]


class ErasureOut(BaseModel):
    erased_on: date
    retention_months: int
    persons: int
    entries: int
    erased_at: Moment
    erased_by: str


class RetentionOut(BaseModel):
    municipality: str
    months: int
    chosen: bool
    erasures: list[ErasureOut]


class ErasureResultOut(BaseModel):
    municipality: str
    day: date
    months: int
    persons: int
    entries: int
    by_kind: dict[EntryKind, int]
    applied: bool


def _municipality(actor: Official) -> str:
    assert actor.municipality_code is not None
    return actor.municipality_code


def _summary(found: HalfYearReport) -> KaaReportOut:
    return KaaReportOut(
        municipality=found.municipality,
        half_year=str(found.half_year),
        counts=found.counts,
        total=found.total,
        contacted=found.contacted,
        in_measure=found.in_measure,
        entered=found.entered,
        left=found.left,
        reasons=found.reasons,
        withheld=found.withheld,
    )


@router.get("/municipality/kaa")
def kaa(request: Request, actor: Official, now: Now, day: Day = None) -> list[KaaPersonOut]:
    with web_context(request).reads() as session:
        people = kaa_list(session, actor, _municipality(actor), day or swedish_day(now))
    return [KaaPersonOut.model_validate(p, from_attributes=True) for p in people]


@router.get("/municipality/kaa-report")
def report(request: Request, actor: Official, half: Half) -> KaaReportOut:
    with web_context(request).reads() as session:
        found = kaa_report(session, actor, _municipality(actor), HalfYear.parse(half))
    return _summary(found)


@router.get("/municipality/kaa-records")
def records(request: Request, actor: Official, half: Half) -> KaaRecordsOut:
    with web_context(request).reads() as session:
        found = kaa_half_year(session, actor, _municipality(actor), HalfYear.parse(half))
    return KaaRecordsOut(
        summary=_summary(found.summary),
        records=[RecordOut.model_validate(r, from_attributes=True) for r in found.records],
    )


@router.get("/municipality/kaa-retention")
def retention(request: Request, actor: Official) -> RetentionOut:
    with web_context(request).reads() as session:
        view = kaa_retention(session, actor, _municipality(actor))
    return RetentionOut(
        municipality=view.municipality,
        months=view.setting.months,
        chosen=view.chosen,
        erasures=[ErasureOut.model_validate(e, from_attributes=True) for e in view.erasures],
    )


@router.put("/municipality/kaa-retention")
def set_period(request: Request, actor: Official, now: Now, body: RetentionIn) -> RetentionOut:
    set_retention_period(unit_of_work(request), actor, _municipality(actor), body, now)
    return retention(request, actor)


@router.post("/municipality/kaa-retention/erasures")
def erasures(request: Request, actor: Official, now: Now, body: ErasureIn) -> ErasureResultOut:
    done = erase_due_entries(unit_of_work(request), actor, _municipality(actor), body, now)
    return ErasureResultOut(
        municipality=done.municipality,
        day=done.day,
        months=done.months,
        persons=done.persons,
        entries=done.entries,
        by_kind=done.by_kind,
        applied=done.applied,
    )


@router.get("/municipality/kaa/{personal_id}")
def person(
    request: Request, actor: Official, now: Now, personal_id: str, day: Day = None
) -> KaaDetailOut:
    with web_context(request).reads() as session:
        found = kaa_person(session, actor, personal_id, day or swedish_day(now))
    return KaaDetailOut(
        personal_id=found.personal_id,
        name=found.name,
        birth_date=found.birth_date,
        address=found.address,
        municipality=found.municipality,
        in_group=found.in_group,
        since=found.since,
        status=found.status,
        finished_compulsory_school=found.compulsory_school.on,
        finished_by=found.compulsory_school.evidence,
        entries=[EntryOut.model_validate(e, from_attributes=True) for e in found.entries],
        measures=[MeasureOut.model_validate(m, from_attributes=True) for m in found.measures],
    )


@router.post("/municipality/kaa/{personal_id}/entries", status_code=201)
def add_entry(
    request: Request, actor: Official, now: Now, personal_id: str, entry: EntryIn
) -> EntryCreatedOut:
    entry_id = record_entry(unit_of_work(request), actor, personal_id, entry, now)
    return EntryCreatedOut(id=entry_id)
