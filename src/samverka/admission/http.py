"""What the admission's pages and its API share about a request: who may use them (the auth
aliases, declared once), the input of each use case (one model, ``platform.http.UseCaseModel``,
for the page's form and the API's body alike) and the few things both do the same way:
submitting an applicant's choices as the applicant, a round's statistics, a school's ranking
order, reading a counsellor's pupil file (``read_own_pupils``). Both entry points use it;
neither imports the other.

Who may (the service keeps the final word, ``platform.access.domain.scope``):

* ``MyApplication``: the applicant, on their own application, result and reply.
* ``YearAdmin``: the admission officer: rounds, exports, the calendar, the admission area and
  the decisions on reception.
* ``StatisticsRead``: the officer and the analyst: a round's statistics (no personal data).
* ``OwnOfferingsPage`` and ``OwnOfferingsApi``: the school on its own school units' offerings,
  or the officer in the place of one school unit (``?skolenhet=`` on the pages,
  ``?school_unit=`` on the API); the pages get the ``Workplace``, the API the working actor.
* ``OwnPupilsPage`` and ``OwnPupilsApi``: the counsellor on their own school units' pupils, or
  the officer in one unit's place, the same way.

The use cases' input keeps the API's documented field names; a page's form uses the same names,
and adds as a form field what the API has in its path (the offering's code, the identity
number). The calendar is the one use case with two inputs: the page speaks in Swedish local
times and the last open minute of a window (what a person types into
``<input type="datetime-local">``, read by ``web.year_calendar``), the API in moments with a
time zone and the first closed one (``CalendarIn``).

The officer's person search and person record are audited the same way from both
(``searched``, ``opened``; ``services.person_reads``).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path, PurePath
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from pydantic import AwareDatetime, Field, field_validator

from samverka.admission.domain.applicants import PupilGrades
from samverka.admission.domain.area import AreaTerms
from samverka.admission.domain.audited import PersonOpened, PersonSearch
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.reception import Reception
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.files.pupil_file import read_pupil_file
from samverka.admission.ports import UnitOfWork
from samverka.admission.queries import counsellor_view
from samverka.admission.queries.admission_statistics import (
    AdmissionStatistics,
    admission_statistics,
    default_round,
    latest_admission_year,
)
from samverka.admission.queries.person_lookup import (
    PersonMatches,
    PersonQuery,
    PersonQueryError,
    PersonRecord,
    parse_person_query,
)
from samverka.admission.queries.school_view import the_years_school_units
from samverka.admission.services.admission_year import CalendarParts
from samverka.admission.services.applications import ChoiceRequest, submit_choices
from samverka.admission.services.person_reads import record_person_opened, record_person_search
from samverka.admission.services.receiving_decisions import (
    MAXIMUM_DECIDER,
    MAXIMUM_REFERENCE,
    DispensationRequest,
)
from samverka.errors import N_, InvalidInput, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.clock import today
from samverka.platform.domain.personal_id import PersonalIdError, parse_personal_id
from samverka.platform.domain.swedish_time import swedish_today
from samverka.platform.http import UseCaseModel
from samverka.platform.web.auth import require
from samverka.platform.web.context import web_context
from samverka.platform.web.workplace import CODE_PATTERN, Workplace, find_workplace

# -- who may ------------------------------------------------------------------------------------
UNIT_PARAMETER = "skolenhet"  # the pages' choice of school unit
SCHOOL_UNIT = "school_unit"  # the API's


def school_workplace(
    request: Request,
    actor: Annotated[Actor, Depends(require(Role.SCHOOL, Role.OFFICER))],
    chosen: Annotated[str | None, Query(alias=UNIT_PARAMETER, pattern=CODE_PATTERN)] = None,
) -> Workplace:
    """The school's pages: its own offerings, or the officer's chosen school unit."""
    return find_workplace(
        request, actor, Role.SCHOOL, UNIT_PARAMETER, chosen, the_years_school_units
    )


def school_actor(
    request: Request,
    actor: Annotated[Actor, Depends(require(Role.SCHOOL, Role.OFFICER))],
    chosen: Annotated[
        str | None,
        Query(
            alias=SCHOOL_UNIT,
            pattern=CODE_PATTERN,
            description="The school unit to work in: required of the admission officer; "
            "a school may name only one of its own.",
        ),
    ] = None,
) -> Actor:
    """The school's API: the working actor (``platform.access.domain.scope``)."""
    place = find_workplace(request, actor, Role.SCHOOL, SCHOOL_UNIT, chosen, the_years_school_units)
    return place.working


def counsellor_workplace(
    request: Request,
    actor: Annotated[Actor, Depends(require(Role.COUNSELLOR, Role.OFFICER))],
    chosen: Annotated[str | None, Query(alias=UNIT_PARAMETER, pattern=CODE_PATTERN)] = None,
) -> Workplace:
    """The counsellor's pages: their own pupils, or the officer's chosen school unit."""
    return find_workplace(
        request, actor, Role.COUNSELLOR, UNIT_PARAMETER, chosen, counsellor_view.school_units
    )


