"""Statements and the reconciliation check: totals equal the pupil-month lines exactly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from samverka.compensation.domain.month_lines import LineKind, PupilMonthLine
from samverka.compensation.domain.monthly_compensation import YearTariff, monthly_run
from samverka.compensation.domain.net_settlement import Flow, municipal_flows, settle
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList, YearPrices
from samverka.compensation.domain.pupil_record import Placement, PupilRecord, Registration
from samverka.compensation.domain.reconciliation import (
    Discrepancy,
    line_totals,
    reconcile,
    reconcile_settlement,
    statement_totals,
)
from samverka.compensation.domain.statements import payee_statements, payer_statements

MARCH = Month(2025, 3)
MUNICIPALITIES = ("0180", "0184", "0186")
ORGANISERS = (*(Organiser.municipality(m) for m in MUNICIPALITIES), Organiser.independent("X"))
TARIFFS = {2025: YearTariff(YearPrices(PriceList(2025, (Price("EK", None, Decimal(100001)),))))}


@st.composite
def cohorts(draw: st.DrawFn) -> list[PupilRecord]:
    n = draw(st.integers(0, 30))
    return [
        PupilRecord(
            f"p{i}",
            (Placement(draw(st.sampled_from(ORGANISERS)), "U", "EK", None, date(2024, 8, 1)),),
            (Registration(draw(st.sampled_from(MUNICIPALITIES)), date(2008, 1, 1)),),
        )
        for i in range(n)
    ]


def lines_of(pupils: list[PupilRecord]) -> tuple[PupilMonthLine, ...]:
    return monthly_run(pupils, MARCH, TARIFFS).lines


def test_a_changed_total_is_reported_with_its_difference() -> None:
    pupils = [
        PupilRecord(
            f"p{i}",
            (Placement(Organiser.municipality("0184"), "U", "EK", None, date(2024, 8, 1)),),
            (Registration("0180", date(2008, 1, 1)),),
        )
        for i in range(3)
    ]
    lines = lines_of(pupils)
    key = ("0180", Organiser.municipality("0184"), MARCH)
    assert line_totals(lines) == {key: Decimal("25000.26")}  # 3 × 8,333.42
    assert reconcile(lines, {key: Decimal("25000.26")}) == ()
    (discrepancy,) = reconcile(lines, {key: Decimal("25000.25")})
    assert discrepancy == Discrepancy(key, Decimal("25000.25"), Decimal("25000.26"))
    assert discrepancy.difference == Decimal("-0.01")
    (missing,) = reconcile(lines, {})
    assert missing.stated == 0


@given(cohorts())
def test_payer_and_payee_statements_reconcile_exactly_with_the_lines(
    pupils: list[PupilRecord],
) -> None:
    lines = lines_of(pupils)
    by_payer = payer_statements(lines, MARCH)
    by_payee = payee_statements(lines, MARCH)
    assert reconcile(lines, statement_totals(by_payer.values())) == ()
    assert reconcile(lines, statement_totals(by_payee.values())) == ()
    total = sum((line.amount for line in lines), Decimal(0))
    assert sum((s.total for s in by_payer.values()), Decimal(0)) == total
    assert sum((s.total for s in by_payee.values()), Decimal(0)) == total
    assert sum(row.lines for s in by_payee.values() for row in s.rows) == len(lines)


@given(cohorts())
def test_the_settlement_reconciles_with_the_lines(pupils: list[PupilRecord]) -> None:
    lines = lines_of(pupils)
    assert reconcile_settlement(lines, settle(municipal_flows(lines))) == ()


def test_a_settlement_that_does_not_match_the_lines_is_caught() -> None:
    pupil = PupilRecord(
        "p",
        (Placement(Organiser.municipality("0184"), "U", "EK", None, date(2024, 8, 1)),),
        (Registration("0180", date(2008, 1, 1)),),
    )
    lines = lines_of([pupil])
    wrong = settle([Flow("0180", "0184", Decimal("8333.41"))])
    problems = reconcile_settlement(lines, wrong)
    assert {p.municipality for p in problems} == {"0180", "0184"}


def test_a_statement_row_counts_its_lines_by_kind() -> None:
    pupils = [
        PupilRecord(
            pupil_id,
            (Placement(Organiser.municipality("0184"), "U", "EK", None, date(2024, 8, 1)),),
            (Registration("0180", date(2008, 1, 1)),),
        )
        for pupil_id in ("p", "q")
    ]
    (row,) = payer_statements(lines_of(pupils), MARCH)["0180"].rows
    assert (row.kind, row.lines, row.amount) == (LineKind.REGULAR, 2, Decimal("16666.84"))
