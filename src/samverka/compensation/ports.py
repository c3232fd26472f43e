"""What compensation's services need from outside, as protocols: the runs with their append-only
lines, totals, unpaid lines and digests (``CompensationRepository``); the money's terms (issue 13,
points 3–7): organiser shares per year, the members' clearing decisions, tilläggsbelopp
decisions, payees, price proposals and decisions (``CompensationTermsRepository``); of the other
contexts only what the services read: the placed pupils (``PupilSource``, the register's) and
who pays under the agreement (``AreaSource``, the admission's catalogue); and compensation's
``UnitOfWork``. The SQL adapters are in ``compensation/db/`` (and the register's and the
admission's repositories); the fakes of the tests in ``tests/compensation/fakes.py``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from samverka.admission.domain.area import AdmissionArea
from samverka.compensation.domain.additional_grant import AdditionalGrant, AdditionalGrantDecision
from samverka.compensation.domain.digest import RecheckBasis
from samverka.compensation.domain.month_lines import BookedLine, PupilMonthLine, Unpaid
from samverka.compensation.domain.monthly_compensation import CompensationSettings
from samverka.compensation.domain.net_settlement import ClearingDecision
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.organiser_shares import OrganiserShares
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import PriceList
from samverka.compensation.domain.price_proposal import PriceDecision, PriceProposal
from samverka.compensation.domain.pupil_record import PupilRecord
from samverka.compensation.domain.reconciliation import TotalKey
from samverka.compensation.domain.structure_supplement import SupplementSchedule
from samverka.platform.ports import Transaction


@dataclass(frozen=True, slots=True)
class Payee:
    """Who is paid (as on the lines), by name, with the payment details the files need."""

    organiser: Organiser
    name: str
    organisation_number: str | None = None
    bankgiro: str | None = None
    plusgiro: str | None = None
    outside_area: bool = False


@dataclass(frozen=True, slots=True)
class OutsideSchoolUnit:
    """A school unit outside the area, so that the area's pupils there can be placed."""

    code: str
    name: str
    municipality_code: str
    municipality_name: str


@dataclass(frozen=True, slots=True)
class RegisteredPayee:
    """A payee as the audit trail keeps its registration: with the school units outside the
    area registered with it."""

    payee: Payee
    school_units: tuple[OutsideSchoolUnit, ...] = ()


class CompensationTermsRepository(Protocol):
    def member_codes(self) -> list[str]: ...
    def municipality_codes(self) -> list[str]: ...
    # -- organiser shares per year -------------------------------------------------------
    def year_shares(self, year: int) -> OrganiserShares | None: ...
    def set_year_shares(self, shares: OrganiserShares, *, at: datetime, by: str) -> None: ...
    # -- clearing between municipalities -------------------------------------------------
    def clearing_decisions(self) -> list[ClearingDecision]: ...
    def add_clearing_decision(
        self, decision: ClearingDecision, *, at: datetime, by: str
    ) -> int: ...
    # -- tilläggsbelopp ------------------------------------------------------------------
    def additional_grants(
        self, municipality: str | None = None
    ) -> list[AdditionalGrantDecision]: ...
    def additional_grant(self, decision_id: int) -> AdditionalGrantDecision | None: ...
    def grants_in_force(self, first: Month, last: Month) -> dict[str, list[AdditionalGrant]]: ...
    def add_additional_grants(
        self, decisions: Sequence[AdditionalGrantDecision], *, at: datetime, by: str
    ) -> list[int]: ...
    def end_additional_grant(self, decision_id: int, last: Month) -> None: ...
    # -- payees --------------------------------------------------------------------------
    def payees(self) -> list[Payee]: ...
    def payee(self, organiser: Organiser) -> Payee | None: ...
    def set_payee(self, payee: Payee, *, at: datetime, by: str) -> None: ...
    def school_unit_codes(self) -> list[str]: ...
    def add_outside_school_units(
        self, payee: Payee, units: Collection[OutsideSchoolUnit]
    ) -> None: ...
    # -- price proposals and decisions ---------------------------------------------------
    def price_proposal(self, year: int) -> PriceProposal | None: ...
    def proposed_years(self) -> list[int]: ...
    def add_price_proposal(self, proposal: PriceProposal, *, at: datetime, by: str) -> None: ...
    def price_decisions(self, year: int | None = None) -> list[PriceDecision]: ...
    def set_price_decision(self, decision: PriceDecision, *, at: datetime, by: str) -> None: ...
    def common_list_years(self) -> list[int]: ...


