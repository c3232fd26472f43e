"""Offerings the school ranks itself, and what a valid ranking is.

Source: skollagen (2010:800) 17 kap. — individuellt alternativ (IMA) is designed for one pupil
at a time, and programinriktat val (IMV) and yrkesintroduktion (IMY) may be; admissions-rules.md
§2.3 and §3.6: in Indra the school ranks the applicants to an individual introduction programme
once the home municipality and the organiser agree ("Rangordnad antagning och reservantagning
IM"); ranked applicants are tried in the school's order, and an applicant without a rank gets
"Ej erbjuden plats" (not offered a place). The IB school does the same ("Rangordnad antagning
IB"); IB and RIG are not offered here yet, and will join ``ALWAYS_RANKED`` or
``RANKED_WHEN_INDIVIDUAL`` when they are.

Rules:

1. IMA is always ranked by the school. IMV and IMY are when the offering is individually adapted
   (the offering setting ``ranked_by_school``); a group IMV or IMY, and every national
   programme, selects on merit.
2. A ranking is the school's order of applicants who chose the offering: ranks 1..n, each once,
   no gaps. Applicants left out are not ranked.
3. Merit does not count on a ranked offering: the engine's priority there is the rank
   (``priorities.ranked_keys``), and the explanation names ranks, not points.
4. The ranking is kept for the admission year, not per round: the school may change it at any
   time, and each round uses the ranking of the moment it runs (recorded in its snapshot, so a
   stored round is repeated with the ranks it used). In a reserve round an admitted applicant
   keeps the place whatever the new ranking says (``reserve_round``), as for any admission.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

ALWAYS_RANKED: Final = frozenset({"IMA"})
RANKED_WHEN_INDIVIDUAL: Final = frozenset({"IMV", "IMY"})


def is_ranked_by_school(programme: str, individually_adapted: bool) -> bool:
    """Whether the school's ranking decides admission to an offering of ``programme``."""
    if programme in ALWAYS_RANKED:
        return True
    return individually_adapted and programme in RANKED_WHEN_INDIVIDUAL


def may_be_ranked_by_school(programme: str) -> bool:
    """Whether an offering of ``programme`` may be ranked by the school at all."""
    return programme in ALWAYS_RANKED | RANKED_WHEN_INDIVIDUAL


def ranking_problems(ranks: Mapping[str, int], applicants: Sequence[str]) -> list[str]:
    """Why ``ranks`` (applicant → rank) is not a valid ranking of ``applicants`` (who chose
    the offering), in plain English; empty when it is valid."""
    problems = [f"{who} has not chosen the offering" for who in ranks if who not in applicants]
    problems += [f"rank {rank} of {who} is below 1" for who, rank in ranks.items() if rank < 1]
    given = sorted(rank for rank in ranks.values() if rank >= 1)
    doubles = sorted({rank for rank in given if given.count(rank) > 1})
    problems += [f"rank {rank} is given more than once" for rank in doubles]
    if not doubles and given and given != list(range(1, len(given) + 1)):
        problems.append(f"the ranks must run 1 to {len(given)} without gaps")
    return problems


def ranks_of(order: Sequence[str]) -> dict[str, int]:
    """A ranking given as the applicants in order, first = rank 1."""
    return {who: rank for rank, who in enumerate(order, start=1)}
