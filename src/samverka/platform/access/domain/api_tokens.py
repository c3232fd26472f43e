"""API tokens: how a program (a school's or a municipality's system) signs in to the API.

Source: issue 15, point 12 ("the API for programs"); OWASP ASVS 4.0.3 V3.5.2 and V3.5.3
(tokens for integrations, kept secret, checked on the server), V2.10.1 (no shared static
secrets: each integration has its own token, revocable at once), V3.2.2 (at least 64 bits of
entropy); RFC 6750 (``Authorization: Bearer``).

* A token works for one role whose place the admission officer may take (``WORKPLACE_ROLES``:
  counsellor, school, municipality) and one scope: a school unit for a counsellor or a school,
  a municipality for a municipality; the program acts as that role in that scope, nothing more
  (``token_actor``).
* Its secret is ``svk_`` and 256 random bits; it is shown once, when the token is made, and only
  its SHA-256 digest is kept (``token_digest``, as for web sessions), so a copy of the table
  signs no program in.
* It is usable (``is_usable``) until it is revoked or its expiry has passed, whichever comes
  first; the expiry is at most ``MAXIMUM_LIFETIME`` ahead when the token is made.
* Its last use is written at most once per ``SEEN_PRECISION`` (a minute, as a session's last
  request), so that calls do not each write to the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from samverka.errors import InvalidInput, RowError
from samverka.platform.access.domain.actors import WORKPLACE_ROLES, Actor, Role
from samverka.platform.access.domain.web_sessions import SEEN_PRECISION, token_digest

__all__ = [
    "EXPIRY_PASSED",
    "EXPIRY_TOO_FAR",
    "MAXIMUM_LIFETIME",
    "NAME_LENGTH",
    "NAME_MISSING",
    "NAME_TOO_LONG",
    "ROLE_NOT_SCOPED",
    "SCOPE_MALFORMED",
    "SCOPE_PATTERN",
    "SECRET_PREFIX",
    "UNKNOWN_MUNICIPALITY",
    "UNKNOWN_SCHOOL_UNIT",
    "ApiTokenGrant",
    "TokenTimes",
    "checked_expiry",
    "checked_grant",
    "is_usable",
    "looks_like_secret",
    "needs_use_update",
    "token_actor",
    "token_digest",
    "token_username",
]

SECRET_PREFIX: Final = "svk_"
NAME_LENGTH: Final = 80
MAXIMUM_LIFETIME: Final = timedelta(days=366)
SCOPE_PATTERN: Final = re.compile(r"^[0-9A-Za-z-]{1,20}$")
_SECRET = re.compile(r"^svk_[0-9A-Za-z_-]{43}$")

# The reasons a grant is refused, as the services give them (the pages word them in Swedish).
NAME_MISSING: Final = "give the token a name"
NAME_TOO_LONG: Final = f"the name may have at most {NAME_LENGTH} characters"
ROLE_NOT_SCOPED: Final = "a token is for a counsellor, a school or a municipality"
SCOPE_MALFORMED: Final = "the school unit or municipality code is not well formed"
UNKNOWN_SCHOOL_UNIT: Final = "there is no such school unit"
UNKNOWN_MUNICIPALITY: Final = "there is no such municipality"
EXPIRY_PASSED: Final = "the expiry must be in the future"
EXPIRY_TOO_FAR: Final = "the expiry may be at most a year ahead"


@dataclass(frozen=True, slots=True)
class ApiTokenGrant:
    """What a token lets its program do: a name, a role and that role's one scope."""

    name: str
    role: Role
    scope: str  # a school unit code (counsellor, school) or a municipality code

    @property
    def for_municipality(self) -> bool:
        return self.role is Role.MUNICIPALITY


@dataclass(frozen=True, slots=True)
class TokenTimes:
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


def checked_grant(
    name: str,
    role: Role,
    scope: str,
    *,
    school_units: frozenset[str],
    municipalities: frozenset[str],
) -> ApiTokenGrant:
    """The grant, its name and scope stripped; ``InvalidInput`` naming every problem (the
    scope must be a school unit or municipality that exists)."""
    problems: list[RowError] = []
    name, scope = name.strip(), scope.strip()
    if not name:
        problems.append(RowError("token", 0, "name", NAME_MISSING))
    elif len(name) > NAME_LENGTH:
        problems.append(RowError("token", 0, "name", NAME_TOO_LONG))
    if role not in WORKPLACE_ROLES:
        problems.append(RowError("token", 0, "role", ROLE_NOT_SCOPED))
    elif not SCOPE_PATTERN.fullmatch(scope):
        problems.append(RowError("token", 0, "scope", SCOPE_MALFORMED))
    elif role is Role.MUNICIPALITY and scope not in municipalities:
        problems.append(RowError("token", 0, "scope", UNKNOWN_MUNICIPALITY))
    elif role is not Role.MUNICIPALITY and scope not in school_units:
        problems.append(RowError("token", 0, "scope", UNKNOWN_SCHOOL_UNIT))
    if problems:
        raise InvalidInput(problems)
    return ApiTokenGrant(name, role, scope)


def checked_expiry(expires_at: datetime, now: datetime) -> datetime:
    """``expires_at`` if it lies after ``now`` and at most ``MAXIMUM_LIFETIME`` ahead."""
    if expires_at <= now:
        raise InvalidInput([RowError("token", 0, "expires_on", EXPIRY_PASSED)])
    if expires_at > now + MAXIMUM_LIFETIME:
        raise InvalidInput([RowError("token", 0, "expires_on", EXPIRY_TOO_FAR)])
    return expires_at


def is_usable(times: TokenTimes, now: datetime) -> bool:
    """Whether a token may be used at ``now``: not revoked, not expired."""
    return times.revoked_at is None and now < times.expires_at


def needs_use_update(times: TokenTimes, now: datetime) -> bool:
    """Whether the token's last use is stale enough to be written again."""
    return times.last_used_at is None or now - times.last_used_at >= SEEN_PRECISION


def looks_like_secret(text: str) -> bool:
    """Whether ``text`` has the form of a token's secret (checked before any lookup)."""
    return _SECRET.fullmatch(text) is not None


def token_username(token_id: int) -> str:
    """How a token's program is named as an actor (and so in the audit trail)."""
    return f"api-token-{token_id}"


def token_actor(token_id: int, grant: ApiTokenGrant) -> Actor:
    """The actor a token's program acts as: the grant's role in its one scope."""
    municipal = grant.for_municipality
    return Actor(
        username=token_username(token_id),
        role=grant.role,
        display_name=grant.name,
        school_unit_codes=frozenset() if municipal else frozenset({grant.scope}),
        municipality_code=grant.scope if municipal else None,
    )
