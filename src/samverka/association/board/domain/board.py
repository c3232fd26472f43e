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

Each refusal below is a Swedish msgid; where it names the meeting's day, its parameter ``date``
is given by the caller beside it (``Conflict(refusal, date=meeting.on)``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from samverka.errors import N_

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
    """Why the meeting cannot be marked held ``today`` (parameter ``date``); None when it can."""
    if meeting.status is MeetingStatus.HELD:
        return N_("Mötet är redan markerat som hållet.")
    if today < meeting.on:
        return N_("Mötet är den %(date)s och kan inte markeras som hållet före dess.")
    return None


def decision_refusal(meeting: Meeting, item: AgendaItem, decided_on: date) -> str | None:
    """Why a decision cannot be recorded on ``item`` on ``decided_on`` (parameter ``date``);
    None when it can."""
    if item.kind is not ItemKind.DECISION:
        return N_("Beslut förs bara in på beslutsärenden.")
    if decided_on < meeting.on:
        return N_("Ett beslut kan inte dateras före mötet (%(date)s).")
    return None


def minutes_write_refusal(meeting: Meeting) -> str | None:
    """Why the minutes of ``meeting`` cannot be written or changed; None when they can."""
    if meeting.minutes is not None and meeting.minutes.adjusted:
        return N_("Protokollet är justerat och kan inte längre ändras.")
    return None


def minutes_adjust_refusal(meeting: Meeting, adjusted_on: date) -> str | None:
    """Why the minutes cannot be adjusted on ``adjusted_on`` (parameter ``date``); None when
    they can."""
    if meeting.minutes is None or not meeting.minutes.text.strip():
        return N_("Det finns inget protokoll att justera ännu.")
    if meeting.minutes.adjusted:
        return N_("Protokollet är redan justerat.")
    if meeting.status is not MeetingStatus.HELD:
        return N_("Protokollet kan justeras först när mötet är markerat som hållet.")
    if adjusted_on < meeting.on:
        return N_("Protokollet kan inte justeras före mötet (%(date)s).")
    return None


def reference_problem(reference: str) -> str | None:
    """What is wrong with a decision's reference (diarienummer), e.g. ``STH 2023/45``."""
    if not REFERENCE.match(reference):
        return N_(
            "Ett diarienummer har 1–40 bokstäver, siffror, mellanslag och / . : -, till exempel "
            "STH 2023/45."
        )
    return None
