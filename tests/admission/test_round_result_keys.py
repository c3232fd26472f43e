"""A round's results name only rounds, applicants and offerings that exist, without foreign keys.

Placements, reserve lists, cut-offs and explanations are written without a foreign-key check
per row (migrations 0024 and 0026); the round repository guarantees the keys instead: it
writes them in the round's own transaction with the ids it has just read, and refuses an
identity number or offering code it has not read before anything is written.
"""

from __future__ import annotations

import dataclasses

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
    submit_own_choices,
)
from sqlalchemy import ColumnElement, Table, false, func, select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as at
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.ports import UnitOfWork
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.replies import reply
from samverka.admission.services.rounds import list_rounds, publish_round, run_round

RESULT_TABLES = (
    at.placement,
    at.reserve,
    at.cutoff,
    at.round_explanation,
    at.round_choice_count,
)


def _arrange(uow: UnitOfWork) -> None:
    """Three pupils compete for one place each at NA and EK, so that there are reserves."""
    open_year(uow)
    pupils = [pupil(1, "A"), pupil(2, "B"), pupil(3, "C")]
    pupils += [pupil(n, "C", term=GradeTerm.AUTUMN) for n in (1, 2, 3)]
    import_pupils(uow, year=YEAR, pupils=pupils, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    for n in (1, 2, 3):
        submit_own_choices(uow, n, "NORRA-NA", "NORRA-EK")


def _run(uow: UnitOfWork, kind: RoundKind) -> int:
    return run_round(uow, year=YEAR, kind=kind, seed=3, actor=OFFICE, now=AFTER_FINAL).round_id


def _dangling(session: Session, table: Table) -> int:
    """Rows of ``table`` whose round, applicant or offering is not one of the same year's."""
    r, a, o = at.admission_round, at.applicant, at.offering
    query = select(func.count()).select_from(table).join(r, r.c.id == table.c.round_id)
    if "applicant_id" in table.c:
        query = query.outerjoin(
            a, (a.c.id == table.c.applicant_id) & (a.c.admission_year_id == r.c.admission_year_id)
        )
    missing: ColumnElement[bool] = false()
    if "offering_id" in table.c:  # a packed explanation's offerings: ``test_round_explanations``
        query = query.outerjoin(
            o, (o.c.id == table.c.offering_id) & (o.c.admission_year_id == r.c.admission_year_id)
        )
        missing = (table.c.offering_id.is_not(None)) & o.c.id.is_(None)
    if "applicant_id" in table.c:
        missing = missing | a.c.id.is_(None)
    orphans = select(func.count()).select_from(table).where(table.c.round_id.not_in(select(r.c.id)))
    return int(session.scalar(query.where(missing)) or 0) + int(session.scalar(orphans) or 0)


def _rows(session: Session, table: Table) -> int:
    return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_every_result_row_of_stored_rounds_names_a_round_applicant_and_offering_of_its_year(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    final = _run(uow, RoundKind.FINAL)
    publish_round(uow, year=YEAR, round_id=final, actor=OFFICE, now=AFTER_FINAL)
    reply(
        uow,
        year=YEAR,
        personal_id=personal_id(1),
        kind=ReplyKind.DECLINE,
        actor=as_applicant(personal_id(1)),
        now=AFTER_FINAL,
    )
    _run(uow, RoundKind.RESERVE)
    for table in RESULT_TABLES:
        assert _rows(session, table) > 0, table.name
        assert _dangling(session, table) == 0, table.name


def test_a_result_naming_an_applicant_the_year_does_not_have_is_refused_and_nothing_stored(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    round_id = _run(uow, RoundKind.FINAL)
    before = {table.name: _rows(session, table) for table in RESULT_TABLES}
    stored = next(row for row in list_rounds(uow, year=YEAR) if row.id == round_id)
    with uow:
        result = uow.rounds.round_result(round_id)
        year_id = uow.admission.year(YEAR).id
    assert result.reserves
    unknown = "19000101-0000"
    placements = {**result.placements, unknown: (None, None, result.placements[personal_id(1)][2])}
    reserves = {code: [*pids, unknown] for code, pids in result.reserves.items()}
    for changed in (
        dataclasses.replace(result, placements=placements),
        dataclasses.replace(result, reserves=reserves),
        dataclasses.replace(result, cutoffs={**result.cutoffs, "NO-SUCH-CODE": (None, 0, 1)}),
    ):
        with pytest.raises(KeyError), uow:
            uow.rounds.add_round(year_id, stored, b"", changed, {})  # no commit: it raises
        session.expire_all()
        assert len(list_rounds(uow, year=YEAR)) == 1
        assert {table.name: _rows(session, table) for table in RESULT_TABLES} == before
