"""Use cases of applications: submitting and changing ranked choices.

An applicant submits or changes their own choices only in the application period and the
choice-change window (omval). The admission office may register choices at any time, one
applicant or many at once; outside those windows a new choice belongs to the late selection
group (admissions-rules §3.5). A choice kept from before keeps its timestamp and group, and the
admission office's decision on its reception. Every change is in the audit trail (each choice
by rank and offering, with its late group, the office's reception and reason, fri kvot and test
points); bad choices are all reported together and nothing is saved. An applicant registers only
their own choices, never as the admission office; the officer anyone's (``NotPermitted``
otherwise).

Nobody types the reception in (first or second hand): it is derived from the applicant's home
municipality, the offering and the admission area (SL 16 kap. 43–44 §§;
``admission.services.reception``), and only the admission office may override it, with a reason
(``override_reception``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from operator import attrgetter

from samverka.admission.ports import ChoiceRow, UnitOfWork
from samverka.errors import N_, InvalidInput, NotPermitted, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.collector import collector_paused
from samverka.platform.domain.audit_snapshot import Audited, snapshot
from samverka.platform.services.audit_records import Change, record_changes

# What the audit trail keeps of each choice (the office's reception counts only with a reason).
AUDITED_CHOICE = (
    "rank",
    "offering_code",
    "late",
    "reception",
    "reception_reason",
    "discretionary_quota",
    "test_points",
)
_AUDITED_FIELDS = attrgetter(*(name for name in AUDITED_CHOICE if name != "test_points"))


@dataclass(frozen=True, slots=True)
class ChoiceRequest:
    """One ranked choice. ``discretionary_quota`` (fri kvot): ``None`` keeps the organiser's
    decision on a choice kept from before (a new choice has none); the admission office may
    set it."""

    offering_code: str
    discretionary_quota: bool | None = None
    test_points: Decimal | None = None


def submit_choices(
    uow: UnitOfWork,
    *,
    year: int,
    personal_id: str,
    choices: Sequence[ChoiceRequest],
    actor: Actor,
    by_admission_office: bool,
    now: datetime,
) -> list[ChoiceRow]:
    """One applicant's ranked choices, in rank order, replacing the earlier ones."""
    return register_applications(
        uow,
        year=year,
        applications={personal_id: choices},
        actor=actor,
        by_admission_office=by_admission_office,
        now=now,
    )[personal_id]


def register_applications(
    uow: UnitOfWork,
    *,
    year: int,
    applications: Mapping[str, Sequence[ChoiceRequest]],
    actor: Actor,
    by_admission_office: bool,
    now: datetime,
) -> dict[str, list[ChoiceRow]]:
    """Each applicant's ranked choices (``applications``, in rank order), replacing their
    earlier ones, in one transaction, with one audit event per changed application in the
    order given.

    The garbage collector is kept out of the registration: a year's applications are a hundred
    thousand choices, new rows and audited forms without cycles, and the collector's passes
    over the whole heap (the year's applicants and grades in memory) cost a sixth of the work."""
    _check_registrar(actor, applications.keys(), by_admission_office)
    with collector_paused():
        return _register(uow, year, applications, actor, by_admission_office, now)


def _register(
    uow: UnitOfWork,
    year: int,
    applications: Mapping[str, Sequence[ChoiceRequest]],
    actor: Actor,
    by_admission_office: bool,
    now: datetime,
) -> dict[str, list[ChoiceRow]]:
    with uow:
        year_row = uow.admission.year(year)
        calendar = year_row.calendar
        if not by_admission_office and not calendar.applicant_may_change_choices(now):
            raise NotPermitted(N_("Valen kan bara ändras under ansöknings- och omvalsperioderna."))
        known = {o.code for o in uow.admission.offerings(year_row.id)}
        _validate(applications, known)
        before = uow.admission.choices(year_row.id, applications.keys())
        late = calendar.is_late(now)
        after = {
            pid: _rows(requests, before.get(pid, []), now, late)
            for pid, requests in applications.items()
        }
        uow.admission.replace_choices(year_row.id, after)
        brief = _Briefs()
        changes = [
            Change("application", pid, "choices", brief(before.get(pid, [])), brief(rows))
            for pid, rows in after.items()
        ]
        record_changes(uow.audit, actor, [c for c in changes if c.before != c.after], at=now)
        uow.commit()
    return after


def _check_registrar(actor: Actor, applicants: Collection[str], by_admission_office: bool) -> None:
    """The officer registers anyone's choices; an applicant only their own, as the applicant."""
    if actor.role is Role.OFFICER:
        return
    own = actor.role is Role.APPLICANT and set(applicants) <= {actor.personal_id}
    if not own or by_admission_office:
        raise NotPermitted(N_("Bara den sökande eller antagningskansliet registrerar val."))


def _rows(
    requests: Sequence[ChoiceRequest], before: Sequence[ChoiceRow], now: datetime, late: bool
) -> list[ChoiceRow]:
    """The choices ``requests`` give, in rank order: a choice kept from ``before`` keeps its
    timestamp, group and the office's decisions (its fri kvot unless the request sets it); a
    new one is made at ``now`` in the group ``late``. Each row is built at once, field by
    field (an admission year registers a hundred thousand choices)."""
    kept = {c.offering_code: c for c in before} if before else {}
    rows = []
    for rank, request in enumerate(requests, start=1):
        code, quota = request.offering_code, request.discretionary_quota
        old = kept.get(code)
        if old is None:
            rows.append(
                ChoiceRow(rank, code, now, late, "first_hand", quota or False, request.test_points)
            )
            continue
        rows.append(
            ChoiceRow(
                rank,
                code,
                old.submitted_at,
                old.late,
                old.reception,
                old.discretionary_quota if quota is None else quota,
                request.test_points,
                old.over_age_agreement,
                old.reception_reason,
                old.school_rank,
                old.equivalent_knowledge,
            )
        )
    return rows


class _Briefs:
    """What the audit trail keeps of lists of choices (``AUDITED_CHOICE``), each choice's form
    made once for each distinct content and shared (the demo's hundred thousand choices have a
    few thousand), the same as ``snapshot(rows, only=AUDITED_CHOICE)`` gives."""

    def __init__(self) -> None:
        self._known: dict[tuple[object, ...], Audited] = {}

    def __call__(self, rows: Sequence[ChoiceRow]) -> Audited:
        return [self._brief(row) for row in rows]

    def _brief(self, row: ChoiceRow) -> Audited:
        # Test points by their text: Decimal("10") and Decimal("10.0") are equal, not the same.
        points = row.test_points
        key = (*_AUDITED_FIELDS(row), None if points is None else str(points))
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = snapshot(row, only=AUDITED_CHOICE)
        return found


def _validate(applications: Mapping[str, Sequence[ChoiceRequest]], known: Collection[str]) -> None:
    errors: list[RowError] = []
    for pid, requests in applications.items():
        seen: set[str] = set()
        for rank, choice in enumerate(requests, start=1):
            where = f"application {pid}"
            if choice.offering_code not in known:
                errors.append(
                    RowError(
                        where,
                        rank,
                        "offering",
                        N_("Utbildningen %(code)s finns inte."),
                        {"code": repr(choice.offering_code)},
                    )
                )
            elif choice.offering_code in seen:
                errors.append(
                    RowError(
                        where,
                        rank,
                        "offering",
                        N_("%(code)s är vald två gånger."),
                        {"code": repr(choice.offering_code)},
                    )
                )
            seen.add(choice.offering_code)
    if errors:
        raise InvalidInput(errors)
