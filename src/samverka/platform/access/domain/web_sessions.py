"""Web sessions held on the server: when a session is still current, and how its id is kept.

Sources: OWASP ASVS 4.0.3 V3.2.1 (a new session token at authentication), V3.2.2 (at least 64
bits of entropy), V3.3.1 (logout and expiry invalidate the token on the server), V3.3.2
(re-authentication after an idle period and an absolute maximum lifetime), V3.3.3 (option to end
all other sessions after a password change) and V3.3.4 (users can see and end their active
sessions: here, the admission officer); NIST SP 800-63B §7.2 (at AAL2: re-authenticate at
least every 12 hours and after 30 minutes of inactivity). Issue 11, point 8.

A session is identified by a random token of 256 bits that only the browser's cookie carries;
the database keeps its SHA-256 digest (``token_digest``), so that a copy of the table signs
nobody in. A session is current (``is_current``) until it is ended (signing out, an officer,
deactivation or a new password), or until ``idle_timeout`` has passed since it was last seen,
or ``lifetime`` since it began — whichever comes first. ``last_seen_at`` is written at most
once per ``SEEN_PRECISION``, so that pages do not each write to the database; the idle timeout
is therefore kept to within that precision.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

DEFAULT_IDLE_TIMEOUT = timedelta(minutes=30)
DEFAULT_LIFETIME = timedelta(hours=12)
SEEN_PRECISION = timedelta(minutes=1)


class EndReason(StrEnum):
    SIGNED_OUT = "signed_out"
    ENDED_BY_OFFICER = "ended_by_officer"
    ACCOUNT_DEACTIVATED = "account_deactivated"
    PASSWORD_CHANGED = "password_changed"


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    idle_timeout: timedelta = DEFAULT_IDLE_TIMEOUT
    lifetime: timedelta = DEFAULT_LIFETIME

    def __post_init__(self) -> None:
        if not timedelta(0) < self.idle_timeout <= self.lifetime:
            raise ValueError("the idle timeout must be positive and at most the lifetime")

    def expires_at(self, started_at: datetime) -> datetime:
        return started_at + self.lifetime


@dataclass(frozen=True, slots=True)
class SessionTimes:
    started_at: datetime
    last_seen_at: datetime
    expires_at: datetime  # the absolute end, fixed when the session began
    ended_at: datetime | None = None


def is_current(times: SessionTimes, policy: SessionPolicy, now: datetime) -> bool:
    """Whether a session may still be used at ``now``."""
    return (
        times.ended_at is None
        and now < times.expires_at
        and now < times.last_seen_at + policy.idle_timeout
    )


def needs_seen_update(times: SessionTimes, now: datetime) -> bool:
    """Whether ``last_seen_at`` is stale enough to be written again."""
    return now - times.last_seen_at >= SEEN_PRECISION


def token_digest(token: str) -> str:
    """The SHA-256 digest (hex) under which a session token is kept in the database."""
    return hashlib.sha256(token.encode()).hexdigest()
