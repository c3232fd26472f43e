"""Fri kvot as a capped quota in the engine: hand-made cases, then properties.

Source: gymnasieförordningen (2010:2039) 7 kap. 3 § ("ett begränsat antal platser" for
applicants who should have precedence or whose grades cannot be compared; the organiser
decides how many) and 7 kap. 4 § ("Övriga platser ska fördelas mellan de sökande med betygen
som grund"); the rules audit (rules-audit-2026-12.md §2: fri kvot had no cap). Design:
Kominers & Sönmez (2016), Dur, Kominers, Pathak & Sönmez (2018); see ``quota_expansion``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from problem_builders import build_problem, placements, row_of
from quota_builders import quota_problems, reference_placements, with_quotas

from samverka.admission.domain.certificate import find_violations
from samverka.admission.domain.deferred_acceptance import Matching, solve
from samverka.admission.domain.explain import explain_applicant, explain_rows, reserve_positions
from samverka.admission.domain.matching_problem import MatchingProblem
from samverka.admission.domain.outcome import admitted_under_quota, compute_outcome
from samverka.admission.domain.quota_expansion import decode, expand
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.reserve_round import certify_no_demotion, reserve_round_problem

PROPERTY = settings(max_examples=300, deadline=None)

# Offering 0 has 3 places, 1 of them fri kvot. Applicants 0–2 have merit above 3–4; 3 and 4
# were granted fri kvot. The ordinary order is 0, 1, 2, 3, 4.
ORDINARY_FIRST = [0, 1, 2, 3, 4]


def _three_places_one_fri_kvot(**settings_: bool) -> MatchingProblem:
    problem = build_problem(capacities=[3], choices=[[0]] * 5, priority=ORDINARY_FIRST)
    return with_quotas(problem, [1], {0: [3, 4]}, **settings_)


def _under_quota(problem: MatchingProblem, matching: Matching) -> list[int]:
    return np.flatnonzero(admitted_under_quota(problem, matching)).tolist()


def test_fri_kvot_places_cap_how_many_are_admitted_under_fri_kvot() -> None:
    """GyF 7 kap. 3 §: only the organiser's number of places go under fri kvot; the other
    fri-kvot applicant competes on merit and loses to the better ordinary applicants."""
    problem = _three_places_one_fri_kvot()

    matching = solve(problem)

    assert placements(problem, matching) == [0, 0, None, 0, None]
    assert _under_quota(problem, matching) == [3]
    assert find_violations(problem, matching) == []


def test_the_audits_case_two_fri_kvot_applicants_no_longer_take_every_place() -> None:
    """rules-audit-2026-12.md §2: "2 fri-kvot applicants with merit 120 take both EK places
    from a 340-merit applicant". With one fri-kvot place of two, the 340 gets the other."""
    problem = build_problem(capacities=[2], choices=[[0]] * 3, priority=[0, 1, 2])
    problem = with_quotas(problem, [1], {0: [1, 2]})

    matching = solve(problem)

    assert placements(problem, matching) == [0, 0, None]
    assert _under_quota(problem, matching) == [1]


def test_unused_fri_kvot_places_go_to_selection_on_merit() -> None:
    """GyF 7 kap. 4 §: the places fri kvot does not use are "övriga platser", given on merit."""
    problem = build_problem(capacities=[3], choices=[[0]] * 4, priority=[0, 1, 2, 3])
    problem = with_quotas(problem, [2], {0: [3]})

    matching = solve(problem)

    assert placements(problem, matching) == [0, 0, None, 0]
    assert _under_quota(problem, matching) == [3]
    assert find_violations(problem, matching) == []


def test_the_setting_that_keeps_unused_fri_kvot_places_leaves_them_empty() -> None:
    """The alternative setting (``UnusedQuotaPlaces.KEEP``): only fri-kvot applicants may hold
    fri-kvot places, so an unused one stays empty."""
    problem = build_problem(capacities=[3], choices=[[0]] * 4, priority=[0, 1, 2, 3])
    problem = with_quotas(problem, [2], {0: [3]}, reverts=False)

    matching = solve(problem)

    assert placements(problem, matching) == [0, None, None, 0]
    assert find_violations(problem, matching) == []


