"""What the applicant pages read the same for everyone: the newest admission year with its
calendar and settings, the area's terms, what the area's own schools offer, the catalogue's
search choices and its whole list of offerings with their folded texts (searched in memory,
``catalogue.search_kept``), and the latest published round, kept per process while the
catalogue's version stands (issue 15, point 15: the applicant pages under load).

The database keeps the version (``catalogue_version``, migration 0028): triggers on every table
these facts are read from move it on in the same transaction as the write, whoever writes. A
request reads the version (one primary-key row) and uses the facts its process read before
while the version is the same; otherwise it reads them again. So a change of the catalogue, the
terms, the calendar or a published round, made through any process, is seen at the next request
of every process. The version is read before the facts, so facts kept under a version are
never older than it. Each year's facts are read the first time a page asks for them (the
newest year's by the applicant pages, an earlier one's by a counsellor's). The facts are kept
per database (per connection pool), so two applications on one database in one process keep
their own, as two processes would.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool

from samverka.admission.db import tables as t
from samverka.admission.domain.area import AdmissionArea, AreaTerms
from samverka.admission.domain.calendar import AdmissionCalendar
from samverka.admission.domain.reception import CatalogueFacts, OfferingFacts
from samverka.admission.domain.rounds import RoundKind, RoundStatus
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.queries.catalogue import (
    CatalogueChoices,
    KeptCatalogue,
    catalogue_choices,
    kept_catalogue,
)
from samverka.admission.queries.year_dates import YearDates
from samverka.errors import N_, NotFound
from samverka.platform.db import tables as pt


@dataclass(frozen=True, slots=True)
class PublishedRound:
    """The latest published round of the year that is not a simulation."""

    id: int
    kind: RoundKind
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class YearFacts:
    year: int
    year_id: int
    region: str
    calendar: AdmissionCalendar
    settings: YearSettings
    area: AdmissionArea  # every municipality's terms
    offered: CatalogueFacts  # what the municipalities and the region offer at their own schools
    choices: CatalogueChoices  # the catalogue's programmes and municipalities
    published: PublishedRound | None
    catalogue: KeptCatalogue  # every offering in the catalogue's order, with folded texts

    @property
    def dates(self) -> YearDates:
        return YearDates(self.year, self.region, self.calendar, self.settings.no_reply)


@dataclass(frozen=True, slots=True)
class _Kept:
    """What a process keeps under one version: the newest year, and each year's facts read."""

    version: int | None
    newest: int | None
    years: dict[int, YearFacts] = field(default_factory=dict)


# Read on every applicant page: built once, run on the session's connection.
_VERSION = select(t.catalogue_version.c.version).where(t.catalogue_version.c.id == 1)
_KEPT: WeakKeyDictionary[Pool, _Kept] = WeakKeyDictionary()
_LOCK = threading.Lock()


def newest_year_facts(session: Session) -> YearFacts:
    """The facts of the newest admission year; ``NotFound`` when there is none."""
    kept = _current(session)
    facts = None if kept.newest is None else _facts(session, kept, kept.newest)
    if facts is None:
        raise NotFound(N_("Det finns inget antagningsår än."))
    return facts


def year_facts(session: Session, year: int) -> YearFacts | None:
    """The facts of ``year``; ``None`` when there is no such year."""
    return _facts(session, _current(session), year)


def _current(session: Session) -> _Kept:
    """What this process keeps under the database's version now: read the version, and start
    afresh when it has moved (or when the database has none: then nothing is kept)."""
    version = session.connection().execute(_VERSION).scalar()
    pool = _pool(session)
    kept = _KEPT.get(pool)
    if kept is not None and version is not None and kept.version == version:
        return kept
    newest = session.execute(select(func.max(t.admission_year.c.year))).scalar()
    kept = _Kept(version, None if newest is None else int(newest))
    if version is not None:
        with _LOCK:
            _KEPT[pool] = kept
    return kept


def _facts(session: Session, kept: _Kept, year: int) -> YearFacts | None:
    found = kept.years.get(year)
    if found is None:
        found = _read(session, year)
        if found is not None:  # a year asked for that does not exist is not kept
            kept.years[year] = found
    return found


def _pool(session: Session) -> Pool:
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, Connection | Engine) else None
    if engine is None:
        raise TypeError("the session must be bound to an engine")
    return engine.pool


def _read(session: Session, year: int) -> YearFacts | None:
    y = t.admission_year
    row = session.execute(
        select(y.c.id, y.c.region, y.c.calendar, y.c.settings).where(y.c.year == year)
    ).first()
    if row is None:
        return None
    m = pt.municipality
    terms = session.execute(select(m.c.code, m.c.admission_terms))
    return YearFacts(
        year,
        row.id,
        row.region,
        AdmissionCalendar.from_dict(row.calendar),
        YearSettings.from_dict(row.settings),
        AdmissionArea({code: AreaTerms(value) for code, value in terms}),
        _offered(session, row.id),
        catalogue_choices(session, year),
        _published(session, row.id),
        kept_catalogue(session, year),
    )


def _offered(session: Session, year_id: int) -> CatalogueFacts:
    """What the area's municipalities and region offer at their own schools in the year."""
    o, s, g = t.offering, t.school_unit, t.organiser
    query = (
        select(o.c.programme, o.c.orientation, g.c.kind, g.c.municipality_code)
        .distinct()
        .join(s, s.c.code == o.c.school_unit_code)
        .join(g, g.c.id == s.c.organiser_id)
        .where(o.c.admission_year_id == year_id, g.c.kind.in_(["municipal", "regional"]))
    )
    return CatalogueFacts.of(
        OfferingFacts(programme, orientation, kind, code if kind == "municipal" else None)
        for programme, orientation, kind, code in session.execute(query)
    )


def _published(session: Session, year_id: int) -> PublishedRound | None:
    r = t.admission_round
    found = session.execute(
        select(r.c.id, r.c.kind, r.c.published_at)
        .where(r.c.admission_year_id == year_id, r.c.status == RoundStatus.PUBLISHED.value)
        .where(r.c.kind != RoundKind.SIMULATION.value)
        .order_by(r.c.id.desc())
        .limit(1)
    ).first()
    return (
        None
        if found is None
        else PublishedRound(found.id, RoundKind(found.kind), found.published_at)
    )
