"""Who may sign in: accounts, web sessions and the sign-in throttle (migration 0015) and API
tokens (migration ``api_tokens``), on the platform's one ``metadata``.

``account``: someone who may sign in: a role, the scope that role is limited to, and an
argon2id password hash (none for an account that signs in elsewhere).

``web_session``: one row per signed-in browser; the cookie carries a random token and the row
keeps only its SHA-256 digest (``token_digest``, unique: the one index every request uses). A
session ends by setting ``ended_at``, ``ended_by`` and ``end_reason``; sessions are
recognised as expired by their times, and deleted a day after their absolute end
(``SqlWebSessionRepository.purge``), ended ones too.

``sign_in_throttle``: failed sign-ins counted per key (``kind``: the account at an address, the
address, the account) for every web worker at once; ``subject`` is the SHA-256 digest of the
key, so that neither the usernames typed nor the addresses are kept in clear.

``api_token``: a program's token for the API: its name, role and one scope (a school unit or a
municipality code), the SHA-256 digest of its secret (unique: the one index every call uses),
who made it and when, its expiry, its last use (written at most once a minute) and, once
revoked, when and by whom. Tokens are kept after they expire or are revoked, for the audit
trail's sake; they never work again.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
)

from samverka.platform.db.tables import metadata

__all__ = ["metadata", "utc"]

web_session = Table(
    "web_session",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_digest", String(64), nullable=False, unique=True),
    Column("account_id", ForeignKey("account.id"), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("client_address", String(64), nullable=False),
    Column("user_agent", String(300), nullable=False),
    Column("ended_at", DateTime(timezone=True)),
    Column("ended_by", String(80)),
    Column("end_reason", String(30)),
    Index("ix_web_session_account_id", "account_id"),
    Index("ix_web_session_expires_at", "expires_at"),
)

sign_in_throttle = Table(
    "sign_in_throttle",
    metadata,
    Column("kind", String(20), primary_key=True),
    Column("subject", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure_at", DateTime(timezone=True), nullable=False),
    Index("ix_sign_in_throttle_last_failure_at", "last_failure_at"),
)


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC, as these tables store it; SQLite gives it back without a zone."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


account = Table(
    "account",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("password_hash", String(255)),  # None: signs in with an identity provider only
    Column("personal_id", String(13)),  # applicant
    Column("school_unit_codes", JSON, nullable=False),  # counsellor, school
    Column("municipality_code", ForeignKey("municipality.code")),  # municipality
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

api_token = Table(
    "api_token",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_digest", String(64), nullable=False, unique=True),
    Column("name", String(80), nullable=False),
    Column("role", String(20), nullable=False),
    Column("scope", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(80), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    Column("revoked_by", String(80)),
)
