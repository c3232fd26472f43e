"""Use cases of the activity follow-up (KAA): a municipality records contacts, measures and
statuses for the young people registered in it.

Only the person's home municipality (where they are registered on the entry's date) or the
admission officer may record; anyone else is told the person does not exist (``NotFound``), so
that the register does not reveal who lives where. For the same reason a person protected in any
source (``AdmissionRepository.protected_among``; issue 11 point 2, admissions-rules §11.2 item
11) is ``NotFound`` to everyone but the admission officer, who records for them. Every entry
is in the audit trail; entries are never changed or deleted (a later status supersedes an
earlier one).
"""

from __future__ import annotations

from datetime import date, datetime

from samverka.domain.access.actors import Actor, Role
from samverka.domain.register.activity_follow_up import EntryKind, FollowUpEntry, KaaStatus
from samverka.domain.register.population import registration_on
from samverka.errors import InvalidInput, NotFound, NotPermitted, RowError
from samverka.services.ports import UnitOfWork


def home_municipality(uow: UnitOfWork, personal_id: str, on: date) -> str | None:
    period = registration_on(uow.register.history(personal_id), on)
    return None if period is None else period.municipality


def record_follow_up(
    uow: UnitOfWork,
    *,
    actor: Actor,
    personal_id: str,
    kind: EntryKind,
    on: date,
    status: KaaStatus | None = None,
    note: str = "",
    now: datetime,
) -> int:
    """Record one contact, measure or status; returns the entry's id."""
    if actor.role not in (Role.MUNICIPALITY, Role.OFFICER):
        raise NotPermitted("only the home municipality or the admission officer records this")
    if (kind is EntryKind.STATUS) != (status is not None):
        reason = "a status entry needs a status; contacts and measures have none"
        raise InvalidInput([RowError("follow-up", 0, "status", reason)])
    if kind is not EntryKind.STATUS and not note.strip():
        raise InvalidInput([RowError("follow-up", 0, "note", "describe the contact or measure")])
    with uow:
        municipality = home_municipality(uow, personal_id, on)
        allowed = municipality is not None and (
            actor.role is Role.OFFICER or actor.municipality_code == municipality
        )
        if not actor.may_see_protected_identities and uow.admission.protected_among([personal_id]):
            allowed = False
        if not allowed or municipality is None:
            raise NotFound(f"no such person registered in your municipality on {on}")
        entry = FollowUpEntry(personal_id, kind, on, status, note.strip())
        entry_id = uow.register.add_follow_up(entry, municipality, now, actor.audit_name)
        uow.audit.record(
            actor=actor.audit_name,
            entity="follow_up_entry",
            key=personal_id,
            action=kind.value,
            before=None,
            after={
                "id": entry_id,
                "on": on.isoformat(),
                "status": None if status is None else status.value,
                "municipality": municipality,
            },
            at=now,
        )
        uow.commit()
    return entry_id
