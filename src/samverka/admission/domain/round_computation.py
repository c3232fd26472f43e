"""Computing a round from its input snapshot: the same function for a run and for its re-run.

Procedure: merit values and eligibility from the grades (``graded_instance``); for a reserve
round, the problem is transformed so that held places are kept and only upward moves are
possible (``reserve_round``); then the engine runs and certifies (``admission_run``). A reserve
round's result is then checked against the places held after the previous binding round
(``reserve_round.certify_no_demotion``: nobody moved down or out except by their own reply or
a closed offering; admissions-rules.md §11.2 invariant 8). A failed check raises
``InvariantViolated``, so the service that runs the round stores nothing.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from samverka.admission.domain.admission_run import AdmissionRun, run_admission
from samverka.admission.domain.graded_instance import GradedProblem, index_graded
from samverka.admission.domain.matching_problem import IntArray
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.reserve_round import certify_no_demotion, reserve_round_problem
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.domain.rule_set import RULES_REVISION, default_rule_set
from samverka.admission.domain.snapshot import RoundInput
from samverka.errors import N_, Conflict


def compute_round(round_input: RoundInput) -> tuple[GradedProblem, AdmissionRun]:
    """The round of ``round_input``; ``Conflict`` for a snapshot stored under another revision
    of the rules, which these rules would not reproduce."""
    if round_input.rules_revision != RULES_REVISION:
        raise Conflict(
            N_(
                "Omgången räknades enligt version %(revision)s av reglerna; Samverka tillämpar "
                "nu version %(current)s och kan därför inte räkna om den."
            ),
            revision=round_input.rules_revision,
            current=RULES_REVISION,
        )
    rules = default_rule_set(round_input.year)
    graded = index_graded(
        list(round_input.offerings),
        list(round_input.applicants),
        rules,
        round_input.settings.priority_rules,
        round_input.seed,
    )
    indexed = graded.indexed
    if round_input.kind is not RoundKind.RESERVE:
        return graded, run_admission(indexed)
    problem = indexed.problem
    held_row = _held_rows(round_input, graded)
    replies = [round_input.replies.get(a, ReplyKind.ACCEPT) for a in indexed.applicant_ids]
    transformed = reserve_round_problem(problem, held_row, replies)
    indexed = replace(indexed, problem=transformed.problem)
    graded = replace(graded, indexed=indexed)
    run = run_admission(indexed)
    certify_no_demotion(problem, held_row, replies, run.matching.placed_row)
    return graded, run


def _held_rows(round_input: RoundInput, graded: GradedProblem) -> IntArray:
    """Per applicant, the row of the offering held after the previous round, or -1."""
    problem = graded.indexed.problem
    offering_index = {o: i for i, o in enumerate(graded.indexed.offering_ids)}
    held = np.full(problem.applicant_count, -1, dtype=np.int64)
    for a, applicant_id in enumerate(graded.indexed.applicant_ids):
        target = offering_index.get(round_input.held.get(applicant_id, ""), -1)
        start, end = problem.choice_start[a], problem.choice_start[a + 1]
        rows = np.flatnonzero(problem.choice_offering[start:end] == target)
        if applicant_id in round_input.held and not len(rows):
            raise Conflict(
                N_(
                    "Sökande %(applicant)s har en plats på %(offering)s, som inte längre finns "
                    "bland den sökandes val; systemet tar aldrig bort en antagen sökande."
                ),
                applicant=applicant_id,
                offering=round_input.held[applicant_id],
            )
        if len(rows):
            held[a] = start + rows[0]
    return held
