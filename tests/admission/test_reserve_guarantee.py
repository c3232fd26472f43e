"""Every production reserve round checks that nobody admitted moved down or out; a violation
stops the run and stores nothing (the service's rule, on the fake unit of work, ``fakes.py``).

Source: admissions-rules.md §3.2 and §11.2 invariant 8 (after the final round an admitted
applicant is never moved to a lower choice or made unadmitted by the system; only their own
reply or an offering that does not start may end the place).
"""

from __future__ import annotations

import numpy as np
import pytest
from admission_year_builders import (
    AFTER_FINAL,
    IN_APPLICATION_PERIOD,
    OFFICE,
    YEAR,
    open_year,
    personal_id,
    pupil,
    submit_own_choices,
)

from samverka.admission.domain import round_computation
from samverka.admission.domain.matching_problem import ChoiceStatus, IntArray, MatchingProblem
from samverka.admission.domain.replies import ReplyKind, keeps_place
from samverka.admission.domain.reserve_round import ReserveRoundProblem
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.ports import UnitOfWork
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.rounds import publish_round, run_round
from samverka.errors import InvariantViolated

from .fakes import FakeUnitOfWork


@pytest.fixture
def work() -> FakeUnitOfWork:
    """The rules run on the admission's fake unit of work (``fakes.py``); the tests that take
    ``uow`` run on SQLite and PostgreSQL."""
    return FakeUnitOfWork()


def _final_round_published_then_places_cut(uow: UnitOfWork) -> None:
    """Pupil 1 holds NORRA-NA (1 place) after the published final round, pupil 2 NORRA-EK;
    then the school cuts NORRA-NA to no places."""
    open_year(uow)
    import_pupils(
        uow,
        year=YEAR,
        pupils=[pupil(1, "A"), pupil(2, "B")],
        actor=OFFICE,
        now=IN_APPLICATION_PERIOD,
    )
    for serial, codes in ((1, ["NORRA-NA", "NORRA-EK"]), (2, ["NORRA-EK"])):
        submit_own_choices(uow, serial, *codes)
    final = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=1, actor=OFFICE, now=AFTER_FINAL)
    publish_round(uow, year=YEAR, round_id=final.round_id, actor=OFFICE, now=AFTER_FINAL)
    with uow:
        offering = next(
            o for o in uow.admission.offerings(uow.admission.year(YEAR).id) if o.code == "NORRA-NA"
        )
        uow.admission.set_offering_places(offering.id, 0, 0)
        uow.commit()


def _unprotected(
    problem: MatchingProblem, held_row: IntArray, replies: list[ReplyKind]
) -> ReserveRoundProblem:
    """A faulty transformation: replies applied, but held places neither kept first nor given
    places — the kind of fault the guarantee check exists to stop."""
    keeps = np.array([keeps_place(r) for r in replies], dtype=bool)
    status = problem.choice_status.copy()
    status[np.repeat(~keeps, np.diff(problem.choice_start))] = ChoiceStatus.WITHDRAWN
    faulty = MatchingProblem(
        capacity=problem.capacity,
        choice_start=problem.choice_start,
        choice_offering=problem.choice_offering,
        choice_status=status,
        priority_key=problem.priority_key,
        score_centi=problem.score_centi,
    )
    kept = np.where(keeps, held_row, -1)
    no_rows = np.zeros(problem.choice_count, dtype=bool)
    nothing_lost = np.full(problem.applicant_count, -1, dtype=np.int64)
    return ReserveRoundProblem(faulty, no_rows, kept, np.zeros_like(problem.capacity), nothing_lost)


def test_a_reserve_round_that_would_move_an_admitted_applicant_out_stops_and_stores_nothing(
    work: FakeUnitOfWork, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Invariant 8 is checked in the production run, not only in tests: with a transformation
    that fails to protect the held place, the run raises and nothing is stored."""
    _final_round_published_then_places_cut(work)
    with work:
        rounds_before = len(work.rounds.rounds(work.admission.year(YEAR).id))
        events_before = len(work.audit.events("round"))
    monkeypatch.setattr(round_computation, "reserve_round_problem", _unprotected)

    with pytest.raises(InvariantViolated, match="moved below the place they held"):
        run_round(work, year=YEAR, kind=RoundKind.RESERVE, seed=1, actor=OFFICE, now=AFTER_FINAL)

    with work:
        assert len(work.rounds.rounds(work.admission.year(YEAR).id)) == rounds_before
        assert len(work.audit.events("round")) == events_before


def test_a_reserve_round_keeps_the_place_of_an_admitted_applicant_when_places_are_cut(
    work: FakeUnitOfWork,
) -> None:
    """The same case with the real transformation: the holder keeps NORRA-NA (the places are
    raised to the holders for the round), and the check passes."""
    _final_round_published_then_places_cut(work)

    reserve = run_round(
        work, year=YEAR, kind=RoundKind.RESERVE, seed=1, actor=OFFICE, now=AFTER_FINAL
    )

    with work:
        result = work.rounds.round_result(reserve.round_id)
    assert result.placements[personal_id(1)][0] == "NORRA-NA"
    assert result.placements[personal_id(2)][0] == "NORRA-EK"
