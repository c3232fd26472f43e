"""Use cases that set up an admission year: the region, its calendar and its catalogue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from samverka.domain.admission.calendar import AdmissionCalendar
from samverka.domain.admission.year_settings import YearSettings
from samverka.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class Municipality:
    code: str
    name: str
    population: int | None = None


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
    discretionary_places: int = 0
    test_multiplier: Decimal | None = None
    test_minimum: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Catalogue:
    organisers: Sequence[Organiser]
    school_units: Sequence[SchoolUnit]
    offerings: Sequence[Offering]


def open_admission_year(
    uow: UnitOfWork,
    *,
    year: int,
    region: str,
    calendar: AdmissionCalendar,
    settings: YearSettings,
    municipalities: Sequence[Municipality],
    catalogue: Catalogue,
    actor: str,
    now: datetime,
) -> int:
    """Create the year with its members and catalogue in one transaction."""
    with uow:
        uow.catalogue.add_municipalities(municipalities)
        year_id = uow.admission.add_year(year, region, calendar, settings)
        uow.catalogue.add_catalogue(year_id, catalogue)
        uow.audit.record(
            actor=actor,
            entity="admission_year",
            key=str(year),
            action="open",
            before=None,
            after={
                "region": region,
                "offerings": len(catalogue.offerings),
                "calendar": calendar.to_dict(),
                "settings": settings.to_dict(),
            },
            at=now,
        )
        uow.commit()
    return year_id
