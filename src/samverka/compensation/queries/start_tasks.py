"""What a municipality (or the officer) has to look at in the compensation, for the start page
(issue 15 point 8): the anomalies of the newest month with a compensation run, counted with the
same scope as ``/ersattning/avvikelser`` (``compensation_anomalies.month_anomalies``), and the
association's newest price proposal while the municipality has not decided on it
(``compensation_terms_view.proposal_overview``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from samverka.compensation.db import tables as t
from samverka.compensation.domain.period import Month
from samverka.compensation.queries.compensation_anomalies import month_anomalies
from samverka.compensation.queries.compensation_terms_view import (
    latest_proposal_year,
    proposal_overview,
)
from samverka.platform.access.domain.actors import Actor


@dataclass(frozen=True, slots=True)
class MonthAnomalies:
    month: Month
    count: int


def latest_month_anomalies(db: Session | Connection, actor: Actor) -> MonthAnomalies | None:
    """The anomalies the actor may see in the newest month with a run; ``None``: no run yet."""
    latest = db.execute(select(func.max(t.compensation_run.c.month))).scalar()
    if latest is None:
        return None
    month = Month.parse(str(latest))
    _, count = month_anomalies(db, actor, month, limit=0)
    return MonthAnomalies(month, count)


def undecided_price_proposal(session: Session, actor: Actor) -> int | None:
    """The year of the newest price proposal the actor's municipality has not decided on."""
    year = latest_proposal_year(session)
    if year is None or actor.municipality_code is None:
        return None
    overview = proposal_overview(session, actor, year)
    if overview.proposal is None or actor.municipality_code not in overview.undecided:
        return None
    return year
