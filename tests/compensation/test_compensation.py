"""Money between municipalities through the services and the database (SQLite and PostgreSQL):
price lists, the monthly run with retroactive corrections, append-only lines, reconciliation and
the net settlement. The pupils come from a small in-memory source standing in for the register.
The services' refusals and what they audit are tested in memory in
``test_compensation_run_rules.py``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Connection, Executable, delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samverka.admission.db import tables as at
from samverka.compensation.db import tables as ct
from samverka.compensation.db.compensation_repository import SqlCompensationRepository
from samverka.compensation.domain.measurement_day import MeasurementDayRule
from samverka.compensation.domain.month_lines import LineKind
from samverka.compensation.domain.monthly_compensation import CompensationSettings
from samverka.compensation.domain.net_settlement import municipal_flows, net_positions
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList, PriceRounding
from samverka.compensation.domain.pupil_record import Placement, PupilRecord, Registration
from samverka.compensation.domain.structure_supplement import SupplementTier
from samverka.compensation.queries.compensation_check import reconciliation_check
from samverka.compensation.queries.compensation_view import (
    flows_matrix,
    payer_statement,
    payments_over_year,
    pupils_by_programme,
    settlement,
)
from samverka.compensation.services.compensation import (
    COMMON,
    import_price_list,
    run_month,
    set_compensation_settings,
    set_supplement_tiers,
    uplift_price_list,
)
from samverka.errors import Conflict
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.db import tables as pt
from samverka.platform.db.audit_repository import SqlAuditTrail
from samverka.register.domain.placements import SchoolPlacement
from samverka.register.domain.population import PopulationRecord
from samverka.register.services.register import import_placements, load_population
from samverka.unit_of_work import SqlUnitOfWork

YEAR = 2026
NOW = datetime(YEAR, 9, 20, 12, tzinfo=UTC)
OFFICER = Actor("alva", Role.OFFICER, "Alva")
STOCKHOLM, NACKA, SOLNA = "0180", "0182", "0184"
FRISKOLAN = Organiser.independent("5560001111")


@dataclass
class FakeRegister:
    pupils: list[PupilRecord] = field(default_factory=list)

    def pupil_records(self, first: date, last: date) -> list[PupilRecord]:
        return [
            p
            for p in self.pupils
            if any(pl.start <= last and (pl.end is None or pl.end >= first) for pl in p.placements)
        ]


def _pupil(pid: str, home: str, organiser: Organiser, unit: str, programme: str) -> PupilRecord:
    placement = Placement(organiser, unit, programme, None, date(YEAR, 8, 15))
    return PupilRecord(pid, (placement,), (Registration(home, date(2010, 1, 1)),), Decimal(150))


def _register() -> FakeRegister:
    return FakeRegister(
        [
            _pupil("p1", STOCKHOLM, Organiser.municipality(NACKA), "22222222", "NA"),
            _pupil("p2", NACKA, Organiser.municipality(STOCKHOLM), "11111111", "EK"),
            _pupil("p3", NACKA, Organiser.municipality(SOLNA), "33333333", "NA"),
            _pupil("p4", SOLNA, Organiser.municipality(STOCKHOLM), "11111111", "NA"),
            _pupil("p5", STOCKHOLM, FRISKOLAN, "44444444", "EK"),
            _pupil("p6", STOCKHOLM, Organiser.municipality(STOCKHOLM), "11111111", "NA"),
        ]
    )


def _prices(uow: SqlUnitOfWork) -> None:
    prices = PriceList(
        YEAR,
        (
            Price("NA", None, Decimal(120000)),
            Price("EK", None, Decimal(96000)),
        ),
    )
    import_price_list(uow, price_list=prices, kind=COMMON, actor=OFFICER, now=NOW)
    set_supplement_tiers(
        uow,
        year=YEAR,
        tiers=[SupplementTier(1, Decimal(200), Decimal(1200))],
        actor=OFFICER,
        now=NOW,
    )


def _line_count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(ct.compensation_line)).scalar_one())


def test_a_month_run_books_one_twelfth_of_price_plus_supplement_per_pupil(
    uow: SqlUnitOfWork, session: Session
) -> None:
    _prices(uow)
    report = run_month(uow, month=Month(YEAR, 9), actor=OFFICER, now=NOW, source=_register())
    assert report.lines == 5  # p6 studies in its own municipality: no line
    # p5's independent organiser also gets 3 % administration (240) and 6 % VAT (500.40)
    assert report.regular_total == 3 * Decimal(10100) + Decimal(8100) + Decimal("8840.40")
    assert _line_count(session) == 5
    lines = SqlCompensationRepository(session).lines_booked_in([Month(YEAR, 9)])
    p1 = next(line for line in lines if line.pupil_id == "p1")
    assert (p1.payer, p1.payee, p1.amount) == (
        STOCKHOLM,
        Organiser.municipality(NACKA),
        Decimal("10100.00"),
    )
    assert p1.measurement_date == date(YEAR, 9, 15)


def test_booked_lines_can_be_neither_changed_nor_deleted(
    uow: SqlUnitOfWork, session: Session
) -> None:
    _prices(uow)
    run_month(uow, month=Month(YEAR, 9), actor=OFFICER, now=NOW, source=_register())
    line = ct.compensation_line
    tampering: list[Executable] = [update(line).values(amount=0), delete(line)]
    if session.get_bind().dialect.name == "postgresql":  # SQLite has no TRUNCATE
        tampering.append(text("TRUNCATE compensation_line"))
    for statement in tampering:
        with pytest.raises(IntegrityError, match="append-only"), session.begin_nested():
            session.execute(statement)
    assert _line_count(session) == 5


def test_the_stored_measurement_day_rule_decides_the_next_runs_and_is_audited(
    uow: SqlUnitOfWork, session: Session
) -> None:
    _prices(uow)
    rule = MeasurementDayRule(day=20, special_days=((9, 25),))
    set_compensation_settings(uow, settings=CompensationSettings(rule), actor=OFFICER, now=NOW)
    run_month(uow, month=Month(YEAR, 9), actor=OFFICER, now=NOW, source=_register())
    lines = SqlCompensationRepository(session).lines_booked_in([Month(YEAR, 9)])
    assert {line.measurement_date for line in lines} == {date(YEAR, 9, 25)}
    [event] = SqlAuditTrail(session).events("compensation_settings")
    assert (event["actor"], event["before"]) == (OFFICER.audit_name, None)
    assert event["after"]["measurement_day"]["day"] == 20


def test_totals_reconcile_exactly_with_the_pupil_months_behind_them(
    uow: SqlUnitOfWork, session: Session
) -> None:
    _prices(uow)
    register = _register()
    run_month(uow, month=Month(YEAR, 9), actor=OFFICER, now=NOW, source=register)
    register.pupils.pop(1)
    run_month(uow, month=Month(YEAR, 10), actor=OFFICER, now=NOW, source=register)
    check = reconciliation_check(session, OFFICER, YEAR)
    assert check.lines == 5 + 4 + 1  # October: four pupils and the reversal of p2
    assert check.discrepancies == ()
    statement = payer_statement(session, OFFICER, NACKA, Month(YEAR, 10))
    assert statement.total == Decimal(10100) - Decimal(8100)


def test_the_check_counts_the_placed_pupils_in_the_register_not_in_the_runs_source(
    uow: SqlUnitOfWork, session: Session
) -> None:
    """Issue 13 point 2: the check proves the runs against the register's placements. Booked
    from a stand-in whose pupils the register does not hold, every paid pupil-month is one
    without a placement there, and the year does not reconcile (the totals still do)."""
    _prices(uow)
    run_month(uow, month=Month(YEAR, 9), actor=OFFICER, now=NOW, source=_register())
    check = reconciliation_check(session, OFFICER, YEAR)
    assert check.discrepancies == ()
    assert not check.reconciled
    (september,) = check.months
    assert (september.placed, september.paid, september.not_charged) == (0, 0, 0)
    assert september.problems == (
        *(
            f"2026-09 pupil p{n}: paid without a placement on the measurement date"
            for n in range(1, 6)
        ),
        "2026-09 pupil p6: listed unpaid without a placement on the measurement date",
    )


def test_the_settlement_preserves_every_net_position_with_fewer_transfers(
    uow: SqlUnitOfWork, session: Session
) -> None:
    _prices(uow)
    run_month(uow, month=Month(YEAR, 9), actor=OFFICER, now=NOW, source=_register())
    result = settlement(session, OFFICER, months=[Month(YEAR, 9)])
    lines = SqlCompensationRepository(session).lines_booked_in([Month(YEAR, 9)])
    assert net_positions(result.transfers) == {
        code: amount for code, amount in net_positions(municipal_flows(lines)).items() if amount
    } | {code: Decimal(0) for code, amount in net_positions(result.transfers).items() if not amount}
    assert result.transfers_before == 4
    assert result.transfers_after < result.transfers_before
    assert result.money_saved > 0


def test_reports_count_pupils_and_flows_without_naming_anyone(
    uow: SqlUnitOfWork, session: Session
) -> None:
    _prices(uow)
    run_month(uow, month=Month(YEAR, 9), actor=OFFICER, now=NOW, source=_register())
    analyst = Actor("anders", Role.ANALYST, "Anders")
    counts = pupils_by_programme(session, analyst, Month(YEAR, 9))
    assert {(c.programme, c.home_municipality): c.pupils for c in counts} == {
        ("NA", STOCKHOLM): 1,
        ("EK", NACKA): 1,
        ("NA", NACKA): 1,
        ("NA", SOLNA): 1,
        ("EK", STOCKHOLM): 1,
    }
    matrix = flows_matrix(session, analyst, YEAR)
    assert matrix[(STOCKHOLM, NACKA)] == Decimal("10100.00")
    months = payments_over_year(session, analyst, YEAR)
    assert months[Month(YEAR, 9)] == Decimal("47240.40")  # with the independent shares


def test_a_municipality_sees_only_its_own_statement(uow: SqlUnitOfWork, session: Session) -> None:
    _prices(uow)
    run_month(uow, month=Month(YEAR, 9), actor=OFFICER, now=NOW, source=_register())
    nacka = Actor("kommun", Role.MUNICIPALITY, "Nacka", municipality_code=NACKA)
    assert payer_statement(session, nacka, NACKA, Month(YEAR, 9)).total == Decimal(8100 + 10100)
    with pytest.raises(Exception, match="egna"):
        payer_statement(session, nacka, STOCKHOLM, Month(YEAR, 9))


def test_the_uplift_makes_next_years_list_with_the_stated_rounding(
    uow: SqlUnitOfWork, session: Session
) -> None:
    _prices(uow)
    uplift_price_list(
        uow,
        from_year=YEAR,
        percent=Decimal("2.8"),
        rounding=PriceRounding(Decimal(1)),
        actor=OFFICER,
        now=NOW,
    )
    repository = SqlCompensationRepository(session)
    uplifted = repository.price_list(YEAR + 1, COMMON)
    assert uplifted is not None
    assert uplifted.get("NA", None) == Price("NA", None, Decimal(123360))
    tiers = repository.supplement_schedule(YEAR + 1)
    assert tiers is not None
    assert tiers.tiers[0].yearly_amount == Decimal(1234)
    with pytest.raises(Conflict):
        uplift_price_list(
            uow,
            from_year=YEAR,
            percent=Decimal(0),
            rounding=PriceRounding(),
            actor=OFFICER,
            now=NOW,
        )


def test_a_run_goes_from_register_rows_to_stored_lines(
    uow: SqlUnitOfWork, session: Session
) -> None:
    _prices(uow)
    session.execute(
        insert(pt.municipality),
        [
            {"code": STOCKHOLM, "name": "Stockholm", "population": 1, "member": True},
            {"code": NACKA, "name": "Nacka", "population": 1, "member": True},
        ],
    )
    organiser_id = session.execute(
        insert(at.organiser)
        .values(name="Nacka kommun", kind="municipal", municipality_code=NACKA)
        .returning(at.organiser.c.id)
    ).scalar_one()
    session.execute(
        insert(at.school_unit).values(
            code="22222222",
            name="Nacka gymnasium",
            organiser_id=organiser_id,
            municipality_code=NACKA,
        )
    )
    session.commit()
    pid = "200901012383"
    record = PopulationRecord(pid, date(2009, 1, 1), "Alva", STOCKHOLM)
    load_population(
        uow, records=[record], extract_date=date(YEAR, 8, 1), source="test", actor=OFFICER, now=NOW
    )
    placement = SchoolPlacement(pid, "22222222", "NA", "", date(YEAR, 8, 15))
    import_placements(uow, actor=OFFICER, placements=[placement], now=NOW)
    report = run_month(uow, month=Month(YEAR, 9), actor=OFFICER, now=NOW)
    assert (report.pupils, report.lines) == (1, 1)
    (line,) = SqlCompensationRepository(session).lines_booked_in([Month(YEAR, 9)])
    assert (line.payer, line.payee, line.amount) == (
        STOCKHOLM,
        Organiser.municipality(NACKA),
        Decimal("10000.00"),
    )


# -- the incremental recheck -------------------------------------------------------------------
def _placed(
    pid: str, home: str, organiser: Organiser, unit: str, end: date | None = None
) -> PupilRecord:
    placement = Placement(organiser, unit, "NA", None, date(YEAR, 1, 8), end)
    return PupilRecord(pid, (placement,), (Registration(home, date(2010, 1, 1)),), Decimal(150))


def _run_lines(connection: Connection, run_id: int) -> Counter[tuple[object, ...]]:
    line = ct.compensation_line
    columns = [c for c in line.c if c.name not in ("id", "run_id")]
    rows = connection.execute(select(*columns).where(line.c.run_id == run_id)).all()
    return Counter(
        tuple(
            Decimal(value).quantize(Decimal("0.01"))
            if isinstance(value, float | Decimal)
            else value
            for value in row
        )
        for row in rows
    )


def _full_then_incremental(
    uow: SqlUnitOfWork, connection: Connection, month: Month, register: FakeRegister
) -> tuple[Counter[tuple[object, ...]], Counter[tuple[object, ...]], bool, int]:
    """The lines of a full-recheck run of ``month`` (rolled back), then those of the regular
    (incremental when possible) run on the same data, kept."""
    savepoint = connection.begin_nested()
    full = run_month(uow, month=month, actor=OFFICER, now=NOW, source=register, full_recheck=True)
    full_lines = _run_lines(connection, full.run_id)
    assert full.full_recheck
    savepoint.rollback()
    regular = run_month(uow, month=month, actor=OFFICER, now=NOW, source=register)
    return (
        full_lines,
        _run_lines(connection, regular.run_id),
        regular.full_recheck,
        (regular.rechecked_pupils),
    )


def test_an_incremental_run_books_the_same_lines_as_a_full_recheck(
    uow: SqlUnitOfWork, connection: Connection
) -> None:
    _prices(uow)
    register = FakeRegister(
        [
            _placed("p1", STOCKHOLM, Organiser.municipality(NACKA), "22222222"),
            _placed("p2", NACKA, Organiser.municipality(STOCKHOLM), "11111111"),
            _placed("p3", NACKA, Organiser.municipality(SOLNA), "33333333"),
            _placed("p4", SOLNA, FRISKOLAN, "44444444"),
            _placed("p5", STOCKHOLM, FRISKOLAN, "44444444"),
            _placed("p6", SOLNA, Organiser.municipality(NACKA), "22222222"),
        ]
    )
    first = run_month(uow, month=Month(YEAR, 2), actor=OFFICER, now=NOW, source=register)
    assert first.full_recheck  # nothing to trust yet
    for number in range(3, 7):
        report = run_month(uow, month=Month(YEAR, number), actor=OFFICER, now=NOW, source=register)
        assert (report.full_recheck, report.rechecked_pupils, report.correction_lines) == (
            False,
            0,
            0,
        )
    # pupils change: a retroactive end date, a move back in time, a new pupil, one gone
    register.pupils[0] = _placed(
        "p1", STOCKHOLM, Organiser.municipality(NACKA), "22222222", date(YEAR, 3, 31)
    )
    old, new = (
        register.pupils[1].placements[0],
        Placement(FRISKOLAN, "44444444", "NA", None, date(YEAR, 4, 1)),
    )
    register.pupils[1] = replace(
        register.pupils[1],
        placements=(replace(old, end=date(YEAR, 3, 31)), new),
        registrations=(
            Registration(NACKA, date(2010, 1, 1), date(YEAR, 2, 28)),
            Registration(SOLNA, date(YEAR, 3, 1)),
        ),
    )
    register.pupils.append(_placed("p7", SOLNA, Organiser.municipality(STOCKHOLM), "11111111"))
    del register.pupils[3]  # p4
    full, incremental, was_full, rechecked = _full_then_incremental(
        uow, connection, Month(YEAR, 7), register
    )
    assert (was_full, rechecked) == (False, 4)
    assert incremental == full
    assert any(row[3] == LineKind.REVERSAL.value and row[0] == "p4" for row in full)
    # then a changed price list: everyone is rechecked, and still the same lines
    prices = PriceList(
        YEAR, (Price("NA", None, Decimal(121200)), Price("EK", None, Decimal(96000)))
    )
    import_price_list(uow, price_list=prices, kind=COMMON, actor=OFFICER, now=NOW)
    register.pupils[2] = _placed(
        "p3", NACKA, Organiser.municipality(SOLNA), "33333333", date(YEAR, 5, 31)
    )
    full, incremental, was_full, rechecked = _full_then_incremental(
        uow, connection, Month(YEAR, 8), register
    )
    assert was_full
    assert incremental == full
    assert sum(full.values()) > 10
    # after the incremental runs, a full recheck finds nothing to correct
    again = run_month(uow, month=Month(YEAR, 8), actor=OFFICER, now=NOW, source=register)
    assert (again.full_recheck, again.lines) == (False, 0)
    check = run_month(
        uow, month=Month(YEAR, 8), actor=OFFICER, now=NOW, source=register, full_recheck=True
    )
    assert check.lines == 0
