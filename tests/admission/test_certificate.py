"""The certificate: it reports every violation of a hand-broken matching, and nothing else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from problem_builders import build_problem, matching_from_rows, matching_of, matching_problems

from samverka.admission.domain.certificate import (
    Violation,
    ViolationKind,
    certify,
    find_violations,
)
from samverka.admission.domain.deferred_acceptance import solve
from samverka.admission.domain.matching_problem import ChoiceStatus, MatchingProblem
from samverka.errors import InvariantViolated, SamverkaError


def kinds_and_places(violations: list[Violation]) -> list[tuple[ViolationKind, int, int]]:
    """(kind, applicant, offering) of each violation, sorted (kinds alphabetically)."""
    return sorted((v.kind, v.applicant, v.offering) for v in violations)


def test_a_correct_matching_has_no_violations() -> None:
    problem = build_problem(capacities=[1, 1], choices={0: [0, 1], 1: [0, 1]})

    assert find_violations(problem, matching_of(problem, {0: 0, 1: 1})) == []
    certify(problem, matching_of(problem, {0: 0, 1: 1}))


def test_more_placements_than_places_is_over_capacity() -> None:
    problem = build_problem(capacities=[1], choices={0: [0], 1: [0]})

    violations = find_violations(problem, matching_of(problem, {0: 0, 1: 0}))

    assert kinds_and_places(violations) == [(ViolationKind.OVER_CAPACITY, -1, 0)]
    assert "2 admitted to 1 places" in violations[0].detail


def test_every_offering_over_capacity_is_reported() -> None:
    problem = build_problem(
        capacities=[1, 0, 2],
        choices={0: [0], 1: [0], 2: [1], 3: [2], 4: [2]},
    )

    violations = find_violations(problem, matching_of(problem, {0: 0, 1: 0, 2: 1, 3: 2, 4: 2}))

    assert kinds_and_places(violations) == [
        (ViolationKind.OVER_CAPACITY, -1, 0),
        (ViolationKind.OVER_CAPACITY, -1, 1),
    ]


@pytest.mark.parametrize(
    "status",
    [ChoiceStatus.NOT_ELIGIBLE, ChoiceStatus.BELOW_TEST_MINIMUM, ChoiceStatus.OFFERING_CLOSED],
)
def test_a_placement_on_an_inadmissible_choice_is_reported_with_its_reason(
    status: ChoiceStatus,
) -> None:
    problem = build_problem(capacities=[1], choices={0: [0]}, status={(0, 0): status})

    violations = find_violations(problem, matching_of(problem, {0: 0}))

    assert kinds_and_places(violations) == [(ViolationKind.NOT_ADMISSIBLE, 0, 0)]
    assert status.name.lower() in violations[0].detail


def test_every_inadmissible_placement_is_reported() -> None:
    problem = build_problem(
        capacities=[3, 3],
        choices={0: [0], 1: [1, 0], 2: [0]},
        status={(0, 0): ChoiceStatus.NOT_ELIGIBLE, (1, 1): ChoiceStatus.BELOW_TEST_MINIMUM},
    )

    violations = find_violations(problem, matching_of(problem, {0: 0, 1: 1, 2: 0}))

    assert kinds_and_places(violations) == [
        (ViolationKind.NOT_ADMISSIBLE, 0, 0),
        (ViolationKind.NOT_ADMISSIBLE, 1, 1),
    ]


def test_a_placement_on_another_applicants_row_is_not_a_choice() -> None:
    problem = build_problem(capacities=[2, 2], choices={0: [0], 1: [1]})
    # Applicant 0 is placed on row 1, which is applicant 1's choice of offering 1.
    violations = find_violations(problem, matching_from_rows([1, 1]))

    assert kinds_and_places(violations) == [(ViolationKind.NOT_A_CHOICE, 0, -1)]


def test_a_placement_on_a_row_past_the_last_choice_is_not_a_choice() -> None:
    problem = build_problem(capacities=[2], choices={0: [0], 1: [0]})

    violations = find_violations(problem, matching_from_rows([0, 7]))

    assert kinds_and_places(violations) == [(ViolationKind.NOT_A_CHOICE, 1, -1)]


def test_every_misplaced_applicant_is_reported_both_outside_and_inadmissible() -> None:
    problem = build_problem(
        capacities=[1, 1, 1],
        choices={0: [0], 1: [1], 2: [2], 3: [0, 1]},
        status={(3, 1): ChoiceStatus.NOT_ELIGIBLE},
    )
    # rows: 0 -> (0, o0), 1 -> (1, o1), 2 -> (2, o2), 3 -> (3, o0), 4 -> (3, o1)
    violations = find_violations(problem, matching_from_rows([2, 0, 2, 4]))

    assert kinds_and_places(violations) == [
        (ViolationKind.NOT_A_CHOICE, 0, -1),
        (ViolationKind.NOT_A_CHOICE, 1, -1),
        (ViolationKind.NOT_ADMISSIBLE, 3, 1),
    ]


def test_a_matching_of_the_wrong_length_is_reported_as_not_a_choice() -> None:
    problem = build_problem(capacities=[2], choices={0: [0], 1: [0]})

    violations = find_violations(problem, matching_from_rows([0]))

    assert kinds_and_places(violations) == [(ViolationKind.NOT_A_CHOICE, -1, -1)]
    assert "1 placements for 2 applicants" in violations[0].detail


def test_an_unplaced_applicant_next_to_an_empty_place_is_wasteful() -> None:
    problem = build_problem(capacities=[1], choices={0: [0]})

    violations = find_violations(problem, matching_of(problem, {}))

    assert kinds_and_places(violations) == [(ViolationKind.WASTEFUL, 0, 0)]


def test_a_place_left_empty_on_a_higher_choice_is_wasteful() -> None:
    problem = build_problem(capacities=[1, 1, 1], choices={0: [0, 1, 2]})

    violations = find_violations(problem, matching_of(problem, {0: 2}))

    assert kinds_and_places(violations) == [
        (ViolationKind.WASTEFUL, 0, 0),
        (ViolationKind.WASTEFUL, 0, 1),
    ]


def test_an_empty_place_on_a_lower_or_inadmissible_choice_is_not_wasteful() -> None:
    problem = build_problem(
        capacities=[1, 1, 1, 0],
        choices={0: [3, 0, 1, 2]},
        status={(0, 0): ChoiceStatus.NOT_ELIGIBLE},
    )
    # Offering 0 has a place but the applicant may not go there; offering 3 has no places;
    # offering 2 is ranked below the placement.
    assert find_violations(problem, matching_of(problem, {0: 1})) == []


def test_a_higher_priority_applicant_on_a_lower_choice_has_justified_envy() -> None:
    problem = build_problem(
        capacities=[1, 1],
        choices={0: [0, 1], 1: [0, 1]},
        priority=[0, 1],
    )

    violations = find_violations(problem, matching_of(problem, {0: 1, 1: 0}))

    assert kinds_and_places(violations) == [(ViolationKind.JUSTIFIED_ENVY, 0, 0)]


def test_envy_of_a_higher_priority_applicant_is_not_justified() -> None:
    problem = build_problem(
        capacities=[1, 1],
        choices={0: [0, 1], 1: [0, 1]},
        priority=[1, 0],
    )

    assert find_violations(problem, matching_of(problem, {0: 1, 1: 0})) == []


def test_every_applicant_with_justified_envy_is_reported_for_every_offering() -> None:
    # Applicants 0 and 1 have top priority everywhere but sit on their last choices; the two
    # low-priority applicants hold the places 0 and 1 want.
    problem = build_problem(
        capacities=[1, 1, 1, 1],
        choices={0: [0, 1, 2], 1: [0, 1, 3], 2: [0], 3: [1]},
        priority=[0, 1, 2, 3],
    )

    violations = find_violations(problem, matching_of(problem, {0: 2, 1: 3, 2: 0, 3: 1}))

    assert kinds_and_places(violations) == [
        (ViolationKind.JUSTIFIED_ENVY, 0, 0),
        (ViolationKind.JUSTIFIED_ENVY, 0, 1),
        (ViolationKind.JUSTIFIED_ENVY, 1, 0),
        (ViolationKind.JUSTIFIED_ENVY, 1, 1),
    ]


def test_over_capacity_waste_and_envy_are_all_reported_together() -> None:
    problem = build_problem(
        capacities=[1, 1, 1],
        choices={0: [0], 1: [0], 2: [2, 1], 3: [1], 4: [1]},
        priority=[0, 1, 2, 3, 4],
    )
    # Offering 0 over capacity; applicant 2 unplaced while offering 2 is empty (waste) and
    # offering 1 holds lower-priority applicant 3 (envy); 4 unplaced behind 3 is fine.
    violations = find_violations(problem, matching_of(problem, {0: 0, 1: 0, 3: 1}))

    assert kinds_and_places(violations) == [
        (ViolationKind.JUSTIFIED_ENVY, 2, 1),
        (ViolationKind.OVER_CAPACITY, -1, 0),
        (ViolationKind.WASTEFUL, 2, 2),
    ]


def test_an_inadmissible_placement_does_not_hide_the_other_violations() -> None:
    problem = build_problem(
        capacities=[1, 1],
        choices={0: [0], 1: [1], 2: [1]},
        status={(0, 0): ChoiceStatus.NOT_ELIGIBLE},
    )

    violations = find_violations(problem, matching_of(problem, {0: 0, 1: 1, 2: 1}))

    assert kinds_and_places(violations) == [
        (ViolationKind.NOT_ADMISSIBLE, 0, 0),
        (ViolationKind.OVER_CAPACITY, -1, 1),
    ]


def test_certify_raises_invariant_violated_listing_every_violation() -> None:
    problem = build_problem(
        capacities=[1, 1],
        choices={0: [0], 1: [0], 2: [1]},
    )
    matching = matching_of(problem, {0: 0, 1: 0})

    with pytest.raises(InvariantViolated) as raised:
        certify(problem, matching)

    violations = find_violations(problem, matching)
    assert isinstance(raised.value, SamverkaError)
    assert list(raised.value.violations) == violations
    assert kinds_and_places(violations) == [
        (ViolationKind.OVER_CAPACITY, -1, 0),
        (ViolationKind.WASTEFUL, 2, 1),
    ]
    assert "2 fel" in str(raised.value)
    assert "over_capacity: applicant #-1, offering #0" in str(raised.value)


def test_certify_accepts_a_correct_matching_silently() -> None:
    problem = build_problem(capacities=[1], choices={0: [0], 1: [0]}, priority=[1, 0])

    certify(problem, matching_of(problem, {1: 0}))  # raises nothing


@settings(max_examples=100, deadline=None)
@given(matching_problems())
def test_certify_accepts_every_engine_result(problem: MatchingProblem) -> None:
    certify(problem, solve(problem))


@settings(max_examples=100, deadline=None)
@given(matching_problems(priorities="per_offering", inadmissible=False))
def test_unplacing_someone_who_could_have_stayed_is_always_caught(
    problem: MatchingProblem,
) -> None:
    matching = solve(problem)
    placed = [a for a, row in enumerate(matching.placed_row.tolist()) if row >= 0]
    for applicant in placed:
        broken = matching.placed_row.copy()
        broken[applicant] = -1
        # The emptied place is admissible for the applicant, so leaving them out is waste.
        violations = find_violations(problem, matching_from_rows(broken.tolist()))
        assert (ViolationKind.WASTEFUL, applicant) in {(v.kind, v.applicant) for v in violations}
