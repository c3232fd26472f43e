"""Use case: a counsellor marks (or unmarks) that a pupil has foreign grades.

Only a pupil of one of the actor's school units may be marked; anyone else is refused with
``NotPermitted`` (the pages and the API answer 404, so as not to reveal that the pupil exists).
An unchanged flag writes nothing; a change is written to the audit trail with its before and
after, in the same transaction.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from samverka.admission.ports import UnitOfWork
from samverka.errors import N_, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.services.audit_records import record_change


def mark_foreign_grades(
    uow: UnitOfWork, *, year: int, personal_id: str, foreign: bool, actor: Actor, now: datetime
) -> bool:
    """Set the pupil's foreign-grades flag; returns whether anything changed."""
    with uow:
        year_id = uow.admission.year(year).id
        record = uow.admission.applicant_record(year_id, personal_id)
        in_scope = actor.role is Role.COUNSELLOR and record is not None
        if record is None or not in_scope or record.school_unit_code not in actor.school_unit_codes:
            raise NotPermitted(N_("Eleven går inte på någon av dina skolenheter."))
        if record.foreign_grades == foreign:
            return False
        uow.admission.set_foreign_grades(year_id, personal_id, foreign)
        marked = replace(record, foreign_grades=foreign)
        record_change(
            uow.audit,
            actor,
            "applicant",
            personal_id,
            "mark_foreign_grades",
            before=record,
            after=marked,
            at=now,
            only=("foreign_grades",),
        )
        uow.commit()
    return True
