"""The audit trail's hash chain: every event sealed to the one before it.

Source: issue 11, point 9 ("chain each audit event to the previous one by hash with
`samverka audit verify` to prove no gap or change"); the construction is the hash chain of
tamper-evident logs (Schneier and Kelsey, "Secure audit logs to support computer forensics",
1999; the signed tree heads of Certificate Transparency, RFC 6962, play the part of the
anchors here); ``docs/security.md``, "Audit trail".

Procedure:

1. Events are numbered 1, 2, 3, … without gaps, in the order they are written (``sequence``).
2. An event's *content* is its sequence, the moment (in UTC, to the microsecond), actor, entity,
   key, action, and the before and after values as the exact JSON text stored (or null). Its
   *encoding* is the UTF-8 of the JSON array ``["samverka-audit-1", sequence, at, actor, entity,
   key, action, before, after, previous_hash]`` without spaces or escaped non-ASCII, so that the
   same content always gives the same bytes, on every database and machine, and the hash seals
   the very bytes stored, without parsing them.
3. ``hash`` = SHA-256 of the encoding, in hexadecimal; ``previous_hash`` is the hash of the event
   before it, and ``GENESIS`` (64 zeros) for event 1.
4. The chain's *head* (the last sequence and hash) is kept beside the events; a writer takes it
   under a lock, numbers and hashes its batch of events from it, and moves it on.
5. To verify, walk the events in sequence order and recompute each hash. A missing number is a
   deleted event; a hash that does not match its content is a changed event; a
   ``previous_hash`` that does not match the event before is a replaced (or re-hashed) one; a
   head beyond the last event means events were deleted at the end. An *anchor* (a sequence and
   hash written down elsewhere, e.g. in the board's minutes) must still be found in the chain:
   it catches even someone who rewrites every hash after a change.

The verification streams: it keeps only the event before, so a million events need no more
memory than ten.
"""

from __future__ import annotations

import hashlib
import json.encoder
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache
from typing import TypeAlias

ENCODING_VERSION = "samverka-audit-1"
GENESIS = "0" * 64
_quote: Callable[[str], str] = json.encoder.encode_basestring
_VERSION = _quote(ENCODING_VERSION)
_HASH = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class EventContent:
    """What an audit event says; ``before`` and ``after`` are the JSON texts stored (``None``:
    nothing stored)."""

    at: datetime
    actor: str
    entity: str
    key: str
    action: str
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class ChainedEvent:
    sequence: int
    content: EventContent
    previous_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The last event's sequence and hash; ``ChainHead(0, GENESIS)`` before the first."""

    sequence: int
    hash: str

    def __str__(self) -> str:
        return f"{self.sequence}:{self.hash}"


EMPTY = ChainHead(0, GENESIS)


class AnchorInvalid(ValueError):
    """Text that is not an anchor ``SEQUENCE:HASH``."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """An event's sequence and hash written down outside the database, to be found again."""

    sequence: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> Anchor:
        sequence, _, digest = text.strip().partition(":")
        if not sequence.isdigit() or int(sequence) < 1 or not _HASH.match(digest.lower()):
            raise AnchorInvalid(
                f"{text!r} is not an anchor: write the event's sequence number and its 64-digit "
                "hexadecimal hash as SEQUENCE:HASH, as `samverka audit head` prints them"
            )
        return cls(int(sequence), digest.lower())


def in_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a moment without a time zone is taken to be in UTC already (that is
    how SQLite gives stored moments back)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def encoding(sequence: int, content: EventContent, previous_hash: str) -> bytes:
    """The canonical bytes of an event (step 2 of the procedure): exactly
    ``json.dumps([...], separators=(",", ":"), ensure_ascii=False)``, built from the quoted
    fields directly, as an audit batch may hold tens of thousands of events."""
    fields = (
        _VERSION,
        str(sequence),
        _moment(content.at),
        _quote(content.actor),
        _quote(content.entity),
        _quote(content.key),
        _quote(content.action),
        "null" if content.before is None else _quote(content.before),
        "null" if content.after is None else _quote(content.after),
        _quote(previous_hash),
    )
    return f"[{','.join(fields)}]".encode()


