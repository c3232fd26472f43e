"""Every placed pupil-month is paid or listed with its reason, never silently dropped (issue 13
point 2; skollagen 16 kap. 50 §; admissions-rules.md §7.3; ``compensation.domain.unpaid``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from samverka.compensation.domain.month_lines import UnpaidReason
from samverka.compensation.domain.monthly_compensation import (
    CompensationSettings,
    YearTariff,
    monthly_run,
)
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList, YearPrices
from samverka.compensation.domain.pupil_record import Placement, PupilRecord, Registration
from samverka.compensation.domain.unpaid import (
    REASON_TEXTS,
    MonthAccount,
    pupil_month_problem,
)

SEPTEMBER = Month(2026, 9)
DAY = date(2026, 9, 15)
TARIFFS = {2026: YearTariff(YearPrices(PriceList(2026, (Price("NA", None, Decimal(120000)),))))}
NACKA = Organiser.municipality("0182")
STOCKHOLM = Organiser.municipality("0180")
START = date(2026, 8, 18)


def placed(
    pupil_id: str,
    *homes: Registration,
    organiser: Organiser = NACKA,
    programme: str = "NA",
    orientation: str | None = "Informations- och medieteknik",
) -> PupilRecord:
    placement = Placement(organiser, "22222222", programme, orientation, START)
    return PupilRecord(pupil_id, (placement,), homes)


def test_a_pupil_month_without_a_registration_is_an_anomaly_with_the_placement() -> None:
    """The audit's case: a 15-year-old in year 1, placed, not in the register (issue 13)."""
    result = monthly_run([placed("fifteen")], SEPTEMBER, TARIFFS)
    assert result.lines == ()
    (anomaly,) = result.anomalies
    assert anomaly.reason is UnpaidReason.NO_REGISTRATION
    assert (anomaly.school_unit, anomaly.programme, anomaly.orientation) == (
        "22222222",
        "NA",
        "Informations- och medieteknik",
    )
    assert anomaly.measurement_date == DAY
    assert anomaly.payer is None
    assert "2026-09-15" in anomaly.detail


def test_a_pupil_at_their_own_municipalitys_school_is_listed_as_not_charged() -> None:
    own = placed("own", Registration("0182", date(2010, 1, 1)))
    result = monthly_run([own], SEPTEMBER, TARIFFS)
    assert result.lines == ()
    assert result.anomalies == ()
    (not_charged,) = result.unpaid
    assert (not_charged.reason, not_charged.payer) == (UnpaidReason.OWN_MUNICIPALITY, "0182")
    assert not not_charged.is_anomaly


def test_a_pupil_from_another_county_is_paid_for_by_their_home_municipality() -> None:
    uppsala = placed("uppsala", Registration("0380", date(2010, 1, 1)))
    (line,) = monthly_run([uppsala], SEPTEMBER, TARIFFS).lines
    assert (line.payer, line.payee, line.amount) == ("0380", NACKA, Decimal(10000))


def test_two_registrations_on_the_day_are_an_anomaly_naming_both() -> None:
    twice = placed(
        "twice", Registration("0180", date(2010, 1, 1)), Registration("0184", date(2026, 9, 1))
    )
    (anomaly,) = monthly_run([twice], SEPTEMBER, TARIFFS).anomalies
    assert anomaly.reason is UnpaidReason.OVERLAPPING_REGISTRATIONS
    assert "0180, 0184" in anomaly.detail


def test_a_pupil_not_placed_on_the_measurement_date_is_neither_paid_nor_listed() -> None:
    later = PupilRecord(
        "later",
        (Placement(NACKA, "22222222", "NA", None, date(2026, 9, 16)),),
        (Registration("0180", date(2010, 1, 1)),),
    )
    result = monthly_run([later], SEPTEMBER, TARIFFS)
    assert (result.lines, result.unpaid) == ((), ())


def test_every_reason_has_a_swedish_and_an_english_text() -> None:
    assert REASON_TEXTS.keys() == set(UnpaidReason)
    assert all(text.sv and text.en and text.sv != text.en for text in REASON_TEXTS.values())
    assert [r for r in UnpaidReason if not r.anomaly] == [UnpaidReason.OWN_MUNICIPALITY]


_HOMES = st.lists(
    st.builds(
        Registration,
        st.sampled_from(["0180", "0182", "0380"]),
        st.sampled_from([date(2010, 1, 1), date(2026, 9, 1), date(2026, 9, 16)]),
        st.sampled_from([None, date(2026, 9, 14), date(2026, 9, 30)]),
    ).filter(lambda r: r.end is None or r.end >= r.start),
    max_size=2,
)
_PLACEMENTS = st.lists(
    st.builds(
        Placement,
        st.sampled_from([NACKA, STOCKHOLM, Organiser.independent("5560001111")]),
        st.just("22222222"),
        st.sampled_from(["NA", "HU"]),  # HU has no price
        st.none(),
        st.sampled_from([date(2025, 8, 18), date(2026, 9, 15), date(2026, 9, 16)]),
        st.sampled_from([None, date(2026, 9, 15), date(2026, 12, 1)]),
    ).filter(lambda p: p.end is None or p.end >= p.start),
    min_size=1,
    max_size=2,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_PLACEMENTS, _HOMES), max_size=12), st.booleans())
def test_every_placed_pupil_month_is_paid_or_listed_exactly_once(
    pupils: list[tuple[list[Placement], list[Registration]]], pay_own: bool
) -> None:
    records = [PupilRecord(f"p{n}", tuple(p), tuple(h)) for n, (p, h) in enumerate(pupils)]
    run_settings = CompensationSettings(pay_own_municipality=pay_own)
    result = monthly_run(records, SEPTEMBER, TARIFFS, run_settings)
    paid = [line.pupil_id for line in result.lines]
    unpaid = [u.pupil_id for u in result.unpaid]
    on_day = {r.pupil_id for r in records if any(p.in_force(DAY) for p in r.placements)}
    assert sorted(paid + unpaid) == sorted(on_day)
    assert all(pupil_month_problem(True, paid.count(p), unpaid.count(p)) is None for p in on_day)


def test_the_accounting_names_every_pupil_month_that_does_not_add_up() -> None:
    assert pupil_month_problem(True, 1, 0) is None
    assert pupil_month_problem(True, 0, 1) is None
    assert pupil_month_problem(False, 0, 0) is None
    assert pupil_month_problem(True, 0, 0) == "placed, but neither paid nor listed with a reason"
    assert pupil_month_problem(True, 1, 1) == "both paid and listed unpaid"
    assert pupil_month_problem(True, 2, 0) == "2 net lines (a pupil-month is paid once)"
    assert pupil_month_problem(False, 1, 0) == "paid without a placement on the measurement date"
    assert pupil_month_problem(False, 0, 1) == (
        "listed unpaid without a placement on the measurement date"
    )
    balanced = MonthAccount(SEPTEMBER, DAY, placed=10, paid=6, not_charged=3, anomalies=1)
    assert balanced.balanced
    assert not MonthAccount(SEPTEMBER, DAY, placed=10, paid=6, not_charged=3, anomalies=0).balanced
