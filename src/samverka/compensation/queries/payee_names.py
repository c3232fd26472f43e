"""The names of the compensation's independent payees by their organisation numbers, for pages
that would otherwise show an organiser by its number alone (the compensation terms' payees)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.compensation.db import terms_tables as t


def payee_names(session: Session) -> dict[str, str]:
    """Organisation number → name of every payee that has a number."""
    p = t.compensation_payee
    rows = session.execute(
        select(p.c.organisation_number, p.c.name).where(p.c.organisation_number.is_not(None))
    )
    return {number: name for number, name in rows if number}
