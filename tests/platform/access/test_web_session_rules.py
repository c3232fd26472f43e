"""When a web session is current (OWASP ASVS 4.0.3 V3.3.1, V3.3.2; NIST SP 800-63B §7.2;
issue 11, point 8): until it is ended, idle for 30 minutes or 12 hours old."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from samverka.platform.access.domain.web_sessions import (
    SessionPolicy,
    SessionTimes,
    is_current,
    needs_seen_update,
    token_digest,
)

START = datetime(2026, 2, 1, 8, tzinfo=UTC)
POLICY = SessionPolicy()


def _times(last_seen: timedelta = timedelta(0), ended: datetime | None = None) -> SessionTimes:
    return SessionTimes(START, START + last_seen, POLICY.expires_at(START), ended)


def test_a_session_idle_for_thirty_minutes_is_no_longer_current() -> None:
    assert is_current(_times(), POLICY, START + timedelta(minutes=29, seconds=59))
    assert not is_current(_times(), POLICY, START + timedelta(minutes=30))


def test_a_session_in_use_ends_twelve_hours_after_signing_in() -> None:
    used = _times(last_seen=timedelta(hours=11, minutes=59))
    assert is_current(used, POLICY, START + timedelta(hours=11, minutes=59, seconds=59))
    assert not is_current(used, POLICY, START + timedelta(hours=12))


def test_an_ended_session_is_never_current() -> None:
    assert not is_current(_times(ended=START), POLICY, START)


def test_the_last_request_is_written_at_most_once_a_minute() -> None:
    assert not needs_seen_update(_times(), START + timedelta(seconds=59))
    assert needs_seen_update(_times(), START + timedelta(minutes=1))


def test_the_idle_timeout_must_be_positive_and_at_most_the_lifetime() -> None:
    with pytest.raises(ValueError, match="idle timeout"):
        SessionPolicy(idle_timeout=timedelta(hours=13))


def test_the_token_is_kept_as_its_sha256_digest() -> None:
    assert token_digest("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
