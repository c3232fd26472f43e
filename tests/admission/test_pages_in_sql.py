"""The pages' figures read in SQL are those the whole round gave before, on SQLite and
PostgreSQL: a small demo region (200 applicants, fri kvot, school-ranked offerings, applicants
from outside the area) with a preliminary, a final and a reserve round after replies, and the
choices changed after the rounds (which no round's figures may follow).

* Statistics: the snapshot's count (``_snapshot_choices``) is what every round was counted with
  before the choices' stored explanations were counted instead; it stays for a round stored
  without them.
* A school's offering page reads its own offering's admitted and reserves; they are the
  offering's rows of the whole round's lists (``round_lists``, as the exports give them).
* A municipality's statistics are counted in SQL; the reference reads every resident's first
  choice and placement, as the page did before.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from region_rounds import OFFICE, YEAR, region_with_rounds
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.admission.db import tables
from samverka.admission.db.round_repository import SqlRoundRepository
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.ports import UnitOfWork
from samverka.admission.queries import admission_statistics as statistics_module
from samverka.admission.queries.admission_statistics import admission_statistics, rounds
from samverka.admission.queries.round_lists import Viewer, admitted_lists, reserve_lists
from samverka.admission.queries.school_view import offering_details
from samverka.admission.services.rounds import run_round
from samverka.platform.access.domain.actors import Actor, Role
from samverka.register.queries.municipality_view import municipality_statistics


@pytest.fixture
def region_rounds(uow: UnitOfWork) -> list[int]:
    return region_with_rounds(uow, applicants=200)[1]


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


@pytest.mark.parametrize("may_see_protected", [False, True])
def test_an_offering_page_lists_the_offerings_rows_of_the_whole_rounds_lists(
    region_rounds: list[int], session: Session, may_see_protected: bool
) -> None:
    latest = region_rounds[-1]
    viewer = Viewer(may_see_protected=may_see_protected)
    admitted, reserves = (
        admitted_lists(session, YEAR, latest, viewer),
        reserve_lists(session, YEAR, latest, viewer),
    )
    codes = sorted({a.offering_code for a in admitted} | {r.offering_code for r in reserves})
    o = tables.offering
    units = frozenset(
        session.execute(select(o.c.school_unit_code).where(o.c.code.in_(codes))).scalars()
    )
    in_place = Role.OFFICER if may_see_protected else None  # the officer sees protected persons
    school = Actor("rektor", Role.SCHOOL, "Rektor", school_unit_codes=units, signed_in_as=in_place)
    assert school.may_see_protected_identities is may_see_protected
    for code in codes:
        details = offering_details(session, YEAR, school, code)
        assert details.round is not None
        assert details.round.id == latest
        assert details.admitted == [a for a in admitted if a.offering_code == code], code
        assert details.reserves == [r for r in reserves if r.offering_code == code], code
    assert len(codes) > 20
    assert any(r for r in reserves)


def _municipality_figures_from_rows(
    session: Session, round_id: int, municipality: str
) -> tuple[int, int, int, list[tuple[str, int, int]]]:
    """Applicants, placed, placed on their first choice and (programme, first choices,
    placed), from every resident's rows, as the municipality's page counted them before."""
    a, c, o, p = tables.applicant, tables.choice, tables.offering, tables.placement
    residents = select(a.c.id).where(a.c.home_municipality == municipality)
    first = dict(
        session.execute(
            select(c.c.applicant_id, o.c.programme)
            .join(o, o.c.id == c.c.offering_id)
            .where(c.c.rank == 1, c.c.applicant_id.in_(residents))
        ).all()
    )
    placed = {
        applicant: (programme, rank)
        for applicant, programme, rank in session.execute(
            select(p.c.applicant_id, o.c.programme, p.c.rank)
            .join(o, o.c.id == p.c.offering_id)
            .where(p.c.round_id == round_id, p.c.applicant_id.in_(residents))
        )
    }
    wanted, got = Counter(first.values()), Counter(programme for programme, _ in placed.values())
    on_first = sum(1 for _, rank in placed.values() if rank == 1)
    programmes = [(k, wanted[k], got[k]) for k in sorted(set(wanted) | set(got))]
    return len(first), len(placed), on_first, programmes


def test_a_municipalitys_statistics_counted_in_sql_are_those_of_its_residents_rows(
    region_rounds: list[int], session: Session
) -> None:
    m = tables.applicant.c.home_municipality
    homes = sorted(session.execute(select(m).distinct()).scalars())
    for home in homes:
        official = Actor("kommun", Role.MUNICIPALITY, "Kommun", municipality_code=home)
        found = municipality_statistics(session, YEAR, official)
        assert found.round is not None
        assert found.round.id == region_rounds[-1]
        figures = [(f.programme, f.first_choice_applicants, f.placed) for f in found.programmes]
        assert (found.applicants, found.placed, found.placed_first_choice, figures) == (
            _municipality_figures_from_rows(session, region_rounds[-1], home)
        ), home
    assert len(homes) > 10
