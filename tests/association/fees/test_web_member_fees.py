"""Member fees through HTTP and the command line on a migrated SQLite file: the staff import
the members' revenue (bad rows shown, nothing stored), decide the service fee (refused above
the cap) and the admission fee, and download the invoices; a board member reads but may not
post; a municipality sees only its own fees and invoices.

The members: Stockholm (0180) and Nacka (0182); the register: two 16-year-olds in Stockholm
and one in Nacka on 1 September 2026 (born 1 March 2010).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import argon2
import openpyxl
import pytest
from admission_year_builders import OFFICE
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner
from web_support import api_headers, form_token, personal_id, signed_in

from samverka import bootstrap
from samverka.admission.domain.catalogue import Municipality
from samverka.cli import app as cli
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.register.domain.population import PopulationRecord
from samverka.register.services.register import load_population
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

PASSWORD = "correct horse battery"
CREATED = datetime(2026, 9, 2, 9, tzinfo=UTC)
COMMAND_LINE = Actor("cli:test", Role.OFFICER, "command line")
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
REVENUE_CSV = "kommunkod;kommun;intakter\n0180;Stockholm;60 000 000 000\n0182;Nacka;6 300 000 000\n"
DECISION = {"fee_year": "2027", "decided_on": "2026-12-04", "decided_by": "styrelsen § 9"}


def _build(factory: sessionmaker[Session]) -> None:
    uow = SqlUnitOfWork(factory)
    with uow:
        uow.catalogue.add_municipalities(
            [Municipality("0180", "Stockholm"), Municipality("0182", "Nacka")]
        )
        uow.commit()
    people = [
        PopulationRecord(personal_id(n), date(2010, 3, 1), f"Elev {n}", home)
        for n, home in ((1, "0180"), (2, "0180"), (3, "0182"))
    ]
    load_population(
        uow, records=people, extract_date=date(2026, 9, 1), source="f", actor=OFFICE, now=CREATED
    )
    for username, role, scope in (
        ("stina", Role.ASSOCIATION_STAFF, {}),
        ("bertil", Role.BOARD_MEMBER, {}),
        ("kommun", Role.MUNICIPALITY, {"municipality_code": "0180"}),
    ):
        create_account(
            uow,
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


@pytest.fixture
def official(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "kommun", PASSWORD)


def _import(client: TestClient, text: str) -> tuple[int, str]:
    token = form_token(client, "/forbund/avgifter")
    response = client.post(
        "/forbund/avgifter/intakter",
        data={"base_year": "2024", "csrf_token": token},
        files={"file": ("intakter.csv", text.encode(), "text/csv")},
        follow_redirects=True,
    )
    return response.status_code, response.text


def _post(client: TestClient, path: str, form: dict[str, str]) -> tuple[int, str]:
    token = form_token(client, "/forbund/avgifter")
    response = client.post(path, data={**form, "csrf_token": token}, follow_redirects=True)
    return response.status_code, response.text


def _decide_service(client: TestClient, rate: str, **more: str) -> tuple[int, str]:
    form = {**DECISION, "rate_per_mille": rate, "cap_per_mille": "0,50", "base_year": "2024"}
    form["confirmed"] = "ja"  # the confirmation page's answer (test_web_fee_confirmation)
    return _post(client, "/forbund/avgifter/serviceavgift", {**form, **more})


def test_a_revenue_file_with_bad_rows_is_shown_with_every_problem_and_nothing_is_stored(
    staff: TestClient,
) -> None:
    status, page = _import(staff, "kommunkod;intakter\n0180;mycket\n9999;5\n")
    assert status == 422
    assert "&#39;mycket&#39; är inget belopp i kronor." in page
    assert "&#39;9999&#39; är inte en medlemskommuns kod." in page
    assert "60 000 000 000" not in page.replace("\xa0", " ")
    status, page = _import(staff, REVENUE_CSV)
    assert status == 200
    assert "60\xa0000\xa0000\xa0000" in page


def test_the_staff_decide_the_fees_under_the_cap_and_download_the_invoices(
    staff: TestClient,
) -> None:
    _import(staff, REVENUE_CSV)
    status, page = _decide_service(staff, "0,51")
    assert status == 422
    assert "exceeds the general assembly&#39;s cap of 0.50 per mille" in page
    status, page = _decide_service(staff, "0,42")
    assert status == 200
    assert "25\xa0200\xa0000" in page  # Stockholm: 0.42 ‰ of 60 bn
    assert "2\xa0646\xa0000" in page  # Nacka
    assert '<svg xmlns="http://www.w3.org/2000/svg" id="chart-member-fees"' in page
    form = {**DECISION, "budgeted_cost": "3 000 000", "fee_age": "16", "confirmed": "ja"}
    status, page = _post(
        staff, "/forbund/avgifter/antagningsavgift", {**form, "reference_date": "2026-09-01"}
    )
    assert status == 200
    assert "1\xa0000\xa0000,00 kr per ungdom" in page
    csv_file = staff.get("/forbund/avgifter/2027/fakturor?format=csv")
    assert csv_file.status_code == 200
    assert csv_file.content.startswith(b"\xef\xbb\xbf")  # Swedish Excel: UTF-8 with BOM
    lines = csv_file.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Fakturanummer;Avgift;Avgiftsår;Kommunkod;Kommun")
    assert len(lines) == 1 + 4 * 4  # four invoices of four instalments
    assert "SA-2027-0180-1;Serviceavgift;2027;0180;Stockholm;2026-12-04;1 av 4;2027-01-31;" in (
        csv_file.text
    )
    excel = staff.get("/forbund/avgifter/2027/fakturor?format=xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(excel.content))
    assert workbook.sheetnames == ["Fakturor"]
    rows = list(workbook["Fakturor"].iter_rows(values_only=True))
    assert len(rows) == 17
    assert rows[0][-1] == "Belopp"
    # the instalments add up to the invoices: 27 846 000 + 3 000 000 (no sum counts twice)
    assert sum(Decimal(str(row[-1])) for row in rows[1:]) == Decimal(30_846_000)


def test_the_admission_fee_charges_each_service_as_its_own_invoice_line(
    staff: TestClient, official: TestClient
) -> None:
    # Source: seed 001 (budget 2018, p. 29): the admission office, UEDB and the new admission
    # system are charged by agreement, the system's cost "utdebiteras med 50 procent år 2018",
    # with "en återbetalning för kostnader 2017"; per registered 16-year-old (p. 7).
    form = {
        **DECISION,
        "budgeted_cost": "3 000 000",
        "register_cost": "600 000",
        "admission_system_cost": "300 000",
        "admission_system_text": "50 % av 0,6 mnkr",
        "recovery_cost": "",
        "count_basis": "cohort",
        "reference_date": "2026-09-01",
        "confirmed": "ja",  # the confirmation page's answer (test_web_fee_confirmation)
    }
    status, page = _post(staff, "/forbund/avgifter/antagningsavgift", form)
    assert status == 200, page
    assert "3 ungdomar födda 2010 (fyller 16 år 2026)" in page
    assert "1\xa0300\xa0000,00 kr per ungdom" in page
    assert "Ungdoms- och elevdatabasen (UEDB): 600\xa0000 kr" in page
    assert "Antagningssystemet (50 % av 0,6 mnkr): 200\xa0000" in page  # Stockholm's line
    own = official.get("/kommun/avgifter").text
    assert "Gymnasieantagningen: 2\xa0000\xa0000" in own
    assert "Ungdoms- och elevdatabasen (UEDB): 400\xa0000" in own
    api = staff.get("/api/v1/association/fees/2027").json()
    assert [(c["kind"], c["cost"]) for c in api["admission"]["charges"]] == [
        ("admission_office", "3000000.00"),
        ("register", "600000.00"),
        ("admission_system", "300000.00"),
    ]
    assert api["admission"]["count_basis"] == "cohort"
    stockholm = next(i for i in api["invoices"] if i["municipality_code"] == "0180")
    assert [(x["kind"], x["amount"]) for x in stockholm["lines"]] == [
        ("admission_office", "2000000.00"),
        ("register", "400000.00"),
        ("admission_system", "200000.00"),
    ]
    status, page = _post(
        staff,
        "/forbund/avgifter/antagningsavgift",
        {**form, "register_cost": "-5", "reason": "ny"},
    )
    assert status == 422
    assert "a cost cannot be negative" in page


def test_a_decided_year_is_decided_again_only_with_a_reason(staff: TestClient) -> None:
    _import(staff, REVENUE_CSV)
    _decide_service(staff, "0,42")
    status, page = _decide_service(staff, "0,40")
    assert status == 409
    assert "redan beslutad" in page
    status, page = _decide_service(staff, "0,40", reason="Stämman sänkte avgiften")
    assert status == 200
    assert "Stämman sänkte avgiften" in page
    assert "Ersatt" in page


def test_a_board_member_reads_the_fees_but_may_not_decide(
    staff: TestClient, board: TestClient
) -> None:
    _import(staff, REVENUE_CSV)
    _decide_service(staff, "0,42")
    page = board.get("/forbund/avgifter")
    assert page.status_code == 200
    assert "Fastställ serviceavgift" not in page.text
    assert board.get("/forbund/avgifter/2027").status_code == 200
    status, _ = _decide_service(board, "0,30", reason="försök")
    assert status == 403
    refused = board.post(
        "/api/v1/association/fees/2027/service-fee",
        headers=api_headers(board),
        json={
            "rate_per_mille": "0.3",
            "base_year": 2024,
            "decided_on": "2026-12-04",
            "decided_by": "x",
            "reason": "y",
        },
    )
    assert refused.status_code == 403


def test_a_municipality_sees_only_its_own_fees_and_invoices(
    staff: TestClient, official: TestClient
) -> None:
    _import(staff, REVENUE_CSV)
    _decide_service(staff, "0,42")
    form = {**DECISION, "budgeted_cost": "3000000", "reference_date": "2026-09-01"}
    _post(staff, "/forbund/avgifter/antagningsavgift", {**form, "confirmed": "ja"})
    page = official.get("/kommun/avgifter")
    assert page.status_code == 200
    assert "SA-2027-0180-1" in page.text
    assert "SA-2027-0182-1" not in page.text
    assert "0,42 promille av kommunens intäkter 2024, 60\xa0000\xa0000\xa0000 kr" in page.text
    assert (
        "2 ungdomar födda 2010 (fyller 16 år 2026) folkbokförda 2026-09-01, 1\xa0000\xa0000,00"
        in (page.text)
    )
    own = official.get("/api/v1/municipality/fees").json()
    assert [(y["fee_year"], y["service_fee"], y["admission_fee"]) for y in own] == [
        (2027, "25200000.00", "2000000.00")
    ]
    assert (own[0]["revenue"], own[0]["young_people"]) == ("60000000000.00", 2)
    assert {i["municipality_code"] for y in own for i in y["invoices"]} == {"0180"}
    assert official.get("/forbund/avgifter").status_code == 403
    assert official.get("/api/v1/association/fees/2027").status_code == 403


def test_the_api_decides_and_reads_a_fee_year(staff: TestClient) -> None:
    headers = api_headers(staff)
    for code, revenue in (("0180", "60000000000"), ("0182", "6300000000")):
        done = staff.put(
            f"/api/v1/association/revenue-bases/2024/{code}",
            headers=headers,
            json={"revenue": revenue},
        )
        assert done.status_code == 204, done.text
    decided = staff.post(
        "/api/v1/association/fees/2027/admission-fee",
        headers=headers,
        json={
            "budgeted_cost": "3000000",
            "reference_date": "2026-09-01",
            "decided_on": "2026-12-04",
            "decided_by": "styrelsen § 10",
        },
    )
    assert decided.status_code == 201, decided.text
    assert decided.json()["young_people"] == 3
    year = staff.get("/api/v1/association/fees/2027").json()
    assert year["admission_total"] == "3000000.00"
    rows = {row["municipality_code"]: row for row in year["municipalities"]}
    assert (rows["0180"]["young_people"], rows["0180"]["admission_fee"]) == (2, "2000000.00")
    assert [y["fee_year"] for y in staff.get("/api/v1/association/fees").json()] == [2027]


def _invoke(database: Path, *args: str) -> tuple[int, str]:
    env = {"SAMVERKA_DATABASE_URL": f"sqlite:///{database}"}
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.output


def test_the_command_line_imports_decides_shows_and_writes_invoices(
    app: FastAPI, database: Path, tmp_path: Path
) -> None:
    revenue = tmp_path / "intakter.csv"
    revenue.write_text(REVENUE_CSV, encoding="utf-8")
    code, output = _invoke(database, "fees", "revenue-import", str(revenue), "--base-year", "2024")
    assert code == 0, output
    assert "66 300 000 000 kr" in output
    code, output = _invoke(
        database, "fees", "decide", "--year", "2027", "--rate", "0.51", "--base-year", "2024"
    )
    assert code == 2
    assert "exceeds the general assembly's cap" in output
    code, output = _invoke(
        database, "fees", "decide", "--year", "2027", "--rate", "0.42", "--base-year", "2024"
    )
    assert code == 0, output
    assert "27 846 000 kr from 2 municipalities" in output
    code, output = _invoke(
        database,
        "fees",
        "admission",
        "--year",
        "2027",
        "--cost",
        "3000000",
        "--reference-date",
        "2026-09-01",
    )
    assert code == 0, output
    assert "3 young people, 1000000.00 kr each" in output
    code, output = _invoke(database, "fees", "show", "--year", "2027")
    assert code == 0, output
    assert "Stockholm" in output
    assert "30 846 000" in output  # the year's total: 27 846 000 + 3 000 000
    out = tmp_path / "fakturor.xlsx"
    code, output = _invoke(database, "fees", "invoices", "--year", "2027", "--out", str(out))
    assert code == 0, output
    assert "4 invoices, 16 instalments" in output
    assert out.is_file()
    code, output = _invoke(
        database,
        "fees",
        "admission",
        "--year",
        "2027",
        "--cost",
        "3000000",
        "--register-cost",
        "600000",
        "--recovery-cost",
        "30000",
        "--recovery-text",
        "2025 års underskott",
        "--basis",
        "exact_age",
        "--reference-date",
        "2026-09-01",
        "--reason",
        "UEDB och underskottet som egna rader",
    )
    assert code == 0, output
    assert "3 young people, 1210000.00 kr each" in output
    rows = tmp_path / "rader.csv"
    code, output = _invoke(
        database, "fees", "invoices", "--year", "2027", "--out", str(rows), "--lines"
    )
    assert code == 0, output
    assert "4 invoices, 8 lines" in output  # 2 service, 2 × 3 admission lines
    written = rows.read_text(encoding="utf-8")
    assert "AA-2027-0182-2,Antagningsavgift,2027,0182,Nacka," in written
    assert ",3,Återbetalning av tidigare års kostnader,2025 års underskott,10000.00" in written


def _refused(client: TestClient, path: str, form: str, data: dict[str, str]) -> tuple[int, str]:
    token = form_token(client, "/forbund/avgifter")
    sent = {**data, "csrf_token": token, "_page": "/forbund/avgifter", "_form": form}
    response = client.post(path, data=sent, follow_redirects=False)
    return response.status_code, response.text


def test_a_refused_fee_decision_comes_back_with_the_input_kept_and_each_error_at_its_field(
    staff: TestClient,
) -> None:
    form = {**DECISION, "rate_per_mille": "mycket", "base_year": "2024", "decided_by": ""}
    status, page = _refused(staff, "/forbund/avgifter/serviceavgift", "serviceavgift", form)
    assert status == 422
    assert "Uppgifterna behöver rättas" in page
    assert "Inget har sparats." in page
    assert '<a href="#serviceavgift-rate_per_mille">Skriv ett tal.</a>' in page
    assert '<a href="#serviceavgift-decided_by">Fyll i fältet.</a>' in page
    assert 'id="serviceavgift-rate_per_mille-fel"' in page
    assert 'name="rate_per_mille" type="text" value="mycket"' in page
    assert 'name="fee_year" type="number" value="2027"' in page  # the valid input is kept too
    assert "Inga avgifter är fastställda ännu." in page  # nothing was saved


def test_a_fee_decision_the_service_refuses_names_the_problem_at_its_field(
    staff: TestClient,
) -> None:
    _import(staff, REVENUE_CSV)
    form = {**DECISION, "rate_per_mille": "0,51", "cap_per_mille": "0,50", "base_year": "2024"}
    status, page = _refused(staff, "/forbund/avgifter/serviceavgift", "serviceavgift", form)
    assert status == 422
    assert 'id="serviceavgift-rate_per_mille-fel"' in page
    assert "exceeds the general assembly&#39;s cap of 0.50 per mille" in page
    assert 'value="0,51"' in page
    assert "Inga avgifter är fastställda ännu." in page
    _decide_service(staff, "0,42")
    again = {**form, "rate_per_mille": "0,40", "confirmed": "ja"}  # refused when it decides
    status, page = _refused(staff, "/forbund/avgifter/serviceavgift", "serviceavgift", again)
    assert status == 409
    assert "Det gick inte att genomföra" in page
    assert "redan beslutad" in page


def test_a_refused_revenue_file_comes_back_with_its_rows_named(staff: TestClient) -> None:
    token = form_token(staff, "/forbund/avgifter")
    refused = staff.post(
        "/forbund/avgifter/intakter",
        data={
            "base_year": "2024",
            "csrf_token": token,
            "_page": "/forbund/avgifter",
            "_form": "intakter",
        },
        files={"file": ("intakter.csv", b"kommunkod;intakter\n0180;mycket\n", "text/csv")},
    )
    assert refused.status_code == 422
    row = "intakter.csv, rad 2 (revenue): &#39;mycket&#39; är inget belopp i kronor."
    assert row in refused.text
    assert "Välj filen igen innan du skickar." in refused.text
    assert "saknas" in refused.text  # nothing was stored
