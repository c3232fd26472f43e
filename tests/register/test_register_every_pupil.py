"""Every pupil in the register, every placed pupil-month paid or listed with its reason, on SQLite
and PostgreSQL (issue 13 points 1 and 2; admissions-rules.md §6 "Correction (turn 2)";
rules-audit-2026-12.md §4 and §9.1; skollagen 16 kap. 50–54 §§).

The audit's faults: a 15-year-old in year 1 (born after 15 September) and a 20-year-old in year 3
fell out of the register, so their September got no line and no anomaly; pupils from outside the
area could not be in the register; a 29-character orientation broke the run on PostgreSQL.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from admission_year_builders import (
    AFTER_FINAL,
    IN_APPLICATION_PERIOD,
    TODAY,
    YEAR,
    open_year,
    pupil,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.admission.domain.applicants import PupilGrades
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.ports import UnitOfWork
from samverka.admission.services.applications import ChoiceRequest, register_applications
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.rounds import publish_round, run_round
from samverka.compensation.db import tables as ct
from samverka.compensation.domain.month_lines import UnpaidReason
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList
from samverka.compensation.queries.compensation_check import reconciliation_check
from samverka.compensation.services.compensation import COMMON, import_price_list, run_month
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.personal_id import luhn_check_digit, parse_personal_id
from samverka.register.domain.placements import EndReason, SchoolPlacement
from samverka.register.domain.population import (
    ChangeKind,
    PopulationRecord,
    RegistrationSource,
)
from samverka.register.queries.register_view import person_history
from samverka.register.services.register import (
    import_placements,
    load_population,
    place_admitted,
    register_interruption,
)

OFFICE = Actor("officer", Role.OFFICER, "Officer")
ANALYST = Actor("anders", Role.ANALYST, "Anders")
NOW = datetime(YEAR, 10, 20, 3, tzinfo=UTC)
SEPTEMBER, OCTOBER = date(YEAR, 9, 1), date(YEAR, 10, 1)
START = date(YEAR, 8, 18)
STOCKHOLM_SCHOOL = Organiser.municipality("0180")


def pid(born: date, serial: int) -> str:
    return f"{born:%Y%m%d}-{serial:03d}{luhn_check_digit(f'{born:%y%m%d}{serial:03d}')}"


FIFTEEN = pid(date(2010, 10, 20), 11)  # 15 on 15 September 2026: year 1
TWENTY = pid(date(2006, 9, 20), 12)  # turns 20 on 20 September 2026: year 3
UPPSALA = pid(date(2009, 5, 5), 13)  # registered in Uppsala (0380), outside the area
UNKNOWN = pid(date(2009, 6, 6), 14)  # placed, registered nowhere the register knows
SIXTEEN = pid(date(2010, 2, 2), 15)


def record(personal_id: str, home: str = "0182", address: str = "Skolvägen 1") -> PopulationRecord:
    born = parse_personal_id(personal_id, today=TODAY).birth_date
    return PopulationRecord(personal_id, born, f"Elev {personal_id[-4:]}", home, address)


def load(
    uow: UnitOfWork, day: date, *records: PopulationRecord, confirmed: int | None = None
) -> dict[ChangeKind, int]:
    report = load_population(
        uow,
        records=records,
        extract_date=day,
        source="folk.csv",
        actor=OFFICE,
        now=NOW,
        confirmed_removals=confirmed,
    )
    return {kind: count for kind, count in report.changes.items() if count}


def prices(uow: UnitOfWork, orientation: str | None = None) -> None:
    listed = (Price("NA", None, Decimal(120000)), Price("EK", None, Decimal(96000)))
    if orientation is not None:
        listed += (Price("NA", orientation, Decimal(132000)),)
    import_price_list(uow, price_list=PriceList(YEAR, listed), kind=COMMON, actor=OFFICE, now=NOW)


def september(uow: UnitOfWork) -> int:
    return run_month(uow, month=Month(YEAR, 9), actor=OFFICE, now=NOW).run_id


def fifteen_year_old_applicant() -> PupilGrades:
    """Pupil 1 of the builders with the 15-year-old's number and home in Nacka."""
    grades = pupil(1, "A")
    applicant = replace(
        grades.applicant,
        personal_id=parse_personal_id(FIFTEEN, today=TODAY),
        name="Femton Åring",
        home_municipality="0182",
    )
    return replace(grades, applicant=applicant)


