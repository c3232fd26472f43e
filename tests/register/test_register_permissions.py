"""The youth register's services keep the final word on permission: loading a population
extract and placing the admitted pupils are the admission officer's (their pages and API ask
for the officer), and the services refuse anyone else (``NotPermitted``) before they read or
write anything.

Source: docs/architecture.md ("services: the final word on permission"); README, "What each
role may see and do" (the officer loads population extracts into the youth register).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from untouched import UNTOUCHED

from samverka.errors import NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.register.services.register import load_population, place_admitted

NOW = datetime(2026, 9, 1, 12, tzinfo=UTC)
NOT_OFFICERS = [
    Actor("rektor", Role.SCHOOL, "Rektor", school_unit_codes=frozenset({"11111111"})),
    Actor("kommun", Role.MUNICIPALITY, "Kommunen", municipality_code="0180"),
    Actor("anders", Role.ANALYST, "Anders"),
    Actor("kansli", Role.ASSOCIATION_STAFF, "Kansliet"),
]


@pytest.mark.parametrize("actor", NOT_OFFICERS, ids=lambda a: a.audit_name)
def test_only_the_admission_officer_loads_a_population_extract(actor: Actor) -> None:
    with pytest.raises(NotPermitted):
        load_population(
            UNTOUCHED,
            records=[],
            extract_date=date(2026, 9, 1),
            source="uttag.csv",
            actor=actor,
            now=NOW,
        )


@pytest.mark.parametrize("actor", NOT_OFFICERS, ids=lambda a: a.audit_name)
def test_only_the_admission_officer_places_the_admitted_pupils(actor: Actor) -> None:
    with pytest.raises(NotPermitted):
        place_admitted(UNTOUCHED, year=2026, start=date(2026, 8, 18), actor=actor, now=NOW)
