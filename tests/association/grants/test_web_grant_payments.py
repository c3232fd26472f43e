"""The state grants' payment file through the grant's page and the command line, on a migrated
SQLite file: the staff record the recipients' payment details with the page's form, download
the payout's payment file (CSV and XLSX) that adds up to what the allocation pays; a payee
without details is refused, named, on the page and in the command line; a board member may not
download it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_support import form_token, signed_in

from samverka import bootstrap
from samverka.cli import app as cli_app
from samverka.config import Settings
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.files.payment_file import PAYMENT_HEADER
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

from .test_web_state_grants import CHEAP, CREATED, PASSWORD, _allocate, _build, _create

DETAILS = {
    "region": ("Region Stockholm", "232100-0016", "5050-1055", ""),
    "0180": ("Stockholms kommun", "212000-0142", "", "4711-2"),
    "0182": ("Nacka kommun", "212000-0167", "123-4567", ""),
    "0114": ("Upplands Väsby kommun", "212000-0209", "5050-1055", ""),
}
PAID = Decimal(113_200_000) - Decimal(4_528_000)  # all of it less the county-wide set-aside


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "t.db"


@pytest.fixture
def app(database: Path) -> FastAPI:
    settings = Settings(database_url=f"sqlite:///{database}")
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


def _record(staff: TestClient, grant_id: int, recipient: str) -> int:
    path = f"/forbund/stimulansmedel/{grant_id}"
    name, number, bankgiro, plusgiro = DETAILS[recipient]
    data = {
        "recipient": recipient,
        "name": name,
        "organisation_number": number,
        "bankgiro": bankgiro,
        "plusgiro": plusgiro,
        "csrf_token": form_token(staff, path),
    }
    done = staff.post(f"{path}/betalningsmottagare", data=data, follow_redirects=False)
    return done.status_code


def _allocated(staff: TestClient) -> int:
    grant_id = _create(staff)
    assert _allocate(staff, grant_id, "kommunkod;vikt\n0180;3\n0182;1\n0114;0\n") == 303
    return grant_id


def test_the_staff_record_the_payees_and_download_a_payment_file_that_adds_up(
    staff: TestClient,
) -> None:
    grant_id = _allocated(staff)
    for recipient in DETAILS:
        assert _record(staff, grant_id, recipient) == 303
    page = staff.get(f"/forbund/stimulansmedel/{grant_id}")
    assert "Hämta betalfilen" in page.text
    assert "Nacka (bankgiro 123-4567)" in page.text
    base = f"/forbund/stimulansmedel/{grant_id}/betalfil"
    got = staff.get(base, params={"format": "csv", "forfallodag": "2018-02-28"})
    assert got.status_code == 200, got.text
    assert "betalfil.csv" in got.headers["content-disposition"]
    header, *rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig")), delimiter=";"))
    assert tuple(header) == PAYMENT_HEADER
    assert [row[2] for row in rows] == ["region", "0180", "0182"]  # 0114's key value was 0
    assert sum(Decimal(row[7].replace(",", ".")) for row in rows) == PAID
    assert {row[10] for row in rows} == {"2018-02-28"}
    assert {row[11] for row in rows} == {"Stimulansmedel 2017 Psykisk hälsa 2017"}
    book = staff.get(base, params={"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(book.content))["Betalningar"]
    _, *cells = list(sheet.iter_rows(values_only=True))
    assert sum(Decimal(str(row[7])) for row in cells) == PAID


def test_a_payee_without_details_is_refused_by_name_and_bad_details_are_shown_at_the_form(
    staff: TestClient, board: TestClient
) -> None:
    grant_id = _allocated(staff)
    assert _record(staff, grant_id, "region") == 303
    assert _record(staff, grant_id, "0180") == 303
    refused = staff.get(f"/forbund/stimulansmedel/{grant_id}/betalfil")
    assert refused.status_code == 409
    assert "Nacka" in refused.text
    assert "Betalningsfilen kan inte skrivas" in refused.text
    assert "Traceback" not in refused.text
    path = f"/forbund/stimulansmedel/{grant_id}"
    bad = staff.post(
        f"{path}/betalningsmottagare",
        data={
            "recipient": "0182",
            "name": "Nacka kommun",
            "bankgiro": "1234567",
            "csrf_token": form_token(staff, path),
        },
    )
    assert bad.status_code == 422
    assert "Nacka (betalningsuppgifter saknas)" in staff.get(path).text
    assert board.get(f"{path}/betalfil").status_code == 403


def test_the_command_line_records_a_payee_and_writes_the_payment_file_or_refuses(
    staff: TestClient, database: Path, tmp_path: Path
) -> None:
    grant_id = str(_allocated(staff))
    env = {"SAMVERKA_DATABASE_URL": f"sqlite:///{database}"}

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(cli_app, ["grants", *args], env=env)
        return result.exit_code, result.output

    out_file = tmp_path / "betalfil.xlsx"
    code, out = run("payment-file", grant_id, str(out_file), "--format", "xlsx")
    assert code != 0
    assert "bankgiro eller plusgiro saknas för Regionen, Stockholm, Nacka" in out
    assert not out_file.exists()
    for recipient in ("region", "0180", "0182"):
        name, number, bankgiro, plusgiro = DETAILS[recipient]
        options = ["--name", name, "--organisation-number", number]
        options += ["--bankgiro", bankgiro] if bankgiro else ["--plusgiro", plusgiro]
        code, out = run("payee", recipient, *options)
        assert code == 0, out
    code, out = run("payee", "0182", "--name", "Nacka kommun", "--bankgiro", "50501055")
    assert code != 0
    assert "50501055 är inte ett bankgironummer" in out
    code, out = run(
        "payment-file", grant_id, str(out_file), "--format", "xlsx", "--due-date", "2018-02-28"
    )
    assert code == 0, out
    assert "3 payments, total 108 672 000 kr, due 2018-02-28" in out
    sheet = openpyxl.load_workbook(out_file)["Betalningar"]
    _, *cells = list(sheet.iter_rows(values_only=True))
    assert sum(Decimal(str(row[7])) for row in cells) == PAID
