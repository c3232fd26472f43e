"""What a municipality official reads: the municipality's own residents (applicants whose home
municipality is the actor's) with their choices and latest published result, and the
municipality's statistics.

Every query starts from the actor's scope (``Actor.municipality_code``). Protected identities
are masked (``PROTECTED_NAME``, no identity number), except for the admission officer working in
a municipality's place (``platform.access.domain.scope``), as on the officer's other pages; a person
is protected when any source says so (``platform.db.protection``; issue 11 point 2).
``municipalities`` lists the municipalities, for the officer to choose; ``municipality_name``
gives one municipality's name, for its page's heading.

The residents may be narrowed (``ResidentFilter``): to those placed or not placed in the latest
published round that is not a simulation (without one, no one is placed), and to those who chose
a programme. "Placed" is the admission's one definition (``admission.queries.start_tasks``:
``latest_round``, ``placed_in``), which the municipality's start page counts too: those not
placed are every resident without a place in that round, whether they took part in it or not.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Select, case, func, select

from samverka.admission.db import tables as at
from samverka.admission.queries.admission_statistics import Database, RoundRef, ratio, rounds
from samverka.admission.queries.round_lists import PROTECTED_NAME
from samverka.admission.queries.start_tasks import latest_round, placed_in
from samverka.platform.access.domain.actors import Actor
from samverka.platform.access.domain.scope import ScopeChoice
from samverka.platform.db import tables as pt
from samverka.platform.db.protection import is_protected

_SHARE = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class Resident:
    personal_id: str | None  # None when masked
    name: str
    protected_identity: bool
    choices: list[str]  # offering codes in rank order
    placed_code: str | None  # in the latest published round
    placed_rank: int | None


@dataclass(frozen=True, slots=True)
class ProgrammeFigures:
    programme: str
    first_choice_applicants: int
    placed: int


@dataclass(frozen=True, slots=True)
class MunicipalityStatistics:
    municipality_code: str
    round: RoundRef | None
    applicants: int
    placed: int
    placed_first_choice: int
    first_choice_share: Decimal | None  # of the placed
    programmes: list[ProgrammeFigures] = field(default_factory=list)


def municipalities(db: Database) -> list[ScopeChoice]:
    """Every municipality, by name."""
    m = pt.municipality
    query = select(m.c.code, m.c.name).order_by(m.c.name, m.c.code)
    return [ScopeChoice(row.code, row.name) for row in db.execute(query)]


class PlacementStatus(StrEnum):
    """Whether a resident is placed in the latest published round."""

    PLACED = "placerade"
    UNPLACED = "oplacerade"


@dataclass(frozen=True, slots=True)
class ResidentFilter:
    """Which residents a list shows: ``None`` is any."""

    status: PlacementStatus | None = None
    programme: str | None = None


def municipality_name(db: Database, code: str) -> str:
    """The municipality's name (its code if it has none on record)."""
    m = pt.municipality
    name = db.execute(select(m.c.name).where(m.c.code == code)).scalar()
    return str(name) if name else code


def resident_programmes(db: Database, year: int, actor: Actor) -> list[str]:
    """The programmes the actor's residents chose, by code: what the list may be narrowed to."""
    c, o = at.choice, at.offering
    query = (
        select(o.c.programme)
        .join(c, c.c.offering_id == o.c.id)
        .where(c.c.applicant_id.in_(_resident_ids(year, actor)))
        .distinct()
        .order_by(o.c.programme)
    )
    return [str(programme) for programme in db.execute(query).scalars()]


def _narrowed(
    db: Database, year: int, scope: Select[tuple[int]], narrow: ResidentFilter
) -> Select[tuple[int]]:
    a, c, o = at.applicant, at.choice, at.offering
    if narrow.programme is not None:
        chose = (
            select(c.c.applicant_id)
            .join(o, o.c.id == c.c.offering_id)
            .where(o.c.programme == narrow.programme)
        )
        scope = scope.where(a.c.id.in_(chose))
    if narrow.status is not None:
        latest = latest_round(db, year)
        is_placed = placed_in(-1 if latest is None else latest.id)
        scope = scope.where(is_placed if narrow.status is PlacementStatus.PLACED else ~is_placed)
    return scope


