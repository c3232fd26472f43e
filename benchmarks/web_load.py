"""Load benchmark of the web application: applicants using their pages at opening, signing in
among them (issue 15, point 15).

Run from the repository root::

    .venv/bin/python -m benchmarks.web_load                      # 2 workers, 50 users, 20 s
    .venv/bin/python -m benchmarks.web_load --workers 1 --users 20 --seconds 10
    .venv/bin/python -m benchmarks.web_load --sign-in-every 0    # the pages only
    .venv/bin/python -m benchmarks.web_load --mode application   # GET /min-ansokan only
    .venv/bin/python -m benchmarks.web_load --postgres-url postgresql://user@host/postgres

A fresh PostgreSQL database (a throwaway local server, as ``benchmarks.final_round`` makes one,
or ``--postgres-url``) is loaded with the demo region, a preliminary round is run and published
(so that the result page has a result to show), and ``--users`` applicant accounts are made with
the production argon2id parameters. The web application is started as in production,
``samverka serve --workers N --no-access-log`` on loopback, with the default database pool
(``SAMVERKA_DATABASE_POOL_SIZE``, set it to try others) and a random ``SAMVERKA_SECRET_KEY``
(``SAMVERKA_ENVIRONMENT=development``, so that the session cookie is sent over plain HTTP),
behind the load generator as its trusted reverse proxy (``SAMVERKA_TRUSTED_PROXIES``), which
forwards each user's own address, so that the sign-in throttle counts each user alone.
Every virtual user signs in through the form once, before the clock starts (at most
``SIGN_INS_AT_ONCE`` at a time, as the password pool answers 503 to more), and then makes
requests on its own keep-alive connection as fast as answers come, until ``--max-requests`` or
``--seconds``:

* ``--mode mix`` (the default): the applicant pages in turn, ``MIX`` (the application page
  twice, the result page, the catalogue and a free-text search of it), each user starting at
  its own place in the turn; and every ``--sign-in-every`` requests (100; 0: never) the user
  signs in anew as a new visit would, through the form with the production argon2id
  parameters: ``GET /logga-in`` for the form and its CSRF cookie, then ``POST /logga-in``,
  whose new session cookie the user goes on with. Both requests count.
* ``--mode application``: ``GET /min-ansokan`` only, without sign-ins (the benchmark as it was
  before point 15).

A page answers 200 and a sign-in 303; anything else is an error, counted by request and status
(0: no answer; a 503 to a sign-in: the password pool was full). Printed: requests per second,
latency percentiles of the pages and of the sign-ins' requests, and errors, against the target
(≥ 1,000 requests/s, the pages' p99 < 100 ms, no errors). The load generator shares the
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
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import httpx2

from benchmarks.final_round import _database, _progress
from samverka import bootstrap
from samverka.admission.demo import build_demo_region, loading_steps
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.services.rounds import publish_round, run_round
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.unit_of_work import SqlUnitOfWork

PASSWORD = "benchmark-password-2026"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
TARGET_RPS = 1000.0
TARGET_P99_MS = 100.0
APPLICATION = "/min-ansokan"
MIX = (APPLICATION, "/mitt-resultat", APPLICATION, "/katalog", "/katalog?q=ekonomi+gymnasium")
SIGN_IN = "/logga-in"
ARRIVAL = 0.02  # seconds between users' first connections: 50 users a second
SIGN_INS_AT_ONCE = 8  # within the password pool and its queue (2 + 16 per worker)
START_WITHIN = 180  # seconds: the workers import the application on two busy cores


@dataclass(frozen=True, slots=True)
class Options:
    applicants: int
    users: int
    workers: int
    seconds: float
    max_requests: int
    postgres_url: str | None
    mode: str = "mix"
    sign_in_every: int = 100


@dataclass(slots=True)
class Figures:
    """What the timed phase measured: each request's latency, by kind, and the errors."""

    pages: list[float] = field(default_factory=list)
    sign_ins: list[float] = field(default_factory=list)  # both requests of each sign-in
    errors: Counter[str] = field(default_factory=Counter)  # by request and status (0: none)
    elapsed: float = 0.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--applicants", type=int, default=3000)
    parser.add_argument("--users", type=int, default=50, help="concurrent virtual users")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--seconds", type=float, default=20.0, help="longest timed phase")
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument("--postgres-url", default=None)
    parser.add_argument(
        "--mode",
        choices=("mix", "application"),
        default="mix",
        help="the applicant pages with sign-ins, or GET /min-ansokan only",
    )
    parser.add_argument(
        "--sign-in-every",
        type=int,
        default=100,
        help="requests between a user's sign-ins in the mix (0: none)",
    )
    args = parser.parse_args(argv)
    options = Options(
        args.applicants,
        args.users,
        args.workers,
        args.seconds,
        args.max_requests,
        args.postgres_url,
        args.mode,
        args.sign_in_every if args.mode == "mix" else 0,
    )
    with _database("postgresql", options.postgres_url) as (url, description):
        _progress(f"  database: {description}")
        _prepare(url, options)
        with _Server(url, options.workers) as base:
            cookies = asyncio.run(_sign_in_all(base, options.users))
            figures = asyncio.run(_load(base, cookies, options))
    _report(options, figures)


