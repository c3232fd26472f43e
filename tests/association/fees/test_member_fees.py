"""Member fees on SQLite and PostgreSQL through the services: a revenue base set again, the
service fee stored with its fees and invoices, re-deciding with a reason and history, the
admission service fee charged by the youth register's count of 16-year-olds on the reference
date (by exact age and by birth cohort) and by each party of the admission area, and who reads
what. The services' rules and refusals are tested in memory (``test_member_fee_services``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from admission_year_builders import OFFICE
from member_fee_support import BOARD, NOW, REFERENCE, STAFF, STOCKHOLM, service_fee_decision
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverka.admission.domain.area import AreaTerms
from samverka.admission.domain.catalogue import Municipality
from samverka.admission.ports import UnitOfWork
from samverka.association.fees.db import tables as f
from samverka.association.fees.domain.admission_fee import (
    AdmissionFeeDecision,
    Charge,
    ChargeKind,
    CountBasis,
)
from samverka.association.fees.domain.revenue_base import RevenueRow
from samverka.association.fees.queries.fees import (
    fee_year,
    fee_years,
    fees_per_municipality,
    municipality_fees,
    revenue_bases,
)
from samverka.association.fees.services import (
    decide_admission_fee,
    decide_service_fee,
    import_revenue_bases,
    set_revenue_base,
)
from samverka.errors import Conflict, NotPermitted
from samverka.platform.domain.personal_id import luhn_check_digit
from samverka.register.domain.population import AgeBand, PopulationRecord
from samverka.register.services.register import load_population

MEMBERS = [
    Municipality("0180", "Stockholm", 975_551),
    Municipality("0182", "Nacka", 105_201),
    Municipality("0114", "Upplands Väsby", 46_786),
]


def _members(uow: UnitOfWork) -> None:
    with uow:
        uow.catalogue.add_municipalities(MEMBERS)
        uow.commit()


def _revenues(uow: UnitOfWork) -> None:
    rows = [
        RevenueRow(2, "0180", "60000000000"),
        RevenueRow(3, "0182", "6 300 000 000,50"),
        RevenueRow(4, "0114", "2800000000"),
    ]
    import_revenue_bases(uow, actor=STAFF, base_year=2024, rows=rows, source="in.csv", now=NOW)


def _count(session: Session, table: object) -> int:
    return int(session.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def _person(serial: int, born: date, home: str) -> PopulationRecord:
    digits = born.strftime("%y%m%d") + f"{serial:03d}"
    pid = f"{born:%Y%m%d}-{serial:03d}{luhn_check_digit(digits)}"
    return PopulationRecord(pid, born, f"Ung {serial}", home)


def test_the_service_fee_is_stored_with_every_members_fee_and_quarterly_invoices(
    uow: UnitOfWork, session: Session
) -> None:
    _members(uow)
    _revenues(uow)
    result = decide_service_fee(uow, actor=STAFF, decision=service_fee_decision(), now=NOW)
    assert (result.version, result.municipalities, result.invoices) == (1, 3, 3)
    assert result.total == Decimal(25_200_000 + 2_646_000 + 1_176_000)
    fees = {fee.municipality_code: fee for fee in fees_per_municipality(session, 2027)}
    assert fees["0182"].service_fee == Decimal(2_646_000)  # 0.42 ‰ × 6 300 000 000.50, rounded
    assert fees["0182"].admission_fee == Decimal(0)
    year = fee_year(session, BOARD, 2027)
    assert year.service_total == result.total
    invoice = next(i for i in year.invoices if i.municipality_code == "0180")
    assert invoice.invoice_number == "SA-2027-0180-1"
    assert [part.amount for part in invoice.instalments] == [Decimal(6_300_000)] * 4
    events = uow.audit.events("service_fee_decision", "2027")
    assert [e["action"] for e in events] == ["decide"]


def test_a_decided_year_is_decided_again_only_with_a_reason_and_keeps_its_history(
    uow: UnitOfWork, session: Session
) -> None:
    _members(uow)
    _revenues(uow)
    decide_service_fee(uow, actor=STAFF, decision=service_fee_decision(), now=NOW)
    with pytest.raises(Conflict, match="redan beslutad"):
        decide_service_fee(uow, actor=STAFF, decision=service_fee_decision("0.40"), now=NOW)
    again = decide_service_fee(
        uow,
        actor=STAFF,
        decision=service_fee_decision("0.40"),
        reason="fullmäktige sänkte",
        now=NOW,
    )
    assert again.version == 2
    year = fee_year(session, STAFF, 2027)
    assert [(d.version, d.superseded_at is not None) for d in year.history] == [
        (1, True),
        (2, False),
    ]
    assert year.service is not None
    assert year.service.rate_per_mille == Decimal("0.40")
    assert {i.invoice_number for i in year.invoices} == {
        "SA-2027-0114-2",
        "SA-2027-0180-2",
        "SA-2027-0182-2",
    }
    assert _count(session, f.fee_invoice) == 6  # the superseded invoices are kept
    events = uow.audit.events("service_fee_decision", "2027")
    assert [e["action"] for e in events] == ["decide", "decide_again"]
    assert events[1]["before"]["version"] == 1


def test_setting_one_revenue_replaces_the_earlier_one_and_is_audited(
    uow: UnitOfWork, session: Session
) -> None:
    _members(uow)
    _revenues(uow)
    set_revenue_base(
        uow, actor=STAFF, base_year=2024, municipality_code="0182", revenue="7000000000", now=NOW
    )
    found = {r.municipality_code: r.revenue for r in revenue_bases(session, BOARD, 2024)}
    assert found == {
        "0114": Decimal(2_800_000_000),
        "0180": Decimal(60_000_000_000),
        "0182": Decimal(7_000_000_000),
    }
    events = uow.audit.events("fee_revenue_base", "2024")
    assert events[-1]["before"] == {"revenue": {"0182": "6300000000.50"}, "source": None}
    assert events[-1]["after"] == {"revenue": {"0182": "7000000000.00"}, "source": "set by hand"}


def test_the_admission_fee_is_charged_by_the_16_year_olds_registered_on_the_reference_date(
    uow: UnitOfWork, session: Session
) -> None:
    _members(uow)
    people = [
        _person(1, date(2010, 3, 1), "0180"),  # 16 on 1 September 2026
        _person(2, date(2010, 9, 1), "0180"),  # 16 on the day itself
        _person(3, date(2010, 9, 2), "0180"),  # still 15
        _person(4, date(2009, 9, 1), "0180"),  # 17
        _person(5, date(2010, 1, 15), "0182"),  # 16, in Nacka
    ]
    load_population(
        uow, records=people, extract_date=REFERENCE, source="folk.csv", actor=OFFICE, now=NOW
    )
    decision = AdmissionFeeDecision(
        2027,
        Decimal(1_000_000),
        REFERENCE,
        date(2026, 12, 4),
        "styrelsen 2026-12-04 § 10",
        count_basis=CountBasis.EXACT_AGE,
    )
    result = decide_admission_fee(uow, actor=STAFF, decision=decision, now=NOW)
    assert result.young_people == 3
    assert result.total == Decimal(1_000_000)
    assert result.price_per_young_person == Decimal("333333.33")
    year = fee_year(session, STAFF, 2027)
    rows = {row.municipality_code: row for row in year.rows}
    assert (rows["0180"].young_people, rows["0180"].admission_fee) == (2, Decimal(666_667))
    assert (rows["0182"].young_people, rows["0182"].admission_fee) == (1, Decimal(333_333))
    assert (rows["0114"].young_people, rows["0114"].admission_fee) == (0, Decimal(0))
    assert len(year.invoices) == 2  # nobody is invoiced nothing


def test_by_default_the_admission_fee_counts_the_birth_cohort_turning_16_in_the_year(
    uow: UnitOfWork, session: Session
) -> None:
    # Source: seed 001, p. 7: "en avgift per [16-]åring som är folkbokförd i kommunerna"; the
    # cohort reading (born in Y − 16) counts those born after 1 September too, who are 15 on
    # the reference date (rules-audit-2026-12: the 29 % of a year group born late in the year).
    _members(uow)
    people = [
        _person(1, date(2010, 3, 1), "0180"),  # born 2010: counted
        _person(2, date(2010, 12, 31), "0180"),  # born 2010, 15 on 1 September: counted
        _person(3, date(2009, 12, 31), "0180"),  # born 2009, 16 on 1 September: not counted
        _person(4, date(2011, 1, 1), "0182"),  # born 2011: not counted
        _person(5, date(2010, 9, 2), "0182"),  # born 2010, 15 on the day: counted
    ]
    load_population(
        uow,
        records=people,
        extract_date=REFERENCE,
        source="folk.csv",
        actor=OFFICE,
        now=NOW,
        band=AgeBand(15, 19),
    )
    decision = AdmissionFeeDecision(
        2027, Decimal(900_000), REFERENCE, date(2026, 12, 4), "styrelsen 2026-12-04 § 10"
    )
    result = decide_admission_fee(uow, actor=STAFF, decision=decision, now=NOW)
    assert result.young_people == 3
    year = fee_year(session, STAFF, 2027)
    assert year.admission is not None
    assert year.admission.count_basis is CountBasis.COHORT
    rows = {row.municipality_code: row.young_people for row in year.rows}
    assert rows == {"0114": 0, "0180": 2, "0182": 1}
    exact = AdmissionFeeDecision(
        2027,
        Decimal(900_000),
        REFERENCE,
        date(2026, 12, 4),
        "styrelsen",
        count_basis=CountBasis.EXACT_AGE,
    )
    again = decide_admission_fee(uow, actor=STAFF, decision=exact, reason="exakt ålder", now=NOW)
    assert again.young_people == 2  # born 2010-03-01 and 2009-12-31


def test_the_parties_of_the_admission_area_are_charged_each_service_on_its_own_line(
    uow: UnitOfWork, session: Session
) -> None:
    # Source: admissions-rules §7.4 (Håbo and Gnesta buy the admission office and UEDB by
    # agreement); seed 001, p. 29 (the admission office, UEDB and the admission system charged
    # by agreement, with the recovery of 2017's costs).
    with uow:
        uow.catalogue.add_municipalities(
            [
                Municipality("0180", "Stockholm"),
                Municipality("0305", "Håbo", terms=AreaTerms.ADMISSION_AND_COMPENSATION),
                Municipality("0461", "Gnesta", terms=AreaTerms.ADMISSION_ONLY),
                Municipality("0380", "Uppsala", terms=AreaTerms.OUTSIDE),
            ]
        )
        uow.commit()
    people = [
        _person(n, date(2010, 5, 1), home)
        for n, home in enumerate(("0180", "0180", "0305", "0461", "0380"), 1)
    ]
    load_population(
        uow, records=people, extract_date=REFERENCE, source="f.csv", actor=OFFICE, now=NOW
    )
    decision = AdmissionFeeDecision(
        2027,
        Decimal(400_000),
        REFERENCE,
        date(2026, 12, 4),
        "styrelsen",
        other_charges=(
            Charge(ChargeKind.REGISTER, Decimal(200_000)),
            Charge(ChargeKind.ADMISSION_SYSTEM, Decimal(100_001), "50 % av systemets kostnad"),
            Charge(ChargeKind.RECOVERY, Decimal(0), "inget att återbetala"),
        ),
    )
    result = decide_admission_fee(uow, actor=STAFF, decision=decision, now=NOW)
    assert (result.young_people, result.total) == (4, Decimal(700_001))
    year = fee_year(session, STAFF, 2027)
    assert year.admission is not None
    assert [c.kind for c in year.admission.charges] == [
        ChargeKind.ADMISSION_OFFICE,
        ChargeKind.REGISTER,
        ChargeKind.ADMISSION_SYSTEM,
    ]
    members = {row.municipality_code: row.member for row in year.rows}
    assert members == {"0180": True, "0305": False, "0461": False}  # Uppsala is outside
    lines = {
        invoice.municipality_code: [(x.kind, x.text, x.amount) for x in invoice.lines]
        for invoice in year.invoices
    }
    assert lines["0180"] == [
        ("admission_office", "", Decimal(200_000)),
        ("register", "", Decimal(100_000)),
        ("admission_system", "50 % av systemets kostnad", Decimal(50_001)),
    ]
    assert lines["0461"] == [
        ("admission_office", "", Decimal(100_000)),
        ("register", "", Decimal(50_000)),
        ("admission_system", "50 % av systemets kostnad", Decimal(25_000)),
    ]
    assert {i.municipality_code: i.amount for i in year.invoices} == {
        "0180": Decimal(350_001),
        "0305": Decimal(175_000),
        "0461": Decimal(175_000),
    }
    event = uow.audit.events("admission_fee_decision", "2027")[-1]
    decided = event["after"]["decision"]  # type: ignore[index]
    assert decided["budgeted_cost"] == "400000"
    assert {c["kind"]: c["cost"] for c in decided["other_charges"]} == {
        "register": "200000",
        "admission_system": "100001",
        "recovery": "0",  # not charged: no line on the invoices
    }


def test_a_municipality_reads_only_its_own_fees_and_the_association_all(
    uow: UnitOfWork, session: Session
) -> None:
    _members(uow)
    _revenues(uow)
    decide_service_fee(uow, actor=STAFF, decision=service_fee_decision(), now=NOW)
    own = municipality_fees(session, STOCKHOLM)
    assert [(y.fee_year, y.service_fee) for y in own] == [(2027, Decimal(25_200_000))]
    assert {i.municipality_code for y in own for i in y.invoices} == {"0180"}
    with pytest.raises(NotPermitted):
        fee_years(session, STOCKHOLM)
    with pytest.raises(NotPermitted):
        municipality_fees(session, STAFF)
    assert [y.fee_year for y in fee_years(session, BOARD)] == [2027]
