"""What the services need from the outside world, as protocols; adapters implement them.

A unit of work is a transaction: a service opens it with ``with uow:``, does its work through
the repositories, and calls ``commit()`` once. Leaving the block without a commit rolls back,
so a failed use case changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple, Protocol

from samverka.admission.domain.applicants import (
    ApplicantRecord,
    EnglishDispensationDecision,
    OverAgeAgreement,
    PupilGrades,
)
from samverka.admission.domain.area import AdmissionArea, AreaTerms
from samverka.admission.domain.calendar import AdmissionCalendar, GradeTerm
from samverka.admission.domain.eligibility import RequirementFailure
from samverka.admission.domain.explain import ChoiceOutcome, QuotaNote
from samverka.admission.domain.graded_instance import GradedApplicant, GradedOffering
from samverka.admission.domain.reception import OfferingFacts, Reception
from samverka.admission.domain.rounds import RoundKind, RoundStatus
from samverka.admission.domain.year_settings import YearSettings
from samverka.platform.ports import Transaction

if TYPE_CHECKING:
    from samverka.admission.domain.catalogue import Catalogue, Municipality

# The youth register (UEDB), placements and the activity follow-up (KAA).


@dataclass(frozen=True, slots=True)
class AdmissionYearRow:
    id: int
    year: int
    region: str
    calendar: AdmissionCalendar
    settings: YearSettings


@dataclass(frozen=True, slots=True)
class OfferingRow:
    id: int
    code: str
    school_unit_code: str
    school_unit_name: str
    municipality_code: str
    organiser_kind: str
    programme: str
    orientation: str
    places: int
    discretionary_places: int
    test_multiplier: Decimal | None
    test_minimum: Decimal | None
    status: str
    organiser: str = ""  # the organiser's name (unique)
    leads_to: str | None = None  # IMV: the national programme it leads to
    organiser_municipality: str | None = None  # a municipal organiser's municipality code
    nationally_recruiting: bool = False  # riksrekryterande
    closed_at: datetime | None = None  # "startar ej" since
    ranked_by_school: bool = False  # the setting; IMA is ranked whatever it says

    def reception_facts(self) -> OfferingFacts:
        return OfferingFacts(
            self.programme,
            self.orientation,
            self.organiser_kind,
            self.organiser_municipality,
            self.nationally_recruiting,
        )


@dataclass(frozen=True, slots=True)
class ChoiceRow:
    rank: int
    offering_code: str
    submitted_at: datetime
    late: bool = False
    reception: str = "first_hand"  # the admission office's override, only with a reason
    discretionary_quota: bool = False  # the organiser granted fri kvot
    test_points: Decimal | None = None
    over_age_agreement: OverAgeAgreement | None = None
    reception_reason: str | None = None  # None: the reception is derived, ``reception`` unused
    school_rank: int | None = None  # the school's rank, on an offering the school ranks
    equivalent_knowledge: bool = False  # the organiser assessed foreign grades as equivalent

    @property
    def reception_override(self) -> Reception | None:
        return Reception(self.reception) if self.reception_reason else None


@dataclass(frozen=True, slots=True)
class RoundRow:
    id: int
    kind: RoundKind
    status: RoundStatus
    seed: int
    input_digest: str
    rule_version: str
    engine_version: str
    certificate: str
    timings: dict[str, float]
    created_at: datetime
    created_by: str
    published_at: datetime | None
    previous_round_id: int | None  # the latest published round when it was run
    published_after: int | None = None  # the publication this one's followed (0: the first)
    superseded_by: int | None = None  # the round whose publication made it unpublishable


@dataclass(frozen=True, slots=True)
class StoredResult:
    """A round's result keyed by identity numbers and offering codes.

    A cut-off is the lowest score admitted on merit: none where nobody was, and none on an
    offering the school ranks (merit does not count there). ``under_quota``: the applicants
    admitted under fri kvot.
    """

    placements: dict[str, tuple[str | None, int | None, Decimal]]  # pid → (offering, rank, merit)
    reserves: dict[str, list[str]]  # offering code → pids in order
    cutoffs: dict[str, tuple[Decimal | None, int, int]]  # code → (cutoff, admitted, places)
    grade_terms: dict[str, str] = field(default_factory=dict)  # pid → term of the grades used
    under_quota: frozenset[str] = frozenset()


class StoredChoice(NamedTuple):
    """One choice of one applicant in a round, explained: its outcome and the reason's figures.

    ``failures`` are the requirements not met, for a choice the applicant was not eligible for;
    ``reception`` and ``reception_ground`` the reception class and its ground as the round
    derived them (``admission.domain.reception``; None for a round from before they were).
    A named tuple rather than a dataclass: a round makes one for each of its 100,000-odd
    choices when it is stored, and a tuple is made several times faster.
    """

    rank: int
    offering_code: str
    outcome: ChoiceOutcome
    score: Decimal
    cutoff: Decimal | None
    reserve_position: int | None
    failures: tuple[RequirementFailure, ...] = ()
    reception: str | None = None
    reception_ground: str | None = None
    fri_kvot: QuotaNote | None = None
    school_rank: int | None = None  # on an offering the school ranks
    cutoff_rank: int | None = None  # the rank of the last admitted there


RoundExplanations = dict[str, list[StoredChoice]]  # pid → every choice in rank order


@dataclass(frozen=True, slots=True)
class PupilState:
    record: ApplicantRecord
    grades: dict[str, tuple[str, bool]]  # subject → (letter, after retake)


class AdmissionRepository(Protocol):
    def year(self, year: int) -> AdmissionYearRow: ...
    def add_year(
        self, year: int, region: str, calendar: AdmissionCalendar, settings: YearSettings
    ) -> int: ...
    def offerings(self, year_id: int) -> list[OfferingRow]: ...
    def set_calendar(self, year_id: int, calendar: AdmissionCalendar) -> None: ...
    def set_offering_status(
        self, offering_id: int, status: str, closed_at: datetime | None = None
    ) -> None: ...
    def set_offering_places(self, offering_id: int, places: int, discretionary: int) -> None: ...
    def set_offering_ranked(self, offering_id: int, ranked: bool) -> None: ...
    def applicant_record(self, year_id: int, personal_id: str) -> ApplicantRecord | None: ...
    def set_foreign_grades(self, year_id: int, personal_id: str, foreign: bool) -> None: ...
    def set_admission_facts(
        self,
        year_id: int,
        personal_id: str,
        arrival_date: date | None,
        completed_national_programme: bool,
    ) -> None: ...
    def set_leads_to(self, offering_id: int, programme: str) -> None: ...
    def english_dispensations(
        self, year_id: int, personal_id: str
    ) -> list[EnglishDispensationDecision]: ...
    def set_english_dispensation(
        self,
        year_id: int,
        personal_id: str,
        organiser: str,
        decision: EnglishDispensationDecision | None,
    ) -> None: ...
    def grades(
        self, year_id: int, personal_id: str, term: GradeTerm
    ) -> dict[str, tuple[str, bool]]: ...
    def pupil_states(self, year_id: int, term: GradeTerm) -> dict[str, PupilState]: ...
    def protected_among(self, personal_ids: Collection[str]) -> set[str]:
        """Which of ``personal_ids`` are protected in any source: an applicant of any year or
        a registration period of the youth register (``platform.db.protection``)."""
        ...

    def save_pupils(self, year_id: int, pupils: Sequence[PupilGrades]) -> None: ...
    def choices(
        self, year_id: int, personal_ids: Collection[str] | None = None
    ) -> dict[str, list[ChoiceRow]]: ...
    def replace_choices(self, year_id: int, choices: Mapping[str, Sequence[ChoiceRow]]) -> None: ...
    def applicants_choosing(self, offering_id: int) -> list[str]: ...
    def applicant_homes(self, year_id: int) -> dict[str, str]: ...
    def graded_input(
        self, year_id: int, term: GradeTerm
    ) -> tuple[list[GradedOffering], list[GradedApplicant]]: ...
    def add_message(
        self,
        year_id: int,
        personal_id: str,
        kind: str,
        text: str,
        at: datetime,
        parameters: Mapping[str, str] | None = None,
    ) -> None: ...
    def mark_inbox_read(self, year_id: int, personal_id: str, at: datetime) -> datetime | None:
        """Mark the applicant's inbox as read at ``at``; returns when it was read before."""
        ...


