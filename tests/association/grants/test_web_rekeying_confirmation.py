"""Keying a state grant out again asks first (issue 15 point 7): each municipality's amount
before and after, nothing stored until the confirmation, which replaces the allocation."""

# The state grant pages' world is test_web_state_grants's, imported by name.
# ruff: noqa: F811

from __future__ import annotations

import csv
import io
import sqlite3
from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient
from web_support import form_token

from .test_web_state_grants import _allocate, _create, app, staff  # noqa: F401 (the fixtures)

EVEN = "municipality_code,weight\n0180,1\n0182,1\n"
STOCKHOLM_MOST = "municipality_code,weight\n0180,3\n0182,1\n"


def _gross(staff: TestClient, grant_id: int) -> dict[str, Decimal]:
    exported = staff.get(f"/forbund/stimulansmedel/{grant_id}/fordelning.csv").text
    return {
        row["municipality_code"]: Decimal(row["gross"])
        for row in csv.DictReader(io.StringIO(exported))
    }


def _allocations_audited(folder: Path) -> int:
    with sqlite3.connect(folder / "t.db") as connection:
        query = "select count(*) from audit_event where action = 'allocate'"
        return int(connection.execute(query).fetchone()[0])


def test_keying_a_grant_out_again_shows_the_amounts_before_and_after_first(
    staff: TestClient, tmp_path: Path
) -> None:
    grant_id = _create(staff)
    assert _allocate(staff, grant_id, EVEN) == 303  # the first allocation: one step
    first = _gross(staff, grant_id)
    assert _allocations_audited(tmp_path) == 1
    path = f"/forbund/stimulansmedel/{grant_id}"
    data = {"key": "custom", "csrf_token": form_token(staff, path)}
    files = {"key_file": ("nyckel.csv", STOCKHOLM_MOST.encode(), "text/csv")}
    asked = staff.post(f"{path}/fordelning", data=data, files=files, follow_redirects=False)
    assert asked.status_code == 200
    assert "på nytt?" in asked.text
    assert "Belopp per kommun före och efter" in asked.text
    assert "Välj nyckelfilen igen" in asked.text
    assert 'name="confirmed" value="ja"' in asked.text
    assert _gross(staff, grant_id) == first
    assert _allocations_audited(tmp_path) == 1
    files = {"key_file": ("nyckel.csv", STOCKHOLM_MOST.encode(), "text/csv")}
    confirmed = {**data, "confirmed": "ja", "csrf_token": form_token(staff, path)}
    done = staff.post(f"{path}/fordelning", data=confirmed, files=files, follow_redirects=False)
    assert done.status_code == 303
    after = _gross(staff, grant_id)
    assert after["0180"] == 3 * after["0182"]
    assert after != first
    assert _allocations_audited(tmp_path) == 2
