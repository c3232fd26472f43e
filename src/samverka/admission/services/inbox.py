"""Use case: the applicant marks their inbox as read (issue 15, point 4).

Only the applicant, for their own inbox (``NotPermitted`` for anyone else, the officer
included: the marker says what the applicant has read). Every message after the moment is
unread (``admission.queries.inbox``). In the audit trail as every change is.
"""

from __future__ import annotations

from datetime import datetime

from samverka.admission.domain.audited import InboxRead
from samverka.admission.ports import UnitOfWork
from samverka.errors import N_, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.services.audit_records import record_change


def mark_inbox_read(uow: UnitOfWork, *, year: int, actor: Actor, now: datetime) -> None:
    if actor.role is not Role.APPLICANT or actor.personal_id is None:
        raise NotPermitted(N_("Bara den sökande själv markerar sin inkorg som läst."))
    with uow:
        year_id = uow.admission.year(year).id
        before = uow.admission.mark_inbox_read(year_id, actor.personal_id, now)
        record_change(
            uow.audit,
            actor,
            "inbox",
            actor.personal_id,
            "read",
            before=None if before is None else InboxRead(before),
            after=InboxRead(now),
            at=now,
        )
        uow.commit()
