"""Each page asks the database a fixed number of questions, whatever the size of the region.

A page that reads the whole round, or asks once per applicant, per offering or per row it
shows, is slow on the 30,000 applicants of a region long before anyone times it. So this
guard counts, without any timing, the SQL statements each page's request sends (SQLAlchemy's
``before_cursor_execute``) on two demo regions built the same way, of ``SMALL`` and three times
as many applicants, each with a preliminary, a final and a reserve round published: a page
must stay within ``BUDGET`` statements, and must send no more on the larger region than on the
smaller. The failure names the page, its role and both counts. The regions have no
compensation runs, so the money's pages are counted on empty months (their sums are compared
with the lines' in ``tests/compensation/test_year_report_in_sql.py``). ``benchmarks.pages``
times every page on the demo region.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import argon2
import pytest
from database_fixtures import NewDatabase
from fastapi.testclient import TestClient
from region_rounds import AFTER_ROUNDS, OFFICE, region_with_rounds
from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from web_support import form_token

from samverka.admission.db import tables as t
from samverka.admission.demo import DemoRegion
from samverka.config import Settings
from samverka.platform.access.domain.actors import Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.clock import FixedClock
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

SMALL: Final = 120
BUDGET: Final = 25  # statements per page request, the session's own included
PASSWORD: Final = "correct horse battery"
CHEAP: Final = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
MUNICIPALITY: Final = "0180"
# (role's account, page); {round}, {offering} and {pupil} are the region's own.
PAGES: Final = (
    ("officer", "/antagning"),
    ("officer", "/antagning/omrade"),
    ("officer", "/statistik"),
    ("officer", "/statistik?round={round}"),
    ("analyst", "/statistik"),
    ("officer", f"/kommun?kommun={MUNICIPALITY}"),
    ("municipality", "/kommun"),
    ("municipality", "/kommun?sida=2"),
    ("school", "/skola"),
    ("school", "/skola/utbildningar/{offering}"),
    ("counsellor", "/elever"),
    ("applicant", "/min-ansokan"),
    ("applicant", "/mitt-resultat"),
    ("applicant", "/katalog"),
    ("officer", "/ersattning/rapport"),
    ("analyst", "/ersattning/nettning"),
    ("municipality", "/ersattning"),
    ("municipality", "/ersattning?sidnr=2"),
    ("municipality", "/"),
    ("municipality", "/kommun/kaa"),
    ("municipality", "/kommun/kaa?status=not_contacted"),
    ("municipality", "/kommun/kaa?sok=Elev"),
    ("municipality", "/kommun/kaa/rapport"),
)


@dataclass(frozen=True, slots=True)
class Region:
    """A demo region served by the application, with the addresses' parameters."""

    clients: dict[str, TestClient]
    engine: Engine
    parameters: dict[str, str]


def _accounts(factory: sessionmaker[Session], region: DemoRegion) -> dict[str, dict[str, Any]]:
    """One account per role: the applicant placed in the first round, the school of the
    offering they were placed at, the counsellor at a school with pupils."""
    with factory() as session:
        p, a, o = t.placement, t.applicant, t.offering
        pid, unit = session.execute(
            select(a.c.personal_id, o.c.school_unit_code)
            .join(p, p.c.applicant_id == a.c.id)
            .join(o, o.c.id == p.c.offering_id)
            .order_by(p.c.round_id.desc(), a.c.id)
            .limit(1)
        ).one()
    counsellor_unit = next(
        p.applicant.school_unit_code for p in region.pupils if p.applicant.school_unit_code
    )
    return {
        "officer": {"role": Role.OFFICER},
        "analyst": {"role": Role.ANALYST},
        "municipality": {"role": Role.MUNICIPALITY, "municipality_code": MUNICIPALITY},
        "school": {"role": Role.SCHOOL, "school_unit_codes": (unit,)},
        "counsellor": {"role": Role.COUNSELLOR, "school_unit_codes": (counsellor_unit,)},
        "applicant": {"role": Role.APPLICANT, "personal_id": pid},
    }


def _parameters(factory: sessionmaker[Session], school_unit: str) -> dict[str, str]:
    with factory() as session:
        o, r = t.offering, t.admission_round
        offering = session.execute(
            select(o.c.code).where(o.c.school_unit_code == school_unit).order_by(o.c.code).limit(1)
        ).scalar_one()
        first_round = session.execute(select(r.c.id).order_by(r.c.id).limit(1)).scalar_one()
    return {"offering": offering, "round": str(first_round)}


@pytest.fixture(scope="module")
def regions(
    tmp_path_factory: pytest.TempPathFactory, new_sqlite_database: NewDatabase
) -> Iterator[dict[int, Region]]:
    built: dict[int, Region] = {}
    opened: list[TestClient] = []
    for applicants in (SMALL, 3 * SMALL):
        path: Path = tmp_path_factory.mktemp(f"region{applicants}") / "region.db"
        settings = Settings(database_url=f"sqlite:///{path}")
        factory = new_sqlite_database(settings)
        region, _rounds = region_with_rounds(SqlUnitOfWork(factory), applicants=applicants)
        accounts = _accounts(factory, region)
        for username, details in accounts.items():
            create_account(
                SqlUnitOfWork(factory),
                actor=OFFICE,
                username=username,
                display_name=username.title(),
                password=PASSWORD,
                passwords=CHEAP,
                now=AFTER_ROUNDS,
                **details,
            )
        clock = FixedClock(AFTER_ROUNDS)
        login = LocalLogin(lambda f=factory: SqlUnitOfWork(f), CHEAP, LoginThrottle(clock=clock))
        app = create_app(settings, session_factory=factory, authenticator=login, clock=clock)
        clients = {}
        for username in accounts:
            client = TestClient(app).__enter__()
            opened.append(client)
            data = {"username": username, "password": PASSWORD, "csrf_token": form_token(client)}
            answer = client.post("/logga-in", data=data, follow_redirects=False)
            assert answer.status_code == 303, username
            clients[username] = client
        unit = accounts["school"]["school_unit_codes"][0]
        engine = factory.kw["bind"]
        built[applicants] = Region(clients, engine, _parameters(factory, unit))
    yield built
    for client in opened:
        client.__exit__(None, None, None)


def _statements(region: Region, account: str, page: str) -> int:
    """How many statements the request of ``page`` sends (after one request that fills what
    the application keeps between requests)."""
    url = page.format(**region.parameters)
    client = region.clients[account]
    assert client.get(url).status_code == 200, f"{url} as {account}"
    sent: list[str] = []

    def count(*args: Any) -> None:
        sent.append(args[2])

    event.listen(region.engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200, f"{url} as {account}"
    finally:
        event.remove(region.engine, "before_cursor_execute", count)
    return len(sent)


@pytest.mark.parametrize(("account", "address"), PAGES, ids=[f"{a}:{p}" for a, p in PAGES])
def test_a_page_sends_no_more_statements_on_a_region_three_times_as_large(
    regions: dict[int, Region], account: str, address: str
) -> None:
    small = _statements(regions[SMALL], account, address)
    large = _statements(regions[3 * SMALL], account, address)
    assert small <= BUDGET, f"{address} as {account}: {small} statements, budget {BUDGET}"
    assert large <= small, (
        f"{address} as {account}: {small} statements with {SMALL} applicants, "
        f"{large} with {3 * SMALL}: it grows with the region"
    )
