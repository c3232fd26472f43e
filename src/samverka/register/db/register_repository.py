"""The youth register in the database: registration periods, loads, changes, school placements
and the activity follow-up entries.

Large writes (a population load of 150,000 persons) go through ``bulk_insert`` (COPY on
PostgreSQL); a load reads the open periods once. ``pupil_records`` answers the monthly
compensation run in three queries, whatever the number of pupils.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from samverka.admission.db import tables as at
from samverka.compensation.domain.organiser import Organiser, OrganiserKind
from samverka.compensation.domain.pupil_record import Placement, PupilRecord, Registration
from samverka.platform.db.inserts import bulk_insert, insert_returning_id
from samverka.platform.domain.personal_id import parse_personal_id
from samverka.register.db import tables as t
from samverka.register.db.register_rows import entry_from_row, period_from_row, placement_from_row
from samverka.register.db.young_people import young_people
from samverka.register.domain.activity_follow_up import (
    FollowUpEntry,
)
from samverka.register.domain.kaa_group import YoungPerson
from samverka.register.domain.placements import EndReason, SchoolPlacement
from samverka.register.domain.population import (
    ChangeEvent,
    PopulationRecord,
    RegistrationPeriod,
)
from samverka.register.ports import CurrentRegister, FollowUpErasure

_CHUNK = 20_000
_IN_CHUNK = 900  # identity numbers per IN list (SQLite's old limit of bound parameters is 999)


def organiser_of(kind: str, municipality: str | None, number: str | None, name: str) -> Organiser:
    """The compensation organiser of a stored organiser row (kinds: municipal, regional,
    independent); an independent organiser without an organisation number goes by its name."""
    if kind == "municipal" and municipality:
        return Organiser.municipality(municipality)
    if kind == "regional":
        return Organiser(OrganiserKind.REGION, number or municipality or name)
    return Organiser.independent(number or name)


def overlapping(start: Any, end: Any, first: date, last: date) -> ColumnElement[bool]:
    return and_(start <= last, or_(end.is_(None), end >= first))


class SqlRegisterRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    # -- population ------------------------------------------------------------------------
    def last_extract_date(self) -> date | None:
        value = self._s.execute(select(func.max(t.population_load.c.extract_date))).scalar()
        return value if isinstance(value, date) else None

    def current(self) -> CurrentRegister:
        r, p = t.registration_period, t.register_person
        query = (
            select(
                r.c.personal_id,
                p.c.birth_date,
                r.c.name,
                r.c.municipality_code,
                r.c.address,
                r.c.protected_identity,
                r.c.registered_on,
                r.c.start,
            )
            .join(p, p.c.personal_id == r.c.personal_id)
            .where(r.c.end.is_(None))
        )
        records: dict[str, PopulationRecord] = {}
        starts: dict[str, date] = {}
        for row in self._s.execute(query):
            pid = row[0]
            records[pid] = PopulationRecord(pid, row[1], row[2], row[3], row[4], row[5], row[6])
            starts[pid] = row[7]
        return CurrentRegister(records, starts)

    def person_ids(self) -> set[str]:
        return set(self._s.execute(select(t.register_person.c.personal_id)).scalars())

    def add_load(
        self, extract_date: date, source: str, persons: int, changes: int, at: datetime, by: str
    ) -> int:
        values = {
            "extract_date": extract_date,
            "source": source[:200],
            "persons": persons,
            "changes": changes,
            "loaded_at": at,
            "loaded_by": by,
        }
        return insert_returning_id(self._s, t.population_load, values)

    def add_persons(self, persons: Mapping[str, date]) -> None:
        rows = [{"personal_id": pid, "birth_date": born} for pid, born in persons.items()]
        bulk_insert(self._s, t.register_person, rows)

    def close_periods(self, ends: Mapping[str, date]) -> None:
        if not ends:
            return
        r = t.registration_period
        statement = (
            update(r)
            .where(r.c.personal_id == bindparam("pid"), r.c.end.is_(None))
            .values(end=bindparam("new_end"))
            .execution_options(synchronize_session=False)
        )
        rows = [{"pid": pid, "new_end": end} for pid, end in ends.items()]
        connection = self._s.connection()
        for index in range(0, len(rows), _CHUNK):
            connection.execute(statement, rows[index : index + _CHUNK])

    def add_periods(self, periods: Sequence[RegistrationPeriod]) -> None:
        rows = [
            {
                "personal_id": p.personal_id,
                "municipality_code": p.municipality,
                "name": p.name,
                "address": p.address,
                "protected_identity": p.protected_identity,
                "registered_on": p.registered_on,
                "start": p.start,
                "end": p.end,
                "source": p.source.value,
            }
            for p in periods
        ]
        bulk_insert(self._s, t.registration_period, rows)

    def last_registration_ends(self, personal_ids: Collection[str]) -> dict[str, date | None]:
        r = t.registration_period
        wanted = sorted(set(personal_ids))
        found: dict[str, list[date | None]] = defaultdict(list)
        for start in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[start : start + _IN_CHUNK]
            query = select(r.c.personal_id, r.c.end).where(r.c.personal_id.in_(chunk))
            for pid, end in self._s.execute(query):
                found[pid].append(end)
        return {
            pid: None if None in ends else max(end for end in ends if end is not None)
            for pid, ends in found.items()
        }

    def add_registrations(
        self, periods: Sequence[RegistrationPeriod], birth_dates: Mapping[str, date]
    ) -> None:
        if not periods:
            return
        p = t.register_person
        wanted = sorted({period.personal_id for period in periods})
        known: set[str] = set()
        for start in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[start : start + _IN_CHUNK]
            query = select(p.c.personal_id).where(p.c.personal_id.in_(chunk))
            known.update(self._s.execute(query).scalars())
        self.add_persons({pid: birth_dates[pid] for pid in wanted if pid not in known})
        self.add_periods(periods)

    def applicant_homes(
        self, admission_year_id: int, personal_ids: Collection[str]
    ) -> dict[str, PopulationRecord]:
        a = at.applicant
        wanted = sorted(set(personal_ids))
        homes: dict[str, PopulationRecord] = {}
        for start in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[start : start + _IN_CHUNK]
            query = select(
                a.c.personal_id, a.c.name, a.c.home_municipality, a.c.protected_identity
            ).where(a.c.admission_year_id == admission_year_id, a.c.personal_id.in_(chunk))
            for pid, name, home, protected in self._s.execute(query):
                born = parse_personal_id(pid, today=date.max).birth_date  # stored: canonical
                homes[pid] = PopulationRecord(pid, born, name, home, "", bool(protected), None)
        return homes

    def add_changes(self, load_id: int, changes: Sequence[ChangeEvent]) -> None:
        rows = [
            {
                "load_id": load_id,
                "personal_id": c.personal_id,
                "kind": c.kind.value,
                "on": c.on,
                "before": None if c.before is None else c.before[:300],
                "after": None if c.after is None else c.after[:300],
            }
            for c in changes
        ]
        bulk_insert(self._s, t.register_change, rows)

    def history(self, personal_id: str) -> list[RegistrationPeriod]:
        r = t.registration_period
        query = select(r).where(r.c.personal_id == personal_id).order_by(r.c.start, r.c.id)
        return [period_from_row(row) for row in self._s.execute(query)]

    # -- placements ------------------------------------------------------------------------
    def placements(self, personal_ids: Collection[str] | None = None) -> list[SchoolPlacement]:
        s = t.school_placement
        query = select(s).order_by(s.c.personal_id, s.c.start, s.c.id)
        if personal_ids is not None:
            query = query.where(s.c.personal_id.in_(list(personal_ids)))
        return [placement_from_row(row) for row in self._s.execute(query)]

    def placement(self, placement_id: int) -> SchoolPlacement | None:
        s = t.school_placement
        row = self._s.execute(select(s).where(s.c.id == placement_id)).first()
        return None if row is None else placement_from_row(row)

    def placed_from_year(self, admission_year_id: int) -> set[str]:
        s = t.school_placement
        query = select(s.c.personal_id).where(s.c.admission_year_id == admission_year_id)
        return set(self._s.execute(query).scalars())

    def placed_on_or_after(self, day: date) -> set[str]:
        s = t.school_placement
        query = select(s.c.personal_id).where(or_(s.c.end.is_(None), s.c.end >= day)).distinct()
        return set(self._s.execute(query).scalars())

    def add_placements(
        self,
        placements: Sequence[SchoolPlacement],
        *,
        admission_year_id: int | None = None,
        merit_values: Mapping[str, Decimal] | None = None,
    ) -> list[int]:
        merits = merit_values or {}
        rows = [
            {
                "personal_id": p.personal_id,
                "school_unit_code": p.school_unit,
                "programme": p.programme,
                "orientation": p.orientation,
                "start": p.start,
                "end": p.end,
                "end_reason": None if p.end_reason is None else p.end_reason.value,
                "admission_year_id": admission_year_id,
                "merit_value": merits.get(p.personal_id),
            }
            for p in placements
        ]
        if not rows:
            return []
        # One statement for all rows (insertmanyvalues), the ids in the order of ``placements``.
        s = t.school_placement
        inserted = insert(s).returning(s.c.id, sort_by_parameter_order=True)
        return list(self._s.execute(inserted, rows).scalars())

    def end_placement(self, placement_id: int, end: date, reason: EndReason) -> None:
        s = t.school_placement
        self._s.execute(
            update(s).where(s.c.id == placement_id).values(end=end, end_reason=reason.value)
        )

    # -- the activity follow-up ------------------------------------------------------------
    def add_follow_up(self, entry: FollowUpEntry, municipality: str, at: datetime, by: str) -> int:
        values = {
            "personal_id": entry.personal_id,
            "municipality_code": municipality,
            "kind": entry.kind.value,
            "on": entry.on,
            "status": None if entry.status is None else entry.status.value,
            "note": entry.note,
            "measure": None if entry.measure is None else entry.measure.value,
            "ends": entry.ends,
            "recorded_at": at,
            "recorded_by": by,
        }
        return insert_returning_id(self._s, t.follow_up_entry, values)

    def follow_up_entries(
        self, personal_id: str, municipality: str | None = None
    ) -> list[FollowUpEntry]:
        f = t.follow_up_entry
        query = select(f).where(f.c.personal_id == personal_id).order_by(f.c.on, f.c.id)
        if municipality is not None:
            query = query.where(f.c.municipality_code == municipality)
        return [entry_from_row(row) for row in self._s.execute(query)]

    # -- retention of the activity follow-up ----------------------------------------------
    def retention_months(self, municipality: str) -> int | None:
        r = t.kaa_retention
        query = select(r.c.months).where(r.c.municipality_code == municipality)
        value = self._s.execute(query).scalar()
        return None if value is None else int(value)

    def set_retention_months(self, municipality: str, months: int, at: datetime, by: str) -> None:
        r = t.kaa_retention
        found = self._s.execute(
            select(r.c.municipality_code).where(r.c.municipality_code == municipality)
        )
        values = {"months": months, "set_at": at, "set_by": by}
        if found.first() is None:
            self._s.execute(insert(r).values(municipality_code=municipality, **values))
        else:
            self._s.execute(update(r).where(r.c.municipality_code == municipality).values(**values))

    def follow_up_by_person(self, municipality: str) -> dict[str, list[FollowUpEntry]]:
        """Every entry ``municipality`` recorded, by person, in date order."""
        f = t.follow_up_entry
        query = select(f).where(f.c.municipality_code == municipality).order_by(f.c.on, f.c.id)
        found: dict[str, list[FollowUpEntry]] = defaultdict(list)
        for row in self._s.execute(query):
            found[row.personal_id].append(entry_from_row(row))
        return dict(found)

    def erase_follow_up(
        self, erasure: FollowUpErasure, entry_ids: Collection[int]
    ) -> tuple[int, int]:
        """Record ``erasure`` and the entries it removes, then delete them; returns the
        erasure's id and how many were deleted. The database deletes only what it names."""
        values = {
            "municipality_code": erasure.municipality,
            "erased_on": erasure.erased_on,
            "retention_months": erasure.retention_months,
            "persons": erasure.persons,
            "contacts": erasure.contacts,
            "measures": erasure.measures,
            "measure_ends": erasure.measure_ends,
            "statuses": erasure.statuses,
            "erased_at": erasure.erased_at,
            "erased_by": erasure.erased_by,
        }
        erasure_id = insert_returning_id(self._s, t.follow_up_erasure, values)
        rows = [{"entry_id": entry_id, "erasure_id": erasure_id} for entry_id in sorted(entry_ids)]
        bulk_insert(self._s, t.follow_up_erased_entry, rows)
        if self._s.get_bind().dialect.name == "postgresql":
            call = text("SELECT samverka_erase_follow_up(CAST(:erasure AS bigint))")
            return erasure_id, int(self._s.execute(call, {"erasure": erasure_id}).scalar() or 0)
        f, e = t.follow_up_entry, t.follow_up_erased_entry
        named = select(e.c.entry_id).where(e.c.erasure_id == erasure_id)
        result = self._s.execute(delete(f).where(f.c.id.in_(named)))
        return erasure_id, int(getattr(result, "rowcount", 0) or 0)

    def young_people(self, personal_ids: Collection[str]) -> dict[str, YoungPerson]:
        return young_people(self._s, personal_ids)

    # -- for the monthly compensation run --------------------------------------------------
    def pupil_records(self, first: date, last: date) -> list[PupilRecord]:
        """Everyone with a placement overlapping [first, last]: those placements, their
        registrations overlapping the same days, and their year-9 merit value."""
        s, u, g, r = t.school_placement, at.school_unit, at.organiser, t.registration_period
        in_window = overlapping(s.c.start, s.c.end, first, last)
        placed = select(s.c.personal_id).where(in_window).distinct().scalar_subquery()
        query = (
            select(
                s.c.personal_id,
                s.c.school_unit_code,
                s.c.programme,
                s.c.orientation,
                s.c.start,
                s.c.end,
                s.c.merit_value,
                g.c.kind,
                g.c.municipality_code,
                g.c.organisation_number,
                g.c.name,
                u.c.municipality_code,
            )
            .join(u, u.c.code == s.c.school_unit_code)
            .join(g, g.c.id == u.c.organiser_id)
            .where(in_window)
            .order_by(s.c.personal_id, s.c.start, s.c.id)
        )
        placements: dict[str, list[Placement]] = defaultdict(list)
        merits: dict[str, Decimal] = {}
        organisers: dict[tuple[str, str | None, str | None, str], Organiser] = {}
        for row in self._s.execute(query):
            key = (row[7], row[8] or row[11], row[9], row[10])
            organiser = organisers.get(key)
            if organiser is None:
                organiser = organisers[key] = organiser_of(*key)
            placements[row[0]].append(
                Placement(organiser, row[1], row[2], row[3] or None, row[4], row[5])
            )
            if row[6] is not None:
                merits[row[0]] = Decimal(row[6])
        registrations: dict[str, list[Registration]] = defaultdict(list)
        periods = (
            select(r.c.personal_id, r.c.municipality_code, r.c.start, r.c.end)
            .where(r.c.personal_id.in_(placed), overlapping(r.c.start, r.c.end, first, last))
            .order_by(r.c.personal_id, r.c.start, r.c.id)
        )
        for pid, municipality, start, end in self._s.execute(periods):
            _append_merged(registrations[pid], Registration(municipality, start, end))
        return [
            PupilRecord(pid, tuple(rows), tuple(registrations.get(pid, ())), merits.get(pid))
            for pid, rows in placements.items()
        ]


def _append_merged(registrations: list[Registration], new: Registration) -> None:
    """Adjacent periods in one municipality (an address change) make one registration."""
    if registrations:
        previous = registrations[-1]
        adjacent = previous.end is not None and (new.start - previous.end).days == 1
        if adjacent and previous.municipality == new.municipality:
            registrations[-1] = Registration(previous.municipality, previous.start, new.end)
            return
    registrations.append(new)
