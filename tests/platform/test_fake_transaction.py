"""The fake unit of work behaves as the database's does where services can tell: what is not
committed is rolled back, and only committed audit events are kept."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fake_transaction import FakeTransaction

AT = datetime(2026, 12, 7, 9, tzinfo=UTC)


class Counting(FakeTransaction):
    STORES = ("counts",)

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, int] = {}


def _record(uow: FakeTransaction, action: str) -> None:
    uow.audit.record(
        actor="officer:a", entity="x", key="1", action=action, before=None, after={}, at=AT
    )


def test_a_block_left_without_a_commit_changes_nothing() -> None:
    uow = Counting()

    def refused() -> None:
        with uow:
            uow.counts["a"] = 1
            _record(uow, "add")
            raise RuntimeError("refused")

    with pytest.raises(RuntimeError):
        refused()
    assert uow.counts == {}
    assert uow.audit.events() == []


def test_what_is_committed_stays_and_what_comes_after_the_commit_does_not() -> None:
    uow = Counting()
    with uow:
        uow.counts["a"] = 1
        _record(uow, "add")
        uow.commit()
        uow.counts["b"] = 2
        _record(uow, "lost")
    assert uow.counts == {"a": 1}
    assert [e["action"] for e in uow.audit.events()] == ["add"]
    assert uow.commits == 1


def test_the_fake_audit_trail_refuses_a_bare_number_as_the_sql_one_does() -> None:
    uow = Counting()
    with pytest.raises(TypeError), uow:
        uow.audit.record(actor="a", entity="x", key="1", action="set", before=None, after=5, at=AT)
