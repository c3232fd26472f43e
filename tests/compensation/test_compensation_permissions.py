"""The money's services keep the final word on permission: the price lists, the supplement tiers,
the region's settings, the monthly run and closing a month are the admission officer's (the run's
page and API ask for the officer; the rest is the officer's command line), and the services refuse
anyone else (``NotPermitted``) before they read or write anything.

Source: docs/architecture.md ("services: the final word on permission"); docs/compensation.md
(every way of starting a run goes through the same service); README, "What each role may see and
do".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from untouched import UNTOUCHED

from samverka.compensation.domain.monthly_compensation import CompensationSettings
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import PriceList, PriceRounding
from samverka.compensation.domain.structure_supplement import SupplementTier
from samverka.compensation.services.compensation import (
    COMMON,
    close_month,
    import_price_list,
    run_month,
    set_compensation_settings,
    set_supplement_tiers,
    uplift_price_list,
)
from samverka.errors import NotPermitted
from samverka.platform.access.domain.actors import Actor, Role

NOW = datetime(2026, 10, 1, 12, tzinfo=UTC)
SEPTEMBER = Month(2026, 9)
NOT_OFFICERS = [
    Actor("kommun", Role.MUNICIPALITY, "Kommunen", municipality_code="0180"),
    Actor("kansli", Role.ASSOCIATION_STAFF, "Kansliet"),
    Actor("anders", Role.ANALYST, "Anders"),
    Actor("rektor", Role.SCHOOL, "Rektor", school_unit_codes=frozenset({"11111111"})),
]
OFFICERS_ONLY: dict[str, Callable[[Actor], object]] = {
    "run_month": lambda actor: run_month(UNTOUCHED, month=SEPTEMBER, actor=actor, now=NOW),
    "close_month": lambda actor: close_month(UNTOUCHED, month=SEPTEMBER, actor=actor, now=NOW),
    "import_price_list": lambda actor: import_price_list(
        UNTOUCHED, price_list=PriceList(2026, ()), kind=COMMON, actor=actor, now=NOW
    ),
    "uplift_price_list": lambda actor: uplift_price_list(
        UNTOUCHED,
        from_year=2026,
        percent=Decimal(2),
        rounding=PriceRounding(),
        actor=actor,
        now=NOW,
    ),
    "set_supplement_tiers": lambda actor: set_supplement_tiers(
        UNTOUCHED,
        year=2026,
        tiers=[SupplementTier(1, Decimal(200), Decimal(1200))],
        actor=actor,
        now=NOW,
    ),
    "set_compensation_settings": lambda actor: set_compensation_settings(
        UNTOUCHED, settings=CompensationSettings(), actor=actor, now=NOW
    ),
}


@pytest.mark.parametrize("use_case", sorted(OFFICERS_ONLY))
@pytest.mark.parametrize("actor", NOT_OFFICERS, ids=lambda a: a.audit_name)
def test_only_the_admission_officer_runs_and_keeps_the_moneys_use_cases(
    use_case: str, actor: Actor
) -> None:
    with pytest.raises(NotPermitted):
        OFFICERS_ONLY[use_case](actor)
