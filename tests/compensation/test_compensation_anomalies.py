"""Who reads a month's anomalies, and what the year's check proves, on SQLite and PostgreSQL
(issue 13 point 2: "each anomaly: pupil (masked where protected for non-officers), month,
placement, reason"; "the reconciliation check proves placements, lines and anomalies add up";
admissions-rules §11.2 items 11–12; ``compensation.queries.compensation_anomalies``,
``compensation.queries.compensation_check``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from admission_year_builders import TODAY, YEAR, open_year
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from tampering import guards_lifted

from samverka.admission.ports import UnitOfWork
from samverka.admission.queries.round_lists import PROTECTED_NAME
from samverka.compensation.db import tables as ct
from samverka.compensation.domain.month_lines import UnpaidReason
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList
from samverka.compensation.queries.compensation_anomalies import month_account, month_anomalies
from samverka.compensation.queries.compensation_check import reconciliation_check
from samverka.compensation.services.compensation import COMMON, import_price_list, run_month
from samverka.errors import NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.personal_id import luhn_check_digit, parse_personal_id
from samverka.register.db import tables as rt
from samverka.register.domain.placements import SchoolPlacement
from samverka.register.domain.population import PopulationRecord
from samverka.register.services.register import import_placements, load_population

NOW = datetime(YEAR, 9, 20, 3, tzinfo=UTC)
SEPTEMBER = Month(YEAR, 9)
OFFICE = Actor("officer", Role.OFFICER, "Officer")
STOCKHOLM = Actor("sthlm", Role.MUNICIPALITY, "Stockholm", municipality_code="0180")
NACKA = Actor("nacka", Role.MUNICIPALITY, "Nacka", municipality_code="0182")
START = date(2025, 8, 18)
BORN = date(2009, 9, 9)


def pid(serial: int) -> str:
    return f"20090909-{serial:03d}{luhn_check_digit(f'090909{serial:03d}')}"


def registered(serial: int, home: str) -> PopulationRecord:
    number = pid(serial)
    born = parse_personal_id(number, today=TODAY).birth_date
    return PopulationRecord(number, born, f"Elev {serial}", home)


@pytest.fixture
def september(uow: UnitOfWork) -> UnitOfWork:
    """Four pupils at Norra (Stockholm's school, 11111111): 1 from Nacka (paid), 2 from
    Stockholm (own school), 3 and the protected 4 registered nowhere the register knows; and
    5 from Nacka at Södra (an independent school), whose programme has no price."""
    open_year(uow)
    load_population(
        uow,
        records=[registered(1, "0182"), registered(2, "0180"), registered(5, "0182")],
        extract_date=date(YEAR, 9, 1),
        source="folk.csv",
        actor=OFFICE,
        now=NOW,
    )
    placements = [SchoolPlacement(pid(n), "11111111", "NA", "", START) for n in (1, 2, 3, 4)]
    placements.append(SchoolPlacement(pid(5), "22222222", "TE", "", START))
    import_placements(uow, actor=OFFICE, placements=placements, now=NOW)
    prices = PriceList(YEAR, (Price("NA", None, Decimal(120000)),))
    import_price_list(uow, price_list=prices, kind=COMMON, actor=OFFICE, now=NOW)
    run_month(uow, month=SEPTEMBER, actor=OFFICE, now=NOW)
    return uow


def test_the_officer_reads_every_anomaly_with_its_reason_and_placement(
    september: UnitOfWork, session: Session
) -> None:
    rows, total = month_anomalies(session, OFFICE, SEPTEMBER)
    assert total == 3
    assert [(r.personal_id, r.reason, r.school_unit, r.programme) for r in rows] == [
        (pid(5), UnpaidReason.NO_PRICE, "22222222", "TE"),
        (pid(3), UnpaidReason.NO_REGISTRATION, "11111111", "NA"),
        (pid(4), UnpaidReason.NO_REGISTRATION, "11111111", "NA"),
    ]
    assert rows[0].home_municipality == "0182"
    account = month_account(session, OFFICE, SEPTEMBER)
    assert (account.placed, account.paid, account.not_charged, account.anomalies) == (5, 1, 1, 3)
    assert account.balanced


def test_a_municipality_reads_its_own_pupils_and_schools_anomalies_with_protection_masked(
    september: UnitOfWork, session: Session
) -> None:
    # pupil 4 was once registered with a protected identity: protected everywhere
    session.execute(rt.register_person.insert().values(personal_id=pid(4), birth_date=BORN))
    session.execute(
        rt.registration_period.insert().values(
            personal_id=pid(4),
            municipality_code="0180",
            name="Hemlig Person",
            address="",
            protected_identity=True,
            start=date(2020, 1, 1),
            end=date(2020, 1, 2),
            source="population",
        )
    )
    stockholm, _ = month_anomalies(session, STOCKHOLM, SEPTEMBER)  # the organiser of Norra
    assert [(r.personal_id, r.name) for r in stockholm] == [
        (pid(3), "–"),
        (None, PROTECTED_NAME),
    ]
    nacka, total = month_anomalies(session, NACKA, SEPTEMBER)  # pupil 5's home municipality
    assert (total, [r.personal_id for r in nacka]) == (1, [pid(5)])
    officer, _ = month_anomalies(session, OFFICE, SEPTEMBER, municipality="0180")
    assert [r.personal_id for r in officer] == [pid(3), pid(4)]
    with pytest.raises(NotPermitted):
        month_anomalies(session, NACKA, SEPTEMBER, municipality="0180")
    with pytest.raises(NotPermitted):
        month_anomalies(session, Actor("a", Role.ANALYST, "Analyst"), SEPTEMBER)


def test_the_check_finds_a_stated_total_that_the_lines_do_not_bear_out(
    september: UnitOfWork, session: Session
) -> None:
    stated = session.execute(select(ct.compensation_run_total)).all()
    assert [(row.payer, row.payee_code, row.lines, row.amount) for row in stated] == [
        ("0182", "0180", 1, Decimal("10000.00"))
    ]
    assert reconciliation_check(session, OFFICE, YEAR).reconciled
    with guards_lifted(session.connection(), "compensation_run_total"):  # a stated total forged
        changed = update(ct.compensation_run_total).values(amount=Decimal("9000.00"), lines=2)
        session.execute(changed)
    check = reconciliation_check(session, OFFICE, YEAR)
    assert not check.reconciled
    run_id = stated[0].run_id
    assert f"run {run_id}: 1 lines 0182 → municipality:0180, the run stated 2" in (
        check.discrepancies
    )
    assert any(getattr(p, "difference", None) == Decimal(-1000) for p in check.discrepancies)


def test_a_page_of_anomalies_is_the_slice_of_all_of_them_in_the_same_order(
    september: UnitOfWork, session: Session
) -> None:
    every, total = month_anomalies(session, OFFICE, SEPTEMBER)
    page, paged_total = month_anomalies(session, OFFICE, SEPTEMBER, limit=2, offset=1)
    assert (paged_total, page) == (total, every[1:3])
    assert month_anomalies(session, OFFICE, SEPTEMBER, limit=2, offset=3) == ([], 3)
