"""What publishing a stored round would change, against the round published last: the
confirmation page the officer reads before publishing (issue 15 point 7).

A publication cannot be undone (a published round is write-once: docs/security.md), so the page
says what applicants will see: how many are admitted, how many move to another offering, how
many are admitted who were not, and how many lose the place they had (a decline or a closed
offering; admissions-rules §11.2 invariant 8 forbids any other), and per offering the admitted
before and after, where they differ. Counts only: no person is named. The admitted per offering
are the round's stored counts (``cutoff.admitted``); the moves compare the two rounds'
placements applicant by applicant in one query.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from samverka.admission.db import tables as t
from samverka.admission.domain.rounds import RoundKind, RoundStatus
from samverka.admission.queries.admission_statistics import RoundRef, round_of_year

Database = Session | Connection


@dataclass(frozen=True, slots=True)
class OfferingChange:
    code: str
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class PublicationPreview:
    round: RoundRef
    against: RoundRef | None  # the round published last; None: this is the year's first
    admitted: int
    admitted_before: int
    moved: int  # admitted in both, to another offering
    newly_admitted: int
    newly_unplaced: int  # admitted before, not now
    offerings: list[OfferingChange]  # only where the count of admitted differs, by code


def publication_preview(db: Database, year: int, round_id: int) -> PublicationPreview:
    """The preview of publishing ``round_id``; ``NotFound`` for a round not of ``year``."""
    this = round_of_year(db, year, round_id)
    r = t.admission_round
    previous = db.execute(
        select(r.c.id)
        .where(r.c.admission_year_id == _year_id(db, year))
        .where(r.c.status == RoundStatus.PUBLISHED.value, r.c.kind != RoundKind.SIMULATION.value)
        .order_by(r.c.id.desc())
        .limit(1)
    ).scalar()
    against = None if previous is None else round_of_year(db, year, previous)
    now, then = t.placement.alias("now"), t.placement.alias("then")
    joined = now.outerjoin(
        then,
        and_(then.c.applicant_id == now.c.applicant_id, then.c.round_id == (previous or -1)),
    )
    placed_now, placed_then = now.c.offering_id.is_not(None), then.c.offering_id.is_not(None)
    counts = db.execute(
        select(
            func.count().filter(placed_now),
            func.count().filter(placed_now, placed_then, now.c.offering_id != then.c.offering_id),
            func.count().filter(placed_now, ~placed_then),
            func.count().filter(~placed_now, placed_then),
        )
        .select_from(joined)
        .where(now.c.round_id == round_id)
    ).one()
    admitted_before = 0
    if previous is not None:
        admitted_before = int(
            db.execute(
                select(func.count())
                .select_from(t.placement)
                .where(t.placement.c.round_id == previous, t.placement.c.offering_id.is_not(None))
            ).scalar_one()
        )
    return PublicationPreview(
        this,
        against,
        int(counts[0]),
        admitted_before,
        int(counts[1]),
        int(counts[2]),
        int(counts[3]),
        _offering_changes(db, round_id, previous),
    )


def _offering_changes(db: Database, round_id: int, previous: int | None) -> list[OfferingChange]:
    after = _admitted(db, round_id)
    before = {} if previous is None else _admitted(db, previous)
    codes = sorted(set(after) | set(before))
    changes = [OfferingChange(code, before.get(code, 0), after.get(code, 0)) for code in codes]
    return [change for change in changes if change.before != change.after]


def _admitted(db: Database, round_id: int) -> dict[str, int]:
    """The admitted per offering code in ``round_id``, as the round stored them."""
    c, o = t.cutoff, t.offering
    rows = db.execute(
        select(o.c.code, c.c.admitted)
        .join(o, o.c.id == c.c.offering_id)
        .where(c.c.round_id == round_id)
    )
    return {str(code): int(admitted) for code, admitted in rows}


def _year_id(db: Database, year: int) -> int:
    y = t.admission_year
    return int(db.execute(select(y.c.id).where(y.c.year == year)).scalar_one())
