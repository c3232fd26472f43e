"""Reply semantics: what each reply keeps, and what no reply means in each region."""

from __future__ import annotations

import pytest

from samverka.admission.domain.replies import (
    NoReplyRule,
    ReplyKind,
    effective_replies,
    effective_reply,
    keeps_place,
    stays_reserve,
)


@pytest.mark.parametrize("rule", list(NoReplyRule))
@pytest.mark.parametrize("reply", list(ReplyKind))
def test_an_actual_reply_counts_whatever_the_no_reply_rule(
    reply: ReplyKind, rule: NoReplyRule
) -> None:
    assert effective_reply(reply, rule) is reply


def test_no_reply_in_stockholm_accepts_the_place_and_stays_reserve() -> None:
    reply = effective_reply(None, NoReplyRule.ACCEPT_AND_STAY_RESERVE)

    assert reply is ReplyKind.ACCEPT
    assert keeps_place(reply)
    assert stays_reserve(reply)


def test_no_reply_where_everyone_must_answer_loses_the_place_and_every_reserve_position() -> None:
    reply = effective_reply(None, NoReplyRule.LOSE_PLACE)

    assert reply is ReplyKind.DECLINE
    assert not keeps_place(reply)
    assert not stays_reserve(reply)


def test_accept_keeps_the_place_and_the_reserve_positions_on_higher_choices() -> None:
    assert keeps_place(ReplyKind.ACCEPT)
    assert stays_reserve(ReplyKind.ACCEPT)


def test_accept_without_reserve_keeps_the_place_but_leaves_the_reserve_lists() -> None:
    assert keeps_place(ReplyKind.ACCEPT_WITHOUT_RESERVE)
    assert not stays_reserve(ReplyKind.ACCEPT_WITHOUT_RESERVE)


def test_decline_gives_up_the_place_and_the_reserve_lists() -> None:
    assert not keeps_place(ReplyKind.DECLINE)
    assert not stays_reserve(ReplyKind.DECLINE)


def test_for_an_unplaced_applicant_only_accept_keeps_them_on_the_reserve_lists() -> None:
    # Unplaced applicants hold nothing but reserve positions: declining and declining to stay
    # reserve both take them off every list.
    staying = [reply for reply in ReplyKind if stays_reserve(reply)]

    assert staying == [ReplyKind.ACCEPT]


def test_replies_are_stored_as_stable_lowercase_values() -> None:
    assert [reply.value for reply in ReplyKind] == [
        "accept",
        "accept_without_reserve",
        "decline",
    ]
    assert [rule.value for rule in NoReplyRule] == ["accept_and_stay_reserve", "lose_place"]
    assert ReplyKind("decline") is ReplyKind.DECLINE


def test_replies_given_as_their_stored_strings_mean_the_same() -> None:
    assert not keeps_place(ReplyKind("decline"))
    assert not keeps_place("decline")  # type: ignore[arg-type]
    assert stays_reserve("accept")  # type: ignore[arg-type]


def test_effective_replies_fills_in_only_the_missing_replies() -> None:
    replies = [ReplyKind.DECLINE, None, ReplyKind.ACCEPT_WITHOUT_RESERVE, None]

    assert effective_replies(replies, NoReplyRule.LOSE_PLACE) == [
        ReplyKind.DECLINE,
        ReplyKind.DECLINE,
        ReplyKind.ACCEPT_WITHOUT_RESERVE,
        ReplyKind.DECLINE,
    ]
    assert effective_replies(replies, NoReplyRule.ACCEPT_AND_STAY_RESERVE) == [
        ReplyKind.DECLINE,
        ReplyKind.ACCEPT,
        ReplyKind.ACCEPT_WITHOUT_RESERVE,
        ReplyKind.ACCEPT,
    ]
