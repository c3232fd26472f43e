"""The year's report and the settlement aggregated in the database give the figures the domain
gives from the year's lines, on SQLite and PostgreSQL.

The year: 90 pupils of four municipalities at each other's schools, an independent school
(administration and VAT in öre) and their own, run every month from February to September;
in June some pupils move to another school, some leave, and one is registered in another
municipality back to February, so that later runs book reversals and retroactive lines. The
reference is what the pages computed before: the domain's sums of every line
(``municipal_flows``, ``net_booked``), and a party's statement from every line of the month.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from samverka.compensation.db.compensation_repository import SqlCompensationRepository
from samverka.compensation.db.terms_repository import SqlCompensationTermsRepository
from samverka.compensation.domain.month_lines import LinePurpose, net_booked
from samverka.compensation.domain.net_settlement import mode_in_force, municipal_flows, settle
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList
from samverka.compensation.domain.pupil_record import Placement, PupilRecord, Registration
from samverka.compensation.domain.statements import payee_statements, payer_statements
from samverka.compensation.queries.compensation_view import (
    ProgrammeCount,
    compensation_report,
    payee_statement,
    payee_statement_page,
    payer_statement,
    payer_statement_page,
    pupils_by_programme,
    settlement,
    year_months,
)
from samverka.compensation.services.compensation import COMMON, import_price_list, run_month
from samverka.platform.access.domain.actors import Actor, Role
from samverka.unit_of_work import SqlUnitOfWork

YEAR = 2026
NOW = datetime(YEAR, 9, 20, 12, tzinfo=UTC)
OFFICER = Actor("alva", Role.OFFICER, "Alva")
ANALYST = Actor("anders", Role.ANALYST, "Anders")
HOMES = ("0180", "0182", "0184", "0186")
SCHOOLS = {
    code: (Organiser.municipality(code), f"1{index}000000") for index, code in enumerate(HOMES)
}
FRISKOLAN = (Organiser.independent("5560001111"), "44444444")
PROGRAMMES = ("NA", "EK", "TE")


@dataclass
class ChangingRegister:
    """The pupils as the register knows them: before June, and from June on."""

    before: list[PupilRecord] = field(default_factory=list)
    after: list[PupilRecord] = field(default_factory=list)
    from_june: bool = False

    def pupil_records(self, first: date, last: date) -> list[PupilRecord]:
        return self.after if self.from_june else self.before


def _record(pid: str, home: str, placements: tuple[Placement, ...]) -> PupilRecord:
    return PupilRecord(pid, placements, (Registration(home, date(2010, 1, 1)),), Decimal(150))


def _register() -> ChangingRegister:
    draw = random.Random(15)
    register = ChangingRegister()
    schools = [*SCHOOLS.values(), FRISKOLAN]
    for n in range(90):
        pid, home = f"p{n:02d}", draw.choice(HOMES)
        organiser, unit = draw.choice(schools)
        programme = draw.choice(PROGRAMMES)
        first = Placement(organiser, unit, programme, None, date(YEAR, 1, 8))
        register.before.append(_record(pid, home, (first,)))
        change = n % 6
        if change == 0:  # moves to another school in June
            other, other_unit = draw.choice([s for s in schools if s[1] != unit])
            ended = Placement(organiser, unit, programme, None, date(YEAR, 1, 8), date(YEAR, 5, 31))
            moved = Placement(other, other_unit, programme, None, date(YEAR, 6, 1))
            register.after.append(_record(pid, home, (ended, moved)))
        elif change == 1:  # leaves at the end of May
            ended = Placement(organiser, unit, programme, None, date(YEAR, 1, 8), date(YEAR, 5, 31))
            register.after.append(_record(pid, home, (ended,)))
        elif change == 2:  # was registered elsewhere all along: corrections back to February
            elsewhere = next(code for code in HOMES if code != home)
            register.after.append(_record(pid, elsewhere, (first,)))
        else:
            register.after.append(register.before[-1])
    return register


@pytest.fixture
def year_of_runs(uow: SqlUnitOfWork) -> None:
    prices = PriceList(
        YEAR,
        (
            Price("NA", None, Decimal("120000.37")),
            Price("EK", None, Decimal(96000)),
            Price("TE", None, Decimal("131313.13")),
        ),
    )
    import_price_list(uow, price_list=prices, kind=COMMON, actor=OFFICER, now=NOW)
    register = _register()
    for number in range(2, 10):
        register.from_june = number >= 6
        run_month(uow, month=Month(YEAR, number), actor=OFFICER, now=NOW, source=register)


def _pupils_from_lines(session: Session, month: Month) -> list[ProgrammeCount]:
    """Pupils per programme and home municipality as the lines gave them before."""
    lines = SqlCompensationRepository(session).booked_lines([month])
    counts: dict[tuple[str, str], int] = {}
    for (_pupil, _month, key), amount in net_booked(lines).items():
        payer, _payee, _unit, programme, _orientation, purpose, _decision = key
        if amount > 0 and purpose is LinePurpose.PROGRAMME:
            counts[(programme, payer)] = counts.get((programme, payer), 0) + 1
    return [ProgrammeCount(p, m, n) for (p, m), n in sorted(counts.items())]


@pytest.mark.usefixtures("year_of_runs")
def test_the_settlement_from_the_databases_sums_is_the_settlement_of_the_lines(
    session: Session,
) -> None:
    terms = SqlCompensationTermsRepository(session)
    repository = SqlCompensationRepository(session)
    periods = [year_months(YEAR), *([month] for month in year_months(YEAR)[1:9])]
    for months in periods:
        lines = repository.lines_booked_in(months)
        expected = settle(
            municipal_flows(lines, terms.member_codes() or None),
            mode_in_force(terms.clearing_decisions(), months),
        )
        assert settlement(session, ANALYST, months=months) == expected, months
    assert settlement(session, ANALYST, months=year_months(YEAR)).transfers_before >= 6


@pytest.mark.usefixtures("year_of_runs")
def test_the_pupils_per_programme_from_the_database_are_those_of_the_lines_net(
    session: Session,
) -> None:
    for month in year_months(YEAR)[1:9]:
        assert pupils_by_programme(session, ANALYST, month) == _pupils_from_lines(session, month)
    report = compensation_report(session, ANALYST, YEAR)
    assert report.pupils_month == "2026-09"
    assert sum(count for _p, _m, count in report.pupils) > 40
    assert (
        report.transfers_before
        == settlement(session, ANALYST, months=year_months(YEAR)).transfers_before
    )


@pytest.mark.usefixtures("year_of_runs")
def test_a_statement_read_by_its_party_is_the_partys_part_of_every_line(
    session: Session,
) -> None:
    payees = [organiser for organiser, _unit in [*SCHOOLS.values(), FRISKOLAN]]
    for month in year_months(YEAR)[1:9]:
        lines = SqlCompensationRepository(session).lines_booked_in([month])
        for code in HOMES:
            expected = payer_statements([x for x in lines if x.payer == code], month)
            assert payer_statement(session, OFFICER, code, month) == expected[code], (code, month)
        for payee in payees:
            expected = payee_statements([x for x in lines if x.payee == payee], month)
            assert payee_statement(session, OFFICER, payee, month) == expected[payee], (
                payee,
                month,
            )


@pytest.mark.usefixtures("year_of_runs")
def test_a_statements_pages_hold_its_rows_in_order_and_the_totals_of_all_of_it(
    session: Session,
) -> None:
    payees = [organiser for organiser, _unit in [*SCHOOLS.values(), FRISKOLAN]]
    paged = 0
    for month in year_months(YEAR)[1:9]:
        for party in (*HOMES, *payees):
            if isinstance(party, str):
                whole = payer_statement(session, OFFICER, party, month)
                pages = [
                    payer_statement_page(session, OFFICER, party, month, limit=4, offset=o)
                    for o in range(0, len(whole.rows) + 4, 4)
                ]
            else:
                whole = payee_statement(session, OFFICER, party, month)
                pages = [
                    payee_statement_page(session, OFFICER, party, month, limit=4, offset=o)
                    for o in range(0, len(whole.rows) + 4, 4)
                ]
            assert tuple(row for page in pages for row in page.statement.rows) == whole.rows
            for page in pages:
                assert (page.rows, page.total) == (len(whole.rows), whole.total), (party, month)
                assert (page.vat_total, page.admin_total) == (whole.vat_total, whole.admin_total)
            paged += len(pages) > 2
    assert paged > 10  # many statements span several pages
