"""An admission year's catalogue as it is set up: the municipalities (with their part in the
admission area), the organisers, their school units and the offerings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from samverka.admission.domain.area import AreaTerms


@dataclass(frozen=True, slots=True)
class Municipality:
    code: str
    name: str
    population: int | None = None
    terms: AreaTerms = AreaTerms.MEMBER  # its part in the admission area (``area.AreaTerms``)


@dataclass(frozen=True, slots=True)
class Organiser:
    name: str
    kind: str  # municipal, regional, independent
    municipality_code: str | None = None


@dataclass(frozen=True, slots=True)
class SchoolUnit:
    code: str  # 8 digits, Skolverket's skolenhetskod
    name: str
    organiser: str
    municipality_code: str


@dataclass(frozen=True, slots=True)
class Offering:
    code: str
    school_unit_code: str
    programme: str
    places: int
    orientation: str = ""
    discretionary_places: int = 0  # fri kvot (GyF 7 kap. 3 §), of ``places``
    test_multiplier: Decimal | None = None
    test_minimum: Decimal | None = None
    leads_to: str | None = None  # IMV: the national programme it leads to (SL 17 kap.)
    nationally_recruiting: bool = False  # riksrekryterande: first hand for all of Sweden
    ranked_by_school: bool = False  # an individually adapted IMV/IMY; IMA always is


@dataclass(frozen=True, slots=True)
class Catalogue:
    organisers: Sequence[Organiser]
    school_units: Sequence[SchoolUnit]
    offerings: Sequence[Offering]
