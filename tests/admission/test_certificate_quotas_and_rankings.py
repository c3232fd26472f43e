"""The certificate checks fri kvot and school rankings on its own: hand-broken matchings.

Sources: gymnasieförordningen (2010:2039) 7 kap. 3–4 §§ (fri kvot: a limited number of places,
the others on merit); admissions-rules.md §2.3 and §3.6 (ranked admission: the school's order,
"Ej erbjuden plats" without a rank).
"""

from __future__ import annotations

import numpy as np
from problem_builders import build_problem, row_of
from quota_builders import with_quotas

from samverka.admission.domain.certificate import ViolationKind, find_violations
from samverka.admission.domain.deferred_acceptance import Matching, solve
from samverka.admission.domain.matching_problem import (
    ChoiceStatus,
    MatchingProblem,
    SchoolRanking,
)
from samverka.admission.domain.priorities import ranked_keys


def _matching(problem: MatchingProblem, placed: dict[int, tuple[int, bool]]) -> Matching:
    """applicant → (offering, on a fri-kvot place); others unplaced."""
    rows = np.full(problem.applicant_count, -1, dtype=np.int64)
    quota = np.zeros(problem.applicant_count, dtype=bool)
    for applicant, (offering, on_quota) in placed.items():
        rows[applicant] = row_of(problem, applicant, offering)
        quota[applicant] = on_quota
    return Matching(rows, 0, quota)


def _kinds(problem: MatchingProblem, matching: Matching) -> list[tuple[ViolationKind, int, int]]:
    return sorted((v.kind, v.applicant, v.offering) for v in find_violations(problem, matching))


def _one_offering_three_places_one_fri_kvot(*, reverts: bool = True) -> MatchingProblem:
    # Ordinary order 0, 1, 2, 3, 4; applicants 3 and 4 granted fri kvot.
    problem = build_problem(capacities=[3], choices=[[0]] * 5, priority=[0, 1, 2, 3, 4])
    return with_quotas(problem, [1], {0: [3, 4]}, reverts=reverts)


def test_the_engines_result_with_fri_kvot_is_certified() -> None:
    problem = _one_offering_three_places_one_fri_kvot()

    assert find_violations(problem, solve(problem)) == []


def test_more_fri_kvot_places_held_than_the_organiser_set_is_reported() -> None:
    """GyF 7 kap. 3 §: "ett begränsat antal platser" — the cap is checked on its own."""
    problem = _one_offering_three_places_one_fri_kvot()
    matching = _matching(problem, {0: (0, False), 3: (0, True), 4: (0, True)})

    assert (ViolationKind.QUOTA_EXCEEDED, -1, 0) in _kinds(problem, matching)


def test_a_fri_kvot_applicant_left_out_while_a_lower_one_holds_the_fri_kvot_place_is_envy() -> None:
    """No justified envy within the quota: fri-kvot applicants in their own order."""
    problem = _one_offering_three_places_one_fri_kvot()
    matching = _matching(problem, {0: (0, False), 1: (0, False), 4: (0, True)})

    assert _kinds(problem, matching) == [(ViolationKind.JUSTIFIED_ENVY, 3, 0)]


def test_an_applicant_left_out_while_lower_merit_holds_a_place_on_merit_is_envy() -> None:
    """No justified envy outside the quota (GyF 7 kap. 4 §: övriga platser on merit)."""
    problem = _one_offering_three_places_one_fri_kvot()
    matching = _matching(problem, {0: (0, False), 2: (0, False), 3: (0, True)})

    assert _kinds(problem, matching) == [(ViolationKind.JUSTIFIED_ENVY, 1, 0)]


def test_a_non_fri_kvot_applicant_on_a_fri_kvot_place_a_fri_kvot_applicant_wanted_is_envy() -> None:
    """Within the quota, the organiser's fri-kvot applicants go first."""
    problem = _one_offering_three_places_one_fri_kvot()
    matching = _matching(problem, {0: (0, True), 1: (0, False), 2: (0, False)})

    kinds = _kinds(problem, matching)

    assert (ViolationKind.JUSTIFIED_ENVY, 3, 0) in kinds


def test_a_fri_kvot_place_held_without_fri_kvot_when_places_do_not_revert_is_misuse() -> None:
    """With the setting that keeps unused fri-kvot places, only fri-kvot applicants hold them."""
    problem = _one_offering_three_places_one_fri_kvot(reverts=False)
    matching = _matching(problem, {0: (0, True), 1: (0, False), 2: (0, False)})

    assert (ViolationKind.QUOTA_PLACE_MISUSED, 0, 0) in _kinds(problem, matching)


def test_a_free_fri_kvot_place_a_fri_kvot_applicant_wanted_is_waste() -> None:
    problem = _one_offering_three_places_one_fri_kvot()
    matching = _matching(problem, {0: (0, False), 1: (0, False)})

    assert (ViolationKind.WASTEFUL, 3, 0) in _kinds(problem, matching)


def _ranked_offering(ranks: list[int]) -> MatchingProblem:
    """One offering the school ranks, 2 places, applicants ranked ``ranks`` (0: not ranked)."""
    n = len(ranks)
    base = build_problem(capacities=[2], choices=[[0]] * n)
    rank = np.array(ranks, dtype=np.int64)
    status = np.where(rank > 0, ChoiceStatus.ADMISSIBLE, ChoiceStatus.NOT_OFFERED).astype(np.int8)
    problem = MatchingProblem(
        capacity=base.capacity,
        choice_start=base.choice_start,
        choice_offering=base.choice_offering,
        choice_status=status,
        priority_key=ranked_keys(rank, np.arange(1, n + 1, dtype=np.int64)),
        score_centi=base.score_centi,
        ranking=SchoolRanking(np.array([True]), rank),
    )
    problem.validate()
    return problem


def test_the_school_ranked_applicants_are_admitted_in_the_schools_order() -> None:
    """Ranked admission (admissions-rules.md §3.6): ranks 1..n decide, merit does not."""
    problem = _ranked_offering([3, 1, 0, 2])

    matching = solve(problem)

    assert matching.placed_row.tolist() == [-1, 1, -1, 3]
    assert find_violations(problem, matching) == []


def test_admitting_rank_3_before_rank_2_breaks_the_schools_order() -> None:
    problem = _ranked_offering([3, 1, 0, 2])
    matching = _matching(problem, {0: (0, False), 1: (0, False)})

    assert _kinds(problem, matching) == [(ViolationKind.JUSTIFIED_ENVY, 3, 0)]


def test_an_applicant_the_school_has_not_ranked_is_never_placed() -> None:
    """Ranked admission: "Ej erbjuden plats" — without a rank, no place (status NOT_OFFERED)."""
    problem = _ranked_offering([3, 1, 0, 2])
    matching = _matching(problem, {1: (0, False), 2: (0, False)})

    violations = find_violations(problem, matching)

    assert (ViolationKind.NOT_ADMISSIBLE, 2, 0) in _kinds(problem, matching)
    assert any("not_offered" in v.detail for v in violations)
