"""The half-year report of the activity follow-up (KAA): the person-level records SCB collects for
Skolverket, and the summary counts.

Sources: skollagen (2010:800) 29 kap. 9 § and 26 kap. 25 § (the municipality reports to the
national follow-up); förordning (2006:39) 3 § (the register serves that reporting); SCB,
"Kommunernas aktivitetsansvar", the collection's page and its "Instruktioner till Kommunernas
aktivitetsansvar" (every young person in the group during the half-year is reported, with the
measures they took part in; the form's blocks: 1 obligatory data, 2 contact with the individual
and the occupation at the contact, 3 measure begun, 4 measure ended, 5 the responsibility has
ended; several contacts and measures in one period are several records); Skolverket's statistics
of the collection (the reason for registration since 1 July 2017: interrupted a national
programme, completed with a studiebevis, left an introductory programme, never studied in
upper-secondary school; the reasons for deregistration: began or completed an education, turned
20, moved). The collection's exact record layout and numeric codes are in ``docs/kaa.md`` (what
is known and what is not) and in ``register.files.kaa_collection_file`` (the one place to
adjust them).

Procedure for one person (``person_records``), for each spell of membership
(``kaa_group.group_spells``) that overlaps the half-year:

* block 1: the person, the spell's first day (even before the half-year: the registration date)
  and the reason for registration (``registration_reason``: the last placement that ended before
  the spell, else whether the admission data shows year 9);
* block 2: each contact dated within the spell and the half-year, with the occupation in force
  that day (``status_on``);
* block 3 / block 4: each measure begun / ended within the spell and the half-year (the end with
  the occupation after it);
* block 5: when the spell ends within the half-year: the first day outside the group and why
  (``deregistration_reason``).

The summary (``half_year_report``) counts persons, not spells: by their status at the end of
their last spell in the half-year, those contacted, those in a measure, those who entered and
those who left (by reason), and by the reason for registration.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from samverka.register.domain.activity_follow_up import (
    EntryKind,
    FollowUpEntry,
    HalfYear,
    KaaStatus,
    MeasureSpan,
    MeasureType,
    measures,
    status_on,
)
from samverka.register.domain.compulsory_school import compulsory_school_end
from samverka.register.domain.kaa_group import (
    AGE_LIMIT,
    Spell,
    YoungPerson,
    birthday,
    group_spells,
    home_municipality_on,
)
from samverka.register.domain.placements import EndReason

ONE_DAY = timedelta(days=1)


class Block(StrEnum):
    """The blocks of SCB's form."""

    REGISTERED = "1"  # obligatory data: the person, registered since, reason
    CONTACT = "2"  # contact with the individual, occupation at the contact
    MEASURE_BEGUN = "3"
    MEASURE_ENDED = "4"
    ENDED = "5"  # the responsibility has ended


class RegistrationReason(StrEnum):
    NEVER_STARTED = "never_started"  # has not studied in upper-secondary school
    INTERRUPTED = "interrupted"  # interrupted a national programme
    STUDIEBEVIS = "studiebevis"  # completed a programme with a studiebevis, no examen
    LEFT_INTRODUCTORY = "left_introductory"  # left an introductory programme
    UNKNOWN = "unknown"  # no school data (e.g. registered in Sweden past school age)


class DeregistrationReason(StrEnum):
    TURNED_20 = "turned_20"
    MOVED = "moved"  # another home municipality, or left the region
    STARTED_NATIONAL = "started_national"  # began a national programme
    STARTED_INTRODUCTORY = "started_introductory"  # began an introductory programme
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class CollectionRecord:
    """One record of the person-level file."""

    block: Block
    personal_id: str
    municipality: str
    registered_on: date  # the first day of the spell
    reason: RegistrationReason
    day: date | None = None  # contact, measure begun or ended, responsibility ended
    occupation: KaaStatus | None = None  # at the contact; after the measure
    measure: MeasureType | None = None
    deregistration: DeregistrationReason | None = None


def registration_reason(person: YoungPerson, start: date) -> RegistrationReason:
    """Why the person is in the group from ``start``: what they last did at school."""
    ended = [p for p in person.placements if p.end is not None and p.end < start]
    if ended:
        last = max(ended, key=lambda p: (p.end or p.start, p.start))
        if not last.national_programme:
            return RegistrationReason.LEFT_INTRODUCTORY
        if last.end_reason in (EndReason.STUDIEBEVIS, EndReason.COMPLETED):
            return RegistrationReason.STUDIEBEVIS
        return RegistrationReason.INTERRUPTED
    schooling = person.schooling
    if schooling.final_grade_years or schooling.autumn_grade_years:
        return RegistrationReason.NEVER_STARTED  # year-9 grades, no placement since
    return RegistrationReason.UNKNOWN


def deregistration_reason(
    person: YoungPerson, municipality: str, day_out: date
) -> DeregistrationReason:
    """Why the person is no longer in the group on ``day_out`` (the day after a spell)."""
    if day_out >= birthday(person.birth_date, AGE_LIMIT):
        return DeregistrationReason.TURNED_20
    if home_municipality_on(person, day_out) != municipality:
        return DeregistrationReason.MOVED
    started = [p for p in person.placements if p.in_force(day_out)]
    if any(p.national_programme for p in started):
        return DeregistrationReason.STARTED_NATIONAL
    if started:
        return DeregistrationReason.STARTED_INTRODUCTORY
    return DeregistrationReason.OTHER


