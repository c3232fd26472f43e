"""What an applicant's reply to an admission decision means for the next reserve round.

Source: admissions-rules.md §4.2 and §11.1 item 8. After the final round every applicant holds
at most one place and a reserve position on each admissible choice ranked above it (all of
them, when unplaced). The reply says which of the two to keep:

* ACCEPT ("tackar ja") keeps the place and the reserve positions on higher choices.
* ACCEPT_WITHOUT_RESERVE keeps the place but leaves the reserve lists of the higher choices
  ("vill inte stå kvar som reserv").
* DECLINE ("avstår") gives up the place and every reserve position: the applicant leaves the
  admission.

An unplaced applicant has only reserve positions, so for them ACCEPT means staying on the
reserve lists, and ACCEPT_WITHOUT_RESERVE and DECLINE both mean leaving every list.

No reply is a regional setting: Storsthlm treats it as ACCEPT ("tackar du automatiskt ja till
platsen och står kvar som reserv till högre val"); regions that require everyone to answer
(Nyköping, Dalarna) treat it as DECLINE, for placed and unplaced applicants alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum


class ReplyKind(StrEnum):
    ACCEPT = "accept"
    ACCEPT_WITHOUT_RESERVE = "accept_without_reserve"
    DECLINE = "decline"


class NoReplyRule(StrEnum):
    ACCEPT_AND_STAY_RESERVE = "accept_and_stay_reserve"
    LOSE_PLACE = "lose_place"


def effective_reply(reply: ReplyKind | None, rule: NoReplyRule) -> ReplyKind:
    """The reply that counts: the applicant's own, else the region's no-reply default."""
    if reply is not None:
        return reply
    if rule is NoReplyRule.ACCEPT_AND_STAY_RESERVE:
        return ReplyKind.ACCEPT
    return ReplyKind.DECLINE


def effective_replies(replies: Sequence[ReplyKind | None], rule: NoReplyRule) -> list[ReplyKind]:
    """``effective_reply`` for every applicant."""
    return [effective_reply(reply, rule) for reply in replies]


def keeps_place(reply: ReplyKind) -> bool:
    """Whether a placed applicant keeps their place."""
    return reply != ReplyKind.DECLINE


def stays_reserve(reply: ReplyKind) -> bool:
    """Whether the applicant stays on the reserve lists (of higher choices, when placed)."""
    return reply == ReplyKind.ACCEPT
