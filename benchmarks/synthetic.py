"""Reproducible synthetic admission instances for the benchmarks.

An instance looks like a large Swedish upper-secondary round, scaled by the number of
applicants ``n``:

* Offerings (programme at a school): ``n / 20`` of them, in 18 programme *clusters*. Cluster
  shares of the applicants are Zipf (exponent 1), and so are cluster sizes, so popular
  programmes are offered at many schools; within a cluster the offerings' shares are Zipf
  again, in random order. An offering's popularity is its cluster's share × its share within.
* Choices: every applicant has a home cluster, drawn by cluster share. Each draw comes from
  the home cluster with probability 0.7, else from all offerings, always by popularity; the
  ranked list is the first distinct offerings drawn, which is Plackett–Luce sampling without
  replacement (so first choices follow popularity exactly). Every applicant names exactly
  ``max_choices`` offerings, or (``exact_choices=False``) 1..``max_choices``, 4.6 on average.
* Capacity: 0.9–1.1 × ``n`` places in total, spread by popularity^0.7 and clipped to 15–300
  places per offering.
* Merit value: the sum of 16 subject grades (17 for the three quarters who read a modern
  language), each F/E/D/C/B/A = 0/10/12.5/15/17.5/20, so merit is a multiple of 2.5 in 0–340.
  Grades follow a latent ability, so merit spreads like a real cohort (mean ≈ 237, sd ≈ 64).
* Aptitude tests: 5 % of offerings hold one; for those choices the score is merit plus
  0–100 test points × the offering's multiplier (1 or 2), a choice-specific score.
* Lottery: a permutation of 1..n; offerings rank by score (higher first), then lottery (lower
  first), packed by ``combine_columns``.
* Fri kvot (``quotas``): 20 % of offerings set 1–3 of their places aside as fri kvot, and 2 %
  of all choices are granted fri kvot; the quota's order is the grantees first, then everyone
  else (``priorities.quota_keys``), and unused places revert. The engine splits those
  offerings into a quota part and an ordinary part (``quota_expansion``).
* School rankings (``school_ranked_share``): 2 % of offerings are ranked by the school (like
  individual introduction programmes); the school ranks 80 % of their applicants, in random
  order, and the rest are not offered a place (status NOT_OFFERED). The key there is the rank
  (``priorities.ranked_keys``). With ``special_offerings=False`` neither is drawn: the instance
  of the earlier benchmarks, draw for draw.

Every step is vectorised; the choices are drawn in chunks so that memory stays bounded.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from samverka.admission.domain.matching_problem import (
    ChoiceStatus,
    IntArray,
    MatchingProblem,
    Quotas,
    SchoolRanking,
)
from samverka.admission.domain.priorities import combine_columns, quota_keys, ranked_keys

FloatArray = npt.NDArray[np.float64]

GRADE_POINTS_CENTI = np.array([0, 1000, 1250, 1500, 1750, 2000], dtype=np.int64)
_CHUNK_ROWS = 1 << 17


@dataclass(frozen=True, slots=True)
class SyntheticConfig:
    """Every knob of the generator; the defaults describe the benchmark instances."""

    applicants: int
    max_choices: int = 10
    exact_choices: bool = True
    seed: int = 20_250_401
    applicants_per_offering: int = 20
    zipf_exponent: float = 1.0
    clusters: int = 18
    in_cluster_share: float = 0.7
    capacity_ratio: tuple[float, float] = (0.9, 1.1)
    capacity_bounds: tuple[int, int] = (15, 300)
    capacity_popularity_power: float = 0.7
    test_offering_share: float = 0.05
    special_offerings: bool = True  # fri kvot and school rankings, as below
    quota_offering_share: float = 0.2
    quota_places: tuple[int, int] = (1, 3)
    quota_grant_share: float = 0.02
    school_ranked_share: float = 0.02
    school_ranked_applicants: float = 0.8

    @property
    def offerings(self) -> int:
        return max(self.applicants // self.applicants_per_offering, self.max_choices)


@dataclass(frozen=True, slots=True)
class PreferenceDicts:
    """The instance as plain preference lists, as the other matching packages take it.

    Applicants and offerings are named by their 0-based index; an offering lists exactly the
    applicants who may be admitted there, best priority first.
    """

    applicant_prefs: dict[int, list[int]]
    offering_prefs: dict[int, list[int]]
    capacities: dict[int, int]


@dataclass(frozen=True, slots=True)
class _Offerings:
    popularity: FloatArray
    cluster: IntArray
    by_cluster: IntArray
    cluster_cdf: FloatArray
    global_cdf: FloatArray


def generate(config: SyntheticConfig) -> MatchingProblem:
    """The synthetic instance described by ``config`` (same config, same instance)."""
    rng = np.random.default_rng(config.seed)
    offerings = _draw_offerings(rng, config)
    home = _draw_home_clusters(rng, offerings, config.applicants)
    choices = _draw_choices(rng, offerings, home, config)
    lengths = _draw_choice_counts(rng, config)
    choice_start = np.zeros(config.applicants + 1, dtype=np.int64)
    np.cumsum(lengths, out=choice_start[1:])
    keep = np.arange(config.max_choices) < lengths[:, None]
    choice_offering = choices[keep].astype(np.int64)
    applicant = np.repeat(np.arange(config.applicants, dtype=np.int64), lengths)
    merit = _draw_merit_centi(rng, config.applicants)
    score = merit[applicant] + _draw_test_points_centi(rng, choice_offering, config)
    lottery = rng.permutation(config.applicants).astype(np.int64) + 1
    problem = MatchingProblem(
        capacity=_draw_capacities(rng, offerings.popularity, config),
        choice_start=choice_start,
        choice_offering=choice_offering,
        choice_status=np.full(len(choice_offering), ChoiceStatus.ADMISSIBLE, dtype=np.int8),
        priority_key=combine_columns([score, -lottery[applicant]]),
        score_centi=score,
    )
    if not config.special_offerings:
        return problem
    return _with_special_offerings(rng, problem, lottery[applicant], config)


def _with_special_offerings(
    rng: np.random.Generator,
    problem: MatchingProblem,
    lottery: IntArray,
    config: SyntheticConfig,
) -> MatchingProblem:
    """The problem with school-ranked offerings and fri-kvot places drawn (module docstring)."""
    m, offering = problem.offering_count, problem.choice_offering
    ranked = rng.random(m) < config.school_ranked_share
    row_ranked = ranked[offering]
    rank = _draw_school_ranks(rng, offering, row_ranked, config.school_ranked_applicants)
    status = problem.choice_status.copy()
    status[row_ranked & (rank == 0)] = ChoiceStatus.NOT_OFFERED
    key = problem.priority_key.copy()
    key[row_ranked] = ranked_keys(rank[row_ranked], lottery[row_ranked])
    low, high = config.quota_places
    with_quota = rng.random(m) < config.quota_offering_share
    places = np.where(with_quota, rng.integers(low, high + 1, m), 0)
    places = np.where(ranked, 0, np.minimum(places, problem.capacity)).astype(np.int64)
    claim = (rng.random(len(offering)) < config.quota_grant_share) & ~row_ranked
    return MatchingProblem(
        capacity=problem.capacity,
        choice_start=problem.choice_start,
        choice_offering=offering,
        choice_status=status,
        priority_key=key,
        score_centi=problem.score_centi,
        quotas=Quotas(places, claim, quota_keys(claim, key)),
        ranking=SchoolRanking(ranked, rank),
    )


def _draw_school_ranks(
    rng: np.random.Generator, offering: IntArray, ranked_row: npt.NDArray[np.bool_], share: float
) -> IntArray:
    """Per row, the school's rank 1..k within its offering (0: not ranked, or not ranked there)."""
    rows = np.flatnonzero(ranked_row & (rng.random(len(offering)) < share))
    rows = rows[np.lexsort((rng.random(len(rows)), offering[rows]))]
    group_start = np.searchsorted(offering[rows], offering[rows], side="left")
    rank = np.zeros(len(offering), dtype=np.int64)
    rank[rows] = np.arange(len(rows), dtype=np.int64) - group_start + 1
    return rank