@dataclass(frozen=True, slots=True)
class CompensationRunRow:
    """A stored compensation run (its lines are stored beside it, append-only)."""

    id: int
    month: Month
    kind: str  # regular | correction
    status: str
    created_at: datetime
    created_by: str
    settings: dict[str, Any]
    rechecked: tuple[Month, ...]
    lines: int
    regular_total: Decimal
    correction_total: Decimal
    total: Decimal
    anomalies: list[dict[str, object]]
    timings: dict[str, float]


class CompensationRepository(Protocol):
    """Price lists, supplement tiers, compensation runs with their lines, closed months."""

    def price_list(self, year: int, kind: str) -> PriceList | None: ...
    def replace_price_list(
        self, price_list: PriceList, kind: str, *, actor: str, at: datetime
    ) -> int: ...
    def supplement_schedule(self, year: int) -> SupplementSchedule | None: ...
    def replace_supplement_schedule(self, schedule: SupplementSchedule) -> None: ...
    def settings(self) -> CompensationSettings | None: ...
    def set_settings(self, settings: CompensationSettings, *, at: datetime, by: str) -> None: ...
    def closing(self, month: Month) -> tuple[datetime, str] | None: ...
    def close_month(self, month: Month, *, at: datetime, by: str) -> None: ...
    def booked_months(self, first: Month, last: Month) -> list[Month]: ...
    def replace_unpaid(
        self,
        run_id: int,
        unpaid: Sequence[Unpaid],
        *,
        month: Month,
        rechecked: Sequence[Month],
        pupils: Collection[str] | None,
    ) -> None: ...
    def booked_lines(self, service_months: Collection[Month]) -> list[PupilMonthLine]: ...
    def booked_history(
        self, service_months: Collection[Month], pupils: Collection[str] | None = None
    ) -> list[BookedLine]: ...
    def lines_booked_in(self, months: Collection[Month]) -> list[PupilMonthLine]: ...
    def add_run(self, row: CompensationRunRow) -> int: ...
    def add_lines(self, run_id: int, lines: Sequence[PupilMonthLine]) -> None: ...
    def stored_totals(self, run_id: int) -> dict[TotalKey, Decimal]: ...
    def add_run_totals(
        self, run_id: int, totals: Mapping[TotalKey, Decimal], counts: Mapping[TotalKey, int]
    ) -> None: ...
    def runs(self, month: Month | None = None) -> list[CompensationRunRow]: ...
    def pupil_digests(self) -> dict[str, str]: ...
    def store_pupil_digests(
        self, run_id: int, changed: Mapping[str, str], removed: Collection[str]
    ) -> None: ...
    def recheck_basis(self) -> RecheckBasis | None: ...
    def add_recheck_basis(self, run_id: int, basis: RecheckBasis) -> None: ...


class PupilSource(Protocol):
    """Where a run's pupils come from: everyone with a placement overlapping ``first`` to
    ``last``, with their registrations (the register's ``pupil_records``)."""

    def pupil_records(self, first: date, last: date) -> list[PupilRecord]: ...


class AreaSource(Protocol):
    """Who pays under the samverkansavtal: the admission area's parties (the catalogue's)."""

    def admission_area(self) -> AdmissionArea: ...


class UnitOfWork(Transaction, Protocol):
    """What compensation's services need: a transaction with the runs and their terms, the register
    whose placements they price, and the admission area."""

    @property
    def catalogue(self) -> AreaSource: ...
    @property
    def compensation(self) -> CompensationRepository: ...
    @property
    def compensation_terms(self) -> CompensationTermsRepository: ...
    @property
    def register(self) -> PupilSource: ...
