"""Deferred acceptance: hand-made examples, then properties on random problems."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Literal

import numpy as np
import pytest
from hypothesis import given, settings, target
from hypothesis import strategies as st
from problem_builders import (
    build_problem,
    common_order,
    contested_problems,
    is_admissible,
    matching_from_rows,
    matching_problems,
    placement_rank,
    placements,
    rows_of,
    with_choices_withdrawn,
    without_applicant,
)

from samverka.admission.domain.certificate import find_violations
from samverka.admission.domain.deferred_acceptance import Matching, solve
from samverka.admission.domain.lottery import draw_lottery
from samverka.admission.domain.matching_problem import ChoiceStatus, MatchingProblem
from samverka.admission.domain.outcome import compute_outcome

PROPERTY = settings(max_examples=150, deadline=None)
TINY = settings(max_examples=80, deadline=None)


# --- hand-made examples -----------------------------------------------------------------------


def test_classic_three_applicant_instance_gives_the_applicant_optimal_matching() -> None:
    # Everyone's first choice is contested; the offerings' priorities run against the
    # applicants' preferences, so the stable matchings differ and DA must pick the one best for
    # the applicants: 0 gets offering 1, 1 gets offering 0, 2 ends on its third choice.
    problem = build_problem(
        capacities=[1, 1, 1],
        choices={0: [0, 1, 2], 1: [1, 0, 2], 2: [0, 1, 2]},
        priority={0: [1, 2, 0], 1: [0, 2, 1], 2: [0, 1, 2]},
    )

    matching = solve(problem)

    assert placements(problem, matching) == [1, 0, 2]
    assert find_violations(problem, matching) == []


def test_classic_marriage_instance_where_proposers_get_their_first_choices() -> None:
    # Gale & Shapley's two-by-two example with crossed preferences: two stable matchings exist,
    # and the proposing side gets its first choices in the one DA returns.
    problem = build_problem(
        capacities=[1, 1],
        choices={0: [0, 1], 1: [1, 0]},
        priority={0: [1, 0], 1: [0, 1]},
    )

    assert placements(problem, solve(problem)) == [0, 1]


def test_an_offering_admits_its_highest_priority_applicants_up_to_capacity() -> None:
    problem = build_problem(
        capacities=[2, 5],
        choices={0: [0, 1], 1: [0, 1], 2: [0, 1]},
        priority={0: [2, 0, 1]},
    )

    assert placements(problem, solve(problem)) == [0, 1, 0]


def test_a_not_eligible_choice_is_skipped_even_when_it_has_free_places() -> None:
    problem = build_problem(
        capacities=[3, 3],
        choices={0: [0, 1], 1: [0, 1]},
        status={(0, 0): ChoiceStatus.NOT_ELIGIBLE},
    )

    assert placements(problem, solve(problem)) == [1, 0]


def test_a_choice_below_the_test_minimum_is_skipped() -> None:
    problem = build_problem(
        capacities=[1, 1],
        choices={0: [0, 1]},
        status={(0, 0): ChoiceStatus.BELOW_TEST_MINIMUM},
    )

    assert placements(problem, solve(problem)) == [1]


def test_a_skipped_choice_takes_no_place_from_lower_priority_applicants() -> None:
    # Applicant 0 has the top priority at offering 0 but is not eligible there, so the single
    # place goes to applicant 1.
    problem = build_problem(
        capacities=[1, 1],
        choices={0: [0, 1], 1: [0]},
        priority=[0, 1],
        status={(0, 0): ChoiceStatus.NOT_ELIGIBLE},
    )

    assert placements(problem, solve(problem)) == [1, 0]


def test_a_closed_offering_admits_nobody_though_it_has_places() -> None:
    problem = build_problem(
        capacities=[10, 1],
        choices={0: [0, 1], 1: [0, 1]},
        closed=[0],
    )

    assert placements(problem, solve(problem)) == [1, None]


def test_an_offering_with_no_places_admits_nobody() -> None:
    problem = build_problem(capacities=[0, 1], choices={0: [0, 1], 1: [0]})

    assert placements(problem, solve(problem)) == [1, None]


def test_an_applicant_whose_every_choice_is_full_of_higher_priorities_stays_unplaced() -> None:
    problem = build_problem(
        capacities=[1, 1],
        choices={0: [0], 1: [1], 2: [0, 1]},
        priority=[0, 1, 2],
    )

    matching = solve(problem)

    assert placements(problem, matching) == [0, 1, None]
    assert matching.placed_row[2] == -1


def test_an_applicant_without_choices_stays_unplaced() -> None:
    problem = build_problem(capacities=[1], choices={0: [], 1: [0]})

    assert placements(problem, solve(problem)) == [None, 0]


def test_an_applicant_with_only_inadmissible_choices_stays_unplaced() -> None:
    problem = build_problem(
        capacities=[1, 1],
        choices={0: [0, 1]},
        status={(0, 0): ChoiceStatus.NOT_ELIGIBLE, (0, 1): ChoiceStatus.BELOW_TEST_MINIMUM},
    )

    matching = solve(problem)

    assert placements(problem, matching) == [None]
    assert matching.proposals == 0


def test_a_rejection_travels_down_a_chain_of_displaced_applicants() -> None:
    # 3 displaces 0 at offering 0, 0 displaces 1 at offering 1, 1 displaces 2 at offering 2,
    # and 2 has nowhere left to go.
    problem = build_problem(
        capacities=[1, 1, 1],
        choices={0: [0, 1, 2], 1: [1, 2], 2: [2], 3: [0]},
        priority={0: [3, 0], 1: [0, 1], 2: [1, 2, 0]},
    )

    matching = solve(problem)

    assert placements(problem, matching) == [1, 2, None, 0]
    assert matching.proposals == 6


def test_priorities_are_compared_only_within_an_offering() -> None:
    # Applicant 1's key at offering 1 is numerically larger than applicant 0's key at offering
    # 0, but keys of different offerings must never be compared.
    problem = MatchingProblem(
        capacity=np.array([1, 1], dtype=np.int64),
        choice_start=np.array([0, 2, 4], dtype=np.int64),
        choice_offering=np.array([0, 1, 1, 0], dtype=np.int64),
        choice_status=np.zeros(4, dtype=np.int8),
        priority_key=np.array([5, 1, 100, 4], dtype=np.int64),
        score_centi=np.zeros(4, dtype=np.int64),
    )
    problem.validate()

    assert placements(problem, solve(problem)) == [0, 1]


def test_a_problem_without_applicants_gives_an_empty_matching() -> None:
    problem = build_problem(capacities=[1, 2], choices={})

    matching = solve(problem)

    assert matching.placed_row.tolist() == []
    assert matching.proposals == 0


def test_the_outcome_lists_admitted_reserves_and_cut_off_of_each_offering() -> None:
    problem = build_problem(
        capacities=[2, 1, 1],
        choices={0: [0, 1], 1: [0], 2: [0, 1], 3: [0, 1, 2]},
        priority=[1, 0, 3, 2],
    )
    matching = solve(problem)
    outcome = compute_outcome(problem, matching)
    applicant_of_row = problem.choice_applicant()

    def applicants(rows: np.ndarray) -> list[int | None]:
        return [None if row < 0 else int(applicant_of_row[row]) for row in rows]

    def per_offering(start: np.ndarray, rows: np.ndarray) -> list[list[int | None]]:
        return [applicants(rows[start[o] : start[o + 1]]) for o in range(problem.offering_count)]

    assert placements(problem, matching) == [0, 0, None, 1]
    assert per_offering(outcome.admitted_start, outcome.admitted_rows) == [[1, 0], [3], []]
    assert per_offering(outcome.reserve_start, outcome.reserve_rows) == [[3, 2], [2], []]
    assert applicants(outcome.cutoff_row) == [0, 3, None]
    assert outcome.admitted_count().tolist() == [2, 1, 0]
    assert outcome.reserve_count().tolist() == [2, 1, 0]


# --- properties -------------------------------------------------------------------------------


@PROPERTY
@given(matching_problems())
def test_the_certificate_finds_no_violation_in_any_result(problem: MatchingProblem) -> None:
    assert find_violations(problem, solve(problem)) == []


@PROPERTY
@given(matching_problems())
def test_every_placement_is_an_admissible_choice_of_the_applicant(problem: MatchingProblem) -> None:
    matching = solve(problem)

    assert matching.placed_row.shape == (problem.applicant_count,)
    for applicant, row in enumerate(matching.placed_row.tolist()):
        if row >= 0:
            assert row in rows_of(problem, applicant)
            assert is_admissible(problem, row)


def _stable_matchings(problem: MatchingProblem) -> Iterator[list[int]]:
    """Every stable matching as placed rows, by brute force over all feasible assignments."""
    options = [
        [-1] + [row for row in rows_of(problem, a) if is_admissible(problem, row)]
        for a in range(problem.applicant_count)
    ]
    capacity = problem.capacity.tolist()
    offering = problem.choice_offering.tolist()
    for assignment in itertools.product(*options):
        admitted = [0] * len(capacity)
        for row in assignment:
            if row >= 0:
                admitted[offering[row]] += 1
        within_capacity = all(n <= cap for n, cap in zip(admitted, capacity, strict=True))
        if within_capacity and _is_stable(problem, list(assignment), admitted):
            yield list(assignment)


def _is_stable(problem: MatchingProblem, placed: list[int], admitted: list[int]) -> bool:
    """No applicant prefers an admissible offering that has a free place or admitted a lower key."""
    key = problem.priority_key.tolist()
    offering = problem.choice_offering.tolist()
    for applicant, own in enumerate(placed):
        for row in rows_of(problem, applicant):
            if own >= 0 and row >= own:
                break
            if not is_admissible(problem, row):
                continue
            o = offering[row]
            if admitted[o] < problem.capacity[o]:
                return False
            if any(r >= 0 and offering[r] == o and key[r] < key[row] for r in placed):
                return False
    return True


def _assert_is_the_best_stable_matching(problem: MatchingProblem) -> None:
    result = solve(problem).placed_row.tolist()
    stable = list(_stable_matchings(problem))
    target(float(len(stable)), label="number of stable matchings")

    assert result in stable
    for other in stable:
        for applicant in range(problem.applicant_count):
            assert placement_rank(problem, result[applicant], applicant) <= placement_rank(
                problem, other[applicant], applicant
            )


@TINY
@given(matching_problems(max_applicants=5, max_offerings=3, max_capacity=2))
def test_the_result_is_the_stable_matching_every_applicant_likes_best(
    problem: MatchingProblem,
) -> None:
    _assert_is_the_best_stable_matching(problem)


@TINY
@given(contested_problems())
def test_among_several_stable_matchings_the_result_is_the_one_every_applicant_likes_best(
    problem: MatchingProblem,
) -> None:
    _assert_is_the_best_stable_matching(problem)


def test_the_brute_force_oracle_finds_both_stable_matchings_of_the_classic_instance() -> None:
    problem = build_problem(
        capacities=[1, 1],
        choices={0: [0, 1], 1: [1, 0]},
        priority={0: [1, 0], 1: [0, 1]},
    )

    stable = [placements(problem, matching_from_rows(rows)) for rows in _stable_matchings(problem)]

    assert sorted(stable) == [[0, 1], [1, 0]]


@PROPERTY
@given(matching_problems())
def test_solving_the_same_problem_twice_gives_identical_placements(
    problem: MatchingProblem,
) -> None:
    first = solve(problem)
    again = solve(problem)
    copied = solve(
        MatchingProblem(
            capacity=problem.capacity.copy(),
            choice_start=problem.choice_start.copy(),
            choice_offering=problem.choice_offering.copy(),
            choice_status=problem.choice_status.copy(),
            priority_key=problem.priority_key.copy(),
            score_centi=problem.score_centi.copy(),
        )
    )

    assert np.array_equal(first.placed_row, again.placed_row)
    assert np.array_equal(first.placed_row, copied.placed_row)
    assert first.proposals == again.proposals == copied.proposals


@PROPERTY
@given(count=st.integers(0, 200), seed=st.integers(0, 2**64 - 1))
def test_the_same_seed_draws_the_same_lottery_numbers(count: int, seed: int) -> None:
    assert np.array_equal(draw_lottery(count, seed), draw_lottery(count, seed))


def _rank_of_everyone(problem: MatchingProblem, matching: Matching) -> list[int]:
    return [
        placement_rank(problem, int(row), applicant)
        for applicant, row in enumerate(matching.placed_row)
    ]


@PROPERTY
@given(matching_problems(), st.data())
def test_removing_an_applicant_never_makes_anyone_else_worse_off(
    problem: MatchingProblem, data: st.DataObject
) -> None:
    leaving = data.draw(st.integers(0, problem.applicant_count - 1), label="leaving")
    smaller = without_applicant(problem, leaving)

    before = _rank_of_everyone(problem, solve(problem))
    after = _rank_of_everyone(smaller, solve(smaller))

    del before[leaving]
    assert all(a <= b for a, b in zip(after, before, strict=True))


@PROPERTY
@given(matching_problems(), st.data())
def test_an_applicant_declining_every_choice_never_makes_anyone_else_worse_off(
    problem: MatchingProblem, data: st.DataObject
) -> None:
    declining = data.draw(st.integers(0, problem.applicant_count - 1), label="declining")
    smaller = with_choices_withdrawn(problem, declining)

    before = _rank_of_everyone(problem, solve(problem))
    after_matching = solve(smaller)
    after = _rank_of_everyone(smaller, after_matching)

    assert after_matching.placed_row[declining] == -1
    others = [a for a in range(problem.applicant_count) if a != declining]
    assert all(after[a] <= before[a] for a in others)


def _serial_dictatorship(problem: MatchingProblem) -> list[int]:
    """Best first, each applicant takes their best admissible choice that still has a place."""
    free = problem.capacity.tolist()
    placed = [-1] * problem.applicant_count
    for applicant in common_order(problem):
        for row in rows_of(problem, applicant):
            offering = int(problem.choice_offering[row])
            if is_admissible(problem, row) and free[offering] > 0:
                free[offering] -= 1
                placed[applicant] = row
                break
    return placed


@PROPERTY
@given(matching_problems(priorities="common"))
def test_with_one_shared_priority_order_the_result_is_serial_dictatorship(
    problem: MatchingProblem,
) -> None:
    assert solve(problem).placed_row.tolist() == _serial_dictatorship(problem)


@PROPERTY
@given(matching_problems(max_applicants=12))
def test_the_outcome_lists_are_consistent_with_the_matching(problem: MatchingProblem) -> None:
    matching = solve(problem)
    outcome = compute_outcome(problem, matching)
    key = problem.priority_key
    applicant_of_row = problem.choice_applicant()
    placed = matching.placed_row

    for o in range(problem.offering_count):
        admitted = outcome.admitted_rows[outcome.admitted_start[o] : outcome.admitted_start[o + 1]]
        reserve = outcome.reserve_rows[outcome.reserve_start[o] : outcome.reserve_start[o + 1]]
        cutoff = int(outcome.cutoff_row[o])

        # Admitted: exactly the placements in o, best priority first.
        placed_here = {int(r) for r in placed if r >= 0 and problem.choice_offering[r] == o}
        assert set(admitted.tolist()) == placed_here
        assert len(admitted) == len(placed_here)
        assert np.all(np.diff(key[admitted]) < 0)

        # Cut-off: the lowest-priority admitted row, or none when nobody was admitted.
        if len(admitted):
            assert cutoff == admitted[-1]
            assert key[cutoff] == key[admitted].min()
        else:
            assert cutoff == -1

        # Reserves: admissible choices of o ranked above the applicant's placement, every one of
        # them, best first, and all below the cut-off (with no cut-off, o has no places).
        expected_reserve = {
            row
            for a in range(problem.applicant_count)
            for row in rows_of(problem, a)
            if problem.choice_offering[row] == o
            and is_admissible(problem, row)
            and (placed[a] < 0 or row < placed[a])
        }
        assert set(reserve.tolist()) == expected_reserve
        assert np.all(np.diff(key[reserve]) < 0)
        for row in reserve.tolist():
            a = applicant_of_row[row]
            assert placed[a] < 0 or row < placed[a]
            if cutoff >= 0:
                assert key[row] < key[cutoff]
            else:
                assert problem.capacity[o] == 0


def test_removing_an_applicant_helper_keeps_everyone_elses_choices() -> None:
    problem = build_problem(capacities=[1, 1], choices={0: [0], 1: [1, 0], 2: [0, 1]})

    smaller = without_applicant(problem, 1)
    declined = with_choices_withdrawn(problem, 1)

    assert smaller.applicant_count == 2
    assert smaller.choice_offering.tolist() == [0, 0, 1]
    assert declined.applicant_count == 3
    assert declined.choice_start.tolist() == [0, 1, 1, 3]


@pytest.mark.parametrize("priorities", ["common", "per_offering"])
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_random_problems_of_both_priority_kinds_are_valid(
    priorities: Literal["common", "per_offering"], data: st.DataObject
) -> None:
    problem = data.draw(matching_problems(priorities=priorities))
    problem.validate()
    if priorities == "common":
        assert sorted(common_order(problem)) == sorted({int(a) for a in problem.choice_applicant()})
