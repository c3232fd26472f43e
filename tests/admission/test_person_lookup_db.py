"""The officer's person search and person record on SQLite and PostgreSQL: a number in any
spelling and a name with Å, Ä and Ö in any case find the person on both databases, and the
record holds the application, grades, every published round, replies, cases and history."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

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
from sqlalchemy.orm import Session

from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.ports import UnitOfWork
from samverka.admission.queries.inbox import inbox_of
from samverka.admission.queries.person_lookup import (
    PersonQuery,
    find_persons,
    parse_person_query,
    person_record,
)
from samverka.admission.services.applicant_facts import set_admission_facts
from samverka.admission.services.offerings import close_offering
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.replies import reply
from samverka.admission.services.rounds import publish_round, run_round
from samverka.errors import NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role

TODAY = date(YEAR, 2, 1)
NAMES = {1: "Örjan Åström", 2: "Ärla Öberg", 3: "Åsa Åström", 4: "Bo Ek"}


def _arrange(uow: UnitOfWork) -> None:
    open_year(uow)
    pupils = [pupil(n, "B", name=name) for n, name in NAMES.items()]
    pupils[3] = pupil(4, "B", name=NAMES[4], protected=True)
    pupils += [pupil(1, "C", term=GradeTerm.AUTUMN, name=NAMES[1])]
    import_pupils(uow, year=YEAR, pupils=pupils, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    submit_own_choices(uow, 1, "NORRA-NA", "NORRA-EK")
    submit_own_choices(uow, 2, "NORRA-NA")


def _found(session: Session, text: str, actor: Actor = OFFICE) -> list[str]:
    query = parse_person_query(text, today=TODAY)
    found = find_persons(session, actor, YEAR, query, limit=50, offset=0)
    assert found.total == len(found.items)
    return [match.name for match in found.items]


@pytest.mark.parametrize(
    "typed",
    [
        personal_id(1),
        personal_id(1).replace("-", ""),
        personal_id(1)[2:],
        personal_id(1)[2:].replace("-", ""),
    ],
)
def test_a_number_in_any_spelling_finds_the_person_on_both_databases(
    uow: UnitOfWork, session: Session, typed: str
) -> None:
    _arrange(uow)
    assert _found(session, typed) == ["Örjan Åström"]


def test_a_name_is_found_by_every_word_with_a_a_o_in_any_case_on_both_databases(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    assert _found(session, "ÅSTRÖM") == ["Åsa Åström", "Örjan Åström"]
    assert _found(session, "åström ÖRJAN") == ["Örjan Åström"]
    assert _found(session, "ärla öBERG") == ["Ärla Öberg"]
    assert _found(session, "Åström Öberg") == []


def test_the_officer_sees_a_protected_person_marked_as_protected(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    query = parse_person_query("bo ek", today=TODAY)
    [match] = find_persons(session, OFFICE, YEAR, query, limit=50, offset=0).items
    assert match.protected_identity is True
    assert person_record(session, OFFICE, match.applicant_id, AFTER_FINAL).person.protected_identity


def test_many_matches_come_a_page_at_a_time(uow: UnitOfWork, session: Session) -> None:
    _arrange(uow)
    query = PersonQuery(words=("2010",))
    first = find_persons(session, OFFICE, YEAR, query, limit=3, offset=0)
    rest = find_persons(session, OFFICE, YEAR, query, limit=3, offset=3)
    assert (first.total, len(first.items), len(rest.items)) == (4, 3, 1)
    assert {m.name for m in first.items + rest.items} == set(NAMES.values())


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.SCHOOL, Role.ANALYST])
def test_no_one_but_the_officer_may_search(uow: UnitOfWork, session: Session, role: Role) -> None:
    _arrange(uow)
    actor = Actor("x", role, "X", school_unit_codes=frozenset({"11111111"}))
    with pytest.raises(NotPermitted):
        _found(session, "Åström", actor)
    with pytest.raises(NotPermitted):
        person_record(session, actor, 1, AFTER_FINAL)


def test_the_record_holds_grades_rounds_replies_cases_and_history(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    pid = personal_id(1)
    set_admission_facts(
        uow,
        year=YEAR,
        personal_id=pid,
        arrival_date=date(2024, 8, 1),
        completed_national_programme=False,
        actor=OFFICE,
        now=IN_APPLICATION_PERIOD,
    )
    for kind in (RoundKind.PRELIMINARY, RoundKind.FINAL):
        summary = run_round(uow, year=YEAR, kind=kind, seed=3, actor=OFFICE, now=AFTER_FINAL)
        publish_round(uow, year=YEAR, round_id=summary.round_id, actor=OFFICE, now=AFTER_FINAL)
    reply(uow, year=YEAR, personal_id=pid, kind=ReplyKind.ACCEPT, actor=OFFICE, now=AFTER_FINAL)
    [match] = find_persons(session, OFFICE, YEAR, PersonQuery(pid), limit=5, offset=0).items
    record = person_record(session, OFFICE, match.applicant_id, AFTER_FINAL)
    assert record.person.arrival_date == date(2024, 8, 1)
    assert [c.offering_code for c in record.application.choices] == ["NORRA-NA", "NORRA-EK"]
    assert [term.term for term in record.grades] == [GradeTerm.AUTUMN, GradeTerm.FINAL]
    assert [term.merit_value for term in record.grades] == [Decimal(240), Decimal(280)]
    assert all(term.eligible_for_a_national_programme for term in record.grades)
    assert [outcome.kind for outcome in record.rounds] == [RoundKind.FINAL, RoundKind.PRELIMINARY]
    final = record.rounds[0].result
    assert final.placed_code in {"NORRA-NA", "NORRA-EK"}  # pupil 2, as good, drew the lottery
    assert [choice.offering_code for choice in final.choices] == ["NORRA-NA", "NORRA-EK"]
    assert [r.kind for r in record.replies] == ["accept"]
    actions = {(event.entity, event.action) for event in record.history}
    assert {("applicant", "create"), ("grade", "import_final"), ("reply", "reply")} <= actions
    assert ("application", "choices") in actions
    assert all(event.key.startswith(pid) for event in record.history)
    with pytest.raises(NotFound):
        person_record(session, OFFICE, 999_999, AFTER_FINAL)


def test_the_inbox_holds_closings_results_and_replies_newest_first_on_both_databases(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    pid = personal_id(1)
    summary = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=3, actor=OFFICE, now=AFTER_FINAL)
    publish_round(uow, year=YEAR, round_id=summary.round_id, actor=OFFICE, now=AFTER_FINAL)
    replied, closed = AFTER_FINAL + timedelta(hours=1), AFTER_FINAL + timedelta(hours=2)
    reply(uow, year=YEAR, personal_id=pid, kind=ReplyKind.ACCEPT, actor=OFFICE, now=replied)
    close_offering(uow, year=YEAR, offering_code="NORRA-EK", actor=OFFICE, now=closed)
    inbox = inbox_of(session, pid, YEAR)
    assert inbox[0].at == closed
    assert inbox[0].kind in {"offering_closed", "offering_closed_holder"}  # the lottery's draw
    assert [(m.kind, m.at) for m in inbox[1:]] == [
        ("reply_registered", replied),
        ("results_published", AFTER_FINAL),
    ]
    assert inbox[0].parameters == {"name": "Norra gymnasiet", "programme": "EK", "code": "NORRA-EK"}
    assert inbox[1].key == "reply_registered:accept"
    assert inbox[2].key == "results_published:final"
    assert inbox_of(session, personal_id(99), YEAR) == []
