"""The admission officer's person search and person record in the API (issue 15, point 3).

The same queries as the pages (``web.person``, ``queries.person_lookup``): ``GET
/api/v1/persons?q=`` finds the newest admission year's applicants by identity number (any
common spelling, checked by the personnummer rules; one that is not valid is 422 with the
problem in ``rows``) or by name (every word, any order, any case), paginated; ``GET
/api/v1/persons/{applicant_id}`` is everything the admission holds about one of them. Only the
admission officer in their own role (``http.YearAdmin``; everyone else 403); protected
identities are shown to the officer, with ``protected_identity`` true. Every search made and
every record read is recorded in the audit trail, as on the pages (``http.searched``,
``http.opened``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from samverka.admission.api.applicant import ApplicationOut, ResultOut
from samverka.admission.api.inbox import InboxMessageOut
from samverka.admission.http import YearAdmin, opened, person_query_of, searched
from samverka.admission.queries.admission_statistics import latest_admission_year
from samverka.admission.queries.grade_standing import TermGrades
from samverka.admission.queries.person_lookup import (
    MAXIMUM_QUERY,
    PersonMatch,
    find_persons,
    person_record,
)
from samverka.platform.api.pagination import Page, Pagination, pagination
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.api.schemas import Moment
from samverka.platform.web.deps import Now, Reads, Work

router = APIRouter(prefix=PREFIX, responses=ERRORS, tags=["officer"])


class PersonMatchOut(BaseModel):
    applicant_id: int
    personal_id: str
    name: str
    year: int
    school_unit_name: str | None
    home_municipality: str = Field(description="The home municipality's name.")
    protected_identity: bool

    @classmethod
    def of(cls, match: PersonMatch) -> PersonMatchOut:
        return cls.model_validate(match, from_attributes=True)


class GuardianOut(BaseModel):
    name: str
    email: str
    phone: str


class PersonOut(BaseModel):
    applicant_id: int
    year: int
    personal_id: str
    name: str
    home_municipality: str
    school_unit_name: str | None
    protected_identity: bool
    foreign_grades: bool
    english_dispensation_requested: bool
    reduced_timetable: bool
    arrival_date: date | None
    completed_national_programme: bool
    guardians: list[GuardianOut]


class GradeOut(BaseModel):
    subject: str
    letter: str
    after_retake: bool


class GroupEligibilityOut(BaseModel):
    group: str = Field(description="vocational, aesthetic, social or science.")
    eligible: bool
    failures: list[str] = Field(description="Requirements not met, in English.")


class TermGradesOut(BaseModel):
    term: str = Field(description="autumn or final.")
    merit_value: Decimal
    grades: list[GradeOut]
    eligibility: list[GroupEligibilityOut]

    @classmethod
    def of(cls, term: TermGrades) -> TermGradesOut:
        return cls(
            term=term.term.value,
            merit_value=term.merit_value,
            grades=[
                GradeOut(subject=g.subject, letter=g.letter.value, after_retake=g.after_retake)
                for g in term.grades
            ],
            eligibility=[
                GroupEligibilityOut(
                    group=e.group,
                    eligible=e.eligible,
                    failures=[failure.describe() for failure in e.failures],
                )
                for e in term.eligibility
            ],
        )


class ReplyOut(BaseModel):
    round_id: int
    kind: str
    replied_at: Moment


class CaseOut(BaseModel):
    kind: str = Field(
        description="reception, english_dispensation, over_age, test_points or "
        "equivalent_knowledge."
    )
    concerns: str = Field(description="The offering's code, or the organiser's name.")
    detail: str
    recorded_by: str
    recorded_at: Moment | None


class HistoryEventOut(BaseModel):
    at: Moment
    actor: str
    entity: str
    key: str
    action: str


class PersonRecordOut(BaseModel):
    person: PersonOut
    application: ApplicationOut
    grades: list[TermGradesOut] = Field(description="Each imported term, autumn first.")
    results: list[ResultOut] = Field(description="Every published round, newest first.")
    replies: list[ReplyOut] = Field(description="Newest first.")
    cases: list[CaseOut]
    history: list[HistoryEventOut] = Field(
        description="The audit trail's events about the person, newest first (at most 200)."
    )
    inbox: list[InboxMessageOut] = Field(description="The person's messages, newest first.")


@router.get("/persons", summary="Find applicants by identity number or name")
def persons(
    actor: YearAdmin,
    db: Reads,
    uow: Work,
    now: Now,
    pages: Annotated[Pagination, Depends(pagination)],
    q: Annotated[
        str,
        Query(
            max_length=MAXIMUM_QUERY,
            description="An identity number (10 or 12 digits, with or without - or +) or "
            "words of the name, in any order and case.",
        ),
    ] = "",
) -> Page[PersonMatchOut]:
    query = person_query_of(q, now)
    year = latest_admission_year(db)
    found = find_persons(db, actor, year, query, limit=pages.limit, offset=pages.offset)
    searched(uow, actor, year, query, found, pages.offset // pages.limit + 1, now)
    return pages.page([PersonMatchOut.of(match) for match in found.items], found.total)


@router.get("/persons/{applicant_id}", summary="Everything the admission holds about a person")
def person(actor: YearAdmin, db: Reads, uow: Work, now: Now, applicant_id: int) -> PersonRecordOut:
    record = person_record(db, actor, applicant_id, now)
    opened(uow, actor, record, "api", now)
    p = record.person
    return PersonRecordOut(
        person=PersonOut(
            applicant_id=p.applicant_id,
            year=p.year,
            personal_id=p.personal_id,
            name=p.name,
            home_municipality=p.home_municipality,
            school_unit_name=p.school_unit_name,
            protected_identity=p.protected_identity,
            foreign_grades=p.foreign_grades,
            english_dispensation_requested=p.english_dispensation_requested,
            reduced_timetable=p.reduced_timetable,
            arrival_date=p.arrival_date,
            completed_national_programme=p.completed_national_programme,
            guardians=[GuardianOut(name=g.name, email=g.email, phone=g.phone) for g in p.guardians],
        ),
        application=ApplicationOut.of(record.application),
        grades=[TermGradesOut.of(term) for term in record.grades],
        results=[ResultOut.of(outcome.result) for outcome in record.rounds],
        replies=[
            ReplyOut(round_id=r.round_id, kind=r.kind, replied_at=r.replied_at)
            for r in record.replies
        ],
        cases=[
            CaseOut(
                kind=c.kind,
                concerns=c.offering_code,
                detail=c.detail,
                recorded_by=c.recorded_by,
                recorded_at=c.recorded_at,
            )
            for c in record.cases
        ],
        history=[
            HistoryEventOut(at=e.at, actor=e.actor, entity=e.entity, key=e.key, action=e.action)
            for e in record.history
        ],
        inbox=[InboxMessageOut.of(message) for message in record.inbox],
    )
