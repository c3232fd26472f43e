"""The admission area as a list: each municipality with its terms (``admission.domain.area``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.admission.domain.area import AreaTerms
from samverka.platform.db import tables as pt


@dataclass(frozen=True, slots=True)
class AreaParty:
    code: str
    name: str
    terms: AreaTerms


def area_parties(session: Session) -> list[AreaParty]:
    """Every known municipality with its terms: the area's parties first, then the others."""
    m = pt.municipality
    rows = session.execute(select(m.c.code, m.c.name, m.c.admission_terms).order_by(m.c.code))
    parties = [AreaParty(code, name, AreaTerms(terms)) for code, name, terms in rows]
    order = list(AreaTerms)
    return sorted(parties, key=lambda p: (order.index(p.terms), p.code))
