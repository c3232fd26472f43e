"""A unit of work for the admission's services in memory: ``FakeUnitOfWork`` satisfies
``admission.ports.UnitOfWork`` (``test_fakes.py`` proves it to mypy) with the admission data,
the catalogue and the rounds held in one ``AdmissionData``, put back as it was when a block is
left without a commit (``FakeTransaction``).

The repositories do what the SQL ones do where a service can tell (``admission.db``): the same
rows, in the same order, the same ``NotFound`` for an applicant or a round that is not there,
a stored record's identity number parsed as the database gives it back. Rule tests of the
services run on it in milliseconds; the SQL repositories themselves, and one happy path per use
case, are tested on SQLite and PostgreSQL.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fake_transaction import FakeTransaction

from samverka.admission.domain.applicants import (
    ApplicantRecord,
    EnglishDispensationDecision,
    PupilGrades,
)
from samverka.admission.domain.area import AdmissionArea, AreaTerms
from samverka.admission.domain.calendar import AdmissionCalendar, GradeTerm
from samverka.admission.domain.catalogue import Catalogue, Municipality, Organiser, SchoolUnit
from samverka.admission.domain.conditions import ApplicantFacts
from samverka.admission.domain.graded_instance import (
    AptitudeTest,
    GradedApplicant,
    GradedChoice,
    GradedOffering,
    OfferingStatus,
)
from samverka.admission.domain.grades import Grade, GradeLetter, GradeSheet
from samverka.admission.domain.priorities import PriorityClass
from samverka.admission.domain.reception import ReceptionGround
from samverka.admission.domain.rounds import RoundStatus
from samverka.admission.domain.school_ranking import is_ranked_by_school
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
from samverka.errors import N_, NotFound
from samverka.platform.domain.personal_id import parse_personal_id
from samverka.platform.reference.municipality_codes import swedish_municipalities

FAR_FUTURE = date(9999, 12, 31)  # as the SQL repository parses a stored identity number


@dataclass
class StoredRound:
    year_id: int
    row: RoundRow
    snapshot: bytes
    result: StoredResult
    explanations: RoundExplanations


@dataclass
class AdmissionData:
    """Everything the admission's repositories keep, in one place (one thing to roll back)."""

    municipalities: dict[str, Municipality] = field(default_factory=dict)
    organisers: dict[str, Organiser] = field(default_factory=dict)
    school_units: dict[str, SchoolUnit] = field(default_factory=dict)
    years: dict[int, AdmissionYearRow] = field(default_factory=dict)
    inbox_read: dict[tuple[int, str], datetime] = field(default_factory=dict)
    offerings: dict[int, tuple[int, OfferingRow]] = field(default_factory=dict)  # id: year, row
    applicants: dict[tuple[int, str], ApplicantRecord] = field(default_factory=dict)
    grades: dict[tuple[int, str, GradeTerm], dict[str, tuple[str, bool]]] = field(
        default_factory=dict
    )
    dispensations: dict[tuple[int, str], dict[str, EnglishDispensationDecision]] = field(
        default_factory=dict
    )
    choices: dict[tuple[int, str], list[ChoiceRow]] = field(default_factory=dict)
    messages: list[tuple[int, str, str, str, datetime]] = field(default_factory=list)
    rounds: dict[int, StoredRound] = field(default_factory=dict)
    replies: list[tuple[int, str, int, str]] = field(default_factory=list)  # year, pid, round
    protected_in_register: set[str] = field(default_factory=set)
    last_id: int = 0

    def new_id(self) -> int:
        self.last_id += 1
        return self.last_id