def admit_the_fifteen_year_old(uow: UnitOfWork) -> None:
    open_year(uow)
    import_pupils(
        uow,
        year=YEAR,
        pupils=[fifteen_year_old_applicant()],
        actor=OFFICE,
        now=IN_APPLICATION_PERIOD,
    )
    register_applications(
        uow,
        year=YEAR,
        applications={FIFTEEN: [ChoiceRequest("NORRA-NA")]},
        actor=OFFICE,
        by_admission_office=True,
        now=IN_APPLICATION_PERIOD,
    )
    final = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=1, actor=OFFICE, now=AFTER_FINAL)
    publish_round(uow, year=YEAR, round_id=final.round_id, actor=OFFICE, now=AFTER_FINAL)


def test_a_fifteen_year_old_placed_from_the_admission_is_registered_there_and_paid_for(
    uow: UnitOfWork, session: Session
) -> None:
    admit_the_fifteen_year_old(uow)
    assert load(uow, SEPTEMBER, record(FIFTEEN), record(SIXTEEN)) == {ChangeKind.NEW: 1}
    assert place_admitted(uow, year=YEAR, start=START, actor=OFFICE, now=NOW) == 1
    (period,) = person_history(session, OFFICE, FIFTEEN).periods
    assert (period.municipality, period.start, period.end, period.source) == (
        "0182",
        START,
        None,
        RegistrationSource.ADMISSION,
    )
    prices(uow)
    report = run_month(uow, month=Month(YEAR, 9), actor=OFFICE, now=NOW)
    assert (report.regular_lines, report.anomalies) == (1, 0)
    line = session.execute(select(ct.compensation_line)).one()
    assert (line.pupil_id, line.payer, line.payee_code) == (FIFTEEN, "0182", "0180")
    with uow:
        (event,) = uow.audit.events("school_placement", f"admission:{YEAR}")
    assert event["after"]["registered_from_admission"] == 1
    check = reconciliation_check(session, OFFICE, YEAR)
    assert check.reconciled
    (account,) = check.months
    assert (account.placed, account.paid, account.anomalies) == (1, 1, 0)


def test_the_next_extract_keeps_the_fifteen_year_old_pupil_and_takes_over_the_registration(
    uow: UnitOfWork, session: Session
) -> None:
    admit_the_fifteen_year_old(uow)
    load(uow, SEPTEMBER, record(SIXTEEN))
    place_admitted(uow, year=YEAR, start=START, actor=OFFICE, now=NOW)
    changes = load(uow, OCTOBER, record(FIFTEEN, address="Storgatan 7"), record(SIXTEEN))
    assert changes == {ChangeKind.ADDRESS_CHANGED: 1, ChangeKind.NAME_CHANGED: 1}
    periods = person_history(session, OFFICE, FIFTEEN).periods
    assert [(p.start, p.end, p.source) for p in periods] == [
        (START, date(YEAR, 9, 30), RegistrationSource.ADMISSION),
        (OCTOBER, None, RegistrationSource.POPULATION),
    ]


