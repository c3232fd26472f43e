"""The matching problem in array form: what the deferred-acceptance engine solves.

An instance lists, for every applicant, their choices in rank order (rank 1 first). Each choice
row carries the offering it names, whether the applicant may be admitted there (``status``), the
score an offering shows as its cut-off, and one integer *priority key*: the offering prefers
the higher key. Keys are compared only within one offering, so a key may mix the priority class,
the score and every tie-break of that offering's chain (see ``priorities``); the chain ends in
the applicant's lottery number, which makes every offering's order strict.

Two optional parts describe offerings that do not select on the priority key alone:

* ``quotas`` — fri kvot (gymnasieförordningen 7 kap. 3 §): per offering the number of places
  under the quota; per row whether the organiser granted the applicant fri kvot there, and the
  row's priority inside the quota. ``quota_expansion`` says how the engine fills them.
* ``ranking`` — offerings the school ranks itself (individual introduction programmes): per
  offering whether it is one, per row the school's rank (0: not ranked). The priority key of
  such a row is built from the rank (``priorities.ranked_keys``); the ranks themselves are kept
  so that the certificate, the cut-offs and the explanations can name them.

Arrays, not objects, because a region-wide run has tens of thousands of applicants and the
benchmark a million: the engine and the certificate stay linear in the number of choice rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class ChoiceStatus(IntEnum):
    """Whether a choice can be tried, and if not, why (the order is the order of checks)."""

    ADMISSIBLE = 0
    OFFERING_CLOSED = 1
    NOT_ELIGIBLE = 2
    BELOW_TEST_MINIMUM = 3
    WITHDRAWN = 4  # reserve rounds: given up by a reply, or below the place the applicant holds
    NOT_OFFERED = 5  # an offering the school ranks, and the school has not ranked the applicant


@dataclass(frozen=True, slots=True, eq=False)
class Quotas:
    """Fri kvot: ``places[o]`` of offering ``o``'s places are the quota (0: none).

    ``claim[r]``: the organiser granted row ``r``'s applicant fri kvot for its offering.
    ``key[r]``: the row's priority in the quota (higher first), compared within an offering:
    claimants before everyone else. ``reverts``: quota places no claimant takes go to ordinary
    selection (GyF 7 kap. 4 §, the default); otherwise only claimants may hold them.
    ``quota_first``: an applicant is tried for the quota before the ordinary places (the
    default); otherwise after them (``quota_expansion`` explains the difference).
    """

    places: IntArray
    claim: BoolArray
    key: IntArray
    reverts: bool = True
    quota_first: bool = True

    def has_quota_part(self, offering: IntArray) -> BoolArray:
        """Per row (``offering`` given per row): does the row also compete in the quota?"""
        with_quota: BoolArray = self.places[offering] > 0
        return with_quota if self.reverts else with_quota & self.claim


@dataclass(frozen=True, slots=True, eq=False)
class SchoolRanking:
    """Offerings the school ranks: ``ranked[o]``; the school's rank of row ``r`` in ``rank[r]``
    (1 = first; 0 = not ranked, or an offering the school does not rank)."""

    ranked: BoolArray
    rank: IntArray


@dataclass(frozen=True, slots=True, eq=False)
class MatchingProblem:
    """Applicants' ranked choices and the offerings' priorities, indexed from 0.

    ``choice_start[a]:choice_start[a + 1]`` are applicant ``a``'s choice rows in rank order.
    ``score_centi`` is the score shown as cut-off, in hundredths of a point.
    """

    capacity: IntArray
    choice_start: IntArray
    choice_offering: IntArray
    choice_status: npt.NDArray[np.int8]
    priority_key: IntArray
    score_centi: IntArray
    quotas: Quotas | None = None
    ranking: SchoolRanking | None = None

    @property
    def applicant_count(self) -> int:
        return len(self.choice_start) - 1

    @property
    def offering_count(self) -> int:
        return len(self.capacity)

    @property
    def choice_count(self) -> int:
        return len(self.choice_offering)

    def choice_applicant(self) -> IntArray:
        """The applicant of every choice row."""
        lengths = np.diff(self.choice_start)
        return np.repeat(np.arange(self.applicant_count, dtype=np.int64), lengths)

    def choice_rank(self) -> IntArray:
        """The rank (1 = first choice) of every choice row."""
        row = np.arange(self.choice_count, dtype=np.int64)
        return row - np.repeat(self.choice_start[:-1], np.diff(self.choice_start)) + 1

    def validate(self) -> None:
        """Raise ``ValueError`` if the arrays do not describe a well-formed instance."""
        n_rows = self.choice_count
        if self.choice_start[0] != 0 or self.choice_start[-1] != n_rows:
            raise ValueError("choice_start must run from 0 to the number of choice rows")
        if np.any(np.diff(self.choice_start) < 0):
            raise ValueError("choice_start must not decrease")
        for name in ("choice_status", "priority_key", "score_centi"):
            if len(getattr(self, name)) != n_rows:
                raise ValueError(f"{name} must have one entry per choice row")
        if np.any(self.capacity < 0):
            raise ValueError("capacities must not be negative")
        if n_rows and (
            self.choice_offering.min() < 0 or self.choice_offering.max() >= len(self.capacity)
        ):
            raise ValueError("a choice names an offering that does not exist")
        self._validate_strict_priorities()
        if self.quotas is not None:
            self._validate_quotas(self.quotas)
        if self.ranking is not None:
            if len(self.ranking.ranked) != self.offering_count:
                raise ValueError("ranking.ranked must have one entry per offering")
            if len(self.ranking.rank) != n_rows or np.any(self.ranking.rank < 0):
                raise ValueError("ranking.rank must have one rank (0 or more) per choice row")

    def quota_places(self) -> IntArray:
        """Per offering, the places under fri kvot (zeros without quotas)."""
        if self.quotas is None:
            return np.zeros(self.offering_count, dtype=np.int64)
        return self.quotas.places

    def _validate_quotas(self, quotas: Quotas) -> None:
        if len(quotas.places) != self.offering_count:
            raise ValueError("quotas.places must have one entry per offering")
        if len(quotas.claim) != self.choice_count or len(quotas.key) != self.choice_count:
            raise ValueError("quotas.claim and quotas.key must have one entry per choice row")
        if np.any(quotas.places < 0) or np.any(quotas.places > self.capacity):
            raise ValueError("an offering's fri-kvot places must be 0 to its places")
        part = quotas.has_quota_part(self.choice_offering)
        offering, key = self.choice_offering[part], quotas.key[part]
        order = np.lexsort((key, offering))
        same_offering = np.diff(offering[order]) == 0
        if np.any(same_offering & (np.diff(key[order]) == 0)):
            raise ValueError("two applicants have equal priority in one offering's fri kvot")

    def _validate_strict_priorities(self) -> None:
        """Each applicant names an offering once, and no two applicants tie in an offering."""
        applicant = self.choice_applicant()
        order = np.lexsort((applicant, self.choice_offering))
        same_offering = np.diff(self.choice_offering[order]) == 0
        if np.any(same_offering & (np.diff(applicant[order]) == 0)):
            raise ValueError("an applicant names the same offering twice")
        order = np.lexsort((self.priority_key, self.choice_offering))
        same_offering = np.diff(self.choice_offering[order]) == 0
        if np.any(same_offering & (np.diff(self.priority_key[order]) == 0)):
            raise ValueError("two applicants have equal priority in one offering")
