"""What is read of the placed pupil-months the runs did not pay: a month's anomalies, each with
its reason, and the month's accounting (placed = paid + not charged + anomalies).

Sources: issue 13 point 2 ("each anomaly: pupil (masked where protected for non-officers), month,
placement, reason code + Swedish/English text", shown on the run and the officer's page);
admissions-rules §11.2 item 11 (protected identities); ``compensation.domain.unpaid``.

Who sees what: the admission officer every anomaly of the region (or of one municipality they
name); a municipality those of its own: pupils whose home municipality it is, and pupils at its
own schools (as organiser). Anyone else: ``NotPermitted``. A pupil is named by identity number
and name from the register (the registration in force on the measurement date, else their
latest, else the admission's); a protected pupil (``platform.db.protection``) is masked for
everyone but the officer. The accounting is counts of the whole region, no one named.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as at
from samverka.admission.queries.admission_statistics import Database
from samverka.admission.queries.round_lists import PROTECTED_NAME
from samverka.compensation.db import tables as t
from samverka.compensation.db.compensation_repository import SqlCompensationRepository
from samverka.compensation.domain.month_lines import UnpaidReason
from samverka.compensation.domain.monthly_compensation import CompensationSettings
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.unpaid import MonthAccount
from samverka.compensation.queries.compensation_check import month_accounts
from samverka.errors import N_, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.db.protection import is_protected
from samverka.register.db import tables as rt


@dataclass(frozen=True, slots=True)
class AnomalyRow:
    personal_id: str | None  # None when masked
    name: str
    service_month: Month
    reason: UnpaidReason
    measurement_date: date
    home_municipality: str | None
    school_unit: str | None
    programme: str | None
    orientation: str | None
    detail: str  # in English, for the officer's inquiries
    run_id: int


def _scope(actor: Actor, municipality: str | None) -> str | None:
    if actor.role is Role.OFFICER:
        return municipality
    if actor.role is Role.MUNICIPALITY:
        if municipality not in (None, actor.municipality_code):
            raise NotPermitted(N_("En kommun ser bara avvikelserna för sina egna elever."))
        return actor.municipality_code
    raise NotPermitted(N_("Avvikelserna i ersättningen är för antagningskansliet och kommunerna."))


def _query(month: Month, municipality: str | None) -> Select[Any]:
    u, r = t.compensation_unpaid, rt.registration_period
    in_force = (
        select(r.c.name)
        .where(
            r.c.personal_id == u.c.pupil_id,
            r.c.start <= u.c.measurement_date,
            or_(r.c.end.is_(None), r.c.end >= u.c.measurement_date),
        )
        .order_by(r.c.start.desc())
        .limit(1)
        .scalar_subquery()
    )
    latest = (
        select(r.c.name)
        .where(r.c.personal_id == u.c.pupil_id)
        .order_by(r.c.start.desc())
        .limit(1)
        .scalar_subquery()
    )
    a = at.applicant
    applied = (
        select(a.c.name)
        .where(a.c.personal_id == u.c.pupil_id)
        .order_by(a.c.admission_year_id.desc())
        .limit(1)
        .scalar_subquery()
    )
    query = select(
        u.c.pupil_id,
        func.coalesce(in_force, latest, applied, "").label("name"),
        is_protected(u.c.pupil_id).label("protected"),
        u.c.reason,
        u.c.measurement_date,
        u.c.payer,
        u.c.school_unit,
        u.c.programme,
        u.c.orientation,
        u.c.detail,
        u.c.run_id,
    ).where(
        u.c.service_month == str(month),
        u.c.reason != UnpaidReason.OWN_MUNICIPALITY.value,
    )
    if municipality is not None:
        s, g = at.school_unit, at.organiser
        own_school = exists().where(
            s.c.code == u.c.school_unit,
            g.c.id == s.c.organiser_id,
            g.c.kind == "municipal",
            g.c.municipality_code == municipality,
        )
        query = query.where(or_(u.c.payer == municipality, and_(own_school)))
    return query


def month_anomalies(
    db: Database,
    actor: Actor,
    month: Month,
    *,
    municipality: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[AnomalyRow], int]:
    """The anomalies of ``month`` the actor may see (module docstring), by reason, school unit
    and pupil, from ``offset`` (at most ``limit``), and how many there are in all."""
    scope = _scope(actor, municipality)
    query = _query(month, scope)
    total = int(db.execute(select(func.count()).select_from(query.subquery())).scalar_one())
    u = t.compensation_unpaid
    order = (u.c.reason, u.c.school_unit, u.c.pupil_id)
    page = query.with_only_columns(u.c.id).order_by(*order).offset(offset)
    if limit is not None:
        page = page.limit(limit)
    # the names and protection are looked up for the page's rows only
    ordered = query.where(u.c.id.in_(page.scalar_subquery())).order_by(*order)
    masked = not actor.may_see_protected_identities
    rows = []
    for (pid, name, protected, reason, day, payer, unit, programme, orientation, detail,
         run_id) in db.execute(ordered):  # fmt: skip
        hide = bool(protected) and masked
        rows.append(
            AnomalyRow(
                None if hide else pid,
                PROTECTED_NAME if hide else (name or "–"),
                month,
                UnpaidReason(reason),
                day,
                payer,
                unit,
                programme,
                orientation,
                "" if hide else detail,
                run_id,
            )
        )
    return rows, total


def month_account(session: Session, actor: Actor, month: Month) -> MonthAccount:
    """The region's accounting of ``month`` (counts only: no one named)."""
    _scope(actor, None if actor.role is Role.OFFICER else actor.municipality_code)
    settings = SqlCompensationRepository(session).settings() or CompensationSettings()
    (account,) = month_accounts(session, [month], settings, name_pupils=False)
    return account
