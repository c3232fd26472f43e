"""A fake unit of work for the youth register's services: the register and the admission data it
reads, in memory, on the platform's ``FakeTransaction`` (what is not committed is rolled back;
only committed audit events are kept).

``FakeUnitOfWork`` satisfies ``register.ports.UnitOfWork`` (``test_follow_up_services.py``
declares one as the protocol, for mypy). Each repository keeps what the SQL one keeps and
answers as it does where the register's services can tell; what only the read side or the
compensation run asks (``pupil_records``), and what only the admission's own services write, is
not kept here and raises ``NotImplementedError``: those are tested on SQLite and PostgreSQL.

The admission data the register reads is arranged directly: ``FakeAdmissionRepository.add``
(an applicant of a year with their home municipality, protection and year-9 grades),
``FakeRoundRepository.publish`` (a published round's placements and replies) and the
catalogue's municipalities and offerings. The register itself is arranged through its own
services (``load_population``, ``import_placements``), as the database tests do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, NoReturn

from fake_transaction import FakeTransaction

from samverka.admission.domain.area import AdmissionArea, AreaTerms
from samverka.admission.domain.calendar import AdmissionCalendar, GradeTerm, stockholm_calendar
from samverka.admission.domain.rounds import RoundKind, RoundStatus
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.ports import (
    AdmissionYearRow,
    ChoiceRow,
    OfferingRow,
    PupilState,
    RoundExplanations,
    RoundRow,
    StoredResult,
)
from samverka.errors import NotFound
from samverka.platform.domain.personal_id import parse_personal_id
from samverka.register.domain.activity_follow_up import FollowUpEntry
from samverka.register.domain.compulsory_school import Schooling
from samverka.register.domain.kaa_group import AdmissionHome, YoungPerson
from samverka.register.domain.placements import EndReason, SchoolPlacement
from samverka.register.domain.population import (
    ChangeEvent,
    PopulationRecord,
    RegistrationPeriod,
)
from samverka.register.ports import CurrentRegister, FollowUpErasure

if TYPE_CHECKING:
    from samverka.admission.domain.applicants import (
        ApplicantRecord,
        EnglishDispensationDecision,
        PupilGrades,
    )
    from samverka.admission.domain.catalogue import Catalogue, Municipality
    from samverka.admission.domain.graded_instance import GradedApplicant, GradedOffering
    from samverka.compensation.domain.pupil_record import PupilRecord

FAR_FUTURE = date(9999, 12, 31)


def _not_kept(what: str) -> NoReturn:
    raise NotImplementedError(f"the register's fakes do not keep {what}: test it on a database")


# -- the register ---------------------------------------------------------------------------------
@dataclass
class StoredPlacement:
    placement: SchoolPlacement  # with its id
    admission_year_id: int | None = None
    merit_value: Decimal | None = None


@dataclass
class StoredEntry:
    entry: FollowUpEntry  # with its id
    municipality: str
    at: datetime
    by: str


@dataclass
class FakeRegisterRepository:
    """The youth register in memory: persons, registration periods, loads and their changes,
    placements, the activity follow-up's entries, retention settings and erasures. ``admission``
    is what the admission data says of the persons (homes, year-9 grades), for the KAA rules."""

    persons: dict[str, date] = field(default_factory=dict)  # identity number → birth date
    periods: list[RegistrationPeriod] = field(default_factory=list)
    loads: list[tuple[date, str, int, int]] = field(default_factory=list)  # date, source, …
    changes: list[tuple[int, ChangeEvent]] = field(default_factory=list)  # load id, change
    stored_placements: dict[int, StoredPlacement] = field(default_factory=dict)
    entries: dict[int, StoredEntry] = field(default_factory=dict)
    retention: dict[str, int] = field(default_factory=dict)
    erasures: list[tuple[FollowUpErasure, tuple[int, ...]]] = field(default_factory=list)
    # what the admission data says: identity number → (year, home municipality, grade terms)
    admission: dict[str, list[tuple[int, str, frozenset[GradeTerm]]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    _ids: int = 0

    def _next_id(self) -> int:
        self._ids += 1
        return self._ids

    # -- population ----------------------------------------------------------------------------
    def last_extract_date(self) -> date | None:
        return max((day for day, *_ in self.loads), default=None)

    def current(self) -> CurrentRegister:
        records: dict[str, PopulationRecord] = {}
        starts: dict[str, date] = {}
        for p in self.periods:
            if p.end is None:
                records[p.personal_id] = PopulationRecord(
                    p.personal_id,
                    self.persons[p.personal_id],
                    p.name,
                    p.municipality,
                    p.address,
                    p.protected_identity,
                    p.registered_on,
                )
                starts[p.personal_id] = p.start
        return CurrentRegister(records, starts)

    def person_ids(self) -> set[str]:
        return set(self.persons)

    def add_load(
        self, extract_date: date, source: str, persons: int, changes: int, at: datetime, by: str
    ) -> int:
        self.loads.append((extract_date, source, persons, changes))
        return len(self.loads)

    def add_persons(self, persons: Mapping[str, date]) -> None:
        for pid in persons:
            assert pid not in self.persons, f"{pid} is in the register already (a primary key)"
        self.persons.update(persons)

    def close_periods(self, ends: Mapping[str, date]) -> None:
        self.periods = [
            replace(p, end=ends[p.personal_id]) if p.end is None and p.personal_id in ends else p
            for p in self.periods
        ]

    def add_periods(self, periods: Sequence[RegistrationPeriod]) -> None:
        self.periods.extend(periods)

    def add_changes(self, load_id: int, changes: Sequence[ChangeEvent]) -> None:
        self.changes.extend((load_id, change) for change in changes)

    def history(self, personal_id: str) -> list[RegistrationPeriod]:
        return sorted(
            (p for p in self.periods if p.personal_id == personal_id), key=lambda p: p.start
        )

    def last_registration_ends(self, personal_ids: Collection[str]) -> dict[str, date | None]:
        ends: dict[str, list[date | None]] = defaultdict(list)
        for p in self.periods:
            if p.personal_id in personal_ids:
                ends[p.personal_id].append(p.end)
        return {
            pid: None if None in found else max(end for end in found if end is not None)
            for pid, found in ends.items()
        }

    def add_registrations(
        self, periods: Sequence[RegistrationPeriod], birth_dates: Mapping[str, date]
    ) -> None:
        wanted = {p.personal_id for p in periods}
        self.add_persons({pid: birth_dates[pid] for pid in wanted if pid not in self.persons})
        self.add_periods(periods)

    def applicant_homes(
        self, admission_year_id: int, personal_ids: Collection[str]
    ) -> dict[str, PopulationRecord]:
        homes = {}
        for pid in personal_ids:
            for year, home, _terms in self.admission.get(pid, ()):
                if year == admission_year_id:
                    born = parse_personal_id(pid, today=FAR_FUTURE).birth_date
                    homes[pid] = PopulationRecord(pid, born, f"Sökande {pid[-4:]}", home)
        return homes

    # -- placements ----------------------------------------------------------------------------
    def placements(self, personal_ids: Collection[str] | None = None) -> list[SchoolPlacement]:
        found = [
            s.placement
            for s in self.stored_placements.values()
            if personal_ids is None or s.placement.personal_id in personal_ids
        ]
        return sorted(found, key=lambda p: (p.personal_id, p.start, p.id or 0))

    def placement(self, placement_id: int) -> SchoolPlacement | None:
        stored = self.stored_placements.get(placement_id)
        return None if stored is None else stored.placement

    def placed_from_year(self, admission_year_id: int) -> set[str]:
        return {
            s.placement.personal_id
            for s in self.stored_placements.values()
            if s.admission_year_id == admission_year_id
        }

    def placed_on_or_after(self, day: date) -> set[str]:
        return {
            s.placement.personal_id
            for s in self.stored_placements.values()
            if s.placement.end is None or s.placement.end >= day
        }

    def add_placements(
        self,
        placements: Sequence[SchoolPlacement],
        *,
        admission_year_id: int | None = None,
        merit_values: Mapping[str, Decimal] | None = None,
    ) -> list[int]:
        ids = []
        for p in placements:
            placement_id = self._next_id()
            merit = (merit_values or {}).get(p.personal_id)
            stored = StoredPlacement(replace(p, id=placement_id), admission_year_id, merit)
            self.stored_placements[placement_id] = stored
            ids.append(placement_id)
        return ids

    def end_placement(self, placement_id: int, end: date, reason: EndReason) -> None:
        stored = self.stored_placements[placement_id]
        stored.placement = replace(stored.placement, end=end, end_reason=reason)

    # -- the activity follow-up ----------------------------------------------------------------
    def add_follow_up(self, entry: FollowUpEntry, municipality: str, at: datetime, by: str) -> int:
        entry_id = self._next_id()
        self.entries[entry_id] = StoredEntry(replace(entry, id=entry_id), municipality, at, by)
        return entry_id

    def follow_up_entries(
        self, personal_id: str, municipality: str | None = None
    ) -> list[FollowUpEntry]:
        found = [
            s.entry
            for s in self.entries.values()
            if s.entry.personal_id == personal_id
            and (municipality is None or s.municipality == municipality)
        ]
        return sorted(found, key=lambda e: (e.on, e.id or 0))

    def follow_up_by_person(self, municipality: str) -> dict[str, list[FollowUpEntry]]:
        found: dict[str, list[FollowUpEntry]] = defaultdict(list)
        for s in sorted(self.entries.values(), key=lambda s: (s.entry.on, s.entry.id or 0)):
            if s.municipality == municipality:
                found[s.entry.personal_id].append(s.entry)
        return dict(found)

    def retention_months(self, municipality: str) -> int | None:
        return self.retention.get(municipality)

    def set_retention_months(self, municipality: str, months: int, at: datetime, by: str) -> None:
        self.retention[municipality] = months

    def erase_follow_up(
        self, erasure: FollowUpErasure, entry_ids: Collection[int]
    ) -> tuple[int, int]:
        """As the database does: only entries of the erasure's municipality are deleted."""
        named = tuple(sorted(entry_ids))
        self.erasures.append((erasure, named))
        erased = [
            i
            for i in named
            if i in self.entries and self.entries[i].municipality == erasure.municipality
        ]
        for entry_id in erased:
            del self.entries[entry_id]
        return len(self.erasures), len(erased)

    def young_people(self, personal_ids: Collection[str]) -> dict[str, YoungPerson]:
        people = {}
        for pid in personal_ids:
            admitted = self.admission.get(pid, [])
            placements = tuple(self.placements([pid]))
            if not (pid in self.persons or admitted or placements):
                continue
            born = self.persons.get(pid) or parse_personal_id(pid, today=FAR_FUTURE).birth_date
            schooling = Schooling(
                born,
                frozenset(y for y, _, terms in admitted if GradeTerm.FINAL in terms),
                frozenset(y for y, _, terms in admitted if GradeTerm.AUTUMN in terms),
                min((p.start for p in placements), default=None),
            )
            homes = tuple(
                AdmissionHome(y, home) for y, home, _ in sorted(admitted, key=lambda a: a[0])
            )
            people[pid] = YoungPerson(pid, schooling, tuple(self.history(pid)), homes, placements)
        return people

    def pupil_records(self, first: date, last: date) -> list[PupilRecord]:
        _not_kept("the compensation run's pupil records")


