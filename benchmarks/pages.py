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
account (every role) signs in through the form. Each client then finds its pages as
``benchmarks.page_discovery`` does for the statement guard too (every page without parameters
in its path, the officer's workplaces, and what their links lead to). Every page is then
requested ``--runs`` times after one warm-up request, with the FastAPI TestClient
(in process: the time is the server's, without a network). Printed: a table of page (the route
and its parameters), role, median and p95 time and the answer's status, slowest first, and the
pages over the budget (``--budget``, 200 ms). The exit status is 1 when any page is over it
(or answered with an error), unless ``--report-only``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from fastapi.testclient import TestClient

from benchmarks.page_discovery import ACCOUNTS, build_region, pages_of, signed_in
from samverka import bootstrap
from samverka.config import Settings
from samverka.demo import demo_secret_key

BUDGET_MS: Final = 200.0


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
        _progress(f"  building the demo region in {args.database}")
        build_region(args.database, args.applicants)
    settings = Settings(
        database_url=f"sqlite:///{args.database}",
        environment="development",
        secret_key=demo_secret_key(args.database),
    )
    app = bootstrap.web_app(settings)
    results: list[Measured] = []
    for username in (args.role,) if args.role else ACCOUNTS:
        with signed_in(app, username) as client:
            pages = pages_of(app, client)
            if args.only:
                pages = [(page, url) for page, url in pages if args.only in url]
            _progress(f"  {username}: {len(pages)} pages")
            results.extend(_measure(client, username, pages, args.runs))
    over = [m for m in results if m.median_ms > args.budget or m.status >= 400]
    print(_report(results, over, args.budget))
    return 0 if args.report_only or not over else 1


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
