"""Published rounds form one chain: a round is published only if it follows the latest
published round; publishing supersedes the year's other stored rounds (the services' rules, on
the fake unit of work, ``fakes.py``); and the database itself refuses two publications after the
same round (on SQLite and PostgreSQL).

Sources: issue 11 point 4; admissions-rules.md §11.2 invariant 8 (reserve rounds only move
applicants up); förvaltningslagen (2017:900) 37 §; ``admission.domain.rounds``.
"""

from __future__ import annotations

import pytest
from admission_year_builders import (
    AFTER_FINAL,
    IN_APPLICATION_PERIOD,
    OFFICE,
    YEAR,
    as_applicant,
    open_year,
    personal_id,
    pupil,
)
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samverka.admission.db import tables as at
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundKind, RoundStatus
from samverka.admission.ports import UnitOfWork
from samverka.admission.services.applications import ChoiceRequest, submit_choices
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.replies import reply
from samverka.admission.services.rounds import list_rounds, publish_round, run_round
from samverka.errors import Conflict

from .fakes import FakeUnitOfWork

FINAL, RESERVE = RoundKind.FINAL, RoundKind.RESERVE


@pytest.fixture
def work() -> FakeUnitOfWork:
    """The rules run on the admission's fake unit of work (``fakes.py``); the tests that take
    ``uow`` run on SQLite and PostgreSQL."""
    return FakeUnitOfWork()


def _three_applicants(uow: UnitOfWork) -> None:
    """Pupils 1 (A) and 2 (B) want NA first, then EK; pupil 3 (C) wants EK. One place each:
    the final round places 1 on NA, 2 on EK (reserve for NA), and 3 nowhere."""
    pupils = [pupil(1, "A"), pupil(2, "B"), pupil(3, "C")]
    pupils += [pupil(n, "C", term=GradeTerm.AUTUMN) for n in (1, 2, 3)]
    import_pupils(uow, year=YEAR, pupils=pupils, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    for serial, codes in ((1, ("NORRA-NA", "NORRA-EK")), (2, ("NORRA-NA", "NORRA-EK"))):
        choices = [ChoiceRequest(code) for code in codes]
        submit_choices(
            uow,
            year=YEAR,
            personal_id=personal_id(serial),
            choices=choices,
            actor=as_applicant(personal_id(serial)),
            by_admission_office=False,
            now=IN_APPLICATION_PERIOD,
        )
    submit_choices(
        uow,
        year=YEAR,
        personal_id=personal_id(3),
        choices=[ChoiceRequest("NORRA-EK")],
        actor=as_applicant(personal_id(3)),
        by_admission_office=False,
        now=IN_APPLICATION_PERIOD,
    )


def _run(uow: UnitOfWork, kind: RoundKind) -> int:
    return run_round(uow, year=YEAR, kind=kind, seed=2, actor=OFFICE, now=AFTER_FINAL).round_id


def _publish(uow: UnitOfWork, round_id: int) -> None:
    publish_round(uow, year=YEAR, round_id=round_id, actor=OFFICE, now=AFTER_FINAL)


def _placed(uow: UnitOfWork, round_id: int) -> dict[str, str | None]:
    with uow:
        result = uow.rounds.round_result(round_id)
    return {pid: code for pid, (code, _, _) in result.placements.items()}


def _statuses(uow: UnitOfWork) -> dict[int, tuple[RoundStatus, int | None]]:
    return {r.id: (r.status, r.superseded_by) for r in list_rounds(uow, year=YEAR)}


def test_a_second_reserve_round_after_the_same_round_is_never_published(
    work: FakeUnitOfWork,
) -> None:
    """The fault of issue 11 point 4: reserve round ``stale`` was run after the final round,
    before pupil 1 declined; reserve round ``moved`` after the decline moves pupil 2 up to NA and
    gives pupil 3 EK. Publishing ``stale`` after ``moved`` would move 2 down and 3 out."""
    open_year(work)
    _three_applicants(work)
    final = _run(work, FINAL)
    _publish(work, final)
    stale = _run(work, RESERVE)
    reply(
        work,
        year=YEAR,
        personal_id=personal_id(1),
        kind=ReplyKind.DECLINE,
        actor=as_applicant(personal_id(1)),
        now=AFTER_FINAL,
    )
    moved = _run(work, RESERVE)
    _publish(work, moved)
    assert _placed(work, moved)[personal_id(2)] == "NORRA-NA"
    assert _placed(work, stale)[personal_id(2)] == "NORRA-EK"  # what it would have published
    with pytest.raises(Conflict, match="ersattes"):
        _publish(work, stale)
    assert _statuses(work) == {
        final: (RoundStatus.PUBLISHED, None),
        stale: (RoundStatus.SUPERSEDED, moved),
        moved: (RoundStatus.PUBLISHED, None),
    }
    with work:
        events = work.audit.events("round", str(stale))
    assert [(e["action"], e["after"]) for e in events][-1] == (
        "superseded",
        {"status": "superseded", "superseded_by": moved},
    )


def test_each_publication_records_the_one_it_followed(work: FakeUnitOfWork) -> None:
    open_year(work)
    _three_applicants(work)
    preliminary = _run(work, RoundKind.PRELIMINARY)
    _publish(work, preliminary)
    final = _run(work, FINAL)
    _publish(work, final)
    reserve = _run(work, RESERVE)
    _publish(work, reserve)
    rows = {r.id: r for r in list_rounds(work, year=YEAR)}
    assert [(rows[i].previous_round_id, rows[i].published_after) for i in rows] == [
        (None, 0),
        (preliminary, preliminary),
        (final, final),
    ]


def test_a_final_round_is_neither_run_nor_published_after_a_binding_round(
    work: FakeUnitOfWork,
) -> None:
    open_year(work)
    _three_applicants(work)
    first, second = _run(work, FINAL), _run(work, FINAL)
    _publish(work, first)
    assert _statuses(work)[second] == (RoundStatus.SUPERSEDED, first)
    with pytest.raises(Conflict, match="ersattes"):
        _publish(work, second)
    with pytest.raises(Conflict, match="bara reservomgångar"):
        _run(work, FINAL)
    with pytest.raises(Conflict, match="bara reservomgångar"):
        _run(work, RoundKind.PRELIMINARY)
    assert _statuses(work) == {
        first: (RoundStatus.PUBLISHED, None),
        second: (RoundStatus.SUPERSEDED, first),
    }


def test_a_simulation_is_never_superseded_nor_published(work: FakeUnitOfWork) -> None:
    open_year(work)
    _three_applicants(work)
    simulation = _run(work, RoundKind.SIMULATION)
    _publish(work, _run(work, FINAL))
    assert _statuses(work)[simulation] == (RoundStatus.STORED, None)
    with pytest.raises(Conflict, match="simulering"):
        _publish(work, simulation)


def test_the_database_refuses_two_publications_after_the_same_round(
    uow: UnitOfWork, session: Session
) -> None:
    """Even a writer that bypasses the services cannot fork the chain: (year,
    ``published_after``) is unique."""
    open_year(uow)
    _three_applicants(uow)
    final = _run(uow, FINAL)
    _publish(uow, final)
    first, second = _run(uow, RESERVE), _run(uow, RESERVE)
    r = at.admission_round
    publish = update(r).values(status="published", published_at=AFTER_FINAL, published_after=final)
    session.execute(publish.where(r.c.id == first))
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(publish.where(r.c.id == second))
    published = session.execute(select(r.c.id).where(r.c.status == "published")).scalars()
    assert sorted(published) == [final, first]
