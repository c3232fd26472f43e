"""The operations plan and budget document through HTTP and the command line, on a small plan
year in a migrated SQLite file (``plan_document_world``): the page, the PDF download, the API's
two formats and ``samverka plan-document``; who may read it; bad years and formats."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import argon2
import pypdfium2 as pdfium
import pytest
from admission_year_builders import OFFICE
from fastapi import FastAPI
from fastapi.testclient import TestClient
from plan_document_world import RATE, REVENUE, build_plan_year
from typer.testing import CliRunner
from web_support import signed_in

from samverka import bootstrap
from samverka.admission.domain.calendar import stockholm_calendar
from samverka.admission.domain.catalogue import Catalogue, Municipality
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.services.admission_year import open_admission_year
from samverka.association.plan.files.document_text import kronor
from samverka.cli import app as cli
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

YEAR = 2026
PASSWORD = "correct horse battery"
CREATED = datetime(2025, 10, 1, 9, tzinfo=UTC)
COMMAND_LINE = Actor("cli:test", Role.OFFICER, "command line")
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
PAGE = f"/forbund/verksamhetsplan/{YEAR}/dokument"
API = f"/api/v1/association/plan/{YEAR}/document"
ACCOUNTS = {
    "stina": (Role.ASSOCIATION_STAFF, {}),
    "bertil": (Role.BOARD_MEMBER, {}),
    "alva": (Role.OFFICER, {}),
    "kommun": (Role.MUNICIPALITY, {"municipality_code": "0180"}),
}
SERVICE_FEES = sum(REVENUE.values()) * RATE / 1000  # the two members' service fees, SEK


def _build(database: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{database}")
    factory = bootstrap.database(settings)
    open_admission_year(
        SqlUnitOfWork(factory),
        year=YEAR,
        region="Storsthlm",
        calendar=stockholm_calendar(YEAR),
        settings=YearSettings(),
        municipalities=[Municipality("0180", "Stockholm"), Municipality("0182", "Nacka")],
        catalogue=Catalogue(organisers=[], school_units=[], offerings=[]),
        actor=OFFICE,
        now=CREATED,
    )
    build_plan_year(SqlUnitOfWork(factory), YEAR)
    for username, (role, scope) in ACCOUNTS.items():
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


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plan-document") / "t.db"
    _build(path)
    return path


@pytest.fixture(scope="module")
def app(database: Path) -> FastAPI:
    settings = Settings(database_url=f"sqlite:///{database}")
    factory = bootstrap.database(settings)
    login = LocalLogin(lambda: SqlUnitOfWork(factory), CHEAP, LoginThrottle(clock=lambda: CREATED))
    return create_app(settings, session_factory=factory, authenticator=login)


@pytest.fixture
def staff(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "stina", PASSWORD)


@pytest.fixture
def board_member(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "bertil", PASSWORD)


def _pdf_text(content: bytes) -> str:
    document = pdfium.PdfDocument(content)
    try:
        pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()
    return "\n".join(pages).replace("\u00a0", " ")


def test_the_staff_see_the_document_with_the_plan_the_budget_the_fees_and_the_decisions(
    staff: TestClient,
) -> None:
    response = staff.get(PAGE)
    assert response.status_code == 200
    page = response.text
    assert '<article class="plan-document" lang="sv"' in page
    assert "Verksamhetsplan och budget 2026</h1>" in page
    assert f"Beslutad av styrelsen {YEAR - 1}-12-04" in page
    assert "Uppdrag: Länsgemensamma handlingsplaner för psykisk hälsa" in page
    assert "Leda nätverket för psykisk hälsa (120 timmar)" in page
    assert '<th scope="col" class="number">Utfall 2025</th>' in page
    assert kronor(SERVICE_FEES) in page  # 0.42 per mille of 68 000 mnkr: 28.56 mnkr
    assert "0,42 promille" in page
    assert "Stimulansmedel psykisk hälsa" in page
    assert f'href="{PAGE}.pdf"' in page


def test_the_page_around_the_document_follows_the_language_but_the_document_stays_swedish(
    staff: TestClient,
) -> None:
    staff.get("/sprak/en")
    page = staff.get(PAGE).text
    assert "Download the document as PDF" in page
    assert "Fokusområden och uppdrag" in page


def test_a_board_member_downloads_the_pdf_with_the_same_figures(board_member: TestClient) -> None:
    response = board_member.get(f"{PAGE}.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="verksamhetsplan-{YEAR}.pdf"'
    )
    found = _pdf_text(response.content)
    assert "Verksamhetsplan och budget 2026" in found
    assert "Avgift per medlemskommun 2026" in found
    assert kronor(SERVICE_FEES).replace("\u00a0", " ") in found


def test_the_api_gives_the_pdf_by_default_and_one_html_file_on_request(
    board_member: TestClient,
) -> None:
    pdf = board_member.get(API)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    html = board_member.get(API, params={"format": "html"})
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert html.headers["content-disposition"].endswith(f'filename="verksamhetsplan-{YEAR}.html"')
    assert html.text.startswith("<!doctype html>")
    assert "@media print" in html.text


def test_a_year_without_a_plan_gives_a_document_that_says_there_is_no_data(
    staff: TestClient,
) -> None:
    page = staff.get("/forbund/verksamhetsplan/2031/dokument").text
    assert "Ingen verksamhetsplan är registrerad för 2031." in page
    assert "Ingen budget är registrerad för 2031." in page
    assert "Inga medlemsavgifter är beräknade för 2031." in page


@pytest.mark.parametrize("path", [PAGE, f"{PAGE}.pdf", API])
@pytest.mark.parametrize("username", ["alva", "kommun"])
def test_other_roles_may_not_read_the_document(app: FastAPI, path: str, username: str) -> None:
    for client in signed_in(app, username, PASSWORD):
        assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", [PAGE, f"{PAGE}.pdf", API])
def test_a_visitor_not_signed_in_is_asked_to_sign_in(app: FastAPI, path: str) -> None:
    with TestClient(app) as client:
        assert client.get(path, follow_redirects=False).status_code == 401


@pytest.mark.parametrize(
    ("query", "says"),
    [("format=docx", "format"), ("format=", "format")],
)
def test_the_api_refuses_an_unknown_format(board_member: TestClient, query: str, says: str) -> None:
    response = board_member.get(f"{API}?{query}")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert says in str(error).lower()


@pytest.mark.parametrize("year", ["1999", "2101", "twenty"])
def test_the_api_and_the_page_refuse_a_year_out_of_range(
    board_member: TestClient, year: str
) -> None:
    api = board_member.get(f"/api/v1/association/plan/{year}/document")
    assert api.status_code == 422
    assert "year" in str(api.json()["error"]).lower()
    assert board_member.get(f"/forbund/verksamhetsplan/{year}/dokument").status_code == 422


def _invoke(database: Path, *args: str) -> tuple[int, str]:
    env = {"SAMVERKA_DATABASE_URL": f"sqlite:///{database}"}
    result = CliRunner().invoke(cli, ["plan-document", *args], env=env)
    return result.exit_code, result.output


def test_the_command_line_writes_the_pdf_and_the_html_file(database: Path, tmp_path: Path) -> None:
    pdf, html = tmp_path / "plan.pdf", tmp_path / "plan.html"
    code, output = _invoke(database, "--year", str(YEAR), "--out", str(pdf))
    assert code == 0, output
    assert f"PDF written to {pdf}" in output
    assert "Verksamhetsplan och budget 2026" in _pdf_text(pdf.read_bytes())
    code, output = _invoke(database, "--out", str(html))  # the year with a plan by default
    assert code == 0, output
    assert "Verksamhetsplan och budget 2026</h1>" in html.read_text(encoding="utf-8")


def test_the_command_line_refuses_a_file_that_is_neither_pdf_nor_html(
    database: Path, tmp_path: Path
) -> None:
    out = tmp_path / "plan.docx"
    code, output = _invoke(database, "--year", str(YEAR), "--out", str(out))
    assert code == 2
    assert "must end in .pdf or .html" in output
    assert not out.exists()


def test_the_api_description_offers_the_document_as_pdf_and_as_html(app: FastAPI) -> None:
    with TestClient(app) as client:
        described = client.get("/api/v1/openapi.json").json()
    operation = described["paths"]["/api/v1/association/plan/{year}/document"]["get"]
    assert set(operation["responses"]["200"]["content"]) == {"application/pdf", "text/html"}
    (format_parameter,) = [p for p in operation["parameters"] if p["name"] == "format"]
    assert format_parameter["in"] == "query"
