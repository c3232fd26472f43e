"""A small state grant for the e2e tests of the association's state grant pages and API: keyed
out in equal shares to the year's municipalities (0180 Stockholm, 0182 Nacka), with one report
of use by Stockholm."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session, sessionmaker

from samverka.association.grants.domain.grant_allocation import AllocationKeyKind, GrantTerms
from samverka.association.grants.domain.grant_follow_up import UseCategory
from samverka.association.grants.services.state_grants import (
    KeyRequest,
    UseRequest,
    allocate_grant,
    create_grant,
    report_use,
)
from samverka.platform.access.domain.actors import Actor, Role
from samverka.unit_of_work import SqlUnitOfWork

STAFF = Actor("stina", Role.ASSOCIATION_STAFF, "Stina")
STOCKHOLM = Actor("kommun", Role.MUNICIPALITY, "Stockholm", municipality_code="0180")
AT = datetime(2026, 3, 1, 9, tzinfo=UTC)
USE = UseRequest(
    UseCategory.TRAINING,
    "Utbildning i psykisk hälsa",
    Decimal(1000),
    date(2026, 1, 1),
    date(2026, 2, 28),
)


def add_grants(database: sessionmaker[Session]) -> tuple[int, int]:
    """Two grants: the first allocated with a report of use (id 1 in a fresh database), the
    second allocated with none (so that it may be allocated again); their ids."""
    ids = []
    for name in ("Psykisk hälsa", "Barn och unga"):
        grant_id = create_grant(
            SqlUnitOfWork(database),
            actor=STAFF,
            name=name,
            year=2026,
            terms=GrantTerms(Decimal(1_000_001), Decimal(50), Decimal(4)),
            report_due=date(2026, 6, 30),
            now=AT,
        )
        allocate_grant(
            SqlUnitOfWork(database),
            actor=STAFF,
            grant_id=grant_id,
            key=KeyRequest(AllocationKeyKind.EQUAL),
            now=AT,
        )
        ids.append(grant_id)
    report_use(SqlUnitOfWork(database), actor=STOCKHOLM, grant_id=ids[0], use=USE, now=AT)
    return ids[0], ids[1]
