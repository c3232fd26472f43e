"""The API's documentation page works without the internet: Swagger UI from the application's
own static files, under a Content-Security-Policy that allows only its own inline script."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, expect

from samverka import bootstrap
from samverka.config import Settings
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.clock import system_clock
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

ADDRESS = re.compile(r"""(?:src|href)=["']([^"']+)["']""")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/t.db")
    factory = bootstrap.database(settings)
    login = LocalLogin(
        lambda: SqlUnitOfWork(factory), Argon2idHasher(), LoginThrottle(clock=system_clock)
    )
    with TestClient(create_app(settings, session_factory=factory, authenticator=login)) as client:
        yield client


def test_the_docs_page_names_no_other_site_and_its_assets_are_served_here(
    client: TestClient,
) -> None:
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert "http://" not in page.text
    assert "https://" not in page.text
    addresses = ADDRESS.findall(page.text)
    assert len(addresses) == 3  # the style sheet, the icon, the script
    for address in addresses:
        assert address.startswith("/static/swagger-ui/")
        assert client.get(address).status_code == 200
    assert "'/api/v1/openapi.json'" in page.text


def test_the_docs_page_allows_only_its_own_inline_script(client: TestClient) -> None:
    page = client.get("/api/v1/docs")
    policy = page.headers["content-security-policy"]
    script_source = next(p for p in policy.split("; ") if p.startswith("script-src"))
    [inline] = re.findall(r"<script>(.*?)</script>", page.text, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()
    assert script_source == f"script-src 'self' 'sha256-{digest}'"
    assert "frame-ancestors 'none'" in policy


def test_every_other_page_keeps_the_strict_policy(client: TestClient) -> None:
    policy = client.get("/logga-in").headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy


def test_the_vendored_swagger_ui_keeps_its_licence() -> None:
    static = Path(bootstrap.__file__).parent / "platform" / "web" / "static" / "swagger-ui"
    assert "Apache License" in (static / "LICENSE").read_text()
    assert "SmartBear" in (static / "NOTICE").read_text()


def test_swagger_ui_shows_the_api_in_a_browser_without_leaving_the_site(
    browser: Browser, server: str
) -> None:
    context = browser.new_context(base_url=server)
    try:
        page = context.new_page()
        requested: list[str] = []
        refused: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.on("console", lambda message: refused.append(message.text))
        page.goto("/api/v1/docs")
        # The first request for the OpenAPI document builds it: seconds on a busy machine.
        title = page.locator(".swagger-ui .info .title")
        expect(title).to_contain_text("Samverka", timeout=60_000)
        expect(page.locator(".opblock-summary-path").first).to_be_visible()
    finally:
        context.close()
    assert requested
    assert all(url.startswith(server) for url in requested), requested
    assert not [text for text in refused if "Content Security Policy" in text], refused


def test_the_document_declares_the_api_token_and_marks_the_operations_a_token_may_call(
    client: TestClient,
) -> None:
    """Issue 15 point 12: Swagger UI's "Authorize" takes a token (RFC 6750 bearer), sent on the
    operations of a counsellor's, a school's or a municipality's role, and on no other."""
    document = client.get("/api/v1/openapi.json").json()
    scheme = document["components"]["securitySchemes"]["apiToken"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    paths = document["paths"]

    def marked(path: str, method: str) -> bool:
        return paths[path][method].get("security") == [{"apiToken": []}]

    assert marked("/api/v1/me", "get")  # any signed-in role
    assert marked("/api/v1/school/offerings/{code}/test-points/{personal_id}", "put")  # a school's
    assert not marked("/api/v1/sessions", "get")  # the officer's only
    assert not marked("/api/v1/persons", "get")  # the officer's person search
    assert not marked("/api/v1/session", "get")  # the session itself: no role required
    assert any("security" not in op for ops in paths.values() for op in ops.values())
