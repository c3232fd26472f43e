"""The matching problem in array form: what the deferred-acceptance engine solves.

An instance lists, for every applicant, their choices in rank order (rank 1 first). Each choice
row carries the offering it names, whether the applicant may be admitted there (``status``), the
score an offering shows as its cut-off, and one integer *priority key*: the offering prefers
the higher key. Keys are compared only within one offering, so a key may mix the priority class,
the score and every tie-break of that offering's chain (see ``priorities``); the chain ends in
the applicant's lottery number, which makes every offering's order strict.

Arrays, not objects, because a region-wide run has tens of thousands of applicants and the
benchmark a million: the engine and the certificate stay linear in the number of choice rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


class ChoiceStatus(IntEnum):
    """Whether a choice can be tried, and if not, why (the order is the order of checks)."""

    ADMISSIBLE = 0
    OFFERING_CLOSED = 1
    NOT_ELIGIBLE = 2
    BELOW_TEST_MINIMUM = 3
    WITHDRAWN = 4  # reserve rounds: given up by a reply, or below the place the applicant holds


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
