"""The demo's member fees: loaded through the services the association's staff use.

* Revenue base (skatteintäkter och generella statsbidrag): per municipality from public
  per-inhabitant figures, not worked backwards from a total (issue 13, point 13):
  ``reference/municipal-revenue-2018.csv`` holds each member's tax capacity (skattekraft,
  "uppräknat skatteunderlag per invånare", budget 2018) and its net equalisation
  (kommunalekonomisk utjämning, bidrag/avgift per invånare 2018: inkomst-, kostnads-,
  struktur- and regleringspost), both SCB/Sweco as published by the City of Stockholm's
  statistics (statistik.stockholm.se, tables B222 and B223). Revenue per inhabitant = tax
  capacity × the municipal tax rate + equalisation; the rate is Stockholm's own 17.90 % and
  the county's weighted average 18.47 % for the others (SCB/Sweco, "Kommunala skattesatser
  2018", table B241; each municipality's own rate, 17.1–19.9 %, is not in the reference file,
  so their revenue is within about ±7 %). Times the population of 31 December 2019 (the
  reference file), in whole kronor. The total is about 107 bn kr, which at the board's 0.42 ‰
  gives 45.1 mnkr: the 2018 plan's "45,5 mnkr" (seed 001, p. 29), checked in
  ``tests/association/fees/test_member_fee_demo_and_2018.py``. LSS equalisation and the
  property fee (fastighetsavgift) are left out. The amounts are at the 2018 level; the demo
  labels them with its base year, the demo year − 2.
* The board's service fee for the demo year + 1: 0.42 per mille (as in 2018), cap 0.50.
* The admission service fee for the demo year + 1: the 2018 plan's agreement-financed 24.8 mnkr
  (seed 001, p. 29) as its three charges: the admission system's 50 % of 13.2 mnkr (6.6 mnkr),
  the youth register UEDB's revenue (2 619 tkr, the demo budget's UEDB line) and the admission
  office the rest (15 581 000 kr); per young person of the 16-year-old cohort (born in the demo
  year − 16) registered on the register's extract date, 1 September of the demo year.
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from decimal import Decimal
from importlib import resources

from samverka.association.fees.domain.admission_fee import (
    AdmissionFeeDecision,
    Charge,
    ChargeKind,
    CountBasis,
)
from samverka.association.fees.domain.revenue_base import RevenueRow
from samverka.association.fees.domain.service_fee import ServiceFeeDecision
from samverka.association.fees.ports import UnitOfWork
from samverka.association.fees.services import (
    decide_admission_fee,
    decide_service_fee,
    import_revenue_bases,
)
from samverka.platform.access.domain.actors import Actor, Role

STAFF = Actor("demo", Role.ASSOCIATION_STAFF, "Förbundskansliet (demo)")
BUDGETED_COST = Decimal(24_800_000)  # every charge of the admission fee together
SYSTEM_COST = Decimal(6_600_000)  # 50 % of the admission system's 13.2 mnkr
REGISTER_COST = Decimal(2_619_000)  # UEDB
OFFICE_COST = BUDGETED_COST - SYSTEM_COST - REGISTER_COST
STOCKHOLM_TAX_RATE = Decimal("0.1790")  # SCB/Sweco, kommunala skattesatser 2018 (B241)
COUNTY_TAX_RATE = Decimal("0.1847")  # the county's weighted average, the same table
REVENUE_SOURCE = "demo: skattekraft × skattesats + utjämning per invånare 2018 (SCB/Sweco)"


def _populations() -> dict[str, int]:
    text = resources.files("samverka.platform.reference").joinpath(
        "municipalities-stockholm-county.csv"
    )
    with text.open(encoding="utf-8") as handle:
        return {
            row["municipality_code"]: int(row["population_2019_12_31"])
            for row in csv.DictReader(handle)
        }


def _revenue_figures() -> dict[str, tuple[Decimal, Decimal]]:
    """(tax capacity, equalisation) per inhabitant 2018 by municipality code."""
    text = resources.files("samverka.platform.reference").joinpath("municipal-revenue-2018.csv")
    with text.open(encoding="utf-8") as handle:
        return {
            row["municipality_code"]: (
                Decimal(row["tax_capacity_per_inhabitant_2018"]),
                Decimal(row["equalisation_per_inhabitant_2018"]),
            )
            for row in csv.DictReader(handle)
        }


def revenue_per_inhabitant(code: str, tax_capacity: Decimal, equalisation: Decimal) -> Decimal:
    """Tax and grant revenue per inhabitant: tax capacity × the tax rate + equalisation."""
    rate = STOCKHOLM_TAX_RATE if code == "0180" else COUNTY_TAX_RATE
    return tax_capacity * rate + equalisation


def demo_revenue_rows() -> list[RevenueRow]:
    """Each member's revenue: its revenue per inhabitant × its population, whole kronor."""
    figures = _revenue_figures()
    rows = []
    for line, (code, population) in enumerate(sorted(_populations().items()), start=2):
        per_inhabitant = revenue_per_inhabitant(code, *figures[code])
        rows.append(RevenueRow(line, code, str(round(per_inhabitant * population))))
    return rows


def load_demo_member_fees(uow: UnitOfWork, year: int) -> None:
    """Load the demo's member fees for ``year``: revenue, service fee and admission fee."""
    fee_year, base_year = year + 1, year - 2
    decided_on = date(year, 12, 4)
    at = datetime(year, 12, 4, 15, tzinfo=UTC)
    import_revenue_bases(
        uow,
        actor=STAFF,
        base_year=base_year,
        rows=demo_revenue_rows(),
        source=REVENUE_SOURCE,
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
        budgeted_cost=OFFICE_COST,
        reference_date=date(year, 9, 1),
        decided_on=decided_on,
        decided_by=f"styrelsen {decided_on.isoformat()} § 10",
        count_basis=CountBasis.COHORT,
        other_charges=(
            Charge(ChargeKind.REGISTER, REGISTER_COST),
            Charge(ChargeKind.ADMISSION_SYSTEM, SYSTEM_COST, "50 % av 13,2 mnkr"),
        ),
    )
    decide_admission_fee(uow, actor=STAFF, decision=admission, now=at)
