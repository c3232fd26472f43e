"""One admission run: an indexed problem solved, certified and laid out per offering.

Procedure: validate the problem, solve it with deferred acceptance, certify the matching (a
failing certificate raises ``InvariantViolated``; a result is never returned unchecked), then
derive admitted lists, reserve lists, cut-offs and reserve positions. The run is identified by
a digest of its input and its seed, so a re-run from the same snapshot can be compared.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from samverka.admission.domain import certificate, deferred_acceptance
from samverka.admission.domain.deferred_acceptance import Matching
from samverka.admission.domain.explain import (
    ChoiceExplanation,
    explain_applicant,
    reserve_positions,
)
from samverka.admission.domain.matching_problem import IntArray, MatchingProblem
from samverka.admission.domain.outcome import Outcome, compute_outcome


@dataclass(frozen=True, slots=True, eq=False)
class IndexedProblem:
    """A problem with the identifiers its indexes stand for."""

    problem: MatchingProblem
    applicant_ids: tuple[str, ...]
    offering_ids: tuple[str, ...]
    lottery: IntArray
    seed: int
    failures: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def digest(self) -> str:
        """SHA-256 over every array and identifier: equal digests mean equal inputs."""
        sha = hashlib.sha256()
        p = self.problem
        for array in (p.capacity, p.choice_start, p.choice_offering, p.choice_status):
            sha.update(array.tobytes())
        sha.update(p.priority_key.tobytes())
        sha.update(p.score_centi.tobytes())
        sha.update("\x1f".join(self.applicant_ids).encode())
        sha.update("\x1e".join(self.offering_ids).encode())
        return sha.hexdigest()


@dataclass(frozen=True, slots=True, eq=False)
class AdmissionRun:
    indexed: IndexedProblem
    matching: Matching
    outcome: Outcome
    positions: IntArray

    def explain(self, applicant: int) -> list[ChoiceExplanation]:
        return explain_applicant(
            self.indexed.problem,
            self.matching,
            self.outcome,
            applicant,
            self.positions,
            self.indexed.failures,
        )


def run_admission(indexed: IndexedProblem) -> AdmissionRun:
    problem = indexed.problem
    problem.validate()
    matching = deferred_acceptance.solve(problem)
    certificate.certify(problem, matching)
    outcome = compute_outcome(problem, matching)
    return AdmissionRun(indexed, matching, outcome, reserve_positions(problem, outcome))
