"""State grants (stimulansmedel) through the pages and the API on a migrated SQLite file: the
staff create a grant and key it out (a custom key uploaded as CSV), export it, remind; the
municipality sees only its own allocation and reports use; a board member reads and may not
change anything."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import argon2
import pytest
from admission_year_builders import OFFICE
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from web_support import api_headers, form_token, signed_in

from samverka import bootstrap
from samverka.admission.domain.calendar import stockholm_calendar
from samverka.admission.domain.catalogue import (
    Catalogue,
    Municipality,
    Offering,
    Organiser,
    SchoolUnit,
)
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.services.admission_year import open_admission_year
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

PASSWORD = "correct horse battery"
CREATED = datetime(2026, 1, 10, 9, tzinfo=UTC)
COMMAND_LINE = Actor("cli:test", Role.OFFICER, "command line")
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
GRANT = {
    "name": "Psykisk hälsa 2017",
    "year": "2017",
    "total": "113200000",
    "region_percent": "50",
    "set_aside_percent": "4",
    "report_due": "2018-03-31",
}
USE = {
    "category": "training",
    "purpose": "Utbildning i första hjälpen till psykisk hälsa",
    "amount": "125000.50",
    "period_start": "2018-01-01",
    "period_end": "2018-02-28",
}


def _build(factory: sessionmaker[Session]) -> None:
    catalogue = Catalogue(
        organisers=[Organiser("Stockholms stad", "municipal", "0180")],
        school_units=[SchoolUnit("11111111", "Norra gymnasiet", "Stockholms stad", "0180")],
        offerings=[Offering("NORRA-NA", "11111111", "NA", 10)],
    )
    open_admission_year(
        SqlUnitOfWork(factory),
        year=2026,
        region="Storsthlm",
        calendar=stockholm_calendar(2026),
        settings=YearSettings(),
        municipalities=[
            Municipality("0180", "Stockholm", 975551),
            Municipality("0182", "Nacka", 105201),
            Municipality("0114", "Upplands Väsby", 46786),
        ],
        catalogue=catalogue,
        actor=OFFICE,
        now=CREATED,
    )
    for username, role, scope in (
        ("stina", Role.ASSOCIATION_STAFF, {}),
        ("bertil", Role.BOARD_MEMBER, {}),
        ("kommun", Role.MUNICIPALITY, {"municipality_code": "0180"}),
        ("nacka", Role.MUNICIPALITY, {"municipality_code": "0182"}),
    ):
        create_account(
            SqlUnitOfWork(factory),
            actor=COMMAND_LINE,
            username=username,
            display_name=username.title(),
            role=role,
            password=PASSWORD,
            passwords=CHEAP,
            now=CREATED,
            **scope,  # type: ignore[arg-type]
        )


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/t.db")
    factory = bootstrap.database(settings)
    _build(factory)
    login = LocalLogin(lambda: SqlUnitOfWork(factory), CHEAP, LoginThrottle(clock=lambda: CREATED))
    return create_app(settings, session_factory=factory, authenticator=login)


@pytest.fixture
def staff(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "stina", PASSWORD)


@pytest.fixture
def board(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "bertil", PASSWORD)


@pytest.fixture
def stockholm(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "kommun", PASSWORD)


@pytest.fixture
def nacka(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "nacka", PASSWORD)


def _create(staff: TestClient) -> int:
    token = form_token(staff, "/forbund/stimulansmedel")
    made = staff.post(
        "/forbund/stimulansmedel", data={**GRANT, "csrf_token": token}, follow_redirects=False
    )
    assert made.status_code == 303, made.text
    return int(made.headers["location"].split("/")[-1].split("?")[0])


def _allocate(staff: TestClient, grant_id: int, key_csv: str) -> int:
    path = f"/forbund/stimulansmedel/{grant_id}"
    data = {"key": "custom", "csrf_token": form_token(staff, path)}
    files = {"key_file": ("nyckel.csv", key_csv.encode(), "text/csv")}
    done = staff.post(f"{path}/fordelning", data=data, files=files, follow_redirects=False)
    return done.status_code


def test_the_staff_key_a_grant_out_by_an_uploaded_key_and_export_what_adds_up(
    staff: TestClient,
) -> None:
    grant_id = _create(staff)
    key = "kommunkod;vikt\n0180;3\n0182;1\n0114;0\n"
    assert _allocate(staff, grant_id, key) == 303
    page = staff.get(f"/forbund/stimulansmedel/{grant_id}")
    assert page.status_code == 200
    assert "Fördelning per kommun" in page.text
    assert "Nacka" in page.text
    assert 'id="chart-grant"' in page.text
    exported = staff.get(f"/forbund/stimulansmedel/{grant_id}/fordelning.csv")
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    by_code = {row["municipality_code"]: row for row in rows}
    assert Decimal(by_code["0180"]["gross"]) == Decimal(42_450_000)  # 3/4 of 56.6 mnkr
    assert Decimal(by_code["0114"]["gross"]) == 0
    parts = sum(Decimal(r["gross"]) for r in rows if r["municipality_code"] not in {"total"})
    assert parts == Decimal(113_200_000)
    assert Decimal(by_code["total"]["set_aside"]) == Decimal(4_528_000)


def test_a_key_file_with_bad_rows_is_refused_whole_naming_each_line(staff: TestClient) -> None:
    grant_id = _create(staff)
    status = _allocate(staff, grant_id, "municipality_code,weight\n0180,1\n9999,2\n0182,x\n")
    assert status == 422
    page = staff.get(f"/forbund/stimulansmedel/{grant_id}")
    assert "Medlen är inte fördelade ännu." in page.text
    refused = staff.post(
        f"/forbund/stimulansmedel/{grant_id}/fordelning",
        data={"key": "custom", "csrf_token": form_token(staff, "/forbund/stimulansmedel")},
        files={"key_file": ("k.csv", b"municipality_code,weight\n9999,2\n0182,x\n", "text/csv")},
    )
    assert "k.csv, rad 2" in refused.text
    assert "k.csv, rad 3" in refused.text


def test_a_key_file_larger_than_a_megabyte_is_refused_not_cut_short_and_used(
    staff: TestClient,
) -> None:
    """Issue 11 point 6: a file beyond its limit is refused, never read in part in silence."""
    grant_id = _create(staff)
    padding = (" " * 39 + "\n") * 30_000  # 1.2 MB of blank lines, then one more row
    key = f"kommunkod;vikt\n0180;3\n0182;1\n{padding}0114;5\n"

    assert _allocate(staff, grant_id, key) == 422
    page = staff.get(f"/forbund/stimulansmedel/{grant_id}")
    assert "Medlen är inte fördelade ännu." in page.text


def test_a_key_file_the_csv_reader_cannot_read_is_a_422_naming_its_line(
    staff: TestClient,
) -> None:
    grant_id = _create(staff)
    too_long = "municipality_code;weight\n0180;1\n0182;" + "1" * 200_000 + "\n"
    refused = staff.post(
        f"/forbund/stimulansmedel/{grant_id}/fordelning",
        data={"key": "custom", "csrf_token": form_token(staff, "/forbund/stimulansmedel")},
        files={"key_file": ("k.csv", too_long.encode(), "text/csv")},
    )
    assert refused.status_code == 422
    assert "k.csv, rad 3" in refused.text
    assert "Medlen är inte fördelade ännu." in staff.get(f"/forbund/stimulansmedel/{grant_id}").text


def test_the_municipality_reports_its_use_and_the_association_sees_it_and_reminds(
    staff: TestClient, stockholm: TestClient, nacka: TestClient
) -> None:
    grant_id = _create(staff)
    assert _allocate(staff, grant_id, "municipality_code,weight\n0180,1\n0182,1\n") == 303
    own = stockholm.get("/kommun/stimulansmedel")
    assert own.status_code == 200
    assert "Psykisk hälsa 2017" in own.text
    data = {**USE, "csrf_token": form_token(stockholm, "/kommun/stimulansmedel")}
    reported = stockholm.post(
        f"/kommun/stimulansmedel/{grant_id}/redovisning", data=data, follow_redirects=False
    )
    assert reported.status_code == 303, reported.text
    assert "Utbildning i första hjälpen" in stockholm.get("/kommun/stimulansmedel").text
    path = f"/forbund/stimulansmedel/{grant_id}"
    remind = {"municipality_code": "0182", "message": "Glöm inte redovisningen!"}
    sent = staff.post(
        f"{path}/paminnelse",
        data={**remind, "csrf_token": form_token(staff, path)},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    detail = staff.get(path).text
    assert "125\xa0000,50" in detail
    assert "Glöm inte redovisningen!" in detail
    assert "Glöm inte redovisningen!" in nacka.get("/kommun/stimulansmedel").text
    assert "Glöm inte" not in stockholm.get("/kommun/stimulansmedel").text


def test_the_staff_record_the_redistribution_of_the_unused_funds_and_the_page_shows_it(
    staff: TestClient, stockholm: TestClient
) -> None:
    # Source: rules-audit-2026-12 §6 (repay or redistribute unused funds); the grant's reports
    # were due 2018-03-31, long passed.
    grant_id = _create(staff)
    assert _allocate(staff, grant_id, "municipality_code,weight\n0180,1\n0182,1\n") == 303
    data = {**USE, "csrf_token": form_token(stockholm, "/kommun/stimulansmedel")}
    stockholm.post(f"/kommun/stimulansmedel/{grant_id}/redovisning", data=data)
    path = f"/forbund/stimulansmedel/{grant_id}"
    assert "Besluta om outnyttjade medel" in staff.get(path).text
    decision = {
        "disposal": "repay",
        "decided_on": "2018-04-20",
        "reference": "styrelsen 2018-04-20 § 7",
        "decided_by": "styrelsen",
        "repaid_to": "",
        "repaid_on": "",
    }
    refused = staff.post(
        f"{path}/outnyttjat", data={**decision, "csrf_token": form_token(staff, path)}
    )
    assert refused.status_code == 422
    assert "say to whom the funds are repaid" in refused.text
    assert "give the day the funds are repaid" in refused.text
    assert "styrelsen 2018-04-20 § 7" not in staff.get(path).text
    redistribute = {**decision, "disposal": "redistribute", "recipients": "0180", "key": "equal"}
    done = staff.post(
        f"{path}/outnyttjat",
        data={**redistribute, "csrf_token": form_token(staff, path)},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    page = staff.get(path).text
    assert "styrelsen 2018-04-20 § 7" in page
    assert "omfördelas lika delar per kommun" in page
    assert "Tillgängligt efter besluten (kr)" in page
    assert "Besluta om outnyttjade medel" in page  # Stockholm's new share is unused so far
    api = staff.get(f"/api/v1/association/grants/{grant_id}", headers=api_headers(staff)).json()
    [stored] = api["unused_decisions"]
    assert (stored["disposal"], stored["key"], stored["repaid_to"]) == (
        "redistribute",
        "equal",
        None,
    )
    rows = {row["municipality_code"]: row for row in api["follow_up"]}
    assert Decimal(rows["0180"]["received"]) == Decimal(stored["amount"])
    assert Decimal(rows["0182"]["available"]) == 0
    own = stockholm.get("/kommun/stimulansmedel").text
    assert "Beslut om outnyttjade medel 2018-04-20, styrelsen 2018-04-20 § 7" in own
    assert "Tillgängligt efter besluten (kr)" in own


def test_a_board_member_reads_the_grants_in_english_but_may_not_change_them(
    staff: TestClient, board: TestClient
) -> None:
    grant_id = _create(staff)
    board.get("/sprak/en")
    page = board.get(f"/forbund/stimulansmedel/{grant_id}")
    assert page.status_code == 200
    assert "Year of the funds" in page.text
    assert "Send the reminder" not in page.text
    token = form_token(board, "/forbund/stimulansmedel")
    refused = board.post("/forbund/stimulansmedel", data={**GRANT, "csrf_token": token})
    assert refused.status_code == 403


def test_the_api_creates_allocates_and_follows_up_a_grant(
    staff: TestClient, board: TestClient, stockholm: TestClient
) -> None:
    made = staff.post(
        "/api/v1/association/grants",
        headers=api_headers(staff),
        json={"name": "Barn och unga", "year": 2026, "total": 1000, "set_aside_percent": 4},
    )
    assert made.status_code == 201, made.text
    grant_id = made.json()["id"]
    allocated = staff.post(
        f"/api/v1/association/grants/{grant_id}/allocation",
        headers=api_headers(staff),
        json={"key": "population"},
    )
    assert allocated.status_code == 204, allocated.text
    detail = board.get(f"/api/v1/association/grants/{grant_id}").json()
    shares = {s["municipality_code"]: Decimal(s["net"]) for s in detail["allocation"]["shares"]}
    assert sum(shares.values()) + Decimal(detail["allocation"]["set_aside_total"]) == 1000
    use = {**USE, "amount": "10.50", "period_start": "2026-01-01", "period_end": "2026-02-01"}
    added = stockholm.post(
        f"/api/v1/municipality/grants/{grant_id}/uses", headers=api_headers(stockholm), json=use
    )
    assert added.status_code == 201, added.text
    own = stockholm.get("/api/v1/municipality/grants").json()
    assert [(g["grant"]["id"], Decimal(g["follow_up"]["used"])) for g in own] == [
        (grant_id, Decimal("10.50"))
    ]
    assert Decimal(own[0]["net"]) == shares["0180"]
    listed = board.get("/api/v1/association/grants").json()
    assert [(g["id"], Decimal(g["used"])) for g in listed] == [(grant_id, Decimal("10.50"))]


def test_a_refused_grant_form_comes_back_with_the_input_kept_and_each_error_at_its_field(
    staff: TestClient,
) -> None:
    """Issue 14: a form refused as invalid input is its own page again, not an error page."""
    form = staff.get("/forbund/stimulansmedel").text
    assert '<input type="hidden" name="_page" value="/forbund/stimulansmedel">' in form
    token = form_token(staff, "/forbund/stimulansmedel")
    bad = {**GRANT, "name": "", "total": "-5", "year": "tjugo", "csrf_token": token}
    data = {**bad, "_page": "/forbund/stimulansmedel"}
    refused = staff.post("/forbund/stimulansmedel", data=data)

    assert refused.status_code == 422
    page = refused.text
    assert "Uppgifterna behöver rättas" in page
    assert "Inget har sparats." in page
    assert '<a href="#name">Fyll i fältet.</a>' in page
    assert 'id="total-fel"' in page
    assert "Skriv ett tal större än 0." in page
    assert 'id="year-fel"' in page
    assert "Skriv ett heltal." in page
    assert 'name="year" type="number" value="tjugo"' in page
    assert f'value="{GRANT["report_due"]}"' in page  # the valid input is kept too
    assert 'aria-invalid="true"' in page
    assert "Inga stimulansmedel är registrerade ännu." in page  # nothing was saved


def test_a_refused_form_speaks_the_language_the_user_chose(staff: TestClient) -> None:
    staff.cookies.set("lang", "en")
    token = form_token(staff, "/forbund/stimulansmedel")
    data = {**GRANT, "name": "", "csrf_token": token, "_page": "/forbund/stimulansmedel"}
    refused = staff.post("/forbund/stimulansmedel", data=data)

    assert refused.status_code == 422
    assert "Fill in the field." in refused.text
    assert "Fyll i fältet." not in refused.text


def test_a_refused_decision_on_unused_funds_comes_back_with_each_error_at_its_field(
    staff: TestClient, stockholm: TestClient
) -> None:
    grant_id = _create(staff)
    assert _allocate(staff, grant_id, "municipality_code,weight\n0180,1\n0182,1\n") == 303
    data = {**USE, "csrf_token": form_token(stockholm, "/kommun/stimulansmedel")}
    stockholm.post(f"/kommun/stimulansmedel/{grant_id}/redovisning", data=data)
    path = f"/forbund/stimulansmedel/{grant_id}"
    decision = {
        "disposal": "redistribute",
        "decided_on": "2018-04-20",
        "reference": "",
        "decided_by": "styrelsen",
        "recipients": "0182, 18",
        "key": "equal",
        "csrf_token": form_token(staff, path),
        "_page": path,
        "_form": "outnyttjat",
    }
    refused = staff.post(f"{path}/outnyttjat", data=decision)

    assert refused.status_code == 422
    page = refused.text
    assert '<a href="#outnyttjat-reference">Fyll i fältet.</a>' in page
    assert '<a href="#outnyttjat-recipients">Värdet har inte rätt form.</a>' in page
    assert 'name="recipients" type="text" value="0182, 18"' in page
    assert '<option value="redistribute" selected>' in page  # the choice is kept
    assert "Inget beslut om outnyttjade medel ännu." in page  # nothing was saved


def test_a_report_of_use_beyond_the_allocation_comes_back_with_the_reason_at_the_amount(
    staff: TestClient, stockholm: TestClient
) -> None:
    grant_id = _create(staff)
    assert _allocate(staff, grant_id, "municipality_code,weight\n0180,1\n0182,1\n") == 303
    form = f"redovisning-{grant_id}"
    data = {
        **USE,
        "amount": "99000000",
        "csrf_token": form_token(stockholm, "/kommun/stimulansmedel"),
        "_page": "/kommun/stimulansmedel",
        "_form": form,
    }
    refused = stockholm.post(f"/kommun/stimulansmedel/{grant_id}/redovisning", data=data)

    assert refused.status_code == 422
    page = refused.text
    assert f'id="{form}-amount-fel"' in page
    assert "Användningen är mer än det som är kvar av tilldelningen" in page
    assert f'id="{form}-amount" name="amount" type="number" value="99000000"' in page
    assert "Redovisad användning" not in page  # nothing was saved
