"""What a school (principal) reads: the offerings of its own school units, their applicants and,
for the latest published round, the admitted and the reserves.

Every query starts from the actor's scope (``Actor.school_unit_codes``); an offering outside it
is ``NotFound``. A school never sees protected identities: they are masked as in
``round_lists`` (``PROTECTED_NAME``, no identity number); the admission officer working in a
school's place (``domain.access.scope``) sees them, as on the officer's other pages.
``school_units`` lists the school units with offerings in the year, for the officer to choose.

Each applicant to an offering comes with the organiser's decisions on the choice: the school's
rank (on an offering the school ranks), fri kvot, and the assessment of foreign grades as
equivalent knowledge, beside the counsellor's foreign-grades marker that asks for it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from samverka.adapters.db import tables as t
from samverka.domain.access.actors import Actor
from samverka.domain.admission.school_ranking import (
    is_ranked_by_school,
    may_be_ranked_by_school,
)
from samverka.errors import NotFound
from samverka.queries.admission_statistics import Database, RoundRef, rounds
from samverka.queries.round_lists import (
    PROTECTED_NAME,
    AdmittedApplicant,
    ReserveApplicant,
    Viewer,
    admitted_lists,
    reserve_lists,
)


@dataclass(frozen=True, slots=True)
class ScopeChoice:
    """A school unit or a municipality the admission officer may choose to work in."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class SchoolOffering:
    code: str
    school_unit_code: str
    school_unit_name: str
    programme: str
    orientation: str
    places: int
    discretionary_places: int
    has_test: bool
    status: str
    applicants: int
    ranked_by_school: bool  # the school's ranking decides (IMA always; IMV/IMY by setting)
    may_be_ranked: bool  # an introduction programme the school may rank (IMA, IMV, IMY)


@dataclass(frozen=True, slots=True)
class OfferingApplicant:
    personal_id: str | None  # None when masked
    name: str
    rank: int
    test_points: Decimal | None
    protected_identity: bool
    school_rank: int | None = None
    fri_kvot: bool = False
    equivalent_knowledge: bool = False
    foreign_grades: bool = False  # the counsellor's marker


@dataclass(frozen=True, slots=True)
class OfferingDetails:
    offering: SchoolOffering
    applicants: list[OfferingApplicant]
    round: RoundRef | None  # the latest published round
    admitted: list[AdmittedApplicant]
    reserves: list[ReserveApplicant]


def school_units(db: Database, year: int) -> list[ScopeChoice]:
    """The school units with offerings in ``year``, by name."""
    o, s, y = t.offering, t.school_unit, t.admission_year
    query = (
        select(s.c.code, s.c.name)
        .join(o, o.c.school_unit_code == s.c.code)
        .join(y, y.c.id == o.c.admission_year_id)
        .where(y.c.year == year)
        .distinct()
        .order_by(s.c.name, s.c.code)
    )
    return [ScopeChoice(row.code, row.name) for row in db.execute(query)]


def school_offerings(db: Database, year: int, actor: Actor) -> list[SchoolOffering]:
    """The offerings of the actor's school units in ``year``, by code."""
    o, s, y, c = t.offering, t.school_unit, t.admission_year, t.choice
    query = (
        select(o, s.c.name.label("unit_name"))
        .join(s, s.c.code == o.c.school_unit_code)
        .join(y, y.c.id == o.c.admission_year_id)
        .where(y.c.year == year, o.c.school_unit_code.in_(sorted(actor.school_unit_codes)))
        .order_by(o.c.code)
    )
    rows = list(db.execute(query))
    ids = [row.id for row in rows]
    counts = Counter(db.execute(select(c.c.offering_id).where(c.c.offering_id.in_(ids))).scalars())
    return [
        SchoolOffering(
            row.code,
            row.school_unit_code,
            row.unit_name,
            row.programme,
            row.orientation,
            row.places,
            row.discretionary_places,
            row.test_multiplier is not None,
            row.status,
            counts[row.id],
            is_ranked_by_school(row.programme, row.ranked_by_school),
            may_be_ranked_by_school(row.programme),
        )
        for row in rows
    ]


def offering_details(db: Database, year: int, actor: Actor, code: str) -> OfferingDetails:
    """One of the actor's offerings with its applicants and latest published lists."""
    offering = next((o for o in school_offerings(db, year, actor) if o.code == code), None)
    if offering is None:
        raise NotFound(f"no offering {code!r}")
    published = [r for r in rounds(db, year) if r.published]
    latest = published[-1] if published else None
    viewer = Viewer(may_see_protected=actor.may_see_protected_identities)
    admitted: list[AdmittedApplicant] = []
    reserves: list[ReserveApplicant] = []
    if latest is not None:
        admitted = [
            a for a in admitted_lists(db, year, latest.id, viewer) if a.offering_code == code
        ]
        reserves = [
            r for r in reserve_lists(db, year, latest.id, viewer) if r.offering_code == code
        ]
    applicants = _applicants(db, year, code, unmasked=viewer.may_see_protected)
    if offering.ranked_by_school:  # in the school's order, the unranked after
        applicants.sort(key=lambda a: (a.school_rank is None, a.school_rank or 0))
    return OfferingDetails(offering, applicants, latest, admitted, reserves)


def offering_applicants(
    db: Database, year: int, actor: Actor, code: str
) -> tuple[SchoolOffering, list[OfferingApplicant]]:
    """One of the actor's offerings and its applicants (in the school's order where the school
    ranks), without the round's lists."""
    offering = next((o for o in school_offerings(db, year, actor) if o.code == code), None)
    if offering is None:
        raise NotFound(f"no offering {code!r}")
    unmasked = actor.may_see_protected_identities
    applicants = _applicants(db, year, code, unmasked=unmasked)
    if offering.ranked_by_school:
        applicants.sort(key=lambda a: (a.school_rank is None, a.school_rank or 0))
    return offering, applicants


def _applicants(db: Database, year: int, code: str, *, unmasked: bool) -> list[OfferingApplicant]:
    a, c, o, y = t.applicant, t.choice, t.offering, t.admission_year
    query = (
        select(a.c.personal_id, a.c.name, a.c.protected_identity, a.c.foreign_grades)
        .add_columns(c.c.rank, c.c.test_points, c.c.school_rank, c.c.discretionary_quota)
        .add_columns(c.c.equivalent_knowledge)
        .join(c, c.c.applicant_id == a.c.id)
        .join(o, o.c.id == c.c.offering_id)
        .join(y, y.c.id == o.c.admission_year_id)
        .where(y.c.year == year, o.c.code == code)
        .order_by(a.c.name, a.c.id)
    )
    return [
        OfferingApplicant(
            None if row.protected_identity and not unmasked else row.personal_id,
            PROTECTED_NAME if row.protected_identity and not unmasked else row.name,
            row.rank,
            None if row.test_points is None else Decimal(row.test_points),
            row.protected_identity,
            row.school_rank,
            row.discretionary_quota,
            row.equivalent_knowledge,
            row.foreign_grades,
        )
        for row in db.execute(query)
    ]
