"""What a municipality has to do in the activity follow-up (KAA), for the start page (issue 15
point 8): the people in its group today who have not been contacted, or were sought but not
reached (``KaaStatus``), with the same scope and rules as ``/kommun/kaa``
(``activity_follow_up.kaa_page``), counted in SQL (issue 15 point 2: the page's server time)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from samverka.platform.access.domain.actors import Actor
from samverka.register.domain.activity_follow_up import KaaStatus
from samverka.register.queries.activity_follow_up import kaa_count

NEEDING_CONTACT = frozenset({KaaStatus.NOT_CONTACTED, KaaStatus.NOT_REACHED})


def kaa_needing_contact(
    db: Session | Connection, actor: Actor, municipality: str, day: date
) -> int:
    return kaa_count(db, actor, municipality, day, NEEDING_CONTACT)