def preference_dicts(problem: MatchingProblem) -> PreferenceDicts:
    """Admissible choices as preference dicts: applicants in rank order, offerings by priority."""
    admissible = problem.choice_status == ChoiceStatus.ADMISSIBLE
    applicant = problem.choice_applicant()[admissible]
    offering = problem.choice_offering[admissible]
    by_priority = np.lexsort((-problem.priority_key[admissible], offering))
    return PreferenceDicts(
        applicant_prefs=_group(applicant, offering, problem.applicant_count),
        offering_prefs=_group(
            offering[by_priority], applicant[by_priority], problem.offering_count
        ),
        capacities=dict(enumerate(problem.capacity.tolist())),
    )


def _group(owner: IntArray, member: IntArray, owners: int) -> dict[int, list[int]]:
    """``{owner: [members in the given order]}`` for ``owner`` sorted ascending."""
    bounds = np.searchsorted(owner, np.arange(owners + 1)).tolist()
    members = member.tolist()
    return {o: members[bounds[o] : bounds[o + 1]] for o in range(owners)}


def _zipf_weights(count: int, exponent: float) -> FloatArray:
    weights: FloatArray = 1.0 / np.arange(1, count + 1, dtype=np.float64) ** exponent
    weights /= weights.sum()
    return weights


