"""The audit trail's hash chain: numbering, hashing, and finding every kind of tampering.

Source: issue 11, point 9 (chain each audit event to the previous one by hash, and prove no
gap or change); ``samverka.platform.domain.audit_chain`` for the procedure.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from samverka.platform.domain.audit_chain import (
    EMPTY,
    GENESIS,
    Anchor,
    AnchorInvalid,
    ChainedEvent,
    ChainHead,
    EventContent,
    ProblemKind,
    chain_hashes,
    encoding,
    event_hash,
    extend,
    verify,
)

AT = datetime(2026, 2, 1, 12, 30, 15, 123456, tzinfo=UTC)


def content(number: int = 1, **changes: object) -> EventContent:
    event = EventContent(
        at=AT + timedelta(minutes=number),
        actor="syv@norra",
        entity="grade",
        key=f"20100301-{number:04d}",
        action="changed",
        before='{"EN": "C", "MA": "B"}',
        after='{"EN": "A", "MA": "B"}',
    )
    return replace(event, **changes)  # type: ignore[arg-type]


def chain(count: int, head: ChainHead = EMPTY) -> tuple[list[ChainedEvent], ChainHead]:
    return extend(head, [content(n) for n in range(1, count + 1)])


def kinds(events: list[ChainedEvent], head: ChainHead | None, **options: object) -> list[object]:
    report = verify(events, head=head, **options)  # type: ignore[arg-type]
    return [(p.kind, p.sequence, p.last) for p in report.problems]


# -- numbering and hashing --------------------------------------------------------------------
def test_events_are_numbered_from_one_and_each_links_to_the_one_before() -> None:
    events, head = chain(3)
    assert [e.sequence for e in events] == [1, 2, 3]
    assert events[0].previous_hash == GENESIS
    assert [e.previous_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert head == ChainHead(3, events[-1].hash)


def test_a_batch_continues_from_the_head_exactly_as_one_long_batch_would() -> None:
    first, head = chain(2)
    rest, end = extend(head, [content(3), content(4)])
    whole, whole_end = chain(4)
    assert first + rest == whole
    assert end == whole_end


def test_the_hash_is_sha256_of_the_documented_canonical_encoding() -> None:
    event = content(1, before=None, after='{"namn": "Åsa", "b": [1.5, true]}')
    expected = (
        '["samverka-audit-1",7,"2026-02-01T12:31:15.123456Z","syv@norra","grade",'
        '"20100301-0001","changed",null,"{\\"namn\\": \\"Åsa\\", \\"b\\": [1.5, true]}","'
        + GENESIS
        + '"]'
    )
    assert encoding(7, event, GENESIS) == expected.encode("utf-8")
    assert event_hash(7, event, GENESIS) == hashlib.sha256(expected.encode()).hexdigest()


@given(st.text(), st.text(), st.one_of(st.none(), st.text()), st.integers(min_value=1))
def test_the_encoding_is_exactly_compact_json_of_the_fields(
    actor: str, key: str, after: str | None, sequence: int
) -> None:
    event = content(1, actor=actor, key=key, after=after)
    fields = [
        "samverka-audit-1",
        sequence,
        "2026-02-01T12:31:15.123456Z",
        actor,
        "grade",
        key,
        "changed",
        event.before,
        after,
        GENESIS,
    ]
    compact = json.dumps(fields, separators=(",", ":"), ensure_ascii=False)
    assert encoding(sequence, event, GENESIS) == compact.encode("utf-8")


def test_the_moment_is_hashed_in_utc_whatever_zone_it_was_given_in() -> None:
    stockholm = AT.astimezone(ZoneInfo("Europe/Stockholm"))
    naive_utc = AT.replace(tzinfo=None)  # how SQLite gives a stored moment back
    hashes = {event_hash(1, replace(content(), at=at), GENESIS) for at in (AT, stockholm)}
    hashes.add(event_hash(1, replace(content(), at=naive_utc), GENESIS))
    assert len(hashes) == 1
    other_instant = AT.replace(tzinfo=timezone(timedelta(hours=1)))
    assert event_hash(1, replace(content(), at=other_instant), GENESIS) not in hashes


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.one_of(st.none(), st.timezones()),
    ),
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.one_of(st.none(), st.timezones()),
    ),
)
def test_a_moment_is_encoded_alike_whatever_moment_was_encoded_before_it(
    first: datetime, then: datetime
) -> None:
    for at in (first, then, first):
        utc = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
        written = utc.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"
        assert json.loads(encoding(1, replace(content(), at=at), GENESIS))[2] == written


_TEXTS = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
_CONTENTS = st.builds(
    EventContent,
    at=st.one_of(
        st.just(AT),
        st.datetimes(
            min_value=datetime(2000, 1, 1),
            max_value=datetime(2100, 1, 1),
            timezones=st.one_of(st.none(), st.timezones()),
        ),
    ),
    actor=_TEXTS,
    entity=_TEXTS,
    key=_TEXTS,
    action=_TEXTS,
    before=st.none() | _TEXTS,
    after=st.none() | _TEXTS,
)


@given(
    st.lists(_CONTENTS, max_size=6),
    st.sampled_from([EMPTY, ChainHead(41, "ab" * 32), ChainHead(7, 'not hexadecimal, "Å"')]),
)
def test_the_batch_hashes_are_those_of_the_plain_chain_event_by_event(
    contents: list[EventContent], head: ChainHead
) -> None:
    fields = [(c.at, c.actor, c.entity, c.key, c.action, c.before, c.after) for c in contents]
    chained, _ = extend(head, contents)
    assert chain_hashes(head, fields) == [event.hash for event in chained]


@pytest.mark.parametrize(
    "change",
    [
        {"at": AT + timedelta(microseconds=1)},
        {"actor": "intruder"},
        {"entity": "applicant"},
        {"key": "20100301-9999"},
        {"action": "created"},
        {"before": '{"EN": "A", "MA": "B"}'},
        {"after": '{"EN": "A", "MA": "A"}'},
        {"after": '{"EN": "A",  "MA": "B"}'},  # the very text is sealed, spaces too
        {"after": None},
    ],
    ids=lambda change: next(iter(change)),
)
def test_every_field_of_the_content_is_sealed_by_the_hash(change: dict[str, object]) -> None:
    assert event_hash(1, content(), GENESIS) != event_hash(1, replace(content(), **change), GENESIS)  # type: ignore[arg-type]


def test_the_sequence_and_the_previous_hash_are_sealed_too() -> None:
    assert event_hash(1, content(), GENESIS) != event_hash(2, content(), GENESIS)
    assert event_hash(1, content(), GENESIS) != event_hash(1, content(), "1" * 64)


# -- verification ---------------------------------------------------------------------------------
def test_an_intact_chain_verifies_with_its_head_and_anchors() -> None:
    events, head = chain(5)
    report = verify(events, head=head, anchors=[Anchor(2, events[1].hash), Anchor.parse(str(head))])
    assert report.intact
    assert (report.events, report.last) == (5, head)


def test_an_empty_trail_verifies_against_an_empty_head() -> None:
    assert verify([], head=EMPTY).intact


def test_a_changed_event_is_found_by_its_hash() -> None:
    events, head = chain(5)
    events[2] = replace(events[2], content=replace(events[2].content, actor="intruder"))
    assert kinds(events, head) == [(ProblemKind.CHANGED, 3, 3)]


def test_a_changed_event_with_a_recomputed_hash_breaks_the_link_of_the_next() -> None:
    events, head = chain(5)
    forged = replace(events[2].content, after='{"EN": "F"}')
    events[2] = replace(events[2], content=forged, hash=event_hash(3, forged, events[1].hash))
    assert kinds(events, head) == [(ProblemKind.UNLINKED, 4, 4)]


def test_a_deleted_event_is_a_gap_in_the_numbers() -> None:
    events, head = chain(6)
    del events[2:4]
    assert kinds(events, head) == [(ProblemKind.MISSING, 3, 4)]


def test_the_first_event_deleted_is_found_too() -> None:
    events, head = chain(3)
    assert kinds(events[1:], head) == [(ProblemKind.MISSING, 1, 1)]


def test_events_deleted_at_the_end_are_found_by_the_head() -> None:
    events, head = chain(6)
    assert kinds(events[:4], head) == [(ProblemKind.TRUNCATED, 5, 6)]
    assert kinds([], head) == [(ProblemKind.TRUNCATED, 1, 6)]


def test_a_head_moved_back_to_hide_deleted_events_is_found_by_an_anchor() -> None:
    events, head = chain(6)
    anchors = [Anchor(6, head.hash)]
    lowered = ChainHead(4, events[3].hash)
    assert verify(events[:4], head=lowered).intact  # without an anchor, nothing shows
    assert kinds(events[:4], lowered, anchors=anchors) == [(ProblemKind.ANCHOR, 6, 6)]


def test_a_whole_chain_rewritten_after_a_change_is_found_by_an_anchor() -> None:
    events, head = chain(5)
    rewritten, new_head = extend(
        EMPTY, [e.content for e in events[:2]] + [content(9)] + [e.content for e in events[3:]]
    )
    assert verify(rewritten, head=new_head).intact
    problems = kinds(rewritten, new_head, anchors=[Anchor(2, events[1].hash), Anchor(5, head.hash)])
    assert problems == [(ProblemKind.ANCHOR, 5, 5)]


def test_a_head_that_names_an_event_with_another_hash_is_reported() -> None:
    events, _ = chain(3)
    assert kinds(events, ChainHead(3, "f" * 64)) == [(ProblemKind.HEAD, 3, 3)]
    assert kinds(events, None) == [(ProblemKind.NO_HEAD, 3, 3)]


def test_events_written_after_the_head_was_read_are_verified_too() -> None:
    events, _ = chain(5)
    assert verify(events, head=ChainHead(3, events[2].hash)).intact
    events[4] = replace(events[4], hash="0" * 64)
    assert kinds(events, ChainHead(3, events[2].hash)) == [(ProblemKind.CHANGED, 5, 5)]


def test_only_the_first_problems_are_kept_and_the_others_counted() -> None:
    events, head = chain(30)
    tampered = [replace(e, content=replace(e.content, actor="x")) for e in events]
    report = verify(tampered, head=head, limit=20)
    assert len(report.problems) == 20
    assert report.more_problems == 10
    assert report.problems[0].sequence == 1


def test_the_walk_reads_a_stream_of_events_once() -> None:
    events, head = chain(1000)
    read = 0

    def stream() -> Iterator[ChainedEvent]:
        nonlocal read
        for event in events:
            read += 1
            yield event

    report = verify(stream(), head=head)
    assert report.intact
    assert read == 1000


def test_a_problem_is_described_by_number_without_the_events_key() -> None:
    events, head = chain(3)
    events[1] = replace(events[1], content=replace(events[1].content, actor="intruder"))
    [problem] = verify(events, head=head).problems
    assert problem.describe() == "event 2 changed: its content no longer matches its hash"
    assert "20100301" not in problem.describe()


@given(
    st.integers(min_value=1, max_value=8),
    st.integers(min_value=0, max_value=7),
    st.sampled_from(["actor", "key", "drop", "swap"]),
)
def test_any_single_change_deletion_or_swap_is_found(length: int, index: int, how: str) -> None:
    events, head = chain(length)
    index %= length
    if how == "drop":
        del events[index]
    elif how == "swap":  # two events' contents exchanged, their numbers and hashes kept
        other = (index + 1) % length
        assume(other != index)
        a, b = events[index], events[other]
        events[index], events[other] = replace(a, content=b.content), replace(b, content=a.content)
    else:
        event = events[index]
        events[index] = replace(event, content=replace(event.content, **{how: "x"}))
    assert not verify(events, head=head).intact


# -- anchors ------------------------------------------------------------------------------------
def test_an_anchor_is_read_as_sequence_colon_hash() -> None:
    assert Anchor.parse(f" 12:{'AB' * 32} ") == Anchor(12, "ab" * 32)


@pytest.mark.parametrize(
    "text", ["", "12", f"0:{'a' * 64}", f"x:{'a' * 64}", "12:abc", f"12:{'g' * 64}"]
)
def test_anything_else_is_not_an_anchor(text: str) -> None:
    with pytest.raises(AnchorInvalid, match="SEQUENCE:HASH"):
        Anchor.parse(text)
