"""The structure supplement by year-9 merit below 200 (admissions-rules.md §7.2)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.compensation.domain.structure_supplement import (
    SupplementGroup,
    SupplementPupil,
    SupplementSchedule,
    SupplementTier,
    aggregate_supplements,
    uplift_schedule,
)

SCHEDULE = SupplementSchedule(
    2025,
    (
        SupplementTier(1, Decimal(200), Decimal(6000)),
        SupplementTier(2, Decimal(160), Decimal(12000)),
        SupplementTier(3, Decimal(120), Decimal(20000)),
    ),
)


@pytest.mark.parametrize(
    ("merit", "level"),
    [("100", 3), ("119.5", 3), ("120", 2), ("150", 2), ("160", 1), ("199.5", 1), ("200", None)],
)
def test_a_pupil_falls_in_the_lowest_tier_still_above_their_merit(
    merit: str, level: int | None
) -> None:
    tier = SCHEDULE.tier_for(Decimal(merit), "EK")
    assert (tier.level if tier is not None else None) == level


def test_no_merit_value_and_introductory_programmes_give_no_supplement() -> None:
    assert SCHEDULE.yearly_amount(None, "EK") == 0
    assert SCHEDULE.yearly_amount(Decimal(100), "IMV") == 0
    assert SCHEDULE.yearly_amount(Decimal(100), "EK") == Decimal(20000)
    assert SCHEDULE.threshold == Decimal(200)


def test_tiers_with_the_same_threshold_are_refused() -> None:
    tiers = (
        SupplementTier(1, Decimal(200), Decimal(1)),
        SupplementTier(2, Decimal(200), Decimal(2)),
    )
    with pytest.raises(ValueError, match="samma gräns"):
        SupplementSchedule(2025, tiers)


def test_aggregation_counts_and_sums_per_school_unit_and_programme_without_names() -> None:
    pupils = [
        SupplementPupil("11112222", "EK", Decimal(100)),
        SupplementPupil("11112222", "EK", Decimal(150)),
        SupplementPupil("11112222", "EK", Decimal(250)),
        SupplementPupil("11112222", "NA", None),
        SupplementPupil("33334444", "EK", Decimal(150)),
    ]
    groups = aggregate_supplements(pupils, SCHEDULE)
    assert groups == (
        SupplementGroup("11112222", "EK", 3, 2, ((2, 1), (3, 1)), Decimal(32000)),
        SupplementGroup("11112222", "NA", 1, 0, (), Decimal(0)),
        SupplementGroup("33334444", "EK", 1, 1, ((2, 1),), Decimal(12000)),
    )
    assert set(SupplementGroup.__slots__) == {
        "school_unit", "programme", "pupils", "supplemented", "per_level", "yearly_total"
    }  # fmt: skip


def test_levels_two_and_three_can_be_raised_more_than_the_price_uplift() -> None:
    # 2025: levels 2 and 3 +6 %, the others follow the price uplift of 2.8 %
    raised = uplift_schedule(SCHEDULE, Decimal("2.8"), level_percent={2: Decimal(6), 3: Decimal(6)})
    assert raised.year == 2026
    assert [t.yearly_amount for t in raised.tiers] == [
        Decimal(6168),
        Decimal(12720),
        Decimal(21200),
    ]
    assert [t.below for t in raised.tiers] == [t.below for t in SCHEDULE.tiers]


merits = st.one_of(st.none(), st.integers(0, 136).map(lambda n: Decimal(n) * Decimal("2.5")))
pupils_st = st.lists(
    st.builds(
        SupplementPupil, st.sampled_from(["A", "B", "C"]), st.sampled_from(["EK", "IMV"]), merits
    )
)


@given(pupils_st)
def test_the_groups_add_up_to_the_pupils_own_supplements(pupils: list[SupplementPupil]) -> None:
    groups = aggregate_supplements(pupils, SCHEDULE)
    assert sum(g.pupils for g in groups) == len(pupils)
    expected = sum((SCHEDULE.yearly_amount(p.merit_value, p.programme) for p in pupils), Decimal(0))
    assert sum((g.yearly_total for g in groups), Decimal(0)) == expected
    for group in groups:
        assert sum(count for _, count in group.per_level) == group.supplemented <= group.pupils


@given(merits, merits)
def test_a_lower_merit_never_gives_a_smaller_supplement(
    a: Decimal | None, b: Decimal | None
) -> None:
    if a is None or b is None:
        return
    low, high = sorted((a, b))
    assert SCHEDULE.yearly_amount(low, "EK") >= SCHEDULE.yearly_amount(high, "EK")