def _draw_offerings(rng: np.random.Generator, config: SyntheticConfig) -> _Offerings:
    """Clusters and popularity of the offerings, with their sampling tables.

    Cluster shares are Zipf, and so are cluster sizes (every cluster has an offering); within a
    cluster the offerings' shares are Zipf again, in random order. Offering ids are shuffled.
    """
    m = config.offerings
    clusters = min(config.clusters, m)
    share = _zipf_weights(clusters, config.zipf_exponent)
    sizes = 1 + rng.multinomial(m - clusters, share)
    sorted_cluster = np.repeat(np.arange(clusters, dtype=np.int64), sizes)
    within = np.concatenate(
        [_zipf_weights(s, config.zipf_exponent)[rng.permutation(s)] for s in sizes]
    )
    by_cluster = rng.permutation(m)
    cluster = np.empty(m, dtype=np.int64)
    cluster[by_cluster] = sorted_cluster
    popularity = np.empty(m, dtype=np.float64)
    popularity[by_cluster] = within * share[sorted_cluster]
    return _Offerings(
        popularity=popularity,
        cluster=cluster,
        by_cluster=by_cluster,
        cluster_cdf=_cluster_cdf(within, sorted_cluster),
        global_cdf=_cdf(popularity),
    )


def _cdf(weights: FloatArray) -> FloatArray:
    cdf: FloatArray = np.cumsum(weights) / weights.sum()
    cdf[-1] = 1.0
    return cdf


def _cluster_cdf(weights: FloatArray, cluster: IntArray) -> FloatArray:
    """Concatenated per-cluster CDFs, cluster ``c``'s running from ``c`` to ``c + 1``."""
    cdf = np.empty(len(weights), dtype=np.float64)
    bounds = np.searchsorted(cluster, np.arange(cluster[-1] + 2))
    for c, (lo, hi) in enumerate(itertools.pairwise(bounds)):
        cdf[lo:hi] = c + _cdf(weights[lo:hi])
    return cdf


def _draw_home_clusters(rng: np.random.Generator, offerings: _Offerings, n: int) -> IntArray:
    cluster_weight = np.bincount(offerings.cluster, weights=offerings.popularity)
    return rng.choice(len(cluster_weight), size=n, p=cluster_weight / cluster_weight.sum())


def _draw_choices(
    rng: np.random.Generator, offerings: _Offerings, home: IntArray, config: SyntheticConfig
) -> npt.NDArray[np.int32]:
    """``max_choices`` distinct offerings per applicant, in rank order, chunk by chunk."""
    choices = np.empty((config.applicants, config.max_choices), dtype=np.int32)
    for lo in range(0, config.applicants, _CHUNK_ROWS):
        hi = min(lo + _CHUNK_ROWS, config.applicants)
        choices[lo:hi] = _draw_choice_chunk(rng, offerings, home[lo:hi], config)
    return choices


