"""Compensation's unit of work in memory, for the rule tests of its services: the runs with their
lines, totals, unpaid pupil-months, digests and recheck bases, the price lists and supplement
tiers, the money's terms (shares, clearing, tilläggsbelopp, payees, proposals and decisions),
and of the other contexts the pupils a run prices and the admission area
(``samverka.compensation.ports``).

Everything is held in one ``CompensationWorld``, the transaction's one store
(``FakeTransaction``): leaving ``with uow:`` without a commit puts it back as it was, as the
database's rollback does. The repositories are views of the world, made on each use. They keep
what the SQL repositories keep and give it back in the same order; what the database adds of
its own (the append-only guards, COPY, the sums in SQL) is tested on SQLite and PostgreSQL.

The world starts with the member municipalities given (default Stockholm, Nacka and Solna),
who are the admission area and the parties that pay (unless an area is given), and the pupils
given.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from fake_transaction import FakeTransaction

from samverka.admission.domain.area import AdmissionArea, AreaTerms
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
from samverka.compensation.ports import CompensationRunRow, OutsideSchoolUnit, Payee

STOCKHOLM, NACKA, SOLNA = "0180", "0182", "0184"
COMMON = "common"
_CENT = Decimal("0.01")


@dataclass
class CompensationWorld:
    """What the database would hold for compensation's services."""

    members: list[str] = field(default_factory=lambda: [STOCKHOLM, NACKA, SOLNA])
    others: list[str] = field(default_factory=list)  # municipalities known, not members
    area: AdmissionArea | None = None  # None: the members', as the municipality table gives it
    pupils: list[PupilRecord] = field(default_factory=list)
    school_units: list[str] = field(default_factory=list)
    # -- the runs ------------------------------------------------------------------------
    price_lists: dict[tuple[int, str], PriceList] = field(default_factory=dict)
    schedules: dict[int, SupplementSchedule] = field(default_factory=dict)
    settings: CompensationSettings | None = None
    closings: dict[Month, tuple[datetime, str]] = field(default_factory=dict)
    runs: list[CompensationRunRow] = field(default_factory=list)
    lines: list[tuple[int, PupilMonthLine]] = field(default_factory=list)  # (run, line)
    unpaid: list[tuple[int, Unpaid]] = field(default_factory=list)
    run_totals: dict[int, dict[TotalKey, tuple[Decimal, int]]] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    bases: list[tuple[int, RecheckBasis]] = field(default_factory=list)
    # -- the terms -----------------------------------------------------------------------
    shares: dict[int, OrganiserShares] = field(default_factory=dict)
    clearing: list[ClearingDecision] = field(default_factory=list)
    grants: list[AdditionalGrantDecision] = field(default_factory=list)
    payees: dict[Organiser, Payee] = field(default_factory=dict)
    proposals: dict[int, PriceProposal] = field(default_factory=dict)
    decisions: dict[tuple[int, str], PriceDecision] = field(default_factory=dict)
    price_list_ids: int = 0


