"""The monthly compensation run and its retroactive corrections (admissions-rules.md §7.3)."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samverka.compensation.domain.month_lines import (
    LineKind,
    PupilMonthLine,
    UnpaidReason,
    net_booked,
)
from samverka.compensation.domain.monthly_compensation import (
    CompensationSettings,
    YearTariff,
    expected_lines,
    monthly_run,
)
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month, months_between
from samverka.compensation.domain.price_list import (
    Price,
    PriceList,
    PriceSource,
    YearPrices,
)
from samverka.compensation.domain.pupil_record import Placement, PupilRecord, Registration
from samverka.compensation.domain.structure_supplement import SupplementSchedule, SupplementTier

SOLNA = Organiser.municipality("0184")
STOCKHOLM = Organiser.municipality("0180")
FRISKOLA = Organiser.independent("556000-0001")
TARIFFS = {
    year: YearTariff(
        YearPrices(
            PriceList(
                year,
                (
                    Price("NA", None, Decimal(96000)),
                    Price("EK", None, Decimal(100000)),
                    Price("IMV", None, Decimal(150000), municipality="0184"),
                    Price("IMV", None, Decimal(132000), municipality="0186"),
                ),
            )
        ),
        SupplementSchedule(year, (SupplementTier(1, Decimal(200), Decimal(6000)),)),
    )
    for year in (2024, 2025)
}
RUN_SETTINGS = CompensationSettings()
MARCH = Month(2025, 3)


def placement(
    organiser: Organiser = SOLNA,
    start: date = date(2024, 8, 19),
    end: date | None = None,
    programme: str = "NA",
    unit: str = "10000001",
) -> Placement:
    return Placement(organiser, unit, programme, None, start, end)


def pupil(
    *placements: Placement,
    homes: tuple[Registration, ...] = (Registration("0186", date(2008, 1, 1)),),
    merit: Decimal | None = Decimal(250),
    pupil_id: str = "p1",
) -> PupilRecord:
    return PupilRecord(pupil_id, placements or (placement(),), homes, merit)


def run(
    pupils: list[PupilRecord],
    month: Month,
    booked: tuple[PupilMonthLine, ...] = (),
    *,
    recheck: tuple[Month, ...] | None = None,
) -> tuple[PupilMonthLine, ...]:
    """The run of ``month``, rechecking the months booked before (or ``recheck``)."""
    months = {line.service_month for line in booked} if recheck is None else recheck
    return monthly_run(pupils, month, TARIFFS, RUN_SETTINGS, booked=booked, recheck=months).lines


def test_the_home_municipality_pays_the_organiser_a_twelfth_of_price_and_supplement() -> None:
    (line,) = run([pupil(merit=Decimal(180))], Month(2025, 3))
    assert (line.payer, line.payee, line.kind) == ("0186", SOLNA, LineKind.REGULAR)
    assert line.price_amount == Decimal(8000)
    assert line.supplement_amount == Decimal(500)
    assert line.amount == Decimal(8500)
    assert line.measurement_date == date(2025, 3, 10)
    assert line.price_source is PriceSource.COMMON


def test_each_twelfth_is_rounded_to_ore_half_up_and_the_line_is_their_sum() -> None:
    (line,) = run([pupil(placement(programme="EK"))], Month(2025, 3))
    assert line.price_amount == Decimal("8333.33")  # 100,000 / 12 = 8,333.333…
    tiny = CompensationSettings()
    assert tiny.twelfth(Decimal("1.26")) == Decimal("0.11")  # 0.105 exactly: half up
    whole = CompensationSettings(quantum=Decimal(1))
    assert whole.twelfth(Decimal(100000)) == Decimal(8333)


def test_a_pupil_moving_on_the_twelfth_is_paid_for_by_the_old_home_municipality() -> None:
    homes = (
        Registration("0186", date(2008, 1, 1), date(2025, 3, 11)),
        Registration("0160", date(2025, 3, 12)),
    )
    (march,) = run([pupil(homes=homes)], Month(2025, 3))
    assert march.payer == "0186"
    (april,) = run([pupil(homes=homes)], Month(2025, 4))
    assert april.payer == "0160"


def test_a_school_change_on_the_twelfth_leaves_the_month_with_the_old_school() -> None:
    moves = (
        placement(SOLNA, end=date(2025, 3, 11)),
        placement(STOCKHOLM, start=date(2025, 3, 12), unit="20000002"),
    )
    (march,) = run([pupil(*moves)], Month(2025, 3))
    assert (march.payee, march.school_unit) == (SOLNA, "10000001")
    (april,) = run([pupil(*moves)], Month(2025, 4))
    assert (april.payee, april.school_unit) == (STOCKHOLM, "20000002")


def test_september_is_decided_on_the_fifteenth() -> None:
    moves = (
        placement(SOLNA, end=date(2025, 9, 11)),
        placement(STOCKHOLM, start=date(2025, 9, 12), unit="20000002"),
    )
    (september,) = run([pupil(*moves)], Month(2025, 9))
    assert september.payee == STOCKHOLM
    assert september.measurement_date == date(2025, 9, 15)


def test_july_and_august_are_paid_to_the_school_of_the_thirty_first_of_august() -> None:
    finished = placement(SOLNA, start=date(2022, 8, 22), end=date(2025, 6, 13))
    starting = placement(STOCKHOLM, start=date(2025, 8, 20), unit="20000002")
    newcomer = pupil(starting, pupil_id="new")
    leaver = pupil(finished, pupil_id="old")
    for month in (Month(2025, 7), Month(2025, 8)):
        (line,) = expected_lines([newcomer, leaver], month, TARIFFS, RUN_SETTINGS).lines
        assert (line.pupil_id, line.payee, line.measurement_date) == (
            "new",
            STOCKHOLM,
            date(2025, 8, 31),
        )


def test_no_line_without_a_placement_or_a_home_municipality_on_the_day() -> None:
    assert run([pupil(placement(start=date(2025, 3, 11)))], Month(2025, 3)) == ()
    homes = (Registration("0186", date(2025, 3, 11)),)
    assert run([pupil(homes=homes)], Month(2025, 3)) == ()


def test_a_pupil_at_a_school_of_their_own_municipality_costs_no_compensation() -> None:
    own = pupil(placement(Organiser.municipality("0186")))
    assert run([own], Month(2025, 3)) == ()
    paid = monthly_run(
        [own], Month(2025, 3), TARIFFS, CompensationSettings(pay_own_municipality=True)
    )
    assert len(paid.lines) == 1


def test_an_introductory_programme_uses_the_organising_municipality_price() -> None:
    (line,) = run([pupil(placement(SOLNA, programme="IMV"))], Month(2025, 3))
    assert line.price_amount == Decimal(12500)
    assert line.price_source is PriceSource.MUNICIPALITY


def test_an_independent_school_gets_the_home_municipality_price() -> None:
    (line,) = run([pupil(placement(FRISKOLA, programme="IMV"))], Month(2025, 3))
    assert line.price_amount == Decimal(11000)  # 132,000 / 12, the home municipality 0186's price
    assert line.supplement_amount == 0  # no supplement on introductory programmes


def test_a_missing_price_is_an_anomaly_and_a_missing_tariff_an_error() -> None:
    """Issue 13 point 2: any reason a pupil-month cannot be paid is an anomaly with its reason;
    the other pupils are paid. A year without any price list stops the run."""
    result = monthly_run([pupil(placement(programme="HU")), pupil(pupil_id="p2")], MARCH, TARIFFS)
    assert [line.pupil_id for line in result.lines] == ["p2"]
    (missing,) = result.anomalies
    assert (missing.pupil_id, missing.reason, missing.programme) == (
        "p1",
        UnpaidReason.NO_PRICE,
        "HU",
    )
    assert "'HU'" in missing.detail
    with pytest.raises(ValueError, match="2026"):
        run([pupil()], Month(2026, 3))


def test_two_placements_on_the_day_give_an_anomaly_and_no_payment() -> None:
    double = pupil(placement(SOLNA), placement(STOCKHOLM, unit="20000002"))
    result = monthly_run([double, pupil(pupil_id="p2")], Month(2025, 3), TARIFFS)
    assert [line.pupil_id for line in result.lines] == ["p2"]
    assert [a.reason for a in result.anomalies] == [UnpaidReason.OVERLAPPING_PLACEMENTS]


def test_a_retroactive_end_date_is_reversed_in_the_next_run_and_history_keeps_both() -> None:
    booked = run([pupil()], Month(2025, 1))
    booked += run([pupil()], Month(2025, 2), booked)
    assert [line.amount for line in booked] == [Decimal(8000), Decimal(8000)]
    # In March the school registers that the pupil left on 31 January.
    dropped = pupil(placement(end=date(2025, 1, 31)))
    march = run([dropped], Month(2025, 3), booked)
    (reversal,) = march
    assert reversal.kind is LineKind.REVERSAL
    assert (reversal.service_month, reversal.booked_in) == (Month(2025, 2), Month(2025, 3))
    assert reversal.amount == Decimal(-8000)
    history = booked + march
    assert [(line.service_month.month, line.kind) for line in history] == [
        (1, LineKind.REGULAR),
        (2, LineKind.REGULAR),
        (2, LineKind.REVERSAL),
    ]
    assert net_booked(history) == {("p1", Month(2025, 1), booked[0].key): Decimal(8000)}


def test_a_retroactive_move_reverses_the_old_payer_and_books_the_new_one() -> None:
    booked = run([pupil()], Month(2025, 2))
    homes = (
        Registration("0186", date(2008, 1, 1), date(2025, 1, 31)),
        Registration("0160", date(2025, 2, 1)),
    )
    march = run([pupil(homes=homes)], Month(2025, 3), booked)
    kinds = [(line.service_month.month, line.kind, line.payer, line.amount) for line in march]
    assert kinds == [
        (2, LineKind.REVERSAL, "0186", Decimal(-8000)),
        (2, LineKind.RETROACTIVE, "0160", Decimal(8000)),
        (3, LineKind.REGULAR, "0160", Decimal(8000)),
    ]


def test_a_changed_price_reverses_the_booked_line_and_books_the_new_amount() -> None:
    booked = run([pupil(merit=Decimal(250))], Month(2025, 1))
    # the year-9 merit was corrected: the pupil now gets the supplement
    (reversal, new) = run([pupil(merit=Decimal(190))], Month(2025, 1), booked)
    assert (reversal.kind, reversal.amount) == (LineKind.REVERSAL, Decimal(-8000))
    assert (new.kind, new.amount) == (LineKind.REGULAR, Decimal(8500))


def test_a_rerun_with_unchanged_data_books_nothing() -> None:
    pupils = [pupil(pupil_id=f"p{i}") for i in range(3)]
    booked = run(pupils, Month(2025, 4))
    assert run(pupils, Month(2025, 4), booked) == ()


def test_a_month_after_the_run_cannot_be_rechecked() -> None:
    with pytest.raises(ValueError, match="after"):
        monthly_run([pupil()], Month(2025, 3), TARIFFS, recheck=[Month(2025, 4)])


def test_a_line_whose_amount_is_not_its_parts_is_refused() -> None:
    (line,) = run([pupil()], Month(2025, 3))
    with pytest.raises(ValueError, match="is not"):
        dataclasses.replace(line, amount=line.amount + Decimal("0.01"))


# --- properties -------------------------------------------------------------------------------

MUNICIPALITIES = ("0184", "0186", "0160")
ORGANISERS = (*(Organiser.municipality(m) for m in MUNICIPALITIES), FRISKOLA)
days_2025 = st.integers(0, 364).map(lambda n: date.fromordinal(date(2025, 1, 1).toordinal() + n))


@st.composite
def pupil_records(draw: st.DrawFn, pupil_id: str) -> PupilRecord:
    change = draw(days_2025)
    homes = (
        Registration(draw(st.sampled_from(MUNICIPALITIES)), date(2008, 1, 1), change),
        Registration(
            draw(st.sampled_from(MUNICIPALITIES)), date.fromordinal(change.toordinal() + 1)
        ),
    )
    start = draw(days_2025)
    end = draw(st.one_of(st.none(), days_2025.filter(lambda d: d >= start)))
    organiser = draw(st.sampled_from(ORGANISERS))
    programme = draw(st.sampled_from(("NA", "EK")))
    first = Placement(organiser, "U" + organiser.code, programme, None, date(2024, 8, 1), start)
    second = Placement(
        draw(st.sampled_from(ORGANISERS)),
        "U2",
        programme,
        None,
        date.fromordinal(start.toordinal() + 1),
        end,
    )
    merit = draw(st.sampled_from((None, Decimal(150), Decimal(250))))
    return PupilRecord(pupil_id, (first, second), homes, merit)


cohorts = st.integers(1, 4).flatmap(
    lambda n: st.tuples(*(pupil_records(f"p{i}") for i in range(n)))
)


@settings(max_examples=60, deadline=None)
@given(cohorts, cohorts, st.integers(2, 12))
def test_after_any_correction_the_net_booked_equals_what_the_current_data_says(
    before: tuple[PupilRecord, ...], after: tuple[PupilRecord, ...], last: int
) -> None:
    booked: tuple[PupilMonthLine, ...] = ()
    for m in range(1, last):
        booked += run(list(before), Month(2025, m), booked, recheck=_earlier(m))
    final = Month(2025, last)
    booked += run(list(after), final, booked, recheck=_earlier(last))
    current = [
        line
        for month in months_between(Month(2025, 1), final)
        for line in expected_lines(after, month, TARIFFS, RUN_SETTINGS).lines
    ]
    assert net_booked(booked) == {
        (line.pupil_id, line.service_month, line.key): line.amount for line in current
    }
    per_pupil_month = [(pupil_id, month) for pupil_id, month, _ in net_booked(booked)]
    assert len(per_pupil_month) == len(set(per_pupil_month))  # one payee per pupil-month
    assert run(list(after), final, booked, recheck=_earlier(last)) == ()  # a rerun books nothing
    assert all(line.amount == line.amount.quantize(Decimal("0.01")) for line in booked)


def _earlier(month: int) -> tuple[Month, ...]:
    return tuple(Month(2025, m) for m in range(1, month))


def test_a_home_municipality_without_compensation_terms_is_invoiced_not_paying_directly() -> None:
    """Issue 12 point 9; admissions-rules §3.4, §6, §10: only the parties with compensation
    terms (the members and Håbo, ``area``) pay under the samverkansavtal; a pupil from Gnesta
    (admission only) or from outside the area at a municipal school is invoiced to the home
    municipality by the organiser (an ``invoice`` line, issue 13 point 5), not paid directly."""
    area = frozenset({"0186", "0305"})
    pupils = [
        pupil(homes=(Registration("0305", date(2008, 1, 1)),), pupil_id="habo"),
        pupil(homes=(Registration("0461", date(2008, 1, 1)),), pupil_id="gnesta"),
    ]
    result = expected_lines(pupils, Month(2025, 3), TARIFFS, RUN_SETTINGS, area=area)
    assert [(line.pupil_id, line.payer, line.invoice) for line in result.lines] == [
        ("habo", "0305", False),
        ("gnesta", "0461", True),
    ]
    assert result.anomalies == ()
    everyone = expected_lines(pupils, Month(2025, 3), TARIFFS, RUN_SETTINGS)  # no area known
    assert [line.invoice for line in everyone.lines] == [False, False]
