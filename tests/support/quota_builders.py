"""Problems with fri-kvot quotas and school rankings, readable and random, for the engine tests.

``with_quotas`` adds quotas to a problem from ``problem_builders.build_problem``: the quota's
priority is the organiser's fri-kvot applicants first, then the ordinary order
(``priorities.quota_keys``), as ``graded_instance`` builds it. ``quota_problems`` is a
Hypothesis strategy for random valid instances with quotas.

``reference_placements`` is an independent implementation of the rules, for comparison: the
round-based (Gale–Shapley) deferred acceptance on the offerings' places, where each offering
is a list of *places of two kinds* built here from the rules, not by ``quota_expansion``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from hypothesis import strategies as st
from problem_builders import matching_problems

from samverka.admission.domain.matching_problem import ChoiceStatus, MatchingProblem, Quotas
from samverka.admission.domain.priorities import quota_keys


def with_quotas(
    problem: MatchingProblem,
    places: Sequence[int],
    claims: Mapping[int, Sequence[int]],
    *,
    reverts: bool = True,
    quota_first: bool = True,
) -> MatchingProblem:
    """``problem`` with ``places[o]`` fri-kvot places per offering and the fri-kvot grants
    ``claims`` (offering → applicants granted fri kvot there)."""
    applicant = problem.choice_applicant()
    claim = np.zeros(problem.choice_count, dtype=bool)
    for offering, granted in claims.items():
        claim |= (problem.choice_offering == offering) & np.isin(applicant, list(granted))
    quotas = Quotas(
        places=np.array(places, dtype=np.int64),
        claim=claim,
        key=quota_keys(claim, problem.priority_key),
        reverts=reverts,
        quota_first=quota_first,
    )
    result = MatchingProblem(
        capacity=problem.capacity,
        choice_start=problem.choice_start,
        choice_offering=problem.choice_offering,
        choice_status=problem.choice_status,
        priority_key=problem.priority_key,
        score_centi=problem.score_centi,
        quotas=quotas,
    )
    result.validate()
    return result


@st.composite
def quota_problems(draw: st.DrawFn, **options: object) -> MatchingProblem:
    """Random valid problems with quotas: each offering 0..its places fri-kvot places, each
    choice granted fri kvot or not, both settings drawn."""
    problem = draw(matching_problems(**options))  # type: ignore[arg-type]
    places = [
        draw(st.integers(0, int(capacity)), label=f"fri-kvot places of {o}")
        for o, capacity in enumerate(problem.capacity.tolist())
    ]
    claim = np.array(
        draw(st.lists(st.booleans(), min_size=problem.choice_count, max_size=problem.choice_count)),
        dtype=bool,
    )
    quotas = Quotas(
        places=np.array(places, dtype=np.int64),
        claim=claim,
        key=quota_keys(claim, problem.priority_key),
        reverts=draw(st.booleans(), label="unused places revert"),
        quota_first=draw(st.booleans(), label="quota first"),
    )
    result = MatchingProblem(
        capacity=problem.capacity,
        choice_start=problem.choice_start,
        choice_offering=problem.choice_offering,
        choice_status=problem.choice_status,
        priority_key=problem.priority_key,
        score_centi=problem.score_centi,
        quotas=quotas,
    )
    result.validate()
    return result


def reference_placements(problem: MatchingProblem) -> list[tuple[int, bool] | None]:
    """Per applicant (row held, on a quota place) or ``None``, by round-based deferred
    acceptance over kinds of places, written from the rules without ``quota_expansion``."""
    n = problem.applicant_count
    quotas = problem.quotas
    # Each applicant's list of (row, kind) in the order tried; kind True = the quota.
    lists: list[list[tuple[int, bool]]] = []
    for a in range(n):
        tried: list[tuple[int, bool]] = []
        for row in range(int(problem.choice_start[a]), int(problem.choice_start[a + 1])):
            if problem.choice_status[row] != ChoiceStatus.ADMISSIBLE:
                continue
            kinds = [False]
            o = int(problem.choice_offering[row])
            has_quota = quotas is not None and quotas.places[o] > 0
            if has_quota and quotas is not None and (quotas.reverts or quotas.claim[row]):
                kinds = [True, False] if quotas.quota_first else [False, True]
            tried += [(row, kind) for kind in kinds]
        lists.append(tried)
    next_choice = [0] * n
    held: dict[tuple[int, bool], list[int]] = {}  # (offering, kind) → rows held
    free = list(range(n))
    while free:
        proposals: dict[tuple[int, bool], list[int]] = {}
        for a in free:
            if next_choice[a] < len(lists[a]):
                row, kind = lists[a][next_choice[a]]
                next_choice[a] += 1
                proposals.setdefault((int(problem.choice_offering[row]), kind), []).append(row)
        if not proposals:
            break
        free = []
        for place, rows in proposals.items():
            o, kind = place
            candidates = held.get(place, []) + rows
            if kind and quotas is not None:
                places = int(quotas.places[o])
                priority = quotas.key
            else:
                places = int(problem.capacity[o]) - (
                    int(quotas.places[o]) if quotas is not None else 0
                )
                priority = problem.priority_key
            candidates.sort(key=lambda r: -int(priority[r]))
            held[place] = candidates[:places]
            free += [_owner(problem, r) for r in candidates[places:]]
    result: list[tuple[int, bool] | None] = [None] * n
    for (_, kind), rows in held.items():
        for row in rows:
            result[_owner(problem, row)] = (row, kind)
    return result


def _owner(problem: MatchingProblem, row: int) -> int:
    return int(np.searchsorted(problem.choice_start, row, side="right") - 1)
