"""The port of the money's terms (issue 13, points 3–7): organiser shares per year, the
members' clearing decisions, tilläggsbelopp decisions, payees, price proposals and decisions.

The unit of work holds it as ``uow.compensation_terms``; the SQL adapter is
``adapters.db.compensation_terms_repository``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from samverka.compensation.domain.additional_grant import AdditionalGrant, AdditionalGrantDecision
from samverka.compensation.domain.net_settlement import ClearingDecision
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.organiser_shares import OrganiserShares
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_proposal import PriceDecision, PriceProposal


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
