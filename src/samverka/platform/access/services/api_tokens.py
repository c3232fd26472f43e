"""API tokens: the admission officer makes, lists and revokes them; a program's call is checked.

The rules (what a token grants, when it is usable, how its secret is kept) are in
``platform.access.domain.api_tokens``; source: issue 15, point 12, OWASP ASVS 4.0.3 V3.5 and
RFC 6750. Every token made or revoked is written to the audit trail (entity ``api_token``,
keyed by the token's number, ``ApiTokenState``), never its secret.

* ``create_api_token``: a new token for a role and its one scope (a school unit or a
  municipality that exists), a name and an expiry at most a year ahead; the secret is given
  back once and only its digest is stored.
* ``list_api_tokens``: every token, the newest first, with its last use (never a secret).
* ``revoke_api_token``: the token stops working at once.
* ``token_in_use``: the actor a program's secret acts as, or ``None`` for a secret that is
  unknown, revoked or expired; writes the token's last use at most once a minute.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from samverka.errors import N_, Conflict, InvalidInput, NotFound, NotPermitted, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.domain.api_tokens import (
    SECRET_PREFIX,
    ApiTokenGrant,
    TokenTimes,
    checked_expiry,
    checked_grant,
    is_usable,
    looks_like_secret,
    needs_use_update,
    token_actor,
    token_digest,
)
from samverka.platform.access.domain.audited import ApiTokenState
from samverka.platform.access.ports import ApiTokenRow, UnitOfWork
from samverka.platform.services.audit_records import record_change

SECRET_BYTES = 32  # 256 bits


@dataclass(frozen=True, slots=True)
class CreatedToken:
    id: int
    secret: str  # shown once, to the officer who made it; never stored

    def __repr__(self) -> str:
        return f"CreatedToken(id={self.id})"


@dataclass(frozen=True, slots=True)
class ApiTokenSummary:
    """A token as the officer sees it."""

    id: int
    name: str
    role: Role
    scope: str
    created_at: datetime
    created_by: str
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    usable: bool

    @classmethod
    def of(cls, row: ApiTokenRow, now: datetime) -> ApiTokenSummary:
        grant, times = row.grant, row.times
        return cls(
            row.id,
            grant.name,
            grant.role,
            grant.scope,
            times.created_at,
            row.created_by,
            times.expires_at,
            times.last_used_at,
            times.revoked_at,
            is_usable(times, now),
        )


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(SECRET_BYTES)


def create_api_token(
    uow: UnitOfWork,
    *,
    actor: Actor,
    name: str,
    role: Role,
    scope: str,
    expires_at: datetime,
    now: datetime,
    make_secret: Callable[[], str] = new_secret,
) -> CreatedToken:
    """A new token for ``role`` in ``scope``, usable until ``expires_at``; audited."""
    _require_officer(actor)
    secret = make_secret()
    with uow:
        grant = _checked(uow, name, role, scope, expires_at, now)
        times = TokenTimes(created_at=now, expires_at=expires_at)
        token_id = uow.api_tokens.add(token_digest(secret), grant, times, actor.audit_name)
        after = _state(grant, times.expires_at, revoked=False)
        record_change(
            uow.audit, actor, "api_token", token_id, "create", before=None, after=after, at=now
        )
        uow.commit()
    return CreatedToken(token_id, secret)


def list_api_tokens(uow: UnitOfWork, *, actor: Actor, now: datetime) -> list[ApiTokenSummary]:
    """Every token, the newest first; for an admission officer."""
    _require_officer(actor)
    with uow:
        rows = uow.api_tokens.all()
    return [ApiTokenSummary.of(row, now) for row in rows]


def revoke_api_token(uow: UnitOfWork, *, actor: Actor, token_id: int, now: datetime) -> None:
    """The token ``token_id`` stops working at once; ``Conflict`` if it is revoked already."""
    _require_officer(actor)
    with uow:
        row = uow.api_tokens.by_id(token_id)
        if row is None:
            raise NotFound(N_("Det finns ingen API-nyckel %(token)s."), token=token_id)
        if row.times.revoked_at is not None:
            raise Conflict(N_("API-nyckel %(token)s är redan återkallad."), token=token_id)
        uow.api_tokens.revoke(token_id, at=now, by=actor.audit_name)
        expires_at = row.times.expires_at
        before = _state(row.grant, expires_at, revoked=False)
        after = _state(row.grant, expires_at, revoked=True)
        record_change(
            uow.audit, actor, "api_token", token_id, "revoke", before=before, after=after, at=now
        )
        uow.commit()


def token_in_use(uow: UnitOfWork, *, found: ApiTokenRow | None, now: datetime) -> Actor | None:
    """The actor of the token ``found`` (looked up by its secret's digest), if it is usable at
    ``now``; its last use is written, at most once a minute (not audited: nothing changes but
    the moment)."""
    if found is None or not is_usable(found.times, now):
        return None
    if needs_use_update(found.times, now):
        with uow:
            uow.api_tokens.mark_used(found.id, now)
            uow.commit()
    return token_actor(found.id, found.grant)


def secret_digest(secret: str) -> str | None:
    """The digest under which ``secret`` would be stored; ``None`` if it cannot be a secret."""
    return token_digest(secret) if looks_like_secret(secret) else None


def _checked(
    uow: UnitOfWork, name: str, role: Role, scope: str, expires_at: datetime, now: datetime
) -> ApiTokenGrant:
    """The grant, if it and the expiry may be used; else ``InvalidInput`` naming every
    problem of both."""
    problems: list[RowError] = []
    grant = None
    try:
        grant = checked_grant(
            name,
            role,
            scope,
            school_units=frozenset(uow.catalogue.school_unit_codes()),
            municipalities=frozenset(uow.catalogue.municipality_codes()),
        )
    except InvalidInput as refusal:
        problems.extend(refusal.errors)
    try:
        checked_expiry(expires_at, now)
    except InvalidInput as refusal:
        problems.extend(refusal.errors)
    if grant is None or problems:
        raise InvalidInput(problems)
    return grant


def _state(grant: ApiTokenGrant, expires_at: datetime, *, revoked: bool) -> ApiTokenState:
    return ApiTokenState(grant.name, grant.role, grant.scope, expires_at, revoked)


def _require_officer(actor: Actor) -> None:
    if actor.role is not Role.OFFICER:
        raise NotPermitted(
            N_("Bara antagningshandläggaren får skapa, se och återkalla API-nycklar.")
        )
