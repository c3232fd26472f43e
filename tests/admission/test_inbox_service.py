"""The applicant marks their own inbox as read (``admission.services.inbox``), on the
admission's fake unit of work: only the applicant may, the marker moves, and each marking is in
the audit trail with the moment before and after."""

from __future__ import annotations

from datetime import timedelta

import pytest
from admission_year_builders import (
    IN_APPLICATION_PERIOD,
    OFFICE,
    YEAR,
    as_applicant,
    open_year,
    personal_id,
    pupil,
)

from samverka.admission.services.inbox import mark_inbox_read
from samverka.admission.services.pupils import import_pupils
from samverka.errors import NotPermitted

from .fakes import FakeUnitOfWork


@pytest.fixture
def work() -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    open_year(uow)
    import_pupils(uow, year=YEAR, pupils=[pupil(1)], actor=OFFICE, now=IN_APPLICATION_PERIOD)
    return uow


def test_the_applicant_marks_their_inbox_read_and_the_trail_keeps_each_marking(
    work: FakeUnitOfWork,
) -> None:
    pid, later = personal_id(1), IN_APPLICATION_PERIOD + timedelta(days=1)
    mark_inbox_read(work, year=YEAR, actor=as_applicant(pid), now=IN_APPLICATION_PERIOD)
    mark_inbox_read(work, year=YEAR, actor=as_applicant(pid), now=later)
    with work:
        first, second = work.audit.events("inbox", pid)
    assert (first["action"], first["before"]) == ("read", None)
    assert second["before"] == first["after"]
    assert second["after"] != first["after"]


def test_no_one_else_marks_an_applicants_inbox_read(work: FakeUnitOfWork) -> None:
    with pytest.raises(NotPermitted):
        mark_inbox_read(work, year=YEAR, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    with work:
        assert work.audit.events("inbox") == []
