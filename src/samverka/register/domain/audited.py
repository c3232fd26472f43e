"""What the youth register's audit events keep of a change that no single domain object says
whole: small summaries, each a frozen dataclass whose audited form
(``samverka.platform.domain.audit_snapshot``) is the event's before or after.

Source: issue 11, point 9 (every change in the audit trail, before and after); issue 13 points
1 and 10 (a population load is audited by its counts, its changes being the register's own
history; an activity follow-up entry is audited without the person's identity number or status,
so that nothing of the person stays behind in the trail once the entry is erased);
``docs/security.md``, "Audit trail"; ``docs/kaa.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from samverka.register.domain.placements import SchoolPlacement
from samverka.register.domain.population import ChangeKind


@dataclass(frozen=True, slots=True)
class RegisterState:
    """The register before a load: the last extract's date (none yet) and who it holds."""

    extract_date: date | None
    persons: int


@dataclass(frozen=True, slots=True)
class PopulationLoad:
    """A population load: the extract, the changes it brought by kind, the pupils kept although
    outside the age band, and how many left (with the officer's confirmation of the number)."""

    extract_date: date
    source: str
    changes: Mapping[ChangeKind, int]
    pupils_outside_band: int
    leaving: int
    confirmed_removals: int | None


@dataclass(frozen=True, slots=True)
class PlacedBefore:
    """How many of a year's admitted pupils were placed already, before a step that places
    the rest."""

    already_placed: int


@dataclass(frozen=True, slots=True)
class AdmittedPlacements:
    """Year-1 placements from an admission round: how many, from when, and how many pupils the
    register came to hold from the admission."""

    round: int
    placed: int
    start: date
    registered_from_admission: int


@dataclass(frozen=True, slots=True)
class RegisteredPlacement:
    """A placement a school registered, and the municipality the pupil was registered in from
    it (``None``: the register held them already)."""

    placement: SchoolPlacement
    registered_in: str | None = None


@dataclass(frozen=True, slots=True)
class ProgrammeChange:
    """A change of programme: the placement ended and the new one opened."""

    ended: SchoolPlacement
    new: SchoolPlacement


@dataclass(frozen=True, slots=True)
class RecordedEntry:
    """An activity follow-up entry as the audit trail keeps it: its day and municipality only
    (its kind is the event's action, its id the event's key)."""

    on: date
    municipality: str
