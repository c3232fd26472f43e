"""What a monthly run needs to know of one pupil: placements (who teaches them, from when)
and registrations (where they live, from when), the year-9 merit value, and the home
municipalities' tilläggsbelopp decisions for them (``additional_grant``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from samverka.compensation.domain.additional_grant import AdditionalGrant
from samverka.compensation.domain.organiser import Organiser


@dataclass(frozen=True, slots=True)
class Placement:
    """A pupil's enrolment at a school unit, in force from ``start`` to ``end`` inclusive."""

    organiser: Organiser
    school_unit: str
    programme: str
    orientation: str | None
    start: date
    end: date | None = None

    def in_force(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Registration:
    """The pupil is registered (folkbokförd) in ``municipality`` from ``start`` to ``end``."""

    municipality: str
    start: date
    end: date | None = None

    def in_force(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class PupilRecord:
    """One pupil as the run sees them: placements, registration history, year-9 merit and
    tilläggsbelopp decisions."""

    pupil_id: str
    placements: tuple[Placement, ...]
    registrations: tuple[Registration, ...]
    year9_merit: Decimal | None = None
    additional: tuple[AdditionalGrant, ...] = ()
