"""Price lists, the look-up order and the uplift (admissions-rules.md §7.1)."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.compensation.domain.price_list import (
    CostType,
    Price,
    PriceList,
    PriceNotFoundError,
    PriceRounding,
    PriceSource,
    YearPrices,
    price_from_components,
    uplift,
)

NA_COMPONENTS = {
    CostType.TEACHING: Decimal(60000),
    CostType.PREMISES: Decimal(15000),
    CostType.LEARNING_MATERIALS: Decimal(5000),
    CostType.SCHOOL_MEALS: Decimal(6000),
    CostType.PUPIL_HEALTH: Decimal(2500),
    CostType.TRAVEL: Decimal(500),
    CostType.ADMINISTRATION_OTHER: Decimal(7000),
}


def year_prices() -> YearPrices:
    agreed = PriceList(
        2025,
        (
            price_from_components("NA", None, NA_COMPONENTS),
            Price("NA", "NAMUS", Decimal(110000)),
            Price("EK", None, Decimal(90000)),
            Price("IMV", None, Decimal(120000), municipality="0180"),
            Price("IMV", "IMVBA", Decimal(125000), municipality="0180"),
        ),
    )
    national = PriceList(2025, (Price("IN", None, Decimal(169800)), Price("IMV", None, Decimal(1))))
    return YearPrices(agreed, national)


def test_a_common_price_is_the_sum_of_its_seven_cost_types() -> None:
    price = price_from_components("NA", None, NA_COMPONENTS)
    assert price.yearly == Decimal(96000)
    assert [t for t, _ in price.components] == list(CostType)
    assert price.component(CostType.TRAVEL) == Decimal(500)


def test_a_price_whose_total_is_not_its_components_is_refused() -> None:
    with pytest.raises(ValueError, match="not the sum"):
        Price("NA", None, Decimal(1), ((CostType.TEACHING, Decimal(2)),))


def test_two_prices_for_the_same_programme_are_refused() -> None:
    with pytest.raises(ValueError, match="two prices"):
        PriceList(2025, (Price("EK", None, Decimal(1)), Price("EK", None, Decimal(2))))


def test_the_municipality_specific_price_comes_first() -> None:
    resolved = year_prices().resolve("IMV", "IMVBA", "0180")
    assert (resolved.price.yearly, resolved.source) == (Decimal(125000), PriceSource.MUNICIPALITY)


def test_a_municipality_price_without_orientation_covers_its_orientations() -> None:
    resolved = year_prices().resolve("IMV", "IMVEL", "0180")
    assert resolved.price.yearly == Decimal(120000)


def test_the_common_list_applies_when_the_municipality_has_no_own_price() -> None:
    resolved = year_prices().resolve("NA", "NAMUS", "0114")
    assert (resolved.price.yearly, resolved.source) == (Decimal(110000), PriceSource.COMMON)
    assert year_prices().resolve("NA", "NANAT", "0114").price.yearly == Decimal(96000)


def test_the_national_list_is_the_fallback() -> None:
    resolved = year_prices().resolve("IN", None, "0114")
    assert (resolved.price.yearly, resolved.source) == (Decimal(169800), PriceSource.NATIONAL)
    # another municipality's own IMV price is not used; the national one is
    assert year_prices().resolve("IMV", None, "0114").source is PriceSource.NATIONAL


def test_no_price_anywhere_is_a_clear_error() -> None:
    with pytest.raises(PriceNotFoundError, match="'HU'"):
        year_prices().resolve("HU", None, "0180")


def test_uplift_of_three_point_four_percent_rounds_each_component_to_whole_kronor() -> None:
    uplifted = uplift(year_prices().agreed, Decimal("3.4"))
    assert uplifted.year == 2026
    na = uplifted.get("NA", None)
    assert na is not None
    # 2,500 × 1.034 = 2,585; 500 × 1.034 = 517; 60,000 × 1.034 = 62,040
    assert na.component(CostType.PUPIL_HEALTH) == Decimal(2585)
    assert na.component(CostType.TRAVEL) == Decimal(517)
    assert na.yearly == sum((amount for _, amount in na.components), Decimal(0))
    ek = uplifted.get("EK", None)
    assert ek is not None
    assert ek.yearly == Decimal(93060)


def test_uplift_rounding_is_configurable() -> None:
    prices = PriceList(2024, (Price("EK", None, Decimal(87350)),))
    # 87,350 × 1.028 = 89,795.8
    assert uplift(prices, Decimal("2.8")).prices[0].yearly == Decimal(89796)
    to_hundreds = PriceRounding(Decimal(100))
    assert uplift(prices, Decimal("2.8"), to_hundreds).prices[0].yearly == Decimal(89800)
    ore = PriceRounding(Decimal("0.01"))
    assert uplift(prices, Decimal("2.8"), ore).prices[0].yearly == Decimal("89795.80")
    half = PriceList(2024, (Price("EK", None, Decimal(125)),))
    # 125 × 1.1 = 137.5: half up gives 138, half even 138; 2.5 % of 100 = 102.5 → 103 / 102
    assert uplift(half, Decimal(10)).prices[0].yearly == Decimal(138)
    hundred = PriceList(2024, (Price("EK", None, Decimal(100)),))
    assert uplift(hundred, Decimal("2.5")).prices[0].yearly == Decimal(103)
    even = PriceRounding(Decimal(1), ROUND_HALF_EVEN)
    assert uplift(hundred, Decimal("2.5"), even).prices[0].yearly == Decimal(102)


def test_a_zero_uplift_keeps_every_price() -> None:
    agreed = year_prices().agreed
    assert uplift(agreed, Decimal(0)).prices == agreed.prices


def test_an_uplift_of_minus_one_hundred_percent_is_refused() -> None:
    with pytest.raises(ValueError, match="skulle ta bort priset"):
        uplift(year_prices().agreed, Decimal(-100))


amounts = st.integers(0, 300_000).map(Decimal)
percents = st.decimals(min_value=-20, max_value=20, places=1, allow_nan=False)


@given(st.lists(amounts, min_size=1, max_size=7), percents)
def test_an_uplifted_price_stays_the_sum_of_its_rounded_components(
    parts: list[Decimal], percent: Decimal
) -> None:
    price = price_from_components("NA", None, dict(zip(CostType, parts, strict=False)))
    uplifted = uplift(PriceList(2025, (price,)), percent).prices[0]
    assert uplifted.yearly == sum((amount for _, amount in uplifted.components), Decimal(0))
    for (_, before), (_, after) in zip(price.components, uplifted.components, strict=True):
        assert abs(after - before * (1 + percent / 100)) <= Decimal("0.5")
        assert after == after.to_integral_value()


@given(amounts, percents, percents)
def test_a_larger_uplift_never_gives_a_lower_price(
    amount: Decimal, first: Decimal, second: Decimal
) -> None:
    low, high = sorted((first, second))
    prices = PriceList(2025, (Price("EK", None, amount),))
    assert uplift(prices, low).prices[0].yearly <= uplift(prices, high).prices[0].yearly
