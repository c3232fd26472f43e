"""Tilläggsbelopp: the home municipality's extra amount per pupil and period, paid by the monthly
run with the ordinary lines to the organiser of the placement on the measurement day, and
corrected like them (skollagen 16 kap. 54 §, 17 kap. 36 §; admissions-rules.md §6, §7.3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from samverka.compensation.domain.additional_grant import (
    AdditionalGrant,
    AdditionalKind,
    AmountPeriod,
    decision_problems,
)
from samverka.compensation.domain.digest import pupil_digest, tariff_digest
from samverka.compensation.domain.month_lines import LineKind, LinePurpose, UnpaidReason
from samverka.compensation.domain.monthly_compensation import (
    PayerTariff,
    YearTariff,
    monthly_run,
)
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.organiser_shares import OrganiserShares
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList, YearPrices
from samverka.compensation.domain.pupil_record import Placement, PupilRecord, Registration
from samverka.compensation.domain.statements import payer_statements

YEAR = 2026
TARIFFS = {YEAR: YearTariff(YearPrices(PriceList(YEAR, (Price("NA", None, Decimal(120000)),))))}
FRISKOLA = Organiser.independent("5560001111")
SOLNA = Organiser.municipality("0184")
SEPTEMBER, OCTOBER = Month(YEAR, 9), Month(YEAR, 10)
NIU = AdditionalGrant(
    7, "0180", AdditionalKind.NIU, Decimal(24000), AmountPeriod.YEAR, SEPTEMBER, Month(YEAR, 12)
)


def _pupil(*grants: AdditionalGrant, organiser: Organiser = SOLNA) -> PupilRecord:
    placement = Placement(organiser, "44444444", "NA", None, date(YEAR, 8, 15))
    home = (Registration("0180", date(2010, 1, 1)),)
    return PupilRecord("p1", (placement,), home, None, grants)


def test_a_yearly_tillaggsbelopp_is_paid_a_twelfth_a_month_as_a_line_of_its_own() -> None:
    ordinary, niu = monthly_run([_pupil(NIU)], SEPTEMBER, TARIFFS).lines
    assert ordinary.purpose is LinePurpose.PROGRAMME
    assert (niu.purpose, niu.decision_id) == (LinePurpose.NIU, 7)
    assert (niu.payer, niu.payee, niu.school_unit) == ("0180", SOLNA, "44444444")
    assert (niu.price_amount, niu.amount, niu.kind) == (2000, 2000, LineKind.REGULAR)


def test_a_monthly_amount_is_paid_as_it_is_and_only_in_the_decisions_months() -> None:
    support = replace(
        NIU, decision_id=8, kind=AdditionalKind.EXTRAORDINARY_SUPPORT, amount=Decimal(3500)
    )
    support = replace(support, per=AmountPeriod.MONTH, first=OCTOBER, last=OCTOBER)
    september = monthly_run([_pupil(support)], SEPTEMBER, TARIFFS).lines
    assert [line.purpose for line in september] == [LinePurpose.PROGRAMME]
    october = monthly_run([_pupil(support)], OCTOBER, TARIFFS).lines
    assert october[1].amount == Decimal(3500)
    november = monthly_run([_pupil(support)], Month(YEAR, 11), TARIFFS).lines
    assert len(november) == 1


def test_an_independent_organiser_gets_vat_but_no_administration_share_on_it() -> None:
    _, niu = monthly_run([_pupil(NIU, organiser=FRISKOLA)], SEPTEMBER, TARIFFS).lines
    assert (niu.price_amount, niu.admin_amount, niu.vat_amount) == (2000, 0, 120)
    assert niu.amount == Decimal(2120)


def test_a_decision_recorded_later_is_paid_back_to_its_first_month_by_the_next_run() -> None:
    september = monthly_run([_pupil()], SEPTEMBER, TARIFFS).lines
    october = monthly_run(
        [_pupil(NIU)], OCTOBER, TARIFFS, booked=september, recheck=[SEPTEMBER]
    ).lines
    paid = [(line.service_month, line.kind, line.purpose, line.amount) for line in october]
    assert sorted(paid) == sorted(
        [
            (SEPTEMBER, LineKind.RETROACTIVE, LinePurpose.NIU, Decimal(2000)),
            (OCTOBER, LineKind.REGULAR, LinePurpose.PROGRAMME, Decimal(10000)),
            (OCTOBER, LineKind.REGULAR, LinePurpose.NIU, Decimal(2000)),
        ]
    )  # the September programme line stays as it was booked


def test_a_decision_ended_earlier_is_reversed_for_the_months_after_it() -> None:
    booked = monthly_run([_pupil(NIU)], SEPTEMBER, TARIFFS).lines
    booked += monthly_run([_pupil(NIU)], OCTOBER, TARIFFS, booked=booked, recheck=[SEPTEMBER]).lines
    ended = replace(NIU, last=SEPTEMBER)
    november = monthly_run(
        [_pupil(ended)], Month(YEAR, 11), TARIFFS, booked=booked, recheck=[SEPTEMBER, OCTOBER]
    ).lines
    reversals = [line for line in november if line.kind is LineKind.REVERSAL]
    assert [(r.service_month, r.purpose, r.amount) for r in reversals] == [
        (OCTOBER, LinePurpose.NIU, Decimal(-2000))
    ]


def test_a_decision_of_a_former_home_municipality_is_not_paid_and_is_reported() -> None:
    moved = replace(
        _pupil(NIU),
        registrations=(
            Registration("0180", date(2010, 1, 1), date(YEAR, 9, 1)),
            Registration("0182", date(YEAR, 9, 2)),
        ),
    )
    run = monthly_run([moved], SEPTEMBER, TARIFFS)
    assert [line.purpose for line in run.lines] == [LinePurpose.PROGRAMME]
    (anomaly,) = run.anomalies
    assert anomaly.reason is UnpaidReason.ADDITIONAL_GRANT_OTHER_HOME
    assert "0180" in anomaly.detail
    assert "0182" in anomaly.detail


def test_the_statement_shows_the_tillaggsbelopp_on_a_row_of_its_own() -> None:
    lines = monthly_run([_pupil(NIU)], SEPTEMBER, TARIFFS).lines
    rows = payer_statements(lines, SEPTEMBER)["0180"].rows
    assert [(row.purpose, row.amount) for row in rows] == [
        (LinePurpose.PROGRAMME, Decimal(10000)),
        (LinePurpose.NIU, Decimal(2000)),
    ]


def test_a_decision_must_have_a_kind_a_positive_amount_and_a_period_in_order() -> None:
    problems = decision_problems("dance", Decimal("-1"), "week", OCTOBER, SEPTEMBER)
    assert {field for field, _ in problems} == {"kind", "amount", "per", "last"}
    assert decision_problems("niu", Decimal("100.5"), "month", SEPTEMBER, None) == []
    too_much = decision_problems("niu", Decimal(200_000), "month", SEPTEMBER, None)
    assert [field for field, _ in too_much] == ["amount"]


def test_a_decision_changes_the_pupils_digest_so_an_incremental_run_rechecks_them() -> None:
    without, with_grant = pupil_digest(_pupil()), pupil_digest(_pupil(NIU))
    assert without != with_grant
    assert pupil_digest(_pupil(replace(NIU, last=SEPTEMBER))) != with_grant


def test_the_years_shares_and_the_payers_lists_are_in_the_tariffs_digest() -> None:
    plain = TARIFFS[YEAR]
    shared = replace(plain, shares=OrganiserShares(YEAR, included=True))
    own = replace(plain, payers={"0182": PayerTariff(plain.prices, None, "own 2026")})
    assert len({tariff_digest(plain), tariff_digest(shared), tariff_digest(own)}) == 3
