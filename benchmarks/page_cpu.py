"""CPU time of the applicant pages per request, in process: what each page costs the server,
whatever else the machine's cores are doing (issue 15, point 15).

Run from the repository root::

    .venv/bin/python -m benchmarks.page_cpu                        # PostgreSQL, 300 requests a page
    .venv/bin/python -m benchmarks.page_cpu --backend sqlite --requests 500
    .venv/bin/python -m benchmarks.page_cpu --reuse pages.db       # SQLite, prepared once
    .venv/bin/python -m benchmarks.page_cpu --profile /katalog     # and the page's profile

The database is prepared as ``benchmarks.web_load`` prepares it (the demo region with
``--applicants``, a published preliminary round, applicant accounts with the production
argon2id parameters; only one account here). The web application is built in this process as
a worker builds it (``bootstrap.web_app``) and driven through ASGI directly, without a network
or an HTTP client (a general client such as httpx would cost about as much CPU as a page): one
applicant signs in through the form, and then each page of ``web_load.MIX`` is requested
``--requests`` times after ``WARM_UP`` untimed ones, one at a time. Printed per page: the
process's CPU time per request (every thread of it: the event loop, the handler's worker
thread; the database server's own CPU, on PostgreSQL, is not in it) and the wall time per
request, the CPU of a sign-in through the form (both requests), and of one password check
with the production argon2id parameters and with the minimum of OWASP's password storage cheat
sheet, for comparison. CPU time is robust on a shared machine, unlike wall time, but not exact:
take figures to compare from the same moment of the machine, alternating.

``--reuse FILE`` keeps the prepared database in a SQLite file (prepared if it does not exist),
so that runs to compare need not prepare it again. ``--profile PAGE`` runs that page's timed
requests again under cProfile, with the handlers on the event loop's thread (cProfile sees one
thread), and prints its 30 costliest functions by cumulative and by own time
(``--profile-file`` keeps the profile for ``pstats``).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import re
import secrets
import statistics
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import anyio.to_thread
import argon2
from fastapi import FastAPI

from benchmarks.final_round import _database, _progress
from benchmarks.web_load import MIX, PASSWORD, SIGN_IN, Options, _prepare
from samverka import bootstrap
from samverka.config import Settings

WARM_UP = 20
CSRF_FIELD = re.compile(rb'name="csrf_token" value="([^"]+)"')
# OWASP Password Storage Cheat Sheet, argon2id's minimum: m=19 MiB, t=2, p=1.
OWASP_MINIMUM = {"time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1}


@dataclass(frozen=True, slots=True)
class PageCost:
    path: str
    cpu_ms: float  # the process's CPU per request
    wall_ms: float  # wall time per request, on this machine at this moment
    size: int  # the answer's body in bytes


class Client:
    """Speaks ASGI to ``app`` directly: one request at a time, cookies kept."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.cookies: dict[str, str] = {}

    async def request(
        self, method: str, path: str, body: bytes = b"", form: bool = False
    ) -> tuple[int, bytes]:
        target, _, query = path.partition("?")
        headers = [(b"host", b"localhost"), (b"accept", b"text/html")]
        if self.cookies:
            cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
            headers.append((b"cookie", cookie.encode()))
        if form:
            headers.append((b"content-type", b"application/x-www-form-urlencoded"))
            headers.append((b"content-length", str(len(body)).encode()))
        scope: dict[str, Any] = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": target,
            "raw_path": target.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": headers,
            "client": ("10.0.0.1", 50000),
            "server": ("localhost", 80),
        }
        sent = False
        status = 0
        chunks: list[bytes] = []

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:
                await asyncio.sleep(3600)
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                for name, value in message.get("headers", []):
                    if name.lower() == b"set-cookie":
                        self._keep(value.decode("latin-1"))
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, send)
        return status, b"".join(chunks)

    def _keep(self, header: str) -> None:
        key, _, value = header.split(";", 1)[0].partition("=")
        if value and "max-age=0" not in header.lower():
            self.cookies[key.strip()] = value.strip()
        else:
            self.cookies.pop(key.strip(), None)

    async def sign_in(self, username: str) -> None:
        status, page = await self.request("GET", SIGN_IN)
        found = CSRF_FIELD.search(page)
        if status != 200 or found is None:
            raise SystemExit(f"no sign-in form: {status}")
        form = {"username": username, "password": PASSWORD, "csrf_token": found.group(1).decode()}
        status, _ = await self.request("POST", SIGN_IN, urlencode(form).encode(), form=True)
        if status != 303:
            raise SystemExit(f"{username} could not sign in: {status}")


@asynccontextmanager
async def _serving(app: FastAPI) -> AsyncIterator[None]:
    async with app.router.lifespan_context(app):
        yield


async def _measure(client: Client, path: str, requests: int) -> PageCost:
    for _ in range(WARM_UP):
        status, body = await client.request("GET", path)
        if status != 200:
            raise SystemExit(f"GET {path} answered {status}")
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(requests):
        await client.request("GET", path)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return PageCost(path, 1000 * cpu / requests, 1000 * wall / requests, len(body))


