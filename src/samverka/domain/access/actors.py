"""Who is acting: a signed-in person's role and the scope that role is limited to.

Roles (issue: the web application, for every role):

* APPLICANT — only their own application (scope: their personal identity number).
* COUNSELLOR (SYV) — the pupils of their own school units (scope: school unit codes).
* SCHOOL (principal) — applicants to their own school units' offerings (scope: school units).
* MUNICIPALITY — their own residents and their municipality's statistics (scope: a code).
* OFFICER (admission officer) — everything, including protected identities.
* ANALYST — aggregate statistics only, never personal data.

The scope is part of the actor, so that every query can start from what the actor may read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    APPLICANT = "applicant"
    COUNSELLOR = "counsellor"
    SCHOOL = "school"
    MUNICIPALITY = "municipality"
    OFFICER = "officer"
    ANALYST = "analyst"


@dataclass(frozen=True, slots=True)
class Actor:
    username: str
    role: Role
    display_name: str
    personal_id: str | None = None  # APPLICANT
    school_unit_codes: frozenset[str] = frozenset()  # COUNSELLOR, SCHOOL
    municipality_code: str | None = None  # MUNICIPALITY

    def __post_init__(self) -> None:
        if self.role is Role.APPLICANT and not self.personal_id:
            raise ValueError("an applicant account needs a personal identity number")
        if self.role in (Role.COUNSELLOR, Role.SCHOOL) and not self.school_unit_codes:
            raise ValueError(f"a {self.role} account needs at least one school unit")
        if self.role is Role.MUNICIPALITY and not self.municipality_code:
            raise ValueError("a municipality account needs a municipality code")

    @property
    def may_see_protected_identities(self) -> bool:
        return self.role is Role.OFFICER

    @property
    def may_see_personal_data(self) -> bool:
        return self.role is not Role.ANALYST

    @property
    def audit_name(self) -> str:
        """How the actor is named in the audit trail."""
        return f"{self.role}:{self.username}"


def normalise_username(username: str) -> str:
    """Usernames are compared without surrounding space and without regard to case."""
    return username.strip().casefold()
