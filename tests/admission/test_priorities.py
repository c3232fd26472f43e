"""Priority keys: columns combined in lexicographic order, the rules' checks, the tie-breaks."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samverka.admission.domain.lottery import draw_lottery
from samverka.admission.domain.matching_problem import IntArray
from samverka.admission.domain.priorities import (
    ON_TIME_FIRST_ORDER,
    STATUTE_ORDER,
    PriorityClass,
    PriorityInputs,
    PriorityRules,
    TieBreak,
    class_order_of,
    combine_columns,
    priority_keys,
)

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def sign(x: int) -> int:
    return (x > 0) - (x < 0)


def assert_same_order(keys: IntArray, rows: Sequence[tuple[int, ...]]) -> None:
    """Every pair of keys compares like the matching pair of tuples."""
    assert len(keys) == len(rows)
    values = keys.tolist()
    for i in range(len(rows)):
        for j in range(len(rows)):
            expected = sign((rows[i] > rows[j]) - (rows[i] < rows[j]))
            assert sign(values[i] - values[j]) == expected, (rows[i], rows[j])


@st.composite
def column_tables(draw: st.DrawFn, *, wide: bool) -> list[list[int]]:
    """Columns of equal length, each holding its own minimum and maximum.

    Narrow: 1–4 columns of few distinct values (ties are common), which pack into 62 bits.
    Wide: 2–4 columns each spanning at least 2**32, so together they cannot fit in 62 bits;
    sometimes a column spans the whole int64 range.
    """
    n_rows = draw(st.integers(2, 25))
    n_columns = draw(st.integers(2, 4) if wide else st.integers(1, 4))
    columns = []
    for _ in range(n_columns):
        if wide and draw(st.booleans()):
            low, high = INT64_MIN, INT64_MAX
        elif wide:
            low = draw(st.integers(INT64_MIN, 0))
            high = draw(st.integers(low + 2**32, INT64_MAX))
        else:
            low = draw(st.integers(-(10**6), 10**6))
            high = low + draw(st.sampled_from([0, 1, 2, 3, 7, 100, 2**14]))
        values = st.integers(low, high)
        pool = draw(st.lists(values, min_size=1, max_size=4))  # repeated values make ties
        column = draw(
            st.lists(st.sampled_from(pool) | values, min_size=n_rows - 2, max_size=n_rows - 2)
        )
        columns.append([low, *column, high])
    order = draw(st.permutations(range(n_rows)))
    return [[column[i] for i in order] for column in columns]


def as_arrays(columns: list[list[int]]) -> list[IntArray]:
    return [np.array(column, dtype=np.int64) for column in columns]


@settings(max_examples=200, deadline=None)
@given(column_tables(wide=False))
def test_combined_narrow_columns_order_rows_like_python_tuples(columns: list[list[int]]) -> None:
    keys = combine_columns(as_arrays(columns))

    assert keys.dtype == np.int64
    assert_same_order(keys, list(zip(*columns, strict=True)))


@settings(max_examples=200, deadline=None)
@given(column_tables(wide=True))
def test_combined_wide_columns_fall_back_to_dense_rank_in_tuple_order(
    columns: list[list[int]],
) -> None:
    keys = combine_columns(as_arrays(columns))
    rows = list(zip(*columns, strict=True))

    assert_same_order(keys, rows)
    # A dense rank: 0 for the smallest row, one more for each next distinct row.
    assert sorted(set(keys.tolist())) == list(range(len(set(rows))))


def test_combined_key_fits_in_62_bits_when_the_columns_do() -> None:
    columns = as_arrays([[0, 2**30 - 1, 5], [-(2**31), 0, 2**31 - 1]])

    keys = combine_columns(columns)

    assert np.argsort(keys).tolist() == [0, 2, 1]
    assert int(keys.min()) >= 0
    assert int(keys.max()) < 2**62


def test_a_column_with_one_value_does_not_change_the_order() -> None:
    keys = combine_columns(as_arrays([[7, 7, 7], [3, 1, 2]]))

    assert np.argsort(keys).tolist() == [1, 2, 0]


def test_combining_no_rows_gives_no_keys() -> None:
    assert combine_columns([np.zeros(0, dtype=np.int64)]).tolist() == []
    assert combine_columns([]).tolist() == []


# --- PriorityRules ----------------------------------------------------------------------------


def test_default_rules_put_first_hand_first_and_break_ties_by_lottery() -> None:
    """Fri kvot is no longer a class that goes first (GyF 7 kap. 3 §: a capped quota)."""
    rules = PriorityRules()

    assert rules.tie_breaks == (TieBreak.LOTTERY,)
    assert rules.class_index(PriorityClass.FIRST_HAND) == 0


def test_by_default_reception_goes_before_lateness_as_the_statute_orders() -> None:
    """SL 16 kap. 43–44 §§ (issue 12 point 8): second-hand applicants get only the places left
    when every first-hand applicant is received, so the default order is first hand on time,
    first hand late, second hand on time, second hand late."""
    assert PriorityRules().class_order == (
        PriorityClass.FIRST_HAND,
        PriorityClass.FIRST_HAND_LATE,
        PriorityClass.SECOND_HAND,
        PriorityClass.SECOND_HAND_LATE,
    )
    assert PriorityClass.of(PriorityClass.SECOND_HAND, late=True) is PriorityClass.SECOND_HAND_LATE
    assert PriorityClass.of(PriorityClass.FIRST_HAND, late=True) is PriorityClass.FIRST_HAND_LATE


def test_the_region_may_put_every_on_time_applicant_before_the_late_ones() -> None:
    """admissions-rules §3.5 (selection groups): the alternative order, and how an order stored
    before issue 12 (one late class, and fri kvot as a class) is read: the late class splits by
    reception in place, and fri kvot, now a capped quota, is dropped."""
    assert ON_TIME_FIRST_ORDER == (
        PriorityClass.FIRST_HAND,
        PriorityClass.SECOND_HAND,
        PriorityClass.FIRST_HAND_LATE,
        PriorityClass.SECOND_HAND_LATE,
    )
    stored = ["discretionary_quota", "first_hand", "second_hand", "late"]
    assert class_order_of(stored) == ON_TIME_FIRST_ORDER
    assert PriorityRules(class_order=ON_TIME_FIRST_ORDER).class_order == ON_TIME_FIRST_ORDER


@pytest.mark.parametrize(
    "tie_breaks",
    [
        (),
        (TieBreak.CHOICE_RANK,),
        (TieBreak.LOTTERY, TieBreak.GRADE_VALUE),
        (TieBreak.GRADE_COUNT, TieBreak.LOTTERY, TieBreak.CHOICE_RANK),
    ],
)
def test_rules_reject_a_tie_break_chain_that_does_not_end_with_the_lottery(
    tie_breaks: tuple[TieBreak, ...],
) -> None:
    with pytest.raises(ValueError, match="end with the lottery"):
        PriorityRules(tie_breaks=tie_breaks)


def test_rules_reject_a_tie_break_named_twice() -> None:
    with pytest.raises(ValueError, match="only once"):
        PriorityRules(tie_breaks=(TieBreak.GRADE_VALUE, TieBreak.GRADE_VALUE, TieBreak.LOTTERY))


@pytest.mark.parametrize(
    "class_order",
    [
        (PriorityClass.FIRST_HAND, PriorityClass.SECOND_HAND, PriorityClass.SECOND_HAND_LATE),
        (
            PriorityClass.FIRST_HAND,
            PriorityClass.FIRST_HAND,
            PriorityClass.FIRST_HAND_LATE,
            PriorityClass.SECOND_HAND,
            PriorityClass.SECOND_HAND_LATE,
        ),
        (),
    ],
)
def test_rules_reject_a_class_order_that_does_not_name_every_class_once(
    class_order: tuple[PriorityClass, ...],
) -> None:
    with pytest.raises(ValueError, match="every priority class"):
        PriorityRules(class_order=class_order)


def test_rules_accept_any_complete_class_order_and_chain_ending_with_the_lottery() -> None:
    rules = PriorityRules(
        class_order=tuple(reversed(STATUTE_ORDER)),
        tie_breaks=(
            TieBreak.GRADE_COUNT,
            TieBreak.CHOICE_RANK,
            TieBreak.GRADE_VALUE,
            TieBreak.LOTTERY,
        ),
    )

    assert rules.class_index(PriorityClass.SECOND_HAND_LATE) == 0


# --- priority_keys ----------------------------------------------------------------------------


def inputs(
    *,
    class_index: Sequence[int] | None = None,
    score: Sequence[int] | None = None,
    rank: Sequence[int] | None = None,
    grade_value: Sequence[int] | None = None,
    grade_count: Sequence[int] | None = None,
    lottery: Sequence[int] | None = None,
) -> PriorityInputs:
    """Priority inputs for one offering's rows; columns left out are equal for every row,
    except the lottery, which defaults to 1, 2, 3 …"""
    given_columns = [class_index, score, rank, grade_value, grade_count, lottery]
    n = max(len(column) for column in given_columns if column is not None)

    def column(values: Sequence[int] | None, default: Sequence[int]) -> IntArray:
        return np.array(default if values is None else values, dtype=np.int64)

    return PriorityInputs(
        class_index=column(class_index, [1] * n),
        score_centi=column(score, [20_000] * n),
        rank=column(rank, [1] * n),
        grade_value_centi=column(grade_value, [20_000] * n),
        grade_count=column(grade_count, [16] * n),
        lottery=column(lottery, range(1, n + 1)),
    )


def best_first(keys: IntArray) -> list[int]:
    """Row numbers from highest priority to lowest."""
    return [int(row) for row in np.argsort(-keys, kind="stable")]


def test_the_lottery_alone_breaks_ties_and_a_lower_number_wins() -> None:
    keys = priority_keys(PriorityRules(), inputs(lottery=[3, 1, 2]))

    assert best_first(keys) == [1, 2, 0]


def test_a_higher_score_wins_before_any_tie_break() -> None:
    rules = PriorityRules(tie_breaks=(TieBreak.CHOICE_RANK, TieBreak.LOTTERY))

    keys = priority_keys(rules, inputs(score=[19_000, 21_000], rank=[1, 5], lottery=[1, 2]))

    assert best_first(keys) == [1, 0]


def test_a_priority_class_wins_before_the_score() -> None:
    rules = PriorityRules()
    first_hand, second_hand, late = (
        rules.class_index(c)
        for c in (
            PriorityClass.FIRST_HAND,
            PriorityClass.SECOND_HAND,
            PriorityClass.SECOND_HAND_LATE,
        )
    )

    keys = priority_keys(
        rules,
        inputs(class_index=[late, second_hand, first_hand], score=[34_000, 20_000, 5_000]),
    )

    assert best_first(keys) == [2, 1, 0]


def test_the_configured_class_order_decides_which_class_goes_first() -> None:
    rules = PriorityRules(
        class_order=(
            PriorityClass.FIRST_HAND_LATE,
            PriorityClass.FIRST_HAND,
            PriorityClass.SECOND_HAND,
            PriorityClass.SECOND_HAND_LATE,
        )
    )
    classes = [
        PriorityClass.SECOND_HAND,
        PriorityClass.FIRST_HAND,
        PriorityClass.FIRST_HAND_LATE,
    ]

    keys = priority_keys(rules, inputs(class_index=[rules.class_index(c) for c in classes]))

    assert best_first(keys) == [2, 1, 0]


def test_choice_rank_tie_break_prefers_the_applicant_who_ranked_the_offering_higher() -> None:
    rules = PriorityRules(tie_breaks=(TieBreak.CHOICE_RANK, TieBreak.LOTTERY))

    keys = priority_keys(rules, inputs(rank=[3, 1, 2], lottery=[1, 2, 3]))

    assert best_first(keys) == [1, 2, 0]


def test_grade_value_tie_break_prefers_the_higher_grade_value() -> None:
    rules = PriorityRules(tie_breaks=(TieBreak.GRADE_VALUE, TieBreak.LOTTERY))

    keys = priority_keys(rules, inputs(grade_value=[18_000, 22_000, 20_000], lottery=[1, 2, 3]))

    assert best_first(keys) == [1, 2, 0]


def test_grade_count_tie_break_prefers_more_grades() -> None:
    rules = PriorityRules(tie_breaks=(TieBreak.GRADE_COUNT, TieBreak.LOTTERY))

    keys = priority_keys(rules, inputs(grade_count=[15, 17, 16], lottery=[1, 2, 3]))

    assert best_first(keys) == [1, 2, 0]


def test_tie_breaks_not_in_the_chain_are_ignored() -> None:
    keys = priority_keys(
        PriorityRules(),
        inputs(rank=[1, 2], grade_value=[30_000, 10_000], grade_count=[17, 3], lottery=[2, 1]),
    )

    assert best_first(keys) == [1, 0]


def test_the_tie_break_chain_is_applied_in_its_configured_order() -> None:
    # Row 0 ranked the offering higher; row 1 has the higher grade value.
    data = inputs(rank=[1, 2], grade_value=[18_000, 22_000], lottery=[1, 2])
    rank_first = PriorityRules(
        tie_breaks=(TieBreak.CHOICE_RANK, TieBreak.GRADE_VALUE, TieBreak.LOTTERY)
    )
    grade_first = PriorityRules(
        tie_breaks=(TieBreak.GRADE_VALUE, TieBreak.CHOICE_RANK, TieBreak.LOTTERY)
    )

    assert best_first(priority_keys(rank_first, data)) == [0, 1]
    assert best_first(priority_keys(grade_first, data)) == [1, 0]


def test_the_lottery_decides_only_when_every_earlier_tie_break_ties() -> None:
    rules = PriorityRules(tie_breaks=(TieBreak.CHOICE_RANK, TieBreak.LOTTERY))

    keys = priority_keys(rules, inputs(rank=[1, 1, 2], lottery=[2, 3, 1]))

    assert best_first(keys) == [0, 1, 2]


TIE_BREAK_CHAINS = st.lists(
    st.sampled_from([TieBreak.CHOICE_RANK, TieBreak.GRADE_VALUE, TieBreak.GRADE_COUNT]),
    unique=True,
).map(lambda chain: (*chain, TieBreak.LOTTERY))


@settings(max_examples=150, deadline=None)
@given(
    chain=TIE_BREAK_CHAINS,
    class_order=st.permutations(list(PriorityClass)),
    rows=st.lists(
        st.tuples(
            st.sampled_from(list(PriorityClass)),
            st.integers(0, 40_000),
            st.integers(1, 8),
            st.integers(0, 34_000),
            st.integers(0, 20),
        ),
        min_size=1,
        max_size=20,
    ),
    data=st.data(),
)
def test_priority_keys_order_rows_by_class_score_and_the_chain_and_never_tie(
    chain: tuple[TieBreak, ...],
    class_order: list[PriorityClass],
    rows: list[tuple[PriorityClass, int, int, int, int]],
    data: st.DataObject,
) -> None:
    rules = PriorityRules(class_order=tuple(class_order), tie_breaks=chain)
    lottery = data.draw(st.permutations(range(1, len(rows) + 1)), label="lottery")
    classes = [rules.class_index(row[0]) for row in rows]

    keys = priority_keys(
        rules,
        inputs(
            class_index=classes,
            score=[row[1] for row in rows],
            rank=[row[2] for row in rows],
            grade_value=[row[3] for row in rows],
            grade_count=[row[4] for row in rows],
            lottery=lottery,
        ),
    )

    def expected(i: int) -> tuple[int, ...]:
        _, score, rank, grade_value, grade_count = rows[i]
        tie_break_value = {
            TieBreak.CHOICE_RANK: -rank,
            TieBreak.GRADE_VALUE: grade_value,
            TieBreak.GRADE_COUNT: grade_count,
            TieBreak.LOTTERY: -lottery[i],
        }
        return (-classes[i], score, *(tie_break_value[t] for t in chain))

    assert len(set(keys.tolist())) == len(rows)
    assert_same_order(keys, [expected(i) for i in range(len(rows))])


# --- draw_lottery -----------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(count=st.integers(0, 300), seed=st.integers(0, 2**64 - 1))
def test_a_lottery_without_taken_numbers_is_a_permutation_of_one_to_n(
    count: int, seed: int
) -> None:
    numbers = draw_lottery(count, seed)

    assert numbers.dtype == np.int64
    assert sorted(numbers.tolist()) == list(range(1, count + 1))


@settings(max_examples=150, deadline=None)
@given(
    count=st.integers(0, 100),
    seed=st.integers(0, 2**32),
    taken=st.lists(st.integers(1, 150), max_size=60),
)
def test_drawn_lottery_numbers_are_distinct_positive_and_avoid_the_taken_ones(
    count: int, seed: int, taken: list[int]
) -> None:
    numbers = draw_lottery(count, seed, taken=np.array(taken, dtype=np.int64)).tolist()

    assert len(numbers) == count
    assert len(set(numbers)) == count
    assert all(number >= 1 for number in numbers)
    assert not set(numbers) & set(taken)


def test_a_lottery_keeps_taken_numbers_out_and_fills_the_gaps_first() -> None:
    numbers = draw_lottery(3, seed=7, taken=np.array([2, 4, 4], dtype=np.int64))

    assert sorted(numbers.tolist()) == [1, 3, 5]


def test_the_same_seed_gives_the_same_lottery_and_another_seed_another() -> None:
    first = draw_lottery(50, seed=2026)

    assert np.array_equal(first, draw_lottery(50, seed=2026))
    assert not np.array_equal(first, draw_lottery(50, seed=2027))


def test_an_empty_lottery_draws_no_numbers() -> None:
    assert draw_lottery(0, seed=1).tolist() == []
    assert draw_lottery(0, seed=1, taken=np.array([1, 2], dtype=np.int64)).tolist() == []
