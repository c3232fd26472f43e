"""The municipalities' activity follow-up (kommunala aktivitetsansvaret, KAA): what a municipality
records of a young person, and the half-year.

Sources: skollagen (2010:800) 29 kap. 9 § (the home municipality keeps itself informed of the
young people's occupation, offers them suitable individual measures, documents them and keeps a
register); förordning (2006:39) om register och dokumentation vid fullgörandet av kommunernas
aktivitetsansvar för ungdomar, 4 § (what the register may hold: name, identity number, address,
earlier, present and future occupation, and the measures: their content and when they begin);
SCB's half-yearly collection for Skolverket, "Kommunernas aktivitetsansvar" (contacts, measures
begun and ended, the end of the responsibility; ``kaa_collection``). Who is in the group is
``kaa_group``.

* The municipality records **contacts** (with a note), **measures** (a type from
  ``MeasureType``, begun on the entry's day), the **end of a measure** (naming the measure, with
  the occupation after it when known) and **statuses** (the occupation: ``KaaStatus``).
* The status in force on a day is the latest recorded on or before it (a status entry, or the
  occupation recorded with the end of a measure); none recorded is NOT_CONTACTED.
* A measure is in force from its day until the day its end is recorded (inclusive).
* Half-years: H1 = January–June, H2 = July–December, as SCB collects them. [I] A half-year lies
  in a year of the calendar, 1–9999 (there is no year 0): any other is refused as input, before
  a day of it is computed, with a Swedish reason (``BadValue``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date
from enum import StrEnum

from samverka.errors import N_, BadValue


class KaaStatus(StrEnum):
    NOT_CONTACTED = "not_contacted"  # ej kontaktad
    NOT_REACHED = "not_reached"  # sökt men ej nådd
    CONTACTED = "contacted"  # kontakt, ingen åtgärd
    IN_MEASURE = "in_measure"  # i individuell åtgärd genom kommunen
    WORKING = "working"  # arbetar
    STUDYING_ELSEWHERE = "studying_elsewhere"  # studerar (komvux, folkhögskola, utomlands)
    OTHER = "other"  # annan sysselsättning
    DECLINED = "declined"  # avböjer insats


class EntryKind(StrEnum):
    CONTACT = "contact"
    MEASURE = "measure"  # a measure begins
    MEASURE_ENDED = "ended"  # a measure ends
    STATUS = "status"


class MeasureType(StrEnum):
    """The individual measures (the measure types SCB's collection and Skolverket's statistics
    name; ``kaa_collection`` maps them to the collection's codes)."""

    GUIDANCE = "guidance"  # studie- och yrkesvägledning
    MOTIVATION = "motivation"  # motiverande samtal, kartläggning, coachning
    WORK_PLACEMENT = "work_placement"  # praktik
    ADULT_EDUCATION = "adult_education"  # kommunal vuxenutbildning: grundläggande nivå, sfi
    FOLK_HIGH_SCHOOL = "folk_high_school"  # studier på folkhögskola
    OTHER = "other"  # annan åtgärd


@dataclass(frozen=True, slots=True)
class FollowUpEntry:
    """One recorded contact, measure (begun or ended) or status of a person, dated ``on``."""

    personal_id: str
    kind: EntryKind
    on: date
    status: KaaStatus | None
    note: str
    measure: MeasureType | None = None  # MEASURE: its type
    ends: int | None = None  # MEASURE_ENDED: the id of the MEASURE entry it ends
    id: int | None = None


@dataclass(frozen=True, slots=True)
class MeasureSpan:
    """A measure from ``start`` to ``end`` inclusive (None: still in force)."""

    entry_id: int | None
    measure: MeasureType
    start: date
    end: date | None
    status_after: KaaStatus | None  # the occupation after it, recorded with its end

    def overlaps(self, first: date, last: date) -> bool:
        return self.start <= last and (self.end is None or first <= self.end)


def entry_problems(entry: FollowUpEntry, earlier: Sequence[FollowUpEntry]) -> list[tuple[str, str]]:
    """What is wrong with ``entry`` given the person's ``earlier`` entries, as (field, reason);
    empty when it may be recorded."""
    problems: list[tuple[str, str]] = []
    if entry.kind is EntryKind.STATUS and entry.status is None:
        problems.append(("status", "a status entry needs a status"))
    if entry.kind in (EntryKind.CONTACT, EntryKind.MEASURE) and entry.status is not None:
        problems.append(("status", "a contact or a new measure has no status; record one apart"))
    if entry.kind is EntryKind.CONTACT and not entry.note.strip():
        problems.append(("note", "describe the contact"))
    if (entry.kind is EntryKind.MEASURE) != (entry.measure is not None):
        problems.append(("measure", "a new measure, and only a new measure, has a type"))
    if entry.kind is EntryKind.MEASURE_ENDED:
        problems.extend(_end_problems(entry, earlier))
    elif entry.ends is not None:
        problems.append(("ends", "only the end of a measure names the measure it ends"))
    return problems


def _end_problems(entry: FollowUpEntry, earlier: Sequence[FollowUpEntry]) -> list[tuple[str, str]]:
    span = next((m for m in measures(earlier) if m.entry_id == entry.ends), None)
    if span is None:
        return [("ends", "there is no such measure of this person")]
    if span.end is not None:
        return [("ends", f"the measure already ended on {span.end}")]
    if entry.on < span.start:
        return [("on", f"a measure cannot end before it began ({span.start})")]
    return []


def measures(entries: Iterable[FollowUpEntry]) -> list[MeasureSpan]:
    """Every measure of ``entries``, with its end when recorded, in the order begun."""
    ordered = sorted(entries, key=lambda e: (e.on, e.id or 0))
    ends = {e.ends: e for e in ordered if e.kind is EntryKind.MEASURE_ENDED and e.ends is not None}
    spans = []
    for entry in ordered:
        if entry.kind is not EntryKind.MEASURE or entry.measure is None:
            continue
        ended = ends.get(entry.id) if entry.id is not None else None
        end, after = (None, None) if ended is None else (ended.on, ended.status)
        spans.append(MeasureSpan(entry.id, entry.measure, entry.on, end, after))
    return spans


def status_on(entries: Iterable[FollowUpEntry], day: date) -> KaaStatus:
    """The latest status recorded on or before ``day`` (NOT_CONTACTED when none)."""
    dated = [(e.on, e.id or 0, i, e.status) for i, e in enumerate(entries) if e.status is not None]
    current = [item for item in dated if item[0] <= day]
    if not current:
        return KaaStatus.NOT_CONTACTED
    status = max(current)[3]
    assert status is not None
    return status


@dataclass(frozen=True, slots=True)
class HalfYear:
    year: int
    half: int  # 1 or 2

    def __post_init__(self) -> None:
        if self.half not in (1, 2):
            raise BadValue(N_("Ett halvår är 1 eller 2, inte %(half)s."), half=self.half)
        if not MINYEAR <= self.year <= MAXYEAR:
            raise BadValue(
                N_("Ett halvår ligger i ett år %(first)s–%(last)s, inte %(year)s."),
                first=MINYEAR,
                last=MAXYEAR,
                year=self.year,
            )

    @classmethod
    def parse(cls, text: str) -> HalfYear:
        """``2026H2`` (or ``2026h2``); a ``BadValue`` (a ``ValueError``) naming the problem in
        Swedish otherwise."""
        year, _, half = text.strip().upper().partition("H")
        if not (year.isdigit() and len(year) == 4 and half in ("1", "2")):
            raise BadValue(N_("%(text)s är inte ett halvår skrivet som 2026H2."), text=repr(text))
        return cls(int(year), int(half))

    @classmethod
    def of(cls, day: date) -> HalfYear:
        """The half-year ``day`` lies in."""
        return cls(day.year, 1 if day.month <= 6 else 2)

    def __str__(self) -> str:
        return f"{self.year}H{self.half}"

    @property
    def first(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def last(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)
