"""The rules of API tokens: what a grant may name, when a token is usable, how its secret looks
and is kept, and as whom its program acts (issue 15, point 12)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from samverka.errors import InvalidInput
from samverka.platform.access.domain import api_tokens as rules
from samverka.platform.access.domain.actors import Role
from samverka.platform.access.domain.api_tokens import (
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
from samverka.platform.access.services.api_tokens import new_secret, secret_digest

NOW = datetime(2026, 2, 1, 12, tzinfo=UTC)
UNITS = frozenset({"11111111", "22222222"})
MUNICIPALITIES = frozenset({"0180"})


def _grant(
    name: str = "Skolsystemet", role: Role = Role.SCHOOL, scope: str = "11111111"
) -> ApiTokenGrant:
    return checked_grant(name, role, scope, school_units=UNITS, municipalities=MUNICIPALITIES)


def _reasons(refusal: pytest.ExceptionInfo[InvalidInput]) -> dict[str, str]:
    return {error.field: error.reason for error in refusal.value.errors}


def test_a_grant_keeps_its_name_role_and_one_scope_without_surrounding_space() -> None:
    assert _grant("  Skolsystemet ", scope=" 22222222 ") == ApiTokenGrant(
        "Skolsystemet", Role.SCHOOL, "22222222"
    )
    assert _grant(role=Role.MUNICIPALITY, scope="0180").for_municipality


@pytest.mark.parametrize("role", [Role.OFFICER, Role.ANALYST, Role.APPLICANT, Role.BOARD_MEMBER])
def test_a_token_is_only_for_a_counsellor_a_school_or_a_municipality(role: Role) -> None:
    with pytest.raises(InvalidInput) as refusal:
        _grant(role=role)
    assert _reasons(refusal) == {"role": rules.ROLE_NOT_SCOPED}


def test_a_scope_must_exist_for_its_role_and_every_problem_is_named() -> None:
    with pytest.raises(InvalidInput) as refusal:
        _grant("", role=Role.SCHOOL, scope="0180")
    assert _reasons(refusal) == {"name": rules.NAME_MISSING, "scope": rules.UNKNOWN_SCHOOL_UNIT}
    with pytest.raises(InvalidInput) as refusal:
        _grant(role=Role.MUNICIPALITY, scope="11111111")
    assert _reasons(refusal) == {"scope": rules.UNKNOWN_MUNICIPALITY}
    with pytest.raises(InvalidInput) as refusal:
        _grant("x" * 81, scope="11 11")
    assert _reasons(refusal) == {"name": rules.NAME_TOO_LONG, "scope": rules.SCOPE_MALFORMED}


def test_the_expiry_lies_after_now_and_at_most_a_year_ahead() -> None:
    assert checked_expiry(NOW + timedelta(seconds=1), NOW) == NOW + timedelta(seconds=1)
    assert checked_expiry(NOW + rules.MAXIMUM_LIFETIME, NOW) == NOW + rules.MAXIMUM_LIFETIME
    for refused in (NOW, NOW - timedelta(days=1), NOW + rules.MAXIMUM_LIFETIME + timedelta(1)):
        with pytest.raises(InvalidInput):
            checked_expiry(refused, NOW)


def test_a_token_is_usable_until_it_is_revoked_or_expires() -> None:
    times = TokenTimes(created_at=NOW, expires_at=NOW + timedelta(days=30))
    assert is_usable(times, NOW)
    assert is_usable(times, NOW + timedelta(days=30, seconds=-1))
    assert not is_usable(times, NOW + timedelta(days=30))
    revoked = TokenTimes(NOW, NOW + timedelta(days=30), revoked_at=NOW + timedelta(hours=1))
    assert not is_usable(revoked, NOW + timedelta(hours=2))


def test_the_last_use_is_written_at_most_once_a_minute() -> None:
    never = TokenTimes(NOW, NOW + timedelta(days=1))
    assert needs_use_update(never, NOW)
    used = TokenTimes(NOW, NOW + timedelta(days=1), last_used_at=NOW)
    assert not needs_use_update(used, NOW + timedelta(seconds=59))
    assert needs_use_update(used, NOW + timedelta(minutes=1))


def test_a_secret_has_256_random_bits_and_only_its_digest_is_kept() -> None:
    first, second = new_secret(), new_secret()
    assert first != second
    assert looks_like_secret(first)
    assert first.startswith("svk_")
    assert secret_digest(first) == token_digest(first)
    assert len(token_digest(first)) == 64
    assert first not in token_digest(first)


@pytest.mark.parametrize(
    "text", ["", "svk_", "svk_short", "Bearer svk_x", "abc_" + "a" * 43, "svk_" + "a" * 42 + "!"]
)
def test_text_that_cannot_be_a_secret_is_refused_before_any_lookup(text: str) -> None:
    assert not looks_like_secret(text)
    assert secret_digest(text) is None


def test_a_token_acts_as_its_role_in_its_one_scope_and_is_named_in_the_audit_trail() -> None:
    school = token_actor(7, ApiTokenGrant("Skolsystemet", Role.SCHOOL, "11111111"))
    assert school.role is Role.SCHOOL
    assert school.school_unit_codes == frozenset({"11111111"})
    assert school.municipality_code is None
    assert not school.may_see_protected_identities
    assert school.audit_name == "school:api-token-7"
    municipality = token_actor(8, ApiTokenGrant("Kommunen", Role.MUNICIPALITY, "0180"))
    assert municipality.municipality_code == "0180"
    assert municipality.school_unit_codes == frozenset()
