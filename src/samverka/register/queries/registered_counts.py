"""How many people the youth register has registered on a day, per municipality and birth
date: what other contexts count young people by (the admission service fee's cohort,
``association.fees``; a state grant keyed by an age band, ``association.grants``).

A person counts once per municipality and birth date however many registration periods they
have there that day; a registration period holds on a day from its start to its end, both
included, or without end (the youth register's rule: ``register.domain.population``). The
caller chooses the birth dates (``born_from`` to ``born_until``, both included) and, if it wants,
the municipalities; how a birth date maps to an age or a cohort is the caller's rule.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import distinct, func, or_, select
from sqlalchemy.orm import Session

from samverka.register.db import tables as rt


def registered_by_birth_date(
    session: Session,
    on: date,
    *,
    born_from: date,
    born_until: date,
    municipalities: Collection[str] | None = None,
) -> dict[tuple[str, date], int]:
    """``(municipality code, birth date)`` → people registered there on ``on``."""
    r, p = rt.registration_period, rt.register_person
    query = (
        select(r.c.municipality_code, p.c.birth_date, func.count(distinct(r.c.personal_id)))
        .join(p, p.c.personal_id == r.c.personal_id)
        .where(
            r.c.start <= on,
            or_(r.c.end.is_(None), r.c.end >= on),
            p.c.birth_date >= born_from,
            p.c.birth_date <= born_until,
        )
        .group_by(r.c.municipality_code, p.c.birth_date)
    )
    if municipalities is not None:
        query = query.where(r.c.municipality_code.in_(list(municipalities)))
    return {(code, born): int(count) for code, born, count in session.execute(query)}
