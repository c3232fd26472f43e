"""The admission year through the service layer: the rules and refusals on the fake unit of
work (``work``, ``fakes.py``), one happy path per use case (import, a round, a reserve round after
a reply, closing an offering) on SQLite and PostgreSQL (``uow``)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from admission_year_builders import (
    AFTER_FINAL,
    BETWEEN_WINDOWS,
    IN_APPLICATION_PERIOD,
    OFFICE,
    YEAR,
    as_applicant,
    open_year,
    personal_id,
    pupil,
)
from in_english import in_english
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as at
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.ports import UnitOfWork
from samverka.admission.services.applications import ChoiceRequest, submit_choices
from samverka.admission.services.offerings import close_offering
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.replies import reply
from samverka.admission.services.rounds import (
    explain_applicant,
    publish_round,
    rerun_round,
    run_round,
)
from samverka.errors import Conflict, InvalidInput, NotPermitted

from .fakes import FakeUnitOfWork


@pytest.fixture
def work() -> FakeUnitOfWork:
    """The rules run on the admission's fake unit of work (``fakes.py``); the tests that take
    ``uow`` run on SQLite and PostgreSQL."""
    return FakeUnitOfWork()


def _apply(
    uow: UnitOfWork, serial: int, *codes: str, now: datetime = IN_APPLICATION_PERIOD
) -> None:
    choices = [ChoiceRequest(code) for code in codes]
    submit_choices(
        uow,
        year=YEAR,
        personal_id=personal_id(serial),
        choices=choices,
        actor=OFFICE if now is not IN_APPLICATION_PERIOD else as_applicant(personal_id(serial)),
        by_admission_office=now is not IN_APPLICATION_PERIOD,
        now=now,
    )


def _placements(uow: UnitOfWork, round_id: int) -> dict[str, str | None]:
    with uow:
        result = uow.rounds.round_result(round_id)
    return {pid: code for pid, (code, _, _) in result.placements.items()}


def test_reimporting_the_same_pupils_changes_nothing(work: FakeUnitOfWork) -> None:
    open_year(work)
    pupils = [pupil(1, "A"), pupil(2, "B")]
    first = import_pupils(work, year=YEAR, pupils=pupils, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    with work:
        events = len(work.audit.events())
    again = import_pupils(work, year=YEAR, pupils=pupils, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    with work:
        assert len(work.audit.events()) == events


def test_a_pupil_with_autumn_and_final_grades_in_one_file_is_created_once(
    uow: UnitOfWork,
) -> None:
    open_year(uow)
    rows = [pupil(1, "C", term=GradeTerm.AUTUMN), pupil(1, "B")]
    report = import_pupils(uow, year=YEAR, pupils=rows, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    assert (report.created, report.updated, report.unchanged) == (1, 0, 0)
    with uow:
        actions = [(e["entity"], e["action"]) for e in uow.audit.events(key=personal_id(1))]
    assert actions == [
        ("applicant", "create"),
        ("grade", "import_autumn"),
        ("grade", "import_final"),
    ]


def test_a_changed_grade_is_in_the_audit_trail_with_who_before_and_after(
    work: FakeUnitOfWork,
) -> None:
    open_year(work)
    import_pupils(work, year=YEAR, pupils=[pupil(1, "C")], actor=OFFICE, now=IN_APPLICATION_PERIOD)
    later = datetime(YEAR, 6, 1, tzinfo=UTC)
    report = import_pupils(work, year=YEAR, pupils=[pupil(1, "B")], actor=OFFICE, now=later)
    assert (report.created, report.updated) == (0, 1)
    with work:
        events = work.audit.events("grade", personal_id(1))
    assert [e["action"] for e in events] == ["import_final", "import_final"]
    assert events[-1]["actor"] == OFFICE.audit_name
    assert events[-1]["before"]["grades"]["MA"] == ["C", False]
    assert events[-1]["after"]["grades"]["MA"] == ["B", False]


def test_an_applicant_cannot_change_choices_outside_the_windows(work: FakeUnitOfWork) -> None:
    open_year(work)
    import_pupils(work, year=YEAR, pupils=[pupil(1)], actor=OFFICE, now=IN_APPLICATION_PERIOD)
    with pytest.raises(NotPermitted):
        submit_choices(
            work,
            year=YEAR,
            personal_id=personal_id(1),
            choices=[ChoiceRequest("NORRA-NA")],
            actor=as_applicant(personal_id(1)),
            by_admission_office=False,
            now=BETWEEN_WINDOWS,
        )
    with work:
        assert (
            work.admission.choices(work.admission.year(YEAR).id, [personal_id(1)])[personal_id(1)]
            == []
        )


def test_a_choice_registered_after_the_deadline_is_in_the_late_group(work: FakeUnitOfWork) -> None:
    open_year(work)
    import_pupils(work, year=YEAR, pupils=[pupil(1)], actor=OFFICE, now=IN_APPLICATION_PERIOD)
    _apply(work, 1, "NORRA-EK")
    _apply(work, 1, "NORRA-NA", "NORRA-EK", now=BETWEEN_WINDOWS)
    with work:
        rows = work.admission.choices(work.admission.year(YEAR).id, [personal_id(1)])[
            personal_id(1)
        ]
    assert [(c.offering_code, c.late) for c in rows] == [("NORRA-NA", True), ("NORRA-EK", False)]


def test_bad_choices_are_all_reported_and_nothing_is_saved(work: FakeUnitOfWork) -> None:
    open_year(work)
    import_pupils(work, year=YEAR, pupils=[pupil(1)], actor=OFFICE, now=IN_APPLICATION_PERIOD)
    _apply(work, 1, "NORRA-EK")
    with pytest.raises(InvalidInput) as error:
        _apply(work, 1, "NOPE", "NORRA-NA", "NORRA-NA")
    assert [in_english(e) for e in error.value.errors] == [
        "unknown offering 'NOPE'",
        "'NORRA-NA' chosen twice",
    ]
    with work:
        rows = work.admission.choices(work.admission.year(YEAR).id, [personal_id(1)])[
            personal_id(1)
        ]
    assert [c.offering_code for c in rows] == ["NORRA-EK"]


def _three_applicants(uow: UnitOfWork) -> None:
    """Pupil 1 (A) and 2 (B) both want NA first; pupil 3 (C) wants EK. One place each."""
    pupils = [pupil(1, "A"), pupil(2, "B"), pupil(3, "C")]
    pupils += [pupil(n, "C", term=GradeTerm.AUTUMN) for n in (1, 2, 3)]
    import_pupils(uow, year=YEAR, pupils=pupils, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    _apply(uow, 1, "NORRA-NA", "NORRA-EK")
    _apply(uow, 2, "NORRA-NA", "NORRA-EK")
    _apply(uow, 3, "NORRA-EK")


def test_the_final_round_places_by_final_grades_and_the_preliminary_by_autumn_grades(
    uow: UnitOfWork,
) -> None:
    open_year(uow)
    _three_applicants(uow)
    preliminary = run_round(
        uow, year=YEAR, kind=RoundKind.PRELIMINARY, seed=5, actor=OFFICE, now=AFTER_FINAL
    )
    final = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=5, actor=OFFICE, now=AFTER_FINAL)
    assert preliminary.placed == final.placed == 2
    placed = _placements(uow, final.round_id)
    assert placed == {personal_id(1): "NORRA-NA", personal_id(2): "NORRA-EK", personal_id(3): None}


def test_a_stored_round_is_reproduced_exactly_from_its_snapshot(work: FakeUnitOfWork) -> None:
    open_year(work)
    _three_applicants(work)
    final = run_round(work, year=YEAR, kind=RoundKind.FINAL, seed=9, actor=OFFICE, now=AFTER_FINAL)
    import_pupils(work, year=YEAR, pupils=[pupil(3, "A")], actor=OFFICE, now=AFTER_FINAL)
    assert rerun_round(work, year=YEAR, round_id=final.round_id)


def test_a_published_round_cannot_be_published_again_and_a_simulation_never(
    work: FakeUnitOfWork,
) -> None:
    open_year(work)
    _three_applicants(work)
    simulation = run_round(
        work, year=YEAR, kind=RoundKind.SIMULATION, seed=1, actor=OFFICE, now=AFTER_FINAL
    )
    final = run_round(work, year=YEAR, kind=RoundKind.FINAL, seed=1, actor=OFFICE, now=AFTER_FINAL)
    with pytest.raises(Conflict):
        publish_round(work, year=YEAR, round_id=simulation.round_id, actor=OFFICE, now=AFTER_FINAL)
    publish_round(work, year=YEAR, round_id=final.round_id, actor=OFFICE, now=AFTER_FINAL)
    with pytest.raises(Conflict):
        publish_round(work, year=YEAR, round_id=final.round_id, actor=OFFICE, now=AFTER_FINAL)


def test_a_reserve_round_gives_a_declined_place_to_the_best_reserve_and_moves_up_only(
    uow: UnitOfWork,
) -> None:
    open_year(uow)
    _three_applicants(uow)
    final = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=2, actor=OFFICE, now=AFTER_FINAL)
    publish_round(uow, year=YEAR, round_id=final.round_id, actor=OFFICE, now=AFTER_FINAL)
    reply(
        uow,
        year=YEAR,
        personal_id=personal_id(1),
        kind=ReplyKind.DECLINE,
        actor=as_applicant(personal_id(1)),
        now=AFTER_FINAL,
    )
    reserve = run_round(
        uow, year=YEAR, kind=RoundKind.RESERVE, seed=2, actor=OFFICE, now=AFTER_FINAL
    )
    placed = _placements(uow, reserve.round_id)
    assert placed == {personal_id(1): None, personal_id(2): "NORRA-NA", personal_id(3): "NORRA-EK"}


def test_a_reserve_round_needs_a_published_final_round(work: FakeUnitOfWork) -> None:
    open_year(work)
    _three_applicants(work)
    run_round(work, year=YEAR, kind=RoundKind.FINAL, seed=2, actor=OFFICE, now=AFTER_FINAL)
    with pytest.raises(Conflict):
        run_round(work, year=YEAR, kind=RoundKind.RESERVE, seed=2, actor=OFFICE, now=AFTER_FINAL)


def test_the_explanation_gives_every_choice_its_outcome(work: FakeUnitOfWork) -> None:
    open_year(work)
    _three_applicants(work)
    final = run_round(work, year=YEAR, kind=RoundKind.FINAL, seed=2, actor=OFFICE, now=AFTER_FINAL)
    explained = explain_applicant(
        work, year=YEAR, round_id=final.round_id, personal_id=personal_id(2)
    )
    assert [(code, choice.reason()) for code, choice in explained] == [
        ("NORRA-NA", "reserve 1 in line; below cut-off 320 by 40 points"),
        ("NORRA-EK", "placed"),
    ]


def test_closing_an_offering_notifies_every_applicant_who_chose_it(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    _three_applicants(uow)
    notified = close_offering(
        uow, year=YEAR, offering_code="NORRA-EK", actor=OFFICE, now=BETWEEN_WINDOWS
    )
    assert notified == [personal_id(1), personal_id(2), personal_id(3)]
    with uow:
        events = uow.audit.events("offering", "NORRA-EK")
    assert events[0]["after"] == {
        "status": "closed",
        "notified": 3,
        "holders": [],  # no published final round yet
        "applicants": [personal_id(1), personal_id(2), personal_id(3)],
    }
    messages = session.execute(select(at.message.c.kind, at.message.c.text)).all()
    assert len(messages) == 3
    assert all(kind == "offering_closed" and "NORRA-EK" in text for kind, text in messages)
