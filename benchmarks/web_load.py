"""Load benchmark of the web application: applicants viewing their application page at opening.

Run from the repository root::

    .venv/bin/python -m benchmarks.web_load                      # 2 workers, 50 users, 20 s
    .venv/bin/python -m benchmarks.web_load --workers 1 --users 20 --seconds 10
    .venv/bin/python -m benchmarks.web_load --postgres-url postgresql://user@host/postgres

A fresh PostgreSQL database (a throwaway local server, as ``benchmarks.final_round`` makes one,
or ``--postgres-url``) is loaded with the demo region, and ``--users`` applicant accounts are
made with the production argon2id parameters. The web application is started as in production,
``samverka serve --workers N --no-access-log`` on loopback, with the default database pool
(``SAMVERKA_DATABASE_POOL_SIZE``, set it to try others) and a random ``SAMVERKA_SECRET_KEY``
(``SAMVERKA_ENVIRONMENT=development``, so that the session cookie is sent over plain HTTP).
Every virtual user signs in through the form once, before the clock starts (at most
``SIGN_INS_AT_ONCE`` at a time, as the password pool answers 503 to more), and then requests
``GET /min-ansokan`` on its own
keep-alive connection as fast as answers come, until ``--max-requests`` or ``--seconds``.
Anything but 200 is an error. Printed: requests per second, latency percentiles and errors
against the target (≥ 300 requests/s, p99 < 250 ms, no errors). The load generator shares the
machine's cores with the server, so it speaks just enough HTTP to cost them little.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx2

from benchmarks.final_round import _database, _progress
from samverka import bootstrap
from samverka.admission.demo import build_demo_region, loading_steps
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.unit_of_work import SqlUnitOfWork

PASSWORD = "benchmark-password-2026"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
TARGET_RPS = 300.0
TARGET_P99_MS = 250.0
PAGE = "/min-ansokan"
ARRIVAL = 0.02  # seconds between users' first connections: 50 users a second
SIGN_INS_AT_ONCE = 8  # within the password pool and its queue (2 + 16 per worker)


@dataclass(frozen=True, slots=True)
class Options:
    applicants: int
    users: int
    workers: int
    seconds: float
    max_requests: int
    postgres_url: str | None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--applicants", type=int, default=3000)
    parser.add_argument("--users", type=int, default=50, help="concurrent virtual users")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--seconds", type=float, default=20.0, help="longest timed phase")
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--postgres-url", default=None)
    args = parser.parse_args(argv)
    options = Options(
        args.applicants,
        args.users,
        args.workers,
        args.seconds,
        args.max_requests,
        args.postgres_url,
    )
    with _database("postgresql", options.postgres_url) as (url, description):
        _progress(f"  database: {description}")
        _prepare(url, options)
        with _Server(url, options.workers) as base:
            cookies = asyncio.run(_sign_in_all(base, options.users))
            latencies, errors, elapsed = asyncio.run(_load(base, cookies, options))
    _report(options, latencies, errors, elapsed)


def _prepare(url: str, options: Options) -> None:
    year = 2026
    uow = SqlUnitOfWork(bootstrap.database(Settings(database_url=url)))
    region = build_demo_region(year=year, applicants=options.applicants, seed=2026)
    officer = Actor("benchmark", Role.OFFICER, "benchmark")
    for label, action in loading_steps(uow, region, year=year, actor=officer):
        _progress(f"  {label}")
        action()
    _progress(f"  creating {options.users} applicant accounts (production argon2id)")
    hasher = Argon2idHasher()
    for index, pid in enumerate(list(region.applications)[: options.users]):
        create_account(
            uow,
            actor=officer,
            username=f"user{index}",
            display_name=f"Sökande {index}",
            role=Role.APPLICANT,
            password=PASSWORD,
            passwords=hasher,
            personal_id=pid,
            now=datetime(year, 1, 10, tzinfo=UTC),
        )


class _Server:
    """uvicorn with the application on a free loopback port, stopped on leaving."""

    def __init__(self, url: str, workers: int) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.env = {
            **os.environ,
            "SAMVERKA_DATABASE_URL": url,
            "SAMVERKA_ENVIRONMENT": "development",
            "SAMVERKA_SECRET_KEY": secrets.token_urlsafe(48),
        }
        self.workers = workers
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> str:
        samverka = Path(sys.executable).with_name("samverka")
        command = [str(samverka), "serve", "--port", str(self.port), "--no-access-log"]
        command += ["--workers", str(self.workers)]
        self.process = subprocess.Popen(command, env=self.env, stdout=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx2.get(f"{base}/logga-in").status_code == 200:
                    return base
            except httpx2.HTTPError:
                pass
            time.sleep(0.2)
        raise SystemExit("the web application did not start within 60 s")

    def __exit__(self, *_: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


async def _sign_in(base: str, index: int) -> str:
    """Sign ``user<index>`` in through the form, as a browser would; its session cookie."""
    async with httpx2.AsyncClient(base_url=base, timeout=30) as client:
        page = await client.get("/logga-in")
        found = CSRF_FIELD.search(page.text)
        assert found is not None, "no CSRF field on the sign-in page"
        form = {"username": f"user{index}", "password": PASSWORD, "csrf_token": found.group(1)}
        answer = await client.post("/logga-in", data=form)
        if answer.status_code != 303:
            raise SystemExit(f"user{index} could not sign in: {answer.status_code}")
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


class _Connection:
    """One user's keep-alive HTTP/1.1 connection, speaking just enough HTTP for ``GET``: a
    generator that costs the shared cores little (a general client such as httpx spends about
    2 ms of CPU per request, which this machine's two cores would take from the server)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, base: str) -> _Connection:
        host, port = base.removeprefix("http://").split(":")
        return cls(*await asyncio.open_connection(host, int(port)))

    async def get(self, request: bytes) -> int:
        """Send ``request``; the answer's status, its body read and dropped."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
        if "content-length" not in headers:
            raise ValueError("the answer has no Content-Length")
        await self.reader.readexactly(int(headers["content-length"]))
        return int(lines[0].split(" ", 2)[1])

    async def close(self) -> None:
        self.writer.close()
        await self.writer.wait_closed()


async def _sign_in_all(base: str, users: int) -> list[str]:
    _progress(f"  signing in {users} users (not timed)")
    at_once = asyncio.Semaphore(SIGN_INS_AT_ONCE)

    async def sign_in(index: int) -> str:
        async with at_once:
            return await _sign_in(base, index)

    return list(await asyncio.gather(*(sign_in(i) for i in range(users))))


async def _arrive(base: str) -> _Connection:
    """A user's connection, ``ARRIVAL`` after the one before: users arrive over a ramp, as with
    a load generator's spawn rate, rather than in one burst that one worker process would
    accept whole (each takes all waiting connections at once and keeps them)."""
    await asyncio.sleep(ARRIVAL)
    return await _Connection.open(base)


async def _load(base: str, cookies: list[str], options: Options) -> tuple[list[float], int, float]:
    connections = [await _arrive(base) for _ in cookies]
    host = base.removeprefix("http://")
    latencies: list[float] = []
    errors = 0
    budget = options.max_requests
    started = time.perf_counter()
    deadline = started + options.seconds

    async def user(connection: _Connection, cookie: str) -> None:
        nonlocal errors, budget
        request = (
            f"GET {PAGE} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\nAccept: text/html\r\n\r\n"
        ).encode()
        while budget > 0 and time.perf_counter() < deadline:
            budget -= 1
            sent = time.perf_counter()
            try:
                ok = await connection.get(request) == 200
            except (OSError, ValueError, asyncio.IncompleteReadError):
                ok = False
                connection = await _Connection.open(base)
            latencies.append(time.perf_counter() - sent)
            errors += not ok

    _progress(f"  {options.users} users on GET {PAGE} for at most {options.seconds:.0f} s")
    await asyncio.gather(*(user(c, cookie) for c, cookie in zip(connections, cookies, strict=True)))
    elapsed = time.perf_counter() - started
    await asyncio.gather(*(connection.close() for connection in connections))
    return latencies, errors, elapsed


def _report(options: Options, latencies: list[float], errors: int, elapsed: float) -> None:
    ms = sorted(1000 * value for value in latencies)
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    rps = len(ms) / elapsed
    p50, p95, p99 = cuts[49], cuts[94], cuts[98]
    ok = rps >= TARGET_RPS and p99 < TARGET_P99_MS and errors == 0
    print(f"GET /min-ansokan, {options.users} users, {options.workers} uvicorn worker(s)")
    print(f"  requests {len(ms)} in {elapsed:.1f} s: {rps:.0f} requests/s (target ≥ 300)")
    print(f"  latency p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms (target p99 < 250)")
    print(f"  errors {errors} (target 0)")
    print(f"  target {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
