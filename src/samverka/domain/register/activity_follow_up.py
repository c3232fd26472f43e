"""The municipalities' activity follow-up (kommunala aktivitetsansvaret, KAA).

Rules (admissions-rules.md §6; skollagen 29 kap. 9 §; SCB's half-yearly collection):

* A person is in the KAA group of municipality M on day D when, on D, they are registered in M,
  have turned 16 and not yet 20 (the legal window runs until the 20th birthday; the register's
  age band setting is used, default 16–19, so "until 20" = "at most 19 years old"), have no
  school placement in force, and have not completed a national programme. [I] "Completed
  compulsory school" is not in the register: the 16th birthday stands in for it.
* The municipality records contacts, measures and a status per person. The status in force on
  D is the latest recorded on or before D; none recorded is NOT_CONTACTED.
* The half-year report (H1 = January–June, H2 = July–December) counts the persons who were in
  the group during the half-year by their status at its end. [I] "During the half-year" is
  decided on the first day of every month and on the last day of the half-year. [I] A
  half-year lies in a year of the calendar, 1–9999 (there is no year 0): any other is refused
  as input, before a day of it is computed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date
from enum import StrEnum

from samverka.domain.register.placements import SchoolPlacement, completed_national_programme
from samverka.domain.register.population import AgeBand, RegistrationPeriod, registration_on


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
    MEASURE = "measure"
    STATUS = "status"


@dataclass(frozen=True, slots=True)
class FollowUpEntry:
    """One recorded contact, measure or status of a person, dated ``on``."""

    personal_id: str
    kind: EntryKind
    on: date
    status: KaaStatus | None
    note: str


def status_on(entries: Iterable[FollowUpEntry], day: date) -> KaaStatus:
    """The latest status recorded on or before ``day`` (NOT_CONTACTED when none)."""
    dated = [(e.on, i, e.status) for i, e in enumerate(entries) if e.status is not None]
    current = [item for item in dated if item[0] <= day]
    if not current:
        return KaaStatus.NOT_CONTACTED
    status = max(current)[2]
    assert status is not None
    return status


def in_group(
    birth_date: date,
    periods: Sequence[RegistrationPeriod],
    placements: Sequence[SchoolPlacement],
    municipality: str,
    day: date,
    band: AgeBand,
) -> bool:
    """Whether the person is in ``municipality``'s KAA group on ``day``."""
    registration = registration_on(periods, day)
    return (
        registration is not None
        and registration.municipality == municipality
        and band.contains(birth_date, day)
        and not any(p.in_force(day) for p in placements)
        and not completed_national_programme(placements, day)
    )


@dataclass(frozen=True, slots=True)
class HalfYear:
    year: int
    half: int  # 1 or 2

    def __post_init__(self) -> None:
        if self.half not in (1, 2):
            raise ValueError("a half-year is 1 or 2")
        if not MINYEAR <= self.year <= MAXYEAR:
            raise ValueError(f"a half-year is in a year {MINYEAR}–{MAXYEAR}, not {self.year}")

    @classmethod
    def parse(cls, text: str) -> HalfYear:
        """``2026H2`` (or ``2026h2``); a ``ValueError`` naming the problem otherwise."""
        year, _, half = text.strip().upper().partition("H")
        if not (year.isdigit() and half in ("1", "2")):
            raise ValueError(f"{text!r} is not a half-year such as 2026H2")
        return cls(int(year), int(half))

    def __str__(self) -> str:
        return f"{self.year}H{self.half}"

    @property
    def first(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def last(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    def checkpoints(self) -> list[date]:
        start = self.first.month
        return [date(self.year, month, 1) for month in range(start, start + 6)] + [self.last]


@dataclass(frozen=True, slots=True)
class HalfYearReport:
    municipality: str
    half_year: HalfYear
    counts: dict[KaaStatus, int]  # every status, zero included

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def half_year_report(
    municipality: str,
    half_year: HalfYear,
    members: Iterable[str],
    entries: Mapping[str, Sequence[FollowUpEntry]],
) -> HalfYearReport:
    """Counts by status at the half-year's end of ``members`` (those in the group during it)."""
    counted = Counter(status_on(entries.get(pid, ()), half_year.last) for pid in set(members))
    return HalfYearReport(
        municipality, half_year, {status: counted.get(status, 0) for status in KaaStatus}
    )
