"""Reserve rounds: hand-made examples, then properties on random final rounds and replies."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from problem_builders import (
    build_problem,
    matching_problems,
    placements,
    row_of,
    rows_of,
    with_choices_withdrawn,
)

from samverka.admission.domain.admission_run import IndexedProblem, run_admission
from samverka.admission.domain.certificate import find_violations
from samverka.admission.domain.deferred_acceptance import Matching, solve
from samverka.admission.domain.matching_problem import ChoiceStatus, IntArray, MatchingProblem
from samverka.admission.domain.replies import NoReplyRule, ReplyKind, effective_reply
from samverka.admission.domain.reserve_round import (
    ReserveRoundProblem,
    certify_no_demotion,
    demoted,
    moves,
    reserve_round_problem,
)
from samverka.errors import InvariantViolated

PROPERTY = settings(max_examples=200, deadline=None)

ACCEPT = ReplyKind.ACCEPT
WITHOUT_RESERVE = ReplyKind.ACCEPT_WITHOUT_RESERVE
DECLINE = ReplyKind.DECLINE


def reserve_round(
    problem: MatchingProblem, held: Matching | IntArray, replies: Sequence[ReplyKind]
) -> tuple[ReserveRoundProblem, Matching]:
    """Transform, solve, and check the result is certified and demotes nobody."""
    held_row = held.placed_row if isinstance(held, Matching) else held
    transformed = reserve_round_problem(problem, held_row, replies)
    transformed.problem.validate()
    result = solve(transformed.problem)
    assert find_violations(transformed.problem, result) == []
    certify_no_demotion(problem, held_row, replies, result.placed_row)
    return transformed, result


def offering_moves(
    problem: MatchingProblem, before: IntArray, after: Matching
) -> list[tuple[int, int | None, int | None]]:
    """``moves`` as (applicant, from offering, to offering), ``None`` for no place."""

    def offering(row: int) -> int | None:
        return None if row < 0 else int(problem.choice_offering[row])

    return [(a, offering(old), offering(new)) for a, old, new in moves(before, after.placed_row)]


# --- hand-made examples -----------------------------------------------------------------------


def test_a_decline_frees_the_place_for_the_first_reserve() -> None:
    problem = build_problem(capacities=[2], choices=[[0], [0], [0], [0]], priority=[0, 1, 2, 3])
    final = solve(problem)
    assert placements(problem, final) == [0, 0, None, None]

    _, result = reserve_round(problem, final, [DECLINE, ACCEPT, ACCEPT, ACCEPT])

    assert placements(problem, result) == [None, 0, 0, None]
    assert offering_moves(problem, final.placed_row, result) == [(0, 0, None), (2, None, 0)]


def test_a_decline_starts_a_chain_of_moves_up_that_ends_with_a_reserve_admitted() -> None:
    # Each applicant holds their second choice and is first reserve for their first choice.
    problem = build_problem(
        capacities=[1, 1, 1],
        choices=[[0], [0, 1], [1, 2], [2]],
        priority=[0, 1, 2, 3],
    )
    final = solve(problem)
    assert placements(problem, final) == [0, 1, 2, None]

    _, result = reserve_round(problem, final, [DECLINE, ACCEPT, ACCEPT, ACCEPT])

    assert placements(problem, result) == [None, 0, 1, 2]
    assert offering_moves(problem, final.placed_row, result) == [
        (0, 0, None),
        (1, 1, 0),
        (2, 2, 1),
        (3, None, 2),
    ]


def test_a_freed_seat_goes_to_the_best_reserve_by_the_offerings_own_priority() -> None:
    # Offering 0 ranks applicant 3 above 2, although 2 is ahead everywhere else.
    problem = build_problem(
        capacities=[1, 1],
        choices=[[0], [1], [0, 1], [0]],
        priority={0: [0, 3, 2, 1], 1: [1, 2, 0, 3]},
    )
    final = solve(problem)
    assert placements(problem, final) == [0, 1, None, None]

    _, result = reserve_round(problem, final, [DECLINE, ACCEPT, ACCEPT, ACCEPT])

    assert placements(problem, result) == [None, 1, None, 0]


def test_accept_without_reserve_keeps_the_place_but_leaves_the_higher_reserve_list() -> None:
    problem = build_problem(
        capacities=[1, 1, 1],
        choices=[[0], [0, 1], [1, 2], [2], [0]],
        priority=[0, 1, 2, 3, 4],
    )
    final = solve(problem)
    assert placements(problem, final) == [0, 1, 2, None, None]

    transformed, result = reserve_round(
        problem, final, [DECLINE, WITHOUT_RESERVE, ACCEPT, ACCEPT, ACCEPT]
    )

    # Applicant 1 stays on offering 1, so the seat in offering 0 goes to the next reserve, 4.
    assert placements(problem, result) == [None, 1, 2, None, 0]
    assert transformed.withdrawn[row_of(problem, 1, 0)]
    assert not transformed.withdrawn[row_of(problem, 1, 1)]


def test_an_unplaced_applicant_who_declines_to_stay_reserve_leaves_every_list() -> None:
    problem = build_problem(capacities=[1], choices=[[0], [0], [0]], priority=[0, 1, 2])
    final = solve(problem)

    transformed, result = reserve_round(problem, final, [DECLINE, WITHOUT_RESERVE, ACCEPT])

    assert placements(problem, result) == [None, None, 0]
    assert transformed.withdrawn.tolist() == [True, True, False]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (NoReplyRule.ACCEPT_AND_STAY_RESERVE, [0, 1, None]),
        (NoReplyRule.LOSE_PLACE, [None, 1, 0]),
    ],
)
def test_an_applicant_who_does_not_reply_keeps_or_loses_the_place_by_the_regions_rule(
    rule: NoReplyRule, expected: list[int | None]
) -> None:
    problem = build_problem(capacities=[1, 1], choices=[[0], [1], [0]], priority=[0, 1, 2])
    final = solve(problem)
    given_replies = [None, ACCEPT, ACCEPT]

    replies = [effective_reply(reply, rule) for reply in given_replies]
    _, result = reserve_round(problem, final, replies)

    assert placements(problem, result) == expected


def test_with_everyone_accepting_and_nothing_changed_nobody_moves() -> None:
    problem = build_problem(
        capacities=[1, 1, 1], choices=[[0], [0, 1], [1, 2], [2]], priority=[0, 1, 2, 3]
    )
    final = solve(problem)

    _, result = reserve_round(problem, final, [ACCEPT] * 4)

    assert moves(final.placed_row, result.placed_row) == []


def test_rows_below_a_held_place_are_withdrawn_and_never_tried() -> None:
    problem = build_problem(capacities=[1, 1, 1], choices=[[0, 1, 2], [0]], priority=[1, 0])
    final = solve(problem)
    assert placements(problem, final) == [1, 0]

    transformed, result = reserve_round(problem, final, [ACCEPT, DECLINE])

    assert transformed.withdrawn.tolist() == [False, False, True, True]
    withdrawn = ChoiceStatus.WITHDRAWN
    assert transformed.problem.choice_status.tolist() == [0, 0, withdrawn, withdrawn]
    assert placements(problem, result) == [0, None]


def test_reduced_places_never_remove_an_admitted_applicant_even_when_reserves_now_rank_higher() -> (
    None
):
    before = build_problem(capacities=[2], choices=[[0], [0], [0]], priority=[0, 1, 2])
    final = solve(before)
    # The organiser cut the offering to one place, and new grades put the reserve first.
    after = build_problem(capacities=[1], choices=[[0], [0], [0]], priority=[2, 1, 0])

    transformed, result = reserve_round(after, final, [ACCEPT] * 3)

    assert placements(after, result) == [0, 0, None]
    assert transformed.problem.capacity.tolist() == [2]
    assert transformed.extra_places.tolist() == [1]


def test_a_place_in_an_offering_no_longer_eligible_for_is_kept() -> None:
    """An admission is a favourable decision (admissions-rules §3.2, invariant 8)."""
    before = build_problem(capacities=[1, 1], choices=[[0], [1, 0]], priority=[0, 1])
    final = solve(before)
    after = build_problem(
        capacities=[1, 1],
        choices=[[0], [1, 0]],
        priority=[0, 1],
        status={(1, 1): ChoiceStatus.NOT_ELIGIBLE},
    )

    transformed, result = reserve_round(after, final, [ACCEPT, ACCEPT])

    assert placements(after, result) == [0, 1]
    assert transformed.problem.choice_status.tolist() == [0, 0, ChoiceStatus.WITHDRAWN]


def test_a_place_in_an_offering_closed_after_admission_is_lost_and_lower_choices_come_back() -> (
    None
):
    """admissions-rules §4.3 ("Lägga ned utbildning": status "startar ej", places 0, every
    affected applicant tried on their other choices); issue 12 point 10. Applicant 0 holds
    offering 0 (first choice), and offering 1 (second) was not tried only because of that hold;
    offering 0 closes: the holder is placed on offering 1, nobody stays on the closed offering,
    and applicant 1 keeps their place at offering 1."""
    before = build_problem(capacities=[1, 2], choices=[[0, 1], [1]], priority=[0, 1])
    final = solve(before)
    assert placements(before, final) == [0, 1]
    after = build_problem(capacities=[1, 2], choices=[[0, 1], [1]], priority=[0, 1], closed=[0])

    transformed, result = reserve_round(after, final, [ACCEPT, ACCEPT])

    assert placements(after, result) == [1, 1]
    assert transformed.lost_row.tolist() == [0, -1]
    assert transformed.kept_row.tolist() == [-1, 2]  # rows: 0 and 1 applicant 0, 2 applicant 1
    assert transformed.withdrawn.tolist() == [False, False, False]
    closed, admissible = ChoiceStatus.OFFERING_CLOSED, ChoiceStatus.ADMISSIBLE
    assert transformed.problem.choice_status.tolist() == [closed, admissible, admissible]
    assert demoted(after, final.placed_row, [ACCEPT, ACCEPT], result.placed_row) == []  # allowed


def test_a_closed_place_lost_keeps_the_replies_choices_above_it_given_up() -> None:
    """issue 12 point 10 with the replies of §4.2: declining to stay reserve above the place
    still holds for the choices above; the lower ones come back; a decliner stays out."""
    before = build_problem(
        capacities=[1, 1, 1, 1], choices=[[0, 1, 2], [0], [1, 3]], priority=[1, 0, 2]
    )
    final = solve(before)
    assert placements(before, final) == [1, 0, 3]
    after = build_problem(
        capacities=[1, 1, 1, 1], choices=[[0, 1, 2], [0], [1, 3]], priority=[1, 0, 2], closed=[1]
    )

    transformed, result = reserve_round(after, final, [WITHOUT_RESERVE, ACCEPT, DECLINE])

    assert transformed.withdrawn.tolist() == [True, False, False, False, True, True]
    assert placements(after, result) == [2, 0, None]


def test_late_applicants_can_push_reserves_back_but_never_displace_an_admitted_one() -> None:
    before = build_problem(capacities=[2], choices=[[0], [0], [0]], priority=[0, 1, 2])
    final = solve(before)
    assert placements(before, final) == [0, 0, None]
    # Applicants 3 and 4 arrive after the final round and rank above everyone (the worst case;
    # in practice late applicants form a later selection group, §3.5, and grade completions
    # can still put someone ahead).
    after = build_problem(capacities=[2], choices=[[0]] * 5, priority=[3, 4, 0, 1, 2])
    held = np.concatenate([final.placed_row, [-1, -1]])

    _, result = reserve_round(after, held, [DECLINE, ACCEPT, ACCEPT, ACCEPT, ACCEPT])

    # 0's seat goes to 3, not to the old first reserve 2; 4 outranks 1 but cannot take 1's seat.
    assert placements(after, result) == [None, 0, None, 0, None]


def test_the_raised_places_last_the_round_so_a_seat_freed_at_a_reduced_offering_is_reoffered() -> (
    None
):
    # A documented consequence of raising places to the number of holders: applicant 2 moves up
    # out of offering 1, which was cut to one place, and reserve 3 still gets the freed seat.
    before = build_problem(
        capacities=[1, 2], choices=[[0], [1], [0, 1], [1]], priority=[0, 1, 2, 3]
    )
    final = solve(before)
    assert placements(before, final) == [0, 1, 1, None]
    after = build_problem(capacities=[1, 1], choices=[[0], [1], [0, 1], [1]], priority=[0, 1, 2, 3])

    transformed, result = reserve_round(after, final, [DECLINE, ACCEPT, ACCEPT, ACCEPT])

    assert placements(after, result) == [None, 1, 0, 1]
    assert transformed.extra_places.tolist() == [0, 1]


def test_holders_outrank_everyone_at_their_own_offering_and_keys_stay_strict() -> None:
    problem = build_problem(capacities=[1, 1], choices=[[0], [1, 0], [0]], priority=[2, 0, 1])
    held = np.array([row_of(problem, 0, 0), row_of(problem, 1, 1), -1], dtype=np.int64)

    transformed = reserve_round_problem(problem, held, [ACCEPT] * 3)

    key = transformed.problem.priority_key
    holder, others = key[row_of(problem, 0, 0)], [key[row_of(problem, a, 0)] for a in (1, 2)]
    assert all(holder > other for other in others)
    assert key[row_of(problem, 2, 0)] > key[row_of(problem, 1, 0)]  # old order kept otherwise
    transformed.problem.validate()


def test_moves_lists_every_changed_placement_in_applicant_order() -> None:
    before = np.array([3, -1, 5, 7, -1], dtype=np.int64)
    after = np.array([3, 2, 4, -1, -1], dtype=np.int64)

    assert moves(before, after) == [(1, -1, 2), (2, 5, 4), (3, 7, -1)]


def test_a_demotion_is_reported_and_refused() -> None:
    """admissions-rules.md §11.2 invariant 8: nobody admitted is moved down or out."""
    problem = build_problem(capacities=[1, 1], choices=[[0, 1], [0]], priority=[0, 1])
    held, replies = np.array([0, 2]), [ACCEPT, ACCEPT]

    assert demoted(problem, held, replies, np.array([1, 2])) == [0]
    assert demoted(problem, held, replies, np.array([0, -1])) == [1]
    with pytest.raises(InvariantViolated, match="applicant #0"):
        certify_no_demotion(problem, held, replies, np.array([1, 2]))


def test_leaving_by_ones_own_decline_is_not_a_demotion() -> None:
    """admissions-rules.md §4.2 and §11.2 invariant 8: a decline gives the place up; only
    the system may not take it."""
    problem = build_problem(capacities=[1, 1], choices=[[0, 1], [0]], priority=[0, 1])

    assert demoted(problem, np.array([0, 2]), [DECLINE, ACCEPT], np.array([-1, 2])) == []


def test_losing_the_place_on_a_closed_offering_is_not_a_demotion() -> None:
    """admissions-rules.md §4.3 ("Startar ej"): an offering that does not start holds nobody;
    that is the one move out the system itself may make."""
    problem = build_problem(capacities=[1, 1], choices=[[0, 1], [0]], priority=[0, 1], closed=[1])

    assert demoted(problem, np.array([1, 2]), [ACCEPT, ACCEPT], np.array([-1, 2])) == []
    assert demoted(problem, np.array([1, 2]), [ACCEPT, ACCEPT], np.array([-1, -1])) == [1]


@pytest.mark.parametrize(
    ("held", "replies"),
    [
        ([0], [ACCEPT, ACCEPT]),
        ([0, 0], [ACCEPT]),
        ([0, 0], [ACCEPT, ACCEPT]),  # row 0 is applicant 0's, not applicant 1's
        ([-2, -1], [ACCEPT, ACCEPT]),
    ],
)
def test_held_rows_and_replies_must_fit_the_problem(
    held: list[int], replies: list[ReplyKind]
) -> None:
    problem = build_problem(capacities=[1], choices=[[0], [0]])

    with pytest.raises(ValueError, match=r"held row|one entry per applicant"):
        reserve_round_problem(problem, np.array(held, dtype=np.int64), replies)


# --- properties on random instances -----------------------------------------------------------

REPLIES = st.sampled_from([*ReplyKind, None])


def final_round(problem: MatchingProblem) -> Matching:
    """The final round through the certified run, as the application does it."""
    n = problem.applicant_count
    indexed = IndexedProblem(
        problem=problem,
        applicant_ids=tuple(f"a{a}" for a in range(n)),
        offering_ids=tuple(f"o{o}" for o in range(problem.offering_count)),
        lottery=np.arange(n, dtype=np.int64),
        seed=0,
    )
    return run_admission(indexed).matching


@st.composite
def replies_for(draw: st.DrawFn, n: int) -> list[ReplyKind]:
    rule = draw(st.sampled_from(NoReplyRule))
    given_replies = draw(st.lists(REPLIES, min_size=n, max_size=n))
    return [effective_reply(reply, rule) for reply in given_replies]


def with_rows_closed(problem: MatchingProblem, closed: np.ndarray) -> MatchingProblem:
    status = problem.choice_status.copy()
    status[closed] = ChoiceStatus.NOT_ELIGIBLE
    return MatchingProblem(
        capacity=problem.capacity,
        choice_start=problem.choice_start,
        choice_offering=problem.choice_offering,
        choice_status=status,
        priority_key=problem.priority_key,
        score_centi=problem.score_centi,
    )


def rows_withdrawn_by_replies(
    problem: MatchingProblem, held: IntArray, replies: Sequence[ReplyKind]
) -> np.ndarray:
    """Computed from the rules, independently of the module: declines, and rows above the
    place (all rows when unplaced) for accept-without-reserve. Rows below a place stay."""
    closed = np.zeros(problem.choice_count, dtype=bool)
    for a, reply in enumerate(replies):
        for row in rows_of(problem, a):
            above = held[a] < 0 or row < held[a]
            closed[row] = reply is DECLINE or (reply is WITHOUT_RESERVE and above)
    return closed


def assert_kept_places_kept_or_improved(
    held: IntArray,
    replies: Sequence[ReplyKind],
    result: Matching,
    problem: MatchingProblem | None = None,
) -> None:
    """Every kept place kept or improved; a place whose row (in ``problem``) is
    OFFERING_CLOSED is lost instead (issue 12 point 10)."""
    for a, reply in enumerate(replies):
        new, old = int(result.placed_row[a]), int(held[a])
        closed = (
            problem is not None
            and old >= 0
            and problem.choice_status[old] == ChoiceStatus.OFFERING_CLOSED
        )
        if reply is DECLINE:
            assert new == -1
        elif closed:
            assert new != old  # a closed offering holds nobody
        elif old >= 0:
            assert 0 <= new <= old  # the same or a higher choice
            if reply is WITHOUT_RESERVE:
                assert new == old
        elif reply is WITHOUT_RESERVE:
            assert new == -1


@PROPERTY
@given(data=st.data())
def test_after_a_final_round_and_any_replies_every_kept_place_is_kept_or_improved(
    data: st.DataObject,
) -> None:
    problem = data.draw(matching_problems())
    final = final_round(problem)
    replies = data.draw(replies_for(problem.applicant_count))

    transformed, result = reserve_round(problem, final, replies)

    assert_kept_places_kept_or_improved(final.placed_row, replies, result)
    assert find_violations(transformed.problem, result) == []
    assert not transformed.extra_places.any()


@PROPERTY
@given(data=st.data())
def test_without_accept_without_reserve_the_round_equals_deferred_acceptance_without_decliners(
    data: st.DataObject,
) -> None:
    problem = data.draw(matching_problems())
    final = final_round(problem)
    n = problem.applicant_count
    replies = data.draw(st.lists(st.sampled_from([ACCEPT, DECLINE]), min_size=n, max_size=n))

    _, result = reserve_round(problem, final, replies)

    without_decliners = problem
    for a, reply in enumerate(replies):
        if reply is DECLINE:
            without_decliners = with_choices_withdrawn(without_decliners, a)
    assert placements(problem, result) == placements(without_decliners, solve(without_decliners))


@PROPERTY
@given(data=st.data())
def test_with_unchanged_priorities_the_round_equals_deferred_acceptance_without_withdrawn_rows(
    data: st.DataObject,
) -> None:
    # The general form: accept-without-reserve too, comparing with the problem where only the
    # rows the replies give up are removed (rows below a place are left in).
    problem = data.draw(matching_problems())
    final = final_round(problem)
    replies = data.draw(replies_for(problem.applicant_count))

    _, result = reserve_round(problem, final, replies)

    reduced = with_rows_closed(
        problem, rows_withdrawn_by_replies(problem, final.placed_row, replies)
    )
    np.testing.assert_array_equal(result.placed_row, solve(reduced).placed_row)


@st.composite
def changed_rounds(draw: st.DrawFn) -> tuple[MatchingProblem, MatchingProblem, int]:
    """(previous problem, new problem, number of previous applicants): the new one has late
    applicants appended and new priorities, places and statuses."""
    new = draw(matching_problems(max_applicants=10))
    late = draw(st.integers(0, new.applicant_count - 1), label="late applicants")
    n_before = new.applicant_count - late
    end = int(new.choice_start[n_before])
    before = MatchingProblem(
        capacity=new.capacity,
        choice_start=new.choice_start[: n_before + 1],
        choice_offering=new.choice_offering[:end],
        choice_status=new.choice_status[:end],
        priority_key=new.priority_key[:end],
        score_centi=new.score_centi[:end],
    )
    before.validate()
    keys = draw(st.permutations(range(new.choice_count)), label="new keys")
    capacity = draw(
        st.lists(st.integers(0, 3), min_size=new.offering_count, max_size=new.offering_count)
    )
    statuses = draw(
        st.lists(
            st.sampled_from(list(ChoiceStatus)),
            min_size=new.choice_count,
            max_size=new.choice_count,
        )
    )
    changed = MatchingProblem(
        capacity=np.array(capacity, dtype=np.int64),
        choice_start=new.choice_start,
        choice_offering=new.choice_offering,
        choice_status=np.array(statuses, dtype=np.int8),
        priority_key=np.array(keys, dtype=np.int64),
        score_centi=new.score_centi,
    )
    changed.validate()
    return before, changed, n_before


@PROPERTY
@given(data=st.data())
def test_new_priorities_places_statuses_and_late_applicants_never_move_a_kept_place_down(
    data: st.DataObject,
) -> None:
    before, after, n_before = data.draw(changed_rounds())
    final = final_round(before)
    held = np.concatenate([final.placed_row, np.full(after.applicant_count - n_before, -1)])
    replies = data.draw(replies_for(after.applicant_count))

    transformed, result = reserve_round(after, held, replies)

    assert_kept_places_kept_or_improved(held, replies, result, after)
    assert find_violations(transformed.problem, result) == []
    admitted = np.bincount(
        after.choice_offering[result.placed_row[result.placed_row >= 0]],
        minlength=after.offering_count,
    )
    assert np.all(admitted <= after.capacity + transformed.extra_places)


@PROPERTY
@given(data=st.data())
def test_a_reserve_round_is_deterministic(data: st.DataObject) -> None:
    before, after, n_before = data.draw(changed_rounds())
    final = final_round(before)
    held = np.concatenate([final.placed_row, np.full(after.applicant_count - n_before, -1)])
    replies = data.draw(replies_for(after.applicant_count))

    first, first_result = reserve_round(after, held, replies)
    second, second_result = reserve_round(after, held.copy(), list(replies))

    for name in ("capacity", "choice_status", "priority_key", "score_centi"):
        np.testing.assert_array_equal(getattr(first.problem, name), getattr(second.problem, name))
    np.testing.assert_array_equal(first.withdrawn, second.withdrawn)
    np.testing.assert_array_equal(first_result.placed_row, second_result.placed_row)
