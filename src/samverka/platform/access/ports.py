"""What the web sessions, the sign-in throttle, the accounts and the API tokens need from
storage (``platform.access.db``)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from samverka.platform.access.domain.actors import Actor
from samverka.platform.access.domain.api_tokens import ApiTokenGrant, TokenTimes
from samverka.platform.access.domain.sign_in_throttle import ThrottleCount, ThrottleKey
from samverka.platform.access.domain.web_sessions import EndReason, SessionTimes
from samverka.platform.ports import Transaction


@dataclass(frozen=True, slots=True)
class NewWebSession:
    token_digest: str
    account_id: int
    times: SessionTimes
    client_address: str
    user_agent: str


@dataclass(frozen=True, slots=True)
class WebSessionRow:
    """A stored session and the actor of its account (never its token)."""

    id: int
    actor: Actor
    account_active: bool
    times: SessionTimes
    client_address: str
    user_agent: str


@dataclass(frozen=True, slots=True)
class SessionEnd:
    at: datetime
    by: str  # who ended it, as in the audit trail
    reason: EndReason


# A throttle key as stored: its kind and the SHA-256 digest of what it counts.
ThrottleSubject = tuple[ThrottleKey, str]


class WebSessionRepository(Protocol):
    def add(self, session: NewWebSession) -> int: ...
    def by_digest(self, token_digest: str) -> WebSessionRow | None: ...
    def by_id(self, session_id: int) -> WebSessionRow | None: ...
    def open_sessions(self, *, now: datetime) -> list[WebSessionRow]:
        """Sessions not ended and not past their absolute end, newest first."""
        ...

    def end(self, session_ids: Collection[int], end: SessionEnd) -> None: ...
    def open_session_ids_of(self, username: str, *, now: datetime) -> list[int]: ...
    def mark_seen(self, session_id: int, at: datetime) -> None: ...
    def purge(self, *, expired_before: datetime) -> None: ...


class SignInThrottleRepository(Protocol):
    def counts(
        self, subjects: Collection[ThrottleSubject]
    ) -> Mapping[ThrottleSubject, ThrottleCount]:
        """The stored counts of ``subjects`` (those without a row are left out)."""
        ...

    def replace(
        self, subject: ThrottleSubject, seen: ThrottleCount | None, new: ThrottleCount
    ) -> bool:
        """Store ``new`` if the stored count is still ``seen`` (``None``: no row yet); whether it
        was stored. Two workers counting the same key at once: one of them stores, the other
        reads again."""
        ...

    def forget(self, subjects: Collection[ThrottleSubject]) -> None: ...
    def purge(self, *, last_failure_before: datetime) -> None: ...


@dataclass(frozen=True, slots=True)
class AccountRow:
    """A stored account: who signs in (``actor``: role and scope) and how."""

    id: int
    actor: Actor
    password_hash: str | None = field(repr=False)  # None: signs in elsewhere (OIDC) only
    active: bool
    created_at: datetime


class AccountRepository(Protocol):
    def by_username(self, username: str) -> AccountRow | None: ...
    def all(self) -> list[AccountRow]: ...
    def add(self, actor: Actor, *, password_hash: str | None, created_at: datetime) -> int: ...
    def set_password_hash(self, username: str, password_hash: str | None) -> None: ...
    def set_active(self, username: str, active: bool) -> None: ...


class PasswordHasher(Protocol):
    """Hashes passwords one way and checks a password against a stored hash."""

    def hash_password(self, password: str) -> str: ...
    def verify_password(self, password_hash: str, password: str) -> bool: ...
    def needs_rehash(self, password_hash: str) -> bool: ...


class KnownPlaces(Protocol):
    """The school units and municipalities an account's scope may name (the admission's
    catalogue keeps them)."""

    def school_unit_codes(self) -> list[str]: ...
    def municipality_codes(self) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class ApiTokenRow:
    """A stored API token (never its secret): what it grants, its times, who made and revoked it
    (as in the audit trail)."""

    id: int
    grant: ApiTokenGrant
    times: TokenTimes
    created_by: str
    revoked_by: str | None = None


class ApiTokenRepository(Protocol):
    def add(self, digest: str, grant: ApiTokenGrant, times: TokenTimes, created_by: str) -> int: ...
    def by_id(self, token_id: int) -> ApiTokenRow | None: ...
    def by_digest(self, digest: str) -> ApiTokenRow | None: ...
    def all(self) -> list[ApiTokenRow]:
        """Every token, the newest first."""
        ...

    def revoke(self, token_id: int, *, at: datetime, by: str) -> None: ...
    def mark_used(self, token_id: int, at: datetime) -> None: ...


class UnitOfWork(Transaction, Protocol):
    """What signing in and the accounts need: a transaction with the accounts, the web sessions,
    the sign-in throttle, the API tokens and the places a scope may name."""

    @property
    def accounts(self) -> AccountRepository: ...
    @property
    def catalogue(self) -> KnownPlaces: ...
    @property
    def web_sessions(self) -> WebSessionRepository: ...
    @property
    def sign_in_throttle(self) -> SignInThrottleRepository: ...
    @property
    def api_tokens(self) -> ApiTokenRepository: ...
