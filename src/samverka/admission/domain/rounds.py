"""Admission rounds and what each kind means (admissions-rules §3.2, §11.2 invariants 6–8).

* PRELIMINARY — on autumn-term grades; non-binding; published as standing and cut-offs.
* FINAL — on final grades; binding placements.
* RESERVE — after the final round: moves applicants only up, to a higher choice; a move frees
  the former place for the best reserve; declines free places; nobody admitted is moved down or
  out by the system.
* SIMULATION — a planning run at any time; never published, never visible to applicants.

A stored run is immutable. Publishing is the only change it allows, once, and only for a kind
that may be published; a new run follows a published one, it never replaces it.

Published rounds form one chain per admission year (``check_publishable``; issue 11 point 4):

1. Every run but a simulation records the round it follows (``previous_round_id``): the
   latest published round of the year when it was run (none for the first).
2. A round may be published only if it follows the latest published round, and its kind may
   follow that round's: preliminary rounds and the final round only before any binding round
   is published (so there is one final round), reserve rounds only after a binding one.
3. Publishing a round supersedes every other stored round of the year (simulations aside):
   each was run before this publication, so it can never follow the latest published round
   again. A superseded round is kept and shown as such, and never published.
4. The database backs the chain: each publication records the one it followed
   (``published_after``, unique per year), so two publications after the same round cannot
   both be stored even if the rule above were bypassed.

So a reserve round is always computed from the result applicants see, and nobody admitted is
moved down or out by a round computed from an older result. Sources: admissions-rules.md §4.1
(one preliminary and one final round, then reserve rounds in turn), §11.2 invariant 8
(monotonicity of reserve rounds); förvaltningslagen (2017:900) 37 § (a decision in someone's
favour is not changed to their disadvantage).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol

from samverka.admission.domain.calendar import GradeTerm
from samverka.errors import N_, Conflict


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
    SUPERSEDED = "superseded"  # another round was published after its predecessor: never published


class Link(Protocol):
    """What the chain rule needs to know of a stored round (``admission.ports.RoundRow``)."""

    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> RoundKind: ...
    @property
    def status(self) -> RoundStatus: ...
    @property
    def previous_round_id(self) -> int | None: ...
    @property
    def published_after(self) -> int | None: ...


FIRST = 0  # ``published_after`` of the year's first publication


def published_chain(rounds: Iterable[Link]) -> list[Link]:
    """The year's published rounds in the order they were published: each followed the one
    before it (``published_after``), the first followed nothing."""
    following = {r.published_after: r for r in rounds if r.status is RoundStatus.PUBLISHED}
    chain: list[Link] = []
    link = following.get(FIRST)
    while link is not None:
        chain.append(link)
        link = following.get(link.id)
    return chain


def latest_published(rounds: Iterable[Link]) -> Link | None:
    chain = published_chain(rounds)
    return chain[-1] if chain else None


def predecessor_for_run(kind: RoundKind, rounds: Iterable[Link]) -> int | None:
    """The round a new run of ``kind`` follows: the latest published round (None for the
    first, and for a simulation, which follows nothing). Refused (``Conflict``) when a round of
    ``kind`` could never be published after it."""
    if kind is RoundKind.SIMULATION:
        return None
    latest = latest_published(rounds)
    _check_order(kind, latest)
    return None if latest is None else latest.id


def check_publishable(candidate: Link, rounds: Iterable[Link]) -> None:
    """Refuse (``Conflict``) to publish ``candidate`` unless it follows the latest published
    round of its year: it was run after that round was published, and its kind may follow
    that round's kind (module docstring)."""
    if not candidate.kind.publishable:
        raise Conflict(N_("En simulering publiceras aldrig."))
    if candidate.status is RoundStatus.PUBLISHED:
        raise Conflict(
            N_("Omgången är redan publicerad, och en publicerad omgång kan inte ändras.")
        )
    latest = latest_published(rounds)
    if candidate.status is RoundStatus.SUPERSEDED:
        raise Conflict(
            N_(
                "Omgång %(round)s ersattes när en annan omgång efter samma omgång publicerades, "
                "och kan aldrig publiceras. Kör en ny omgång."
            ),
            round=candidate.id,
        )
    _check_order(candidate.kind, latest)
    expected = None if latest is None else latest.id
    if candidate.previous_round_id != expected:
        if expected is None:
            raise Conflict(
                N_(
                    "Omgång %(round)s kördes före den senaste publiceringen och följer inte på "
                    "den (ingen omgång är publicerad); kör en ny omgång och publicera den."
                ),
                round=candidate.id,
            )
        raise Conflict(
            N_(
                "Omgång %(round)s kördes före den senaste publiceringen och följer inte på den "
                "(den senast publicerade är omgång %(latest)s); kör en ny omgång och publicera "
                "den."
            ),
            round=candidate.id,
            latest=expected,
        )


def superseded_by(candidate: Link, rounds: Iterable[Link]) -> list[int]:
    """The stored rounds that publishing ``candidate`` makes unpublishable: every other stored
    round of the year but simulations. Each was run before this publication, so it follows
    this round's predecessor or an earlier one, never this round."""
    return [
        r.id
        for r in rounds
        if r.id != candidate.id and r.status is RoundStatus.STORED and r.kind.publishable
    ]


def _check_order(kind: RoundKind, latest: Link | None) -> None:
    if kind is RoundKind.RESERVE:
        if latest is None or not latest.kind.binding:
            raise Conflict(N_("En reservomgång kräver en publicerad slutlig antagning före sig."))
    elif latest is not None and latest.kind.binding:
        raise Conflict(
            N_(
                "Omgång %(round)s är en publicerad slutlig antagning; efter den får bara "
                "reservomgångar följa."
            ),
            round=latest.id,
        )
