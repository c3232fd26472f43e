"""The board's meetings: agenda items, decisions and minutes (protokoll).

Rules (the association's rules of procedure, as its published board summaries show them):

* A meeting is PLANNED until it is marked HELD; a meeting is marked held on or after its date.
* Agenda items (föredragningslista) are numbered 1, 2, 3 … in the order they are added; the
  next number is one more than the highest so far, so that a number is never reused.
* An item is a decision, information or a report; a decision is recorded on a decision item
  only, on or after the meeting's date, with a reference (diarienummer) unique in the register.
* The minutes can be written while they are not adjusted; they are adjusted (justerade) only
  after the meeting is held, by a named person on a day on or after the meeting; once adjusted
  they never change (a ``Conflict``), and no more items or decisions are added to the meeting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

REFERENCE = re.compile(r"^[A-Za-zÅÄÖåäö0-9][A-Za-zÅÄÖåäö0-9/.:\- ]{0,39}$")


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"


class ItemKind(StrEnum):
    DECISION = "decision"  # beslutsärende
    INFORMATION = "information"  # informationsärende
    REPORT = "report"  # återrapport


@dataclass(frozen=True, slots=True)
class Minutes:
    text: str
    adjusted_by: str | None = None
    adjusted_on: date | None = None

    @property
    def adjusted(self) -> bool:
        return self.adjusted_on is not None


@dataclass(frozen=True, slots=True)
class Meeting:
    id: int
    on: date
    place: str
    status: MeetingStatus
    minutes: Minutes | None = None


@dataclass(frozen=True, slots=True)
class AgendaItem:
    id: int
    meeting_id: int
    number: int
    title: str
    kind: ItemKind
    presenter: str


def next_item_number(numbers: Iterable[int]) -> int:
    """One more than the highest number so far; 1 for the first item."""
    return max(numbers, default=0) + 1


def held_refusal(meeting: Meeting, today: date) -> str | None:
    """Why the meeting cannot be marked held ``today``; None when it can."""
    if meeting.status is MeetingStatus.HELD:
        return "the meeting is already marked as held"
    if today < meeting.on:
        return f"the meeting is on {meeting.on}; it cannot be held before that"
    return None


def decision_refusal(meeting: Meeting, item: AgendaItem, decided_on: date) -> str | None:
    """Why a decision cannot be recorded on ``item`` on ``decided_on``; None when it can."""
    if item.kind is not ItemKind.DECISION:
        return "decisions are recorded on decision items only"
    if decided_on < meeting.on:
        return f"a decision cannot be dated before the meeting ({meeting.on})"
    return None


def minutes_write_refusal(meeting: Meeting) -> str | None:
    """Why the minutes of ``meeting`` cannot be written or changed; None when they can."""
    if meeting.minutes is not None and meeting.minutes.adjusted:
        return "the minutes are adjusted and can no longer be changed"
    return None


def minutes_adjust_refusal(meeting: Meeting, adjusted_on: date) -> str | None:
    """Why the minutes cannot be adjusted on ``adjusted_on``; None when they can."""
    if meeting.minutes is None or not meeting.minutes.text.strip():
        return "there are no minutes to adjust yet"
    if meeting.minutes.adjusted:
        return "the minutes are already adjusted"
    if meeting.status is not MeetingStatus.HELD:
        return "the minutes can be adjusted only after the meeting is held"
    if adjusted_on < meeting.on:
        return f"the minutes cannot be adjusted before the meeting ({meeting.on})"
    return None


def reference_problem(reference: str) -> str | None:
    """What is wrong with a decision's reference (diarienummer), e.g. ``STH 2023/45``."""
    if not REFERENCE.match(reference):
        return "a reference is 1–40 letters, digits, spaces and / . : -, e.g. STH 2023/45"
    return None
