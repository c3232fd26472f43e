"""What compensation's pages and its API share about a request: who may (the auth aliases, each
named for what it allows, and the municipality a request works for), the pattern of a month
(``YYYY-MM``), and one model per use case that the page's form and the API's body both are
(``platform.http.UseCaseModel``), with the same limits, converted once to what the service
takes. Both entry points use it; neither imports the other.

* The aliases only let a role reach a route; the service keeps the final word on permission
  (a municipality decides for itself only, the officer for any).
* A municipality's pages work for the signed-in official's municipality, the officer's for the
  one chosen with ``?kommun=`` (``OwnMunicipalityPlace``); the API's with ``?municipality=``
  (``OwnMunicipality``); ``platform.access.domain.scope`` decides (403, 404).
* The models keep the API's documented field names (docs/compensation.md, the OpenAPI
  document). A number may be typed as a page shows it: spaces between thousands and ``,`` or
  ``.`` as the decimal mark (``24 000,50``; ``typed_number``). A page's text of several values
  (a supplement level's own uplift ``2:6, 3:6``, the school units of an organiser outside the
  area, one ``CODE:NAME:MUNICIPALITY:MUNICIPALITY_NAME`` per line) is read into the API's
  structure.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Final

from fastapi import Depends, Query, Request
from pydantic import BeforeValidator, Field, ValidationError
from pydantic_core import PydanticCustomError

from samverka.compensation.domain.additional_grant import AdditionalKind, AmountPeriod
from samverka.compensation.domain.net_settlement import ClearingDecision, SettlementMode
from samverka.compensation.domain.organiser import Organiser, OrganiserKind
from samverka.compensation.domain.organiser_shares import MAXIMUM_PERCENT, OrganiserShares
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_proposal import DecisionOutcome, PriceDecision
from samverka.compensation.ports import OutsideSchoolUnit, Payee
from samverka.compensation.services.additional_grants import GrantRequest
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.http import UseCaseModel
from samverka.platform.web.auth import require
from samverka.platform.web.workplace import CODE_PATTERN, Workplace, find_workplace
from samverka.register.queries import municipality_view

# YYYY-MM of a year 1–9999 (there is no year 0: its days cannot be computed)
MONTH_PATTERN: Final = r"^(000[1-9]|00[1-9]\d|0[1-9]\d{2}|[1-9]\d{3})-(0[1-9]|1[0-2])$"

# -- who may -----------------------------------------------------------------------------------
CompensationRead = Annotated[Actor, Depends(require(Role.MUNICIPALITY, Role.OFFICER, Role.ANALYST))]
"""Read the money's aggregates: settlement, report, the year's shares and clearing."""
CompensationManage = Annotated[Actor, Depends(require(Role.OFFICER))]
"""Run the months, set the terms, keep the payees, the organisers' statements and invoices."""
AnomaliesRead = Annotated[Actor, Depends(require(Role.MUNICIPALITY, Role.OFFICER))]
"""Read a month's anomalies: a municipality its own, the officer any."""
PriceProposalRead = Annotated[
    Actor,
    Depends(require(Role.OFFICER, Role.MUNICIPALITY, Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER)),
]
"""Read the year's price proposal and who has decided on it."""
PriceProposalWrite = Annotated[Actor, Depends(require(Role.OFFICER, Role.ASSOCIATION_STAFF))]
"""Propose the next year's price list."""
SupplementsRead = Annotated[
    Actor, Depends(require(Role.OFFICER, Role.ANALYST, Role.MUNICIPALITY, Role.SCHOOL))
]
"""Read the structure supplement per school unit and programme (a school its own)."""

PLACE_PARAMETER: Final = "kommun"  # the pages' choice of municipality, as on /kommun
API_PARAMETER: Final = "municipality"


def own_municipality_place(
    request: Request,
    actor: AnomaliesRead,
    chosen: Annotated[str | None, Query(alias=PLACE_PARAMETER, pattern=CODE_PATTERN)] = None,
) -> Workplace:
    """A municipality's page: the official's own municipality, or the officer's choice."""
    return find_workplace(
        request,
        actor,
        Role.MUNICIPALITY,
        PLACE_PARAMETER,
        chosen,
        municipality_view.municipalities,
    )


