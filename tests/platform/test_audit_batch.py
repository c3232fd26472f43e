"""An audit batch written the fast way stores exactly the rows, byte for byte, that its events
written one at a time the plain way store: the same JSON text, moments, order and hash chain,
on SQLite and PostgreSQL.

Source: issue 11, point 9 (every change in the audit trail, sealed by hash); issue 15, point 14
(cheaper audit records, the same stored bytes); ``samverka.platform.db.audit_repository``.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text, update
from sqlalchemy.orm import Session

from samverka.platform.db import tables as pt
from samverka.platform.db.audit_repository import (
    _COLUMNS,
    _JSON_TEXT,
    HEAD_ROW,
    SqlAuditTrail,
    _driver_moment,
    plain_rows,
)
from samverka.platform.db.engine import json_encoder, to_json
from samverka.platform.db.inserts import bulk_insert_values
from samverka.platform.domain.audit_chain import ChainHead
from samverka.platform.ports import AuditEvent
from samverka.platform.services.audit_trail import verify_audit_trail
from samverka.unit_of_work import SqlUnitOfWork

AT = datetime(2026, 2, 1, 12, 0, 0, 500, tzinfo=UTC)
SWEDEN = ZoneInfo("Europe/Stockholm")


class Letter(StrEnum):
    A = "A"


AWKWARD_VALUES: list[object] = [
    {"grades": {"SV": ["C", False], "EN": ["A", True]}, "name": 'Ängla "Citat" Ödén'},
    ["ü", 1.25, 0.1, 1e16, -0.0, None, True, 2**70, "tab\there", "\\ back", "\u2028", "😀"],
    {"amount": Decimal("10100.50"), "on": date(2026, 9, 1), "at": AT, "set": {"b", "a"}},
    {10: "x", 9: "y"},
    {"nested": {"z": [{"b": 1, "a": 2}], "": "tom nyckel"}},
    {"control": "\x00\x1f\x7f", "letter": Letter.A, "tuple": ("NA", "EK")},
    "Åsa Öberg",
    "",
    [],
    {},
]


def awkward_events() -> list[AuditEvent]:
    moments = [
        AT,
        AT,  # the same moment again, the batch's common case
        datetime(2026, 7, 1, 14, 30, 0, 123456, tzinfo=SWEDEN),
        datetime(2026, 1, 5, 8, 0),  # without a zone: taken as UTC
        datetime(2026, 7, 1, 12, 30, 0, 123456, tzinfo=UTC),  # the Swedish moment again
        AT + timedelta(microseconds=1),
    ]
    events = []
    for n, value in enumerate(AWKWARD_VALUES):
        events.append(
            AuditEvent(
                actor=["syv@norra", "Åke Ärlig (i stället för kansliet)"][n % 2],
                entity=["applicant", "grade_sheet"][n % 2],
                key=f'20100301-{n:04d} "ä"',
                action=["created", "changed", "ändrad"][n % 3],
                before=None if n % 3 == 0 else AWKWARD_VALUES[-1 - n],
                after=None if n % 4 == 3 else value,
                at=moments[n % len(moments)],
            )
        )
    return events


def stored(session: Session) -> list[tuple[object, ...]]:
    """Every stored event's columns as the database keeps them: text as text, read without
    any conversion by SQLAlchemy."""
    columns = ", ".join(
        f'CAST("{name}" AS TEXT)' if name in (*_JSON_TEXT, "at") else f'"{name}"'
        for name in _COLUMNS
    )
    query = f"SELECT {columns} FROM audit_event ORDER BY sequence"  # the names are the table's own
    return [tuple(row) for row in session.execute(text(query))]


def stored_head(session: Session) -> tuple[object, ...]:
    return tuple(session.execute(text("SELECT sequence, hash FROM audit_chain_head")).one())


def write_one_at_a_time_plainly(session: Session, events: list[AuditEvent]) -> None:
    """Each event on its own, as the trail wrote them before it had a batch path: an
    ``EventContent`` and a ``ChainedEvent`` per event, the moment handed to the driver as it
    is, the head read, moved and set per event."""
    h = pt.audit_chain_head
    for event in events:
        head = SqlAuditTrail(session).head()
        assert head is not None
        rows = plain_rows(head, [event])
        bulk_insert_values(session, pt.audit_event, _COLUMNS, rows, ready=_JSON_TEXT)
        moved = ChainHead(head.sequence + 1, str(rows[-1][-1]))
        session.execute(
            update(h).where(h.c.id == HEAD_ROW).values(sequence=moved.sequence, hash=moved.hash)
        )


def test_a_batch_is_stored_byte_for_byte_as_its_events_written_one_at_a_time_plainly(
    session: Session,
) -> None:
    events = awkward_events()
    with session.begin_nested() as batch:
        write_one_at_a_time_plainly(session, events[:1])  # the batch starts from a moved head
        trail = SqlAuditTrail(session)
        trail.record_many(events[1:])
        trail.flush()
        fast, fast_head = stored(session), stored_head(session)
        batch.rollback()
    with session.begin_nested() as plain:
        write_one_at_a_time_plainly(session, events)
        slow, slow_head = stored(session), stored_head(session)
        plain.rollback()
    assert len(fast) == len(events) > 0
    assert fast == slow
    assert fast_head == slow_head == (len(events), fast[-1][-1])


def test_a_batch_of_awkward_values_verifies_as_it_reads_back(uow: SqlUnitOfWork) -> None:
    with uow:
        uow.audit.record_many(awkward_events())
        uow.commit()
    report = verify_audit_trail(uow)
    assert report.intact
    assert report.events == len(AWKWARD_VALUES)


@pytest.mark.parametrize(
    "value",
    [*AWKWARD_VALUES, None, True, 1.5, 3, {"inf": math.inf, "nan": math.nan}],  # not on PostgreSQL
)
def test_the_batch_json_encoder_writes_the_text_to_json_writes(value: object) -> None:
    assert json_encoder()(value) == to_json(value)


def test_the_batch_json_encoder_refuses_what_to_json_refuses() -> None:
    with pytest.raises(TypeError, match="object is not JSON serialisable"):
        json_encoder()({"a": object()})


def test_on_sqlite_a_moment_goes_to_the_driver_as_the_text_its_own_adapter_makes() -> None:
    assert _driver_moment("sqlite+pysqlite")(AT) == "2026-02-01 12:00:00.000500+00:00"
    assert _driver_moment("postgresql+psycopg")(AT) is AT
