"""What a counsellor (SYV) sees: the pupils of their own school units, and one pupil's
application, latest published result, imported grades and inbox (``queries.inbox``) as the
pupil sees them.

Every query starts from the actor's ``school_unit_codes``: the list reads only applicants whose
``school_unit_code`` is one of them, and a pupil outside them is ``NotFound`` exactly like a
pupil who does not exist, so that no address reveals anyone else's existence. A pupil with
protected identity never appears to a counsellor (only the admission officer handles them,
admissions-rules §11.2 item 11), so they are left out the same way; protected means protected
in any source (``platform.db.protection``: the admission data of any year or the population
register; issue 11 point 2), and ``protected_identity`` says so. The admission officer working
in a counsellor's place (``platform.access.domain.scope``) does see them. ``school_units`` lists
every school unit of the register, for the officer to choose.

The list can be searched, filtered and sorted (issue 15, point 3; ``PupilSearch``): by name or
identity number as the officer's person search reads them (``queries.person_lookup``: any
spelling of the number, every word of the name in any case), by "ingen ansökan" (no choices),
"inte behörig" (the latest imported grades give no national programme; a pupil without grades
is not counted) and "inte svarat" (admitted in the latest published final or reserve round,
with no reply to it or an earlier round), and sorted by name or by the merit value of the
latest imported grades (highest first). The merit value (GyF 7 kap. 4 §) and the eligibility
(SL 16 kap. 30–32 §§) of the latest imported grades are those stored with the applicant when
the grades were written (``domain.grade_standing.latest_standing``, the rules' own
computation), so the filters are asked in SQL and no pupil's standing is computed on a request
(issue 15, point 2). A unit has up to a couple of thousand pupils: their rows are read whole and
searched and sorted in Python, which also folds Å, Ä and Ö on SQLite as on PostgreSQL; whether
a pupil replied is read for the page's pupils only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, exists, false, func, select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as t
from samverka.admission.domain.rounds import RoundKind, RoundStatus
from samverka.admission.queries.applicant_view import (
    OwnApplication,
    OwnResult,
    application_of,
    result_of,
)
from samverka.admission.queries.grade_standing import (
    TermGrades,
    grades_by_applicant,
    standings,
)
from samverka.admission.queries.inbox import InboxMessage, inbox_of
from samverka.admission.queries.person_lookup import PersonQuery, matches, swedish_order
from samverka.errors import N_, NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.domain.scope import ScopeChoice
from samverka.platform.db.protection import is_protected


@dataclass(frozen=True, slots=True)
class PupilSummary:
    personal_id: str
    name: str
    home_municipality: str
    school_unit_code: str
    choices: int
    foreign_grades: bool
    protected_identity: bool
    arrival_date: date | None  # newly arrived: for språkintroduktion
    completed_national_programme: bool
    english_dispensation_requested: bool
    applicant_id: int = 0
    reduced_timetable: bool = False
    # Of the latest imported grades (final, else autumn); None without grades.
    merit_value: Decimal | None = None
    eligible: bool | None = None  # for at least one national programme
    replied: bool | None = None  # None: not admitted in the latest published binding round


class PupilFilter(StrEnum):
    ALL = ""
    NO_APPLICATION = "ingen-ansokan"
    NOT_ELIGIBLE = "inte-behorig"
    NOT_REPLIED = "inte-svarat"


class PupilOrder(StrEnum):
    NAME = "namn"
    MERIT_VALUE = "meritvarde"


@dataclass(frozen=True, slots=True)
class PupilSearch:
    query: PersonQuery = field(default_factory=PersonQuery)
    show: PupilFilter = PupilFilter.ALL
    order: PupilOrder = PupilOrder.NAME


@dataclass(frozen=True, slots=True)
class PupilList:
    pupils: list[PupilSummary]
    total: int


@dataclass(frozen=True, slots=True)
class PupilView:
    pupil: PupilSummary
    application: OwnApplication
    result: OwnResult | None
    grades: list[TermGrades] = field(default_factory=list)  # as imported, autumn first
    inbox: list[InboxMessage] = field(default_factory=list)  # the pupil's, newest first


def school_units(session: Session) -> list[ScopeChoice]:
    """Every school unit of the register (a pupil's unit need have no offerings), by name."""
    s = t.school_unit
    query = select(s.c.code, s.c.name).order_by(s.c.name, s.c.code)
    return [ScopeChoice(row.code, row.name) for row in session.execute(query)]


def _units(actor: Actor) -> frozenset[str]:
    if actor.role is not Role.COUNSELLOR:
        raise NotPermitted(N_("Bara en studie- och yrkesvägledare ser sina skolenheters elever."))
    return actor.school_unit_codes


def _summaries(actor: Actor, year: int) -> Select[Any]:
    a, c, y = t.applicant, t.choice, t.admission_year
    count = select(func.count()).where(c.c.applicant_id == a.c.id).scalar_subquery()
    protected = is_protected(a.c.personal_id)
    query = (
        select(
            a.c.personal_id,
            a.c.name,
            a.c.home_municipality,
            a.c.school_unit_code,
            count.label("choices"),
            a.c.foreign_grades,
            protected.label("protected_identity"),
            a.c.arrival_date,
            a.c.completed_national_programme,
            a.c.english_dispensation,
            a.c.id,
            a.c.reduced_timetable,
            a.c.merit_value,
            a.c.eligible_national,
        )
        .join(y, y.c.id == a.c.admission_year_id)
        .where(
            y.c.year == year,
            a.c.school_unit_code.in_(sorted(_units(actor))),
        )
    )
    if actor.may_see_protected_identities:
        return query
    return query.where(~protected)


def own_pupils(
    session: Session,
    actor: Actor,
    year: int,
    *,
    limit: int = 50,
    offset: int = 0,
    search: PupilSearch | None = None,
) -> PupilList:
    """The pupils of the actor's school units in the admission year that ``search`` finds, in
    its order (by name unless it says otherwise), with their merit value and eligibility."""
    search = search or PupilSearch()
    a = t.applicant
    query = _summaries(actor, year)
    latest_round = _latest_binding_round(session, year)
    if search.show is PupilFilter.NO_APPLICATION:
        query = query.where(~exists().where(t.choice.c.applicant_id == a.c.id))
    elif search.show is PupilFilter.NOT_ELIGIBLE:
        query = query.where(a.c.eligible_national == false())
    elif search.show is PupilFilter.NOT_REPLIED:
        if latest_round is None:
            return PupilList([], 0)
        query = query.where(
            a.c.id.in_(_admitted(latest_round)), a.c.id.not_in(_answered(latest_round))
        )
    pupils = [PupilSummary(*row) for row in session.execute(query)]
    if not search.query.empty:
        pupils = [p for p in pupils if matches(search.query, p.personal_id, p.name)]
    pupils.sort(key=lambda p: (swedish_order(p.name), p.personal_id))
    if search.order is PupilOrder.MERIT_VALUE:  # a stable sort: by name within a value
        pupils.sort(key=lambda p: (p.merit_value is None, -(p.merit_value or Decimal(0))))
    shown = pupils[offset : offset + limit]
    replied = _replied(session, latest_round, [p.applicant_id for p in shown])
    shown = [replace(p, replied=replied.get(p.applicant_id)) for p in shown]
    return PupilList(shown, len(pupils))


def _latest_binding_round(session: Session, year: int) -> int | None:
    """The latest published final or reserve round of the year."""
    r, y = t.admission_round, t.admission_year
    found: int | None = session.execute(
        select(r.c.id)
        .join(y, y.c.id == r.c.admission_year_id)
        .where(y.c.year == year, r.c.status == RoundStatus.PUBLISHED.value)
        .where(r.c.kind.in_([RoundKind.FINAL.value, RoundKind.RESERVE.value]))
        .order_by(r.c.id.desc())
        .limit(1)
    ).scalar()
    return found


def _admitted(round_id: int) -> Select[Any]:
    p = t.placement
    return select(p.c.applicant_id).where(p.c.round_id == round_id, p.c.offering_id.is_not(None))


def _answered(round_id: int) -> Select[Any]:
    """Who replied to the round or an earlier one."""
    rp = t.reply
    return select(rp.c.applicant_id).where(rp.c.round_id <= round_id)


def _replied(session: Session, latest_round: int | None, ids: list[int]) -> dict[int, bool]:
    """For each of ``ids`` (a page's pupils) admitted in the latest published final or reserve
    round: whether they replied to it or an earlier round."""
    if latest_round is None or not ids:
        return {}
    admitted: list[int] = list(
        session.execute(
            _admitted(latest_round).where(t.placement.c.applicant_id.in_(ids))
        ).scalars()
    )
    answered = set(
        session.execute(_answered(latest_round).where(t.reply.c.applicant_id.in_(ids))).scalars()
    )
    return {applicant_id: applicant_id in answered for applicant_id in admitted}


def own_pupil(session: Session, actor: Actor, year: int, personal_id: str) -> PupilSummary:
    """One pupil of the actor's school units; ``NotFound`` for anyone else."""
    query = _summaries(actor, year).where(t.applicant.c.personal_id == personal_id)
    row = session.execute(query).first()
    if row is None:
        raise NotFound(N_("Det finns ingen sådan elev på dina skolenheter."))
    return PupilSummary(*row)


def pupil_view(
    session: Session, actor: Actor, year: int, personal_id: str, now: datetime
) -> PupilView:
    """The pupil's application and latest published result, as the pupil sees them."""
    pupil = own_pupil(session, actor, year, personal_id)
    grades = grades_by_applicant(session, [pupil.applicant_id]).get(pupil.applicant_id, {})
    return PupilView(
        pupil,
        application_of(session, pupil.personal_id, year, now),
        result_of(session, pupil.personal_id, year),
        standings(year, grades, reduced_timetable=pupil.reduced_timetable),
        inbox_of(session, pupil.personal_id, year),
    )
