"""Fri kvot as a capped quota: each quota offering split into a quota part and an ordinary part.

Source: gymnasieförordningen (2010:2039) 7 kap. 3 § — "ett begränsat antal platser" may go to
applicants who for special reasons should have precedence, or whose grades cannot be compared
(the organiser decides how many, and whom); 7 kap. 4 § — "Övriga platser ska fördelas mellan
de sökande med betygen som grund". Design: the slot-specific priorities of Kominers & Sönmez
("Matching with slot-specific priorities: theory", Theoretical Economics 11, 2016) and the
reserve expansion of Dur, Kominers, Pathak & Sönmez ("Reserve design: unintended consequences
and the demise of Boston's walk zones", Journal of Political Economy 126(6), 2018).

Procedure. An offering ``o`` with ``c`` places of which ``q > 0`` are fri kvot becomes two
engine offerings: its **quota part** (``q`` places) and its **ordinary part** (``c − q``
places; ``o`` keeps its index for it, the quota parts follow the real offerings). The quota
part orders its applicants by ``Quotas.key``: the applicants the organiser granted fri kvot
first (among themselves in their ordinary order), then — when unused quota places revert to
ordinary selection, the default — everyone else in the ordinary order. The ordinary part orders
everyone by the ordinary priority key, where a fri-kvot applicant competes with their ordinary
class and score. Every choice of such an offering becomes two consecutive rows, the quota part
first (``quota_first``; the alternative setting puts the ordinary part first); a choice that
has no quota part (no quota, or not a claimant when quota places do not revert) stays one row.
Deferred acceptance runs on this expanded problem, and its matching is read back: the real row
each applicant holds, and whether on a quota place. The engine (``deferred_acceptance``) does
that without building the expanded arrays — a two-part row is proposed to its first part and,
if rejected, to its second — which is the same run; ``expand`` and ``decode`` build it for the
test suite and for the benchmark's comparison with other matching packages, which shows that
the two agree.

Why this is right (proof sketch):

* Termination. The expanded problem is an ordinary college-admissions instance with at most
  twice the choice rows. In deferred acceptance an applicant's pointer only moves down their
  own list, so every expanded row is proposed on at most once: at most 2 × rows proposals, and
  the run ends (O(rows × log places)). No state can recur, so no cycle detection is needed.
* The cap. The quota part has exactly ``q`` places, so at most ``q`` applicants hold a quota
  place, and so at most ``q`` are admitted *under fri kvot* (a claimant on a quota place).
  Both parts together have ``c`` places.
* Stability. The matching is stable in the expanded problem (Gale–Shapley). Take the
  offering's choice function: of the applicants who want it, fill the quota places first by
  ``Quotas.key``, then the ordinary places by the ordinary key (or the other way round). An
  applicant who prefers ``o`` to their placement and would be chosen — into a quota place, or an
  ordinary place — would prefer that part in the expanded problem too and outrank one of its
  holders (or find a free place there): justified envy in the expanded problem, which deferred
  acceptance never leaves. Inside one offering the applicant proposes to the first part before
  the second, so no claimant holds an ordinary place while a lower quota priority holds a quota
  place (quota first). Hence: no justified envy within the quota, none outside it, no wasted
  place, the cap kept — which ``certificate`` checks on the real offerings, independently.
* Unused quota places revert: a non-claimant ranks below every claimant in the quota part, so
  takes a quota place only when no claimant wants it; nobody is left out for an empty seat.

Which part first matters (Dur et al. 2018): with the quota first, a claimant whose merit would
have won an ordinary place still uses a quota place, as the organiser's grant gives precedence
("företräde"); with the ordinary part first (``Quotas.quota_first`` false) claimants compete on
merit first and the quota goes to those merit does not reach. The statute does not say; quota
first is the default and the setting names the other.

Taken from Finland's open-source admission engine (Opetushallitus/sijoittelu,
``Hakijaryhma``: an applicant group's ``kiintio`` admitted first within a selection queue, with
``tarkkaKiintio`` capping it exactly): a quota is a number of places per offering filled from
a named group in the queue's own order, and the group competes in the ordinary queue too.
Done differently: sijoittelu iterates offering by offering until nothing changes and, because
its quota handling can cycle, hashes every state to detect loops ("Sijoittelu on silmukassa").
Here the quota is a separate part with its own places, so the run is plain deferred acceptance:
it terminates by construction and its result is certified, not merely the last state reached.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from samverka.admission.domain.matching_problem import BoolArray, IntArray, MatchingProblem


@dataclass(frozen=True, slots=True, eq=False)
class QuotaExpansion:
    """The expanded problem and the way back.

    ``origin[x]``: the real row of expanded row ``x``; ``quota_row[x]``: it is a quota-part row;
    ``real_offering[e]``: the real offering of engine offering ``e``.
    """

    problem: MatchingProblem
    origin: IntArray
    quota_row: BoolArray
    real_offering: IntArray


def expand(problem: MatchingProblem) -> QuotaExpansion:
    """The expanded problem of a problem with quotas (see the module's procedure)."""
    quotas = problem.quotas
    if quotas is None:
        raise ValueError("the problem has no quotas to expand")
    m = problem.offering_count
    with_quota = np.flatnonzero(quotas.places > 0)
    part_of = np.full(m, -1, dtype=np.int64)
    part_of[with_quota] = m + np.arange(len(with_quota), dtype=np.int64)
    two = quotas.has_quota_part(problem.choice_offering)
    copies = 1 + two.astype(np.int64)
    origin = np.repeat(np.arange(problem.choice_count, dtype=np.int64), copies)
    before = np.zeros(problem.choice_count + 1, dtype=np.int64)
    np.cumsum(copies, out=before[1:])
    quota_row = np.zeros(len(origin), dtype=bool)
    quota_row[before[:-1][two] + (0 if quotas.quota_first else 1)] = True
    offering = problem.choice_offering[origin]
    offering[quota_row] = part_of[offering[quota_row]]
    key = problem.priority_key[origin]
    key[quota_row] = quotas.key[origin[quota_row]]
    expanded = MatchingProblem(
        capacity=np.concatenate([problem.capacity - quotas.places, quotas.places[with_quota]]),
        choice_start=before[problem.choice_start],
        choice_offering=offering,
        choice_status=problem.choice_status[origin],
        priority_key=key,
        score_centi=problem.score_centi[origin],
    )
    real_offering = np.concatenate([np.arange(m, dtype=np.int64), with_quota])
    return QuotaExpansion(expanded, origin, quota_row, real_offering)


def decode(expansion: QuotaExpansion, placed_row: IntArray) -> tuple[IntArray, BoolArray]:
    """Per applicant, the real row held (-1: none) and whether it is a quota place."""
    placed = placed_row >= 0
    real = np.full(len(placed_row), -1, dtype=np.int64)
    real[placed] = expansion.origin[placed_row[placed]]
    on_quota = np.zeros(len(placed_row), dtype=bool)
    on_quota[placed] = expansion.quota_row[placed_row[placed]]
    return real, on_quota
