"""Admission rounds and what each kind means (admissions-rules §3.2, §11.2 invariants 6–8).

* PRELIMINARY — on autumn-term grades; non-binding; published as standing and cut-offs.
* FINAL — on final grades; binding placements.
* RESERVE — after the final round: moves applicants only up, to a higher choice; a move frees
  the former place for the best reserve; declines free places; nobody admitted is moved down or
  out by the system.
* SIMULATION — a planning run at any time; never published, never visible to applicants.

A stored run is immutable. Publishing is the only change it allows, once, and only for a kind
that may be published; a new run follows a published one, it never replaces it.
"""

from __future__ import annotations

from enum import StrEnum

from samverka.domain.admission.calendar import GradeTerm
from samverka.errors import Conflict


class RoundKind(StrEnum):
    PRELIMINARY = "preliminary"
    FINAL = "final"
    RESERVE = "reserve"
    SIMULATION = "simulation"

    @property
    def grade_term(self) -> GradeTerm:
        return GradeTerm.AUTUMN if self is RoundKind.PRELIMINARY else GradeTerm.FINAL

    @property
    def publishable(self) -> bool:
        return self is not RoundKind.SIMULATION

    @property
    def binding(self) -> bool:
        return self in (RoundKind.FINAL, RoundKind.RESERVE)


class RoundStatus(StrEnum):
    STORED = "stored"
    PUBLISHED = "published"


def check_publishable(kind: RoundKind, status: RoundStatus) -> None:
    if not kind.publishable:
        raise Conflict("a simulation is never published")
    if status is RoundStatus.PUBLISHED:
        raise Conflict("the round is already published; a published run cannot be changed")
