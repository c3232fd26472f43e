"""What a counsellor (SYV) sees: the pupils of their own school units, and one pupil's
application and latest published result as the pupil sees them.

Every query starts from the actor's ``school_unit_codes``: the list reads only applicants whose
``school_unit_code`` is one of them, and a pupil outside them is ``NotFound`` exactly like a
pupil who does not exist, so that no address reveals anyone else's existence. A pupil with
protected identity never appears to a counsellor (only the admission officer handles them,
admissions-rules §11.2 item 11), so they are left out the same way; protected means protected
in any source (``platform.db.protection``: the admission data of any year or the population
register; issue 11 point 2), and ``protected_identity`` says so. The admission officer working
in a counsellor's place (``platform.access.domain.scope``) does see them. ``school_units`` lists
every school unit of the register, for the officer to choose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as t
from samverka.admission.queries.applicant_view import (
    OwnApplication,
    OwnResult,
    application_of,
    result_of,
)
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


@dataclass(frozen=True, slots=True)
class PupilList:
    pupils: list[PupilSummary]
    total: int


@dataclass(frozen=True, slots=True)
class PupilView:
    pupil: PupilSummary
    application: OwnApplication
    result: OwnResult | None


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
    session: Session, actor: Actor, year: int, *, limit: int = 50, offset: int = 0
) -> PupilList:
    """The pupils of the actor's school units in the admission year, by name."""
    query = _summaries(actor, year)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(
        query.order_by(t.applicant.c.name, t.applicant.c.personal_id).limit(limit).offset(offset)
    )
    return PupilList([PupilSummary(*row) for row in rows], total)


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
    return PupilView(
        pupil,
        application_of(session, pupil.personal_id, year, now),
        result_of(session, pupil.personal_id, year),
    )
