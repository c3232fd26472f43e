"""API robustness (issue 11, point 12): schemathesis fuzzes every ``/api/v1`` operation as every
role, in-process on a small seeded world, and every answer must be no server error (no 5xx) and
exactly what the OpenAPI document says: a documented status code, the documented content type
and headers, and a body that validates against the documented schema — for errors too, the one
``{"error": {"code", "message", "rows"}}`` body. Every datetime the API sends is ISO 8601 with
an offset (RFC 3339 ``date-time``, as OpenAPI's ``format: date-time`` requires).

The world is the authorisation matrix's (``test_authorisation_matrix``: an admission year with
a published final round, the youth register, the association's fees, grants, plan and board
work, one account per role). The roles are the eight of ``Role`` and a visitor not signed in.

Bounded and reproducible: for each role and operation, Hypothesis generates a fixed number of
examples, derandomised (the same examples every run), without shrinking (a failure is reported
as found, with a ``curl`` line to reproduce it): the body of the matrix's row for the operation
once, as it is; ``ANCHORED`` schema-valid examples on the row's path parameters and query (a
real round, offering, pupil, grant, meeting…, so that the handlers' code past the lookups
runs); ``FREE`` schema-valid ones with everything generated; and ``NEGATIVE`` ones that break
the schema (wrong types, missing fields, bodies that are not JSON), which must be refused with
a documented 4xx. A role the matrix does not allow gets ``REFUSED`` examples of each kind, as
its answer is the same refusal whatever it sends. The whole run is at most about 3,700
requests.

Unsafe operations (POST, PUT, DELETE) run too, on the throwaway world, in a fixed order (role by
role, operations in the document's order), so every run sends the same requests to the same
state. ``DELETE /api/v1/session`` (signing out) is sent on a session of its own, signed in for
each example, so that the role's other requests stay signed in. None is excluded. The checks run
on the answers, never on their timing (no response-time check): the machine's load changes no
result. What the run can still not fix: the service's own clock (``officer.now``) is the wall
clock, so "today" defaults differ by day; the answers' statuses must be documented either way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

import pytest
import schemathesis
import test_authorisation_matrix as matrix
from database_fixtures import NewDatabase
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from matrix_support import AFTER_FINAL, ANONYMOUS, PASSWORD, PLACEHOLDERS, ROLES, USERNAMES, Who
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.errors import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.schemas import OpenApiSchema
from web_support import form_token

from samverka.config import Settings
from samverka.platform.access.domain.actors import Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.web.deps import clock
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import OPENAPI_URL, create_app

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
ANCHORED, FREE, NEGATIVE, REFUSED = 8, 6, 4, 1
ENDS_THE_SESSION = {("DELETE", "/api/v1/session")}
SESSION_COOKIE = "samverka_session"
WHO = [*ROLES, ANONYMOUS]
# A datetime as JSON carries it: a date, "T", a time of day (and anything after it).
LOOKS_LIKE_A_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


# -- the world -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, new_sqlite_database: NewDatabase) -> FastAPI:
    folder = tmp_path_factory.mktemp("fuzz")
    configured = Settings(database_url=f"sqlite:///{folder}/fuzz.db")
    database = new_sqlite_database(configured)
    matrix._build_year(SqlUnitOfWork(database))
    matrix._build_register(SqlUnitOfWork(database))
    matrix._create_accounts(SqlUnitOfWork(database))
    for area in matrix.AREAS:
        area.build(database)
    throttle = LoginThrottle(clock=lambda: AFTER_FINAL)
    login = LocalLogin(lambda: SqlUnitOfWork(database), matrix.CHEAP, throttle)
    application = create_app(configured, session_factory=database, authenticator=login)
    application.dependency_overrides[clock] = lambda: AFTER_FINAL
    return application


@dataclass(frozen=True, slots=True)
class Caller:
    """What a role sends with every request: its session cookie and its CSRF token."""

    cookies: dict[str, str]
    headers: dict[str, str]


def _sign_in(app: FastAPI, who: Who) -> Caller:
    with TestClient(app) as client:
        if isinstance(who, Role):
            token = form_token(client)
            form = {"username": USERNAMES[who], "password": PASSWORD, "csrf_token": token}
            assert client.post("/logga-in", data=form, follow_redirects=False).status_code == 303
        csrf = str(client.get("/api/v1/session").json()["csrf_token"])
        cookie = client.cookies.get(SESSION_COOKIE)
    return Caller({SESSION_COOKIE: cookie} if cookie else {}, {"X-CSRF-Token": csrf})


def _api_rows() -> list[matrix.Row]:
    """The matrix's rows of the API: who may use an operation, and on what."""
    return [row for row in matrix.MATRIX if row.path.startswith("/api/v1/")]


