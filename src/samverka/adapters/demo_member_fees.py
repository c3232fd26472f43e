"""The demo's member fees: loaded through the services the association's staff use.

* Revenue base: the members' tax and grant revenue of the demo year − 2 (2024 for the 2026
  demo; the base is an earlier year, as in 2018), derived as about 60 000 SEK per inhabitant
  (roughly the county's skatteintäkter och generella statsbidrag per inhabitant around 2024)
  × the population in the reference file (``reference/municipalities-stockholm-county.csv``),
  with a small fixed spread per municipality so the fee is not simply proportional to people.
* The board's service fee for the demo year + 1: 0.42 per mille (as in 2018), cap 0.50.
* The admission service fee for the demo year + 1: a budgeted cost of 24.8 mnkr (the 2018
  agreement-financed revenue of the admission office) charged per 16-year-old registered on the
  demo register's extract date, 1 September of the demo year.
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from decimal import Decimal
from importlib import resources

from samverka.adapters.db.unit_of_work import SqlUnitOfWork
from samverka.domain.access.actors import Actor, Role
from samverka.domain.association.admission_fee import AdmissionFeeDecision
from samverka.domain.association.revenue_base import RevenueRow
from samverka.domain.association.service_fee import ServiceFeeDecision
from samverka.services.member_fees import (
    decide_admission_fee,
    decide_service_fee,
    import_revenue_bases,
)

STAFF = Actor("demo", Role.ASSOCIATION_STAFF, "Förbundskansliet (demo)")
PER_INHABITANT = Decimal(60_000)
BUDGETED_COST = Decimal(24_800_000)


def _populations() -> dict[str, int]:
    text = resources.files("samverka.reference").joinpath("municipalities-stockholm-county.csv")
    with text.open(encoding="utf-8") as handle:
        return {
            row["municipality_code"]: int(row["population_2019_12_31"])
            for row in csv.DictReader(handle)
        }


def demo_revenue_rows() -> list[RevenueRow]:
    """Plausible revenue per member: 60 000 SEK per inhabitant, ±4 % by the municipality code."""
    rows = []
    for line, (code, population) in enumerate(sorted(_populations().items()), start=2):
        spread = Decimal(96 + int(code) % 9) / 100
        rows.append(RevenueRow(line, code, str(PER_INHABITANT * population * spread)))
    return rows


def load_demo_member_fees(uow: SqlUnitOfWork, year: int) -> None:
    """Load the demo's member fees for ``year``: revenue, service fee and admission fee."""
    fee_year, base_year = year + 1, year - 2
    decided_on = date(year, 12, 4)
    at = datetime(year, 12, 4, 15, tzinfo=UTC)
    import_revenue_bases(
        uow,
        actor=STAFF,
        base_year=base_year,
        rows=demo_revenue_rows(),
        source="demo: 60 000 kr per invånare",
        now=at,
    )
    service = ServiceFeeDecision(
        fee_year=fee_year,
        rate_per_mille=Decimal("0.42"),
        base_year=base_year,
        decided_on=decided_on,
        decided_by=f"styrelsen {decided_on.isoformat()} § 9",
    )
    decide_service_fee(uow, actor=STAFF, decision=service, now=at)
    admission = AdmissionFeeDecision(
        fee_year=fee_year,
        budgeted_cost=BUDGETED_COST,
        reference_date=date(year, 9, 1),
        decided_on=decided_on,
        decided_by=f"styrelsen {decided_on.isoformat()} § 10",
    )
    decide_admission_fee(uow, actor=STAFF, decision=admission, now=at)
