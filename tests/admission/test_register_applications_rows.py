"""Registering applications (``services.applications.register_applications`` and the bulk write
``SqlAdmissionRepository.replace_choices``) stores exactly the rows the choices give: every
column of every choice, a choice kept from before with its timestamp, group and the office's
decisions, and one audit event per changed application, in the order given, with each choice's
audited fields; the audit trail's hash chain verifies."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from admission_year_builders import (
    BETWEEN_WINDOWS,
    IN_APPLICATION_PERIOD,
    OFFICE,
    YEAR,
    open_year,
    personal_id,
    pupil,
)
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from samverka.admission.db import tables as at
from samverka.admission.ports import UnitOfWork
from samverka.admission.services.applications import ChoiceRequest, register_applications
from samverka.admission.services.pupils import import_pupils
from samverka.platform.services.audit_trail import verify_audit_trail

AGREED_AT = datetime(YEAR, 2, 10, 9, 30, tzinfo=UTC)
# applicant_id and offering_id as identity number and code; the rest as the columns go.
Row = tuple[Any, ...]


def _utc(moment: datetime | None) -> datetime | None:
    """A stored moment as UTC without a zone (SQLite gives it without one)."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _choice_rows(session: Session) -> list[Row]:
    a, c, o = at.applicant, at.choice, at.offering
    query = (
        select(
            a.c.personal_id,
            c.c.rank,
            o.c.code,
            c.c.submitted_at,
            c.c.late,
            c.c.reception,
            c.c.reception_reason,
            c.c.discretionary_quota,
            c.c.test_points,
            c.c.over_age_reference,
            c.c.over_age_recorded_by,
            c.c.over_age_recorded_at,
            c.c.school_rank,
            c.c.equivalent_knowledge,
        )
        .join(c, c.c.applicant_id == a.c.id)
        .join(o, o.c.id == c.c.offering_id)
        .order_by(a.c.personal_id, c.c.rank)
    )
    return [
        (pid, rank, code, _utc(at_), late, rec, reason, quota, points, ref, by, _utc(when), *rest)
        for pid, rank, code, at_, late, rec, reason, quota, points, ref, by, when, *rest in (
            session.execute(query)
        )
    ]


def _new(serial: int, rank: int, code: str, at_: datetime, late: bool, **fields: Any) -> Row:
    """A choice row as registered anew: no office decision, no agreement, no school rank."""
    quota, points = fields.get("quota", False), fields.get("points")
    moment = _utc(at_)
    return (personal_id(serial), rank, code, moment, late, "first_hand", None, quota, points)


def _plain(row: Row) -> Row:
    return (*row, None, None, None, None, False)


def _audited(rank: int, code: str, late: bool, quota: bool, points: str | None) -> dict[str, Any]:
    return {
        "rank": rank,
        "offering_code": code,
        "late": late,
        "reception": "first_hand",
        "reception_reason": None,
        "discretionary_quota": quota,
        "test_points": points,
    }


def _register(uow: UnitOfWork, applications: dict[str, list[ChoiceRequest]], now: datetime) -> None:
    register_applications(
        uow,
        year=YEAR,
        applications=applications,
        actor=OFFICE,
        by_admission_office=True,
        now=now,
    )


def _application_events(uow: UnitOfWork) -> list[tuple[str, Any, Any]]:
    with uow:
        return [(e["entity_key"], e["before"], e["after"]) for e in uow.audit.events("application")]