def _anchors(who: Who) -> dict[tuple[str, str], matrix.Row]:
    """The first row of each API operation that allows ``who``: what it works on."""
    found: dict[tuple[str, str], matrix.Row] = {}
    for row in _api_rows():
        if who in row.allowed:
            found.setdefault((row.method, row.path), row)
    return found


# -- datetimes: ISO 8601 with an offset ------------------------------------------------------------
def _response_schemas(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation.get("responses", {}).items():
                for media in response.get("content", {}).values():
                    if "schema" in media:
                        yield f"{method.upper()} {path} {status}", media["schema"]


def _date_times(
    schema: object, components: dict[str, Any], where: str, seen: set[str]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every ``format: date-time`` schema reachable from ``schema``, with where it is."""
    if isinstance(schema, list):
        for item in schema:
            yield from _date_times(item, components, where, seen)
    if not isinstance(schema, dict):
        return
    reference = schema.get("$ref")
    if isinstance(reference, str):
        name = reference.rsplit("/", 1)[-1]
        if name not in seen:
            seen.add(name)
            yield from _date_times(components[name], components, name, seen)
        return
    if schema.get("format") == "date-time":
        yield where, schema
    for key, value in schema.items():
        inner = f"{where}.{key}" if key not in {"properties", "items", "anyOf"} else where
        yield from _date_times(value, components, inner, seen)


def test_every_datetime_of_an_api_answer_is_declared_as_a_moment_with_an_offset(
    app: FastAPI,
) -> None:
    """Each datetime an answer declares is the API's ``Moment`` (``platform.api.schemas``):
    a pattern that requires the offset, which schemathesis and any client can check."""
    document = app.openapi()
    components = document["components"]["schemas"]
    found: dict[str, dict[str, Any]] = {}
    for operation, schema in _response_schemas(document):
        for where, moment in _date_times(schema, components, operation, set()):
            found[where] = moment
    assert found, "the API's answers hold datetimes: the walk must find them"
    undeclared = [where for where, moment in found.items() if "pattern" not in moment]
    assert not undeclared, f"declare these with schemas.Moment: {sorted(undeclared)}"
    for moment in found.values():
        assert re.match(moment["pattern"], "2026-07-02T12:00:00Z")
        assert re.match(moment["pattern"], "2026-07-02T14:00:00.5+02:00")
        assert not re.match(moment["pattern"], "2026-07-02T12:00:00")


def _moments(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for inner in value.values():
            yield from _moments(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _moments(inner)
    elif isinstance(value, str) and LOOKS_LIKE_A_MOMENT.match(value):
        yield value


def test_every_datetime_in_the_worlds_api_answers_carries_an_offset(app: FastAPI) -> None:
    """Every API read of the matrix, as each role it allows: stored moments come back from
    SQLite without their time zone; the API must still send them with it."""
    naive, moments = [], 0
    for row in _api_rows():
        if row.method != "GET":
            continue
        for who in sorted(row.allowed & set(ROLES)):
            caller = _sign_in(app, who)
            with TestClient(app, cookies=caller.cookies) as client:
                answer = client.get(row.url)
            if not answer.headers.get("content-type", "").startswith("application/json"):
                continue
            for text in _moments(answer.json()):
                moments += 1
                if datetime.fromisoformat(text.replace("Z", "+00:00")).tzinfo is None:
                    naive.append(f"{who} GET {row.url}: {text}")
    assert moments >= 5, "the world's answers hold datetimes: the walk must find them"
    assert not naive


# -- the fuzzing -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Plan:
    """How many examples of each kind one role sends to one operation, and on what."""

    anchored: int
    free: int
    negative: int
    path_parameters: dict[str, str]
    query: dict[str, str]
    body: object = None  # the matrix row's JSON body, known to be good: sent once as it is


def _plan(operation: Any, anchors: dict[tuple[str, str], matrix.Row]) -> Plan:
    row = anchors.get((operation.method.upper(), operation.path))
    if row is None:
        return Plan(0, REFUSED, REFUSED, {}, {})
    names = set(re.findall(r"\{([^}]+)\}", operation.path))
    fill = {**PLACEHOLDERS, **row.fill}
    return Plan(
        ANCHORED,
        FREE,
        NEGATIVE,
        {name: fill[name] for name in names},
        dict(parse_qsl(row.query)),
        row.json,
    )


def _fuzz(
    operation: Any,
    mode: GenerationMode,
    examples: int,
    send: Callable[[Case], None],
    plan: Plan | None = None,
    *,
    with_body: bool = False,
) -> None:
    """``examples`` derandomised examples of ``mode`` for ``operation``, each given to ``send``;
    on the path parameters and query of ``plan``, if given, and its body if ``with_body``."""
    if examples == 0:
        return
    fixed: dict[str, Any] = {}
    if plan is not None:
        fixed = {"path_parameters": plan.path_parameters, "query": plan.query}
        if with_body:
            fixed["body"] = plan.body
    strategy = operation.as_strategy(generation_mode=mode, **{k: v for k, v in fixed.items() if v})

    @given(case=strategy)
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Case) -> None:
        send(case)

    try:
        run()
    except Unsatisfiable:  # an operation without input has no example that breaks its schema
        assert mode is GenerationMode.NEGATIVE


@pytest.fixture(scope="module")
def api_schema(app: FastAPI) -> OpenApiSchema:
    return schemathesis.openapi.from_asgi(OPENAPI_URL, app)


@pytest.mark.parametrize("who", WHO, ids=str)
def test_the_api_answers_every_role_without_a_server_error_and_as_its_document_says(
    app: FastAPI, api_schema: OpenApiSchema, who: Who
) -> None:
    caller = _sign_in(app, who)
    anchors = _anchors(who)
    failures: list[str] = []
    sent = 0

    def send(case: Case) -> None:
        nonlocal sent
        sent += 1
        key = (case.method.upper(), case.operation.path)
        using = _sign_in(app, who) if key in ENDS_THE_SESSION else caller
        try:  # the application re-raises what it answered with a 500, after answering
            response = case.call(cookies=using.cookies, headers=using.headers)
        except Exception as error:
            failures.append(
                f"Server error: {case.method} {case.operation.path}: "
                f"{type(error).__name__}: {error}\nreproduce: {case.as_curl_command()}\n"
            )
            return
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            for failure in group.exceptions:
                failures.append(
                    f"{failure.title} ({failure.code}): {case.method} {case.operation.path} "
                    f"{response.status_code}\n{failure.message}\n"
                    f"answer: {response.text[:400]}\nreproduce: {case.as_curl_command()}\n"
                )

    for result in api_schema.get_all_operations():
        operation = result.ok()
        plan = _plan(operation, anchors)
        if plan.body is not None:
            _fuzz(operation, GenerationMode.POSITIVE, 1, send, plan, with_body=True)
        _fuzz(operation, GenerationMode.POSITIVE, plan.anchored, send, plan)
        _fuzz(operation, GenerationMode.POSITIVE, plan.free, send)
        _fuzz(operation, GenerationMode.NEGATIVE, plan.negative, send)
    assert sent > 0
    assert not failures, f"{len(failures)} of {sent} answers failed:\n" + "\n".join(failures[:30])
