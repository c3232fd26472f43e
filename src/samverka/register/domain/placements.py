"""School placements: who studies what where, from when to when, and why it ended.

Rules (admissions-rules.md §6; the issue "Placements"):

* A placement is one pupil in one offering (school unit, programme, orientation) from ``start``
  to ``end`` inclusive (None: still studying). An ended placement has a reason: COMPLETED,
  INTERRUPTED (avbrott) or CHANGED_PROGRAMME (byte av studieväg).
* Year-1 placements come from the accepted final admission results, starting on the term's
  first day; schools register the other starts, the interruptions and the programme changes.
  A programme change ends the old placement the day before the new one starts, so the new one
  starts after the old one did.
* A pupil with two placements in force on the same day is a duplicate ("dubbla elever"): the
  school must resolve it. ``duplicates`` finds every such pair, from the day the overlap starts.
* A placement ends as completed **with an examen** (examensbevis: gymnasieexamen) or **with a
  studiebevis** (the programme finished without an examen). Only an examen of a national
  programme ends the municipality's activity follow-up (SL 29 kap. 9 §: the KAA covers those who
  have not completed (fullföljt) a national programme, and a programme is completed only with an
  examensbevis; Skolverket, "Kommunernas aktivitetsansvar för ungdomar": "Elever som inte har
  fått examensbevis utan endast ett studiebevis ingår alltså i kommunens ansvar"; rules audit
  2026-12 §7). An introductory programme (IM*) leads to no examen (SL 17 kap.), so it cannot
  end with one. Placements stored before migration 0020 that ended as ``completed`` say neither:
  they are kept as they are (``COMPLETED``) and, as no examen is recorded, do not end the
  follow-up; the school registers the examen to end it.

A placement that breaks these rules is refused with ``BadValue`` (a ``ValueError`` worded in
Swedish with its dates as parameters), which the services turn into a ``Conflict``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from samverka.errors import N_, BadValue

INTRODUCTORY_PREFIX = "IM"


class EndReason(StrEnum):
    EXAMEN = "examen"  # completed with an examensbevis
    STUDIEBEVIS = "studiebevis"  # completed without an examen: a studiebevis only
    INTERRUPTED = "interrupted"  # avbrott
    CHANGED_PROGRAMME = "changed_programme"  # byte av studieväg
    COMPLETED = "completed"  # stored before migration 0020: completed, examen not recorded


COMPLETIONS = frozenset({EndReason.EXAMEN, EndReason.STUDIEBEVIS, EndReason.COMPLETED})


@dataclass(frozen=True, slots=True)
class SchoolPlacement:
    """One pupil's enrolment in an offering, in force from ``start`` to ``end`` inclusive."""

    personal_id: str
    school_unit: str
    programme: str
    orientation: str
    start: date
    end: date | None = None
    end_reason: EndReason | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise BadValue(
                N_("Placeringen slutar %(end)s, innan den börjar %(start)s."),
                end=self.end.isoformat(),
                start=self.start.isoformat(),
            )
        if (self.end is None) != (self.end_reason is None):
            raise BadValue(N_("En avslutad placering har ett skäl, en pågående har inget."))
        if self.end_reason is EndReason.EXAMEN and not self.national_programme:
            raise BadValue(
                N_("Ett introduktionsprogram (%(programme)s) ger ingen examen."),
                programme=self.programme,
            )

    def in_force(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def national_programme(self) -> bool:
        return not self.programme.upper().startswith(INTRODUCTORY_PREFIX)


def examen_by(placements: Iterable[SchoolPlacement], by: date) -> bool:
    """Whether a national programme was completed with an examen on or before ``by``."""
    return any(
        p.end_reason is EndReason.EXAMEN
        and p.national_programme
        and p.end is not None
        and p.end <= by
        for p in placements
    )


@dataclass(frozen=True, slots=True)
class Duplicate:
    """Two placements of one pupil in force together, from ``since`` (to ``until``)."""

    personal_id: str
    first: SchoolPlacement
    second: SchoolPlacement
    since: date
    until: date | None


def duplicates(placements: Iterable[SchoolPlacement]) -> list[Duplicate]:
    """Every pair of overlapping placements of the same pupil, by pupil and start."""
    by_pupil: dict[str, list[SchoolPlacement]] = defaultdict(list)
    for placement in placements:
        by_pupil[placement.personal_id].append(placement)
    found = []
    for pid in sorted(by_pupil):
        found.extend(_overlaps(pid, sorted(by_pupil[pid], key=lambda p: (p.start, p.id or 0))))
    return found


def _overlaps(pid: str, ordered: Sequence[SchoolPlacement]) -> list[Duplicate]:
    found = []
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if first.end is not None and second.start > first.end:
                continue
            until = _earlier(first.end, second.end)
            found.append(Duplicate(pid, first, second, second.start, until))
    return found


def _earlier(a: date | None, b: date | None) -> date | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def end_placement(placement: SchoolPlacement, end: date, reason: EndReason) -> SchoolPlacement:
    """The placement ended on ``end`` (included) for ``reason``."""
    if placement.end is not None:
        raise BadValue(N_("Placeringen avslutades redan %(end)s."), end=placement.end.isoformat())
    return SchoolPlacement(
        placement.personal_id,
        placement.school_unit,
        placement.programme,
        placement.orientation,
        placement.start,
        end,
        reason,
        placement.id,
    )


def change_programme(
    placement: SchoolPlacement, new_start: date, school_unit: str, programme: str, orientation: str
) -> tuple[SchoolPlacement, SchoolPlacement]:
    """The old placement ended the day before ``new_start`` and the new one."""
    if new_start <= placement.start:  # the day before is then no day of the placement
        raise BadValue(
            N_("Det nya programmet måste börja efter %(start)s."), start=placement.start.isoformat()
        )
    ended = end_placement(placement, new_start - timedelta(days=1), EndReason.CHANGED_PROGRAMME)
    new = SchoolPlacement(placement.personal_id, school_unit, programme, orientation, new_start)
    return ended, new
