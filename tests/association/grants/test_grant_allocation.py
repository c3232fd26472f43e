"""Keying a state grant out in whole kronor by largest remainder, and the psychiatric-health
example of the operations plan 2018 (seed 001)."""

from __future__ import annotations

import csv
from decimal import Decimal
from fractions import Fraction
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st
from in_english import in_english

from samverka.association.grants.domain.allocation_key import key_weights
from samverka.association.grants.domain.grant_allocation import (
    GrantTerms,
    allocate,
    largest_remainder,
    terms_problems,
)

CODES = st.sampled_from([f"{n:04d}" for n in range(114, 200)])
WEIGHTS = st.dictionaries(CODES, st.integers(min_value=0, max_value=2_000_000), min_size=1).filter(
    lambda weights: sum(weights.values()) > 0
)
TOTALS = st.integers(min_value=0, max_value=10**10)


def _populations() -> dict[str, Decimal]:
    text = resources.files("samverka.platform.reference").joinpath(
        "municipalities-stockholm-county.csv"
    )
    with text.open(encoding="utf-8") as handle:
        return {
            row["municipality_code"]: Decimal(row["population_2019_12_31"])
            for row in csv.DictReader(handle)
        }


@given(TOTALS, WEIGHTS)
def test_the_parts_add_up_to_the_total_exactly(total: int, weights: dict[str, int]) -> None:
    assert sum(largest_remainder(total, weights).values()) == total


@given(TOTALS, WEIGHTS)
def test_each_part_is_within_one_krona_of_its_exact_share(
    total: int, weights: dict[str, int]
) -> None:
    parts = largest_remainder(total, weights)
    whole = sum(weights.values())
    for code, weight in weights.items():
        assert abs(parts[code] - Fraction(total * weight, whole)) < 1


@given(TOTALS, WEIGHTS)
def test_a_larger_weight_never_gets_less(total: int, weights: dict[str, int]) -> None:
    parts = largest_remainder(total, weights)
    for a in weights:
        for b in weights:
            if weights[a] > weights[b]:
                assert parts[a] >= parts[b]


@given(TOTALS, st.lists(CODES, min_size=1, unique=True), st.integers(1, 10**6))
def test_equal_weights_differ_by_at_most_one_krona(total: int, codes: list[str], w: int) -> None:
    parts = largest_remainder(total, dict.fromkeys(codes, w))
    assert max(parts.values()) - min(parts.values()) <= 1


def test_a_tie_gives_the_krona_left_to_the_lowest_municipality_code() -> None:
    assert largest_remainder(10, {"0186": 1, "0114": 1, "0180": 1}) == {
        "0114": 4,
        "0180": 3,
        "0186": 3,
    }


def test_a_zero_weight_gets_nothing() -> None:
    assert largest_remainder(7, {"0114": 0, "0180": 3, "0182": 4})["0114"] == 0


@given(TOTALS.filter(lambda total: total > 0), WEIGHTS, st.integers(0, 60), st.integers(0, 20))
def test_region_set_aside_and_municipalities_add_up_to_the_total(
    total: int, weights: dict[str, int], region: int, kept: int
) -> None:
    terms = GrantTerms(Decimal(total), Decimal(region), Decimal(kept))
    found = allocate(terms, {code: Decimal(w) for code, w in weights.items()})
    municipalities = sum(line.gross for line in found.lines)
    assert found.region_gross + municipalities == total
    assert found.region_set_aside + sum(line.set_aside for line in found.lines) == (
        found.set_aside_total
    )
    assert found.region_net + found.municipalities_net + found.set_aside_total == total
    assert all(line.net == line.gross - line.set_aside >= 0 for line in found.lines)


def test_the_psychiatric_health_grant_of_2017_is_keyed_out_as_the_plan_describes() -> None:
    """A little over 113 mnkr (assumed: 113 200 000 kr); half to the county council, half to
    the 26 municipalities by population (31 December 2019, the reference data we have); 4 % of
    each allocation set aside for county-wide initiatives, "about 4.5 mnkr"."""
    populations = _populations()
    terms = GrantTerms(Decimal(113_200_000), Decimal(50), Decimal(4))
    found = allocate(terms, populations)
    assert len(found.lines) == 26
    assert found.region_gross == found.municipalities_gross == Decimal(56_600_000)
    assert sum(line.gross for line in found.lines) == Decimal(56_600_000)
    assert found.set_aside_total == Decimal(4_528_000)  # 4 % of 113.2 mnkr
    assert abs(found.set_aside_total - Decimal(4_500_000)) < Decimal(50_000)
    assert found.region_set_aside == Decimal(2_264_000)
    assert sum(line.set_aside for line in found.lines) == Decimal(2_264_000)
    everyone = sum(populations.values())
    for line in found.lines:
        exact = Decimal(56_600_000) * populations[line.municipality_code] / everyone
        assert abs(line.gross - exact) < 1
        assert abs(line.set_aside - line.gross * Decimal("0.04")) < 1
    stockholm = next(line for line in found.lines if line.municipality_code == "0180")
    assert stockholm.gross == max(line.gross for line in found.lines)
    assert found.region_net + found.municipalities_net + found.set_aside_total == terms.total


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        (GrantTerms(Decimal("100.50")), "total"),
        (GrantTerms(Decimal(0)), "total"),
        (GrantTerms(Decimal(100), region_percent=Decimal(100)), "region_percent"),
        (GrantTerms(Decimal(100), set_aside_percent=Decimal(-1)), "set_aside_percent"),
    ],
)
def test_terms_that_cannot_be_used_are_named(terms: GrantTerms, field: str) -> None:
    assert [problem.field for problem in terms_problems(terms)] == [field]


def test_a_custom_key_reports_every_bad_row_with_its_line() -> None:
    rows = [(2, "0180", "10"), (3, "9999", "1"), (4, "0180", "2"), (5, "0182", "-1")]
    weights, problems = key_weights(rows, {"0180", "0182"}, "key.csv")
    assert [(p.line, p.field) for p in problems] == [
        (3, "municipality_code"),
        (4, "municipality_code"),
        (5, "weight"),
    ]
    assert weights == {"0180": Decimal(10)}


def test_a_custom_key_reads_swedish_decimals() -> None:
    weights, problems = key_weights([(2, "0180", "1 234,5")], {"0180"}, "key.csv")
    assert problems == []
    assert weights == {"0180": Decimal("1234.5")}


def test_a_custom_key_of_zeros_is_refused() -> None:
    _, problems = key_weights([(2, "0180", "0")], {"0180"}, "key.csv")
    assert [in_english(p) for p in problems] == ["the weights add up to zero"]
