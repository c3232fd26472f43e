"""The counsellor's (SYV) API: the pupils of their own school units, and their grades.

* ``GET /pupils``, ``GET /pupils/{personal_id}``: the pupils, and one pupil's application and
  result.
* ``POST /pupils/{personal_id}/foreign-grades``, ``PUT …/admission-facts``: markers (audited).
* ``POST /pupils/grades``: the grade import of a counsellor's system: the pupil file (.csv or
  .xlsx, as docs/formats.md) and its term, checked row by row as on the page
  (``http.read_own_pupils``: every row must name one of the actor's school units); a file with
  any bad row is 422 with every problem in ``rows`` and nothing saved, else the report (new,
  changed, unchanged applicants).

Thin routes over the same queries and service as the pages (``web.counsellor``): the list reads
only the actor's school units, and a pupil outside them is 404, exactly like one who does not
exist. Marking foreign grades is audited. The list is searched (``q``: a name or an identity
number in any common spelling; a number that is not valid is 422), filtered (``show``:
``ingen-ansokan``, ``inte-behorig``, ``inte-svarat``) and sorted (``sort``: ``namn`` or
``meritvarde``) as the page is (``queries.counsellor_view.PupilSearch``); each pupil carries the
merit value and eligibility of the latest imported grades.

The admission officer may use them too, for one school unit at a time named by the query
parameter ``school_unit`` (``http.OwnPupilsApi``; required of the officer: 422 without it, 404
for an unknown unit);
the officer then sees that unit's pupils, protected identities included, and is named in the
audit trail. A counsellor naming a unit that is not theirs is 403
(``platform.access.domain.scope``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from samverka.admission.api.applicant import ApplicationOut, ResultOut
from samverka.admission.api.inbox import InboxMessageOut
from samverka.admission.api.person import TermGradesOut
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.http import (
    MAXIMUM_FILE_BYTES,
    AdmissionFactsIn,
    ForeignGradesIn,
    OwnPupilsApi,
    person_query_of,
    read_own_pupils,
)
from samverka.admission.ports import UnitOfWork
from samverka.admission.queries.admission_statistics import latest_admission_year
from samverka.admission.queries.counsellor_view import (
    PupilFilter,
    PupilOrder,
    PupilSearch,
    PupilSummary,
    own_pupil,
    own_pupils,
    pupil_view,
)
from samverka.admission.queries.person_lookup import (
    MAXIMUM_QUERY,
)
from samverka.admission.services.applicant_facts import set_admission_facts
from samverka.admission.services.foreign_grades import mark_foreign_grades
from samverka.admission.services.pupils import ImportReport, import_pupils
from samverka.platform.access.domain.actors import Actor
from samverka.platform.api.pagination import Page, Pagination, pagination
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.api.schemas import ErrorOut, PersonalIdPath
from samverka.platform.domain.swedish_time import swedish_today
from samverka.platform.web.deps import Now, Reads, Work

IMPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {
        "model": ErrorOut,
        "description": "The file, or any of its rows, cannot be used; every problem in `rows` "
        "(`invalid_input`); nothing is saved.",
    },
}

router = APIRouter(prefix=PREFIX, responses=ERRORS, tags=["counsellor"])


class PupilOut(BaseModel):
    personal_id: str
    name: str
    home_municipality: str
    school_unit_code: str
    choices: int
    foreign_grades: bool
    protected_identity: bool
    arrival_date: date | None = Field(description="Newly arrived: the date they came to Sweden.")
    completed_national_programme: bool
    english_dispensation_requested: bool = Field(
        description="The pupil asks for the English dispensation (the organisers decide)."
    )
    merit_value: Decimal | None = Field(
        None, description="Of the latest imported grades (final, else autumn); null without."
    )
    eligible: bool | None = Field(
        None, description="The latest imported grades give a national programme; null without."
    )
    replied: bool | None = Field(
        None,
        description="Replied to the latest published final or reserve round that admitted the "
        "pupil; null when it did not admit them (in the list only).",
    )

    @classmethod
    def of(cls, pupil: PupilSummary) -> PupilOut:
        return cls.model_validate(pupil, from_attributes=True)


class GradeImportOut(BaseModel):
    created: int = Field(description="Applicants new to the admission year.")
    updated: int = Field(description="Applicants whose stored facts or grades changed.")
    unchanged: int

    @classmethod
    def of(cls, report: ImportReport) -> GradeImportOut:
        return cls(created=report.created, updated=report.updated, unchanged=report.unchanged)


class PupilDetailOut(BaseModel):
    pupil: PupilOut
    application: ApplicationOut
    result: ResultOut | None
    grades: list[TermGradesOut] = Field(description="As imported, autumn first.")
    inbox: list[InboxMessageOut] = Field(description="The pupil's messages, newest first.")


@router.get("/pupils", summary="The pupils of your school units")
def pupils(
    actor: OwnPupilsApi,
    db: Reads,
    now: Now,
    pages: Annotated[Pagination, Depends(pagination)],
    q: Annotated[
        str, Query(max_length=MAXIMUM_QUERY, description="A name or an identity number.")
    ] = "",
    show: PupilFilter = PupilFilter.ALL,
    sort: PupilOrder = PupilOrder.NAME,
) -> Page[PupilOut]:
    query = person_query_of(q, now)
    year = latest_admission_year(db)
    search = PupilSearch(query, show, sort)
    found = own_pupils(db, actor, year, limit=pages.limit, offset=pages.offset, search=search)
    return pages.page([PupilOut.of(pupil) for pupil in found.pupils], found.total)


@router.post(
    "/pupils/grades", summary="Import the pupils file with grades", responses=IMPORT_RESPONSES
)
async def grade_import(
    actor: OwnPupilsApi,
    db: Reads,
    uow: Work,
    now: Now,
    term: Annotated[GradeTerm, Form(description="Whose grades: autumn or final.")],
    file: Annotated[UploadFile, File(description="The pupils file, .csv or .xlsx")],
) -> GradeImportOut:
    content = await file.read(MAXIMUM_FILE_BYTES + 1)
    name = PurePath(file.filename or "fil").name
    report = await run_in_threadpool(_import, actor, db, uow, now, term, name, content)
    return GradeImportOut.of(report)


def _import(
    actor: Actor,
    db: Session,
    uow: UnitOfWork,
    now: datetime,
    term: GradeTerm,
    name: str,
    content: bytes,
) -> ImportReport:
    year = latest_admission_year(db)
    pupils = read_own_pupils(uow, actor, name, content, term, swedish_today(now))
    return import_pupils(uow, year=year, pupils=pupils, actor=actor, now=now)


@router.get("/pupils/{personal_id}", summary="A pupil's application and result, as they see it")
def pupil(actor: OwnPupilsApi, db: Reads, now: Now, personal_id: PersonalIdPath) -> PupilDetailOut:
    view = pupil_view(db, actor, latest_admission_year(db), personal_id, now)
    result = None if view.result is None else ResultOut.of(view.result)
    return PupilDetailOut(
        pupil=PupilOut.of(view.pupil),
        application=ApplicationOut.of(view.application),
        result=result,
        grades=[TermGradesOut.of(term) for term in view.grades],
        inbox=[InboxMessageOut.of(message) for message in view.inbox],
    )


@router.post("/pupils/{personal_id}/foreign-grades", summary="Mark or unmark foreign grades")
def foreign_grades(
    actor: OwnPupilsApi,
    db: Reads,
    uow: Work,
    now: Now,
    personal_id: PersonalIdPath,
    body: ForeignGradesIn,
) -> PupilOut:
    year = latest_admission_year(db)
    pid = own_pupil(db, actor, year, personal_id).personal_id  # 404 outside the scope
    mark_foreign_grades(uow, year=year, personal_id=pid, foreign=body.foreign, actor=actor, now=now)
    db.expire_all()
    return PupilOut.of(own_pupil(db, actor, year, pid))


@router.put(
    "/pupils/{personal_id}/admission-facts",
    summary="Record the arrival date and an earlier completed national programme",
)
def admission_facts(
    actor: OwnPupilsApi,
    db: Reads,
    uow: Work,
    now: Now,
    personal_id: PersonalIdPath,
    body: AdmissionFactsIn,
) -> PupilOut:
    year = latest_admission_year(db)
    pid = own_pupil(db, actor, year, personal_id).personal_id  # 404 outside the scope
    set_admission_facts(
        uow,
        year=year,
        personal_id=pid,
        arrival_date=body.arrival_date,
        completed_national_programme=body.completed_national_programme,
        actor=actor,
        now=now,
    )
    db.expire_all()
    return PupilOut.of(own_pupil(db, actor, year, pid))
