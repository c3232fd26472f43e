"""The statistics counted in SQL give the figures the round's input snapshot gives, on SQLite and
PostgreSQL: a small demo region (200 applicants, fri kvot, school-ranked offerings, applicants
from outside the area) with a preliminary, a final and a reserve round after replies, and the
choices changed after the rounds (which no round's figures may follow).

The snapshot's count (``_snapshot_choices``) is what every round was counted with before the
choices' stored explanations were counted instead; it stays for a round stored without them.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from samverka.admission.db.round_repository import SqlRoundRepository
from samverka.admission.demo import build_demo_region, loading_steps
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.ports import UnitOfWork
from samverka.admission.queries import admission_statistics as statistics_module
from samverka.admission.queries.admission_statistics import admission_statistics, rounds
from samverka.admission.services.applications import ChoiceRequest, register_applications
from samverka.admission.services.replies import register_replies
from samverka.admission.services.rounds import publish_round, run_round
from samverka.platform.access.domain.actors import Actor, Role

YEAR = 2026
OFFICE = Actor("test", Role.OFFICER, "test")
PLAN = (
    (RoundKind.PRELIMINARY, datetime(YEAR, 4, 15, tzinfo=UTC)),
    (RoundKind.FINAL, datetime(YEAR, 7, 1, tzinfo=UTC)),
    (RoundKind.RESERVE, datetime(YEAR, 8, 1, tzinfo=UTC)),
)


@pytest.fixture
def region_rounds(uow: UnitOfWork) -> list[int]:
    region = build_demo_region(year=YEAR, applicants=200, seed=11)
    for _label, step in loading_steps(uow, region, year=YEAR, actor=OFFICE):
        step()
    draw = random.Random(11)
    stored = []
    for kind, now in PLAN:
        summary = run_round(uow, year=YEAR, kind=kind, seed=11, actor=OFFICE, now=now)
        publish_round(uow, year=YEAR, round_id=summary.round_id, actor=OFFICE, now=now)
        stored.append(summary.round_id)
        if kind is RoundKind.FINAL:
            replies = {pid: ReplyKind.DECLINE for pid in region.applications if draw.random() < 0.1}
            register_replies(uow, year=YEAR, replies=replies, actor=OFFICE, now=now)
    # Choices changed after the rounds: the rounds' figures must not follow them.
    later = {
        pid: [ChoiceRequest(chosen[-1].offering_code)]
        for pid, chosen in region.applications.items()
    }
    register_applications(
        uow,
        year=YEAR,
        applications=dict(list(later.items())[:20]),
        actor=OFFICE,
        by_admission_office=True,
        now=datetime(YEAR, 8, 20, tzinfo=UTC),
    )
    return stored


def test_every_round_has_the_same_figures_counted_in_sql_as_from_its_snapshot(
    region_rounds: list[int], session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_sql = [admission_statistics(session, YEAR, round_id) for round_id in region_rounds]
    monkeypatch.setattr(statistics_module, "_round_choices", statistics_module._snapshot_choices)
    from_snapshot = [admission_statistics(session, YEAR, round_id) for round_id in region_rounds]
    assert [r.id for r in rounds(session, YEAR)] == region_rounds
    assert in_sql == from_snapshot
    assert all(report.totals.applicants > 150 for report in in_sql)  # the region took part
    assert sum(o.applicants for o in in_sql[-1].offerings) > in_sql[-1].totals.applicants


def test_a_round_stored_without_explanations_is_counted_from_its_snapshot(
    region_rounds: list[int], uow: UnitOfWork, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime(YEAR, 8, 21, tzinfo=UTC)
    explained = run_round(uow, year=YEAR, kind=RoundKind.SIMULATION, seed=5, actor=OFFICE, now=now)
    with monkeypatch.context() as patched:  # as a round stored before migration 0003
        patched.setattr(SqlRoundRepository, "_store_explanations", lambda *_: None)
        bare = run_round(uow, year=YEAR, kind=RoundKind.SIMULATION, seed=5, actor=OFFICE, now=now)
    decoded: list[int] = []
    from_snapshot = statistics_module._snapshot_choices

    def counted_from_snapshot(db: Session, round_id: int) -> Any:
        decoded.append(round_id)
        return from_snapshot(db, round_id)

    monkeypatch.setattr(statistics_module, "_snapshot_choices", counted_from_snapshot)
    expected = admission_statistics(session, YEAR, explained.round_id)
    found = admission_statistics(session, YEAR, bare.round_id)
    assert decoded == [bare.round_id]
    assert (found.offerings, found.programmes, found.municipalities, found.totals) == (
        expected.offerings,
        expected.programmes,
        expected.municipalities,
        expected.totals,
    )
    assert found.totals.applicants > 150
