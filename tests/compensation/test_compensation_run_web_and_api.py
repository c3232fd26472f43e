"""The month's compensation run started by the admission officer from the page and the API,
as ``samverka compensation run`` starts it: the page asks first and shows what the run will
do, runs it in the background and shows what was booked or why it failed; the API runs it and
answers with what was booked. Only the officer may; the run is audited with the officer's name.

The data are those of ``test_compensation_web_and_cli``: September 2026 is booked already.
"""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from admission_year_builders import OFFICE
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from web_support import api_headers, form_token

from compensation.test_compensation_web_and_cli import (  # the same data and accounts
    NOW,
    analyst,
    database,
    database_url,
    officer,
    web,
)
from samverka.compensation.api import compensation as api
from samverka.compensation.db import tables as ct
from samverka.compensation.domain.period import Month
from samverka.compensation.services.compensation import close_month
from samverka.errors import ConcurrentChange
from samverka.platform.db import tables as pt
from samverka.unit_of_work import SqlUnitOfWork

__all__ = ["analyst", "database", "database_url", "officer", "web"]  # the fixtures used
PAGE = "/ersattning/korning"
API = "/api/v1/compensation/runs"
WAIT_SECONDS = 60.0  # a bound against hanging only


def _finished(client: TestClient, location: str) -> Response:
    """The run's status page once it no longer refreshes itself."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        page = client.get(location)
        assert page.status_code == 200
        if "Refresh" not in page.headers:
            return page
        assert time.monotonic() < deadline, "the run never finished"
        time.sleep(0.05)


def _runs(database: sessionmaker[Session]) -> list[tuple[str, str, str]]:
    table = ct.compensation_run
    with database() as session:
        rows = session.execute(select(table.c.month, table.c.kind, table.c.created_by))
        return [(str(month), kind, by) for month, kind, by in rows]


def _start(client: TestClient, **fields: str) -> Response:
    data = {"csrf_token": form_token(client, PAGE), **fields}
    return client.post(PAGE, data=data, follow_redirects=False)


def test_the_officer_confirms_what_the_run_will_do_and_sees_what_it_booked(
    officer: TestClient, database: sessionmaker[Session]
) -> None:
    form = officer.get(PAGE)
    assert form.status_code == 200
    assert 'name="month"' in form.text
    asked = _start(officer, month="2026-10", recheck_months="1", full_recheck="true")
    assert asked.status_code == 200
    assert "Bekräfta ersättningskörningen för 2026-10" in asked.text
    assert "från 2026-09" in asked.text
    assert "kan inte ändras eller tas bort" in asked.text
    assert [run[0] for run in _runs(database)] == ["2026-09"]  # nothing booked before asked
    assert 'name="confirmed" value="true"' in asked.text
    started = _start(
        officer, month="2026-10", recheck_months="1", full_recheck="true", confirmed="true"
    )
    assert started.status_code == 303
    page = _finished(officer, started.headers["location"])
    assert "för 2026-10 är bokförd och avstämd" in page.text, page.text
    assert "2026-09" in page.text  # the month rechecked
    assert _runs(database)[-1] == ("2026-10", "regular", "officer:alva")
    with database() as session:
        audited = session.execute(
            select(pt.audit_event.c.actor).where(pt.audit_event.c.entity == "compensation_run")
        ).scalars()
        assert "officer:alva" in list(audited)


def test_a_refused_run_form_comes_back_with_the_input_kept_and_each_error_at_its_field(
    officer: TestClient, database: sessionmaker[Session]
) -> None:
    form = officer.get(PAGE).text
    assert f'<input type="hidden" name="_page" value="{PAGE}">' in form
    refused = _start(officer, month="2026-13", recheck_months="37", full_recheck="true", _page=PAGE)
    assert refused.status_code == 422
    page = refused.text
    assert "Uppgifterna behöver rättas" in page
    assert 'id="month-fel"' in page
    assert "Värdet har inte rätt form." in page
    assert 'id="recheck_months-fel"' in page
    assert "Skriv ett tal som är högst 36." in page
    assert 'name="month" type="text" value="2026-13"' in page
    assert 'id="full_recheck" name="full_recheck" value="true" checked' in page
    assert 'id="correction" name="correction" value="true">' in page  # left unticked
    assert [run[0] for run in _runs(database)] == ["2026-09"]  # nothing was run


def test_a_closed_month_is_named_before_the_run_and_its_refusal_is_shown_in_either_language(
    officer: TestClient, database: sessionmaker[Session]
) -> None:
    close_month(SqlUnitOfWork(database), month=Month(2026, 9), actor=OFFICE, now=NOW)
    asked = _start(officer, month="2026-09", recheck_months="0")
    assert "Bara en rättelsekörning får bokföra i den" in asked.text
    started = _start(officer, month="2026-09", recheck_months="0", confirmed="true")
    page = _finished(officer, started.headers["location"])
    assert "Ersättningskörningen misslyckades" in page.text
    assert "Det gick inte att genomföra" in page.text
    officer.get("/sprak/en")
    english = officer.get(started.headers["location"])
    assert "The compensation run failed" in english.text
    assert [run[0] for run in _runs(database)] == ["2026-09"]
    correction = _start(
        officer, month="2026-09", recheck_months="0", correction="true", confirmed="true"
    )
    assert "Run " in _finished(officer, correction.headers["location"]).text
    assert _runs(database)[-1][:2] == ("2026-09", "correction")


def test_only_the_officer_may_start_a_run_from_the_page_or_the_api(
    analyst: TestClient, database: sessionmaker[Session]
) -> None:
    assert analyst.get(PAGE).status_code == 403
    token = form_token(analyst, "/ersattning/nettning")
    data = {"csrf_token": token, "month": "2026-10", "confirmed": "true"}
    assert analyst.post(PAGE, data=data).status_code == 403
    answer = analyst.post(API, json={"month": "2026-10"}, headers=api_headers(analyst))
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "not_permitted"
    assert len(_runs(database)) == 1


def test_the_api_runs_the_month_and_answers_with_what_it_booked(
    officer: TestClient, database: sessionmaker[Session]
) -> None:
    answer = officer.post(
        API, json={"month": "2026-10", "recheck_months": 1}, headers=api_headers(officer)
    )
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert (body["month"], body["kind"], body["rechecked"]) == ("2026-10", "regular", ["2026-09"])
    assert body["run_at"].endswith("Z")
    assert Decimal(body["total"]) == Decimal(body["regular_total"]) + Decimal(
        body["correction_total"]
    )
    assert body["regular_lines"] > 0
    assert _runs(database)[-1] == ("2026-10", "regular", "officer:alva")
    bad = officer.post(API, json={"month": "2026-13"}, headers=api_headers(officer))
    assert bad.status_code == 422


def test_the_api_refuses_a_closed_month_and_a_concurrent_run_with_409(
    officer: TestClient, database: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    close_month(SqlUnitOfWork(database), month=Month(2026, 9), actor=OFFICE, now=NOW)
    closed = officer.post(API, json={"month": "2026-09"}, headers=api_headers(officer))
    assert closed.status_code == 409
    assert closed.json()["error"]["code"] == "conflict"

    def another_run_committed(*_args: object, **_kwargs: object) -> None:
        raise ConcurrentChange("a compensation run or month closing was committed meanwhile")

    monkeypatch.setattr(api, "run_month", another_run_committed)
    concurrent = officer.post(API, json={"month": "2026-10"}, headers=api_headers(officer))
    assert concurrent.status_code == 409
    assert concurrent.json()["error"]["code"] == "concurrent_change"