def test_with_the_quota_first_a_fri_kvot_applicant_with_top_merit_uses_a_fri_kvot_place() -> None:
    """The default: the organiser's grant gives precedence ("företräde", GyF 7 kap. 3 §), so
    the best fri-kvot applicant takes the fri-kvot place although merit would have won."""
    problem = build_problem(capacities=[2], choices=[[0]] * 3, priority=[0, 1, 2])
    problem = with_quotas(problem, [1], {0: [0, 2]})

    matching = solve(problem)

    assert placements(problem, matching) == [0, 0, None]
    assert _under_quota(problem, matching) == [0]


def test_with_merit_first_the_fri_kvot_place_goes_to_whom_merit_does_not_reach() -> None:
    """The alternative setting (``QuotaOrder.MERIT_FIRST``): merit first, so the fri-kvot
    applicant with top merit is admitted on merit and the fri-kvot place goes to the other."""
    problem = build_problem(capacities=[2], choices=[[0]] * 3, priority=[0, 1, 2])
    problem = with_quotas(problem, [1], {0: [0, 2]}, quota_first=False)

    matching = solve(problem)

    assert placements(problem, matching) == [0, None, 0]
    assert _under_quota(problem, matching) == [2]
    assert find_violations(problem, matching) == []


def test_a_fri_kvot_applicant_turned_away_tries_the_next_choice() -> None:
    """Fri kvot is per choice: beyond the cap the applicant competes on merit, and if merit
    does not reach, goes on to the next choice as anyone does."""
    problem = build_problem(capacities=[2, 1], choices=[[0], [0], [0, 1]], priority=[0, 1, 2])
    problem = with_quotas(problem, [1, 0], {0: [1, 2]})

    matching = solve(problem)

    assert placements(problem, matching) == [0, 0, 1]


def test_the_cut_off_leaves_out_the_applicants_admitted_under_fri_kvot() -> None:
    """The antagningsgräns is the lowest merit admitted *on merit*; a fri-kvot admission with a
    low merit does not lower it (admissions-rules.md §8.2, §11.2 invariant 10)."""
    problem = _three_places_one_fri_kvot()
    matching = solve(problem)

    outcome = compute_outcome(problem, matching)

    assert int(outcome.cutoff_row[0]) == row_of(problem, 1, 0)


def test_the_expanded_problem_gives_each_fri_kvot_choice_a_quota_row_then_an_ordinary_row() -> None:
    problem = _three_places_one_fri_kvot(reverts=False)

    expansion = expand(problem)

    assert expansion.problem.capacity.tolist() == [2, 1]
    assert expansion.problem.choice_offering.tolist() == [0, 0, 0, 1, 0, 1, 0]
    assert expansion.quota_row.tolist() == [False, False, False, True, False, True, False]
    assert expansion.origin.tolist() == [0, 1, 2, 3, 3, 4, 4]


# --- properties -------------------------------------------------------------------------------


@PROPERTY
@given(quota_problems(max_applicants=7, max_offerings=4, max_capacity=3))
def test_deferred_acceptance_with_quotas_terminates_within_two_proposals_per_choice(
    problem: MatchingProblem,
) -> None:
    """Termination (``quota_expansion``): each expanded row is proposed on at most once."""
    matching = solve(problem)

    assert matching.proposals <= 2 * problem.choice_count


@PROPERTY
@given(quota_problems(max_applicants=7, max_offerings=4, max_capacity=3))
def test_deferred_acceptance_with_quotas_is_certified_stable_and_within_the_cap(
    problem: MatchingProblem,
) -> None:
    """GyF 7 kap. 3–4 §§: the cap is never exceeded, no justified envy within the quota or
    outside it, no wasted place — by the independent certificate."""
    matching = solve(problem)

    assert find_violations(problem, matching) == []
    assert problem.quotas is not None
    under = admitted_under_quota(problem, matching)
    held = matching.placed_row[under]
    admitted_under = np.bincount(problem.choice_offering[held], minlength=problem.offering_count)
    assert np.all(admitted_under <= problem.quotas.places)


@PROPERTY
@given(quota_problems(max_applicants=7, max_offerings=4, max_capacity=3))
def test_deferred_acceptance_with_quotas_equals_an_independent_round_based_implementation(
    problem: MatchingProblem,
) -> None:
    """Both are applicant-proposing deferred acceptance over the offerings' kinds of places,
    so both give the one applicant-optimal stable matching, place kinds included."""
    matching = solve(problem)

    expected = reference_placements(problem)
    got = [
        None if row < 0 else (row, bool(quota))
        for row, quota in zip(
            matching.placed_row.tolist(), matching.on_quota_seat().tolist(), strict=True
        )
    ]
    assert got == expected


