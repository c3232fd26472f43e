"""The member fees of the demo and of the 2018 decision, stored on SQLite and PostgreSQL.

The 2018 decision (verksamhetsplan och budget 2018): 0.42 per mille of the members' tax and
grant revenue gave 45.5 mnkr. The revenue base assumed here: 108 333 333 333 SEK for the 26
members together, spread by their population of 31 December 2019 (largest remainder, whole
kronor); 0.42 ‰ of it is 45 499 999.99 SEK, and the stored fees, each rounded to whole kronor,
add up to 45.5 mnkr within half a krona per member."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from decimal import Decimal
from importlib import resources
from types import SimpleNamespace
from typing import Any

from admission_year_builders import OFFICE
from sqlalchemy.orm import Session

from samverka.admission.domain.catalogue import Municipality
from samverka.association.fees.demo import (
    BUDGETED_COST,
    demo_revenue_rows,
    load_demo_member_fees,
)
from samverka.association.fees.domain.fee_apportionment import largest_remainder
from samverka.association.fees.domain.revenue_base import RevenueRow
from samverka.association.fees.domain.service_fee import ServiceFeeDecision
from samverka.association.fees.queries.fees import fee_year, fees_per_municipality
from samverka.association.fees.services import decide_service_fee, import_revenue_bases
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.personal_id import luhn_check_digit
from samverka.register.domain.population import PopulationRecord
from samverka.register.services.register import load_population
from samverka.unit_of_work import SqlUnitOfWork

STAFF = Actor("stina", Role.ASSOCIATION_STAFF, "Stina")
NOW = datetime(2017, 12, 8, 12, tzinfo=UTC)


def _reference_populations() -> list[Any]:
    text = resources.files("samverka.platform.reference").joinpath(
        "municipalities-stockholm-county.csv"
    )
    with text.open(encoding="utf-8") as handle:
        return [SimpleNamespace(**row) for row in csv.DictReader(handle)]


def _county(uow: SqlUnitOfWork) -> dict[str, int]:
    text = resources.files("samverka.platform.reference").joinpath(
        "municipalities-stockholm-county.csv"
    )
    with text.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with uow:
        uow.catalogue.add_municipalities(
            [Municipality(r["municipality_code"], r["name"]) for r in rows]
        )
        uow.commit()
    return {r["municipality_code"]: int(r["population_2019_12_31"]) for r in rows}


def test_the_2018_decision_stored_gives_45_5_mnkr(uow: SqlUnitOfWork, session: Session) -> None:
    populations = _county(uow)
    revenues = largest_remainder(Decimal(108_333_333_333), populations)
    rows = [RevenueRow(n, code, str(revenues[code])) for n, code in enumerate(sorted(revenues), 2)]
    import_revenue_bases(uow, actor=STAFF, base_year=2016, rows=rows, source="2016", now=NOW)
    decision = ServiceFeeDecision(2018, Decimal("0.42"), 2016, NOW.date(), "styrelsen 2017-12")
    result = decide_service_fee(uow, actor=STAFF, decision=decision, now=NOW)
    assert result.municipalities == 26
    assert abs(result.total - Decimal(45_500_000)) <= Decimal(13)
    fees = fees_per_municipality(session, 2018)
    assert sum(fee.total for fee in fees) == result.total
    assert max(fees, key=lambda fee: fee.service_fee).name == "Stockholm"


def _people(count: int, codes: list[str]) -> list[PopulationRecord]:
    born = date(2010, 5, 17)
    found = []
    for n in range(count):
        digits = born.strftime("%y%m%d") + f"{n % 1000:03d}"
        pid = f"{born:%Y%m%d}-{n % 1000:03d}{luhn_check_digit(digits)}"
        found.append(PopulationRecord(pid, born, f"Ung {n}", codes[n % len(codes)]))
    return found


def test_the_demo_loads_revenue_a_service_fee_and_an_admission_fee(
    uow: SqlUnitOfWork, session: Session
) -> None:
    codes = sorted(_county(uow))
    load_population(
        uow,
        records=_people(500, codes),
        extract_date=date(2026, 9, 1),
        source="demo",
        actor=OFFICE,
        now=datetime(2026, 9, 1, tzinfo=UTC),
    )
    load_demo_member_fees(uow, 2026)
    year = fee_year(session, STAFF, 2027)
    assert year.admission_total == BUDGETED_COST
    revenue = sum(Decimal(row.revenue) for row in demo_revenue_rows())
    assert abs(year.service_total - revenue * Decimal("0.42") / 1000) <= Decimal(13)
    assert year.service is not None
    assert year.service.base_year == 2024
    assert len(year.invoices) == 52
    assert year.admission is not None
    assert [c.cost for c in year.admission.charges] == [
        Decimal(15_581_000),
        Decimal(2_619_000),
        Decimal(6_600_000),
    ]


def test_the_demos_revenue_comes_from_each_municipalitys_revenue_per_inhabitant() -> None:
    # Source: SCB/Sweco 2018 (skattekraft, kommunalekonomisk utjämning, skattesatser, via
    # statistik.stockholm.se B222, B223, B241); seed 001, p. 29 ("0,42 promille … 45,5 mnkr").
    populations = {
        row.municipality_code: int(row.population_2019_12_31) for row in _reference_populations()
    }
    per_inhabitant = {
        row.municipality_code: Decimal(row.revenue) / populations[row.municipality_code]
        for row in demo_revenue_rows()
    }
    assert len(per_inhabitant) == 26
    # realistic per-inhabitant revenue, and not one figure for all
    assert all(Decimal(38_000) < v < Decimal(52_000) for v in per_inhabitant.values())
    assert max(per_inhabitant.values()) - min(per_inhabitant.values()) > Decimal(8_000)
    # equalisation lifts Botkyrka (low tax capacity) above Solna (high capacity, pays in)
    assert per_inhabitant["0127"] > per_inhabitant["0184"]
    total = sum(Decimal(row.revenue) for row in demo_revenue_rows())
    fee = total * Decimal("0.42") / 1000
    assert abs(fee - Decimal(45_500_000)) / Decimal(45_500_000) < Decimal("0.03")
