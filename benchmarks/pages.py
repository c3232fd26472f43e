"""Server time of every page of every role on a region of demo size, against the page budget.

Run from the repository root::

    .venv/bin/python -m benchmarks.pages                       # build the demo region, measure
    .venv/bin/python -m benchmarks.pages --reuse               # measure an existing demo database
    .venv/bin/python -m benchmarks.pages --reuse --report-only --runs 9
    .venv/bin/python -m benchmarks.pages --reuse --role kommun     # one demo account's pages

The region is the demo's (``samverka demo --no-serve``: 30,000 applicants, four published
rounds, the youth register and the association's affairs) with the example price list and a
compensation run for September, so that the money's pages have lines to show. It is built in
``--database`` (default ``samverka-demo.db``) unless ``--reuse`` is given and the file exists.

The web application is built in this process on that database, and one client per demo
account (every role) signs in through the form. Each client then finds its pages: every page
whose address has no parameter in its path (those the role may not open answer 403 and are left
out), the workplace a picker offers (the officer works in the demo municipality's place, and in
the first school's), and, breadth-first, every page their links lead to (never a form, a file or
a switch of language), keeping the first address of each route with each set of query
parameters, so that the pages with parameters are measured with those the role's own links give
(a round, a month, a school's offering, a person). Every
page is then requested ``--runs`` times after one warm-up request, with the FastAPI TestClient
(in process: the time is the server's, without a network). Printed: a table of page (the route
and its parameters), role, median and p95 time and the answer's status, slowest first, and the
pages over the budget (``--budget``, 200 ms). The exit status is 1 when any page is over it
(or answered with an error), unless ``--report-only``.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Final
from urllib.parse import parse_qsl, urlsplit

from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Match, Route

from samverka import bootstrap
from samverka.config import Settings
from samverka.demo import DEMO_MUNICIPALITY, DEMO_PASSWORD, demo_secret_key

BUDGET_MS: Final = 200.0
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
    r'<form method="get" action="([^"]+)"[^>]*>.*?<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>',
    re.DOTALL,
)
OPTION: Final = re.compile(r'<option value="([^"]+)"')
MAX_PAGES_PER_ROLE: Final = 400


@dataclass(frozen=True, slots=True)
class Measured:
    page: str  # the route and its query parameters' names
    url: str
    role: str
    status: int
    median_ms: float
    p95_ms: float


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", type=Path, default=Path("samverka-demo.db"))
    parser.add_argument("--reuse", action="store_true", help="measure an existing database")
    parser.add_argument("--applicants", type=int, default=30_000, help="when building")
    parser.add_argument("--runs", type=int, default=5, help="timed requests of each page")
    parser.add_argument("--budget", type=float, default=BUDGET_MS, help="milliseconds")
    parser.add_argument("--report-only", action="store_true", help="exit 0 over the budget")
    parser.add_argument("--only", default=None, help="measure only pages whose address has this")
    parser.add_argument("--role", choices=ACCOUNTS, help="measure only this demo account's pages")
    args = parser.parse_args(argv)
    if not (args.reuse and args.database.exists()):
        _build(args.database, args.applicants)
    settings = Settings(
        database_url=f"sqlite:///{args.database}",
        environment="development",
        secret_key=demo_secret_key(args.database),
    )
    app = bootstrap.web_app(settings)
    results: list[Measured] = []
    for username in (args.role,) if args.role else ACCOUNTS:
        with _signed_in(app, username) as client:
            pages = _pages_of(app, client, username)
            if args.only:
                pages = [(page, url) for page, url in pages if args.only in url]
            _progress(f"  {username}: {len(pages)} pages")
            results.extend(_measure(client, username, pages, args.runs))
    over = [m for m in results if m.median_ms > args.budget or m.status >= 400]
    print(_report(results, over, args.budget))
    return 0 if args.report_only or not over else 1


# -- the region -------------------------------------------------------------------------------
def _build(database: Path, applicants: int) -> None:
    """The demo region in ``database``, with a compensation run for September."""
    samverka = str(Path(sys.executable).with_name("samverka"))
    env = {**os.environ, "SAMVERKA_DATABASE_URL": f"sqlite:///{database}"}
    steps = [
        ["demo", "--no-serve", "--database", str(database), "--applicants", str(applicants)],
        ["prices", "import", str(PRICE_LIST), "--year", "2026"],
        ["compensation", "run", "--month", COMPENSATION_MONTH],
    ]
    for step in steps:
        _progress(f"  samverka {' '.join(step)}")
        subprocess.run([samverka, *step], env=env, check=True, stdout=subprocess.DEVNULL)


@contextmanager
def _signed_in(app: FastAPI, username: str) -> Iterator[TestClient]:
    """A TestClient of ``app`` signed in through the form as ``username``."""
    with TestClient(app, follow_redirects=False, raise_server_exceptions=False) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/logga-in").text)
        assert token is not None, "no CSRF field on the sign-in page"
        data = {"username": username, "password": DEMO_PASSWORD, "csrf_token": token[1]}
        answer = client.post("/logga-in", data=data)
        if answer.status_code != 303:
            raise SystemExit(f"{username} could not sign in: {answer.status_code}")
        yield client


# -- the pages of a role ----------------------------------------------------------------------
def _pages_of(app: FastAPI, client: TestClient, username: str) -> list[tuple[str, str]]:
    """Every page the role may open: each page without parameters in its path, the workplaces
    its pickers offer, and what their links lead to (the page's name, its first address)."""
    starts = [
        route.path
        for route in _routes(app.routes)
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
        name = _page_name(app, url)
        if name is None or name in found:
            continue
        answer = client.get(url)
        if answer.status_code >= 500:  # a page that fails is measured, and reported
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


def _page_name(app: FastAPI, url: str) -> str | None:
    """The route's path with the query's parameter names (``/statistik?round``); None when no
    page answers ``GET`` there."""
    parts = urlsplit(url)
    scope = {"type": "http", "path": parts.path, "method": "GET", "root_path": ""}
    for route in _routes(app.routes):
        if route.matches(scope)[0] is Match.FULL:
            keys = sorted({key for key, _ in parse_qsl(parts.query)})
            return route.path + (f"?{'&'.join(keys)}" if keys else "")
    return None


def _routes(routes: Iterable[BaseRoute]) -> Iterable[Route]:
    """The application's routes, also those of the routers it includes."""
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI's included router
        if included is not None:
            yield from _routes(included.routes)
        elif isinstance(route, Route):
            yield route


# -- measuring --------------------------------------------------------------------------------
def _measure(
    client: TestClient, role: str, pages: Sequence[tuple[str, str]], runs: int
) -> Iterable[Measured]:
    for page, url in pages:
        client.get(url)  # warm-up: templates compiled, caches filled
        times, status = [], 0
        for _ in range(runs):
            started = time.perf_counter()
            status = client.get(url).status_code
            times.append((time.perf_counter() - started) * 1000)
        yield Measured(page, url, role, status, statistics.median(times), _p95(times))


def _p95(times: Sequence[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _report(results: Sequence[Measured], over: Sequence[Measured], budget: float) -> str:
    width = max([len(m.page) for m in results] + [4])
    lines = [
        f"{'page':<{width}}  {'role':<12} {'median':>9} {'p95':>9} {'status':>6}",
        "-" * (width + 42),
    ]
    for m in sorted(results, key=lambda m: -m.median_ms):
        lines.append(
            f"{m.page:<{width}}  {m.role:<12} {m.median_ms:>7.1f}ms {m.p95_ms:>7.1f}ms"
            f" {m.status:>6}"
        )
    lines.append("")
    lines.append(f"{len(results)} pages measured; budget {budget:.0f} ms (median server time).")
    if over:
        lines.append(f"{len(over)} over the budget or answering with an error:")
        lines.extend(f"  {m.role:<12} {m.url} ({m.median_ms:.0f} ms, {m.status})" for m in over)
    else:
        lines.append("Every page is within the budget.")
    return "\n".join(lines)


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
