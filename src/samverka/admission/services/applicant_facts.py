"""Use case: record what the conditions beside the grades need of a pupil (``conditions``): the
date a newly arrived pupil came to Sweden (språkintroduktion is for the newly arrived, SL 17 kap.
13 §, 3 kap. 12 a §) and whether they have completed a national programme (then no national
programme is open to them, SL 16 kap.).

A counsellor may do it for a pupil of one of their school units, the admission officer for any
applicant (an older applicant or a re-applicant has no school unit); anyone else, or a pupil
outside the counsellor's units, is refused with ``NotPermitted`` (the pages and the API answer
404). An arrival date in the future or before the pupil's birth is ``InvalidInput``. Nothing
unchanged is written; a change is in the audit trail with its before and after.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from samverka.admission.domain.applicants import ApplicantRecord
from samverka.admission.ports import UnitOfWork
from samverka.errors import N_, InvalidInput, NotPermitted, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.services.audit_records import record_change

SWEDEN = ZoneInfo("Europe/Stockholm")
FACTS = ("arrival_date", "completed_national_programme")  # what the audit event keeps


def set_admission_facts(
    uow: UnitOfWork,
    *,
    year: int,
    personal_id: str,
    arrival_date: date | None,
    completed_national_programme: bool,
    actor: Actor,
    now: datetime,
) -> bool:
    """Set the pupil's arrival date and completed-programme mark; whether anything changed."""
    with uow:
        year_id = uow.admission.year(year).id
        record = uow.admission.applicant_record(year_id, personal_id)
        if record is None or not _may_edit(actor, record):
            raise NotPermitted(N_("Eleven går inte på någon av dina skolenheter."))
        _check_arrival(arrival_date, record, now)
        changed = replace(
            record,
            arrival_date=arrival_date,
            completed_national_programme=completed_national_programme,
        )
        if changed == record:
            return False
        uow.admission.set_admission_facts(
            year_id, personal_id, arrival_date, completed_national_programme
        )
        record_change(
            uow.audit,
            actor,
            "applicant",
            personal_id,
            "admission_facts",
            before=record,
            after=changed,
            at=now,
            only=FACTS,
        )
        uow.commit()
    return True


def _may_edit(actor: Actor, record: ApplicantRecord) -> bool:
    if actor.role is Role.OFFICER:
        return True
    return actor.role is Role.COUNSELLOR and record.school_unit_code in actor.school_unit_codes


def _check_arrival(arrival: date | None, record: ApplicantRecord, now: datetime) -> None:
    if arrival is None:
        return
    reason = None
    if arrival > now.astimezone(SWEDEN).date():
        reason = N_("Ankomstdatumet %(day)s ligger i framtiden.")
    elif arrival < record.personal_id.birth_date:
        reason = N_("Ankomstdatumet %(day)s är före elevens födelse.")
    if reason is not None:
        day = {"day": arrival.isoformat()}
        raise InvalidInput([RowError("request", 0, "arrival_date", reason, day)])
