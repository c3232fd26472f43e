"""Who is acting: a signed-in person's role and the scope that role is limited to.

Roles (issue: the web application, for every role):

* APPLICANT — only their own application (scope: their personal identity number).
* COUNSELLOR (SYV) — the pupils of their own school units (scope: school unit codes).
* SCHOOL (principal) — applicants to their own school units' offerings (scope: school units).
* MUNICIPALITY — their own residents and their municipality's statistics (scope: a code).
* OFFICER (admission officer) — everything, including protected identities.
* ANALYST — aggregate statistics only, never personal data.
* ASSOCIATION_STAFF — the association's own office (director, finance officer): member fees,
  state grants, the operations plan and budget, board work and agreements.
* BOARD_MEMBER — reads what the association's staff keep, and changes nothing.

A MUNICIPALITY account also sees its own municipality's member fees and state grants, and
reports how it used its grants.

The scope is part of the actor, so that every query can start from what the actor may read.
The officer may also work in a counsellor's, a school's or a municipality's place, for one
school unit or municipality they choose (``platform.access.domain.scope``): then the actor has that
role and scope, and ``signed_in_as`` is OFFICER, so that the audit trail names the officer and
protected identities stay visible to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from samverka.errors import N_, BadValue


class Role(StrEnum):
    APPLICANT = "applicant"
    COUNSELLOR = "counsellor"
    SCHOOL = "school"
    MUNICIPALITY = "municipality"
    OFFICER = "officer"
    ANALYST = "analyst"
    ASSOCIATION_STAFF = "association_staff"
    BOARD_MEMBER = "board_member"


@dataclass(frozen=True, slots=True)
class Actor:
    username: str
    role: Role
    display_name: str
    personal_id: str | None = None  # APPLICANT
    school_unit_codes: frozenset[str] = frozenset()  # COUNSELLOR, SCHOOL
    municipality_code: str | None = None  # MUNICIPALITY
    signed_in_as: Role | None = None  # OFFICER, when working in another role's place

    def __post_init__(self) -> None:
        if self.role is Role.APPLICANT and not self.personal_id:
            raise BadValue(N_("Ett konto för en sökande behöver ett personnummer."))
        if self.role in (Role.COUNSELLOR, Role.SCHOOL) and not self.school_unit_codes:
            raise BadValue(N_("Kontot behöver minst en skolenhet."))
        if self.role is Role.MUNICIPALITY and not self.municipality_code:
            raise BadValue(N_("Ett kommunkonto behöver en kommunkod."))
        if self.signed_in_as is not None and (
            self.signed_in_as is not Role.OFFICER or self.role not in WORKPLACE_ROLES
        ):
            raise BadValue(N_("Bara antagningskansliet kan arbeta i en annan rolls ställe."))

    @property
    def signed_in_role(self) -> Role:
        """The role of the person signed in: ``role``, unless an officer works in its place."""
        return self.role if self.signed_in_as is None else self.signed_in_as

    @property
    def may_see_protected_identities(self) -> bool:
        return self.signed_in_role is Role.OFFICER

    @property
    def audit_name(self) -> str:
        """How the actor is named in the audit trail: always the person signed in."""
        return f"{self.signed_in_role}:{self.username}"


# The roles whose place the officer may take, for one school unit or municipality at a time.
WORKPLACE_ROLES = frozenset({Role.COUNSELLOR, Role.SCHOOL, Role.MUNICIPALITY})


def normalise_username(username: str) -> str:
    """Usernames are compared without surrounding space and without regard to case."""
    return username.strip().casefold()
