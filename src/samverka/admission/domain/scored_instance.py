"""An admission instance whose scores are given directly (the low-level interchange format).

Each offering ranks its applicants by the score higher first, then by the lottery number lower
first. A choice may carry its own score, which overrides the applicant's merit value for that
offering (e.g. merit plus aptitude-test points). Applicants without a lottery number get one
drawn from the seed; the drawn numbers avoid the given ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from samverka.admission.domain.admission_run import IndexedProblem
from samverka.admission.domain.lottery import complete_lottery
from samverka.admission.domain.matching_problem import MatchingProblem
from samverka.admission.domain.priorities import combine_columns


@dataclass(frozen=True, slots=True)
class ScoredOffering:
    offering_id: str
    capacity: int


@dataclass(frozen=True, slots=True)
class ScoredApplicant:
    applicant_id: str
    merit_centi: int
    lottery: int | None
    choices: tuple[ScoredChoice, ...]  # in rank order


@dataclass(frozen=True, slots=True)
class ScoredChoice:
    offering_id: str
    score_centi: int | None = None


def index_scored(
    offerings: list[ScoredOffering], applicants: list[ScoredApplicant], seed: int
) -> IndexedProblem:
    offering_index = {offering.offering_id: i for i, offering in enumerate(offerings)}
    lottery = complete_lottery([a.lottery for a in applicants], seed)
    lengths = np.array([len(applicant.choices) for applicant in applicants], dtype=np.int64)
    start = np.zeros(len(applicants) + 1, dtype=np.int64)
    np.cumsum(lengths, out=start[1:])
    rows = [(a, choice) for a, applicant in enumerate(applicants) for choice in applicant.choices]
    score = np.array(
        [
            applicants[a].merit_centi if choice.score_centi is None else choice.score_centi
            for a, choice in rows
        ],
        dtype=np.int64,
    )
    applicant_of_row = np.repeat(np.arange(len(applicants), dtype=np.int64), lengths)
    problem = MatchingProblem(
        capacity=np.array([offering.capacity for offering in offerings], dtype=np.int64),
        choice_start=start,
        choice_offering=np.array([offering_index[c.offering_id] for _, c in rows], dtype=np.int64),
        choice_status=np.zeros(len(rows), dtype=np.int8),
        priority_key=combine_columns([score, -lottery[applicant_of_row]]),
        score_centi=score,
    )
    return IndexedProblem(
        problem=problem,
        applicant_ids=tuple(applicant.applicant_id for applicant in applicants),
        offering_ids=tuple(offering.offering_id for offering in offerings),
        lottery=lottery,
        seed=seed,
    )
