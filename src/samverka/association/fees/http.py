"""What the member fees' pages and API share: who may do what (``FeesRead``, ``FeesWrite``,
``OwnFees``), and one model per use case, for the page's form and the API's body alike.

* ``RevenueIn``: one member's tax and grant revenue of a base year (the year and the
  municipality come from the API's path, or the page's fields ``base_year`` and
  ``municipality_code``).
* ``ServiceFeeIn``: the board's service-fee decision; ``AdmissionFeeIn``: the admission
  service fee decision with its ``other_charges`` (the page gives them as the fields
  ``register_cost``, ``admission_system_cost``/``admission_system_text`` and
  ``recovery_cost``/``recovery_text``, read by ``page_charges``). The fee year comes from the
  API's path or the page's field ``fee_year``; ``.decision(fee_year)`` is the service's request.

A number may be written with ``,`` or ``.`` as the decimal mark and spaces between thousands
(``0,42``, ``3 000 000``), as the page's users write it. The services keep the final word on
permission and on the rules (the cap, whole kronor, the fee age, a reason to decide a year
again).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Final

from fastapi import Depends, Form
from pydantic import BeforeValidator, Field

from samverka.association.fees.domain.admission_fee import (
    DEFAULT_FEE_AGE,
    AdmissionFeeDecision,
    Charge,
    ChargeKind,
    CountBasis,
)
from samverka.association.fees.domain.service_fee import DEFAULT_CAP_PER_MILLE, ServiceFeeDecision
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.http import UseCaseModel
from samverka.platform.web.auth import require

FeesRead = Annotated[Actor, Depends(require(Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER))]
FeesWrite = Annotated[Actor, Depends(require(Role.ASSOCIATION_STAFF))]
OwnFees = Annotated[Actor, Depends(require(Role.MUNICIPALITY))]

FIRST_YEAR: Final = 2000
LAST_YEAR: Final = 2100


def decimal_text(value: object) -> object:
    """A number as a form writes it: ``,`` or ``.`` as the decimal mark, spaces between
    thousands; anything else as it is."""
    if isinstance(value, str):
        for space in (" ", "\xa0", "\u202f"):
            value = value.replace(space, "")
        return value.replace(",", ".")
    return value


PerMille = Annotated[Decimal, BeforeValidator(decimal_text), Field(max_digits=8, decimal_places=4)]
Kronor = Annotated[
    Decimal,
    BeforeValidator(decimal_text),
    Field(max_digits=14, decimal_places=2, description="Whole kronor."),
]
YearNumber = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
FeeYearField = Annotated[int, Form(ge=FIRST_YEAR, le=LAST_YEAR)]
BaseYearField = Annotated[int, Form(ge=FIRST_YEAR, le=LAST_YEAR)]
CodeField = Annotated[str, Form(pattern=r"^\d{4}$")]


class RevenueIn(UseCaseModel):
    revenue: str = Field(min_length=1, max_length=40, description="Kronor, e.g. 58450000000")


class DecisionIn(UseCaseModel):
    decided_on: date
    decided_by: str = Field(min_length=1, max_length=200, description="e.g. styrelsen § 9")
    instalments: int = Field(default=4, ge=1, le=12, description="1, 2, 4 or 12 instalments.")
    reason: str = Field(
        default="", max_length=2000, description="Why a decided year is decided again."
    )


class ServiceFeeIn(DecisionIn):
    rate_per_mille: PerMille
    cap_per_mille: PerMille = DEFAULT_CAP_PER_MILLE
    base_year: YearNumber

    def decision(self, fee_year: int) -> ServiceFeeDecision:
        return ServiceFeeDecision(
            fee_year=fee_year,
            rate_per_mille=self.rate_per_mille,
            base_year=self.base_year,
            decided_on=self.decided_on,
            decided_by=self.decided_by,
            cap_per_mille=self.cap_per_mille,
            instalments=self.instalments,
        )


class ChargeIn(UseCaseModel):
    kind: ChargeKind = Field(description="register, admission_system or recovery")
    cost: Kronor
    text: str = Field(default="", max_length=200, description="e.g. 50 % av 13,2 mnkr")


class AdmissionFeeIn(DecisionIn):
    budgeted_cost: Kronor = Field(description="The admission office's own cost.")
    fee_age: int = Field(default=DEFAULT_FEE_AGE, ge=0, le=99)
    reference_date: date
    count_basis: CountBasis = CountBasis.COHORT
    other_charges: list[ChargeIn] = Field(default=[], max_length=3)

    def decision(self, fee_year: int) -> AdmissionFeeDecision:
        return AdmissionFeeDecision(
            fee_year=fee_year,
            budgeted_cost=self.budgeted_cost,
            reference_date=self.reference_date,
            decided_on=self.decided_on,
            decided_by=self.decided_by,
            fee_age=self.fee_age,
            instalments=self.instalments,
            count_basis=self.count_basis,
            other_charges=tuple(Charge(c.kind, c.cost, c.text) for c in self.other_charges),
        )


CostField = Annotated[Kronor | None, Form()]
TextField = Annotated[str, Form(max_length=200)]


def page_charges(
    register_cost: CostField = None,
    admission_system_cost: CostField = None,
    admission_system_text: TextField = "",
    recovery_cost: CostField = None,
    recovery_text: TextField = "",
) -> list[ChargeIn]:
    """The page's other charges, those filled in (an empty field charges nothing), each field
    named as the service names its problems (``register_cost``, …)."""
    given = (
        (ChargeKind.REGISTER, register_cost, ""),
        (ChargeKind.ADMISSION_SYSTEM, admission_system_cost, admission_system_text),
        (ChargeKind.RECOVERY, recovery_cost, recovery_text),
    )
    return [
        ChargeIn(kind=kind, cost=cost, text=text) for kind, cost, text in given if cost is not None
    ]


PageCharges = Annotated[list[ChargeIn], Depends(page_charges)]
