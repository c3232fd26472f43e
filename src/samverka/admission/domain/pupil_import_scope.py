"""Which rows of a pupil file an actor may import: a counsellor stays inside their own pupils.

Sources: issue 11 point 1 (a counsellor's import must stay inside the counsellor's own pupils;
only the admission officer moves a pupil between units or lifts a protection, audited);
admissions-rules §5.1 (counsellors register the pupils of their own school unit, Indra's Excel
import; pupils with protected identity are not imported but handled by the admission office);
admissions-rules §11.2 item 11 (protected identities are never exposed); the scope of an actor:
``platform.access.domain.scope``.

Who may import: a counsellor (COUNSELLOR), the admission officer working in a counsellor's place
for one school unit, and the admission officer in their own role. Anyone else is refused
(``NotPermitted``) before a row is looked at.

Procedure, for each row (``judge_row``), given what is stored of the pupil in the year and
whether the pupil is protected in any source (``StoredPupil``):

1. *The row's school unit is in the scope.* An actor in the COUNSELLOR role (a counsellor, or
   the officer in a counsellor's place) names one of their own school units on every row; a
   missing or other unit is refused (column ``skolenhetskod``). The officer in their own role
   may name any school unit, or none.
2. *An existing pupil belongs to the importer.* Unless the importer is the officer, a row for a
   pupil already stored in the year must be for a pupil of the importer's units who is not
   protected in any source (``protection.is_protected``: the admission flag of any year or the
   population register). Otherwise the row is refused (column ``personnummer``) with one and
   the same reason whatever the cause, so that the answer tells no counsellor that a pupil is
   protected, nor where another unit's pupil goes to school. Lifting a protection is thereby
   refused to everyone but the officer.
3. *Moving is the officer's.* A row that changes a stored pupil's school unit is refused
   (column ``skolenhetskod``) unless the importer is the officer; when the officer does it, the
   row carries the action ``MOVE``.
4. *Lifting is the officer's.* A row that sets a stored pupil's protected identity from true to
   false (only the officer gets this far, by rule 2) carries the action ``LIFT_PROTECTION``.
   Protecting a pupil (false to true) is allowed to every importer: it only narrows who sees.

A new pupil (nothing stored in the year) may be created by every importer within rule 1, also
one who is protected in the population register: the protection then applies to them, as to
everyone, everywhere (the union of the sources). The service audits ``MOVE`` and
``LIFT_PROTECTION`` as actions of their own besides the row's update.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as default
from enum import StrEnum
from typing import Final

from samverka.admission.domain.applicants import ApplicantRecord
from samverka.errors import N_, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role

# The pupil file's columns that scope refusals name (docs/pupil-import.md).
PERSONAL_ID_COLUMN: Final = "personnummer"
SCHOOL_UNIT_COLUMN: Final = "skolenhetskod"

# The refusals, Swedish msgids; NOT_YOUR_UNIT names the row's school unit as ``unit``.
OUTSIDE_YOUR_PUPILS: Final = N_(
    "Eleven är redan registrerad utanför dina skolenheter eller hanteras av "
    "antagningskansliet: ta bort raden eller fråga antagningskansliet."
)
ONLY_THE_OFFICE_MOVES: Final = N_(
    "Bara antagningskansliet kan flytta en elev till en annan skolenhet."
)
MISSING_UNIT: Final = N_("Skolenhetskoden saknas; den ska vara en av dina skolenheter.")
NOT_YOUR_UNIT: Final = N_("Skolenheten %(unit)s är inte en av dina skolenheter.")


class ImportAction(StrEnum):
    """What a row does besides creating or updating the pupil, audited as its own action."""

    MOVE = "move"
    LIFT_PROTECTION = "lift_protection"


@dataclass(frozen=True, slots=True)
class StoredPupil:
    """What the scope needs of a pupil already stored in the admission year."""

    school_unit_code: str | None
    protected_identity: bool  # the year's admission flag
    protected_anywhere: bool  # in any source: any admission year or the population register


@dataclass(frozen=True, slots=True)
class Refusal:
    column: str
    reason: str  # a Swedish msgid with ``%(name)s`` parameters
    parameters: Mapping[str, object] = default(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class RowVerdict:
    refusals: tuple[Refusal, ...] = ()
    actions: tuple[ImportAction, ...] = ()


def require_importer(actor: Actor) -> None:
    """``NotPermitted`` unless the actor is a counsellor or the admission officer."""
    if actor.role not in (Role.COUNSELLOR, Role.OFFICER):
        raise NotPermitted(
            N_("Bara en studie- och yrkesvägledare eller antagningskansliet läser in elever.")
        )


def judge_row(actor: Actor, row: ApplicantRecord, stored: StoredPupil | None) -> RowVerdict:
    """The refusals of one row (rules 1–3) and, when there are none, its audited actions."""
    refusals = _unit_refusals(actor, row.school_unit_code)
    officer = actor.signed_in_role is Role.OFFICER
    if stored is None:
        return RowVerdict(refusals)
    if not officer and not _belongs_to(actor, stored):
        return RowVerdict((*refusals, Refusal(PERSONAL_ID_COLUMN, OUTSIDE_YOUR_PUPILS)))
    moved = stored.school_unit_code != row.school_unit_code
    if moved and not officer:
        refusals = (*refusals, Refusal(SCHOOL_UNIT_COLUMN, ONLY_THE_OFFICE_MOVES))
    if refusals:
        return RowVerdict(refusals)
    actions = [ImportAction.MOVE] if moved else []
    if stored.protected_identity and not row.protected_identity:
        actions.append(ImportAction.LIFT_PROTECTION)
    return RowVerdict(actions=tuple(actions))


def _unit_refusals(actor: Actor, unit: str | None) -> tuple[Refusal, ...]:
    """Rule 1: in the COUNSELLOR role, every row names one of the actor's own units."""
    if actor.role is not Role.COUNSELLOR:
        return ()
    if unit is None:
        return (Refusal(SCHOOL_UNIT_COLUMN, MISSING_UNIT),)
    if unit not in actor.school_unit_codes:
        return (Refusal(SCHOOL_UNIT_COLUMN, NOT_YOUR_UNIT, {"unit": unit}),)
    return ()


def _belongs_to(actor: Actor, stored: StoredPupil) -> bool:
    """Rule 2: a stored pupil of one of the actor's units, protected in no source."""
    return stored.school_unit_code in actor.school_unit_codes and not stored.protected_anywhere