def _prepare(url: str, options: Options) -> None:
    year = 2026
    uow = SqlUnitOfWork(bootstrap.database(Settings(database_url=url)))
    region = build_demo_region(year=year, applicants=options.applicants, seed=2026)
    officer = Actor("benchmark", Role.OFFICER, "benchmark")
    for label, action in loading_steps(uow, region, year=year, actor=officer):
        _progress(f"  {label}")
        action()
    _progress("  running and publishing a preliminary round")
    run_at = datetime(year, 4, 1, tzinfo=UTC)
    summary = run_round(
        uow, year=year, kind=RoundKind.PRELIMINARY, seed=2026, actor=officer, now=run_at
    )
    publish_round(uow, year=year, round_id=summary.round_id, actor=officer, now=run_at)
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


_Response = tuple[int, list[tuple[str, str]], bytes]


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
            "SAMVERKA_TRUSTED_PROXIES": "127.0.0.1",  # the generator as the users' proxy
        }
        self.workers = workers
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> str:
        samverka = Path(sys.executable).with_name("samverka")
        command = [str(samverka), "serve", "--port", str(self.port), "--no-access-log"]
        command += ["--workers", str(self.workers)]
        self.process = subprocess.Popen(command, env=self.env, stdout=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + START_WITHIN
        while time.monotonic() < deadline:
            try:
                if httpx2.get(f"{base}/logga-in").status_code == 200:
                    return base
            except httpx2.HTTPError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"the web application did not start within {START_WITHIN} s")

    def __exit__(self, *_: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


async def _sign_in(base: str, index: int) -> str:
    """Sign ``user<index>`` in through the form, as a browser would; its session cookie."""
    headers = {"X-Forwarded-For": _address(index)}
    async with httpx2.AsyncClient(base_url=base, timeout=30, headers=headers) as client:
        page = await client.get("/logga-in")
        found = CSRF_FIELD.search(page.text)
        assert found is not None, "no CSRF field on the sign-in page"
        form = {"username": f"user{index}", "password": PASSWORD, "csrf_token": found.group(1)}
        answer = await client.post("/logga-in", data=form)
        if answer.status_code != 303:
            raise SystemExit(f"user{index} could not sign in: {answer.status_code}")
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


class _Connection:
    """One user's keep-alive HTTP/1.1 connection, speaking just enough HTTP for a page and the
    sign-in form: a generator that costs the shared cores little (a general client such as httpx
    spends about 2 ms of CPU per request, which this machine's two cores would take from the
    server)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, base: str) -> _Connection:
        host, port = base.removeprefix("http://").split(":")
        return cls(*await asyncio.open_connection(host, int(port)))

    async def get(self, request: bytes) -> int:
        """Send ``request``; the answer's status, its body read and dropped."""
        status, _, _ = await self.exchange(request)
        return status

    async def exchange(self, request: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
        """Send ``request``; the answer's status, headers (names in lower case) and body."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = [
            (name.lower(), value)
            for name, _, value in (line.partition(": ") for line in lines[1:] if ": " in line)
        ]
        length = next((value for name, value in headers if name == "content-length"), None)
        if length is None:
            raise ValueError("the answer has no Content-Length")
        body = await self.reader.readexactly(int(length))
        return int(lines[0].split(" ", 2)[1]), headers, body

    async def close(self) -> None:
        self.writer.close()
        await self.writer.wait_closed()


def _cookies(jar: dict[str, str], headers: list[tuple[str, str]]) -> None:
    """Keep the cookies an answer sets in ``jar``, and forget those it clears."""
    for name, value in headers:
        if name == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, cookie = pair.partition("=")
            if cookie and "max-age=0" not in value.lower():
                jar[key.strip()] = cookie.strip()
            else:
                jar.pop(key.strip(), None)


def _address(index: int) -> str:
    """The address ``user<index>`` comes from, as the reverse proxy in front of the application
    forwards it: each user from its own, as applicants sign in from their homes (from one
    address, the sign-in throttle would count them all as one)."""
    return f"10.0.{index // 250}.{index % 250 + 1}"


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())


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


async def _load(base: str, cookies: list[str], options: Options) -> Figures:
    connections = [await _arrive(base) for _ in cookies]
    host = base.removeprefix("http://")
    figures = Figures()
    budget = options.max_requests
    started = time.perf_counter()
    deadline = started + options.seconds
    pages = MIX if options.mode == "mix" else (APPLICATION,)

    def page_request(path: str, jar: dict[str, str], index: int) -> bytes:
        return (
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {_cookie_header(jar)}\r\n"
            f"X-Forwarded-For: {_address(index)}\r\nAccept: text/html\r\n\r\n"
        ).encode()

    async def timed(connection: _Connection, request: bytes, into: list[float]) -> _Response:
        nonlocal budget
        budget -= 1
        sent = time.perf_counter()
        try:
            answer: _Response = await connection.exchange(request)
        except (OSError, ValueError, asyncio.IncompleteReadError):
            answer = (0, [], b"")
        into.append(time.perf_counter() - sent)
        return answer

    async def sign_in(connection: _Connection, index: int) -> dict[str, str] | None:
        """Sign ``user<index>`` in anew, as a new visit: the form, then its post; the new
        cookies, or ``None`` after an error."""
        jar: dict[str, str] = {}
        status, headers, body = await timed(
            connection, page_request(SIGN_IN, jar, index), figures.sign_ins
        )
        found = CSRF_FIELD.search(body.decode("utf-8", "replace"))
        if status != 200 or found is None:
            figures.errors[f"GET {SIGN_IN} {status}"] += 1
            return None
        _cookies(jar, headers)
        form = urlencode(
            {"username": f"user{index}", "password": PASSWORD, "csrf_token": found.group(1)}
        ).encode()
        post = (
            f"POST {SIGN_IN} HTTP/1.1\r\nHost: {host}\r\nCookie: {_cookie_header(jar)}\r\n"
            f"X-Forwarded-For: {_address(index)}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(form)}\r\nAccept: text/html\r\n\r\n"
        ).encode() + form
        status, headers, _ = await timed(connection, post, figures.sign_ins)
        if status != 303:
            figures.errors[f"POST {SIGN_IN} {status}"] += 1
            return None
        _cookies(jar, headers)
        return jar

    async def user(index: int, connection: _Connection, cookie: str) -> None:
        jar = dict(pair.split("=", 1) for pair in cookie.split("; ") if "=" in pair)
        turn = index
        while budget > 0 and time.perf_counter() < deadline:
            turn += 1
            if options.sign_in_every and turn % options.sign_in_every == 0:
                signed_in = await sign_in(connection, index)
                if signed_in is None:
                    connection = await _reopened(base, connection)
                else:
                    jar = signed_in
                continue
            path = pages[turn % len(pages)]
            status, _, _ = await timed(connection, page_request(path, jar, index), figures.pages)
            if status != 200:
                figures.errors[f"GET {path} {status}"] += 1
                if status == 0:
                    connection = await _reopened(base, connection)

    what = "the applicant pages" if options.mode == "mix" else f"GET {APPLICATION}"
    _progress(f"  {options.users} users on {what} for at most {options.seconds:.0f} s")
    await asyncio.gather(
        *(
            user(i, c, cookie)
            for i, (c, cookie) in enumerate(zip(connections, cookies, strict=True))
        )
    )
    figures.elapsed = time.perf_counter() - started
    await asyncio.gather(*(connection.close() for connection in connections))
    return figures


async def _reopened(base: str, connection: _Connection) -> _Connection:
    """A new connection instead of one an error may have left in a bad state."""
    connection.writer.close()
    return await _Connection.open(base)


def _percentiles(latencies: list[float]) -> str:
    if len(latencies) < 2:
        return "too few to tell"
    ms = statistics.quantiles([1000 * value for value in latencies], n=100, method="inclusive")
    return f"p50 {ms[49]:.1f} ms, p95 {ms[94]:.1f} ms, p99 {ms[98]:.1f} ms"


def _report(options: Options, figures: Figures) -> None:
    count = len(figures.pages) + len(figures.sign_ins)
    rps = count / figures.elapsed
    cuts = statistics.quantiles(figures.pages, n=100, method="inclusive")
    p99 = 1000 * cuts[98]
    errors = figures.errors.total()
    ok = rps >= TARGET_RPS and p99 < TARGET_P99_MS and errors == 0
    if options.mode == "mix":
        every = f"a sign-in every {options.sign_in_every} requests" if options.sign_in_every else ""
        print(f"the applicant pages {', '.join(dict.fromkeys(MIX))}; {every or 'no sign-ins'}")
    else:
        print(f"GET {APPLICATION} only, no sign-ins")
    print(f"  {options.users} users, {options.workers} uvicorn worker(s)")
    print(f"  requests {count} in {figures.elapsed:.1f} s: {rps:.0f} requests/s (target ≥ 1000)")
    print(
        f"  pages: {len(figures.pages)} requests, {_percentiles(figures.pages)} (target p99 < 100)"
    )
    if figures.sign_ins:
        signed = len(figures.sign_ins) // 2
        print(f"  sign-ins: {signed} (two requests each), {_percentiles(figures.sign_ins)}")
    kinds = ", ".join(f"{count} × {what}" for what, count in figures.errors.most_common())
    print(f"  errors {errors} (target 0){f': {kinds}' if kinds else ''}")
    print(f"  target {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
