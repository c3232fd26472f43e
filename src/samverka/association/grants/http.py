"""What the state grants' pages and API share: who may do what (``GrantsRead``, ``GrantsWrite``,
``OwnGrants``), the grant's id in a path, and one model per use case, for the page's form and
the API's body alike.

* ``GrantIn``: a grant to create; ``AllocationIn``: the key to allocate by (the API gives a
  custom key's ``weights``, the page a CSV file); ``ReminderIn``: a reminder to one
  municipality, or to every one whose report is overdue; ``UnusedDecisionIn``: the decision on
  what is left unused (the page writes ``recipients`` as codes separated by commas);
  ``UseIn``: a municipality's report of use. Each converts itself to the service's request.

The services keep the final word on permission and on the rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import Depends, Path
from pydantic import BeforeValidator, Field

from samverka.association.grants.domain.grant_allocation import AllocationKeyKind, GrantTerms
from samverka.association.grants.domain.grant_follow_up import UseCategory
from samverka.association.grants.domain.grant_unused import (
    Disposal,
    RedistributionKey,
    UnusedDecision,
)
from samverka.association.grants.ports import GrantPayee
from samverka.association.grants.services.state_grants import KeyRequest, UseRequest
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.http import UseCaseModel
from samverka.platform.web.auth import require

GrantsRead = Annotated[Actor, Depends(require(Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER))]
GrantsWrite = Annotated[Actor, Depends(require(Role.ASSOCIATION_STAFF))]
OwnGrants = Annotated[Actor, Depends(require(Role.MUNICIPALITY))]
GrantId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The grant's id.")]
Money = Annotated[Decimal, Field(gt=0, le=Decimal("1e12"))]
Percent = Annotated[Decimal, Field(ge=0, lt=100)]
Code = Annotated[str, Field(pattern=r"^\d{4}$")]


def _codes(value: object) -> object:
    """Municipality codes, as a list or as the page writes them: separated by commas,
    semicolons or spaces."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        return [code for item in value for code in _split(item)]
    return value


def _split(item: object) -> Sequence[object]:
    if not isinstance(item, str):
        return [item]
    return item.replace(";", " ").replace(",", " ").split()


class GrantIn(UseCaseModel):
    name: str = Field(min_length=1, max_length=200)
    year: int = Field(ge=2000, le=2100)
    total: Money = Field(description="Whole kronor.")
    region_percent: Percent = Field(default=Decimal(0), description="First split to the region.")
    set_aside_percent: Percent = Field(
        default=Decimal(0), description="Of each allocation, for county-wide initiatives."
    )
    report_due: date | None = None
    description: str = Field(default="", max_length=2000)

    def terms(self) -> GrantTerms:
        return GrantTerms(self.total, self.region_percent, self.set_aside_percent)


class WeightIn(UseCaseModel):
    municipality_code: Code
    weight: Decimal = Field(ge=0, le=Decimal("1e12"))


class AllocationIn(UseCaseModel):
    key: AllocationKeyKind
    age_from: int = Field(default=16, ge=0, le=120)
    age_to: int = Field(default=19, ge=0, le=120)
    reference_date: date | None = None
    weights: list[WeightIn] = Field(default_factory=list, max_length=1000)

    def key_request(
        self, rows: Sequence[tuple[int, str, str]] | None = None, source: str = "weights"
    ) -> KeyRequest:
        """The key to allocate by; a custom key's rows are the ``weights``, or ``rows`` read
        from the page's file ``source``."""
        if rows is None:
            rows = [(n, w.municipality_code, str(w.weight)) for n, w in enumerate(self.weights, 1)]
        return KeyRequest(self.key, self.age_from, self.age_to, self.reference_date, rows, source)


class PayeeIn(UseCaseModel):
    """Where a recipient of the grants' payouts is paid (``services.grant_payments``)."""

    recipient: str = Field(min_length=1, max_length=10, description="municipality code or region")
    name: str = Field(min_length=1, max_length=200)
    organisation_number: str | None = Field(default=None, max_length=11)
    bankgiro: str | None = Field(default=None, max_length=9)
    plusgiro: str | None = Field(default=None, max_length=11)

    def payee(self) -> GrantPayee:
        return GrantPayee(
            self.recipient,
            self.name,
            self.organisation_number or None,
            self.bankgiro or None,
            self.plusgiro or None,
        )


class ReminderIn(UseCaseModel):
    municipality_code: Code | None = None
    message: str = Field(default="", max_length=2000)


class UnusedDecisionIn(UseCaseModel):
    disposal: Disposal
    decided_on: date
    reference: str = Field(min_length=1, max_length=200, description="e.g. its diarienummer")
    decided_by: str = Field(min_length=1, max_length=200, description="e.g. styrelsen")
    repaid_to: str = Field(default="", max_length=200, description="repay: e.g. Kammarkollegiet")
    repaid_on: date | None = None
    recipients: Annotated[list[Code], BeforeValidator(_codes)] = Field(
        default=[], max_length=400, description="redistribute: municipality codes"
    )
    key: RedistributionKey = RedistributionKey.GRANT_KEY

    def decision(self) -> UnusedDecision:
        return UnusedDecision(
            disposal=self.disposal,
            decided_on=self.decided_on,
            reference=self.reference,
            decided_by=self.decided_by,
            repaid_to=self.repaid_to,
            repaid_on=self.repaid_on,
            recipients=tuple(self.recipients),
            key=self.key,
        )


class UseIn(UseCaseModel):
    category: UseCategory
    purpose: str = Field(min_length=1, max_length=300)
    amount: Decimal = Field(gt=0, le=Decimal("1e12"), decimal_places=2)
    period_start: date
    period_end: date
    comment: str = Field(default="", max_length=2000)

    def request(self) -> UseRequest:
        return UseRequest(
            self.category,
            self.purpose,
            self.amount,
            self.period_start,
            self.period_end,
            self.comment,
        )