class FakeAdmissionRepository:
    def __init__(self, data: AdmissionData) -> None:
        self._d = data

    # -- year and catalogue -------------------------------------------------------------
    def year(self, year: int) -> AdmissionYearRow:
        found = next((row for row in self._d.years.values() if row.year == year), None)
        if found is None:
            raise NotFound(N_("Det finns inget antagningsår %(year)s."), year=year)
        return found

    def add_year(
        self, year: int, region: str, calendar: AdmissionCalendar, settings: YearSettings
    ) -> int:
        year_id = self._d.new_id()
        self._d.years[year_id] = AdmissionYearRow(year_id, year, region, calendar, settings)
        return year_id

    def offerings(self, year_id: int) -> list[OfferingRow]:
        rows = [row for year, row in self._d.offerings.values() if year == year_id]
        return sorted(rows, key=lambda row: row.code)

    def set_calendar(self, year_id: int, calendar: AdmissionCalendar) -> None:
        self._d.years[year_id] = dataclasses.replace(self._d.years[year_id], calendar=calendar)

    def _change_offering(self, offering_id: int, **changes: Any) -> None:
        year_id, row = self._d.offerings[offering_id]
        self._d.offerings[offering_id] = (year_id, dataclasses.replace(row, **changes))

    def set_offering_status(
        self, offering_id: int, status: str, closed_at: datetime | None = None
    ) -> None:
        self._change_offering(offering_id, status=status, closed_at=closed_at)

    def set_offering_places(self, offering_id: int, places: int, discretionary: int) -> None:
        self._change_offering(offering_id, places=places, discretionary_places=discretionary)

    def set_offering_ranked(self, offering_id: int, ranked: bool) -> None:
        self._change_offering(offering_id, ranked_by_school=ranked)

    def set_leads_to(self, offering_id: int, programme: str) -> None:
        self._change_offering(offering_id, leads_to=programme)

    # -- applicants and grades ------------------------------------------------------------
    def _require(self, year_id: int, personal_id: str) -> ApplicantRecord:
        record = self._d.applicants.get((year_id, personal_id))
        if record is None:
            raise NotFound(
                N_("Det finns ingen sökande %(applicant)s detta antagningsår."),
                applicant=personal_id,
            )
        return record

    def applicant_record(self, year_id: int, personal_id: str) -> ApplicantRecord | None:
        return self._d.applicants.get((year_id, personal_id))

    def set_foreign_grades(self, year_id: int, personal_id: str, foreign: bool) -> None:
        record = self._require(year_id, personal_id)
        changed = dataclasses.replace(record, foreign_grades=foreign)
        self._d.applicants[year_id, personal_id] = changed

    def set_admission_facts(
        self,
        year_id: int,
        personal_id: str,
        arrival_date: date | None,
        completed_national_programme: bool,
    ) -> None:
        record = self._require(year_id, personal_id)
        self._d.applicants[year_id, personal_id] = dataclasses.replace(
            record,
            arrival_date=arrival_date,
            completed_national_programme=completed_national_programme,
        )

    def english_dispensations(
        self, year_id: int, personal_id: str
    ) -> list[EnglishDispensationDecision]:
        decisions = self._d.dispensations.get((year_id, personal_id), {})
        return [decisions[name] for name in sorted(decisions)]

    def set_english_dispensation(
        self,
        year_id: int,
        personal_id: str,
        organiser: str,
        decision: EnglishDispensationDecision | None,
    ) -> None:
        self._require(year_id, personal_id)
        if organiser not in self._d.organisers:
            raise NotFound(N_("Det finns ingen huvudman %(organiser)s."), organiser=repr(organiser))
        decisions = self._d.dispensations.setdefault((year_id, personal_id), {})
        decisions.pop(organiser, None)
        if decision is not None:
            decisions[organiser] = decision

    def grades(
        self, year_id: int, personal_id: str, term: GradeTerm
    ) -> dict[str, tuple[str, bool]]:
        return dict(self._d.grades.get((year_id, personal_id, term), {}))

    def pupil_states(self, year_id: int, term: GradeTerm) -> dict[str, PupilState]:
        return {
            pid: PupilState(record, self.grades(year_id, pid, term))
            for (year, pid), record in self._d.applicants.items()
            if year == year_id
        }

    def protected_among(self, personal_ids: Collection[str]) -> set[str]:
        protected = {pid for (_, pid), r in self._d.applicants.items() if r.protected_identity}
        protected |= self._d.protected_in_register
        return {pid for pid in personal_ids if pid in protected}

    def save_pupils(self, year_id: int, pupils: Sequence[PupilGrades]) -> None:
        for pupil in pupils:  # the latest row of a pupil is the record kept
            pid = pupil.applicant.personal_id.canonical
            stored_id = parse_personal_id(pid, today=FAR_FUTURE)
            record = dataclasses.replace(pupil.applicant, personal_id=stored_id)
            self._d.applicants[year_id, pid] = record
        for term in {pupil.term for pupil in pupils}:
            for pupil in (p for p in pupils if p.term is term):
                self._d.grades.pop((year_id, pupil.applicant.personal_id.canonical, term), None)
        for pupil in pupils:
            key = (year_id, pupil.applicant.personal_id.canonical, pupil.term)
            sheet = self._d.grades.setdefault(key, {})
            for grade in pupil.grades:
                sheet[grade.subject] = (grade.letter.value, grade.after_retake)

    # -- choices -------------------------------------------------------------------------
    def choices(
        self, year_id: int, personal_ids: Collection[str] | None = None
    ) -> dict[str, list[ChoiceRow]]:
        found: dict[str, list[ChoiceRow]] = {pid: [] for pid in personal_ids or ()}
        for (year, pid), rows in sorted(self._d.choices.items()):
            if year == year_id and rows and (personal_ids is None or pid in personal_ids):
                found[pid] = sorted(rows, key=lambda row: row.rank)
        return found

    def replace_choices(self, year_id: int, choices: Mapping[str, Sequence[ChoiceRow]]) -> None:
        missing = sorted(pid for pid in choices if (year_id, pid) not in self._d.applicants)
        if missing:
            raise NotFound(
                N_("Det finns ingen sökande %(applicant)s detta antagningsår."),
                applicant=", ".join(missing[:5]),
            )
        codes = {row.code for row in self.offerings(year_id)}
        for pid, chosen in choices.items():
            unknown = [c.offering_code for c in chosen if c.offering_code not in codes]
            if unknown:
                raise KeyError(unknown[0])  # as the SQL repository's lookup of the offering
            self._d.choices[year_id, pid] = [
                c if c.reception_reason else dataclasses.replace(c, reception="first_hand")
                for c in chosen
            ]

    def applicants_choosing(self, offering_id: int) -> list[str]:
        year_id, offering = self._d.offerings[offering_id]
        return sorted(
            pid
            for (year, pid), rows in self._d.choices.items()
            if year == year_id and any(c.offering_code == offering.code for c in rows)
        )

    def applicant_homes(self, year_id: int) -> dict[str, str]:
        return {
            pid: record.home_municipality
            for (year, pid), record in self._d.applicants.items()
            if year == year_id
        }

    # -- input of a round ----------------------------------------------------------------
    def graded_input(
        self, year_id: int, term: GradeTerm
    ) -> tuple[list[GradedOffering], list[GradedApplicant]]:
        """As the SQL repository: an applicant without grades of the autumn term is judged on
        their final grades (``grades_from``)."""
        offerings = [_graded_offering(row) for row in self.offerings(year_id)]
        applicants = []
        for pid in sorted(pid for year, pid in self._d.applicants if year == year_id):
            record = self._d.applicants[year_id, pid]
            used: GradeTerm | None = term
            sheet = self._d.grades.get((year_id, pid, term))
            if not sheet and term is GradeTerm.AUTUMN:
                sheet, used = self._d.grades.get((year_id, pid, GradeTerm.FINAL)), GradeTerm.FINAL
            if not sheet:
                sheet, used = {}, None
            grades = tuple(
                Grade(subject, GradeLetter(letter), retake)
                for subject, (letter, retake) in sheet.items()
            )
            choices = tuple(_graded_choice(c) for c in self.choices(year_id, [pid])[pid])
            applicants.append(
                GradedApplicant(
                    pid,
                    GradeSheet(grades, record.reduced_timetable),
                    choices,
                    frozenset(self._d.dispensations.get((year_id, pid), {})),
                    None,
                    ApplicantFacts(
                        record.personal_id.birth_date,
                        record.completed_national_programme,
                        record.arrival_date,
                    ),
                    used,
                )
            )
        return offerings, applicants

    # -- messages ------------------------------------------------------------------------
    def add_message(
        self,
        year_id: int,
        personal_id: str,
        kind: str,
        text: str,
        at: datetime,
        parameters: Mapping[str, str] | None = None,
    ) -> None:
        self._require(year_id, personal_id)
        self._d.messages.append((year_id, personal_id, kind, text, at))

    def mark_inbox_read(self, year_id: int, personal_id: str, at: datetime) -> datetime | None:
        self._require(year_id, personal_id)
        before = self._d.inbox_read.get((year_id, personal_id))
        self._d.inbox_read[year_id, personal_id] = at
        return before