def own_municipality(
    request: Request,
    actor: AnomaliesRead,
    chosen: Annotated[
        str | None,
        Query(
            alias=API_PARAMETER,
            pattern=CODE_PATTERN,
            description="The municipality to work in: required of the admission officer; "
            "an official may name only their own.",
        ),
    ] = None,
) -> Workplace:
    """A municipality's API: as on the pages, the officer naming one with ``municipality``."""
    return find_workplace(
        request, actor, Role.MUNICIPALITY, API_PARAMETER, chosen, municipality_view.municipalities
    )


def _working(place: Annotated[Workplace, Depends(own_municipality)]) -> Actor:
    return place.working


OwnMunicipalityPlace = Annotated[Workplace, Depends(own_municipality_place)]
"""Work with a municipality's own money on its pages (the officer: the chosen one's)."""
OwnMunicipality = Annotated[Actor, Depends(_working)]
"""Work with a municipality's own money through the API (the officer names one: 422 without)."""
AnomaliesScope = Annotated[Workplace, Depends(own_municipality)]
"""The API's anomalies: a municipality's own, or the officer's choice or the whole region."""


# -- what a number typed on a page may look like ---------------------------------------------
def typed_number(value: object) -> object:
    """``24 000,50`` as ``24000.50``: spaces between thousands, and a comma as the decimal mark
    when it is the only one and has at most two decimals after it, as Swedish writes a sum
    (``24,000`` stays unread: it is not a Swedish number, and may mean 24000 in English).
    Anything but a text is left to the field's type."""
    if not isinstance(value, str):
        return value
    text = "".join(value.split())
    whole, comma, decimals = text.partition(",")
    if comma and "." not in text and decimals.isdigit() and len(decimals) <= 2:
        return f"{whole}.{decimals}"
    return text


Amount = Annotated[
    Decimal, BeforeValidator(typed_number), Field(gt=0, max_digits=12, decimal_places=2)
]
Percent = Annotated[
    Decimal,
    BeforeValidator(typed_number),
    Field(ge=0, le=int(MAXIMUM_PERCENT), max_digits=6, decimal_places=2),  # an int: "at most 25"
]
Uplift = Annotated[
    Decimal, BeforeValidator(typed_number), Field(gt=-100, le=100, max_digits=6, decimal_places=2)
]
MonthText = Annotated[str, Field(pattern=MONTH_PATTERN, description="YYYY-MM")]
Reference = Annotated[str, Field(min_length=1, max_length=100, description="Diarienummer.")]


def _texts(value: object) -> list[str] | None:
    """A page's text (or the texts a form sent under one name), else None."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return value
    return None


def _not_in_form(text: str, form: str) -> PydanticCustomError:
    return PydanticCustomError(
        "string_pattern_mismatch", "{text} is not {form}", {"text": repr(text), "form": form}
    )


# -- tilläggsbelopp ----------------------------------------------------------------------------
class GrantIn(UseCaseModel):
    """A tilläggsbelopp decision to record for the municipality a request works for."""

    personal_id: str = Field(min_length=10, max_length=13, description="The pupil's number.")
    kind: AdditionalKind
    amount: Amount
    per: AmountPeriod
    first: MonthText
    last: MonthText | None = None
    decided_on: date
    reference: Reference

    def request(self, municipality: str) -> GrantRequest:
        return GrantRequest(
            personal_id=self.personal_id,
            municipality=municipality,
            kind=self.kind.value,
            amount=self.amount,
            per=self.per.value,
            first=Month.parse(self.first),
            last=None if self.last is None else Month.parse(self.last),
            decided_on=self.decided_on,
            reference=self.reference,
        )


class GrantEndIn(UseCaseModel):
    """The last month of a tilläggsbelopp decision."""

    last: MonthText


# -- the price proposal and the municipalities' decisions ------------------------------------
def _level_percents(value: object) -> object:
    """A page's ``2:6, 3:6`` as {2: 6, 3: 6}: a supplement level's own uplift in per cent."""
    texts = _texts(value)
    if texts is None:
        return value
    found: dict[str, str] = {}
    for part in (piece.strip() for text in texts for piece in text.split(",")):
        if not part:
            continue
        level, _, percent = part.partition(":")
        if not level.strip().isdigit() or not percent.strip():
            raise _not_in_form(part, "LEVEL:PERCENT, e.g. 2:6")
        found[level.strip()] = percent.strip()
    return found


class ProposalIn(UseCaseModel):
    """Next year's proposal: this year's common list and tiers uplifted by ``percent``."""

    year: int = Field(ge=2001, le=2100)
    percent: Uplift
    level_percent: Annotated[
        dict[int, Annotated[Decimal, BeforeValidator(typed_number), Field(gt=-100, le=100)]],
        BeforeValidator(_level_percents),
    ] = Field(default_factory=dict, description="A supplement tier's own uplift, by level.")
    proposed_on: date
    reference: Reference


class DecisionIn(UseCaseModel):
    """A member municipality's decision on a year's proposal."""

    outcome: DecisionOutcome
    decided_on: date
    reference: Reference

    def decision(self, year: int, municipality: str) -> PriceDecision:
        return PriceDecision(year, municipality, self.outcome, self.decided_on, self.reference)


# -- the year's shares, clearing and payees --------------------------------------------------
class SharesIn(UseCaseModel):
    """A year's administration and VAT shares for independent organisers (per cent)."""

    administration: Percent
    vat: Percent
    included: bool = False
    decided_on: date
    reference: Reference

    def shares(self, year: int) -> OrganiserShares:
        return OrganiserShares(
            year, self.administration, self.vat, self.included, self.decided_on, self.reference
        )


