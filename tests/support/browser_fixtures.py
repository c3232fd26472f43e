"""Browser fixtures: the web application on loopback, driven by Playwright in Debian's Chromium.

The browser is the system's ``/usr/bin/chromium`` (Debian's ``chromium`` package, which
``.ci/run`` installs when it is missing), handed to Playwright as its executable; no browser is
ever downloaded. Without it the browser tests fail under CI (``CI`` set) and are skipped, with the
reason, elsewhere.

Accessibility is checked with axe-core, the copy bundled in the ``axe-playwright-python`` wheel
(axe-core 4.12.1, MPL-2.0), injected into the page: nothing is fetched at test time.

Fixtures:

``server``       (session) the address of ``bootstrap.web_app(settings)`` served by uvicorn in a
                 background thread on a free loopback port, on a migrated SQLite file holding an
                 admission year, one officer and one applicant whose pupil is imported
``demo_server``  (session) the address of a small ``samverka demo`` (600 applicants, every area
                 of the association loaded) served the same way; its accounts are the demo's
``browser``      (session) Chromium, headless, with the flags this machine needs
``officer``, ``applicant``  (session) the accounts on ``server``: username, name, password
``admission``    a fresh admission year of its own for one test, served like ``server``: the
                 applicant's two competitors have applied already, and the applicant pages'
                 clock (``Admission.clock``) starts in the application period and can be moved.
                 A test module that overrides ``server`` with ``admission.address`` runs its
                 ``page`` there
``width``        ``desktop`` (1280 px) or ``phone`` (375 px): a test taking ``page`` runs at both
``page``         a page in a fresh browser context (no cookies) at that width, based at ``server``
``another_page`` a second person's page beside ``page``: its own context, same width and server
``screenshots``  (session) the folder ``tests/screenshots/`` (gitignored)
``shoot``        ``shoot("name")`` writes the whole page to ``screenshots/<name>-<width>.png``;
                 ``shoot("name", another_page)`` writes that page instead
``assert_accessible``  ``assert_accessible(page)`` runs axe-core with the tags wcag2a, wcag2aa,
                 wcag21a and wcag21aa and fails with a readable list of every violation
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import admission_year_builders as year
import argon2
import pytest
import uvicorn
from axe_playwright_python.base import AXE_FILE_PATH
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, sync_playwright
from typer.testing import CliRunner

from samverka import bootstrap
from samverka.admission.services.applications import ChoiceRequest, submit_choices
from samverka.admission.services.pupils import import_pupils
from samverka.cli import app as cli
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.web import deps as web_deps
from samverka.unit_of_work import SqlUnitOfWork

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Playwright starts every browser with a new, empty --user-data-dir of its own.
SCREENSHOTS = Path(__file__).parents[1] / "screenshots"
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 740}}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PASSWORD = "correct horse battery"
COMMAND_LINE = Actor("cli:browser-tests", Role.OFFICER, "command line")
CREATED = datetime(year.YEAR, 1, 10, 9, tzinfo=UTC)
# Cheap parameters keep the set-up fast; signing in verifies with whatever the hash records.
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@dataclass(frozen=True, slots=True)
class Person:
    username: str
    display_name: str
    password: str = PASSWORD


OFFICER = Person("alva", "Alva Berg")
APPLICANT = Person("elev1", "Elev 1")


@pytest.fixture(scope="session")
def officer() -> Person:
    """The admission officer's account on ``server``."""
    return OFFICER


@pytest.fixture(scope="session")
def applicant() -> Person:
    """The applicant's account on ``server``; their pupil is imported for the admission year."""
    return APPLICANT