class FakeCatalogueRepository:
    def __init__(self, data: AdmissionData) -> None:
        self._d = data

    def add_municipalities(self, municipalities: Sequence[Municipality]) -> None:
        for municipality in municipalities:
            known = self._d.municipalities.get(municipality.code)
            if known is None or known.terms is AreaTerms.OUTSIDE:
                self._d.municipalities[municipality.code] = municipality

    def municipality_codes(self) -> list[str]:
        return sorted(
            code for code, m in self._d.municipalities.items() if m.terms is not AreaTerms.OUTSIDE
        )

    def add_other_municipalities(self, codes: Collection[str]) -> None:
        names = swedish_municipalities()
        for code in sorted(set(codes) - self._d.municipalities.keys()):
            self._d.municipalities[code] = Municipality(code, names[code], None, AreaTerms.OUTSIDE)

    def admission_area(self) -> AdmissionArea:
        return AdmissionArea({code: m.terms for code, m in self._d.municipalities.items()})

    def municipality_name(self, code: str) -> str | None:
        known = self._d.municipalities.get(code)
        return None if known is None else known.name

    def set_area_terms(self, code: str, name: str, terms: AreaTerms) -> None:
        known = self._d.municipalities.get(code)
        population = None if known is None else known.population
        self._d.municipalities[code] = Municipality(code, name, population, terms)

    def school_unit_codes(self) -> list[str]:
        return sorted(self._d.school_units)

    def add_catalogue(self, year_id: int, catalogue: Catalogue) -> None:
        for organiser in catalogue.organisers:
            self._d.organisers.setdefault(organiser.name, organiser)
        for unit in catalogue.school_units:
            self._d.school_units.setdefault(unit.code, unit)
        for o in catalogue.offerings:
            unit = self._d.school_units[o.school_unit_code]
            organiser = self._d.organisers[unit.organiser]
            offering_id = self._d.new_id()
            municipal = organiser.kind == "municipal"
            self._d.offerings[offering_id] = (
                year_id,
                OfferingRow(
                    offering_id,
                    o.code,
                    o.school_unit_code,
                    unit.name,
                    unit.municipality_code,
                    organiser.kind,
                    o.programme,
                    o.orientation,
                    o.places,
                    o.discretionary_places,
                    o.test_multiplier,
                    o.test_minimum,
                    "open",
                    organiser.name,
                    o.leads_to,
                    organiser.municipality_code if municipal else None,
                    o.nationally_recruiting,
                    None,
                    is_ranked_by_school(o.programme, o.ranked_by_school),
                ),
            )