class ClearingIn(UseCaseModel):
    """The members' decision on the settlement from a first month."""

    mode: SettlementMode
    from_month: MonthText
    decided_on: date
    reference: Reference

    def decision(self) -> ClearingDecision:
        return ClearingDecision(
            self.mode, Month.parse(self.from_month), self.decided_on, self.reference
        )

    @classmethod
    def of(cls, decision: ClearingDecision) -> ClearingIn:
        return cls(
            mode=decision.mode,
            from_month=str(decision.from_month),
            decided_on=decision.decided_on,
            reference=decision.reference,
        )


class SchoolUnitIn(UseCaseModel):
    code: str = Field(pattern=r"^\d{8}$")
    name: str = Field(min_length=1, max_length=200)
    municipality_code: str = Field(pattern=r"^\d{4}$")
    municipality_name: str = Field(min_length=1, max_length=80)


UNIT_FORM: Final = "CODE:NAME:MUNICIPALITY:MUNICIPALITY_NAME"
UNIT_FIELDS: Final = ("code", "name", "municipality_code", "municipality_name")


def _school_units(value: object) -> object:
    """A page's ``CODE:NAME:MUNICIPALITY:MUNICIPALITY_NAME`` per line (or ``;``) as the API's
    list; a line that is not so is refused at the field itself."""
    texts = _texts(value)
    if texts is None:
        return value
    units: list[dict[str, Any]] = []
    for text in texts:
        for part in (piece.strip() for piece in text.replace("\n", ";").split(";")):
            if not part:
                continue
            fields = [piece.strip() for piece in part.split(":")]
            if len(fields) != 4:
                raise _not_in_form(part, UNIT_FORM)
            unit = dict(zip(UNIT_FIELDS, fields, strict=True))
            try:
                SchoolUnitIn.model_validate(unit)
            except ValidationError:
                raise _not_in_form(part, UNIT_FORM) from None
            units.append(unit)
    return units


class PayeeIn(UseCaseModel):
    """Who is paid, with the payment details the files need, and for an organiser outside the
    area its school units."""

    kind: OrganiserKind
    code: str = Field(min_length=1, max_length=20, description="As on the lines.")
    name: str = Field(min_length=1, max_length=200)
    organisation_number: str | None = Field(default=None, max_length=11)
    bankgiro: str | None = Field(default=None, max_length=9)
    plusgiro: str | None = Field(default=None, max_length=11)
    outside_area: bool = False
    school_units: Annotated[list[SchoolUnitIn], BeforeValidator(_school_units)] = Field(
        default_factory=list, max_length=100
    )

    def payee(self) -> Payee:
        return Payee(
            Organiser(self.kind, self.code),
            self.name,
            self.organisation_number,
            self.bankgiro,
            self.plusgiro,
            self.outside_area,
        )

    def units(self) -> list[OutsideSchoolUnit]:
        return [
            OutsideSchoolUnit(u.code, u.name, u.municipality_code, u.municipality_name)
            for u in self.school_units
        ]


# -- the month's run -------------------------------------------------------------------------
class RunIn(UseCaseModel):
    """A month to run, as ``samverka compensation run`` takes it."""

    month: MonthText = Field(description="The month to run, YYYY-MM.")
    correction: bool = Field(False, description="A correction run: allowed in a closed month.")
    recheck_months: int = Field(
        12, ge=0, le=36, description="How many earlier months with lines to recheck."
    )
    full_recheck: bool = Field(
        False, description="Recheck every pupil, not only those whose data changed."
    )
