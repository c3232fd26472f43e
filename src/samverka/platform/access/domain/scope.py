"""The scope an actor works in on the pages of a counsellor, a school or a municipality.

Each of those areas belongs to one role (``WORKPLACE_ROLES``). COUNSELLOR and SCHOOL work in
school units, MUNICIPALITY in a municipality. ``working_actor`` answers, for the signed-in
actor, the area and the school unit or municipality chosen (if any), as whom the actor works:

* The area's own role works in its own scope. Choosing one of its own units (or its own
  municipality) narrows the scope to it; choosing anything else is refused with
  ``NotPermitted``, whether it exists or not, so a counsellor can never reach another unit.
* The admission officer works in the chosen unit or municipality, with the area's role and that
  scope only, as themselves (``Actor.signed_in_as``): the audit trail names the officer, and
  protected identities stay visible. A code that is not among ``existing`` is ``NotFound``;
  until the officer has chosen, the answer is ``None`` (show them what they may choose).
* Every other role is refused with ``NotPermitted``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from samverka.errors import N_, NotFound, NotPermitted
from samverka.platform.access.domain.actors import WORKPLACE_ROLES, Actor, Role


def own_scope(actor: Actor) -> frozenset[str]:
    """The school units, or the municipality, the actor works in."""
    if actor.role is Role.MUNICIPALITY:
        return frozenset({actor.municipality_code} if actor.municipality_code else ())
    return actor.school_unit_codes


def working_actor(
    actor: Actor, area: Role, chosen: str | None, existing: Collection[str]
) -> Actor | None:
    """The actor to read and act as in ``area``; ``None`` while the officer has not chosen."""
    if area not in WORKPLACE_ROLES:
        raise ValueError(f"{area} is not a counsellor's, school's or municipality's area")
    if actor.role is area and actor.signed_in_as is None:
        return _narrowed(actor, chosen)
    if actor.role is not Role.OFFICER:
        raise NotPermitted(
            N_("Det här är för kommunen eller antagningskansliet.")
            if area is Role.MUNICIPALITY
            else N_("Det här är för skolan eller antagningskansliet.")
        )
    if chosen is None:
        return None
    if chosen not in existing:
        raise NotFound(
            N_("Det finns ingen kommun %(code)s.")
            if area is Role.MUNICIPALITY
            else N_("Det finns ingen skolenhet %(code)s."),
            code=repr(chosen),
        )
    return _in_place_of(actor, area, chosen)


def _narrowed(actor: Actor, chosen: str | None) -> Actor:
    if chosen is None:
        return actor
    if chosen not in own_scope(actor):
        raise NotPermitted(
            N_("%(code)s är inte en av dina kommuner.")
            if actor.role is Role.MUNICIPALITY
            else N_("%(code)s är inte en av dina skolenheter."),
            code=repr(chosen),
        )
    if actor.role is Role.MUNICIPALITY:
        return actor
    return _replace_scope(actor, actor.role, chosen)


def _in_place_of(officer: Actor, area: Role, chosen: str) -> Actor:
    return _replace_scope(officer, area, chosen, signed_in_as=Role.OFFICER)


def _replace_scope(
    actor: Actor, role: Role, chosen: str, *, signed_in_as: Role | None = None
) -> Actor:
    municipal = role is Role.MUNICIPALITY
    return Actor(
        username=actor.username,
        role=role,
        display_name=actor.display_name,
        school_unit_codes=frozenset() if municipal else frozenset({chosen}),
        municipality_code=chosen if municipal else None,
        signed_in_as=signed_in_as,
    )


@dataclass(frozen=True, slots=True)
class ScopeChoice:
    """A school unit or a municipality the admission officer may choose to work in."""

    code: str
    name: str