# -- the admission data the register reads ------------------------------------------------------
@dataclass
class FakeAdmissionRepository:
    """Admission years (each one's id is its year), their offerings, and the identities
    protected in any source (an applicant's or a registration period's: the test names them)."""

    years: dict[int, AdmissionYearRow] = field(default_factory=dict)
    year_offerings: dict[int, list[OfferingRow]] = field(default_factory=dict)
    protected: set[str] = field(default_factory=set)

    def open(self, year: int, settings: YearSettings | None = None) -> AdmissionYearRow:
        calendar = stockholm_calendar(year)
        row = AdmissionYearRow(year, year, "Storsthlm", calendar, settings or YearSettings())
        self.years[year] = row
        self.year_offerings[row.id] = []
        return row

    def offer(self, year: int, code: str, school_unit: str, programme: str) -> None:
        row = self.years[year]
        offerings = self.year_offerings[row.id]
        offerings.append(
            OfferingRow(
                len(offerings) + 1,
                code,
                school_unit,
                f"Skola {school_unit}",
                "0180",
                "municipal",
                programme,
                "",
                30,
                0,
                None,
                None,
                "open",
            )
        )

    def year(self, year: int) -> AdmissionYearRow:
        if year not in self.years:
            raise NotFound(f"there is no admission year {year}")
        return self.years[year]

    def offerings(self, year_id: int) -> list[OfferingRow]:
        return list(self.year_offerings.get(year_id, ()))

    def protected_among(self, personal_ids: Collection[str]) -> set[str]:
        return set(personal_ids) & self.protected

    def add_year(
        self, year: int, region: str, calendar: AdmissionCalendar, settings: YearSettings
    ) -> int:
        _not_kept("the admission's years as its own services write them")

    def set_calendar(self, year_id: int, calendar: AdmissionCalendar) -> None:
        _not_kept("calendars")

    def set_offering_status(
        self, offering_id: int, status: str, closed_at: datetime | None = None
    ) -> None:
        _not_kept("offering settings")

    def set_offering_places(self, offering_id: int, places: int, discretionary: int) -> None:
        _not_kept("offering settings")

    def set_offering_ranked(self, offering_id: int, ranked: bool) -> None:
        _not_kept("offering settings")

    def applicant_record(self, year_id: int, personal_id: str) -> ApplicantRecord | None:
        _not_kept("applicant records")

    def set_foreign_grades(self, year_id: int, personal_id: str, foreign: bool) -> None:
        _not_kept("grades")

    def set_admission_facts(
        self,
        year_id: int,
        personal_id: str,
        arrival_date: date | None,
        completed_national_programme: bool,
    ) -> None:
        _not_kept("admission facts")

    def set_leads_to(self, offering_id: int, programme: str) -> None:
        _not_kept("offering settings")

    def english_dispensations(
        self, year_id: int, personal_id: str
    ) -> list[EnglishDispensationDecision]:
        _not_kept("dispensations")

    def set_english_dispensation(
        self,
        year_id: int,
        personal_id: str,
        organiser: str,
        decision: EnglishDispensationDecision | None,
    ) -> None:
        _not_kept("dispensations")

    def grades(
        self, year_id: int, personal_id: str, term: GradeTerm
    ) -> dict[str, tuple[str, bool]]:
        _not_kept("grades")

    def pupil_states(self, year_id: int, term: GradeTerm) -> dict[str, PupilState]:
        _not_kept("grades")

    def save_pupils(self, year_id: int, pupils: Sequence[PupilGrades]) -> None:
        _not_kept("pupils")

    def choices(
        self, year_id: int, personal_ids: Collection[str] | None = None
    ) -> dict[str, list[ChoiceRow]]:
        _not_kept("choices")

    def replace_choices(self, year_id: int, choices: Mapping[str, Sequence[ChoiceRow]]) -> None:
        _not_kept("choices")

    def applicants_choosing(self, offering_id: int) -> list[str]:
        _not_kept("choices")

    def applicant_homes(self, year_id: int) -> dict[str, str]:
        _not_kept("the admission's own applicant homes")

    def graded_input(
        self, year_id: int, term: GradeTerm
    ) -> tuple[list[GradedOffering], list[GradedApplicant]]:
        _not_kept("the engine's input")

    def add_message(
        self,
        year_id: int,
        personal_id: str,
        kind: str,
        text: str,
        at: datetime,
        parameters: Mapping[str, str] | None = None,
    ) -> None:
        _not_kept("messages")

    def mark_inbox_read(self, year_id: int, personal_id: str, at: datetime) -> datetime | None:
        _not_kept("the inbox")


