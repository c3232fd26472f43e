"""A month's accounting summed by the database (``compensation_check.month_accounts``: one query
per month, its pupils grouped once) gives what the domain gives pupil by pupil, on SQLite and
PostgreSQL.

The months: 40 pupils of two municipalities at Norra (Stockholm's school) and Södra (an
independent school whose programme has no price), some registered nowhere, run in September
and October; then the register and the October lines are changed behind the runs' backs so that
every kind of pupil-month that does not add up is there (a second placement, a placement after
the run, one ended before the measurement date, a line booked twice, a reversal without its
line, an unpaid row listed twice). The reference reads the rows and accounts for each pupil with
``compensation.domain.unpaid.pupil_month_problem``.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from admission_year_builders import TODAY, YEAR, open_year
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session
from tampering import guards_lifted

from samverka.admission.ports import UnitOfWork
from samverka.compensation.db import tables as ct
from samverka.compensation.db.compensation_repository import SqlCompensationRepository
from samverka.compensation.domain.measurement_day import measurement_date
from samverka.compensation.domain.month_lines import LineKind, LinePurpose, UnpaidReason
from samverka.compensation.domain.monthly_compensation import CompensationSettings
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList
from samverka.compensation.domain.unpaid import MonthAccount, pupil_month_problem
from samverka.compensation.queries.compensation_check import NAMED_PROBLEMS, month_accounts
from samverka.compensation.services.compensation import COMMON, import_price_list, run_month
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.personal_id import luhn_check_digit, parse_personal_id
from samverka.register.db import tables as rt
from samverka.register.domain.placements import SchoolPlacement
from samverka.register.domain.population import PopulationRecord
from samverka.register.services.register import import_placements, load_population

NOW = datetime(YEAR, 10, 20, 3, tzinfo=UTC)
AUGUST, SEPTEMBER, OCTOBER = Month(YEAR, 8), Month(YEAR, 9), Month(YEAR, 10)
OFFICE = Actor("officer", Role.OFFICER, "Officer")
START = date(2025, 8, 18)


def pid(serial: int) -> str:
    return f"20090909-{serial:03d}{luhn_check_digit(f'090909{serial:03d}')}"


@pytest.fixture
def two_months(uow: UnitOfWork, session: Session) -> UnitOfWork:
    """September and October run for 40 pupils, then October's rows changed (module docstring)."""
    draw = random.Random(15)
    open_year(uow)
    records, placements = [], []
    for n in range(1, 41):
        home = draw.choice(("0180", "0182", None))
        if home is not None:
            born = parse_personal_id(pid(n), today=TODAY).birth_date
            records.append(PopulationRecord(pid(n), born, f"Elev {n}", home))
        unit, programme = draw.choice((("11111111", "NA"), ("22222222", "TE")))
        placements.append(SchoolPlacement(pid(n), unit, programme, "", START))
    load_population(
        uow, records=records, extract_date=date(YEAR, 9, 1), source="folk.csv", actor=OFFICE,
        now=NOW,
    )  # fmt: skip
    import_placements(uow, actor=OFFICE, placements=placements, now=NOW)
    prices = PriceList(YEAR, (Price("NA", None, Decimal(120000)),))
    import_price_list(uow, price_list=prices, kind=COMMON, actor=OFFICE, now=NOW)
    run_month(uow, month=SEPTEMBER, actor=OFFICE, now=NOW)
    run_month(uow, month=OCTOBER, actor=OFFICE, now=NOW)
    _change_october(session)
    return uow


def _change_october(session: Session) -> None:
    s, line, unpaid = rt.school_placement, ct.compensation_line, ct.compensation_unpaid
    october = str(OCTOBER)
    person = rt.register_person
    for n in (41, 42):
        born = parse_personal_id(pid(n), today=TODAY).birth_date
        session.execute(insert(person).values(personal_id=pid(n), birth_date=born))
    placement = {"school_unit_code": "11111111", "programme": "NA", "orientation": ""}
    session.execute(insert(s).values(personal_id=pid(41), start=date(YEAR, 10, 1), **placement))
    session.execute(insert(s).values(personal_id=pid(3), start=START, **placement))  # a second
    session.execute(update(s).where(s.c.personal_id == pid(7)).values(end=date(YEAR, 9, 30)))
    programme = line.c.purpose == LinePurpose.PROGRAMME.value
    paid = session.execute(
        select(line).where(line.c.service_month == october, programme).order_by(line.c.pupil_id)
    ).all()
    columns = [c.name for c in line.columns if c.name != "id"]
    twice, reversed_ = paid[0]._mapping, paid[1]._mapping
    with guards_lifted(session.connection(), "compensation_line"):
        session.execute(insert(line).values({c: twice[c] for c in columns}))
        session.execute(
            insert(line).values(
                {c: reversed_[c] for c in columns} | {"kind": LineKind.REVERSAL.value}
            )
        )
    listed = session.execute(
        select(unpaid).where(unpaid.c.service_month == october).order_by(unpaid.c.pupil_id)
    ).first()
    assert listed is not None
    row = {c.name: listed._mapping[c.name] for c in unpaid.columns if c.name != "id"}
    with guards_lifted(session.connection(), "compensation_unpaid"):
        session.execute(insert(unpaid).values(row))
        session.execute(insert(unpaid).values(row | {"pupil_id": pid(42)}))
    session.flush()


