"""The machine's ceiling for the applicant pages under load (issue 15, point 15): the load
generator, server and worker count of ``benchmarks.web_load`` against an application that does
no work, and the CPU one sign-in costs with the production password parameters.

Run from the repository root::

    .venv/bin/python -m benchmarks.web_ceiling                 # 2 workers, 50 users, 10 s
    .venv/bin/python -m benchmarks.web_ceiling --app template  # a Jinja page of the same size
    .venv/bin/python -m benchmarks.web_ceiling --workers 1 --seconds 5

``--app empty`` answers every ``GET`` with a fixed HTML body of an applicant page's size
(``BODY_BYTES``) from a FastAPI route: no session, no database, no template. ``--app template``
renders that body from a Jinja template with a loop, as the pages do, still without a session or
a database. Both are served by uvicorn with ``--workers N``, no access log, on loopback, and
driven by ``--users`` keep-alive connections of ``benchmarks.web_load``'s generator, which
shares the machine's cores with the server as it does there. Printed: requests per second and
latency percentiles, against ``benchmarks.web_load``'s targets (≥ 1,000 requests/s, p99 <
100 ms), and the CPU time of one argon2id verification with the production parameters
(``benchmarks.page_cpu``'s check), with what the mix's sign-ins (one in ``--sign-in-every``
requests) would take of the machine's cores at the target rate.

Whatever the applicant pages do (a session, an account, the database, translations, templates,
security headers) comes on top of this ceiling: a page cannot be served faster here than this
application is.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time

import argon2
import httpx2
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from jinja2 import Environment

from benchmarks.page_cpu import _hash_cpu_ms
from benchmarks.web_load import (
    START_WITHIN,
    TARGET_P99_MS,
    TARGET_RPS,
    _arrive,
    _Connection,
    _percentiles,
)

BODY_BYTES = 9_000  # about the size of /min-ansokan for a demo applicant
ROW = "<tr><td>Val {n}</td><td>Naturvetenskapsprogrammet</td><td>Norra gymnasiet</td></tr>\n"
ROWS = BODY_BYTES // len(ROW.format(n=10))
BODY = "<!doctype html><html lang=sv><body><table>\n" + "".join(
    ROW.format(n=n) for n in range(ROWS)
)
TEMPLATE = Environment(autoescape=True).from_string(
    "<!doctype html><html lang=sv><body><table>\n{% for n in rows %}"
    "<tr><td>Val {{ n }}</td><td>{{ programme }}</td><td>{{ school }}</td></tr>\n{% endfor %}"
)
PATH = "/sida"
app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


@app.get(PATH, response_class=HTMLResponse)
def page() -> str:
    """The fixed body: no work but the framework's."""
    return BODY


@app.get(PATH + "/mall", response_class=HTMLResponse)
def templated() -> str:
    """The same body rendered from a Jinja template."""
    return TEMPLATE.render(
        rows=range(ROWS), programme="Naturvetenskapsprogrammet", school="Norra gymnasiet"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--app", choices=("empty", "template"), default="empty")
    parser.add_argument("--users", type=int, default=50, help="concurrent virtual users")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--seconds", type=float, default=10.0, help="timed phase")
    parser.add_argument("--sign-in-every", type=int, default=100, help="as in web_load's mix")
    args = parser.parse_args(argv)
    path = PATH if args.app == "empty" else PATH + "/mall"
    with _Served(args.workers) as base:
        latencies, elapsed = asyncio.run(_load(base, path, args.users, args.seconds))
    rps = len(latencies) / elapsed
    p99 = 1000 * sorted(latencies)[int(0.99 * (len(latencies) - 1))]
    print(f"a page that does no work ({args.app}), {args.users} users, {args.workers} worker(s)")
    print(f"  requests {len(latencies)} in {elapsed:.1f} s: {rps:.0f} requests/s")
    print(f"  {_percentiles(latencies)}")
    met = rps >= TARGET_RPS and p99 < TARGET_P99_MS
    print(f"  the pages' target (≥ {TARGET_RPS:.0f} requests/s, p99 < {TARGET_P99_MS:.0f} ms)")
    print(f"  {'reachable' if met else 'NOT reachable'} even without any page's work")
    cpu = _hash_cpu_ms(argon2.PasswordHasher())[0] / 1000  # the production parameters
    print(f"one sign-in (argon2id, production parameters): {1000 * cpu:.0f} ms CPU")
    if args.sign_in_every:
        # every --sign-in-every'th turn a user signs in (two requests) instead of a page
        per_second = TARGET_RPS / (args.sign_in_every + 1)
        print(
            f"  at {TARGET_RPS:.0f} requests/s with a sign-in every {args.sign_in_every}: "
            f"{per_second:.0f} sign-ins/s take {per_second * cpu:.2f} of "
            f"{os.cpu_count()} cores"
        )


class _Served:
    """uvicorn serving this module's application with ``workers`` processes on a free loopback
    port, stopped on leaving."""

    def __init__(self, workers: int) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.workers = workers
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> str:
        command = [sys.executable, "-m", "uvicorn", "benchmarks.web_ceiling:app"]
        command += ["--port", str(self.port), "--workers", str(self.workers)]
        command += ["--no-access-log", "--no-server-header", "--log-level", "warning"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + START_WITHIN
        while time.monotonic() < deadline:
            try:
                if httpx2.get(base + PATH).status_code == 200:
                    time.sleep(1.0)  # every worker up, not only the first
                    return base
            except httpx2.HTTPError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"uvicorn did not start within {START_WITHIN} s")

    def __exit__(self, *_: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


async def _load(base: str, path: str, users: int, seconds: float) -> tuple[list[float], float]:
    connections: list[_Connection] = [await _arrive(base) for _ in range(users)]
    host = base.removeprefix("http://")
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/html\r\n\r\n".encode()
    latencies: list[float] = []
    started = time.perf_counter()
    deadline = started + seconds

    async def user(connection: _Connection) -> None:
        while time.perf_counter() < deadline:
            sent = time.perf_counter()
            status = await connection.get(request)
            if status != 200:
                raise SystemExit(f"GET {path} answered {status}")
            latencies.append(time.perf_counter() - sent)

    await asyncio.gather(*(user(connection) for connection in connections))
    elapsed = time.perf_counter() - started
    await asyncio.gather(*(connection.close() for connection in connections))
    return latencies, elapsed


if __name__ == "__main__":
    main()