def spells_in(person: YoungPerson, municipality: str, half: HalfYear) -> list[Spell]:
    """The person's spells in the group that overlap ``half``, with their true first days."""
    earliest = min(compulsory_school_end(person.schooling).on, half.first)
    spells = group_spells(person, municipality, earliest, half.last)
    return [s for s in spells if s.end is None or s.end >= half.first]


def person_records(
    person: YoungPerson, municipality: str, half: HalfYear, entries: Sequence[FollowUpEntry]
) -> list[CollectionRecord]:
    """The person's records for ``half`` (the module's procedure); none when not in the group."""
    found = person_half_year(person, municipality, half, entries)
    return [] if found is None else list(found.records)


@dataclass(frozen=True, slots=True)
class PersonHalfYear:
    """One person's half-year: their records and what the summary counts of them."""

    personal_id: str
    records: tuple[CollectionRecord, ...]
    status: KaaStatus  # at the end of their last spell in the half-year
    reason: RegistrationReason  # of their last spell
    left: DeregistrationReason | None  # their last spell ended within the half-year
    entered: bool  # a spell began within the half-year
    contacted: bool
    in_measure: bool


def person_half_year(
    person: YoungPerson, municipality: str, half: HalfYear, entries: Sequence[FollowUpEntry]
) -> PersonHalfYear | None:
    """``person``'s records and counts for ``half``; ``None`` when not in the group in it."""
    spells = spells_in(person, municipality, half)
    if not spells:
        return None
    spans = measures(entries)
    records = [
        r
        for spell in spells
        for r in _spell_records(person, municipality, half, spell, entries, spans)
    ]
    final = spells[-1]
    ended = final.end is not None and final.end < half.last
    last_day = final.end if ended and final.end is not None else half.last
    return PersonHalfYear(
        person.personal_id,
        tuple(records),
        status_on(entries, last_day),
        registration_reason(person, final.start),
        records[-1].deregistration if ended else None,
        any(s.start >= half.first for s in spells),
        any(r.block is Block.CONTACT for r in records),
        any(span.overlaps(max(spells[0].start, half.first), last_day) for span in spans),
    )


def _spell_records(
    person: YoungPerson,
    municipality: str,
    half: HalfYear,
    spell: Spell,
    entries: Sequence[FollowUpEntry],
    spans: Sequence[MeasureSpan],
) -> list[CollectionRecord]:
    first = max(spell.start, half.first)
    last = half.last if spell.end is None else min(spell.end, half.last)
    base = CollectionRecord(
        Block.REGISTERED,
        person.personal_id,
        municipality,
        spell.start,
        registration_reason(person, spell.start),
    )
    records = [base]
    for entry in sorted(entries, key=lambda e: (e.on, e.id or 0)):
        if entry.kind is EntryKind.CONTACT and first <= entry.on <= last:
            occupation = status_on(entries, entry.on)
            records.append(replace(base, block=Block.CONTACT, day=entry.on, occupation=occupation))
    for span in spans:
        if first <= span.start <= last:
            begun = replace(base, block=Block.MEASURE_BEGUN, day=span.start, measure=span.measure)
            records.append(begun)
        if span.end is not None and first <= span.end <= last:
            ended = replace(
                base,
                block=Block.MEASURE_ENDED,
                day=span.end,
                measure=span.measure,
                occupation=span.status_after,
            )
            records.append(ended)
    if spell.end is not None and spell.end < half.last:
        out = spell.end + ONE_DAY
        why = deregistration_reason(person, municipality, out)
        records.append(replace(base, block=Block.ENDED, day=out, deregistration=why))
    return records


@dataclass(frozen=True, slots=True)
class HalfYearReport:
    """The summary counts of one municipality's half-year."""

    municipality: str
    half_year: HalfYear
    counts: dict[KaaStatus, int]  # persons by status at the end of their time in the half-year
    contacted: int  # persons with at least one contact in the half-year
    in_measure: int  # persons in at least one measure during the half-year
    entered: int  # persons whose time in the group began in the half-year
    left: dict[DeregistrationReason, int]  # persons whose last spell ended in the half-year
    reasons: dict[RegistrationReason, int]  # persons by the reason for their (last) registration
    withheld: int = 0  # protected persons counted here, left out of the reader's records

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def half_year_report(
    municipality: str, half: HalfYear, people: Iterable[PersonHalfYear], withheld: int = 0
) -> HalfYearReport:
    """The summary counts of ``people`` (each person's ``person_half_year``)."""
    statuses: Counter[KaaStatus] = Counter()
    left: Counter[DeregistrationReason] = Counter()
    reasons: Counter[RegistrationReason] = Counter()
    contacted = in_measure = entered = 0
    for person in people:
        statuses[person.status] += 1
        reasons[person.reason] += 1
        if person.left is not None:
            left[person.left] += 1
        contacted += person.contacted
        in_measure += person.in_measure
        entered += person.entered
    return HalfYearReport(
        municipality,
        half,
        {status: statuses.get(status, 0) for status in KaaStatus},
        contacted,
        in_measure,
        entered,
        {reason: left.get(reason, 0) for reason in DeregistrationReason},
        {reason: reasons.get(reason, 0) for reason in RegistrationReason},
        withheld,
    )