def domain_accounts(
    session: Session, months: list[Month], settings: CompensationSettings, *, name_pupils: bool
) -> list[MonthAccount]:
    """The reference: every row read, each pupil accounted for by the domain's rule."""
    s, line, unpaid = rt.school_placement, ct.compensation_line, ct.compensation_unpaid
    placements = session.execute(select(s.c.personal_id, s.c.start, s.c.end)).all()
    lines = session.execute(
        select(line.c.service_month, line.c.pupil_id, line.c.kind, line.c.purpose)
    ).all()
    unpaid_rows = session.execute(
        select(unpaid.c.service_month, unpaid.c.pupil_id, unpaid.c.reason)
    ).all()
    accounts = []
    for month in months:
        day = measurement_date(month, settings.measurement_day)
        placed = {p for p, start, end in placements if start <= day and (end is None or end >= day)}
        net: Counter[str] = Counter()
        for service_month, pupil, kind, purpose in lines:
            if service_month == str(month) and purpose == LinePurpose.PROGRAMME.value:
                net[pupil] += -1 if kind == LineKind.REVERSAL.value else 1
        listed: Counter[str] = Counter()
        own: Counter[str] = Counter()
        for service_month, pupil, reason in unpaid_rows:
            if service_month == str(month) and UnpaidReason(reason).accounts_for_month:
                listed[pupil] += 1
                own[pupil] += reason == UnpaidReason.OWN_MUNICIPALITY.value
        counts = [0, 0, 0, 0]
        wrong: dict[str, list[str]] = {}
        for pupil in sorted(placed | net.keys() | listed.keys()):
            is_placed, n, u = pupil in placed, net[pupil], listed[pupil]
            counts[0] += is_placed
            counts[1] += is_placed and n == 1
            counts[2] += is_placed and n == 0 and u == 1 and own[pupil] == 1
            counts[3] += is_placed and n == 0 and u == 1 and own[pupil] == 0
            if (problem := pupil_month_problem(is_placed, n, u)) is not None:
                wrong.setdefault(pupil, []).append(problem)
        accounts.append(
            MonthAccount(month, day, *counts, _problems(str(month), wrong, name_pupils))
        )
    return accounts


def _problems(month: str, wrong: dict[str, list[str]], name_pupils: bool) -> tuple[str, ...]:
    shown = list(wrong.items())[:NAMED_PROBLEMS] if name_pupils else list(wrong.items())
    by_problem: dict[str, list[str]] = {}
    for pupil, (problem,) in shown:
        by_problem.setdefault(problem, []).append(pupil)
    if not name_pupils:
        return tuple(f"{month}: {len(ps)} pupil-months {p}" for p, ps in by_problem.items())
    named = [f"{month} pupil {pupil}: {p}" for p, ps in by_problem.items() for pupil in ps]
    if len(wrong) > len(named):
        named.append(f"{month}: {len(wrong) - len(named)} more pupil-months do not add up")
    return tuple(named)


@pytest.mark.parametrize("name_pupils", [True, False])
def test_the_months_accounts_summed_by_the_database_are_the_domains_pupil_by_pupil(
    two_months: UnitOfWork, session: Session, name_pupils: bool
) -> None:
    settings = SqlCompensationRepository(session).settings() or CompensationSettings()
    months = [AUGUST, SEPTEMBER, OCTOBER]
    expected = domain_accounts(session, months, settings, name_pupils=name_pupils)
    found = month_accounts(session, months, settings, name_pupils=name_pupils)
    assert found == expected
    august, september, october = found
    assert (august.placed, august.paid, august.anomalies, august.balanced) == (40, 0, 0, False)
    assert september.balanced
    assert september.placed == september.paid + september.not_charged + september.anomalies
    assert september.paid
    assert september.not_charged
    assert september.anomalies
    assert not october.balanced
    kinds = {re.sub(r"^\d+ pupil-months ", "", p.split(": ", 1)[1]) for p in october.problems}
    assert kinds == {
        "listed unpaid twice",
        "listed unpaid without a placement on the measurement date",
        "2 net lines (a pupil-month is paid once)",
        "placed, but neither paid nor listed with a reason",
    }
    assert (october.placed, len(october.problems)) == (40, 6 if name_pupils else 4)


def test_a_month_the_database_has_no_rows_for_adds_up_to_nothing(
    two_months: UnitOfWork, session: Session
) -> None:
    settings = CompensationSettings()
    (account,) = month_accounts(session, [Month(YEAR - 3, 1)], settings, name_pupils=True)
    assert (account.placed, account.paid, account.not_charged, account.anomalies) == (0, 0, 0, 0)
    assert account.balanced
    assert [account] == domain_accounts(session, [Month(YEAR - 3, 1)], settings, name_pupils=True)