@lru_cache(maxsize=256)
def _moment(at: datetime) -> str:
    """The moment as quoted in the encoding, in UTC to the microsecond; kept for the moments
    seen last, as the events of a batch mostly share one. Equal moments are the same instant
    (or, without a time zone, the same fields), so they are always written alike."""
    return _quote(in_utc(at).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z")


def event_hash(sequence: int, content: EventContent, previous_hash: str) -> str:
    return hashlib.sha256(encoding(sequence, content, previous_hash)).hexdigest()


# An event's content as the fields of ``EventContent``, in its order, for ``chain_hashes``.
ContentFields: TypeAlias = tuple[datetime, str, str, str, str, str | None, str | None]


def chain_hashes(head: ChainHead, contents: Iterable[ContentFields]) -> list[str]:
    """The hashes of ``contents`` numbered after ``head``, each exactly ``event_hash`` of its
    sequence, content and the hash before it (``extend`` gives the same): for the audit
    trail's batches, without an object per event, the encoding built by one format."""
    digests: list[str] = []
    add = digests.append
    sha256 = hashlib.sha256
    sequence, previous = head.sequence, _quote(head.hash)
    last_at: datetime | None = None
    moment = ""
    for at, actor, entity, key, action, before, after in contents:
        sequence += 1
        if at is not last_at:
            last_at, moment = at, _moment(at)
        digest = sha256(
            f"[{_VERSION},{sequence},{moment},{_quote(actor)},{_quote(entity)},{_quote(key)},"
            f"{_quote(action)},{'null' if before is None else _quote(before)},"
            f"{'null' if after is None else _quote(after)},{previous}]".encode()
        ).hexdigest()
        add(digest)
        previous = f'"{digest}"'  # a hexadecimal digest quotes as itself
    return digests


def extend(
    head: ChainHead, contents: Iterable[EventContent]
) -> tuple[list[ChainedEvent], ChainHead]:
    """Number and hash ``contents`` after ``head``; the chained events and the new head. (The
    plain path, one object per event; ``chain_hashes`` is the audit trail's batch path.)"""
    chained: list[ChainedEvent] = []
    sequence, previous = head.sequence, head.hash
    for content in contents:
        sequence += 1
        digest = event_hash(sequence, content, previous)
        chained.append(ChainedEvent(sequence, content, previous, digest))
        previous = digest
    return chained, ChainHead(sequence, previous)


# -- verification ---------------------------------------------------------------------------------
class ProblemKind(StrEnum):
    MISSING = "missing"  # a gap in the numbers: deleted events
    CHANGED = "changed"  # the content no longer gives the stored hash
    UNLINKED = "unlinked"  # previous_hash is not the hash of the event before
    TRUNCATED = "truncated"  # the head is beyond the last event: deleted at the end
    HEAD = "head"  # the head's hash is not the hash of the event it names
    NO_HEAD = "no_head"  # the head is missing
    ANCHOR = "anchor"  # an anchor's event is missing or has another hash


@dataclass(frozen=True, slots=True)
class ChainProblem:
    kind: ProblemKind
    sequence: int  # the first event concerned
    last: int  # the last event concerned (== sequence for one event)
    event: ChainedEvent | None  # the event found there, if any (never shown with its key)

    def describe(self) -> str:
        if self.last == self.sequence:
            span = f"event {self.sequence}"
        else:
            span = f"events {self.sequence}–{self.last}"
        return {
            ProblemKind.MISSING: f"{span} missing: deleted from the trail",
            ProblemKind.CHANGED: f"{span} changed: its content no longer matches its hash",
            ProblemKind.UNLINKED: (
                f"{span} does not follow event {self.sequence - 1}: an event was replaced or "
                "the chain rewritten from here"
            ),
            ProblemKind.TRUNCATED: f"{span} missing at the end: deleted from the trail",
            ProblemKind.HEAD: f"the chain's head names {span} with another hash",
            ProblemKind.NO_HEAD: "the chain's head is missing",
            ProblemKind.ANCHOR: f"anchored {span} missing or changed: the chain was rewritten",
        }[self.kind]


@dataclass(frozen=True, slots=True)
class ChainReport:
    events: int  # how many events were read
    last: ChainHead  # the last event read
    head: ChainHead | None  # the stored head, as read before the walk
    problems: tuple[ChainProblem, ...]  # the first ``limit`` problems, in chain order
    more_problems: int  # how many more were found

    @property
    def intact(self) -> bool:
        return not self.problems


def verify(
    events: Iterable[ChainedEvent],
    *,
    head: ChainHead | None,
    anchors: Sequence[Anchor] = (),
    limit: int = 20,
) -> ChainReport:
    """Walk ``events`` (in sequence order) against the ``head`` read before the walk and the
    ``anchors`` (step 5); the first ``limit`` problems are kept, the others counted."""
    anchored = {anchor.sequence: anchor.hash for anchor in anchors}
    kept: list[ChainProblem] = []
    more = 0
    last, count, hash_at_head = EMPTY, 0, None
    for event in events:
        count += 1
        problems = _event_problems(event, last, anchored)
        if head is not None and event.sequence == head.sequence:
            hash_at_head = event.hash
        last = ChainHead(event.sequence, event.hash)
        if problems:
            room = max(0, limit - len(kept))
            kept += problems[:room]
            more += len(problems[room:])
    ending = _end_problems(last, head, hash_at_head, anchored)
    room = max(0, limit - len(kept))
    kept += ending[:room]
    more += len(ending[room:])
    return ChainReport(count, last, head, tuple(kept), more)


def _event_problems(
    event: ChainedEvent, last: ChainHead, anchored: dict[int, str]
) -> list[ChainProblem]:
    problems = []
    if event.sequence > last.sequence + 1:
        missing = ChainProblem(ProblemKind.MISSING, last.sequence + 1, event.sequence - 1, None)
        problems.append(missing)
    elif event.sequence != last.sequence + 1 or event.previous_hash != last.hash:
        problems.append(ChainProblem(ProblemKind.UNLINKED, event.sequence, event.sequence, event))
    if event_hash(event.sequence, event.content, event.previous_hash) != event.hash:
        problems.append(ChainProblem(ProblemKind.CHANGED, event.sequence, event.sequence, event))
    if anchored.get(event.sequence, event.hash) != event.hash:
        problems.append(ChainProblem(ProblemKind.ANCHOR, event.sequence, event.sequence, event))
    return problems


def _end_problems(
    last: ChainHead, head: ChainHead | None, hash_at_head: str | None, anchored: dict[int, str]
) -> list[ChainProblem]:
    problems = []
    if head is None:
        problems.append(ChainProblem(ProblemKind.NO_HEAD, last.sequence, last.sequence, None))
    elif head.sequence > last.sequence:
        gone = ChainProblem(ProblemKind.TRUNCATED, last.sequence + 1, head.sequence, None)
        problems.append(gone)
    elif head.sequence > 0 and hash_at_head != head.hash:
        problems.append(ChainProblem(ProblemKind.HEAD, head.sequence, head.sequence, None))
    problems += [
        ChainProblem(ProblemKind.ANCHOR, sequence, sequence, None)
        for sequence in sorted(anchored)
        if sequence > last.sequence
    ]
    return problems
