"""The names of the admission's organisers and school units by their codes, for pages that would
otherwise show a code alone: an independent organiser by its organisation number, a school unit
by its school unit code (Skolverket's skolenhetskod). Read in one query each, once per page."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as t


def organiser_names(session: Session) -> dict[str, str]:
    """Organisation number → name of every organiser that has one."""
    o = t.organiser
    rows = session.execute(
        select(o.c.organisation_number, o.c.name).where(o.c.organisation_number.is_not(None))
    )
    return {number: name for number, name in rows if number}


def school_unit_names(session: Session) -> dict[str, str]:
    """School unit code → name of every school unit."""
    s = t.school_unit
    return {row.code: row.name for row in session.execute(select(s.c.code, s.c.name))}
