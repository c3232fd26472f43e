"""The school's admitted list with each one's reply, and the municipality's residents narrowed
to the placed, the unplaced or a programme, read straight from SQL on SQLite and PostgreSQL
(``school_view.offering_details``, ``municipality_view.residents``; issue 15 point 10).

The year: NORRA-NA with two places; Elev 1 (A) and Elev 2 (B) are admitted, Elev 3 (C) is not;
Elev 2 has accepted, Elev 1 has not replied. All three live in Stockholm (0180).
"""

from __future__ import annotations

from admission_year_builders import (
    AFTER_FINAL,
    IN_APPLICATION_PERIOD,
    OFFICE,
    YEAR,
    open_year,
    personal_id,
    pupil,
    small_catalogue,
    submit_own_choices,
)
from sqlalchemy.orm import Session

from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.ports import UnitOfWork
from samverka.admission.queries.school_view import offering_details
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.replies import reply
from samverka.admission.services.rounds import publish_round, run_round
from samverka.platform.access.domain.actors import Actor, Role
from samverka.register.queries.municipality_view import (
    PlacementStatus,
    ResidentFilter,
    residents,
)

SCHOOL = Actor("rektor", Role.SCHOOL, "Rektor", school_unit_codes=frozenset({"11111111"}))
OFFICIAL = Actor("kommun", Role.MUNICIPALITY, "Kommunen", municipality_code="0180")


def _published_year(uow: UnitOfWork) -> None:
    open_year(uow, small_catalogue({"NORRA-NA": 2, "NORRA-EK": 1, "SODRA-ES": 1}))
    pupils = [pupil(1, "A"), pupil(2, "B"), pupil(3, "C")]
    import_pupils(uow, year=YEAR, pupils=pupils, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    for serial in (1, 2, 3):
        submit_own_choices(uow, serial, "NORRA-NA")
    summary = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=7, actor=OFFICE, now=AFTER_FINAL)
    publish_round(uow, year=YEAR, round_id=summary.round_id, actor=OFFICE, now=AFTER_FINAL)
    reply(
        uow,
        year=YEAR,
        personal_id=personal_id(2),
        kind=ReplyKind.ACCEPT,
        actor=OFFICE,
        now=AFTER_FINAL,
    )


def test_each_admitted_comes_with_their_latest_reply_or_none(
    uow: UnitOfWork, session: Session
) -> None:
    _published_year(uow)

    found = offering_details(session, YEAR, SCHOOL, "NORRA-NA")

    admitted = [(a.name, reply) for a, reply in zip(found.admitted, found.replies, strict=True)]
    assert admitted == [("Elev 1", None), ("Elev 2", "accept")]


def test_the_residents_are_narrowed_to_the_placed_the_unplaced_or_a_programme(
    uow: UnitOfWork, session: Session
) -> None:
    _published_year(uow)

    def names(narrow: ResidentFilter) -> tuple[list[str], int]:
        found, total = residents(session, YEAR, OFFICIAL, narrow=narrow)
        return [r.name for r in found], total

    assert names(ResidentFilter(PlacementStatus.UNPLACED)) == (["Elev 3"], 1)
    assert names(ResidentFilter(PlacementStatus.PLACED)) == (["Elev 1", "Elev 2"], 2)
    assert names(ResidentFilter(programme="NA")) == (["Elev 1", "Elev 2", "Elev 3"], 3)
    assert names(ResidentFilter(PlacementStatus.PLACED, "EK")) == ([], 0)
