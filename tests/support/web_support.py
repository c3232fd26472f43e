"""Helpers the web tests share: test identity numbers, the CSRF token of a page or the API, and
a client signed in through the form."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fastapi import FastAPI
from fastapi.testclient import TestClient

from samverka.platform.domain.personal_id import luhn_check_digit

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def personal_id(serial: int) -> str:
    """A valid personal identity number of someone born 2010-03-01."""
    return f"20100301-{serial:03d}{luhn_check_digit(f'100301{serial:03d}')}"


def form_token(client: TestClient, path: str = "/logga-in") -> str:
    """The CSRF token in the form of the page at ``path``."""
    found = CSRF_FIELD.search(client.get(path).text)
    assert found is not None, f"no CSRF field on {path}"
    return found.group(1)


def api_headers(client: TestClient) -> dict[str, str]:
    """The header an unsafe API request needs: the session's CSRF token."""
    return {"X-CSRF-Token": str(client.get("/api/v1/session").json()["csrf_token"])}


def signed_in(app: FastAPI, username: str, password: str) -> Iterator[TestClient]:
    """A client of ``app`` signed in through the form as ``username``; for ``yield from`` in
    a fixture."""
    with TestClient(app) as client:
        data = {"username": username, "password": password, "csrf_token": form_token(client)}
        assert client.post("/logga-in", data=data, follow_redirects=False).status_code == 303
        yield client
