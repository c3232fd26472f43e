"""Use cases of the activity follow-up (KAA): a municipality records contacts, measures and
statuses of its young people, sets how long it keeps them, and erases them when that time is up.

Sources: skollagen (2010:800) 29 kap. 9 § (the duty and its documentation) and 29 kap. 6 § (the
home municipality); förordning (2006:39) 3–4 §§ (what the register may hold, and for what);
``register.domain.activity_follow_up`` (entries), ``kaa_group`` (home municipality),
``kaa_retention`` (the retention rule); issue 13 points 8 and 10.

* ``record_follow_up``: only the person's home municipality on the entry's day, or the admission
  officer, records; anyone else is told the person does not exist (``NotFound``), so that the
  register does not reveal who lives where. The home municipality is the register's, or, for a
  person the register does not hold yet (a 15-year-old who left year 9), the admission data's.
  A person protected in any source (``AdmissionRepository.protected_among``) is ``NotFound`` to
  everyone but the officer. Entries are never changed (a later status supersedes an earlier;
  a measure is ended by a new entry naming it). The audit event names the entry by its id, with
  its kind, day and municipality, never the identity number or the status: when the entry is
  erased, nothing of the person stays behind in the audit trail (issue 13 point 10).
* ``set_retention``: the municipality (or the officer for it) sets its retention period, audited.
* ``erase_expired_entries``: the retention job: finds every person whose entries are due
  (``kaa_retention.due_for_erasure``) and, unless it is a dry run, records the erasure (counts by
  kind, never content) and deletes exactly those entries, in one transaction, with one audit
  event. A dry run changes nothing and records nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from samverka.errors import N_, BadValue, Conflict, InvalidInput, NotFound, NotPermitted, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.services.audit_records import record_change
from samverka.register.domain.activity_follow_up import (
    EntryKind,
    FollowUpEntry,
    KaaStatus,
    MeasureType,
    entry_problems,
)
from samverka.register.domain.audited import RecordedEntry
from samverka.register.domain.kaa_group import home_municipality_on
from samverka.register.domain.kaa_retention import RetentionSetting, due_for_erasure
from samverka.register.ports import FollowUpErasure, UnitOfWork


def home_municipality(uow: UnitOfWork, personal_id: str, on: date) -> str | None:
    """The person's home municipality on ``on``: the register's, else the admission data's."""
    person = uow.register.young_people([personal_id]).get(personal_id)
    return None if person is None else home_municipality_on(person, on)


def _check_municipal(actor: Actor, municipality: str | None = None) -> None:
    if actor.role is Role.OFFICER:
        return
    if actor.role is Role.MUNICIPALITY and municipality in (None, actor.municipality_code):
        return
    raise NotPermitted(N_("Bara hemkommunen eller antagningskansliet gör detta."))


def record_follow_up(
    uow: UnitOfWork,
    *,
    actor: Actor,
    personal_id: str,
    kind: EntryKind,
    on: date,
    status: KaaStatus | None = None,
    note: str = "",
    measure: MeasureType | None = None,
    ends: int | None = None,
    now: datetime,
) -> int:
    """Record one contact, measure (begun or ended) or status; returns the entry's id."""
    _check_municipal(actor)
    entry = FollowUpEntry(personal_id, kind, on, status, note.strip(), measure, ends)
    with uow:
        municipality = home_municipality(uow, personal_id, on)
        allowed = municipality is not None and (
            actor.role is Role.OFFICER or actor.municipality_code == municipality
        )
        if not actor.may_see_protected_identities and uow.admission.protected_among([personal_id]):
            allowed = False
        if not allowed or municipality is None:
            raise NotFound(N_("Ingen sådan person bor i din kommun %(day)s."), day=on.isoformat())
        earlier = uow.register.follow_up_entries(personal_id, municipality)
        problems = entry_problems(entry, earlier)
        if problems:
            raise InvalidInput([RowError("follow-up", 0, f, reason) for f, reason in problems])
        entry_id = uow.register.add_follow_up(entry, municipality, now, actor.audit_name)
        record_change(
            uow.audit,
            actor,
            "follow_up_entry",
            entry_id,
            kind.value,
            before=None,
            after=RecordedEntry(on, municipality),
            at=now,
        )
        uow.commit()
    return entry_id


