"""The structure supplement per school unit and programme on a day, without naming any pupil.

Every pupil placed on ``on`` (the register's placements) counts in their (school unit,
programme); a pupil whose year-9 merit value falls in one of the year's tiers adds that tier's
yearly amount (``compensation.domain.structure_supplement``). The answer holds counts and sums
only. The officer, the analyst and the municipalities see every school unit; a school sees its
own units only.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from samverka.compensation.db.compensation_repository import SqlCompensationRepository
from samverka.compensation.domain.structure_supplement import (
    SupplementGroup,
    SupplementPupil,
    aggregate_supplements,
)
from samverka.errors import N_, NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.register.db.register_repository import SqlRegisterRepository

READERS = frozenset({Role.OFFICER, Role.ANALYST, Role.MUNICIPALITY, Role.SCHOOL})


def structure_supplements(
    session: Session, actor: Actor, year: int, on: date
) -> tuple[SupplementGroup, ...]:
    """The year's supplement for the pupils placed on ``on``, per (school unit, programme)."""
    if actor.role not in READERS:
        raise NotPermitted(
            N_("Strukturtillägget är för antagningskansliet, analytiker, kommuner och skolor.")
        )
    schedule = SqlCompensationRepository(session).supplement_schedule(year)
    if schedule is None:
        raise NotFound(N_("Det finns inga nivåer för strukturtillägg %(year)s än."), year=year)
    own = actor.school_unit_codes if actor.role is Role.SCHOOL else None
    pupils = [
        SupplementPupil(placement.school_unit, placement.programme, record.year9_merit)
        for record in SqlRegisterRepository(session).pupil_records(on, on)
        for placement in record.placements
        if placement.start <= on and (placement.end is None or on <= placement.end)
        if own is None or placement.school_unit in own
    ]
    return aggregate_supplements(pupils, schedule)
