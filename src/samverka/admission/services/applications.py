"""Use cases of applications: submitting and changing ranked choices.

An applicant submits or changes their own choices only in the application period and the
choice-change window (omval). The admission office may register choices at any time, one
applicant or many at once; outside those windows a new choice belongs to the late selection
group (admissions-rules §3.5). A choice kept from before keeps its timestamp and group, and the
admission office's decision on its reception. Every change is in the audit trail; bad choices
are all reported together and nothing is saved.

Nobody types the reception in (first or second hand): it is derived from the applicant's home
municipality, the offering and the admission area (SL 16 kap. 43–44 §§;
``admission.services.reception``), and only the admission office may override it, with a reason
(``override_reception``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from samverka.admission.ports import ChoiceRow, UnitOfWork
from samverka.errors import InvalidInput, NotPermitted, RowError
from samverka.platform.ports import AuditEvent


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
    actor: str,
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
    actor: str,
    by_admission_office: bool,
    now: datetime,
) -> dict[str, list[ChoiceRow]]:
    with uow:
        year_row = uow.admission.year(year)
        calendar = year_row.calendar
        if not by_admission_office and not calendar.applicant_may_change_choices(now):
            raise NotPermitted("choices can be changed only in the application and omval windows")
        known = {o.code for o in uow.admission.offerings(year_row.id)}
        _validate(applications, known)
        before = uow.admission.choices(year_row.id, applications.keys())
        late = calendar.is_late(now)
        after = {
            pid: _rows(requests, before.get(pid, []), now, late)
            for pid, requests in applications.items()
        }
        uow.admission.replace_choices(year_row.id, after)
        uow.audit.record_many(
            [
                AuditEvent(
                    actor,
                    "application",
                    pid,
                    "choices",
                    _brief(before.get(pid, [])),
                    _brief(rows),
                    now,
                )
                for pid, rows in after.items()
                if _brief(before.get(pid, [])) != _brief(rows)
            ]
        )
        uow.commit()
    return after


def _rows(
    requests: Sequence[ChoiceRequest], before: Sequence[ChoiceRow], now: datetime, late: bool
) -> list[ChoiceRow]:
    kept = {c.offering_code: c for c in before}
    rows = []
    for rank, request in enumerate(requests, start=1):
        old = kept.get(request.offering_code)
        new = old or ChoiceRow(rank, request.offering_code, now, late)
        quota = new.discretionary_quota
        if request.discretionary_quota is not None:
            quota = request.discretionary_quota
        rows.append(
            replace(
                new,
                rank=rank,
                discretionary_quota=quota,
                test_points=request.test_points,
            )
        )
    return rows


def _brief(rows: Sequence[ChoiceRow]) -> list[object]:
    return [
        [
            c.rank,
            c.offering_code,
            c.late,
            c.reception if c.reception_reason else None,
            c.discretionary_quota,
            None if c.test_points is None else str(c.test_points),
        ]
        for c in rows
    ]


def _validate(applications: Mapping[str, Sequence[ChoiceRequest]], known: Collection[str]) -> None:
    errors: list[RowError] = []
    for pid, requests in applications.items():
        seen: set[str] = set()
        for rank, choice in enumerate(requests, start=1):
            where = f"application {pid}"
            if choice.offering_code not in known:
                errors.append(
                    RowError(where, rank, "offering", f"unknown offering {choice.offering_code!r}")
                )
            elif choice.offering_code in seen:
                errors.append(
                    RowError(where, rank, "offering", f"{choice.offering_code!r} chosen twice")
                )
            seen.add(choice.offering_code)
    if errors:
        raise InvalidInput(errors)
