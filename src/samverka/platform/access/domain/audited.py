"""What the audit events of accounts, web sessions and API tokens keep of a change that no single
domain object says whole: small summaries, each a frozen dataclass whose audited form
(``samverka.platform.domain.audit_snapshot``) is the event's before or after.

Source: issue 11, points 8 and 9 (sessions held on the server, every start and end of one in the
audit trail; every change in the audit trail, before and after), issue 15, point 12 (every API
token made or revoked); ``docs/security.md``, "Audit
trail", "Sessions" and "API tokens". Never a password, its hash, a session's token or an API
token's secret or digest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from samverka.platform.access.domain.actors import Role
from samverka.platform.access.domain.web_sessions import EndReason


@dataclass(frozen=True, slots=True)
class AccountState:
    """Whether an account may sign in, and whether it has a password of its own here."""

    active: bool
    local_password: bool


@dataclass(frozen=True, slots=True)
class SessionStarted:
    """A web session as it starts: whose account, and from which address."""

    account: str
    client_address: str


@dataclass(frozen=True, slots=True)
class SessionStatus:
    """Whether a web session is open; once ended, who ended it (as in the audit trail) and why."""

    open: bool
    ended_by: str | None = None
    reason: EndReason | None = None


@dataclass(frozen=True, slots=True)
class ApiTokenState:
    """An API token as the audit trail keeps it: what it grants, until when, and whether it is
    revoked (never its secret or digest)."""

    name: str
    role: Role
    scope: str
    expires_at: datetime
    revoked: bool = False
