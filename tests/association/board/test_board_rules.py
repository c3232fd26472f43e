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
from samverka.errors import worded
from samverka.platform.web.i18n import Catalogue

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
    assert held_refusal(_meeting(MeetingStatus.HELD), DAY) == "Mötet är redan markerat som hållet."


def test_a_decision_is_recorded_on_a_decision_item_on_or_after_the_meeting() -> None:
    assert decision_refusal(_meeting(), _item(ItemKind.DECISION), DAY) is None
    assert decision_refusal(_meeting(), _item(ItemKind.REPORT), DAY) is not None
    refusal = decision_refusal(_meeting(), _item(ItemKind.DECISION), DAY - timedelta(days=1))
    assert refusal is not None
    assert refusal == "Ett beslut kan inte dateras före mötet (%(date)s)."


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
    assert minutes_adjust_refusal(held, DAY) == "Protokollet är redan justerat."
    assert minutes_write_refusal(_meeting(MeetingStatus.HELD, Minutes("§ 1"))) is None


def test_a_reference_is_a_short_diary_number_without_markup() -> None:
    assert reference_problem("STH 2023/45") is None
    assert reference_problem("KS-2026:12") is None
    assert reference_problem("<b>1</b>") is not None
    assert reference_problem("") is not None
    assert reference_problem("X" * 41) is not None


def test_the_boards_refusals_are_worded_in_swedish_with_english_in_the_catalogue() -> None:
    english = Catalogue(["sv", "en"]).translations("en")
    written, adjusted = Minutes("§ 1"), Minutes("§ 1", "Elin", DAY)
    early = DAY - timedelta(days=1)
    refusals = [
        held_refusal(_meeting(MeetingStatus.HELD), DAY),
        held_refusal(_meeting(), early),
        decision_refusal(_meeting(), _item(ItemKind.REPORT), DAY),
        decision_refusal(_meeting(), _item(ItemKind.DECISION), early),
        minutes_write_refusal(_meeting(MeetingStatus.HELD, adjusted)),
        minutes_adjust_refusal(_meeting(MeetingStatus.HELD), DAY),
        minutes_adjust_refusal(_meeting(MeetingStatus.HELD, adjusted), DAY),
        minutes_adjust_refusal(_meeting(minutes=written), DAY),
        minutes_adjust_refusal(_meeting(MeetingStatus.HELD, written), early),
        reference_problem("<b>1</b>"),
    ]
    reasons = [r for r in refusals if r is not None]
    assert len(set(reasons)) == 10
    held_early = worded(reasons[1], {"date": DAY})
    assert held_early == "Mötet är den 2026-12-11 och kan inte markeras som hållet före dess."
    assert worded(english.gettext(reasons[1]), {"date": DAY}) == (
        "The meeting is on 2026-12-11; it cannot be held before that."
    )
    for reason in reasons:
        assert english.gettext(reason) != reason, reason  # a Swedish msgid with English beside
