"""Agreements on SQLite and PostgreSQL: parties among the member municipalities, the list due
for revision (past due included) and expiring, and revisions that move the date and keep
history. The services' refusals are tested in memory (``test_board_services``)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from admission_year_builders import open_year
from board_examples import BOARD, STAFF, add_region_agreement
from sqlalchemy.orm import Session

from samverka.admission.ports import UnitOfWork
from samverka.association.board.queries.agreements import agreement_detail, agreements
from samverka.association.board.services.agreements import record_revision

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 9, tzinfo=UTC)


def _add(uow: UnitOfWork, title: str, revision: date, end: date | None = None) -> int:
    return add_region_agreement(uow, now=NOW, title=title, revision_date=revision, end=end)


def test_the_due_list_holds_past_due_and_soon_due_agreements_by_revision_date(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    _add(uow, "Färdtjänst", date(2027, 1, 15))
    _add(uow, "Hemsjukvård", date(2026, 10, 1))  # past due, not revised
    _add(uow, "Vårdövergångar", date(2027, 6, 1))
    _add(uow, "Gymnasieutbildning", date(2026, 12, 1), end=date(2026, 12, 31))
    lists = agreements(session, BOARD, TODAY, 90)
    assert [v.agreement.title for v in lists.due] == [
        "Hemsjukvård",
        "Gymnasieutbildning",
        "Färdtjänst",
    ]
    assert [v.agreement.title for v in lists.expiring] == ["Gymnasieutbildning"]
    assert [p.name for p in lists.everything[0].parties] == [
        "Region Stockholm",
        "Stockholm",
        "Nacka",
    ]
    assert [v.agreement.title for v in agreements(session, BOARD, TODAY, 30).due] == [
        "Hemsjukvård",
        "Gymnasieutbildning",
    ]


def test_a_revision_moves_the_revision_date_and_keeps_the_earlier_one(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    agreement = _add(uow, "Hemsjukvård", date(2026, 10, 1))
    record_revision(
        uow,
        actor=STAFF,
        agreement_id=agreement,
        revised_on=date(2026, 11, 20),
        next_revision=date(2028, 10, 1),
        note="Reviderad efter uppföljning",
        now=NOW,
    )
    detail = agreement_detail(session, BOARD, agreement)
    assert detail.agreement.revision_date == date(2028, 10, 1)
    assert [(r.previous_revision_date, r.next_revision_date) for r in detail.revisions] == [
        (date(2026, 10, 1), date(2028, 10, 1))
    ]
    assert agreements(session, BOARD, TODAY, 90).due == []
    with uow:
        actions = [e["action"] for e in uow.audit.events("agreement", str(agreement))]
    assert actions == ["registered", "revised"]