class FakeRoundRepository:
    def __init__(self, data: AdmissionData) -> None:
        self._d = data

    def _stored(self, round_id: int) -> StoredRound:
        found = self._d.rounds.get(round_id)
        if found is None:
            raise NotFound(N_("Det finns ingen omgång %(round)s."), round=round_id)
        return found

    def rounds(self, year_id: int) -> list[RoundRow]:
        return [s.row for _, s in sorted(self._d.rounds.items()) if s.year_id == year_id]

    def add_round(
        self,
        year_id: int,
        row: RoundRow,
        snapshot: bytes,
        result: StoredResult,
        explanations: RoundExplanations,
    ) -> int:
        round_id = self._d.new_id()
        stored = dataclasses.replace(
            row, id=round_id, published_at=None, published_after=None, superseded_by=None
        )
        self._d.rounds[round_id] = StoredRound(year_id, stored, snapshot, result, {})
        self.add_explanations(year_id, round_id, explanations)
        return round_id

    def add_explanations(
        self, year_id: int, round_id: int, explanations: RoundExplanations
    ) -> None:
        stored = self._stored(round_id).explanations
        for pid, choices in explanations.items():
            stored.setdefault(pid, []).extend(choices)

    def round_snapshot(self, round_id: int) -> bytes:
        return self._stored(round_id).snapshot

    def round_result(self, round_id: int) -> StoredResult:
        return self._stored(round_id).result

    def round_explanations(self, round_id: int) -> RoundExplanations:
        stored = self._d.rounds.get(round_id)
        if stored is None:
            return {}
        return {
            pid: sorted(rows, key=lambda c: c.rank) for pid, rows in stored.explanations.items()
        }

    def has_explanations(self, round_id: int) -> bool:
        stored = self._d.rounds.get(round_id)
        return stored is not None and bool(stored.explanations)

    def mark_published(self, round_id: int, at: datetime, after: int) -> None:
        stored = self._stored(round_id)
        if stored.row.status is not RoundStatus.STORED:
            return
        taken = [
            s
            for s in self._d.rounds.values()
            if s.year_id == stored.year_id and s.row.published_after == after
        ]
        if taken:  # the database's unique index on (year, published_after)
            raise ValueError(f"a round was already published after {after}")
        stored.row = dataclasses.replace(
            stored.row, status=RoundStatus.PUBLISHED, published_at=at, published_after=after
        )

    def mark_superseded(self, round_ids: Sequence[int], by: int) -> None:
        for round_id in round_ids:
            stored = self._stored(round_id)
            if stored.row.status is RoundStatus.STORED:
                stored.row = dataclasses.replace(
                    stored.row, status=RoundStatus.SUPERSEDED, superseded_by=by
                )

    def replies(self, round_id: int) -> dict[str, str]:
        latest: dict[str, str] = {}
        for _, pid, replied_to, kind in self._d.replies:
            if replied_to <= round_id:
                latest[pid] = kind
        return latest

    def add_replies(
        self, year_id: int, round_id: int, replies: Mapping[str, str], at: datetime
    ) -> None:
        for pid, kind in replies.items():
            if (year_id, pid) not in self._d.applicants:
                raise KeyError(pid)  # as the SQL repository's lookup of the applicant
            self._d.replies.append((year_id, pid, round_id, kind))


