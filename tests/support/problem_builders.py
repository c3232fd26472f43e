"""Readable small matching problems for the admission-engine tests, and random ones.

``build_problem`` turns Python lists into the engine's array form::

    build_problem(
        capacities=[1, 2],                    # places per offering
        choices={0: [0, 1], 1: [1]},          # each applicant's offerings, first choice first
        priority={0: [1, 0], 1: [0, 1]},      # per offering, its applicants best first
        status={(1, 1): ChoiceStatus.NOT_ELIGIBLE},
        closed=[],
    )

``matching_problems()`` is a Hypothesis strategy for random valid instances.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
from hypothesis import strategies as st

from samverka.admission.domain.deferred_acceptance import Matching
from samverka.admission.domain.matching_problem import ChoiceStatus, MatchingProblem

Choices = Mapping[int, Sequence[int]] | Sequence[Sequence[int]]
Priority = Mapping[int, Sequence[int]] | Sequence[int]


def build_problem(
    *,
    capacities: Sequence[int],
    choices: Choices,
    priority: Priority | None = None,
    status: Mapping[tuple[int, int], ChoiceStatus] | None = None,
    closed: Iterable[int] = (),
    applicant_count: int | None = None,
) -> MatchingProblem:
    """A validated problem from lists.

    * ``choices``: applicant -> offerings in rank order (a mapping, or a list indexed by
      applicant). Applicants missing from a mapping have no choices.
    * ``priority``: a list of applicants, best first, is one order shared by every offering;
      a mapping offering -> applicants (best first) gives offerings their own orders. Offerings
      left out, and the default, put the lower applicant number first.
    * ``status``: (applicant, offering) -> status for the choices that are not ADMISSIBLE.
    * ``closed``: offerings whose every choice row is OFFERING_CLOSED.
    """
    lists = _choice_lists(choices, applicant_count)
    n_applicants = len(lists)
    default_order = list(range(n_applicants))
    if priority is None:
        orders: Mapping[int, Sequence[int]] = {}
        common: Sequence[int] = default_order
    elif isinstance(priority, Mapping):
        orders, common = priority, default_order
    else:
        orders, common = {}, priority
    statuses = dict(status or {})
    closed_set = set(closed)

    starts = [0]
    offerings: list[int] = []
    row_status: list[int] = []
    keys: list[int] = []
    for applicant, offered in enumerate(lists):
        for offering in offered:
            order = list(orders.get(offering, common))
            if applicant not in order:
                raise ValueError(
                    f"applicant {applicant} is missing from offering {offering}'s order"
                )
            offerings.append(offering)
            keys.append(len(order) - order.index(applicant))
            given = statuses.pop((applicant, offering), ChoiceStatus.ADMISSIBLE)
            row_status.append(ChoiceStatus.OFFERING_CLOSED if offering in closed_set else given)
        starts.append(len(offerings))
    if statuses:
        raise ValueError(f"status given for choices nobody made: {sorted(statuses)}")

    key_array = np.array(keys, dtype=np.int64)
    problem = MatchingProblem(
        capacity=np.array(capacities, dtype=np.int64),
        choice_start=np.array(starts, dtype=np.int64),
        choice_offering=np.array(offerings, dtype=np.int64),
        choice_status=np.array(row_status, dtype=np.int8),
        priority_key=key_array,
        score_centi=key_array * 100,
    )
    problem.validate()
    return problem


def _choice_lists(choices: Choices, applicant_count: int | None) -> list[list[int]]:
    if isinstance(choices, Mapping):
        count = max(choices, default=-1) + 1 if applicant_count is None else applicant_count
        return [list(choices.get(applicant, ())) for applicant in range(count)]
    lists = [list(offered) for offered in choices]
    if applicant_count is not None:
        lists += [[] for _ in range(applicant_count - len(lists))]
    return lists


# --- reading problems and matchings -----------------------------------------------------------


def rows_of(problem: MatchingProblem, applicant: int) -> range:
    """The applicant's choice rows, first choice first."""
    return range(int(problem.choice_start[applicant]), int(problem.choice_start[applicant + 1]))


def row_of(problem: MatchingProblem, applicant: int, offering: int) -> int:
    """The row where ``applicant`` names ``offering``."""
    for row in rows_of(problem, applicant):
        if problem.choice_offering[row] == offering:
            return row
    raise ValueError(f"applicant {applicant} did not choose offering {offering}")


def is_admissible(problem: MatchingProblem, row: int) -> bool:
    return bool(problem.choice_status[row] == ChoiceStatus.ADMISSIBLE)


def placements(problem: MatchingProblem, matching: Matching) -> list[int | None]:
    """The offering each applicant is placed in, ``None`` when unplaced."""
    return [
        None if row < 0 else int(problem.choice_offering[row])
        for row in matching.placed_row.tolist()
    ]


def placement_rank(problem: MatchingProblem, placed_row: int, applicant: int) -> int:
    """0 for the first choice, 1 for the second …; the number of choices when unplaced."""
    start, end = int(problem.choice_start[applicant]), int(problem.choice_start[applicant + 1])
    return end - start if placed_row < 0 else placed_row - start


def matching_of(problem: MatchingProblem, placed: Mapping[int, int]) -> Matching:
    """A hand-made matching: applicant -> offering; applicants left out are unplaced."""
    rows = np.full(problem.applicant_count, -1, dtype=np.int64)
    for applicant, offering in placed.items():
        rows[applicant] = row_of(problem, applicant, offering)
    return Matching(placed_row=rows, proposals=0)


def matching_from_rows(rows: Sequence[int]) -> Matching:
    """A hand-made matching given directly as placed rows (-1 = unplaced)."""
    return Matching(placed_row=np.array(rows, dtype=np.int64), proposals=0)


