"""The password policy (NIST SP 800-63B §5.1.1.2; OWASP ASVS 4.0.3 V2.1.1, V2.1.7; issue 11,
point 10): at least 12 characters, not only spaces, not one of the 10,000 most common
passwords (SecLists), nor one of them followed by digits and punctuation."""

from __future__ import annotations

from samverka.platform.access.domain.password_policy import (
    MAXIMUM_LENGTH,
    MINIMUM_LENGTH,
    TOO_LONG,
    TOO_SHORT,
    password_problems,
)
from samverka.platform.reference.common_passwords import common_passwords

COMMON = common_passwords()


def test_the_list_of_common_passwords_has_ten_thousand_entries_most_common_first() -> None:
    assert 9_900 <= len(COMMON) <= 10_000  # a few differ only in case
    assert {"123456", "password", "qwerty", "1qaz2wsx3edc", "qwertyuiop"} <= COMMON


def test_a_long_uncommon_password_passes() -> None:
    assert password_problems("correct horse battery", common=COMMON) == []


def test_eleven_characters_are_too_few_and_twelve_are_enough() -> None:
    too_short = "Det nya lösenordet måste ha minst 12 tecken."
    assert password_problems("zq8-Tv1.mPx", common=COMMON) == [too_short]
    assert password_problems("zq8-Tv1.mPx!", common=COMMON) == []


def test_a_password_of_spaces_only_is_refused_whatever_its_length() -> None:
    only_spaces = "Det nya lösenordet får inte bara vara mellanslag."
    assert password_problems(" " * 12, common=COMMON) == [only_spaces]
    assert only_spaces in password_problems("\t \u3000" * 5, common=COMMON)


def test_a_common_password_of_twelve_characters_is_refused_in_any_case() -> None:
    for password in ("1qaz2wsx3edc", "1QAZ2WSX3EDC", " qwertyqwerty "):
        assert password_problems(password, common=COMMON) == [
            "Det nya lösenordet är ett av de vanligaste lösenorden. Välj ett annat."
        ], password


def test_a_common_password_followed_by_digits_is_refused() -> None:
    for password in ("password1234", "Monkey123456!", "dragon 2026 2026"):
        assert password_problems(password, common=COMMON) == [
            "Det nya lösenordet är ett av de vanligaste lösenorden. Välj ett annat."
        ], password


def test_too_long_a_password_is_refused() -> None:
    too_long = "Det nya lösenordet får ha högst 1024 tecken."
    assert password_problems("x" * 1025, common=COMMON) == [too_long]


def test_the_demo_and_benchmark_passwords_pass_the_policy() -> None:
    assert password_problems("samverka-demo-2026", common=COMMON) == []
    assert password_problems("benchmark-password-2026", common=COMMON) == []


def test_the_reasons_name_the_lengths_the_policy_counts_with() -> None:
    assert f" minst {MINIMUM_LENGTH} tecken." in TOO_SHORT
    assert f" högst {MAXIMUM_LENGTH} tecken." in TOO_LONG
