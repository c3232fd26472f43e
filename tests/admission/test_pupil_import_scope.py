"""A pupil import stays inside the importer's own pupils, on SQLite and PostgreSQL (issue 11
point 1; admissions-rules §5.1: counsellors register the pupils of their own school units, and
pupils with protected identity are handled by the admission office; §11.2 item 11).

The attacks: a counsellor's file naming their own school unit must not overwrite another unit's
pupil (name, home municipality, school unit, grades, guardians), must not move a pupil between
units, and must not lift a protected identity. Only the admission officer may move a pupil or
lift a protection, and each is audited as an action of its own. A refused row is reported with
its line and column, and nothing of the file is stored.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from admission_year_builders import IN_APPLICATION_PERIOD, YEAR, open_year, personal_id, pupil
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as at
from samverka.admission.domain.applicants import Guardian, PupilGrades
from samverka.admission.ports import UnitOfWork
from samverka.admission.services.pupils import import_pupils
from samverka.errors import InvalidInput, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.domain.scope import working_actor
from samverka.platform.db import tables as pt
from samverka.register.domain.population import AgeBand, PopulationRecord
from samverka.register.services.register import load_population

NORRA, SODRA = "11111111", "22222222"
OFFICE = Actor("alva", Role.OFFICER, "Alva")
SARA = Actor("sara", Role.COUNSELLOR, "Sara", school_unit_codes=frozenset({NORRA}))
BOTH = Actor("bodil", Role.COUNSELLOR, "Bodil", school_unit_codes=frozenset({NORRA, SODRA}))
LATER = datetime(YEAR, 2, 10, 12, tzinfo=UTC)

ALICE, OVE, HEMLIG, LOS, RUT = 1, 2, 3, 4, 5
OUTSIDE = (
    "Eleven är redan registrerad utanför dina skolenheter eller hanteras av "
    "antagningskansliet: ta bort raden eller fråga antagningskansliet."
)


def _row(
    serial: int,
    unit: str | None,
    *,
    line: int = 2,
    name: str | None = None,
    protected: bool = False,
    letter: str = "C",
) -> PupilGrades:
    """A file row for pupil ``serial`` at ``unit``, as the pupil file reader makes it."""
    row = pupil(serial, letter, name=name, protected=protected)
    return replace(
        row,
        applicant=replace(row.applicant, school_unit_code=unit),
        source="elever.csv",
        line=line,
    )


def _world(uow: UnitOfWork) -> None:
    """Alice at Norra, Ove at Södra, the protected Hemlig at Norra, Lös registered by the
    office without a school unit, and Rut at Norra, protected in the population register only."""
    open_year(uow)
    rows = [
        _row(ALICE, NORRA, name="Alice Ek"),
        _row(OVE, SODRA, name="Ove Ås"),
        _row(HEMLIG, NORRA, name="Hemlig Elev", protected=True),
        _row(LOS, None, name="Lös Elev"),
        _row(RUT, NORRA, name="Rut Registerskydd"),
    ]
    import_pupils(uow, year=YEAR, pupils=rows, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    registered = PopulationRecord(
        personal_id(RUT), date(2010, 3, 1), "Rut Registerskydd", "0180", protected_identity=True
    )
    load_population(
        uow,
        records=[registered],
        extract_date=date(YEAR, 2, 1),
        source="folk.csv",
        actor=OFFICE,
        now=IN_APPLICATION_PERIOD,
        band=AgeBand(15, 19),  # Rut is 15 in February
    )


def _stored(session: Session, serial: int) -> tuple[object, ...]:
    a, g, grade = at.applicant, at.guardian, at.grade
    row = session.execute(select(a).where(a.c.personal_id == personal_id(serial))).one()
    guardians = session.execute(select(g.c.name).where(g.c.applicant_id == row.id)).scalars()
    letters = session.execute(select(grade.c.letter).where(grade.c.applicant_id == row.id))
    return (
        row.name,
        row.home_municipality,
        row.school_unit_code,
        row.protected_identity,
        tuple(sorted(guardians)),
        tuple(sorted(letters.scalars())),
    )


def _everything(session: Session) -> tuple[object, ...]:
    counts = tuple(
        session.execute(select(func.count()).select_from(table)).scalar_one()
        for table in (at.applicant, at.grade, at.guardian, pt.audit_event)
    )
    return counts, tuple(_stored(session, serial) for serial in (ALICE, OVE, HEMLIG, LOS, RUT))


def _refused(uow: UnitOfWork, actor: Actor, *rows: PupilGrades) -> list[tuple[int, str, str]]:
    with pytest.raises(InvalidInput) as refused:
        import_pupils(uow, year=YEAR, pupils=list(rows), actor=actor, now=LATER)
    return [(e.line, e.field, e.message) for e in refused.value.errors]


def _actions(uow: UnitOfWork, serial: int) -> list[tuple[str, str, object, object]]:
    with uow:
        events = uow.audit.events("applicant", personal_id(serial))
    return [(e["actor"], e["action"], e["before"], e["after"]) for e in events]


# -- a counsellor stays inside their own pupils -------------------------------------------------
def test_a_counsellors_row_for_another_units_pupil_is_refused_and_nothing_is_stored(
    uow: UnitOfWork, session: Session
) -> None:
    _world(uow)
    before = _everything(session)
    hijack = _row(OVE, NORRA, line=3, name="Kapad Elev", letter="A")
    hijack = replace(
        hijack,
        applicant=replace(
            hijack.applicant,
            home_municipality="0182",
            guardians=(Guardian("Främling", "framling@example.se"),),
        ),
    )
    assert _refused(uow, SARA, _row(ALICE, NORRA), hijack) == [(3, "personnummer", OUTSIDE)]
    session.expire_all()
    assert _everything(session) == before


def test_a_counsellors_row_for_a_pupil_the_office_registered_without_a_unit_is_refused(
    uow: UnitOfWork, session: Session
) -> None:
    _world(uow)
    before = _everything(session)
    assert _refused(uow, SARA, _row(LOS, NORRA, line=7)) == [(7, "personnummer", OUTSIDE)]
    session.expire_all()
    assert _everything(session) == before


def test_a_counsellor_cannot_lift_a_protected_identity_and_is_not_told_it_is_one(
    uow: UnitOfWork, session: Session
) -> None:
    _world(uow)
    before = _everything(session)
    lifted = _row(HEMLIG, NORRA, line=4, name="Hemlig Elev", protected=False)
    other_unit = _row(OVE, NORRA, line=5, name="Ove Ås")
    refused = _refused(uow, SARA, lifted, other_unit)
    assert refused == [(4, "personnummer", OUTSIDE), (5, "personnummer", OUTSIDE)]
    session.expire_all()
    assert _everything(session) == before


def test_a_counsellors_row_for_a_pupil_protected_only_in_the_register_is_refused(
    uow: UnitOfWork, session: Session
) -> None:
    _world(uow)
    before = _everything(session)
    assert _refused(uow, SARA, _row(RUT, NORRA, letter="A")) == [(2, "personnummer", OUTSIDE)]
    session.expire_all()
    assert _everything(session) == before


def test_a_counsellor_with_two_units_may_not_move_a_pupil_between_them(
    uow: UnitOfWork, session: Session
) -> None:
    _world(uow)
    before = _everything(session)
    refused = _refused(uow, BOTH, _row(ALICE, SODRA, name="Alice Ek"))
    assert refused == [
        (2, "skolenhetskod", "Bara antagningskansliet kan flytta en elev till en annan skolenhet.")
    ]
    session.expire_all()
    assert _everything(session) == before


def test_a_counsellors_row_naming_another_unit_or_none_is_refused(
    uow: UnitOfWork, session: Session
) -> None:
    _world(uow)
    before = _everything(session)
    refused = _refused(uow, SARA, _row(6, SODRA, line=2), _row(7, None, line=3))
    assert refused == [
        (2, "skolenhetskod", "Skolenheten 22222222 är inte en av dina skolenheter."),
        (
            3,
            "skolenhetskod",
            "Skolenhetskoden saknas; den ska vara en av dina skolenheter.",
        ),
    ]
    session.expire_all()
    assert _everything(session) == before


def test_every_refused_row_is_reported_at_once_and_the_good_rows_are_not_stored(
    uow: UnitOfWork, session: Session
) -> None:
    _world(uow)
    before = _everything(session)
    rows = (_row(8, NORRA, line=2), _row(OVE, NORRA, line=3), _row(9, SODRA, line=4))
    assert [line for line, _, _ in _refused(uow, SARA, *rows)] == [3, 4]
    session.expire_all()
    assert _everything(session) == before


def test_a_counsellor_creates_pupils_of_their_units_and_changes_their_own_pupils(
    uow: UnitOfWork, session: Session
) -> None:
    _world(uow)
    rows = [_row(ALICE, NORRA, name="Alice Ek", letter="A"), _row(6, NORRA, name="Ny Elev")]
    report = import_pupils(uow, year=YEAR, pupils=rows, actor=SARA, now=LATER)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    assert _stored(session, ALICE)[5] == ("A",) * 16
    assert [a[:2] for a in _actions(uow, 6)] == [("counsellor:sara", "create")]


def test_a_counsellor_may_protect_their_own_pupil_but_then_no_longer_change_them(
    uow: UnitOfWork, session: Session
) -> None:
    _world(uow)
    protect = _row(ALICE, NORRA, name="Alice Ek", protected=True)
    import_pupils(uow, year=YEAR, pupils=[protect], actor=SARA, now=LATER)
    assert _stored(session, ALICE)[3] is True
    assert _refused(uow, SARA, _row(ALICE, NORRA, name="Alice Ek")) == [
        (2, "personnummer", OUTSIDE)
    ]


@pytest.mark.parametrize(
    "actor",
    [
        Actor("rektor", Role.SCHOOL, "Rektor", school_unit_codes=frozenset({NORRA})),
        Actor("kommun", Role.MUNICIPALITY, "Kommun", municipality_code="0180"),
        Actor("alice", Role.APPLICANT, "Alice", personal_id=personal_id(ALICE)),
        Actor("anders", Role.ANALYST, "Anders"),
    ],
)
def test_no_other_role_may_import_pupils(uow: UnitOfWork, session: Session, actor: Actor) -> None:
    _world(uow)
    before = _everything(session)
    with pytest.raises(NotPermitted):
        import_pupils(uow, year=YEAR, pupils=[_row(6, NORRA)], actor=actor, now=LATER)
    session.expire_all()
    assert _everything(session) == before


# -- the admission officer moves pupils and lifts protections, audited --------------------------
def test_the_officer_moves_a_pupil_and_the_move_is_audited_as_its_own_action(
    uow: UnitOfWork, session: Session
) -> None:
    _world(uow)
    import_pupils(uow, year=YEAR, pupils=[_row(OVE, NORRA, name="Ove Ås")], actor=OFFICE, now=LATER)
    assert _stored(session, OVE)[2] == NORRA
    actions = _actions(uow, OVE)
    assert ("officer:alva", "move", {"school_unit_code": SODRA}, {"school_unit_code": NORRA}) in (
        actions
    )
    assert [a[1] for a in actions] == ["create", "update", "move"]


def test_the_officer_lifts_a_protection_and_the_lift_is_audited_as_its_own_action(
    uow: UnitOfWork, session: Session
) -> None:
    _world(uow)
    lifted = _row(HEMLIG, NORRA, name="Hemlig Elev", protected=False)
    import_pupils(uow, year=YEAR, pupils=[lifted], actor=OFFICE, now=LATER)
    assert _stored(session, HEMLIG)[3] is False
    assert _actions(uow, HEMLIG)[-1] == (
        "officer:alva",
        "lift_protection",
        {"protected_identity": True},
        {"protected_identity": False},
    )


def test_the_officer_in_a_counsellors_place_may_move_a_pupil_into_the_chosen_unit(
    uow: UnitOfWork, session: Session
) -> None:
    _world(uow)
    in_place = working_actor(OFFICE, Role.COUNSELLOR, NORRA, {NORRA, SODRA})
    assert in_place is not None
    rows = [_row(OVE, NORRA, name="Ove Ås"), _row(LOS, NORRA, name="Lös Elev", line=3)]
    import_pupils(uow, year=YEAR, pupils=rows, actor=in_place, now=LATER)
    assert (_stored(session, OVE)[2], _stored(session, LOS)[2]) == (NORRA, NORRA)
    assert _actions(uow, LOS)[-1][:2] == ("officer:alva", "move")
    elsewhere = _refused(uow, in_place, _row(ALICE, SODRA, name="Alice Ek"))
    assert elsewhere == [
        (2, "skolenhetskod", "Skolenheten 22222222 är inte en av dina skolenheter.")
    ]


def test_a_reimport_by_the_officer_changes_nothing_and_audits_nothing(
    uow: UnitOfWork, session: Session
) -> None:
    _world(uow)
    with uow:
        events = len(uow.audit.events())
    same = [
        _row(HEMLIG, NORRA, name="Hemlig Elev", protected=True),
        _row(OVE, SODRA, name="Ove Ås"),
    ]
    report = import_pupils(uow, year=YEAR, pupils=same, actor=OFFICE, now=LATER)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    with uow:
        assert len(uow.audit.events()) == events