class FakeCompensationRepository:
    """``CompensationRepository`` on the world."""

    def __init__(self, world: CompensationWorld) -> None:
        self._w = world

    # -- price lists and supplement tiers ------------------------------------------------
    def price_list(self, year: int, kind: str) -> PriceList | None:
        return self._w.price_lists.get((year, kind))

    def replace_price_list(
        self, price_list: PriceList, kind: str, *, actor: str, at: datetime
    ) -> int:
        self._w.price_lists[(price_list.year, kind)] = price_list
        self._w.price_list_ids += 1
        return self._w.price_list_ids

    def supplement_schedule(self, year: int) -> SupplementSchedule | None:
        return self._w.schedules.get(year)

    def replace_supplement_schedule(self, schedule: SupplementSchedule) -> None:
        self._w.schedules[schedule.year] = schedule

    # -- the region's settings and closed months -----------------------------------------
    def settings(self) -> CompensationSettings | None:
        return self._w.settings

    def set_settings(self, settings: CompensationSettings, *, at: datetime, by: str) -> None:
        self._w.settings = settings

    def closing(self, month: Month) -> tuple[datetime, str] | None:
        return self._w.closings.get(month)

    def close_month(self, month: Month, *, at: datetime, by: str) -> None:
        self._w.closings[month] = (at, by)

    # -- runs and lines --------------------------------------------------------------------
    def booked_months(self, first: Month, last: Month) -> list[Month]:
        months = {line.service_month for _, line in self._w.lines}
        months |= {item.service_month for _, item in self._w.unpaid}
        return sorted(month for month in months if first <= month <= last)

    def replace_unpaid(
        self,
        run_id: int,
        unpaid: Sequence[Unpaid],
        *,
        month: Month,
        rechecked: Sequence[Month],
        pupils: Collection[str] | None,
    ) -> None:
        everyone = {month, *(rechecked if pupils is None else ())}
        some = set(rechecked) if pupils is not None else set()
        chosen = set(pupils or ())

        def replaced(item: Unpaid) -> bool:
            if item.service_month in everyone:
                return True
            return item.service_month in some and item.pupil_id in chosen

        kept = [(run, item) for run, item in self._w.unpaid if not replaced(item)]
        self._w.unpaid = kept + [(run_id, item) for item in unpaid]

    def booked_lines(self, service_months: Collection[Month]) -> list[PupilMonthLine]:
        wanted = set(service_months)
        return [line for _, line in self._w.lines if line.service_month in wanted]

    def booked_history(
        self, service_months: Collection[Month], pupils: Collection[str] | None = None
    ) -> list[BookedLine]:
        chosen = None if pupils is None else set(pupils)
        return [
            _booked(line)
            for line in self.booked_lines(service_months)
            if chosen is None or line.pupil_id in chosen
        ]

    def lines_booked_in(self, months: Collection[Month]) -> list[PupilMonthLine]:
        wanted = set(months)
        return [line for _, line in self._w.lines if line.booked_in in wanted]

    def add_run(self, row: CompensationRunRow) -> int:
        run_id = len(self._w.runs) + 1
        self._w.runs.append(replace(row, id=run_id))
        return run_id

    def add_lines(self, run_id: int, lines: Sequence[PupilMonthLine]) -> None:
        self._w.lines.extend((run_id, line) for line in lines)

    def stored_totals(self, run_id: int) -> dict[TotalKey, Decimal]:
        totals: dict[TotalKey, Decimal] = defaultdict(Decimal)
        for run, line in self._w.lines:
            if run == run_id:
                totals[(line.payer, line.payee, line.booked_in)] += line.amount
        return dict(totals)

    def add_run_totals(
        self, run_id: int, totals: Mapping[TotalKey, Decimal], counts: Mapping[TotalKey, int]
    ) -> None:
        self._w.run_totals[run_id] = {key: (totals[key], counts[key]) for key in totals}

    def runs(self, month: Month | None = None) -> list[CompensationRunRow]:
        return [run for run in self._w.runs if month is None or run.month == month]

    # -- digests of the incremental run ------------------------------------------------------
    def pupil_digests(self) -> dict[str, str]:
        return dict(self._w.digests)

    def store_pupil_digests(
        self, run_id: int, changed: Mapping[str, str], removed: Collection[str]
    ) -> None:
        for pupil in removed:
            self._w.digests.pop(pupil, None)
        self._w.digests.update(changed)

    def recheck_basis(self) -> RecheckBasis | None:
        return self._w.bases[-1][1] if self._w.bases else None

    def add_recheck_basis(self, run_id: int, basis: RecheckBasis) -> None:
        self._w.bases.append((run_id, basis))


def _booked(line: PupilMonthLine) -> BookedLine:
    key = (
        line.payer,
        line.payee,
        line.school_unit,
        line.programme,
        line.orientation,
        line.purpose,
        line.decision_id,
    )
    return BookedLine(
        line.pupil_id,
        line.service_month,
        key,
        line.price_amount,
        line.supplement_amount,
        line.measurement_date,
        line.price_source,
        line.admin_amount,
        line.vat_amount,
        line.invoice,
    )


