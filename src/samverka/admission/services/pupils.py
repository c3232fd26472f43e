"""Use case: a counsellor's import of pupils and their grades of one term.

The whole file is validated before this runs (the importer raises ``InvalidInput`` listing every
bad row). Here each row is first judged against what is stored and who imports
(``admission.domain.pupil_import_scope``: a counsellor creates pupils of their own school units
and changes only their own pupils; only the admission officer moves a pupil between units or
lifts a protected identity). Every refused row is reported at once (line, column, reason) and
nothing is stored. Then each pupil is compared with what is stored: unchanged pupils are left
alone, so re-importing the same file changes nothing; new and changed pupils are saved, and every
change is written to the audit trail with its before and after, a move and a lifted protection
each as an action of its own — all in one transaction.

Sources: issue 11 point 1; admissions-rules §5.1 (the counsellors' pupil registration) and §11.2
item 11 (protected identities).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Final

from samverka.admission.domain.applicants import ApplicantRecord, PupilGrades
from samverka.admission.domain.audited import AuditedApplicant, GradeSheet
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.grades import GradeLetter
from samverka.admission.domain.pupil_import_scope import (
    ImportAction,
    StoredPupil,
    judge_row,
    require_importer,
)
from samverka.admission.ports import UnitOfWork
from samverka.errors import InvalidInput, RowError
from samverka.platform.access.domain.actors import Actor
from samverka.platform.domain.audit_snapshot import snapshot
from samverka.platform.services.audit_records import Change, record_changes


@dataclass(frozen=True, slots=True)
class ImportReport:
    created: int
    updated: int
    unchanged: int


def import_pupils(
    uow: UnitOfWork, *, year: int, pupils: Sequence[PupilGrades], actor: Actor, now: datetime
) -> ImportReport:
    """Save new and changed pupils; the report counts applicants, not rows.

    A file may hold one pupil twice (autumn and final grades): the applicant is created once,
    and each term's grade sheet is compared with what is stored for that term.
    """
    require_importer(actor)
    with uow:
        year_id = uow.admission.year(year).id
        stored = {term: uow.admission.pupil_states(year_id, term) for term in GradeTerm}
        records = {pid: state.record for pid, state in stored[GradeTerm.FINAL].items()}
        protected = uow.admission.protected_among(
            [p.applicant.personal_id.canonical for p in pupils]
        )
        actions = _judged(actor, pupils, records, protected)
        existed = set(records)
        changed: list[PupilGrades] = []
        changes: list[Change] = []
        for given in pupils:
            pid = given.applicant.personal_id.canonical
            pupil = _keeping(given, records.get(pid))
            state = stored[pupil.term].get(pid)
            old = records.get(pid)
            pupil_changes = _changes(old, state.grades if state else {}, pupil)
            pupil_changes += _actions(old, pupil.applicant, actions.get(pid, ()))
            records[pid] = pupil.applicant
            if pupil_changes:
                changed.append(pupil)
                changes += pupil_changes
        uow.admission.save_pupils(year_id, changed)
        record_changes(uow.audit, actor, changes, at=now)
        uow.commit()
    touched = {p.applicant.personal_id.canonical for p in changed}
    everyone = {p.applicant.personal_id.canonical for p in pupils}
    created = len(touched - existed)
    return ImportReport(created, len(touched) - created, len(everyone - touched))


def _judged(
    actor: Actor,
    pupils: Sequence[PupilGrades],
    records: Mapping[str, ApplicantRecord],
    protected: set[str],
) -> dict[str, tuple[ImportAction, ...]]:
    """Each row's audited actions; ``InvalidInput`` listing every refused row."""
    errors: list[RowError] = []
    actions: dict[str, tuple[ImportAction, ...]] = {}
    for pupil in pupils:
        pid = pupil.applicant.personal_id.canonical
        record = records.get(pid)
        stored = None
        if record is not None:
            stored = StoredPupil(
                record.school_unit_code, record.protected_identity, pid in protected
            )
        verdict = judge_row(actor, pupil.applicant, stored)
        errors += [
            RowError(pupil.source, pupil.line, r.column, r.reason, r.parameters)
            for r in verdict.refusals
        ]
        actions[pid] = verdict.actions
    if errors:
        raise InvalidInput(errors)
    return actions


def _actions(
    old: ApplicantRecord | None, new: ApplicantRecord, actions: Sequence[ImportAction]
) -> list[Change]:
    """A move and a lifted protection, each audited as an action of its own."""
    if old is None or old == new:
        return []
    key = new.personal_id.canonical
    changes = []
    for action, field in (
        (ImportAction.MOVE, "school_unit_code"),
        (ImportAction.LIFT_PROTECTION, "protected_identity"),
    ):
        if action in actions:
            before, after = (snapshot(r, only=(field,)) for r in (old, new))
            changes.append(Change("applicant", key, action.value, before, after))
    return changes


def _keeping(pupil: PupilGrades, stored: ApplicantRecord | None) -> PupilGrades:
    """The pupil with the stored values of the fields the file did not give (``kept``)."""
    if stored is None or not pupil.kept:
        return pupil
    kept = {name: getattr(stored, name) for name in pupil.kept}
    return replace(pupil, applicant=replace(pupil.applicant, **kept), kept=frozenset())


# A letter's text by letter: what is compared with the stored grades and audited, read from a
# dictionary as an enum's ``value`` costs a Python call, for every grade of every pupil.
_LETTERS: Final[Mapping[GradeLetter, str]] = {letter: letter.value for letter in GradeLetter}


def _changes(
    old_record: ApplicantRecord | None,
    old_grades: dict[str, tuple[str, bool]],
    pupil: PupilGrades,
) -> list[Change]:
    key = pupil.applicant.personal_id.canonical
    grades = {g.subject: (_LETTERS[g.letter], g.after_retake) for g in pupil.grades}
    changes = []
    if old_record != pupil.applicant:
        action = "create" if old_record is None else "update"
        before, after = AuditedApplicant.of(old_record), AuditedApplicant.of(pupil.applicant)
        changes.append(Change("applicant", key, action, before, after))
    if old_grades != grades:
        action = f"import_{pupil.term.value}"
        earlier = GradeSheet(old_grades) if old_grades else None
        changes.append(Change("grade", key, action, earlier, GradeSheet(grades)))
    return changes
