"""Use cases: run an admission from prepared inputs and record how the run went.

Each function builds the indexed problem, runs the engine (which certifies its result), and
returns the run together with a ``RunRecord`` — what an auditor needs to reproduce the run:
seed, input digest, rule and engine versions, certificate outcome and timings (preparing the
input, loading the compiled engine, and the run itself: solve, certify, lists and cut-offs).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

from samverka.admission.domain import deferred_acceptance
from samverka.admission.domain.admission_run import AdmissionRun, IndexedProblem, run_admission
from samverka.admission.domain.deferred_acceptance import ENGINE_VERSION
from samverka.admission.domain.graded_instance import (
    GradedApplicant,
    GradedOffering,
    GradedProblem,
    index_graded,
)
from samverka.admission.domain.priorities import PriorityRules
from samverka.admission.domain.rule_set import AdmissionRuleSet
from samverka.admission.domain.scored_instance import (
    ScoredApplicant,
    ScoredOffering,
    index_scored,
)


@dataclass(frozen=True, slots=True)
class RunRecord:
    seed: int
    input_digest: str
    engine_version: str
    rule_version: str
    certificate: str
    applicants: int
    offerings: int
    choices: int
    placed: int
    proposals: int
    prepare_seconds: float
    engine_load_seconds: float
    run_seconds: float

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def match_scored(
    offerings: list[ScoredOffering], applicants: list[ScoredApplicant], *, seed: int
) -> tuple[AdmissionRun, RunRecord]:
    """Match on given scores (the low-level interchange format)."""
    started = time.perf_counter()
    indexed = index_scored(offerings, applicants, seed)
    return _run(indexed, "scores-given", started)


def run_graded(
    offerings: list[GradedOffering],
    applicants: list[GradedApplicant],
    rules: AdmissionRuleSet,
    priority_rules: PriorityRules,
    *,
    seed: int,
) -> tuple[GradedProblem, AdmissionRun, RunRecord]:
    """Compute merit values and eligibility from grades, then match."""
    started = time.perf_counter()
    graded = index_graded(offerings, applicants, rules, priority_rules, seed)
    run, record = _run(graded.indexed, rules.version, started)
    return graded, run, record


def _run(
    indexed: IndexedProblem, rule_version: str, started: float
) -> tuple[AdmissionRun, RunRecord]:
    prepared = time.perf_counter()
    deferred_acceptance.warm_up()
    loaded = time.perf_counter()
    run = run_admission(indexed)
    finished = time.perf_counter()
    problem = indexed.problem
    record = RunRecord(
        seed=indexed.seed,
        input_digest=indexed.digest(),
        engine_version=ENGINE_VERSION,
        rule_version=rule_version,
        certificate="passed",
        applicants=problem.applicant_count,
        offerings=problem.offering_count,
        choices=problem.choice_count,
        placed=int((run.matching.placed_row >= 0).sum()),
        proposals=run.matching.proposals,
        prepare_seconds=round(prepared - started, 6),
        engine_load_seconds=round(loaded - prepared, 6),
        run_seconds=round(finished - loaded, 6),
    )
    return run, record