# --- changing problems ------------------------------------------------------------------------


def without_applicant(problem: MatchingProblem, applicant: int) -> MatchingProblem:
    """The same problem with one applicant gone; later applicants move down one number."""
    keep = np.ones(problem.choice_count, dtype=bool)
    keep[problem.choice_start[applicant] : problem.choice_start[applicant + 1]] = False
    lengths = np.delete(np.diff(problem.choice_start), applicant)
    return _with_rows(problem, keep, lengths)


def with_choices_withdrawn(problem: MatchingProblem, applicant: int) -> MatchingProblem:
    """The same problem with the applicant still there but declining every choice."""
    keep = np.ones(problem.choice_count, dtype=bool)
    keep[problem.choice_start[applicant] : problem.choice_start[applicant + 1]] = False
    lengths = np.diff(problem.choice_start)
    lengths[applicant] = 0
    return _with_rows(problem, keep, lengths)


def _with_rows(problem: MatchingProblem, keep: np.ndarray, lengths: np.ndarray) -> MatchingProblem:
    start = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=start[1:])
    smaller = MatchingProblem(
        capacity=problem.capacity.copy(),
        choice_start=start,
        choice_offering=problem.choice_offering[keep],
        choice_status=problem.choice_status[keep],
        priority_key=problem.priority_key[keep],
        score_centi=problem.score_centi[keep],
    )
    smaller.validate()
    return smaller


def common_order(problem: MatchingProblem) -> list[int]:
    """Applicants best first, for a problem whose offerings share one priority order.

    Raises ``AssertionError`` if some applicant's key differs between their choices.
    """
    key_of: dict[int, int] = {}
    for applicant in range(problem.applicant_count):
        keys = {int(problem.priority_key[row]) for row in rows_of(problem, applicant)}
        assert len(keys) <= 1, f"applicant {applicant} has different keys {keys}"
        if keys:
            key_of[applicant] = keys.pop()
    return sorted(key_of, key=lambda applicant: -key_of[applicant])


# --- random instances -------------------------------------------------------------------------

_ROW_STATUS = st.one_of(
    st.just(ChoiceStatus.ADMISSIBLE),
    st.sampled_from([ChoiceStatus.NOT_ELIGIBLE, ChoiceStatus.BELOW_TEST_MINIMUM]),
)


@st.composite
def matching_problems(
    draw: st.DrawFn,
    *,
    min_applicants: int = 1,
    max_applicants: int = 8,
    max_offerings: int = 5,
    max_capacity: int = 3,
    priorities: Literal["common", "per_offering", "any"] = "any",
    inadmissible: bool = True,
) -> MatchingProblem:
    """Random valid problems.

    ``priorities`` is ``"common"`` (one order shared by all offerings), ``"per_offering"``
    (each offering its own order) or ``"any"``. With ``inadmissible`` some offerings are closed
    and some choices not eligible or below a test minimum; without it every choice is open.
    Keys are put through a random increasing map, so they are neither small nor positive.
    """
    n_offerings = draw(st.integers(1, max_offerings), label="offerings")
    n_applicants = draw(st.integers(min_applicants, max_applicants), label="applicants")
    capacities = draw(
        st.lists(st.integers(0, max_capacity), min_size=n_offerings, max_size=n_offerings),
        label="capacities",
    )
    offering_lists = st.lists(st.integers(0, n_offerings - 1), unique=True, max_size=n_offerings)
    choices = [draw(offering_lists, label=f"choices of {a}") for a in range(n_applicants)]
    kind = priorities
    if kind == "any":
        kind = draw(st.sampled_from(["common", "per_offering"]), label="priorities")
    applicants = list(range(n_applicants))
    priority: Priority
    if kind == "common":
        priority = draw(st.permutations(applicants), label="common order")
    else:
        priority = {
            offering: draw(st.permutations(applicants), label=f"order of offering {offering}")
            for offering in range(n_offerings)
        }

    status: dict[tuple[int, int], ChoiceStatus] = {}
    closed: list[int] = []
    if inadmissible:
        closed = [o for o in range(n_offerings) if draw(st.integers(0, 4), label="closed?") == 4]
        for applicant, offered in enumerate(choices):
            for offering in offered:
                row_status = draw(_ROW_STATUS)
                if row_status != ChoiceStatus.ADMISSIBLE:
                    status[applicant, offering] = row_status

    problem = build_problem(
        capacities=capacities,
        choices=choices,
        priority=priority,
        status=status,
        closed=closed,
    )
    scale = draw(st.integers(1, 1_000), label="key scale")
    shift = draw(st.integers(-(10**12), 10**12), label="key shift")
    return MatchingProblem(
        capacity=problem.capacity,
        choice_start=problem.choice_start,
        choice_offering=problem.choice_offering,
        choice_status=problem.choice_status,
        priority_key=problem.priority_key * scale + shift,
        score_centi=problem.score_centi,
    )


@st.composite
def contested_problems(
    draw: st.DrawFn, *, max_offerings: int = 4, max_applicants: int = 5
) -> MatchingProblem:
    """Small problems where several stable matchings are common: as many applicants as places
    (up to ``max_applicants``), everyone ranks every offering, each offering its own order."""
    capacities = draw(st.lists(st.integers(1, 2), min_size=2, max_size=max_offerings))
    n_applicants = min(sum(capacities), max_applicants)
    offerings = list(range(len(capacities)))
    choices = [draw(st.permutations(offerings)) for _ in range(n_applicants)]
    priority = {o: draw(st.permutations(range(n_applicants))) for o in offerings}
    return build_problem(capacities=capacities, choices=choices, priority=priority)