@dataclass
class FakeRoundRepository:
    """Published rounds: each one's placements and replies."""

    stored: dict[int, list[RoundRow]] = field(default_factory=dict)  # year id → rounds
    results: dict[int, StoredResult] = field(default_factory=dict)
    round_replies: dict[int, dict[str, str]] = field(default_factory=dict)

    def publish(
        self,
        year_id: int,
        placements: Mapping[str, str | None],
        replies: Mapping[str, str] | None = None,
        kind: RoundKind = RoundKind.FINAL,
    ) -> int:
        """A published round of ``kind`` placing each applicant in an offering (or none)."""
        round_id = sum(len(rounds) for rounds in self.stored.values()) + 1
        at = datetime(2026, 7, 1, 12)
        row = RoundRow(
            round_id, kind, RoundStatus.PUBLISHED, 1, "", "", "", "", {}, at, "test", at, None
        )
        self.stored.setdefault(year_id, []).append(row)
        self.results[round_id] = StoredResult(
            {pid: (code, 1 if code else None, Decimal(250)) for pid, code in placements.items()},
            {},
            {},
        )
        self.round_replies[round_id] = dict(replies or {})
        return round_id

    def rounds(self, year_id: int) -> list[RoundRow]:
        return list(self.stored.get(year_id, ()))

    def round_result(self, round_id: int) -> StoredResult:
        return self.results[round_id]

    def replies(self, round_id: int) -> dict[str, str]:
        return dict(self.round_replies.get(round_id, {}))

    def add_round(
        self,
        year_id: int,
        row: RoundRow,
        snapshot: bytes,
        result: StoredResult,
        explanations: RoundExplanations,
    ) -> int:
        _not_kept("rounds as the engine stores them")

    def add_explanations(
        self, year_id: int, round_id: int, explanations: RoundExplanations
    ) -> None:
        _not_kept("explanations")

    def round_snapshot(self, round_id: int) -> bytes:
        _not_kept("snapshots")

    def round_explanations(self, round_id: int) -> RoundExplanations:
        _not_kept("explanations")

    def has_explanations(self, round_id: int) -> bool:
        _not_kept("explanations")

    def mark_published(self, round_id: int, at: datetime, after: int) -> None:
        _not_kept("publication")

    def mark_superseded(self, round_ids: Sequence[int], by: int) -> None:
        _not_kept("publication")

    def add_replies(
        self, year_id: int, round_id: int, replies: Mapping[str, str], at: datetime
    ) -> None:
        _not_kept("replies as the admission's services write them")


