"""State grants (stimulansmedel) on SQLite and PostgreSQL: keyed out by population, by an age
band of the youth register, by an imported key or in equal shares; stored with the key values
used; followed up per municipality with late reports and recorded reminders; who reads what.
The services' rules and refusals are tested in memory (``test_state_grant_services``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from admission_year_builders import OFFICE, open_year
from sqlalchemy.orm import Session
from state_grant_examples import (
    AFTER_DUE,
    BOARD,
    DUE,
    NACKA,
    NOW,
    PSYCHIATRIC,
    STAFF,
    STOCKHOLM,
)

from samverka.admission.ports import UnitOfWork
from samverka.association.grants.domain.grant_allocation import AllocationKeyKind, GrantTerms
from samverka.association.grants.domain.grant_follow_up import ReportStatus, UseCategory
from samverka.association.grants.queries import grant_detail, grant_list, municipality_grants
from samverka.association.grants.services.state_grants import (
    KeyRequest,
    UseRequest,
    allocate_grant,
    create_grant,
    record_populations,
    report_use,
    send_reminders,
)
from samverka.errors import NotFound, NotPermitted
from samverka.platform.domain.personal_id import luhn_check_digit
from samverka.register.domain.population import PopulationRecord
from samverka.register.services.register import load_population


def pid(born: date, serial: int) -> str:
    digits = f"{born:%y%m%d}{serial:03d}"
    return f"{born:%Y%m%d}-{serial:03d}{luhn_check_digit(digits)}"


def _grant(uow: UnitOfWork, terms: GrantTerms = PSYCHIATRIC) -> int:
    open_year(uow)  # the municipalities 0180 (975 551) and 0182 (105 201)
    return create_grant(
        uow, actor=STAFF, name="Psykisk hälsa", year=2026, terms=terms, report_due=DUE, now=NOW
    )


def _allocate(uow: UnitOfWork, grant_id: int, key: KeyRequest) -> None:
    allocate_grant(uow, actor=STAFF, grant_id=grant_id, key=key, now=NOW)


def _use(amount: str) -> UseRequest:
    return UseRequest(
        UseCategory.TRAINING, "Utbildning", Decimal(amount), date(2026, 1, 1), date(2026, 2, 1)
    )


def test_a_grant_keyed_out_by_population_adds_up_and_keeps_the_populations_used(
    uow: UnitOfWork, session: Session
) -> None:
    grant_id = _grant(uow, GrantTerms(Decimal(1_000_001), Decimal(50), Decimal(4)))
    _allocate(uow, grant_id, KeyRequest(AllocationKeyKind.POPULATION))
    record_populations(uow, actor=STAFF, populations={"0180": 1, "0182": 1}, now=NOW)
    stored = grant_detail(session, BOARD, grant_id, NOW.date()).stored
    assert stored is not None
    found = stored.allocation
    assert [line.key_value for line in found.lines] == [Decimal(975551), Decimal(105201)]
    assert found.region_gross == Decimal(500_000)  # a tie: the krona to the municipalities
    assert sum(line.gross for line in found.lines) == Decimal(500_001)
    exact = Fraction(500_001 * 975_551, 975_551 + 105_201)
    assert abs(found.lines[0].gross - Decimal(exact.numerator) / exact.denominator) < 1
    assert found.set_aside_total == Decimal(40_000)
    assert found.region_set_aside + sum(line.set_aside for line in found.lines) == 40_000
    assert found.region_net + found.municipalities_net + found.set_aside_total == 1_000_001
    events = uow.audit.events("state_grant", str(grant_id))
    assert [event["action"] for event in events] == ["create", "allocate"]


def test_an_age_band_key_counts_those_registered_in_the_band_on_the_reference_date(
    uow: UnitOfWork, session: Session
) -> None:
    grant_id = _grant(uow)
    day = date(2026, 9, 1)
    people = [
        PopulationRecord(pid(date(2009, 3, 1), 1), date(2009, 3, 1), "A", "0180"),  # 17
        PopulationRecord(pid(date(2007, 9, 1), 2), date(2007, 9, 1), "B", "0180"),  # 19
        PopulationRecord(pid(date(2006, 9, 1), 3), date(2006, 9, 1), "C", "0180"),  # 20 today
        PopulationRecord(pid(date(2010, 9, 2), 4), date(2010, 9, 2), "D", "0182"),  # 15
        PopulationRecord(pid(date(2010, 9, 1), 5), date(2010, 9, 1), "E", "0182"),  # 16 today
    ]
    load_population(uow, records=people, extract_date=day, source="f.csv", actor=OFFICE, now=NOW)
    key = KeyRequest(AllocationKeyKind.AGE_BAND, 16, 19, day)
    _allocate(uow, grant_id, key)
    stored = grant_detail(session, STAFF, grant_id, NOW.date()).stored
    assert stored is not None
    assert {x.municipality_code: x.key_value for x in stored.allocation.lines} == {
        "0180": Decimal(2),
        "0182": Decimal(1),
    }
    assert stored.key.reference_date == day
    assert stored.key.description == "16–19 år 2026-09-01"


def test_the_follow_up_shows_late_reports_and_reminders_go_to_the_overdue_only(
    uow: UnitOfWork, session: Session
) -> None:
    grant_id = _grant(uow)
    _allocate(uow, grant_id, KeyRequest(AllocationKeyKind.EQUAL))
    report_use(uow, actor=STOCKHOLM, grant_id=grant_id, use=_use("1000"), now=NOW)
    reminded = send_reminders(uow, actor=STAFF, grant_id=grant_id, now=AFTER_DUE)
    assert reminded == ["0182"]
    detail = grant_detail(session, STAFF, grant_id, AFTER_DUE.date())
    statuses = {row.municipality_code: row.status for row in detail.follow_up}
    assert statuses == {"0180": ReportStatus.REPORTED, "0182": ReportStatus.OVERDUE}
    assert detail.late == 1
    assert detail.used == Decimal(1000)
    nacka = municipality_grants(session, NACKA, AFTER_DUE.date())[0]
    assert [r.message for r in nacka.reminders] == [detail.reminders[0].message]
    assert "Psykisk hälsa" in nacka.reminders[0].message
    assert municipality_grants(session, STOCKHOLM, AFTER_DUE.date())[0].reminders == []
    summary = grant_list(session, BOARD, AFTER_DUE.date())[0]
    assert (summary.late, summary.used) == (1, Decimal(1000))


def test_only_the_association_reads_every_grant_and_a_municipality_only_its_own(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    with pytest.raises(NotPermitted):
        grant_list(session, STOCKHOLM, NOW.date())
    with pytest.raises(NotPermitted):
        municipality_grants(session, STAFF, NOW.date())
    with pytest.raises(NotFound):
        grant_detail(session, BOARD, 12345, NOW.date())


def test_a_municipality_left_out_of_a_custom_key_neither_sees_nor_reports_on_the_grant(
    uow: UnitOfWork, session: Session
) -> None:
    grant_id = _grant(uow)
    _allocate(uow, grant_id, KeyRequest(AllocationKeyKind.CUSTOM, rows=[(2, "0182", "1")]))
    assert municipality_grants(session, STOCKHOLM, NOW.date()) == []
    with pytest.raises(NotFound):
        report_use(uow, actor=STOCKHOLM, grant_id=grant_id, use=_use("1"), now=NOW)
    nacka = municipality_grants(session, NACKA, NOW.date())
    assert [g.line.net for g in nacka] == [Decimal(480_000)]  # 500 000 less 4 %