def test_registering_applications_stores_every_choice_and_one_event_per_applicant(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    import_pupils(uow, year=YEAR, pupils=[pupil(s) for s in (1, 2, 3)], actor=OFFICE, now=AGREED_AT)
    first, second, third = (personal_id(s) for s in (1, 2, 3))
    # Given out of identity-number order: the events follow the order given.
    _register(
        uow,
        {
            third: [ChoiceRequest("NORRA-EK")],
            first: [
                ChoiceRequest("SODRA-ES", test_points=Decimal("12.5")),
                ChoiceRequest("NORRA-NA", discretionary_quota=True),
                ChoiceRequest("NORRA-EK", discretionary_quota=False),
            ],
            second: [ChoiceRequest("SODRA-ES", test_points=Decimal("12.50"))],
        },
        IN_APPLICATION_PERIOD,
    )
    when = IN_APPLICATION_PERIOD
    assert _choice_rows(session) == [
        _plain(_new(1, 1, "SODRA-ES", when, False, points=Decimal("12.5"))),
        _plain(_new(1, 2, "NORRA-NA", when, False, quota=True)),
        _plain(_new(1, 3, "NORRA-EK", when, False)),
        _plain(_new(2, 1, "SODRA-ES", when, False, points=Decimal("12.5"))),
        _plain(_new(3, 1, "NORRA-EK", when, False)),
    ]
    assert _application_events(uow) == [
        (third, [], [_audited(1, "NORRA-EK", False, False, None)]),
        (
            first,
            [],
            [
                _audited(1, "SODRA-ES", False, False, "12.5"),
                _audited(2, "NORRA-NA", False, True, None),
                _audited(3, "NORRA-EK", False, False, None),
            ],
        ),
        # Equal test points written otherwise keep their own text.
        (second, [], [_audited(1, "SODRA-ES", False, False, "12.50")]),
    ]
    assert verify_audit_trail(uow).intact


def test_a_changed_application_keeps_its_kept_choices_whole_and_adds_late_ones(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    import_pupils(uow, year=YEAR, pupils=[pupil(s) for s in (1, 2)], actor=OFFICE, now=AGREED_AT)
    first, second = personal_id(1), personal_id(2)
    _register(
        uow,
        {
            first: [ChoiceRequest("NORRA-NA"), ChoiceRequest("NORRA-EK")],
            second: [ChoiceRequest("NORRA-EK")],
        },
        IN_APPLICATION_PERIOD,
    )
    # The office's decisions on the first applicant's NORRA-NA, as its own services store them.
    c, a, o = at.choice, at.applicant, at.offering
    na = select(o.c.id).where(o.c.code == "NORRA-NA").scalar_subquery()
    key = select(a.c.id).where(a.c.personal_id == first).scalar_subquery()
    session.execute(
        update(c)
        .where(c.c.applicant_id == key, c.c.offering_id == na)
        .values(
            reception="second_hand",
            reception_reason="Flytt",
            discretionary_quota=True,
            over_age_reference="Avtal 7",
            over_age_recorded_by="officer@storsthlm",
            over_age_recorded_at=AGREED_AT,
            school_rank=4,
            equivalent_knowledge=True,
        )
    )
    session.commit()
    # Between the windows: the new choice is late; the kept one keeps its time and group, and
    # its fri kvot unless the request sets it. The second applicant's application is unchanged.
    _register(
        uow,
        {
            first: [ChoiceRequest("SODRA-ES", test_points=Decimal(14)), ChoiceRequest("NORRA-NA")],
            second: [ChoiceRequest("NORRA-EK")],
        },
        BETWEEN_WINDOWS,
    )
    kept = (
        first,
        2,
        "NORRA-NA",
        _utc(IN_APPLICATION_PERIOD),
        False,
        "second_hand",
        "Flytt",
        True,
        None,
        "Avtal 7",
        "officer@storsthlm",
        _utc(AGREED_AT),
        4,
        True,
    )
    assert _choice_rows(session) == [
        _plain(_new(1, 1, "SODRA-ES", BETWEEN_WINDOWS, True, points=Decimal(14))),
        kept,
        _plain(_new(2, 1, "NORRA-EK", IN_APPLICATION_PERIOD, False)),
    ]
    events = _application_events(uow)
    assert len(events) == 3  # the unchanged application has no event
    assert events[2] == (
        first,
        [
            {
                **_audited(1, "NORRA-NA", False, True, None),
                "reception": "second_hand",
                "reception_reason": "Flytt",
            },
            _audited(2, "NORRA-EK", False, False, None),
        ],
        [
            _audited(1, "SODRA-ES", True, False, "14"),
            {
                **_audited(2, "NORRA-NA", False, True, None),
                "reception": "second_hand",
                "reception_reason": "Flytt",
            },
        ],
    )
    assert verify_audit_trail(uow).intact