def _known(uow: UnitOfWork, municipality: str) -> None:
    if municipality not in uow.catalogue.municipality_codes():
        raise NotFound(N_("Det finns ingen kommun %(code)s."), code=repr(municipality))


def retention_setting(uow: UnitOfWork, municipality: str) -> RetentionSetting:
    """The municipality's retention period, the default when none is set (in an open unit)."""
    months = uow.register.retention_months(municipality)
    return RetentionSetting() if months is None else RetentionSetting(months)


def set_retention(
    uow: UnitOfWork, *, actor: Actor, municipality: str, months: int, now: datetime
) -> RetentionSetting:
    """Set ``municipality``'s retention period to ``months``."""
    _check_municipal(actor, municipality)
    try:
        setting = RetentionSetting(months)
    except BadValue as error:
        problem = RowError("retention", 0, "months", error.text, error.parameters)
        raise InvalidInput([problem]) from None
    with uow:
        _known(uow, municipality)
        before = uow.register.retention_months(municipality)
        uow.register.set_retention_months(municipality, setting.months, now, actor.audit_name)
        record_change(
            uow.audit,
            actor,
            "kaa_retention",
            municipality,
            "set",
            before=None if before is None else RetentionSetting(before),
            after=setting,
            at=now,
        )
        uow.commit()
    return setting


@dataclass(frozen=True, slots=True)
class ErasureResult:
    """What the retention job erased (or, in a dry run, would erase): counts only."""

    municipality: str
    day: date
    months: int
    persons: int
    by_kind: dict[EntryKind, int]
    applied: bool
    erasure_id: int | None = None

    @property
    def entries(self) -> int:
        return sum(self.by_kind.values())


def erase_expired_entries(
    uow: UnitOfWork,
    *,
    actor: Actor,
    municipality: str,
    today: date,
    apply: bool,
    now: datetime,
) -> ErasureResult:
    """Erase (``apply``) or count (a dry run) ``municipality``'s entries past retention."""
    _check_municipal(actor, municipality)
    with uow:
        _known(uow, municipality)
        setting = retention_setting(uow, municipality)
        entries = uow.register.follow_up_by_person(municipality)
        people = uow.register.young_people(entries)
        due = {
            pid: own
            for pid, own in entries.items()
            if due_for_erasure(people.get(pid), municipality, own, today, setting)
        }
        kinds = Counter(e.kind for own in due.values() for e in own)
        by_kind = {kind: kinds.get(kind, 0) for kind in EntryKind}
        result = ErasureResult(municipality, today, setting.months, len(due), by_kind, apply)
        if not apply or not due:
            return result
        erasure = FollowUpErasure(
            municipality,
            today,
            setting.months,
            len(due),
            by_kind[EntryKind.CONTACT],
            by_kind[EntryKind.MEASURE],
            by_kind[EntryKind.MEASURE_ENDED],
            by_kind[EntryKind.STATUS],
            now,
            actor.audit_name,
        )
        ids = [e.id for own in due.values() for e in own if e.id is not None]
        erasure_id, erased = uow.register.erase_follow_up(erasure, ids)
        if erased != len(ids):
            raise Conflict(
                N_("Anteckningarna ändrades medan de gallrades (%(erased)s av %(all)s)."),
                erased=erased,
                all=len(ids),
            )
        record_change(
            uow.audit,
            actor,
            "follow_up_erasure",
            erasure_id,
            "erased",
            before=None,
            after=erasure,
            at=now,
            leave_out=("erased_at", "erased_by"),
        )
        uow.commit()
    return ErasureResult(municipality, today, setting.months, len(due), by_kind, True, erasure_id)