def counsellor_actor(
    request: Request,
    actor: Annotated[Actor, Depends(require(Role.COUNSELLOR, Role.OFFICER))],
    chosen: Annotated[
        str | None,
        Query(
            alias=SCHOOL_UNIT,
            pattern=CODE_PATTERN,
            description="The school unit to work in: required of the admission officer; "
            "a counsellor may name only one of their own.",
        ),
    ] = None,
) -> Actor:
    """The counsellor's API: the working actor (``platform.access.domain.scope``)."""
    place = find_workplace(
        request, actor, Role.COUNSELLOR, SCHOOL_UNIT, chosen, counsellor_view.school_units
    )
    return place.working


MyApplication = Annotated[Actor, Depends(require(Role.APPLICANT))]
YearAdmin = Annotated[Actor, Depends(require(Role.OFFICER))]
StatisticsRead = Annotated[Actor, Depends(require(Role.OFFICER, Role.ANALYST))]
OwnOfferingsPage = Annotated[Workplace, Depends(school_workplace)]
OwnOfferingsApi = Annotated[Actor, Depends(school_actor)]
OwnPupilsPage = Annotated[Workplace, Depends(counsellor_workplace)]
OwnPupilsApi = Annotated[Actor, Depends(counsellor_actor)]


# -- the use cases' input -----------------------------------------------------------------------
MAXIMUM_APPLICANTS = 10_000
PersonalId = Annotated[str, Field(min_length=1, max_length=13)]


class RunRoundIn(UseCaseModel):
    """Run a round: its kind and the lottery seed."""

    kind: RoundKind
    seed: int = Field(ge=0, le=2**31 - 1, description="The lottery seed, recorded with the run.")


class PartyIn(UseCaseModel):
    """A municipality's name and terms in the admission area (its code: the path, or the
    page's ``code`` field)."""

    name: str = Field(min_length=1, max_length=80)
    terms: AreaTerms


class CalendarIn(UseCaseModel):
    """The windows (moments with a time zone) and the days of the admission year."""

    application_opens: AwareDatetime
    application_closes: AwareDatetime
    choice_change_opens: AwareDatetime
    choice_change_closes: AwareDatetime
    autumn_grades_due: date
    final_grades_due: date
    preliminary_round: date
    final_round: date
    reply_deadline: date
    reserve_rounds: list[date] = Field(default_factory=list, max_length=20)

    def parts(self) -> CalendarParts:
        fields = self.model_dump()
        fields["reserve_rounds"] = tuple(self.reserve_rounds)
        return CalendarParts(**fields)


class ReceptionIn(UseCaseModel):
    """The admission office's decision on a choice's reception (the choice: the path, or the
    page's ``offering_code`` field)."""

    reception: Reception | None = Field(description="null: back to the derived reception.")
    reason: str = Field(min_length=1, max_length=500, description="Why, for the audit trail.")

    @field_validator("reception", mode="before")
    @classmethod
    def _derived_is_none(cls, value: Any) -> Any:
        return None if value == "derived" else value  # the page's "as it is derived"


class ReplyIn(UseCaseModel):
    """The applicant's reply to the latest published binding round."""

    reply: ReplyKind


class ForeignGradesIn(UseCaseModel):
    foreign: bool


class AdmissionFactsIn(UseCaseModel):
    arrival_date: date | None = Field(
        None,
        description="The date a newly arrived pupil came to Sweden (språkintroduktion is for"
        " those here less than four years, SL 3 kap. 12 a §); null (or left out, as the page's"
        " empty field) if not newly arrived.",
    )
    completed_national_programme: bool = Field(
        description="Has completed a national programme: no national programme is open."
    )


class PlacesIn(UseCaseModel):
    places: int = Field(ge=0, le=100_000)
    discretionary_places: int = Field(ge=0, le=100_000)


class TestPointsIn(UseCaseModel):
    """An applicant's aptitude-test points (the applicant: the path, or the page's
    ``personal_id`` field)."""

    points: Decimal = Field(ge=0, le=1000)


class DispensationIn(UseCaseModel):
    decided_on: date = Field(description="The day the organiser decided.")
    decided_by: str = Field(min_length=1, max_length=MAXIMUM_DECIDER, description="Who decided.")
    reference: str = Field(default="", max_length=MAXIMUM_REFERENCE, description="Diarienummer.")

    def request(self) -> DispensationRequest:
        return DispensationRequest(self.decided_on, self.decided_by, self.reference)


class AgreementIn(UseCaseModel):
    reference: str = Field(
        min_length=1, max_length=MAXIMUM_REFERENCE, description="The agreement's reference."
    )


class LeadsToIn(UseCaseModel):
    programme: str = Field(
        min_length=2, max_length=8, pattern=r"^[A-Za-z]+$", description="e.g. BF"
    )


