"""The engine agrees with an independent implementation: the ``matching`` package's
resident-optimal solution of the hospital–resident problem (Roth 1984).

Translation: applicants are residents who rank only the offerings they could be admitted to
(ADMISSIBLE choices); an offering is a hospital ranking exactly the applicants who rank it
admissibly, highest key first. The package cannot handle a hospital with no places or a
resident with an empty list (it warns and then fails), so offerings without places are left
out of everyone's lists (nobody can be placed there anyway) and so are residents left with
nothing to rank (they stay unplaced).
"""

from __future__ import annotations

import warnings

from hypothesis import given, settings
from matching.games import HospitalResident
from problem_builders import build_problem, is_admissible, matching_problems, placements, rows_of

from samverka.admission.domain.deferred_acceptance import solve
from samverka.admission.domain.matching_problem import ChoiceStatus, MatchingProblem


def resident_optimal_placements(problem: MatchingProblem) -> list[int | None]:
    """Each applicant's offering in the ``matching`` package's resident-optimal matching."""
    capacity = problem.capacity.tolist()
    offering_of_row = problem.choice_offering.tolist()
    key = problem.priority_key.tolist()

    resident_prefs: dict[int, list[int]] = {}
    rankers: dict[int, list[tuple[int, int]]] = {}  # offering -> (key, applicant)
    for applicant in range(problem.applicant_count):
        ranked = [
            row
            for row in rows_of(problem, applicant)
            if is_admissible(problem, row) and capacity[offering_of_row[row]] > 0
        ]
        if ranked:
            resident_prefs[applicant] = [offering_of_row[row] for row in ranked]
        for row in ranked:
            rankers.setdefault(offering_of_row[row], []).append((key[row], applicant))
    hospital_prefs = {
        offering: [applicant for _, applicant in sorted(pairs, reverse=True)]
        for offering, pairs in rankers.items()
    }
    capacities = {offering: capacity[offering] for offering in hospital_prefs}

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any input the package would "clean" is a bug here
        game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
        game.solve(optimal="resident")
    assert game.check_validity()
    assert game.check_stability()

    result: list[int | None] = [None] * problem.applicant_count
    for resident in game.residents:
        if resident.matching is not None:
            result[resident.name] = resident.matching.name
    return result


def test_the_translation_reproduces_the_classic_instance() -> None:
    problem = build_problem(
        capacities=[1, 1, 1],
        choices={0: [0, 1, 2], 1: [1, 0, 2], 2: [0, 1, 2]},
        priority={0: [1, 2, 0], 1: [0, 2, 1], 2: [0, 1, 2]},
    )

    assert resident_optimal_placements(problem) == [1, 0, 2]


def test_the_translation_leaves_out_inadmissible_choices_and_offerings_without_places() -> None:
    problem = build_problem(
        capacities=[0, 1, 1, 1],
        choices={0: [0, 1, 2], 1: [1, 3], 2: [0], 3: [3]},
        priority=[1, 0, 2, 3],
        status={(0, 1): ChoiceStatus.NOT_ELIGIBLE},
        closed=[3],
    )

    assert resident_optimal_placements(problem) == [2, 1, None, None]
    assert placements(problem, solve(problem)) == [2, 1, None, None]


@settings(max_examples=120, deadline=None)
@given(
    matching_problems(max_applicants=30, max_offerings=8, max_capacity=4, priorities="per_offering")
)
def test_the_engine_equals_the_resident_optimal_matching_with_offering_specific_priorities(
    problem: MatchingProblem,
) -> None:
    assert placements(problem, solve(problem)) == resident_optimal_placements(problem)


@settings(max_examples=60, deadline=None)
@given(matching_problems(max_applicants=30, max_offerings=8, max_capacity=4, priorities="common"))
def test_the_engine_equals_the_resident_optimal_matching_with_one_shared_priority_order(
    problem: MatchingProblem,
) -> None:
    assert placements(problem, solve(problem)) == resident_optimal_placements(problem)


@settings(max_examples=60, deadline=None)
@given(
    matching_problems(
        min_applicants=15, max_applicants=30, max_offerings=8, max_capacity=2, inadmissible=False
    )
)
def test_the_engine_equals_the_resident_optimal_matching_when_places_are_scarce(
    problem: MatchingProblem,
) -> None:
    assert placements(problem, solve(problem)) == resident_optimal_placements(problem)
