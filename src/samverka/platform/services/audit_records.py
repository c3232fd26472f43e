"""Recording a change in the audit trail: the one way every context's services write an event.

Source: issue 11, point 9 (every change in the audit trail: who, when, what, before and after);
``docs/security.md``, "Audit trail". A service names the change by the objects before and
after it (domain objects, or a summary of them as a small frozen dataclass of its context's
domain), never by a dictionary built by hand; ``record_change`` turns them into their audited
form (``samverka.platform.domain.audit_snapshot``), names the actor as the audit trail does
(``Actor.audit_name``: the person signed in, also when an officer works in another role's
place) and records the event in the unit of work's trail. ``record_changes`` does the same for
many changes at once (``Change``), in the order given, with Python's cyclic garbage collector
paused while it converts them (issue 15, point 14: a faster pupil import, the same events).

A bare number before or after is refused at once (``TypeError``): stored as JSON it would not
come back as the same text on SQLite, which would break the event's hash
(``samverka.platform.db.audit_repository``). A count is a field of a small dataclass.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from samverka.platform.access.domain.actors import Actor
from samverka.platform.collector import collector_paused
from samverka.platform.domain.audit_snapshot import Audited, snapshot, whole
from samverka.platform.ports import AuditEvent, AuditTrail


@dataclass(frozen=True, slots=True)
class Change:
    """One change to record: what changed (``entity`` and its ``key``), how (``action``), and
    the objects before and after it (``None``: there was nothing, or is nothing now)."""

    entity: str
    key: int | str
    action: str
    before: object
    after: object


def record_change(
    trail: AuditTrail,
    actor: Actor,
    entity: str,
    key: int | str,
    action: str,
    *,
    before: object,
    after: object,
    at: datetime,
    only: Collection[str] | None = None,
    leave_out: Collection[str] = (),
) -> None:
    """Record that ``actor`` changed ``entity`` ``key`` by ``action`` at ``at``, from ``before``
    to ``after``; ``only`` and ``leave_out`` choose the fields kept of both
    (``audit_snapshot.snapshot``)."""
    trail.record(
        actor=actor.audit_name,
        entity=entity,
        key=str(key),
        action=action,
        before=_audited(before, only, leave_out),
        after=_audited(after, only, leave_out),
        at=at,
    )


def record_changes(
    trail: AuditTrail, actor: Actor, changes: Iterable[Change], *, at: datetime
) -> None:
    """Record every one of ``changes`` as ``actor``'s at ``at``, in the order given."""
    with collector_paused():
        events = [
            AuditEvent(
                actor.audit_name,
                change.entity,
                str(change.key),
                change.action,
                _whole(change.before),
                _whole(change.after),
                at,
            )
            for change in changes
        ]
    trail.record_many(events)


_NOT_A_NUMBER = frozenset({dict, list, str, type(None)})  # the audited forms of nearly all


def _whole(value: object) -> Audited:
    """``value`` in its audited form, every field kept, as ``_audited`` gives it."""
    audited = whole(value)
    return audited if type(audited) in _NOT_A_NUMBER else _not_a_number(audited)


def _audited(
    value: object, only: Collection[str] | None = None, leave_out: Collection[str] = ()
) -> Audited:
    return _not_a_number(snapshot(value, only=only, leave_out=leave_out))


def _not_a_number(audited: Audited) -> Audited:
    if isinstance(audited, int | float) and not isinstance(audited, bool):
        raise TypeError(
            f"an audit event's before and after cannot be a bare number ({audited!r}): name it "
            "as a field of a dataclass"
        )
    return audited