class RoundRepository(Protocol):
    def rounds(self, year_id: int) -> list[RoundRow]: ...
    def add_round(
        self,
        year_id: int,
        row: RoundRow,
        snapshot: bytes,
        result: StoredResult,
        explanations: RoundExplanations,
    ) -> int: ...
    def add_explanations(
        self, year_id: int, round_id: int, explanations: RoundExplanations
    ) -> None: ...
    def round_snapshot(self, round_id: int) -> bytes: ...
    def round_result(self, round_id: int) -> StoredResult: ...
    def round_explanations(self, round_id: int) -> RoundExplanations: ...
    def has_explanations(self, round_id: int) -> bool: ...
    def mark_published(self, round_id: int, at: datetime, after: int) -> None: ...
    def mark_superseded(self, round_ids: Sequence[int], by: int) -> None: ...
    def replies(self, round_id: int) -> dict[str, str]: ...
    def add_replies(
        self, year_id: int, round_id: int, replies: Mapping[str, str], at: datetime
    ) -> None: ...


class CatalogueRepository(Protocol):
    def add_municipalities(self, municipalities: Sequence[Municipality]) -> None: ...
    def add_catalogue(self, year_id: int, catalogue: Catalogue) -> None: ...
    def municipality_codes(self) -> list[str]:
        """The codes of the admission area's municipalities (not those known only as pupils'
        home municipalities)."""
        ...

    def add_other_municipalities(self, codes: Collection[str]) -> None:
        """Make the codes (Swedish municipalities outside the area) known, as outside."""
        ...

    def admission_area(self) -> AdmissionArea: ...
    def municipality_name(self, code: str) -> str | None: ...
    def set_area_terms(self, code: str, name: str, terms: AreaTerms) -> None: ...
    def school_unit_codes(self) -> list[str]: ...


class UnitOfWork(Transaction, Protocol):
    """What the admission's services need: a transaction with the admission data, the catalogue
    and the rounds."""

    @property
    def admission(self) -> AdmissionRepository: ...
    @property
    def catalogue(self) -> CatalogueRepository: ...
    @property
    def rounds(self) -> RoundRepository: ...