def _latest_published(db: Database, year: int) -> RoundRef | None:
    """The round whose result the page shows: the admission's latest (``latest_round``)."""
    latest = latest_round(db, year)
    return None if latest is None else next(r for r in rounds(db, year) if r.id == latest.id)


def _resident_ids(year: int, actor: Actor) -> Select[tuple[int]]:
    a, y = at.applicant, at.admission_year
    return (
        select(a.c.id)
        .join(y, y.c.id == a.c.admission_year_id)
        .where(y.c.year == year, a.c.home_municipality == actor.municipality_code)
    )


def residents(
    db: Database,
    year: int,
    actor: Actor,
    *,
    limit: int = 50,
    offset: int = 0,
    narrow: ResidentFilter | None = None,
) -> tuple[list[Resident], int]:
    """A page of the actor's residents by name (those ``narrow`` lets through), and how many
    there are in all."""
    a, c, o, p = at.applicant, at.choice, at.offering, at.placement
    scope = _resident_ids(year, actor)
    if narrow is not None:
        scope = _narrowed(db, year, scope, narrow)
    total = db.execute(select(func.count()).select_from(scope.subquery())).scalar_one()
    people = list(
        db.execute(
            select(
                a.c.id,
                a.c.personal_id,
                a.c.name,
                is_protected(a.c.personal_id).label("protected_identity"),
            )
            .where(a.c.id.in_(scope))
            .order_by(a.c.name, a.c.id)
            .limit(limit)
            .offset(offset)
        )
    )
    ids = [row.id for row in people]
    chosen: dict[int, list[str]] = defaultdict(list)
    query = select(c.c.applicant_id, o.c.code).join(o, o.c.id == c.c.offering_id)
    for code_row in db.execute(query.where(c.c.applicant_id.in_(ids)).order_by(c.c.rank)):
        chosen[code_row.applicant_id].append(code_row.code)
    placed: dict[int, tuple[str | None, int | None]] = {}
    latest = _latest_published(db, year)
    if latest is not None:
        result = select(p.c.applicant_id, o.c.code, p.c.rank).outerjoin(
            o, o.c.id == p.c.offering_id
        )
        for hit in db.execute(result.where(p.c.round_id == latest.id, p.c.applicant_id.in_(ids))):
            placed[hit.applicant_id] = (hit.code, hit.rank)
    masked = not actor.may_see_protected_identities
    return [
        Resident(
            None if row.protected_identity and masked else row.personal_id,
            PROTECTED_NAME if row.protected_identity and masked else row.name,
            bool(row.protected_identity),
            chosen[row.id],
            *placed.get(row.id, (None, None)),
        )
        for row in people
    ], total


def municipality_statistics(db: Database, year: int, actor: Actor) -> MunicipalityStatistics:
    """Totals of the actor's residents and figures per programme (latest published round),
    counted in SQL: each resident has one first choice and one placement per round at most."""
    c, o, p = at.choice, at.offering, at.placement
    scope = _resident_ids(year, actor)
    first_choices = (
        select(o.c.programme, func.count())
        .select_from(c)
        .join(o, o.c.id == c.c.offering_id)
        .where(c.c.rank == 1, c.c.applicant_id.in_(scope))
        .group_by(o.c.programme)
    )
    wanted: Counter[str] = Counter(dict(db.execute(first_choices).all()))
    latest = _latest_published(db, year)
    got: Counter[str] = Counter()
    on_first = 0
    if latest is not None:
        placements = (
            select(o.c.programme, func.count(), func.count(case((p.c.rank == 1, 1))))
            .select_from(p)
            .join(o, o.c.id == p.c.offering_id)
            .where(p.c.round_id == latest.id, p.c.applicant_id.in_(scope))
            .group_by(o.c.programme)
        )
        for programme, placed, first in db.execute(placements):
            got[programme], on_first = int(placed), on_first + int(first)
    placed_total = sum(got.values())
    return MunicipalityStatistics(
        str(actor.municipality_code),
        latest,
        sum(wanted.values()),
        placed_total,
        on_first,
        ratio(on_first, placed_total, _SHARE),
        [ProgrammeFigures(k, wanted[k], got[k]) for k in sorted(set(wanted) | set(got))],
    )
