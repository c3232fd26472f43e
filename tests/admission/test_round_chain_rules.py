"""The chain of published rounds (``admission.domain.rounds``): a round is published only if it
follows the latest published round, and its publication supersedes the other stored rounds.

Sources: issue 11 point 4; admissions-rules.md §4.1 (one preliminary and one final round, then
reserve rounds in turn) and §11.2 invariant 8 (reserve rounds only move applicants up);
förvaltningslagen (2017:900) 37 §.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from samverka.admission.domain.rounds import (
    FIRST,
    RoundKind,
    RoundStatus,
    check_publishable,
    latest_published,
    predecessor_for_run,
    published_chain,
    superseded_by,
)
from samverka.errors import Conflict

PRELIMINARY, FINAL, RESERVE = RoundKind.PRELIMINARY, RoundKind.FINAL, RoundKind.RESERVE
STORED, PUBLISHED, SUPERSEDED = RoundStatus.STORED, RoundStatus.PUBLISHED, RoundStatus.SUPERSEDED


@dataclass(frozen=True, slots=True)
class Round:
    id: int
    kind: RoundKind
    status: RoundStatus = STORED
    previous_round_id: int | None = None
    published_after: int | None = None


def published(round_id: int, kind: RoundKind, after: int, previous: int | None = None) -> Round:
    return Round(round_id, kind, PUBLISHED, previous, after)


# A year so far: preliminary 1 published, final 2 published after it, reserve 3 published after 2.
YEAR = [
    published(1, PRELIMINARY, FIRST),
    published(2, FINAL, 1, previous=1),
    published(3, RESERVE, 2, previous=2),
]


def test_the_published_rounds_form_a_chain_in_the_order_they_were_published() -> None:
    shuffled = [YEAR[2], Round(9, RESERVE, previous_round_id=3), YEAR[0], YEAR[1]]
    assert [r.id for r in published_chain(shuffled)] == [1, 2, 3]
    latest = latest_published(shuffled)
    assert latest is not None
    assert latest.id == 3
    assert latest_published([Round(1, FINAL)]) is None


def test_a_new_run_follows_the_latest_published_round() -> None:
    assert predecessor_for_run(RESERVE, YEAR) == 3
    assert predecessor_for_run(FINAL, YEAR[:1]) == 1
    assert predecessor_for_run(PRELIMINARY, []) is None
    assert predecessor_for_run(RoundKind.SIMULATION, YEAR) is None


def test_a_reserve_round_after_the_latest_published_round_may_be_published() -> None:
    check_publishable(Round(4, RESERVE, previous_round_id=3), YEAR)


def test_a_second_reserve_round_after_the_same_round_is_refused_once_the_first_is_published() -> (
    None
):
    """The fault of issue 11 point 4: reserve rounds 3 and 4 were both run after round 2; 3 is
    published, so 4 was computed from a result applicants no longer see."""
    with pytest.raises(Conflict, match="följer inte på"):
        check_publishable(Round(4, RESERVE, previous_round_id=2), YEAR)


def test_a_superseded_round_is_never_published() -> None:
    superseded = Round(4, RESERVE, SUPERSEDED, previous_round_id=3)
    with pytest.raises(Conflict, match="ersattes"):
        check_publishable(superseded, YEAR)


def test_a_published_round_and_a_simulation_are_never_published_again() -> None:
    with pytest.raises(Conflict, match="redan publicerad"):
        check_publishable(YEAR[2], YEAR)
    with pytest.raises(Conflict, match="simulering"):
        check_publishable(Round(4, RoundKind.SIMULATION), YEAR)


def test_no_final_or_preliminary_round_follows_a_published_binding_round() -> None:
    with pytest.raises(Conflict, match="bara reservomgångar"):
        check_publishable(Round(4, FINAL, previous_round_id=3), YEAR)
    with pytest.raises(Conflict, match="bara reservomgångar"):
        check_publishable(Round(4, PRELIMINARY, previous_round_id=3), YEAR)
    with pytest.raises(Conflict, match="bara reservomgångar"):
        predecessor_for_run(FINAL, YEAR)


def test_a_reserve_round_needs_a_published_binding_round_before_it() -> None:
    with pytest.raises(Conflict, match="kräver en publicerad slutlig antagning"):
        predecessor_for_run(RESERVE, YEAR[:1])
    with pytest.raises(Conflict, match="kräver en publicerad slutlig antagning"):
        check_publishable(Round(4, RESERVE, previous_round_id=1), YEAR[:1])


def test_a_final_round_run_before_the_preliminary_was_published_does_not_follow_it() -> None:
    with pytest.raises(Conflict, match="följer inte på"):
        check_publishable(Round(4, FINAL, previous_round_id=None), YEAR[:1])
    check_publishable(Round(4, FINAL, previous_round_id=None), [])


def test_publishing_supersedes_every_other_stored_round_but_simulations() -> None:
    rounds = [
        *YEAR,
        Round(4, RESERVE, previous_round_id=3),
        Round(5, RESERVE, previous_round_id=3),
        Round(6, RoundKind.SIMULATION),
        Round(7, RESERVE, SUPERSEDED, previous_round_id=2),
    ]
    assert superseded_by(rounds[3], rounds) == [5]