@dataclass
class FakeCatalogueRepository:
    """The municipalities: those of the admission area, and those known only as pupils' homes."""

    area: dict[str, AreaTerms] = field(
        default_factory=lambda: {"0180": AreaTerms.MEMBER, "0182": AreaTerms.MEMBER}
    )

    def municipality_codes(self) -> list[str]:
        return sorted(code for code, terms in self.area.items() if terms is not AreaTerms.OUTSIDE)

    def add_other_municipalities(self, codes: Collection[str]) -> None:
        for code in codes:
            self.area.setdefault(code, AreaTerms.OUTSIDE)

    def admission_area(self) -> AdmissionArea:
        return AdmissionArea(dict(self.area))

    def municipality_name(self, code: str) -> str | None:
        return code if code in self.area else None

    def add_municipalities(self, municipalities: Sequence[Municipality]) -> None:
        _not_kept("the catalogue as the admission's services write it")

    def add_catalogue(self, year_id: int, catalogue: Catalogue) -> None:
        _not_kept("the catalogue as the admission's services write it")

    def set_area_terms(self, code: str, name: str, terms: AreaTerms) -> None:
        _not_kept("the area's terms")

    def school_unit_codes(self) -> list[str]:
        _not_kept("school units")


# -- the unit of work ---------------------------------------------------------------------------
class FakeUnitOfWork(FakeTransaction):
    """The register's unit of work in memory."""

    STORES = ("register", "admission", "catalogue", "rounds")

    def __init__(self) -> None:
        super().__init__()
        self.register = FakeRegisterRepository()
        self.admission = FakeAdmissionRepository()
        self.catalogue = FakeCatalogueRepository()
        self.rounds = FakeRoundRepository()

    def applicant(
        self,
        personal_id: str,
        year: int,
        home: str = "0180",
        *,
        grades: Collection[GradeTerm] = (GradeTerm.FINAL,),
        protected: bool = False,
    ) -> None:
        """The admission data has ``personal_id`` as an applicant of ``year`` living in
        ``home``, with year-9 grades of ``grades``."""
        if year not in self.admission.years:
            self.admission.open(year)
        self.register.admission[personal_id].append((year, home, frozenset(grades)))
        if protected:
            self.admission.protected.add(personal_id)
