"""The demo region and every page each of its roles can open, shared by the page benchmark
(``benchmarks.pages``, which times them) and the statement guard
(``tests/app/test_page_statements.py``, which counts their SQL statements).

``build_region`` makes the demo region (``samverka demo --no-serve``, the example price list
and a compensation run for September, so that the money's pages have lines to show).
``signed_in`` signs a TestClient in through the form as one demo account. ``pages_of`` finds a
role's pages: every page whose address has no parameter in its path (those the role may not
open answer 403 and are left out), the workplace a picker offers (the officer works in the
demo municipality's place, and in the first school's), and, breadth-first, every page their
links lead to (never a form, a file or a switch of language), keeping the first address of
each route with each set of query parameters (``page_name``), so that the pages with
parameters are reached with those the role's own links give (a round, a month, a school's
offering, a person).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from typing import Final
from urllib.parse import parse_qsl, urlsplit

from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Match, Route
from typer.testing import CliRunner

from samverka.cli import app as cli
from samverka.demo import DEMO_MUNICIPALITY, DEMO_PASSWORD

PRICE_LIST: Final = Path("docs/examples/price-list-2026.csv")
COMPENSATION_MONTH: Final = "2026-09"
# The demo's accounts (``samverka.demo``): one per role.
ACCOUNTS: Final = (
    "handlaggare",
    "analytiker",
    "kansli",
    "styrelse",
    "sokande",
    "syv",
    "skola",
    "kommun",
)
LINK: Final = re.compile(r'<a\b[^>]*?\bhref="([^"]+)"', re.IGNORECASE)
# Links that are not pages: files, a switch of language, the API's documentation.
NOT_PAGES: Final = re.compile(
    r"(/fil$|\.(csv|xlsx|pdf|ics|json)$|^/sprak/|^/api/|^/docs|^/static/|/export$|/handlingar/"
    r"|^/logga-in$)"
)
PICKER: Final = re.compile(
    r'<form method="get" action="([^"]+)"[^>]*>(?:(?!</form>).)*?<select[^>]*name="([^"]+)"[^>]*>'
    r"(.*?)</select>",
    re.DOTALL,
)
OPTION: Final = re.compile(r'<option value="([^"]+)"')
MAX_PAGES_PER_ROLE: Final = 400


def build_region(database: Path, applicants: int) -> None:
    """The demo region of ``applicants`` in ``database`` (made afresh), with the example price
    list and a compensation run for September."""
    made = CliRunner().invoke(
        cli,
        ["demo", "--no-serve", "--database", str(database), "--applicants", str(applicants)],
    )
    if made.exit_code != 0:
        raise RuntimeError(f"samverka demo failed: {made.output}")
    samverka = str(Path(sys.executable).with_name("samverka"))
    env = {**os.environ, "SAMVERKA_DATABASE_URL": f"sqlite:///{database}"}
    steps = [
        ["prices", "import", str(PRICE_LIST), "--year", "2026"],
        ["compensation", "run", "--month", COMPENSATION_MONTH],
    ]
    for step in steps:
        subprocess.run([samverka, *step], env=env, check=True, stdout=subprocess.DEVNULL)


@contextmanager
def signed_in(app: FastAPI, username: str) -> Iterator[TestClient]:
    """A TestClient of ``app`` signed in through the form as the demo account ``username``."""
    with TestClient(app, follow_redirects=False, raise_server_exceptions=False) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/logga-in").text)
        assert token is not None, "no CSRF field on the sign-in page"
        data = {"username": username, "password": DEMO_PASSWORD, "csrf_token": token[1]}
        answer = client.post("/logga-in", data=data)
        if answer.status_code != 303:
            raise SystemExit(f"{username} could not sign in: {answer.status_code}")
        yield client


def pages_of(app: FastAPI, client: TestClient) -> list[tuple[str, str]]:
    """Every page the signed-in role may open: each page without parameters in its path, the
    workplaces its pickers offer, and what their links lead to (the page's name, its first
    address), by name. A page that fails (5xx) is kept, to be reported."""
    starts = [
        route.path
        for route in routes(app.routes)
        if "GET" in (route.methods or ())
        and "{" not in route.path
        and not NOT_PAGES.search(route.path)
    ]
    found: dict[str, str] = {}
    queue, seen = deque(starts), set[str]()
    while queue and len(seen) < MAX_PAGES_PER_ROLE:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        name = page_name(app, url)
        if name is None or name in found:
            continue
        answer = client.get(url)
        if answer.status_code >= 500:
            found[name] = url
        if answer.status_code != 200 or "text/html" not in answer.headers.get("content-type", ""):
            continue
        found[name] = url
        queue.extend(_links(answer.text))
        queue.extend(_workplaces(url, answer.text))
    return sorted(found.items())


def _workplaces(url: str, html: str) -> Iterable[str]:
    """The page in a workplace the officer may choose on it (the workplace picker, a form
    that asks with ``GET`` for one ``<select>``): the demo municipality's, or the first."""
    picker = PICKER.search(html)
    if picker is None or "?" in url:
        return
    action, name, options = picker.groups()
    values = OPTION.findall(options)
    if values:
        chosen = DEMO_MUNICIPALITY if DEMO_MUNICIPALITY in values else values[0]
        yield f"{unescape(action)}?{name}={chosen}"


def _links(html: str) -> Iterable[str]:
    for href in LINK.findall(html):
        url = unescape(href).split("#", 1)[0]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if NOT_PAGES.search(parts.path):
            continue
        yield url


def page_name(app: FastAPI, url: str) -> str | None:
    """The route's path with the query's parameter names (``/statistik?round``); None when no
    page answers ``GET`` there."""
    parts = urlsplit(url)
    scope = {"type": "http", "path": parts.path, "method": "GET", "root_path": ""}
    for route in routes(app.routes):
        if route.matches(scope)[0] is Match.FULL:
            keys = sorted({key for key, _ in parse_qsl(parts.query)})
            return route.path + (f"?{'&'.join(keys)}" if keys else "")
    return None


def routes(found: Iterable[BaseRoute]) -> Iterable[Route]:
    """The application's routes, also those of the routers it includes."""
    for route in found:
        included = getattr(route, "original_router", None)  # FastAPI's included router
        if included is not None:
            yield from routes(included.routes)
        elif isinstance(route, Route):
            yield route
