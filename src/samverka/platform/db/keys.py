"""Database ids of an admission year's applicants and offerings, by their business keys."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as at


def applicant_ids(session: Session, year_id: int) -> dict[str, int]:
    """Applicant ids by personal identity number."""
    a = at.applicant
    query = select(a.c.personal_id, a.c.id).where(a.c.admission_year_id == year_id)
    return dict(session.execute(query).all())


def offering_ids(session: Session, year_id: int) -> dict[str, int]:
    """Offering ids by offering code."""
    o = at.offering
    query = select(o.c.code, o.c.id).where(o.c.admission_year_id == year_id)
    return dict(session.execute(query).all())
