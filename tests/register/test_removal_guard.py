"""An extract that would remove a large part of the register needs the officer's confirmation
of the number (``register.domain.removal_guard``).

Sources: issue 11 point 3 (a header-only file closed every registration); GDPR art. 5(1)(d)
and art. 32(1)(b).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from samverka.errors import RemovalsNotConfirmed
from samverka.register.domain.removal_guard import DEFAULT_SHARE, Removals, check_removals

TEN_PERCENT = Decimal("0.10")


def test_the_default_share_is_ten_percent() -> None:
    assert DEFAULT_SHARE == TEN_PERCENT


def test_a_header_only_extract_is_refused_naming_everyone_who_would_leave() -> None:
    empty = Removals(registered=1000, in_extract=0, left_region=990, aged_out=10)
    with pytest.raises(RemovalsNotConfirmed, match="ingen i åldersspannet") as refused:
        check_removals(empty, TEN_PERCENT, None)
    assert (refused.value.leaving, refused.value.registered) == (1000, 1000)
    assert "bekräfta 1000 borttagningar" in str(refused.value)


def test_an_empty_extract_is_refused_even_for_an_empty_register() -> None:
    with pytest.raises(RemovalsNotConfirmed, match="ingen i åldersspannet"):
        check_removals(Removals(0, 0, 0, 0), TEN_PERCENT, None)
    check_removals(Removals(0, 0, 0, 0), TEN_PERCENT, 0)


def test_removing_more_than_the_share_is_refused_and_up_to_it_is_not() -> None:
    check_removals(Removals(1000, 950, 90, 10), TEN_PERCENT, None)  # exactly 10 %
    with pytest.raises(RemovalsNotConfirmed, match=r"101 av de 1000 .* fler än de 10 %"):
        check_removals(Removals(1000, 949, 91, 10), TEN_PERCENT, None)


def test_aged_out_persons_count_too_as_the_extract_date_may_be_wrong() -> None:
    with pytest.raises(
        RemovalsNotConfirmed, match="0 har flyttat från regionen, 200 har blivit för gamla"
    ):
        check_removals(Removals(1000, 800, 0, 200), TEN_PERCENT, None)


def test_the_confirmed_number_lets_the_load_through() -> None:
    check_removals(Removals(1000, 0, 1000, 0), TEN_PERCENT, 1000)
    check_removals(Removals(1000, 700, 300, 0), TEN_PERCENT, 300)


def test_a_confirmation_of_another_number_is_refused_even_below_the_share() -> None:
    with pytest.raises(RemovalsNotConfirmed, match=r"Bekräftelsen gällde 300 .* tar bort 301"):
        check_removals(Removals(1000, 699, 301, 0), TEN_PERCENT, 300)
    with pytest.raises(RemovalsNotConfirmed, match="Bekräftelsen gällde 5"):
        check_removals(Removals(1000, 996, 4, 0), TEN_PERCENT, 5)


def test_the_share_is_a_setting_from_nothing_to_everyone() -> None:
    check_removals(Removals(10, 5, 5, 0), Decimal(1), None)
    with pytest.raises(RemovalsNotConfirmed, match="fler än de 0 %"):
        check_removals(Removals(10, 9, 1, 0), Decimal(0), None)
    with pytest.raises(ValueError, match="between 0 and 1"):
        check_removals(Removals(10, 9, 1, 0), Decimal("1.5"), None)
