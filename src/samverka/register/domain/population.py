"""Population records, the age band, and change detection between two population extracts.

Rules (admissions-rules.md §6; the issue "Register"):

* The register holds persons registered (folkbokförda) in a member municipality whose age on
  the extract's date lies in the age band (a setting, default 16–19: from the 16th birthday up to
  the day before the 20th), and every pupil with a placement at the region's schools whatever
  their age (``register.domain.coverage`` decides which rows of an extract are kept; issue 13
  point 1, admissions-rules §6 "Correction (turn 2)"). The birth date comes from the identity
  number; a coordination number has 60 added to the day (``parse_personal_id`` takes it off).
* A new extract is compared with the register's current state (``detect_changes``). Every
  difference is a dated ``ChangeEvent``: NEW (not in the register before), MOVED (another member
  municipality), ADDRESS_CHANGED (same municipality, other address or registration date),
  NAME_CHANGED, PROTECTION_CHANGED, and for a person no longer kept AGED_OUT (past the band on
  the extract's date and no placement in force) or LEFT_REGION (missing from the extract: moved
  out of the region, emigrated, died; the extract does not say which).
* Dates: a change takes effect on the extract's date, except NEW and MOVED, which take the
  registration date of the extract's row when it is given and lies after the person's current
  period began (``effective_date``); never after the extract's date.
* Each event carries the person's record after the change (None when they left), so applying
  the events to the old state gives exactly the new extract (``apply_changes``); the same
  extract loaded twice gives no events.
* History: a change closes the person's current registration period the day before it takes
  effect and opens a new one (``plan_history``); nothing else of the history is ever changed.
* Each period names its source (``RegistrationSource``): the population extract, or, for a pupil
  the extract does not cover (under or over the age band before any extract kept them, or
  registered outside the area), the admission or the school's registration
  (``register.domain.coverage``, issue 13 point 1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class AgeBand:
    """Ages ``minimum`` to ``maximum`` inclusive, in whole years on a date."""

    minimum: int = 16
    maximum: int = 19

    def __post_init__(self) -> None:
        if not 0 <= self.minimum <= self.maximum:
            raise ValueError("the age band must have 0 <= minimum <= maximum")

    def contains(self, birth_date: date, on: date) -> bool:
        return self.minimum <= age_on(birth_date, on) <= self.maximum

    def past(self, birth_date: date, on: date) -> bool:
        return age_on(birth_date, on) > self.maximum


def age_on(birth_date: date, on: date) -> int:
    """Age in whole years on ``on`` (someone born on 29 February ages on 1 March)."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


@dataclass(frozen=True, slots=True)
class PopulationRecord:
    """One row of a population extract, validated: the identity number is canonical."""

    personal_id: str
    birth_date: date
    name: str
    municipality: str
    address: str = ""
    protected_identity: bool = False
    registered_on: date | None = None  # the date of registration in the municipality


class RegistrationSource(StrEnum):
    """Who said where the person is registered: the population extract (folkbokföring from
    Navet), the admission (the applicant's home municipality) or the school's registration."""

    POPULATION = "population"
    ADMISSION = "admission"
    SCHOOL = "school"


class ChangeKind(StrEnum):
    NEW = "new"
    MOVED = "moved"
    ADDRESS_CHANGED = "address_changed"
    NAME_CHANGED = "name_changed"
    PROTECTION_CHANGED = "protection_changed"
    LEFT_REGION = "left_region"
    AGED_OUT = "aged_out"


LEAVING = frozenset({ChangeKind.LEFT_REGION, ChangeKind.AGED_OUT})


@dataclass(frozen=True, slots=True)
class ChangeEvent:
    """A dated change of one person; ``before``/``after`` name what changed, as text."""

    personal_id: str
    kind: ChangeKind
    on: date
    before: str | None
    after: str | None
    record: PopulationRecord | None  # the person after the change; None when they left


def in_band(
    extract: Iterable[PopulationRecord], band: AgeBand, on: date
) -> dict[str, PopulationRecord]:
    """The extract's records of persons in the age band on ``on``, by identity number."""
    return {r.personal_id: r for r in extract if band.contains(r.birth_date, on)}


def effective_date(record: PopulationRecord, since: date | None, extract_date: date) -> date:
    """When a NEW or MOVED takes effect: the registration date, if after ``since`` and not
    after the extract's date; else the extract's date."""
    registered = record.registered_on
    if registered is None or registered > extract_date:
        return extract_date
    if since is not None and registered <= since:
        return extract_date
    return registered