class FakeCompensationTermsRepository:
    """``CompensationTermsRepository`` on the world."""

    def __init__(self, world: CompensationWorld) -> None:
        self._w = world

    def member_codes(self) -> list[str]:
        return list(self._w.members)

    def municipality_codes(self) -> list[str]:
        return [*self._w.members, *self._w.others]

    # -- organiser shares per year, clearing ---------------------------------------------
    def year_shares(self, year: int) -> OrganiserShares | None:
        return self._w.shares.get(year)

    def set_year_shares(self, shares: OrganiserShares, *, at: datetime, by: str) -> None:
        self._w.shares[shares.year] = shares

    def clearing_decisions(self) -> list[ClearingDecision]:
        return list(self._w.clearing)

    def add_clearing_decision(self, decision: ClearingDecision, *, at: datetime, by: str) -> int:
        self._w.clearing.append(decision)
        return len(self._w.clearing)

    # -- tilläggsbelopp ------------------------------------------------------------------
    def additional_grants(self, municipality: str | None = None) -> list[AdditionalGrantDecision]:
        return [
            d
            for d in self._w.grants
            if municipality is None or d.grant.municipality == municipality
        ]

    def additional_grant(self, decision_id: int) -> AdditionalGrantDecision | None:
        return next((d for d in self._w.grants if d.grant.decision_id == decision_id), None)

    def grants_in_force(self, first: Month, last: Month) -> dict[str, list[AdditionalGrant]]:
        found: dict[str, list[AdditionalGrant]] = defaultdict(list)
        for decision in self._w.grants:
            grant = decision.grant
            if grant.first <= last and (grant.last is None or grant.last >= first):
                found[decision.pupil_id].append(grant)
        return dict(found)

    def add_additional_grants(
        self, decisions: Sequence[AdditionalGrantDecision], *, at: datetime, by: str
    ) -> list[int]:
        ids = []
        for decision in decisions:
            decision_id = len(self._w.grants) + 1
            amount = decision.grant.amount.quantize(_CENT)
            grant = replace(decision.grant, decision_id=decision_id, amount=amount)
            self._w.grants.append(replace(decision, grant=grant))
            ids.append(decision_id)
        return ids

    def end_additional_grant(self, decision_id: int, last: Month) -> None:
        self._w.grants = [
            replace(d, grant=replace(d.grant, last=last))
            if d.grant.decision_id == decision_id
            else d
            for d in self._w.grants
        ]

    # -- payees --------------------------------------------------------------------------
    def payees(self) -> list[Payee]:
        return sorted(
            self._w.payees.values(),
            key=lambda p: (p.name, p.organiser.kind.value, p.organiser.code),
        )

    def payee(self, organiser: Organiser) -> Payee | None:
        return self._w.payees.get(organiser)

    def set_payee(self, payee: Payee, *, at: datetime, by: str) -> None:
        self._w.payees[payee.organiser] = payee

    def school_unit_codes(self) -> list[str]:
        return list(self._w.school_units)

    def add_outside_school_units(self, payee: Payee, units: Collection[OutsideSchoolUnit]) -> None:
        known = set(self.municipality_codes())
        for unit in units:
            if unit.municipality_code not in known:
                self._w.others.append(unit.municipality_code)
                known.add(unit.municipality_code)
            self._w.school_units.append(unit.code)

    # -- price proposals and decisions ---------------------------------------------------
    def price_proposal(self, year: int) -> PriceProposal | None:
        return self._w.proposals.get(year)

    def proposed_years(self) -> list[int]:
        return sorted(self._w.proposals)

    def add_price_proposal(self, proposal: PriceProposal, *, at: datetime, by: str) -> None:
        self._w.proposals[proposal.year] = proposal

    def price_decisions(self, year: int | None = None) -> list[PriceDecision]:
        return [
            decision
            for (decided, _), decision in sorted(self._w.decisions.items())
            if year is None or decided == year
        ]

    def set_price_decision(self, decision: PriceDecision, *, at: datetime, by: str) -> None:
        self._w.decisions[(decision.year, decision.municipality)] = decision

    def common_list_years(self) -> list[int]:
        return sorted(year for year, kind in self._w.price_lists if kind == COMMON)


class FakeCatalogue:
    def __init__(self, world: CompensationWorld) -> None:
        self._w = world

    def admission_area(self) -> AdmissionArea:
        if self._w.area is not None:
            return self._w.area
        terms = dict.fromkeys(self._w.members, AreaTerms.MEMBER)
        return AdmissionArea(terms | dict.fromkeys(self._w.others, AreaTerms.OUTSIDE))


class FakeRegister:
    """The register's pupils: everyone with a placement overlapping the period."""

    def __init__(self, world: CompensationWorld) -> None:
        self._w = world

    def pupil_records(self, first: date, last: date) -> list[PupilRecord]:
        return [
            pupil
            for pupil in self._w.pupils
            if any(p.start <= last and (p.end is None or p.end >= first) for p in pupil.placements)
        ]


class FakeUnitOfWork(FakeTransaction):
    """Compensation's ``UnitOfWork`` in memory."""

    STORES = ("world",)

    def __init__(
        self, *, members: Iterable[str] | None = None, pupils: Iterable[PupilRecord] = ()
    ) -> None:
        super().__init__()
        self.world = CompensationWorld(pupils=list(pupils))
        if members is not None:
            self.world.members = list(members)

    @property
    def catalogue(self) -> FakeCatalogue:
        return FakeCatalogue(self.world)

    @property
    def compensation(self) -> FakeCompensationRepository:
        return FakeCompensationRepository(self.world)

    @property
    def compensation_terms(self) -> FakeCompensationTermsRepository:
        return FakeCompensationTermsRepository(self.world)

    @property
    def register(self) -> FakeRegister:
        return FakeRegister(self.world)
