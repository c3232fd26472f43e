"""The demo's state grants on SQLite and PostgreSQL: the psychiatric-health grant keyed out by
population with its set-aside of about 4.5 mnkr, reports in time, late and missing, one
reminder; the grant for young people keyed out by the register's 16–19-year-olds."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from decimal import Decimal
from importlib import resources

from admission_year_builders import OFFICE
from sqlalchemy.orm import Session

from samverka.admission.domain.catalogue import Municipality
from samverka.association.grants.demo import IN_TIME, LATE, REMINDED, load_demo_state_grants
from samverka.association.grants.domain.grant_allocation import AllocationKeyKind
from samverka.association.grants.domain.grant_follow_up import ReportStatus
from samverka.association.grants.queries import grant_detail, grant_list
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.personal_id import luhn_check_digit
from samverka.register.domain.population import PopulationRecord
from samverka.register.services.register import load_population
from samverka.unit_of_work import SqlUnitOfWork

BOARD = Actor("bertil", Role.BOARD_MEMBER, "Bertil")
YEAR = 2026


def _county(uow: SqlUnitOfWork) -> None:
    text = resources.files("samverka.platform.reference").joinpath(
        "municipalities-stockholm-county.csv"
    )
    with text.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with uow:
        uow.catalogue.add_municipalities(
            [Municipality(r["municipality_code"], r["name"]) for r in rows]
        )
        uow.commit()


def _young(uow: SqlUnitOfWork) -> None:
    """Three 17-year-olds in Stockholm and one in Nacka on 1 September; a 21-year-old too."""
    people = []
    for serial, (home, born) in enumerate(
        [("0180", date(2009, 3, 1))] * 3 + [("0182", date(2009, 3, 1)), ("0182", date(2005, 1, 1))],
        start=1,
    ):
        pid = f"{born:%Y%m%d}-{serial:03d}{luhn_check_digit(f'{born:%y%m%d}{serial:03d}')}"
        people.append(PopulationRecord(pid, born, f"Ung {serial}", home))
    load_population(
        uow,
        records=people,
        extract_date=date(YEAR, 9, 1),
        source="demo",
        actor=OFFICE,
        now=datetime(YEAR, 9, 1, tzinfo=UTC),
    )


def test_the_demo_loads_both_grants_with_follow_up(uow: SqlUnitOfWork, session: Session) -> None:
    _county(uow)
    _young(uow)
    load_demo_state_grants(uow, YEAR)
    today = date(YEAR, 11, 1)
    youth_summary, psychiatric_summary = grant_list(session, BOARD, today)
    psychiatric = grant_detail(session, BOARD, psychiatric_summary.grant.id, today)
    assert psychiatric.stored is not None
    assert psychiatric.stored.key.kind is AllocationKeyKind.POPULATION
    assert psychiatric.stored.allocation.set_aside_total == Decimal(4_528_000)
    assert len(psychiatric.follow_up) == 26
    statuses = {row.municipality_code: row.status for row in psychiatric.follow_up}
    assert {statuses[code] for code in IN_TIME} == {ReportStatus.REPORTED}
    assert {statuses[code] for code in LATE} == {ReportStatus.REPORTED_LATE}
    assert statuses[REMINDED] is ReportStatus.OVERDUE
    assert [r.municipality_code for r in psychiatric.reminders] == [REMINDED]
    youth = grant_detail(session, BOARD, youth_summary.grant.id, today)
    assert youth.stored is not None
    keys = {x.municipality_code: x.key_value for x in youth.stored.allocation.lines}
    assert (keys["0180"], keys["0182"], keys["0114"]) == (Decimal(3), Decimal(1), Decimal(0))
    nets = {x.municipality_code: x.net for x in youth.stored.allocation.lines}
    assert nets["0180"] == Decimal(8_550_000)  # 3/4 of 12 mnkr less 5 %
