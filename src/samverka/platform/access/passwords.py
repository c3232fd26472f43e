"""Password hashes: argon2id (RFC 9106) through argon2-cffi, with its default parameters.

A hash carries its own parameters (``$argon2id$v=19$m=65536,t=3,p=4$salt$hash``), so a hash made
with older parameters still verifies, and ``needs_rehash`` tells when to replace it. A hash
that cannot be read never verifies and always needs replacing.
"""

from __future__ import annotations

from functools import cache

import argon2
from argon2.exceptions import InvalidHashError, VerificationError


class Argon2idHasher:
    """``PasswordHasher`` (the port) on argon2id; parameters from ``hasher``, else the defaults."""

    def __init__(self, hasher: argon2.PasswordHasher | None = None) -> None:
        self._hasher = hasher or argon2.PasswordHasher()
        if self._hasher.type is not argon2.Type.ID:
            raise ValueError("passwords are hashed with argon2id only")

    def hash_password(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify_password(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True


@cache
def _default() -> Argon2idHasher:
    return Argon2idHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` with a fresh random salt."""
    return _default().hash_password(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``."""
    return _default().verify_password(password_hash, password)


def needs_rehash(password_hash: str) -> bool:
    """Whether ``password_hash`` was made with other parameters than today's defaults."""
    return _default().needs_rehash(password_hash)
