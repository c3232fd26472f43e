"""A pupil import writes exactly the same audit trail, byte for byte, as it always has: the
events' content, the JSON text stored before and after, and the hash chain, on SQLite and
PostgreSQL.

Source: issue 11, point 9 (every change in the audit trail, sealed by hash); issue 15, point 14
(a faster pupil import must not change the trail's content or its tamper evidence). The digest
below was computed on this input before the audit recording was made faster; an event's
changed text, order, number or hash changes it.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from admission_year_builders import IN_APPLICATION_PERIOD, OFFICE, YEAR, open_year, pupil
from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from samverka.admission.domain.applicants import Guardian, PupilGrades
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.grades import GradeLetter
from samverka.admission.ports import UnitOfWork
from samverka.admission.services.pupils import import_pupils
from samverka.platform.db import tables as pt
from samverka.platform.db.audit_repository import stored_event
from samverka.platform.domain.audit_chain import encoding
from samverka.platform.services.audit_trail import verify_audit_trail

NORRA, SODRA = "11111111", "22222222"
EXPECTED = "d73bbc422aebe294915ff0a8f1aa702ba708c120f0135f00dad6b5295ab00ca6"


def _first_file() -> list[PupilGrades]:
    """New pupils with final and autumn grades: one protected, one with two guardians and a
    name outside ASCII, one with grades got after a retake, one without a school unit."""
    rows = []
    for serial in range(1, 13):
        row = pupil(serial, "ABCDE"[serial % 5], protected=serial == 3)
        unit = None if serial == 7 else (NORRA if serial % 2 else SODRA)
        applicant = replace(row.applicant, school_unit_code=unit)
        if serial == 4:
            guardians = (Guardian("Åsa Öberg", "asa@example.se"), Guardian("Ümit Çelik", ""))
            applicant = replace(applicant, name='Ängla "Citat" Ödén', guardians=guardians)
        grades = row.grades
        if serial == 5:
            grades = tuple(replace(g, after_retake=True) for g in grades[:3]) + grades[3:]
        rows.append(replace(row, applicant=applicant, grades=grades))
        if serial % 3 == 0:
            autumn = pupil(serial, "D", term=GradeTerm.AUTUMN, protected=serial == 3)
            rows.append(replace(autumn, applicant=applicant))
    return rows


def _second_file(first: list[PupilGrades]) -> list[PupilGrades]:
    """The same pupils again: one moved, one's protection lifted, one renamed, one with new
    grades, the rest unchanged."""
    finals = {p.applicant.personal_id.canonical: p for p in first if p.term is GradeTerm.FINAL}
    rows = []
    for number, row in enumerate(finals.values(), start=1):
        applicant = row.applicant
        if number == 1:
            applicant = replace(applicant, school_unit_code=SODRA)
        if number == 3:
            applicant = replace(applicant, protected_identity=False)
        if number == 6:
            applicant = replace(applicant, name="Ny Namnsson")
        grades = row.grades
        if number == 8:
            grades = tuple(replace(g, letter=GradeLetter.A) for g in grades)
        rows.append(replace(row, applicant=applicant, grades=grades))
    return rows


def _trail_digest(session: Session) -> str:
    """SHA-256 over every stored event: its canonical encoding (sequence, moment, actor,
    entity, key, action, before and after as the JSON text stored, previous hash) and its
    stored hash."""
    a = pt.audit_event
    rows = session.execute(
        select(
            a.c.sequence,
            a.c.at,
            a.c.actor,
            a.c.entity,
            a.c.entity_key,
            a.c.action,
            cast(a.c.before, Text).label("before"),
            cast(a.c.after, Text).label("after"),
            a.c.previous_hash,
            a.c.hash,
        ).order_by(a.c.sequence)
    ).all()
    digest = hashlib.sha256()
    for row in rows:
        event = stored_event(row._mapping)
        digest.update(encoding(event.sequence, event.content, event.previous_hash))
        digest.update(event.hash.encode())
    return digest.hexdigest()


def test_a_pupil_import_writes_the_same_audit_trail_byte_for_byte(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    first = _first_file()
    import_pupils(uow, year=YEAR, pupils=first, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    later = IN_APPLICATION_PERIOD.replace(hour=15, microsecond=123456)
    import_pupils(uow, year=YEAR, pupils=_second_file(first), actor=OFFICE, now=later)
    assert verify_audit_trail(uow).intact
    session.expire_all()
    assert _trail_digest(session) == EXPECTED