class RankingIn(UseCaseModel):
    """The school's whole ranking, rank 1 first: a list in the API, one identity number per
    line of the page's text field (blank lines skipped)."""

    ranking: list[PersonalId] = Field(
        max_length=MAXIMUM_APPLICANTS,
        description="Identity numbers in the school's order, rank 1 first.",
    )

    @field_validator("ranking", mode="before")
    @classmethod
    def _lines(cls, value: Any) -> Any:
        texts = [value] if isinstance(value, str) else value
        if isinstance(texts, list) and any(isinstance(t, str) and "\n" in t for t in texts):
            return [line.strip() for t in texts for line in str(t).splitlines() if line.strip()]
        return texts

    def order(self) -> list[str]:
        return ranking_order(self.ranking, "ranking")


class RankedBySchoolIn(UseCaseModel):
    ranked_by_school: bool


class FriKvotIn(UseCaseModel):
    granted: bool


class AssessmentIn(UseCaseModel):
    assessed: bool


# -- what the routes share with the API ----------------------------------------------------------
def submit_as_applicant(
    uow: UnitOfWork, actor: Actor, year: int, codes: Sequence[str], now: datetime
) -> None:
    """Save ``codes`` as the applicant's ranked choices, as the applicant: the windows apply."""
    submit_choices(
        uow,
        year=year,
        personal_id=str(actor.personal_id),
        choices=[ChoiceRequest(code) for code in codes],
        actor=actor,
        by_admission_office=False,
        now=now,
    )


def round_statistics(request: Request, round_id: int | None) -> AdmissionStatistics:
    """The statistics of ``round_id``, or of the default round, of the newest year."""
    with web_context(request).reads() as session:
        year = latest_admission_year(session)
        chosen = default_round(session, year).id if round_id is None else round_id
        return admission_statistics(session, year, chosen)


def ranking_order(lines: Sequence[str], field: str) -> list[str]:
    """Identity numbers in rank order, in canonical form; blank lines are skipped. Malformed
    numbers and numbers named twice are all reported at once."""
    order, errors = [], []
    for line, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            who = parse_personal_id(text, today=today()).canonical
        except PersonalIdError as error:
            errors.append(RowError("request", line, field, error.text, error.parameters))
            continue
        if who in order:
            errors.append(
                RowError("request", line, field, N_("%(who)s står två gånger."), {"who": who})
            )
        order.append(who)
    if errors:
        raise InvalidInput(errors)
    return order


MAXIMUM_FILE_BYTES = 10 * 1024 * 1024
SUFFIXES = (".csv", ".xlsx")
UNSAFE_IN_NAMES = re.compile(r"[^\w. \-]")


def read_own_pupils(
    uow: UnitOfWork, actor: Actor, name: str, content: bytes, term: GradeTerm, today: date
) -> list[PupilGrades]:
    """Every row of the file, checked; ``InvalidInput`` listing every problem, including rows
    whose school unit is not one of the actor's. Nothing is stored. The file's ``name`` is made
    safe to write first (letters, digits, space, ``.-_``; at most 100 characters)."""
    name = UNSAFE_IN_NAMES.sub("_", PurePath(name).name)[:100].strip(". ") or "elever.csv"
    if len(content) > MAXIMUM_FILE_BYTES:
        raise InvalidInput([RowError(name, 0, "", N_("Filen är större än 10 MB."))])
    if PurePath(name).suffix.lower() not in SUFFIXES:
        raise InvalidInput(
            [RowError(name, 0, "", N_("Filen måste vara en .csv- eller .xlsx-fil."))]
        )
    with uow:
        municipalities = uow.catalogue.municipality_codes()
        known_units = uow.catalogue.school_unit_codes()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        return read_pupil_file(
            path,
            term=term,
            today=today,
            municipalities=municipalities,
            school_units=known_units,
            own_units=actor.school_unit_codes,
        )


def person_query_of(q: str, now: datetime) -> PersonQuery:
    """The API's ``q`` read as a person search; ``InvalidInput`` at ``q`` for a number that is
    not a valid personnummer."""
    try:
        return parse_person_query(q, today=swedish_today(now))
    except PersonQueryError:
        reason = N_("Det är inte ett giltigt personnummer (ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN).")
        raise InvalidInput([RowError("q", 0, "q", reason)]) from None


def searched(
    uow: UnitOfWork,
    actor: Actor,
    year: int,
    query: PersonQuery,
    found: PersonMatches,
    page: int,
    now: datetime,
) -> None:
    """Record in the audit trail a person search that was made (an empty one is not): the kind
    of query and the applicants shown, never the text (``services.person_reads``)."""
    if query.empty:
        return
    kind = "name" if query.personal_id is None else "personal_id"
    shown = tuple(match.applicant_id for match in found.items)
    search = PersonSearch(year, kind, page, found.total, shown)
    record_person_search(uow, actor=actor, search=search, now=now)


def opened(uow: UnitOfWork, actor: Actor, record: PersonRecord, via: str, now: datetime) -> None:
    """Record in the audit trail that ``actor`` opened ``record`` on the page or the API."""
    person = record.person
    read = PersonOpened(person.year, person.applicant_id, via)
    record_person_opened(uow, actor=actor, personal_id=person.personal_id, opened=read, now=now)