@PROPERTY
@given(quota_problems(max_applicants=6, max_offerings=3, max_capacity=2))
def test_without_fri_kvot_grants_or_places_the_result_is_plain_deferred_acceptance(
    problem: MatchingProblem,
) -> None:
    """A quota nobody is granted, with unused places reverting, changes no one's offering."""
    assert problem.quotas is not None
    plain = MatchingProblem(
        capacity=problem.capacity,
        choice_start=problem.choice_start,
        choice_offering=problem.choice_offering,
        choice_status=problem.choice_status,
        priority_key=problem.priority_key,
        score_centi=problem.score_centi,
    )
    nobody = with_quotas(plain, problem.quotas.places.tolist(), {})

    assert placements(nobody, solve(nobody)) == placements(plain, solve(plain))


@PROPERTY
@given(
    problem=quota_problems(max_applicants=7, max_offerings=4, max_capacity=3),
    data=st.data(),
)
def test_a_reserve_round_with_fri_kvot_moves_nobody_down_even_when_places_change(
    problem: MatchingProblem, data: st.DataObject
) -> None:
    """admissions-rules.md §11.2 invariant 8 with fri kvot: after the final round, replies
    and new places (fewer places, more or fewer fri-kvot places), the reserve round is
    certified and nobody who keeps their place is moved down or out."""
    final = solve(problem)
    replies = data.draw(
        st.lists(
            st.sampled_from(list(ReplyKind)),
            min_size=problem.applicant_count,
            max_size=problem.applicant_count,
        ),
        label="replies",
    )
    assert problem.quotas is not None
    capacity = [data.draw(st.integers(0, int(c)), label="places") for c in problem.capacity]
    places = [data.draw(st.integers(0, c), label="fri-kvot places") for c in capacity]
    changed = MatchingProblem(
        capacity=np.array(capacity, dtype=np.int64),
        choice_start=problem.choice_start,
        choice_offering=problem.choice_offering,
        choice_status=problem.choice_status,
        priority_key=problem.priority_key,
        score_centi=problem.score_centi,
        quotas=replace(problem.quotas, places=np.array(places, dtype=np.int64)),
    )

    transformed = reserve_round_problem(changed, final.placed_row, replies)
    transformed.problem.validate()
    result = solve(transformed.problem)

    assert find_violations(transformed.problem, result) == []
    certify_no_demotion(changed, final.placed_row, replies, result.placed_row)


@PROPERTY
@given(quota_problems(max_applicants=7, max_offerings=4, max_capacity=3))
def test_the_engine_equals_plain_deferred_acceptance_on_the_built_expansion(
    problem: MatchingProblem,
) -> None:
    """The engine proposes to a row's two parts in turn without building the expanded problem;
    ``quota_expansion.expand`` builds it, plain deferred acceptance solves it, and the two
    results agree row for row, place kind for place kind."""
    expansion = expand(problem)
    plain = solve(expansion.problem)
    placed, on_quota = decode(expansion, plain.placed_row)

    matching = solve(problem)

    assert matching.placed_row.tolist() == placed.tolist()
    assert matching.on_quota_seat().tolist() == on_quota.tolist()
    assert matching.proposals == plain.proposals


@PROPERTY
@given(quota_problems(max_applicants=6, max_offerings=3, max_capacity=3))
def test_every_row_explained_at_once_agrees_with_each_applicants_explanation(
    problem: MatchingProblem,
) -> None:
    """The stored explanations (``explain_rows``) and the explanation of one applicant give
    the same outcome, fri-kvot note and figures for every choice."""
    matching = solve(problem)
    outcome = compute_outcome(problem, matching)
    positions = reserve_positions(problem, outcome)
    rows = explain_rows(problem, matching, outcome, positions)

    for applicant in range(problem.applicant_count):
        one = explain_applicant(problem, matching, outcome, applicant, positions)
        start = int(problem.choice_start[applicant])
        assert [rows.explanation(start + i) for i in range(len(one))] == one