def test_an_extract_never_ages_out_a_pupil_in_year_three_while_the_placement_holds_them(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    year_three = SchoolPlacement(TWENTY, "11111111", "NA", "", date(2024, 8, 19))
    (placement_id,) = import_placements(uow, actor=OFFICE, placements=[year_three], now=NOW)
    assert load(uow, SEPTEMBER, record(TWENTY)) == {ChangeKind.NEW: 1}  # 19
    assert load(uow, OCTOBER, record(TWENTY)) == {}  # 20, but a pupil
    register_interruption(
        uow,
        actor=OFFICE,
        placement_id=placement_id,
        end=date(2027, 6, 11),
        now=NOW,
        reason=EndReason.COMPLETED,
    )
    assert load(uow, date(2027, 5, 1), record(TWENTY)) == {}
    # the register's only person leaving is a large removal: the officer confirms it
    aged_out = load(uow, date(2027, 7, 1), record(TWENTY), confirmed=1)
    assert aged_out == {ChangeKind.AGED_OUT: 1}
    prices(uow)
    september(uow)
    check = reconciliation_check(session, OFFICE, YEAR)
    assert check.reconciled
    assert (check.months[0].placed, check.months[0].paid) == (1, 1)  # 0182 pays Stockholm


def test_a_pupil_from_another_county_is_registered_by_the_school_and_invoiced_home(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    placement = SchoolPlacement(UPPSALA, "11111111", "NA", "", date(2025, 8, 18))
    import_placements(
        uow, actor=OFFICE, placements=[placement], now=NOW, homes={UPPSALA: record(UPPSALA, "0380")}
    )
    with uow:
        assert "0380" not in uow.catalogue.municipality_codes()  # not a member
        (event,) = uow.audit.events("school_placement")
    assert event["after"]["registered_in"] == "0380"
    (period,) = person_history(session, OFFICE, UPPSALA).periods
    assert (period.municipality, period.source) == ("0380", RegistrationSource.SCHOOL)
    assert load(uow, SEPTEMBER, record(SIXTEEN)) == {ChangeKind.NEW: 1}  # Uppsala untouched
    prices(uow)
    september(uow)
    payers = session.execute(select(ct.compensation_line.c.payer)).scalars().all()
    assert payers == ["0380"]
    assert reconciliation_check(session, OFFICE, YEAR).reconciled
    assert load(uow, OCTOBER, record(SIXTEEN), record(UPPSALA, "0180")) == {ChangeKind.MOVED: 1}


def test_a_placed_pupil_without_a_registration_is_an_anomaly_until_the_register_has_them(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    placement = SchoolPlacement(UNKNOWN, "11111111", "NA", "", date(2025, 8, 18))
    import_placements(uow, actor=OFFICE, placements=[placement], now=NOW)
    load(uow, SEPTEMBER, record(SIXTEEN))
    prices(uow)
    report = run_month(uow, month=Month(YEAR, 9), actor=OFFICE, now=NOW)
    (anomaly,) = report.anomaly_list
    assert (anomaly.pupil_id, anomaly.reason, anomaly.school_unit) == (
        UNKNOWN,
        UnpaidReason.NO_REGISTRATION,
        "11111111",
    )
    stored = session.execute(select(ct.compensation_unpaid)).one()
    assert (stored.pupil_id, stored.reason, stored.service_month) == (
        UNKNOWN,
        "no_registration",
        "2026-09",
    )
    (account,) = reconciliation_check(session, OFFICE, YEAR).months
    assert (account.placed, account.paid, account.anomalies, account.balanced) == (1, 0, 1, True)
    moved_in = replace(record(UNKNOWN, "0182"), registered_on=date(YEAR, 8, 1))
    assert load(uow, OCTOBER, record(SIXTEEN), moved_in) == {ChangeKind.NEW: 1}
    october = run_month(uow, month=Month(YEAR, 10), actor=OFFICE, now=NOW)
    assert (october.anomalies, october.regular_lines, october.correction_lines) == (0, 1, 1)
    assert session.execute(select(ct.compensation_unpaid)).all() == []
    (account,) = reconciliation_check(session, OFFICE, YEAR).months[:1]
    assert (account.placed, account.paid, account.anomalies, account.balanced) == (1, 1, 0, True)


def test_the_check_finds_a_placement_registered_after_the_months_last_run(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    load(uow, SEPTEMBER, record(SIXTEEN), record(UPPSALA, "0180"))
    import_placements(
        uow,
        actor=OFFICE,
        placements=[SchoolPlacement(SIXTEEN, "11111111", "NA", "", START)],
        now=NOW,
    )
    prices(uow)
    september(uow)
    assert reconciliation_check(session, OFFICE, YEAR).reconciled
    late = SchoolPlacement(UPPSALA, "11111111", "EK", "", START)
    import_placements(uow, actor=OFFICE, placements=[late], now=NOW)
    check = reconciliation_check(session, OFFICE, YEAR)
    assert not check.reconciled
    (account,) = check.months
    assert (account.placed, account.paid, account.not_charged) == (2, 1, 0)
    assert account.problems == (
        f"2026-09 pupil {UPPSALA}: placed, but neither paid nor listed with a reason",
    )
    counted = reconciliation_check(session, ANALYST, YEAR).months[0].problems
    assert counted == ("2026-09: 1 pupil-months placed, but neither paid nor listed with a reason",)
    september(uow)  # the rerun accounts for the late placement: Stockholm's own school
    rerun = reconciliation_check(session, OFFICE, YEAR)
    assert rerun.reconciled
    assert (rerun.months[0].paid, rerun.months[0].not_charged) == (1, 1)


def test_a_twenty_nine_character_orientation_is_priced_and_booked(
    uow: UnitOfWork, session: Session
) -> None:
    """On PostgreSQL the price and line orientation columns were varchar(20)."""
    orientation = "Informations- och medieteknik"
    assert len(orientation) == 29
    open_year(uow)
    load(uow, SEPTEMBER, record(SIXTEEN))
    placement = SchoolPlacement(SIXTEEN, "11111111", "NA", orientation, START)
    import_placements(uow, actor=OFFICE, placements=[placement], now=NOW)
    prices(uow, orientation)
    september(uow)
    line = session.execute(select(ct.compensation_line)).one()
    assert (line.orientation, line.amount) == (orientation, Decimal(11000))
