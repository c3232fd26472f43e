"""Staff allocation between the plan's areas: largest-remainder percentages that add up to 100,
and the 2018 plan's two allocations reproduced from planned hours."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.association.plan.domain.staff_allocation import (
    ADMISSION_OFFICE,
    AssignmentHours,
    allocate,
    largest_remainder,
)

# The 2018 plan's goal areas (seed 001) and hours chosen so that both printed allocations
# come out: without the admission office 40/25/20/10/5 %, with it 47/21/13/11/6/2 %.
HEALTH, HOUSING, EDUCATION, DIGITAL, MIGRATION = 1, 2, 3, 4, 5
AREAS = [EDUCATION, MIGRATION, DIGITAL, HOUSING, HEALTH]
HOURS_2018 = [
    AssignmentHours(Decimal(8760), [EDUCATION], admission_office=True),
    AssignmentHours(Decimal(2000), [EDUCATION], admission_office=False),
    AssignmentHours(Decimal(460), [MIGRATION], admission_office=False),
    AssignmentHours(Decimal(1040), [DIGITAL], admission_office=False),
    AssignmentHours(Decimal(2500), [HOUSING], admission_office=False),
    AssignmentHours(Decimal(4000), [HEALTH], admission_office=False),
]

shares = st.dictionaries(
    st.integers(0, 30),
    st.decimals(min_value=0, max_value=100_000, places=1, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=12,
)


def test_the_2018_allocation_with_the_admission_office_is_reproduced_from_hours() -> None:
    allocation = allocate(HOURS_2018, AREAS, with_admission_office=True)

    assert allocation.percent == {
        ADMISSION_OFFICE: 47,
        EDUCATION: 11,
        MIGRATION: 2,
        DIGITAL: 6,
        HOUSING: 13,
        HEALTH: 21,
    }


def test_the_2018_allocation_without_the_admission_office_is_reproduced_from_hours() -> None:
    allocation = allocate(HOURS_2018, AREAS, with_admission_office=False)

    assert allocation.percent == {EDUCATION: 20, MIGRATION: 5, DIGITAL: 10, HOUSING: 25, HEALTH: 40}
    assert ADMISSION_OFFICE not in allocation.hours


def test_an_assignment_serving_two_areas_gives_each_half_of_its_hours() -> None:
    both = AssignmentHours(Decimal(300), [HEALTH, HOUSING, HEALTH], admission_office=False)

    allocation = allocate([both], [HEALTH, HOUSING], with_admission_office=False)

    assert allocation.hours == {HEALTH: Decimal(150), HOUSING: Decimal(150)}
    assert allocation.percent == {HEALTH: 50, HOUSING: 50}


def test_an_assignment_without_goals_is_left_out() -> None:
    allocation = allocate(
        [AssignmentHours(Decimal(10), [], False), AssignmentHours(Decimal(5), [HEALTH], False)],
        [HEALTH],
        with_admission_office=False,
    )

    assert allocation.hours == {HEALTH: Decimal(5)}


def test_three_equal_shares_give_the_spare_percent_to_the_first() -> None:
    assert largest_remainder({"a": Decimal(1), "b": Decimal(1), "c": Decimal(1)}) == {
        "a": 34,
        "b": 33,
        "c": 33,
    }


def test_one_decimal_percentages_add_up_to_exactly_one_hundred() -> None:
    percent = largest_remainder({"a": Decimal(1), "b": Decimal(1), "c": Decimal(1)}, decimals=1)

    assert percent == {"a": Decimal("33.4"), "b": Decimal("33.3"), "c": Decimal("33.3")}


def test_no_hours_at_all_give_zero_percent_everywhere() -> None:
    assert largest_remainder({"a": Decimal(0), "b": Decimal(0)}) == {"a": 0, "b": 0}


def test_a_negative_share_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        largest_remainder({"a": Decimal(-1)})


@given(shares, st.sampled_from([0, 1]))
def test_percentages_add_up_to_one_hundred_and_stay_within_one_step_of_the_exact_share(
    values: dict[int, Decimal], decimals: int
) -> None:
    whole = sum(values.values(), Decimal(0))
    percent = largest_remainder(values, decimals)

    step = Decimal(1).scaleb(-decimals)
    if whole == 0:
        assert set(percent.values()) == {0}
        return
    assert sum(percent.values()) == 100
    for key, value in values.items():
        exact = value * 100 / whole
        assert abs(percent[key] - exact) < step
        assert percent[key] == percent[key].quantize(step)


@given(shares)
def test_a_larger_share_never_gets_a_smaller_percentage(values: dict[int, Decimal]) -> None:
    percent = largest_remainder(values)

    for a in values:
        for b in values:
            if values[a] > values[b]:
                assert percent[a] >= percent[b]