def _draw_choice_chunk(
    rng: np.random.Generator, offerings: _Offerings, home: IntArray, config: SyntheticConfig
) -> npt.NDArray[np.int32]:
    """Draw with replacement, keep the first distinct; redraw short rows with twice the draws."""
    k = config.max_choices
    result = np.empty((len(home), k), dtype=np.int32)
    pending = np.arange(len(home))
    draw_count = k + 4
    while len(pending):
        draws = _draw_with_replacement(rng, offerings, home[pending], draw_count, config)
        keep = _first_distinct(draws, k)
        complete = keep.sum(axis=1) == k
        result[pending[complete]] = draws[complete][keep[complete]].reshape(-1, k)
        pending = pending[~complete]
        draw_count *= 2
    return result


def _draw_with_replacement(
    rng: np.random.Generator,
    offerings: _Offerings,
    home: IntArray,
    draws: int,
    config: SyntheticConfig,
) -> npt.NDArray[np.int32]:
    """``draws`` offerings per row, i.i.d. from the row's home-cluster/global mixture."""
    shape = (len(home), draws)
    u = rng.random(shape)
    in_cluster = rng.random(shape) < config.in_cluster_share
    last = len(offerings.global_cdf) - 1
    result = np.empty(shape, dtype=np.int32)
    rows, _ = np.nonzero(in_cluster)
    position = np.searchsorted(offerings.cluster_cdf, home[rows] + u[in_cluster], side="right")
    result[in_cluster] = offerings.by_cluster[np.minimum(position, last)]
    position = np.searchsorted(offerings.global_cdf, u[~in_cluster], side="right")
    result[~in_cluster] = np.minimum(position, last)
    return result


def _first_distinct(draws: npt.NDArray[np.int32], k: int) -> npt.NDArray[np.bool_]:
    """Mask of the first ``k`` first-occurrences in every row, in order of appearance."""
    order = np.argsort(draws, axis=1, kind="stable")
    ordered = np.take_along_axis(draws, order, axis=1)
    first_in_order = np.ones(draws.shape, dtype=bool)
    first_in_order[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    first = np.empty(draws.shape, dtype=bool)
    np.put_along_axis(first, order, first_in_order, axis=1)
    return first & (np.cumsum(first, axis=1) <= k)


def _draw_choice_counts(rng: np.random.Generator, config: SyntheticConfig) -> IntArray:
    n, k = config.applicants, config.max_choices
    if config.exact_choices:
        return np.full(n, k, dtype=np.int64)
    return 1 + rng.binomial(k - 1, 0.4, size=n).astype(np.int64)


def _draw_merit_centi(rng: np.random.Generator, n: int) -> IntArray:
    """Sum of 16–17 subject grades driven by a latent ability, in hundredths of a point."""
    ability = rng.normal(0.0, 1.0, size=n)
    merit = np.zeros(n, dtype=np.int64)
    reads_language = rng.random(n) < 0.75
    for subject in range(17):
        level = np.rint(2.9 + 1.3 * ability + rng.normal(0.0, 0.9, size=n))
        points = GRADE_POINTS_CENTI[np.clip(level, 0, 5).astype(np.int64)]
        merit += points if subject < 16 else np.where(reads_language, points, 0)
    return merit


def _draw_test_points_centi(
    rng: np.random.Generator, choice_offering: IntArray, config: SyntheticConfig
) -> IntArray:
    """Aptitude-test points × multiplier on choices of offerings that hold a test, else 0."""
    m = config.offerings
    multiplier = np.where(rng.random(m) < config.test_offering_share, rng.integers(1, 3, m), 0)
    points = np.clip(np.rint(rng.normal(55.0, 20.0, len(choice_offering))), 0, 100)
    return points.astype(np.int64) * 100 * multiplier[choice_offering]


def _draw_capacities(
    rng: np.random.Generator, popularity: FloatArray, config: SyntheticConfig
) -> IntArray:
    """Places ∝ popularity^power, clipped per offering, summing to ≈ ratio × applicants."""
    low, high = config.capacity_bounds
    target = config.applicants * rng.uniform(*config.capacity_ratio)
    shape = popularity**config.capacity_popularity_power
    lo_scale, hi_scale = 0.0, high / shape.min()
    for _ in range(60):  # bisection on the scale; the clipped sum grows with it
        scale = (lo_scale + hi_scale) / 2
        if np.clip(scale * shape, low, high).sum() < target:
            lo_scale = scale
        else:
            hi_scale = scale
    return np.rint(np.clip(lo_scale * shape, low, high)).astype(np.int64)
