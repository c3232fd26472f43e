"""Each page asks the database a fixed number of questions, whatever the size of the region.

A page that reads the whole round, or asks once per applicant, per offering or per row it
shows, is slow on the 30,000 applicants of a region long before anyone times it. So this
guard counts, without any timing, the SQL statements each page's request sends (SQLAlchemy's
``before_cursor_execute``), on every page every demo role can open, found as the page
benchmark finds them (``benchmarks.page_discovery``: the pages without parameters in their
path, the officer's workplaces, and every page their links lead to). It does so on two demo
regions built the same way (``samverka demo``, the example price list and a compensation run
for September), of ``SMALL`` and three times as many applicants: a page must stay within
``BUDGET`` statements (or its stated allowance in ``ALLOWANCES``), and must send no more on the
larger region than on the smaller. The failure names each page, its role and both counts.
``benchmarks.pages`` times the same pages on the demo region of 30,000 applicants.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import argon2
import pytest
from benchmarks.page_discovery import ACCOUNTS, build_region, pages_of, signed_in
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine

import samverka.demo
from samverka import bootstrap
from samverka.config import Settings
from samverka.demo import demo_secret_key
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.clock import system_clock
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

SMALL: Final = 120
BUDGET: Final = 25  # statements per page request, the session's own included
# A page's own allowance above ``BUDGET``, with the reason (the account, and the page's name as
# ``page_discovery.page_name`` gives it).
ALLOWANCES: Final[dict[tuple[str, str], tuple[int, str]]] = {
    **{
        (account, "/"): (
            32,
            "the association's start page reads the meetings, the agreements due, the grants'"
            " reports and the operations plan through each part's own list queries: 30"
            " statements, the same on any region",
        )
        for account in ("kansli", "styrelse")
    },
}
CHEAP: Final = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
# Pages the guard counted by name before it found them itself; each must still be found.
MAIN_PAGES: Final = (
    ("handlaggare", "/antagning"),
    ("handlaggare", "/antagning/omrade"),
    ("handlaggare", "/statistik"),
    ("handlaggare", "/statistik?round"),
    ("handlaggare", "/kommun?kommun"),
    ("handlaggare", "/elever?skolenhet"),
    ("handlaggare", "/ersattning/rapport"),
    ("analytiker", "/statistik"),
    ("analytiker", "/ersattning/nettning"),
    ("kommun", "/kommun"),
    ("kommun", "/ersattning"),
    ("kommun", "/ersattning/avvikelser"),
    ("skola", "/"),
    ("skola", "/skola"),
    ("skola", "/skola/utbildningar/{code}"),
    ("skola", "/skola/placeringar"),
    ("syv", "/"),
    ("syv", "/elever"),
    ("sokande", "/min-ansokan"),
    ("sokande", "/mitt-resultat"),
    ("sokande", "/katalog"),
    ("kansli", "/forbund"),
    ("styrelse", "/"),
    ("kommun", "/"),
    ("kommun", "/kommun/kaa"),
    ("kommun", "/kommun/kaa/rapport"),
)
# Pages the links do not lead to by themselves: a second page, a list narrowed by a filter.
EXTRA_PAGES: Final = (
    ("kommun", "/kommun?sida=2"),
    ("kommun", "/ersattning?sidnr=2"),
    ("kommun", "/kommun/kaa?status=not_contacted"),
    ("kommun", "/kommun/kaa?sok=Elev"),
)


@dataclass(frozen=True, slots=True)
class Region:
    """A demo region served by the application: each account's client and pages by name."""

    clients: dict[str, TestClient]
    pages: dict[str, dict[str, str]]
    engine: Engine


@pytest.fixture(scope="module")
def regions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[int, Region]]:
    built: dict[int, Region] = {}
    with ExitStack() as stack:
        for applicants in (SMALL, 3 * SMALL):
            path: Path = tmp_path_factory.mktemp(f"region{applicants}") / "demo.db"
            with pytest.MonkeyPatch.context() as patch:  # the demo's accounts, hashed cheaply
                patch.setattr(samverka.demo, "Argon2idHasher", lambda: CHEAP)
                build_region(path, applicants)
            settings = Settings(
                database_url=f"sqlite:///{path}",
                environment="development",
                secret_key=demo_secret_key(path),
            )
            factory = bootstrap.database(settings, migrate=False)
            login = LocalLogin(
                lambda f=factory: SqlUnitOfWork(f), CHEAP, LoginThrottle(clock=system_clock)
            )
            app = create_app(settings, session_factory=factory, authenticator=login)
            clients, pages = {}, {}
            for account in ACCOUNTS:
                clients[account] = stack.enter_context(signed_in(app, account))
                pages[account] = dict(pages_of(app, clients[account]))
                pages[account].update((url, url) for a, url in EXTRA_PAGES if a == account)
            built[applicants] = Region(clients, pages, factory.kw["bind"])
        yield built


def _statements(region: Region, account: str, url: str) -> tuple[int, int]:
    """The answer's status and how many statements the request of ``url`` sends (the page
    was requested once already, when it was found)."""
    sent: list[str] = []

    def count(*args: Any) -> None:
        sent.append(args[2])

    event.listen(region.engine, "before_cursor_execute", count)
    try:
        status = region.clients[account].get(url).status_code
    finally:
        event.remove(region.engine, "before_cursor_execute", count)
    return status, len(sent)


def test_the_guard_finds_the_main_pages_of_every_role(regions: dict[int, Region]) -> None:
    for region in regions.values():
        missing = [(a, page) for a, page in MAIN_PAGES if page not in region.pages[a]]
        assert not missing, f"pages not found: {missing}"


@pytest.mark.parametrize("account", ACCOUNTS)
def test_every_page_of_a_role_stays_within_its_statements_on_a_region_three_times_as_large(
    regions: dict[int, Region], account: str
) -> None:
    small, large = regions[SMALL], regions[3 * SMALL]
    assert small.pages[account], f"{account} found no pages"
    problems = []
    for name, url in small.pages[account].items():
        status, few = _statements(small, account, url)
        limit = ALLOWANCES.get((account, name), (BUDGET, ""))[0]
        if status != 200:
            problems.append(f"{url}: answered {status}")
        elif few > limit:
            problems.append(f"{url}: {few} statements, budget {limit}")
        if name not in large.pages[account]:
            continue
        status, many = _statements(large, account, large.pages[account][name])
        if status == 200 and many > few:
            problems.append(
                f"{name}: {few} statements with {SMALL} applicants, {many} with {3 * SMALL}:"
                " it grows with the region"
            )
    assert not problems, f"{account}'s pages:\n" + "\n".join(problems)