class FakeUnitOfWork(FakeTransaction):
    """The admission's unit of work in memory (``admission.ports.UnitOfWork``)."""

    STORES = ("data",)

    def __init__(self) -> None:
        super().__init__()
        self.data = AdmissionData()

    @property
    def admission(self) -> FakeAdmissionRepository:
        return FakeAdmissionRepository(self.data)

    @property
    def catalogue(self) -> FakeCatalogueRepository:
        return FakeCatalogueRepository(self.data)

    @property
    def rounds(self) -> FakeRoundRepository:
        return FakeRoundRepository(self.data)

    # -- what a test reads back ------------------------------------------------------------
    def messages(self) -> list[tuple[str, str, str]]:
        """Every message sent: (identity number, kind, text)."""
        return [(pid, kind, text) for _, pid, kind, text, _ in self.data.messages]

    def choice_codes(self, year: int, personal_id: str) -> list[str]:
        year_id = self.admission.year(year).id
        return [
            c.offering_code for c in self.admission.choices(year_id, [personal_id])[personal_id]
        ]


def _graded_offering(row: OfferingRow) -> GradedOffering:
    test = None
    if row.test_multiplier is not None or row.test_minimum is not None:
        multiplier = Decimal(row.test_multiplier) if row.test_multiplier is not None else Decimal(1)
        minimum = Decimal(row.test_minimum) if row.test_minimum is not None else None
        test = AptitudeTest(multiplier, minimum)
    return GradedOffering(
        row.code,
        row.programme,
        row.places,
        OfferingStatus(row.status),
        test,
        organiser=row.organiser,
        leads_to=row.leads_to,
        fri_kvot_places=row.discretionary_places,
        ranked_by_school=row.ranked_by_school,
    )


def _graded_choice(choice: ChoiceRow) -> GradedChoice:
    overridden = choice.reception_reason is not None
    return GradedChoice(
        choice.offering_code,
        PriorityClass(choice.reception) if overridden else PriorityClass.FIRST_HAND,
        discretionary_quota=choice.discretionary_quota,
        late=choice.late,
        test_points=choice.test_points,
        over_age_agreement=choice.over_age_agreement is not None,
        reception_ground=ReceptionGround.OFFICER_DECISION.value if overridden else None,
        school_rank=choice.school_rank,
        equivalent_knowledge=choice.equivalent_knowledge,
    )
