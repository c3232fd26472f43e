"""The board's rules: agenda numbering, when a meeting is held, when decisions may be recorded,
and minutes that are adjusted once and then never change."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from samverka.association.board.domain.board import (
    AgendaItem,
    ItemKind,
    Meeting,
    MeetingStatus,
    Minutes,
    decision_refusal,
    held_refusal,
    minutes_adjust_refusal,
    minutes_write_refusal,
    next_item_number,
    reference_problem,
)

DAY = date(2026, 12, 11)


def _meeting(
    status: MeetingStatus = MeetingStatus.PLANNED, minutes: Minutes | None = None
) -> Meeting:
    return Meeting(1, DAY, "Storsthlm", status, minutes)


def _item(kind: ItemKind) -> AgendaItem:
    return AgendaItem(1, 1, 1, "Verksamhetsplan", kind, "Direktören")


def test_the_first_agenda_item_is_number_one() -> None:
    assert next_item_number([]) == 1


@given(st.lists(st.integers(min_value=1, max_value=500), unique=True))
def test_the_next_item_number_is_new_and_after_every_earlier_one(numbers: list[int]) -> None:
    following = next_item_number(numbers)
    assert following not in numbers
    assert all(following > n for n in numbers)


def test_a_meeting_is_held_on_or_after_its_day_and_only_once() -> None:
    assert held_refusal(_meeting(), DAY - timedelta(days=1)) is not None
    assert held_refusal(_meeting(), DAY) is None
    assert (
        held_refusal(_meeting(MeetingStatus.HELD), DAY) == "the meeting is already marked as held"
    )


def test_a_decision_is_recorded_on_a_decision_item_on_or_after_the_meeting() -> None:
    assert decision_refusal(_meeting(), _item(ItemKind.DECISION), DAY) is None
    assert decision_refusal(_meeting(), _item(ItemKind.REPORT), DAY) is not None
    refusal = decision_refusal(_meeting(), _item(ItemKind.DECISION), DAY - timedelta(days=1))
    assert refusal is not None
    assert "before the meeting" in refusal


def test_minutes_are_adjusted_only_after_the_meeting_is_held() -> None:
    written = Minutes("§ 1 Mötet öppnas.")
    assert minutes_adjust_refusal(_meeting(minutes=written), DAY) is not None
    assert minutes_adjust_refusal(_meeting(MeetingStatus.HELD), DAY) is not None  # none written
    assert minutes_adjust_refusal(_meeting(MeetingStatus.HELD, written), DAY) is None
    too_early = minutes_adjust_refusal(_meeting(MeetingStatus.HELD, written), date(2026, 1, 1))
    assert too_early is not None


def test_adjusted_minutes_can_be_neither_rewritten_nor_adjusted_again() -> None:
    adjusted = Minutes("§ 1", "Elin", DAY)
    held = _meeting(MeetingStatus.HELD, adjusted)
    assert minutes_write_refusal(held) is not None
    assert minutes_adjust_refusal(held, DAY) == "the minutes are already adjusted"
    assert minutes_write_refusal(_meeting(MeetingStatus.HELD, Minutes("§ 1"))) is None


def test_a_reference_is_a_short_diary_number_without_markup() -> None:
    assert reference_problem("STH 2023/45") is None
    assert reference_problem("KS-2026:12") is None
    assert reference_problem("<b>1</b>") is not None
    assert reference_problem("") is not None
    assert reference_problem("X" * 41) is not None