def detect_changes(
    previous: Mapping[str, PopulationRecord],
    current: Mapping[str, PopulationRecord],
    extract_date: date,
    *,
    band: AgeBand,
    period_starts: Mapping[str, date] | None = None,
) -> list[ChangeEvent]:
    """Every change from ``previous`` (the register now) to ``current`` (the new extract, in
    the band), in identity-number order; ``period_starts``: when each current period began."""
    starts = period_starts or {}
    events: list[ChangeEvent] = []
    for pid in sorted(previous.keys() | current.keys()):
        old, new = previous.get(pid), current.get(pid)
        if old == new:
            continue
        if old is None:
            assert new is not None
            on = effective_date(new, None, extract_date)
            events.append(ChangeEvent(pid, ChangeKind.NEW, on, None, new.municipality, new))
        elif new is None:
            kind = (
                ChangeKind.AGED_OUT
                if band.past(old.birth_date, extract_date)
                else ChangeKind.LEFT_REGION
            )
            events.append(ChangeEvent(pid, kind, extract_date, old.municipality, None, None))
        else:
            events.extend(_differences(old, new, extract_date, starts.get(pid)))
    return events


def _differences(
    old: PopulationRecord, new: PopulationRecord, extract_date: date, since: date | None
) -> list[ChangeEvent]:
    pid = old.personal_id
    events = []
    if old.municipality != new.municipality:
        on = effective_date(new, since, extract_date)
        events.append(
            ChangeEvent(pid, ChangeKind.MOVED, on, old.municipality, new.municipality, new)
        )
    elif old.address != new.address or old.registered_on != new.registered_on:
        kind = ChangeKind.ADDRESS_CHANGED
        events.append(ChangeEvent(pid, kind, extract_date, old.address, new.address, new))
    if old.name != new.name:
        events.append(
            ChangeEvent(pid, ChangeKind.NAME_CHANGED, extract_date, old.name, new.name, new)
        )
    if old.protected_identity != new.protected_identity:
        before, after = _flag(old.protected_identity), _flag(new.protected_identity)
        events.append(
            ChangeEvent(pid, ChangeKind.PROTECTION_CHANGED, extract_date, before, after, new)
        )
    return events


def _flag(value: bool) -> str:
    return "yes" if value else "no"


def apply_changes(
    previous: Mapping[str, PopulationRecord], events: Iterable[ChangeEvent]
) -> dict[str, PopulationRecord]:
    """The state after ``events``: each event sets its person's record (or removes them)."""
    state = dict(previous)
    for event in events:
        if event.record is None:
            state.pop(event.personal_id, None)
        else:
            state[event.personal_id] = event.record
    return state


@dataclass(frozen=True, slots=True)
class RegistrationPeriod:
    """The person as registered from ``start`` to ``end`` inclusive (None: still so)."""

    personal_id: str
    municipality: str
    name: str
    address: str
    protected_identity: bool
    start: date
    end: date | None = None
    registered_on: date | None = None
    source: RegistrationSource = RegistrationSource.POPULATION

    def in_force(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class HistoryPlan:
    """What a load does to the history: periods to close (id → end date) and periods to open."""

    closed: dict[str, date]
    opened: list[RegistrationPeriod]


def plan_history(events: Sequence[ChangeEvent]) -> HistoryPlan:
    """Close each changed person's open period the day before the change and open a new one.

    A person with several events in one load gets one new period from the earliest of them.
    """
    first: dict[str, date] = {}
    final: dict[str, PopulationRecord | None] = {}
    for event in events:
        first[event.personal_id] = min(event.on, first.get(event.personal_id, event.on))
        final[event.personal_id] = event.record
    closed: dict[str, date] = {}
    opened: list[RegistrationPeriod] = []
    new = {e.personal_id for e in events if e.kind is ChangeKind.NEW}
    for pid, on in first.items():
        if pid not in new:
            closed[pid] = on - ONE_DAY
        record = final[pid]
        if record is not None:
            opened.append(period_of(record, on))
    return HistoryPlan(closed, opened)


def period_of(
    record: PopulationRecord,
    start: date,
    source: RegistrationSource = RegistrationSource.POPULATION,
) -> RegistrationPeriod:
    return RegistrationPeriod(
        record.personal_id,
        record.municipality,
        record.name,
        record.address,
        record.protected_identity,
        start,
        None,
        record.registered_on,
        source,
    )


def registration_on(periods: Iterable[RegistrationPeriod], day: date) -> RegistrationPeriod | None:
    """The period in force on ``day`` (periods of one person never overlap)."""
    return next((p for p in periods if p.in_force(day)), None)
