"""Every choice row explained at once (``explain_rows``) agrees with ``explain_applicant``."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from problem_builders import build_problem, matching_problems

from samverka.admission.domain.admission_run import AdmissionRun, IndexedProblem, run_admission
from samverka.admission.domain.explain import ChoiceOutcome, ExplainedRows, explain_rows
from samverka.admission.domain.matching_problem import ChoiceStatus, MatchingProblem
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.reserve_round import reserve_round_problem

PROPERTY = settings(max_examples=200, deadline=None)


def _run(problem: MatchingProblem) -> AdmissionRun:
    n = problem.applicant_count
    return run_admission(
        IndexedProblem(
            problem=problem,
            applicant_ids=tuple(f"a{a}" for a in range(n)),
            offering_ids=tuple(f"o{o}" for o in range(problem.offering_count)),
            lottery=np.arange(n, dtype=np.int64),
            seed=0,
        )
    )


def _rows(run: AdmissionRun) -> ExplainedRows:
    return explain_rows(run.indexed.problem, run.matching, run.outcome, run.positions)


def _agrees(run: AdmissionRun) -> None:
    rows = _rows(run)
    problem = run.indexed.problem
    for applicant in range(problem.applicant_count):
        start, end = int(problem.choice_start[applicant]), int(problem.choice_start[applicant + 1])
        assert [int(a) for a in rows.applicant[start:end]] == [applicant] * (end - start)
        expected = run.explain(applicant)
        failures = run.indexed.failures
        actual = [rows.explanation(row, failures.get(row, ())) for row in range(start, end)]
        assert actual == expected


@PROPERTY
@given(matching_problems())
def test_every_row_of_a_final_round_is_explained_as_its_applicant_is(
    problem: MatchingProblem,
) -> None:
    _agrees(_run(problem))


@PROPERTY
@given(matching_problems(), st.data())
def test_every_row_of_a_reserve_round_is_explained_as_its_applicant_is(
    problem: MatchingProblem, data: st.DataObject
) -> None:
    final = _run(problem).matching
    replies = data.draw(
        st.lists(
            st.sampled_from(ReplyKind),
            min_size=problem.applicant_count,
            max_size=problem.applicant_count,
        )
    )
    transformed = reserve_round_problem(problem, final.placed_row, replies)
    _agrees(_run(transformed.problem))


def test_a_placed_row_a_reserve_above_it_and_a_row_below_it_are_told_apart() -> None:
    problem = build_problem(
        capacities=[1, 1, 1],
        choices=[[0, 1, 2], [0]],
        priority=[1, 0],
        status={(0, 2): ChoiceStatus.NOT_ELIGIBLE},
    )
    rows = _rows(_run(problem))
    outcomes = [rows.explanation(row).outcome for row in range(problem.choice_count)]
    assert outcomes == [
        ChoiceOutcome.RESERVE,
        ChoiceOutcome.PLACED,
        ChoiceOutcome.NOT_ELIGIBLE,
        ChoiceOutcome.PLACED,
    ]
    assert [int(p) for p in rows.reserve_position] == [1, 0, 0, 0]
    assert rows.explanation(0).cutoff == rows.explanation(3).score
    assert rows.explanation(1).cutoff == rows.explanation(1).score