# -- the application ----------------------------------------------------------------------------
def _build_database(settings: Settings) -> None:
    factory = bootstrap.database(settings)
    year.open_year(SqlUnitOfWork(factory))
    import_pupils(
        SqlUnitOfWork(factory),
        year=year.YEAR,
        pupils=[year.pupil(1, "B", name=APPLICANT.display_name)],
        actor=year.OFFICE,
        now=year.IN_APPLICATION_PERIOD,
    )
    accounts: list[tuple[Person, Role, str | None]] = [
        (OFFICER, Role.OFFICER, None),
        (APPLICANT, Role.APPLICANT, year.personal_id(1)),
    ]
    for person, role, personal_id in accounts:
        create_account(
            SqlUnitOfWork(factory),
            actor=COMMAND_LINE,
            username=person.username,
            display_name=person.display_name,
            role=role,
            password=person.password,
            passwords=CHEAP,
            personal_id=personal_id,
            now=CREATED,
        )


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a background thread on a free loopback port."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    served = uvicorn.Server(config)
    thread = threading.Thread(target=served.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not served.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the web application did not start for the browser tests")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        served.should_exit = True
        thread.join(timeout=10)
        listener.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base address (``http://127.0.0.1:<port>``) of the running web application."""
    folder = tmp_path_factory.mktemp("browser-db")
    settings = Settings(database_url=f"sqlite:///{folder}/samverka.db")
    _build_database(settings)
    with served(bootstrap.web_app(settings)) as address:
        yield address


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base address of a small demo database (``samverka demo --applicants 600``)."""
    database = tmp_path_factory.mktemp("browser-demo") / "demo.db"
    arguments = ["demo", "--database", str(database), "--applicants", "600", "--no-serve"]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    with served(bootstrap.web_app(Settings(database_url=f"sqlite:///{database}"))) as address:
        yield address


# -- an admission year of its own, with a clock --------------------------------------------------
# The applicant's competitors: one with better grades who wants NORRA-NA (one place) first, one
# with weaker grades who wants NORRA-EK (one place). The applicant's grades are all B.
COMPETITORS = {2: ("A", ["NORRA-NA", "NORRA-EK"]), 3: ("C", ["NORRA-EK"])}


class MovableClock:
    """The applicant pages' ``clock``: stands still at ``now`` until a test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True, slots=True)
class Admission:
    address: str
    clock: MovableClock


@pytest.fixture
def admission(tmp_path: Path) -> Iterator[Admission]:
    """A new database and server for one test: ``small_catalogue()`` (NORRA-NA, NORRA-EK and
    SODRA-ES, one place each), the officer and the applicant of ``server``, and two competitors
    whose choices are registered. The officer's pages run on the real time."""
    settings = Settings(database_url=f"sqlite:///{tmp_path}/samverka.db")
    _build_database(settings)
    factory = bootstrap.database(settings)
    import_pupils(
        SqlUnitOfWork(factory),
        year=year.YEAR,
        pupils=[year.pupil(serial, letter) for serial, (letter, _) in COMPETITORS.items()],
        actor=year.OFFICE,
        now=year.IN_APPLICATION_PERIOD,
    )
    for serial, (_, codes) in COMPETITORS.items():
        submit_choices(
            SqlUnitOfWork(factory),
            year=year.YEAR,
            personal_id=year.personal_id(serial),
            choices=[ChoiceRequest(code) for code in codes],
            actor=year.OFFICE,
            by_admission_office=True,
            now=year.IN_APPLICATION_PERIOD,
        )
    clock = MovableClock(year.IN_APPLICATION_PERIOD)
    app = bootstrap.web_app(settings)
    app.dependency_overrides[web_deps.clock] = clock
    with served(app) as address:
        yield Admission(address, clock)


# -- the browser --------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(params=list(WIDTHS))
def width(request: pytest.FixtureRequest) -> str:
    """``desktop`` or ``phone``: a test that takes ``page`` runs once at each."""
    return str(request.param)


@contextmanager
def _open_page(browser: Browser, server: str, width: str) -> Iterator[Page]:
    size = WIDTHS[width]
    context = browser.new_context(
        base_url=server,
        viewport={"width": size["width"], "height": size["height"]},
        locale="sv-SE",
        timezone_id="Europe/Stockholm",
    )
    context.set_default_timeout(5_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser, server: str, width: str) -> Iterator[Page]:
    """A page in a fresh context (no cookies), at ``width``, with ``server`` as its base URL."""
    with _open_page(browser, server, width) as opened:
        yield opened


@pytest.fixture
def another_page(browser: Browser, server: str, width: str) -> Iterator[Page]:
    """A second page like ``page`` in a context of its own: another person at another computer."""
    with _open_page(browser, server, width) as opened:
        yield opened


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def shoot(screenshots: Path, page: Page, width: str) -> Callable[..., Path]:
    """``shoot("sign-in")`` writes the whole page to ``screenshots/sign-in-<width>.png``;
    ``shoot("name", other)`` writes the page ``other`` instead."""

    def take(name: str, on: Page | None = None) -> Path:
        path = screenshots / f"{name}-{width}.png"
        (on or page).screenshot(path=str(path), full_page=True)
        return path

    return take


# -- accessibility ------------------------------------------------------------------------------
AXE_SCRIPT = AXE_FILE_PATH.read_text(encoding="utf-8")


def _assert_accessible(page: Page) -> None:
    """Run axe-core on the page as it is now, with the WCAG 2.1 A and AA rules; fail listing
    every violation, its impact, its help page and the elements it was found on."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    results: dict[str, Any] = page.evaluate("options => window.axe.run(document, options)", options)
    violations = results["violations"]
    if violations:
        lines = [f"{len(violations)} WCAG 2.1 AA violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']}"
                f" <{violation['helpUrl']}>"
            )
            for node in violation["nodes"]:
                lines.append(f"    at {' '.join(node['target'])}: {node['html'][:160]}")
                if node.get("failureSummary"):
                    summary = " ".join(node["failureSummary"].split())
                    lines.append(f"      {summary}")
        pytest.fail("\n".join(lines), pytrace=False)


@pytest.fixture(scope="session")
def assert_accessible() -> Callable[[Page], None]:
    """``assert_accessible(page)``: axe-core's WCAG 2.1 A and AA rules pass on the page as it is."""
    return _assert_accessible
