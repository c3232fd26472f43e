"""A population extract loaded into the youth register by the admission office at the moment the
register tests share (early morning 1 October 2026), for the database tests and the in-memory
service tests of the register alike."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from admission_year_builders import OFFICE

from samverka.register.domain.population import PopulationRecord
from samverka.register.domain.removal_guard import DEFAULT_SHARE
from samverka.register.ports import UnitOfWork
from samverka.register.services.register import LoadReport, load_population

NOW = datetime(2026, 10, 1, 3, tzinfo=UTC)


def load(
    uow: UnitOfWork,
    day: date,
    records: list[PopulationRecord],
    confirmed: int | None = None,
    share: Decimal = DEFAULT_SHARE,
) -> LoadReport:
    """Load ``records`` as the extract of ``day`` from ``folk.csv``; ``confirmed`` removals and
    the ``share`` of the register that may go without confirmation as the load takes them."""
    return load_population(
        uow,
        records=records,
        extract_date=day,
        source="folk.csv",
        actor=OFFICE,
        now=NOW,
        confirmed_removals=confirmed,
        removal_share=share,
    )
