"""An extract that would remove a large part of the youth register changes nothing until the
officer confirms the number, on both databases; the confirmation is in the audit trail. The
guard's other cases (a truncated extract, a confirmation of another number, the share setting)
run on the fake unit of work, in ``test_register_services.py``.

Sources: issue 11 point 3 (a header-only file closed every registration, and the next month's
compensation booked 0 kr); GDPR art. 5(1)(d) and art. 32(1)(b);
``register.domain.removal_guard``.
"""

from __future__ import annotations

from datetime import date

import pytest
from admission_year_builders import open_year, personal_id
from population_loads import load
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverka.admission.ports import UnitOfWork
from samverka.errors import RemovalsNotConfirmed
from samverka.platform.access.domain.actors import Actor, Role
from samverka.register.db import tables as rt
from samverka.register.domain.population import ChangeKind, PopulationRecord
from samverka.register.queries.register_view import where_on

SEPTEMBER, OCTOBER = date(2026, 9, 1), date(2026, 10, 1)
OFFICER_ACTOR = Actor("officer", Role.OFFICER, "Officer")


def people(*serials: int) -> list[PopulationRecord]:
    return [
        PopulationRecord(personal_id(n), date(2010, 3, 1), f"Elev {n}", "0180") for n in serials
    ]


def _state(session: Session) -> tuple[int, int, int]:
    """Loads, open registration periods and changes: what a load changes."""
    count = func.count()
    loads = session.execute(select(count).select_from(rt.population_load)).scalar_one()
    periods = rt.registration_period
    open_periods = session.execute(
        select(count).select_from(periods).where(periods.c.end.is_(None))
    ).scalar_one()
    changes = session.execute(select(count).select_from(rt.register_change)).scalar_one()
    return loads, open_periods, changes


def test_a_header_only_extract_changes_nothing_until_the_officer_confirms_the_number(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    load(uow, SEPTEMBER, people(*range(1, 21)))
    before = _state(session)
    with pytest.raises(RemovalsNotConfirmed, match="ingen i åldersspannet") as refused:
        load(uow, OCTOBER, [])
    assert refused.value.leaving == 20
    assert _state(session) == before
    assert len(where_on(session, OFFICER_ACTOR, OCTOBER)) == 20
    report = load(uow, OCTOBER, [], confirmed=20)
    assert report.changes[ChangeKind.LEFT_REGION] == 20
    assert where_on(session, OFFICER_ACTOR, OCTOBER) == []
    with uow:
        audited = uow.audit.events("population_load")[-1]["after"]
    assert (audited["leaving"], audited["confirmed_removals"]) == (20, 20)