async def _run(
    app: FastAPI, requests: int, profile: str | None, dump: Path | None
) -> tuple[list[PageCost], float]:
    async with _serving(app):
        client = Client(app)
        await client.sign_in("user0")
        costs = [await _measure(client, path, requests) for path in dict.fromkeys(MIX)]
        cpu = time.process_time()
        for _ in range(3):
            await Client(app).sign_in("user0")
        sign_in_ms = 1000 * (time.process_time() - cpu) / 3
        if profile is not None:
            with _profiled(profile, dump):
                for _ in range(requests):
                    await client.request("GET", profile)
    return costs, sign_in_ms


@contextmanager
def _profiled(path: str, dump: Path | None) -> Iterator[None]:
    """Profile the event loop's thread, with the handlers run on it rather than on worker
    threads (cProfile sees one thread only)."""
    profiler = cProfile.Profile()
    on_threads = anyio.to_thread.run_sync
    anyio.to_thread.run_sync = _inline  # type: ignore[assignment]
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
        anyio.to_thread.run_sync = on_threads
        if dump is not None:
            profiler.dump_stats(dump)
        print(f"\nprofile of GET {path}")
        for order in ("cumulative", "tottime"):
            pstats.Stats(profiler).strip_dirs().sort_stats(order).print_stats(30)


async def _inline(function: Callable[..., Any], *args: Any, **_: Any) -> Any:
    return function(*args)


def _hash_cpu_ms(hasher: argon2.PasswordHasher, runs: int = 5) -> tuple[float, float]:
    """The CPU and wall milliseconds of one password check with ``hasher``'s parameters."""
    stored = hasher.hash(PASSWORD)
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(runs):
        hasher.verify(stored, PASSWORD)
    return (
        1000 * (time.process_time() - cpu) / runs,
        1000 * (time.perf_counter() - wall) / runs,
    )


@contextmanager
def _prepared(
    backend: str, postgres_url: str | None, reuse: Path | None, options: Options
) -> Iterator[str]:
    """The prepared database's URL: ``reuse`` (a SQLite file, prepared if it does not exist),
    or a fresh database of ``backend``."""
    if reuse is not None:
        url = f"sqlite:///{reuse}"
        if not reuse.exists():
            _prepare(url, options)
        yield url
        return
    with _database(backend, postgres_url) as (url, description):
        _progress(f"  database: {description}")
        _prepare(url, options)
        yield url


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--postgres-url", default=None)
    parser.add_argument("--applicants", type=int, default=3000)
    parser.add_argument("--requests", type=int, default=300, help="timed requests of each page")
    parser.add_argument(
        "--reuse", type=Path, default=None, help="a SQLite file prepared before, or to prepare"
    )
    parser.add_argument("--profile-file", type=Path, default=None, help="where to keep it")
    parser.add_argument("--profile", default=None, help="a page to profile, e.g. /katalog")
    args = parser.parse_args(argv)
    options = Options(args.applicants, 1, 1, 0.0, 0, args.postgres_url)
    with _prepared(args.backend, args.postgres_url, args.reuse, options) as url:
        settings = Settings(
            database_url=url, environment="development", secret_key=secrets.token_urlsafe(48)
        )
        app = bootstrap.web_app(settings)
        costs, sign_in_ms = asyncio.run(_run(app, args.requests, args.profile, args.profile_file))
    backend = "sqlite" if args.reuse is not None else args.backend
    print(f"\n{backend}, {args.applicants:,} applicants, {args.requests} requests a page")
    print(f"{'page':<34} {'CPU ms/request':>15} {'wall ms/request':>16} {'bytes':>8}")
    for cost in costs:
        print(f"{cost.path:<34} {cost.cpu_ms:>15.2f} {cost.wall_ms:>16.2f} {cost.size:>8,}")
    mean = statistics.fmean(cost.cpu_ms for cost in costs)
    mix = statistics.fmean(next(c.cpu_ms for c in costs if c.path == path) for path in MIX)
    print(f"{'mean of the pages':<34} {mean:>15.2f}")
    print(f"{'the mix (web_load.MIX)':<34} {mix:>15.2f}")
    print(f"{'a sign-in through the form':<34} {sign_in_ms:>15.2f}")
    for name, hasher in (
        ("argon2id, production parameters", argon2.PasswordHasher()),
        ("argon2id, OWASP minimum", argon2.PasswordHasher(**OWASP_MINIMUM)),
    ):
        cpu_ms, wall_ms = _hash_cpu_ms(hasher)
        m, t, p = hasher.memory_cost // 1024, hasher.time_cost, hasher.parallelism
        print(
            f"{name} (m={m} MiB, t={t}, p={p}): {cpu_ms:.1f} ms CPU, {wall_ms:.1f} ms wall a check"
        )


if __name__ == "__main__":
    main()
