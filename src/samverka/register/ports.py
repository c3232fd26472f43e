"""What the youth register's services need from outside, as protocols: the register's repository
(persons, registration periods, placements, the activity follow-up) and the register's
``UnitOfWork``, which also reads the admission data to place the admitted."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from samverka.admission.ports import AdmissionRepository, CatalogueRepository, RoundRepository
from samverka.platform.ports import Transaction

if TYPE_CHECKING:
    from samverka.compensation.domain.pupil_record import PupilRecord
    from samverka.register.domain.activity_follow_up import FollowUpEntry
    from samverka.register.domain.kaa_group import YoungPerson
    from samverka.register.domain.placements import EndReason, SchoolPlacement
    from samverka.register.domain.population import (
        ChangeEvent,
        PopulationRecord,
        RegistrationPeriod,
    )


@dataclass(frozen=True, slots=True)
class CurrentRegister:
    """The register now: each person's record and when their open period began."""

    records: dict[str, PopulationRecord]
    period_starts: dict[str, date]


@dataclass(frozen=True, slots=True)
class FollowUpErasure:
    """One erasure of a municipality's follow-up entries: what it removed, as counts."""

    municipality: str
    erased_on: date  # the day the retention was judged on
    retention_months: int
    persons: int
    contacts: int
    measures: int
    measure_ends: int
    statuses: int
    erased_at: datetime
    erased_by: str

    @property
    def entries(self) -> int:
        return self.contacts + self.measures + self.measure_ends + self.statuses


class RegisterRepository(Protocol):
    """The youth register: registration history, population loads, placements, KAA entries."""

    def last_extract_date(self) -> date | None: ...
    def current(self) -> CurrentRegister: ...
    def person_ids(self) -> set[str]: ...
    def add_load(
        self, extract_date: date, source: str, persons: int, changes: int, at: datetime, by: str
    ) -> int: ...
    def add_persons(self, persons: Mapping[str, date]) -> None: ...
    def close_periods(self, ends: Mapping[str, date]) -> None: ...
    def add_periods(self, periods: Sequence[RegistrationPeriod]) -> None: ...
    def add_changes(self, load_id: int, changes: Sequence[ChangeEvent]) -> None: ...
    def history(self, personal_id: str) -> list[RegistrationPeriod]: ...
    def placements(self, personal_ids: Collection[str] | None = None) -> list[SchoolPlacement]: ...
    def placement(self, placement_id: int) -> SchoolPlacement | None: ...
    def placed_from_year(self, admission_year_id: int) -> set[str]: ...
    def placed_on_or_after(self, day: date) -> set[str]:
        """The pupils with a placement in force on ``day`` or starting after it."""
        ...

    def last_registration_ends(self, personal_ids: Collection[str]) -> dict[str, date | None]:
        """For each of ``personal_ids`` with registration periods, the end of the latest
        (None: it is open)."""
        ...

    def add_registrations(
        self, periods: Sequence[RegistrationPeriod], birth_dates: Mapping[str, date]
    ) -> None:
        """Open ``periods`` (of persons with no open period), adding the persons not yet in the
        register with their birth dates."""
        ...

    def applicant_homes(
        self, admission_year_id: int, personal_ids: Collection[str]
    ) -> dict[str, PopulationRecord]:
        """The applicants' names, home municipalities and protection, as population records."""
        ...

    def add_placements(
        self,
        placements: Sequence[SchoolPlacement],
        *,
        admission_year_id: int | None = None,
        merit_values: Mapping[str, Decimal] | None = None,
    ) -> list[int]: ...
    def end_placement(self, placement_id: int, end: date, reason: EndReason) -> None: ...
    def add_follow_up(
        self, entry: FollowUpEntry, municipality: str, at: datetime, by: str
    ) -> int: ...
    def follow_up_entries(
        self, personal_id: str, municipality: str | None = None
    ) -> list[FollowUpEntry]: ...
    def follow_up_by_person(self, municipality: str) -> dict[str, list[FollowUpEntry]]: ...
    def retention_months(self, municipality: str) -> int | None: ...
    def set_retention_months(
        self, municipality: str, months: int, at: datetime, by: str
    ) -> None: ...
    def erase_follow_up(
        self, erasure: FollowUpErasure, entry_ids: Collection[int]
    ) -> tuple[int, int]: ...
    def young_people(self, personal_ids: Collection[str]) -> dict[str, YoungPerson]: ...
    def pupil_records(self, first: date, last: date) -> list[PupilRecord]: ...


class UnitOfWork(Transaction, Protocol):
    """What the register's services need: a transaction with the register, and the admission
    data, catalogue and rounds they read to place the admitted."""

    @property
    def admission(self) -> AdmissionRepository: ...
    @property
    def catalogue(self) -> CatalogueRepository: ...
    @property
    def rounds(self) -> RoundRepository: ...
    @property
    def register(self) -> RegisterRepository: ...
