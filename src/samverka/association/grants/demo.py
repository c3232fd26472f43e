"""The demo's state grants: loaded through the services the association's staff use.

* The psychiatric-health grant of the operations plan 2018: 113 200 000 kr ("a little over
  113 mnkr"), half to the region and half to the 26 municipalities by population (31 December
  2019, the reference data), 4 % of each allocation set aside for county-wide initiatives.
  Reports due 30 June: some municipalities report in time, some late, the rest not at all;
  one is reminded.
* A grant for young people, 12 000 000 kr with 5 % kept for county-wide activities, keyed out
  by the number registered aged 16–19 in the demo's youth register on 1 September.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from importlib import resources

from samverka.association.grants.domain.grant_allocation import AllocationKeyKind, GrantTerms
from samverka.association.grants.domain.grant_follow_up import UseCategory
from samverka.association.grants.files.grant_key_file import read_population_figures
from samverka.association.grants.ports import UnitOfWork
from samverka.association.grants.services.state_grants import (
    KeyRequest,
    UseRequest,
    allocate_grant,
    create_grant,
    record_populations,
    report_use,
    send_reminders,
)
from samverka.platform.access.domain.actors import Actor, Role

STAFF = Actor("demo-forbund", Role.ASSOCIATION_STAFF, "Förbundets kansli")
IN_TIME = ("0180", "0182", "0114", "0186", "0162")  # Stockholm, Nacka, Upplands Väsby, …
LATE = ("0127", "0136")  # Botkyrka, Haninge
REMINDED = "0138"  # Tyresö
USES = (
    (UseCategory.TRAINING, "Utbildning i första hjälpen till psykisk hälsa", Decimal("0.35")),
    (UseCategory.ANALYSIS, "Kartläggning av barns och ungas psykiska hälsa", Decimal("0.25")),
    (UseCategory.DEVELOPMENT, "Samordnad individuell plan (SIP) med regionen", Decimal("0.20")),
)


def _populations() -> dict[str, int]:
    text = resources.files("samverka.platform.reference").joinpath(
        "municipalities-stockholm-county.csv"
    )
    return read_population_figures(text.read_bytes(), "municipalities-stockholm-county.csv")


def _report(
    uow: UnitOfWork, grant_id: int, code: str, net: Decimal, year: int, at: datetime
) -> None:
    municipality = Actor(f"demo-{code}", Role.MUNICIPALITY, code, municipality_code=code)
    for category, purpose, part in USES:
        use = UseRequest(
            category,
            purpose,
            (net * part).quantize(Decimal(1)),
            date(year, 1, 1),
            date(year, 6, 30),
            "Enligt kommunens handlingsplan.",
        )
        report_use(uow, actor=municipality, grant_id=grant_id, use=use, now=at)


def load_demo_state_grants(uow: UnitOfWork, year: int) -> None:
    """Load the demo's state grants for ``year``."""
    at = datetime(year, 1, 15, 9, tzinfo=UTC)
    record_populations(uow, actor=STAFF, populations=_populations(), now=at)
    psychiatric = create_grant(
        uow,
        actor=STAFF,
        name=f"Stimulansmedel psykisk hälsa {year}",
        year=year,
        terms=GrantTerms(Decimal(113_200_000), Decimal(50), Decimal(4)),
        report_due=date(year, 6, 30),
        description="Överenskommelse mellan staten och SKR. Hälften till regionen, hälften "
        "till kommunerna efter folkmängd; 4 % avsätts till länsgemensamma satsningar.",
        now=at,
    )
    allocation = allocate_grant(
        uow,
        actor=STAFF,
        grant_id=psychiatric,
        key=KeyRequest(AllocationKeyKind.POPULATION),
        now=at,
    )
    nets = {line.municipality_code: line.net for line in allocation.lines}
    for code in IN_TIME:
        _report(uow, psychiatric, code, nets[code], year, datetime(year, 5, 20, tzinfo=UTC))
    for code in LATE:
        _report(uow, psychiatric, code, nets[code], year, datetime(year, 8, 25, tzinfo=UTC))
    send_reminders(
        uow,
        actor=STAFF,
        grant_id=psychiatric,
        municipality_code=REMINDED,
        now=datetime(year, 7, 10, 9, tzinfo=UTC),
    )
    youth = create_grant(
        uow,
        actor=STAFF,
        name=f"Stimulansmedel unga 16–19 år {year}",
        year=year,
        terms=GrantTerms(Decimal(12_000_000), Decimal(0), Decimal(5)),
        report_due=date(year + 1, 3, 31),
        description="Fördelas efter antalet folkbokförda 16–19 år den 1 september.",
        now=at,
    )
    band = KeyRequest(AllocationKeyKind.AGE_BAND, 16, 19, date(year, 9, 1))
    allocate_grant(uow, actor=STAFF, grant_id=youth, key=band, now=datetime(year, 9, 2, tzinfo=UTC))
