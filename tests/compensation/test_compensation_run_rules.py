"""The rules of the price lists, the monthly run and closing a month in the services, on the unit
of work in memory (``compensation.fakes``): what is refused and changes nothing, what a run
books against what was booked before, and what the audit trail keeps (admissions-rules.md §7).
The happy paths, the append-only lines and the database's own sums run on SQLite and
PostgreSQL in ``test_compensation.py``."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from compensation.fakes import NACKA, SOLNA, STOCKHOLM, FakeUnitOfWork
from samverka.compensation.domain.month_lines import LineKind, UnpaidReason
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList, PriceRounding
from samverka.compensation.domain.pupil_record import Placement, PupilRecord, Registration
from samverka.compensation.domain.structure_supplement import SupplementTier
from samverka.compensation.files.price_list_file import read_price_list_file
from samverka.compensation.services.compensation import (
    COMMON,
    NATIONAL,
    close_month,
    import_price_list,
    run_month,
    set_supplement_tiers,
    uplift_price_list,
)
from samverka.errors import Conflict, InvalidInput, NotFound
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.ports import ALL_MONTHS_KEY, WriterKind

YEAR = 2026
NOW = datetime(YEAR, 9, 20, 12, tzinfo=UTC)
OFFICER = Actor("alva", Role.OFFICER, "Alva")
SEPTEMBER, OCTOBER = Month(YEAR, 9), Month(YEAR, 10)
FRISKOLAN = Organiser.independent("5560001111")
UPPSALA = "0380"
NA = PriceList(YEAR, (Price("NA", None, Decimal(120000)),))


def _pupil(pid: str, home: str, organiser: Organiser, unit: str = "22222222") -> PupilRecord:
    placement = Placement(organiser, unit, "NA", None, date(YEAR, 8, 15))
    return PupilRecord(pid, (placement,), (Registration(home, date(2010, 1, 1)),), Decimal(150))


def _world(*pupils: PupilRecord) -> FakeUnitOfWork:
    uow = FakeUnitOfWork(pupils=pupils)
    import_price_list(uow, price_list=NA, kind=COMMON, actor=OFFICER, now=NOW)
    return uow


# -- price lists and supplement tiers -----------------------------------------------------------
def test_a_price_list_is_stored_whole_in_place_of_the_one_before_and_audited() -> None:
    uow = _world()
    higher = PriceList(YEAR, (Price("NA", None, Decimal(121000)), Price("EK", None, Decimal(1))))
    assert import_price_list(uow, price_list=higher, kind=COMMON, actor=OFFICER, now=NOW) == 2
    assert uow.world.price_lists[(YEAR, COMMON)] == higher
    first, second = uow.audit.events("price_list", f"{YEAR}:{COMMON}")
    assert (first["before"], first["after"]) == (None, {"prices": 1})
    assert (second["before"], second["after"]) == ({"prices": 1}, {"prices": 2})


def test_the_national_list_has_no_municipalitys_prices_and_a_list_is_common_or_national() -> None:
    uow = FakeUnitOfWork()
    local = PriceList(YEAR, (Price("NA", None, Decimal(1), municipality=NACKA),))
    with pytest.raises(Conflict, match="inga kommunspecifika priser"):
        import_price_list(uow, price_list=local, kind=NATIONAL, actor=OFFICER, now=NOW)
    with pytest.raises(ValueError, match="common or national"):
        import_price_list(uow, price_list=NA, kind="own", actor=OFFICER, now=NOW)
    assert uow.world.price_lists == {}


def test_an_invalid_price_file_is_refused_whole_and_the_stored_list_stays(tmp_path: Path) -> None:
    uow = _world()
    file = tmp_path / "prices.csv"
    file.write_text(
        "program,inriktning,kommun,arspris\n"
        "NA,,,125000\n"
        "EK,,,not money\n"
        "IMA,,99,80000\n"
        "NA,,,126000\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as raised:
        read_price_list_file(file, year=YEAR, municipalities=[STOCKHOLM, NACKA])
    assert [(error.line, error.field) for error in raised.value.errors] == [
        (3, "arspris"),
        (4, "kommun"),
        (5, "program"),
    ]
    assert uow.world.price_lists[(YEAR, COMMON)] == NA


def test_the_uplift_needs_this_years_list_and_replaces_next_years_only_when_told() -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(NotFound, match="ingen gemensam prislista för 2026"):
        uplift_price_list(
            uow,
            from_year=YEAR,
            percent=Decimal(2),
            rounding=PriceRounding(),
            actor=OFFICER,
            now=NOW,
        )
    import_price_list(uow, price_list=NA, kind=COMMON, actor=OFFICER, now=NOW)
    uplift_price_list(
        uow, from_year=YEAR, percent=Decimal(2), rounding=PriceRounding(), actor=OFFICER, now=NOW
    )
    with pytest.raises(Conflict, match="välj att ersätta den"):
        uplift_price_list(
            uow,
            from_year=YEAR,
            percent=Decimal(5),
            rounding=PriceRounding(),
            actor=OFFICER,
            now=NOW,
        )
    assert uow.world.price_lists[(YEAR + 1, COMMON)].prices[0].yearly == Decimal(122400)
    [event] = uow.audit.events("price_list", f"{YEAR + 1}:{COMMON}")
    assert event["after"]["supplement_tiers_uplifted"] is False


def test_two_supplement_tiers_on_one_threshold_are_refused() -> None:
    uow = FakeUnitOfWork()
    tiers = [
        SupplementTier(1, Decimal(200), Decimal(1200)),
        SupplementTier(2, Decimal(200), Decimal(1)),
    ]
    with pytest.raises(Conflict, match="två nivåer av strukturtillägget har samma gräns"):
        set_supplement_tiers(uow, year=YEAR, tiers=tiers, actor=OFFICER, now=NOW)
    assert uow.world.schedules == {}
    assert uow.audit.events() == []


# -- the monthly run ----------------------------------------------------------------------------
def test_a_run_takes_the_writer_lock_books_the_month_and_is_audited() -> None:
    uow = _world(_pupil("p1", STOCKHOLM, Organiser.municipality(NACKA)))
    report = run_month(uow, month=SEPTEMBER, actor=OFFICER, now=NOW)
    assert (report.lines, report.regular_total, report.anomalies) == (1, Decimal("10000.00"), 0)
    assert uow.locks.taken == [(WriterKind.COMPENSATION_RUN, ALL_MONTHS_KEY, OFFICER.audit_name)]
    [event] = uow.audit.events("compensation_run", str(report.run_id))
    assert event["after"] == {
        "month": {"year": 2026, "month": 9},
        "kind": "regular",
        "lines": 1,
        "total": "10000.00",
        "rechecked": [],
        "full_recheck": True,
    }


def test_a_month_without_a_price_list_is_refused_and_nothing_is_booked() -> None:
    uow = FakeUnitOfWork(pupils=[_pupil("p1", STOCKHOLM, Organiser.municipality(NACKA))])
    with pytest.raises(Conflict, match="Det finns ingen prislista för 2026"):
        run_month(uow, month=SEPTEMBER, actor=OFFICER, now=NOW)
    assert (uow.world.runs, uow.world.lines) == ([], [])
    assert uow.audit.events() == []


def test_a_closed_month_is_refused_unless_the_run_is_a_correction() -> None:
    uow = _world(_pupil("p1", STOCKHOLM, Organiser.municipality(NACKA)))
    with pytest.raises(Conflict, match="ingen ersättningskörning att stänga"):
        close_month(uow, month=SEPTEMBER, actor=OFFICER, now=NOW)
    run_month(uow, month=SEPTEMBER, actor=OFFICER, now=NOW)
    close_month(uow, month=SEPTEMBER, actor=OFFICER, now=NOW)
    with pytest.raises(Conflict, match="redan stängd"):
        close_month(uow, month=SEPTEMBER, actor=OFFICER, now=NOW)
    with pytest.raises(Conflict, match="stängdes"):
        run_month(uow, month=SEPTEMBER, actor=OFFICER, now=NOW)
    report = run_month(uow, month=SEPTEMBER, actor=OFFICER, now=NOW, correction=True)
    assert (report.kind, report.lines) == ("correction", 0)
    assert [run.kind for run in uow.world.runs] == ["regular", "correction"]
    [closed] = uow.audit.events("compensation_month", "2026-09")
    assert (closed["actor"], closed["before"], closed["after"]) == (
        OFFICER.audit_name,
        {"closed": False},
        {"closed": True},
    )


def test_a_changed_placement_is_reversed_and_rebooked_in_the_next_run() -> None:
    uow = _world(
        _pupil("p1", STOCKHOLM, Organiser.municipality(NACKA)),
        _pupil("p2", NACKA, Organiser.municipality(STOCKHOLM), "11111111"),
    )
    run_month(uow, month=SEPTEMBER, actor=OFFICER, now=NOW)
    moved = Placement(Organiser.municipality(SOLNA), "33333333", "NA", None, date(YEAR, 8, 15))
    with uow:
        uow.world.pupils[0] = replace(uow.world.pupils[0], placements=(moved,))
        uow.commit()
    october = run_month(uow, month=OCTOBER, actor=OFFICER, now=NOW)
    assert october.rechecked == (SEPTEMBER,)
    history = uow.compensation.booked_lines([SEPTEMBER])
    p1 = [(line.kind, line.payee.code, line.amount) for line in history if line.pupil_id == "p1"]
    assert p1 == [
        (LineKind.REGULAR, NACKA, Decimal("10000.00")),
        (LineKind.REVERSAL, NACKA, Decimal("-10000.00")),
        (LineKind.RETROACTIVE, SOLNA, Decimal("10000.00")),
    ]
    assert october.rechecked_pupils == 1  # only p1 changed: an incremental recheck
    again = run_month(uow, month=OCTOBER, actor=OFFICER, now=NOW)
    assert again.lines == 0


def test_a_pupil_from_another_county_at_an_independent_school_is_an_anomaly_not_a_line() -> None:
    uow = _world(_pupil("p1", UPPSALA, FRISKOLAN))
    report = run_month(uow, month=SEPTEMBER, actor=OFFICER, now=NOW)
    assert (report.lines, report.anomalies) == (0, 1)
    (run,) = uow.world.runs
    assert run.anomalies[0]["kind"] == UnpaidReason.HOME_OUTSIDE_AREA_INDEPENDENT.value
    ((_, unpaid),) = uow.world.unpaid
    assert (unpaid.pupil_id, unpaid.reason) == ("p1", UnpaidReason.HOME_OUTSIDE_AREA_INDEPENDENT)
