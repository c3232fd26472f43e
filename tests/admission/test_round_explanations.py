"""Every choice is stored explained with its round, and the result pages read it from there."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

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
from alembic import command
from sqlalchemy import MetaData, Table, delete, func, inspect, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from tampering import guards_lifted

from samverka.admission.db import tables as at
from samverka.admission.db.round_repository import unpack_choices
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.eligibility import FailureCode, RequirementFailure
from samverka.admission.domain.explain import ChoiceOutcome, QuotaNote
from samverka.admission.domain.graded_instance import choice_failures
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.round_computation import compute_round
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.domain.rule_set import default_rule_set
from samverka.admission.domain.snapshot import RoundInput
from samverka.admission.ports import StoredChoice, UnitOfWork
from samverka.admission.queries import applicant_view
from samverka.admission.queries.applicant_view import ChoiceResult, result_of
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.replies import reply
from samverka.admission.services.rounds import (
    publish_round,
    rerun_round,
    run_round,
    store_explanations,
)
from samverka.platform.db import migrate
from samverka.platform.db.engine import make_engine

NO_ENGLISH = RequirementFailure(FailureCode.MISSING_SUBJECT, ("EN",), 1, 0)


def _arrange(uow: UnitOfWork) -> None:
    """Pupils 1 (A), 2 (B) and 3 (C) compete for one place each at NA and EK; pupil 4 has no
    English, so is eligible for neither; pupil 5 chose the test programme ES without a test."""
    open_year(uow)
    pupils = [pupil(1, "A"), pupil(2, "B"), pupil(3, "C"), pupil(4, "A", missing=("EN",))]
    pupils += [pupil(5, "B")]
    pupils += [pupil(n, "C", term=GradeTerm.AUTUMN) for n in (1, 2, 3, 4, 5)]
    import_pupils(uow, year=YEAR, pupils=pupils, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    submit_own_choices(uow, 1, "NORRA-NA", "NORRA-EK")
    submit_own_choices(uow, 2, "NORRA-NA", "NORRA-EK", "SODRA-ES")
    submit_own_choices(uow, 3, "NORRA-EK")
    submit_own_choices(uow, 4, "NORRA-NA", "NORRA-EK")
    submit_own_choices(uow, 5, "SODRA-ES", "NORRA-EK")


def _run(uow: UnitOfWork, kind: RoundKind, *, publish: bool = False) -> int:
    summary = run_round(uow, year=YEAR, kind=kind, seed=3, actor=OFFICE, now=AFTER_FINAL)
    if publish:
        publish_round(uow, year=YEAR, round_id=summary.round_id, actor=OFFICE, now=AFTER_FINAL)
    return summary.round_id


def _stored(uow: UnitOfWork, round_id: int) -> dict[str, list[tuple[Any, ...]]]:
    with uow:
        explanations = uow.rounds.round_explanations(round_id)
    return {
        pid: [
            (c.rank, c.offering_code, c.outcome, c.score, c.cutoff, c.reserve_position, c.failures)
            for c in choices
        ]
        for pid, choices in explanations.items()
    }


def _repeated(uow: UnitOfWork, round_id: int) -> dict[str, list[tuple[Any, ...]]]:
    """The round repeated from its snapshot and explained applicant by applicant, with the
    failed requirements checked again, as the result pages did before explanations were
    stored."""
    with uow:
        round_input = RoundInput.decode(uow.rounds.round_snapshot(round_id))
    graded, run = compute_round(round_input)
    rules = default_rule_set(round_input.year)
    offerings = {o.offering_id: o for o in round_input.offerings}
    codes = graded.indexed.offering_ids
    repeated = {}
    for index, pid in enumerate(graded.indexed.applicant_ids):
        applicant = round_input.applicants[index]
        passed = frozenset(g.subject for g in applicant.sheet.grades if g.is_pass)
        choices = []
        for c in run.explain(index):
            failures: tuple[RequirementFailure, ...] = ()
            if c.outcome is ChoiceOutcome.NOT_ELIGIBLE:
                choice = applicant.choices[c.rank - 1]
                failures = choice_failures(
                    applicant, passed, choice, offerings[codes[c.offering]], rules, {}
                )
            code = codes[c.offering]
            choices.append(
                (c.rank, code, c.outcome, c.score, c.cutoff, c.reserve_position, failures)
            )
        if choices:
            repeated[pid] = choices
    return repeated


def _reserve_round(uow: UnitOfWork) -> int:
    _run(uow, RoundKind.FINAL, publish=True)
    reply(
        uow,
        year=YEAR,
        personal_id=personal_id(1),
        kind=ReplyKind.DECLINE,
        actor=as_applicant(personal_id(1)),
        now=AFTER_FINAL,
    )
    return _run(uow, RoundKind.RESERVE)


# -- stored with the round ---------------------------------------------------------------------
@pytest.mark.parametrize("kind", [RoundKind.PRELIMINARY, RoundKind.FINAL, RoundKind.SIMULATION])
def test_the_stored_explanations_equal_the_round_repeated_from_its_snapshot(
    uow: UnitOfWork, kind: RoundKind
) -> None:
    _arrange(uow)
    round_id = _run(uow, kind)
    stored = _stored(uow, round_id)
    assert stored == _repeated(uow, round_id)
    assert sorted(stored) == [personal_id(n) for n in (1, 2, 3, 4, 5)]


def test_a_reserve_round_stores_explanations_equal_to_it_repeated_with_withdrawn_choices(
    uow: UnitOfWork,
) -> None:
    _arrange(uow)
    round_id = _reserve_round(uow)
    stored = _stored(uow, round_id)
    assert stored == _repeated(uow, round_id)
    assert [choice[2] for choice in stored[personal_id(1)]] == [ChoiceOutcome.WITHDRAWN] * 2


def test_an_ineligible_choice_is_stored_with_the_requirements_not_met(uow: UnitOfWork) -> None:
    _arrange(uow)
    stored = _stored(uow, _run(uow, RoundKind.FINAL))
    assert [(c[1], c[2], c[6]) for c in stored[personal_id(4)]] == [
        ("NORRA-NA", ChoiceOutcome.NOT_ELIGIBLE, (NO_ENGLISH,)),
        ("NORRA-EK", ChoiceOutcome.NOT_ELIGIBLE, (NO_ENGLISH,)),
    ]


def test_a_re_run_reproduces_the_stored_explanations_and_notices_a_changed_one(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    round_id = _reserve_round(uow)
    assert rerun_round(uow, year=YEAR, round_id=round_id)
    e = at.round_explanation
    applicant, packed = session.execute(
        select(e.c.applicant_id, e.c.choices).where(e.c.round_id == round_id).limit(1)
    ).one()
    choices = json.loads(packed)
    choices[0][5] = 99  # the first choice's reserve position
    with guards_lifted(session.connection(), "round_explanation"):  # as only an owner can
        session.execute(
            update(e)
            .where(e.c.round_id == round_id, e.c.applicant_id == applicant)
            .values(choices=json.dumps(choices))
        )
    session.commit()
    assert not rerun_round(uow, year=YEAR, round_id=round_id)


def test_storing_the_explanations_costs_one_row_per_applicant_with_choices(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    round_id = _run(uow, RoundKind.FINAL)
    e, counted, c = at.round_explanation, at.round_choice_count, at.choice
    packed = session.scalars(select(e.c.choices).where(e.c.round_id == round_id)).all()
    applicants = session.scalar(select(func.count(c.c.applicant_id.distinct())))
    assert len(packed) == applicants == 5
    assert sum(len(json.loads(choices)) for choices in packed) == 10
    every, first = session.execute(
        select(func.sum(counted.c.choices), func.sum(counted.c.first_choices)).where(
            counted.c.round_id == round_id
        )
    ).one()
    assert (every, first) == (10, 5)


# -- read by the result pages ------------------------------------------------------------------
def test_the_result_page_reads_the_stored_explanations_without_repeating_the_round(
    uow: UnitOfWork, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _arrange(uow)
    _run(uow, RoundKind.FINAL, publish=True)
    monkeypatch.setattr(applicant_view, "compute_round", _must_not_repeat)
    two = result_of(session, personal_id(2), YEAR)
    four = result_of(session, personal_id(4), YEAR)
    assert two is not None
    assert four is not None
    assert two.placed_code == "NORRA-EK"
    assert two.choices == [
        ChoiceResult(
            1,
            "NORRA-NA",
            "NA",
            "Norra gymnasiet",
            ChoiceOutcome.RESERVE,
            Decimal(280),
            Decimal(320),
            1,
            (),
            "first_hand",
            "own_municipality",
        ),
        ChoiceResult(
            2,
            "NORRA-EK",
            "EK",
            "Norra gymnasiet",
            ChoiceOutcome.PLACED,
            Decimal(280),
            Decimal(280),
            None,
            (),
            "first_hand",
            "own_municipality",
        ),
        ChoiceResult(
            3,
            "SODRA-ES",
            "ES",
            "Södra gymnasiet",
            ChoiceOutcome.NOT_TRIED,
            Decimal(280),
            Decimal(280),
            None,
            (),
            "first_hand",
            "independent_organiser",
        ),
    ]
    assert two.choices[0].gap == Decimal(40)
    assert [(c.outcome, c.failures) for c in four.choices] == [
        (ChoiceOutcome.NOT_ELIGIBLE, (NO_ENGLISH,)),
        (ChoiceOutcome.NOT_ELIGIBLE, (NO_ENGLISH,)),
    ]


def test_a_round_stored_without_explanations_is_repeated_to_explain_the_same(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    round_id = _run(uow, RoundKind.FINAL, publish=True)
    stored = {n: result_of(session, personal_id(n), YEAR) for n in (1, 2, 3, 4, 5)}
    _forget_explanations(session, round_id)
    assert {n: result_of(session, personal_id(n), YEAR) for n in (1, 2, 3, 4, 5)} == stored


def test_explanations_stored_afterwards_for_an_old_round_equal_those_stored_with_a_round(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    round_id = _run(uow, RoundKind.FINAL)
    before = _stored(uow, round_id)
    _forget_explanations(session, round_id)
    assert store_explanations(uow, year=YEAR, round_id=round_id, actor=OFFICE, now=AFTER_FINAL)
    assert _stored(uow, round_id) == before
    assert not store_explanations(uow, year=YEAR, round_id=round_id, actor=OFFICE, now=AFTER_FINAL)
    assert rerun_round(uow, year=YEAR, round_id=round_id)


def _forget_explanations(session: Session, round_id: int) -> None:
    """Make ``round_id`` look like a round stored before migration 0003 (the explanations are
    append-only since 0014: deleted here with their guards lifted, as only an owner can)."""
    for table in (at.round_explanation, at.round_choice_count):
        with guards_lifted(session.connection(), table.name):
            session.execute(delete(table).where(table.c.round_id == round_id))
    session.commit()


def _must_not_repeat(*_: object) -> None:
    raise AssertionError("the round was repeated instead of read")


# -- the migration -----------------------------------------------------------------------------
def test_migration_0003_adds_the_explanations_table_and_its_downgrade_removes_only_it(
    empty_database_url: str,
) -> None:
    migrate.upgrade(empty_database_url, "0002")
    engine = make_engine(empty_database_url)
    try:
        before = set(inspect(engine).get_table_names())
        assert "choice_explanation" not in before
        migrate.upgrade(empty_database_url, "0003")
        inspector = inspect(engine)
        assert set(inspector.get_table_names()) == before | {"choice_explanation"}
        key = inspector.get_pk_constraint("choice_explanation")["constrained_columns"]
        assert key == ["round_id", "applicant_id", "rank"]
        with engine.begin() as connection:
            command.downgrade(migrate.alembic_config(connection), "0002")
        assert set(inspect(engine).get_table_names()) == before
    finally:
        engine.dispose()


_OLD_ROWS = [  # choice_explanation as migration 0029 left it: round, applicant, rank, offering …
    (7, 1, 1, 11, "reserve", Decimal("280.50"), Decimal("320.00"), 1, None, "first_hand",
     "own_municipality", None, None, None),
    (7, 1, 2, 12, "placed", Decimal("280.50"), Decimal("280.50"), None, None, "second_hand",
     "home_offer_unknown", "under_quota", 3, 4),
    (7, 2, 1, 12, "not_eligible", Decimal("0.00"), None, None,
     [{"code": "missing_subject", "subjects": ["EN"], "required": 1, "achieved": 0}], "first_hand",
     "own_municipality", None, None, None),
    (8, 1, 1, 11, "placed", Decimal("301.25"), Decimal("290.00"), None, None, "first_hand",
     "cooperation_agreement", None, None, None),
]  # fmt: skip


def test_migration_0030_packs_each_applicants_explanations_and_its_downgrade_unpacks_them(
    empty_database_url: str,
) -> None:
    migrate.upgrade(empty_database_url, "0029")
    engine = make_engine(empty_database_url)
    old = Table("choice_explanation", MetaData(), autoload_with=engine)
    columns = ["round_id", "applicant_id", "rank", "offering_id", "outcome", "score", "cutoff"]
    columns += ["reserve_position", "failures", "reception", "reception_ground", "fri_kvot"]
    columns += ["school_rank", "cutoff_rank"]
    try:
        with engine.begin() as connection:
            rows = [dict(zip(columns, row, strict=True)) for row in _OLD_ROWS]
            connection.execute(old.insert(), rows)
        migrate.upgrade(empty_database_url, "0030")
        assert "choice_explanation" not in inspect(engine).get_table_names()
        with engine.connect() as connection:
            packed = connection.execute(
                text("SELECT round_id, applicant_id, choices FROM round_explanation ORDER BY 1, 2")
            ).all()
            counted = connection.execute(
                text("SELECT * FROM round_choice_count ORDER BY round_id, offering_id")
            ).all()
        assert [(r, a) for r, a, _ in packed] == [(7, 1), (7, 2), (8, 1)]
        assert unpack_choices(packed[0][2], {11: "NORRA-NA", 12: "NORRA-EK"}) == [
            StoredChoice(1, "NORRA-NA", ChoiceOutcome.RESERVE, Decimal("280.5"), Decimal(320), 1,
                         (), "first_hand", "own_municipality", None, None, None),
            StoredChoice(2, "NORRA-EK", ChoiceOutcome.PLACED, Decimal("280.5"),
                         Decimal("280.5"), None, (), "second_hand", "home_offer_unknown",
                         QuotaNote.UNDER_QUOTA, 3, 4),
        ]  # fmt: skip
        (failed,) = unpack_choices(packed[1][2], {12: "NORRA-EK"})
        assert failed.failures == (NO_ENGLISH,)
        assert [tuple(row) for row in counted] == [(7, 11, 1, 1), (7, 12, 2, 1), (8, 11, 1, 1)]
        with engine.begin() as connection:
            for table in ("round_explanation", "round_choice_count"):
                with pytest.raises(DBAPIError), connection.begin_nested():
                    connection.execute(text(f"DELETE FROM {table}"))
            command.downgrade(migrate.alembic_config(connection), "0029")
        old = Table("choice_explanation", MetaData(), autoload_with=engine)
        with engine.connect() as connection:
            back = connection.execute(
                select(*(old.c[name] for name in columns)).order_by(
                    old.c.round_id, old.c.applicant_id, old.c.rank
                )
            ).all()
        assert [tuple(row) for row in back] == _OLD_ROWS
        with engine.begin() as connection, pytest.raises(DBAPIError):
            connection.execute(text("DELETE FROM choice_explanation"))
        assert not {"round_explanation", "round_choice_count"} & set(
            inspect(engine).get_table_names()
        )
    finally:
        engine.dispose()
