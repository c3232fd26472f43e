"""The largest-remainder rule that fees, grants and the staff allocation share."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.platform.domain.largest_remainder import apportion

WEIGHTS = st.dictionaries(
    st.text("abcdef", min_size=1, max_size=3), st.integers(0, 10**6), min_size=1, max_size=12
).filter(lambda weights: sum(weights.values()) > 0)


@given(WEIGHTS, st.integers(0, 10**9))
def test_the_parts_add_up_to_the_total_and_stay_within_one_unit_of_the_exact_quota(
    weights: dict[str, int], total: int
) -> None:
    parts = apportion(total, weights, sorted(weights))
    assert sum(parts.values()) == total
    whole = sum(weights.values())
    for key, part in parts.items():
        assert abs(part - Fraction(total * weights[key], whole)) < 1


@given(WEIGHTS, st.integers(0, 10**6))
def test_a_larger_weight_never_gets_less(weights: dict[str, int], total: int) -> None:
    parts = apportion(total, weights, sorted(weights))
    for a in weights:
        for b in weights:
            if weights[a] > weights[b]:
                assert parts[a] >= parts[b]


def test_equal_remainders_go_to_the_key_first_in_the_tie_order() -> None:
    assert apportion(1, {"0180": 1, "0182": 1}, ["0182", "0180"]) == {"0180": 0, "0182": 1}
    assert apportion(2, {"a": 1, "b": 1, "c": 1}, ["a", "b", "c"]) == {"a": 1, "b": 1, "c": 0}


def test_nothing_to_split_by_and_a_partial_tie_order_are_refused() -> None:
    with pytest.raises(ValueError, match="add up to zero"):
        apportion(10, {"a": 0}, ["a"])
    with pytest.raises(ValueError, match="every key"):
        apportion(10, {"a": 1, "b": 1}, ["a"])
    with pytest.raises(ValueError, match="negative"):
        apportion(-1, {"a": 1}, ["a"])
