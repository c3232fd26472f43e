"""Pupils from other counties and the area's pupils at schools outside it (admissions-rules.md
§6: "invoices for pupils from other counties"; §7.3 "Added (turn 2)": pupils from other
counties are invoiced to their home municipality; rules-audit-2026-12.md §4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from samverka.compensation.domain.month_lines import UnpaidReason
from samverka.compensation.domain.monthly_compensation import YearTariff, monthly_run
from samverka.compensation.domain.net_settlement import municipal_flows
from samverka.compensation.domain.organiser import Organiser, OrganiserKind
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList, YearPrices
from samverka.compensation.domain.pupil_record import Placement, PupilRecord, Registration
from samverka.compensation.domain.statements import payer_statements

YEAR = 2026
SEPTEMBER = Month(YEAR, 9)
AREA = frozenset({"0180", "0182", "0184"})
UPPSALA = "0380"
PRICES = PriceList(
    YEAR,
    (
        Price("NA", None, Decimal(120000)),
        Price("IMS", None, Decimal(90000), municipality="0184"),
        Price("NA", None, Decimal(132000), municipality=UPPSALA),
    ),
)
TARIFFS = {YEAR: YearTariff(YearPrices(PRICES))}


def _pupil(pid: str, home: str, organiser: Organiser, programme: str = "NA") -> PupilRecord:
    placement = Placement(organiser, "44444444", programme, None, date(YEAR, 8, 15))
    return PupilRecord(pid, (placement,), (Registration(home, date(2010, 1, 1)),))


def test_a_pupil_from_another_county_at_a_municipal_school_is_invoiced_to_the_home() -> None:
    pupils = [_pupil("p1", UPPSALA, Organiser.municipality("0184"))]
    (line,) = monthly_run(pupils, SEPTEMBER, TARIFFS, area=AREA).lines
    assert line.invoice
    assert (line.payer, line.payee.code, line.amount) == (UPPSALA, "0184", Decimal(10000))


def test_the_invoice_is_priced_by_the_organisers_own_list_where_it_has_one() -> None:
    pupils = [_pupil("p1", UPPSALA, Organiser.municipality("0184"), "IMS")]
    (line,) = monthly_run(pupils, SEPTEMBER, TARIFFS, area=AREA).lines
    assert line.amount == Decimal(7500)  # Solna's own IMS price, 90,000 / 12


def test_a_pupil_from_another_county_at_an_independent_school_is_reported_not_paid() -> None:
    pupils = [_pupil("p1", UPPSALA, Organiser.independent("5560001111"))]
    run = monthly_run(pupils, SEPTEMBER, TARIFFS, area=AREA)
    assert run.lines == ()
    (anomaly,) = run.anomalies
    assert anomaly.reason is UnpaidReason.HOME_OUTSIDE_AREA_INDEPENDENT


def test_a_pupil_of_the_area_at_a_school_outside_it_is_paid_to_that_organiser() -> None:
    regional = Organiser(OrganiserKind.REGION, "2321000016")
    pupils = [
        _pupil("p1", "0180", Organiser.municipality(UPPSALA)),
        _pupil("p2", "0180", regional),
    ]
    uppsala, region = monthly_run(pupils, SEPTEMBER, TARIFFS, area=AREA).lines
    assert not uppsala.invoice
    assert not region.invoice
    assert (uppsala.payee.code, uppsala.amount) == (UPPSALA, Decimal(11000))  # its own price
    assert (region.payee, region.amount) == (regional, Decimal(10000))


def test_without_an_area_every_payer_is_a_member_as_before() -> None:
    pupils = [_pupil("p1", UPPSALA, Organiser.municipality("0184"))]
    (line,) = monthly_run(pupils, SEPTEMBER, TARIFFS).lines
    assert not line.invoice


def test_invoices_are_on_the_statements_but_never_in_the_settlement_between_members() -> None:
    pupils = [
        _pupil("p1", UPPSALA, Organiser.municipality("0184")),
        _pupil("p2", "0180", Organiser.municipality("0184")),
        _pupil("p3", "0180", Organiser.municipality(UPPSALA)),
    ]
    lines = monthly_run(pupils, SEPTEMBER, TARIFFS, area=AREA).lines
    (row,) = payer_statements(lines, SEPTEMBER)[UPPSALA].rows
    assert row.invoice
    assert row.amount == Decimal(10000)
    flows = municipal_flows(lines, AREA)
    assert [(f.payer, f.payee) for f in flows] == [("0180", "0184")]
