"""Political steering groups (politiska styrgrupper) and elected representatives.

Rules (the board summary of 11 May 2023): the board gives a steering group its mandate by a
board decision, for a period (e.g. 2023–2026); a group has members from the municipalities or
other organisations, each a chair, a member or a deputy, and at most one chair. The board also
elects representatives to partnerships (the structural-fund partnership, the energy office),
each for a period. A period runs from its first day to its last, both included; an open end
(None) runs until further notice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from samverka.errors import N_


class MemberRole(StrEnum):
    CHAIR = "chair"  # ordförande
    MEMBER = "member"  # ledamot
    DEPUTY = "deputy"  # ersättare


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date | None = None

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def period_problem(start: date, end: date | None) -> str | None:
    """What is wrong with the period ``start``–``end`` (a Swedish msgid; the dates stand in the
    form); None when nothing is."""
    if end is not None and end < start:
        return N_("Perioden slutar innan den börjar.")
    return None


def chair_problem(roles: Iterable[MemberRole], new: MemberRole) -> str | None:
    """A group has at most one chair (a Swedish msgid when ``new`` would be a second)."""
    if new is MemberRole.CHAIR and MemberRole.CHAIR in set(roles):
        return N_("Gruppen har redan en ordförande.")
    return None
