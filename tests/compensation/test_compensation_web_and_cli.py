"""Money between municipalities end to end: the statement, settlement and report pages and
their API for the municipality's finance officer, the admission officer and the analyst, and
the `samverka prices|compensation` commands, on a migrated SQLite file.

September 2026 is booked from the register: Stockholm (0180) and Nacka (0182) pay each other's
schools for one pupil each, Stockholm pays an independent school, and a fourth pupil, placed at
Nacka's school but registered nowhere the register knows, is an anomaly (issue 13 point 2).
"""

from __future__ import annotations

import csv
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
from web_support import signed_in

from samverka import bootstrap
from samverka.admission.db import tables as at
from samverka.admission.domain.catalogue import Municipality
from samverka.cli import app as cli
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList
from samverka.compensation.services.compensation import COMMON, import_price_list, run_month
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.db.inserts import insert_returning_id
from samverka.platform.domain.personal_id import luhn_check_digit
from samverka.register.domain.placements import SchoolPlacement
from samverka.register.domain.population import PopulationRecord
from samverka.register.services.register import import_placements, load_population
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

YEAR = 2026
NOW = datetime(YEAR, 9, 20, tzinfo=UTC)
PASSWORD = "correct horse battery"
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
COMMAND_LINE = Actor("cli:test", Role.OFFICER, "command line")
STOCKHOLM, NACKA = "0180", "0182"


def pid(serial: int) -> str:
    return f"20100101-{serial:03d}{luhn_check_digit(f'100101{serial:03d}')}"


ETT, TVA, TRE, FYRA = pid(1), pid(2), pid(3), pid(4)
PUPILS = {  # name, home municipality (None: not in the extract), school unit
    ETT: ("Pupil Ett", STOCKHOLM, "22222222"),
    TVA: ("Pupil Två", NACKA, "11111111"),
    TRE: ("Pupil Tre", STOCKHOLM, "33333333"),
    FYRA: ("Pupil Fyra", None, "22222222"),
}
SCHOOLS = (  # unit, municipality, organiser kind, organiser's municipality or number
    ("11111111", STOCKHOLM, "municipal", STOCKHOLM),
    ("22222222", NACKA, "municipal", NACKA),
    ("33333333", STOCKHOLM, "independent", "5560001111"),
)


def _schools(session: Session) -> None:
    for unit, where, kind, who in SCHOOLS:
        organiser = {"name": f"Huvudman {unit}", "kind": kind}
        if kind == "municipal":
            organiser["municipality_code"] = who
        else:
            organiser["organisation_number"] = who
        organiser_id = insert_returning_id(session, at.organiser, organiser)
        values = {"code": unit, "name": f"Skola {unit}", "organiser_id": organiser_id}
        session.execute(at.school_unit.insert().values(**values, municipality_code=where))


def _book(factory: sessionmaker[Session]) -> None:
    uow = SqlUnitOfWork(factory)
    with uow:
        uow.catalogue.add_municipalities(
            [Municipality(STOCKHOLM, "Stockholm", 975551), Municipality(NACKA, "Nacka", 105201)]
        )
        uow.commit()
    with factory() as session:
        _schools(session)
        session.commit()
    born = date(2010, 1, 1)
    records = [
        PopulationRecord(number, born, name, home)
        for number, (name, home, _unit) in PUPILS.items()
        if home is not None
    ]
    load_population(
        uow, records=records, extract_date=date(YEAR, 9, 1), source="t", actor=OFFICE, now=NOW
    )
    placements = [
        SchoolPlacement(number, unit, "NA", "", date(YEAR, 8, 15))
        for number, (_name, _home, unit) in PUPILS.items()
    ]
    import_placements(uow, actor=COMMAND_LINE, placements=placements, now=NOW)
    prices = PriceList(YEAR, (Price("NA", None, Decimal(120000)),))
    import_price_list(uow, price_list=prices, kind=COMMON, actor=OFFICE, now=NOW)
    run_month(uow, month=Month(YEAR, 9), actor=OFFICE, now=NOW)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/t.db"


@pytest.fixture
def database(database_url: str) -> sessionmaker[Session]:
    factory = bootstrap.database(Settings(database_url=database_url))
    _book(factory)
    for username, role, scope in (
        ("alva", Role.OFFICER, {}),
        ("anders", Role.ANALYST, {}),
        ("kommun", Role.MUNICIPALITY, {"municipality_code": NACKA}),
    ):
        create_account(
            SqlUnitOfWork(factory),
            actor=COMMAND_LINE,
            username=username,
            display_name=username.title(),
            role=role,
            password=PASSWORD,
            passwords=CHEAP,
            now=NOW,
            **scope,  # type: ignore[arg-type]
        )
    return factory


@pytest.fixture
def web(database_url: str, database: sessionmaker[Session]) -> FastAPI:
    login = LocalLogin(lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=lambda: NOW))
    return create_app(
        Settings(database_url=database_url), session_factory=database, authenticator=login
    )


@pytest.fixture
def official(web: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(web, "kommun", PASSWORD)


@pytest.fixture
def officer(web: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(web, "alva", PASSWORD)


@pytest.fixture
def analyst(web: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(web, "anders", PASSWORD)


def _swedish_csv(content: bytes) -> list[list[str]]:
    """A file of the Swedish Excel CSV: a byte-order mark, ``;`` between fields."""
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_finance_officer_sees_the_own_statement_and_downloads_it_as_csv_and_excel(
    official: TestClient,
) -> None:
    page = official.get("/ersattning", params={"manad": "2026-09"})
    assert page.status_code == 200
    assert "Att betala: 10\xa0000,00 kr" in page.text
    assert "Pupil" not in page.text
    payment = official.get("/ersattning/fil", params={"manad": "2026-09", "vad": "betalfil"})
    assert payment.headers["content-disposition"].startswith("attachment;")
    assert payment.content.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    rows = _swedish_csv(payment.content)
    assert rows[0] == [
        "Betalande kommunkod", "Betalande kommun", "Mottagarkod", "Mottagare",
        "Organisationsnummer", "Bankgiro", "Plusgiro", "Belopp", "Varav moms", "Valuta",
        "Förfallodag", "Referens",
    ]  # fmt: skip
    [row] = rows[1:]
    assert row[:1] + row[2:3] + row[4:11] == [
        NACKA,
        STOCKHOLM,
        "",
        "",
        "",
        "10000,00",
        "0,00",
        "SEK",
        "2026-09-30",
    ]
    assert all(row[1::2][:2])  # the names beside the codes
    assert row[11].startswith("Interkommunal ersättning 2026-09 körning ")
    excel = official.get("/ersattning/fil", params={"manad": "2026-09", "format": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(excel.content))
    assert workbook.sheetnames == ["Specifikation", "Summa"]
    data = list(workbook["Specifikation"].iter_rows(values_only=True))
    assert data[0][-1] == "Belopp"
    amounts = [row[-1] for row in data[1:]]
    totals = dict(workbook["Summa"].iter_rows(min_row=2, values_only=True))
    assert sum(amounts) == totals["Belopp"] == 10000  # the total once, not among the rows
    assert official.get("/ersattning", params={"kommun": STOCKHOLM}).status_code == 403


def test_a_page_past_the_statements_rows_keeps_its_total_and_leads_back_to_the_first(
    official: TestClient,
) -> None:
    page = official.get("/ersattning", params={"manad": "2026-09", "sidnr": "2"})
    assert page.status_code == 200
    assert "Att betala: 10\xa0000,00 kr" in page.text  # the whole statement's, not the page's
    assert "Sidan finns inte. Listan slutar på sida 1." in page.text
    assert 'href="/ersattning?manad=2026-09">Till första sidan' in page.text
    assert 'id="specifikation"' not in page.text


def test_the_officer_chooses_a_municipality_and_the_api_gives_the_same_statement(
    officer: TestClient,
) -> None:
    page = officer.get("/ersattning", params={"kommun": STOCKHOLM, "manad": "2026-09"})
    assert page.status_code == 200
    api = officer.get(
        "/api/v1/compensation/statement", params={"month": "2026-09", "municipality": STOCKHOLM}
    )
    body = api.json()
    # the independent school also gets 3 % administration (300) and 6 % VAT (618)
    assert Decimal(body["total"]) == Decimal(20918)
    assert Decimal(body["vat_total"]) == Decimal(618)
    assert {row["payee"] for row in body["rows"]} == {NACKA, "5560001111"}


def test_the_settlement_shows_transfers_and_money_saved_to_the_analyst(
    analyst: TestClient,
) -> None:
    page = analyst.get("/ersattning/nettning", params={"manad": "2026-09"})
    assert page.status_code == 200
    body = analyst.get("/api/v1/compensation/settlement", params={"month": "2026-09"}).json()
    assert (body["transfers_before"], body["transfers_after"]) == (2, 0)
    assert Decimal(body["money_saved"]) == Decimal(20000)
    assert analyst.get("/ersattning", params={"manad": "2026-09"}).status_code == 403


def test_the_report_page_draws_the_three_charts_without_naming_pupils(
    analyst: TestClient,
) -> None:
    page = analyst.get("/ersattning/rapport", params={"ar": "2026"})
    assert page.status_code == 200
    assert page.text.count("<svg") == 3
    assert "Pupil" not in page.text
    report = analyst.get("/api/v1/compensation/report", params={"year": "2026"}).json()
    assert report["pupils"] == [
        {"programme": "NA", "home_municipality": STOCKHOLM, "pupils": 2},
        {"programme": "NA", "home_municipality": NACKA, "pupils": 1},
    ]


def _invoke(url: str, *args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(arg) for arg in args], env={"SAMVERKA_DATABASE_URL": url})
    return result.exit_code, result.output


def test_the_commands_import_uplift_close_refuse_and_report(
    database_url: str, database: sessionmaker[Session], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("program,kommun,arspris\nNA,,x\nIMA,9999,1\n", encoding="utf-8")
    code, output = _invoke(database_url, "prices", "import", bad, "--year", "2027")
    assert code == 2
    assert "bad.csv:2 [arspris]" in output
    assert "bad.csv:3 [kommun]" in output
    good = tmp_path / "good.csv"
    good.write_text("program,kommun,arspris\nNA,,121000\nIMA,0182,99000\n", encoding="utf-8")
    assert _invoke(database_url, "prices", "import", good, "--year", "2026")[0] == 0
    code, output = _invoke(
        database_url, "prices", "uplift", "--from-year", "2026", "--percent", "2.8"
    )
    assert code == 0, output
    assert "2 prices for 2027" in output
    assert _invoke(database_url, "compensation", "close", "--month", "2026-09")[0] == 0
    code, output = _invoke(database_url, "compensation", "run", "--month", "2026-09")
    assert code == 1
    assert "stängdes" in output  # the command line says the refusal in Swedish
    statement = tmp_path / "s.xlsx"
    code, output = _invoke(
        database_url,
        "compensation",
        "statement",
        "--municipality",
        STOCKHOLM,
        "--month",
        "2026-09",
        "--format",
        "xlsx",
        "--output",
        statement,
    )
    assert code == 0, output
    assert statement.is_file()
    assert openpyxl.load_workbook(statement).sheetnames == ["Specifikation", "Summa"]
    payments = tmp_path / "betalningar.csv"
    code, output = _invoke(
        database_url, "compensation", "statement", "--municipality", NACKA, "--month", "2026-09",
        "--payment-file", "--due-date", "2026-10-25", "--output", payments,
    )  # fmt: skip
    assert code == 0, output
    [header, row] = _swedish_csv(payments.read_bytes())
    assert header[7:11] == ["Belopp", "Varav moms", "Valuta", "Förfallodag"]
    assert row[7:11] == ["10000,00", "0,00", "SEK", "2026-10-25"]
    payee = tmp_path / "payee.csv"
    code, output = _invoke(
        database_url,
        "compensation",
        "statement",
        "--municipality",
        STOCKHOLM,
        "--month",
        "2026-09",
        "--side",
        "payee",
        "--output",
        payee,
    )
    assert code == 0, output
    last = _swedish_csv(payee.read_bytes())[-1]
    assert last[-6:] == ["1", "10000,00", "0,00", "0,00", "0,00", "10000,00"]
    assert last[0] == "2026-09"  # a row of the statement, not a total
    code, output = _invoke(database_url, "compensation", "settlement", "--month", "2026-09")
    assert "Transfers: 2 before, 0 after" in output
    report = tmp_path / "report.html"
    assert (
        _invoke(database_url, "compensation", "report", "--year", "2026", "--output", report)[0]
        == 0
    )
    assert report.read_text(encoding="utf-8").count("<svg") == 3
    code, output = _invoke(database_url, "compensation", "check", "--year", "2026")
    assert code == 0
    assert "reconciled" in output


def test_the_receiving_side_shows_what_a_municipality_gets_for_other_municipalities_pupils(
    officer: TestClient, official: TestClient
) -> None:
    params = {"kommun": STOCKHOLM, "manad": "2026-09", "sida": "tar-emot"}
    page = officer.get("/ersattning", params=params)
    assert page.status_code == 200
    assert "Att få: 10\xa0000,00 kr" in page.text
    assert f'<th scope="row">Nacka ({NACKA})</th>' in page.text  # by name, the code beside
    own = official.get("/ersattning", params={"manad": "2026-09", "sida": "tar-emot"})
    assert (
        f'<th scope="row">Stockholm ({STOCKHOLM})</th>' in own.text
    )  # Nacka's school has a Stockholm pupil


def test_the_officer_lists_the_independent_organisers_and_downloads_one_statement(
    officer: TestClient,
) -> None:
    listing = officer.get("/ersattning/huvudman", params={"manad": "2026-09"})
    assert listing.status_code == 200
    assert "5560001111" in listing.text
    assert "10\xa0918,00" in listing.text  # 120,000 a year: one twelfth, + 3 % and 6 % VAT
    params = {"huvudman": "5560001111", "slag": "independent", "manad": "2026-09"}
    page = officer.get("/ersattning/huvudman/specifikation", params=params)
    assert page.status_code == 200
    assert "Att få: 10\xa0918,00 kr" in page.text
    assert f'<th scope="row">Stockholm ({STOCKHOLM})</th>' in page.text
    payment = officer.get(
        "/ersattning/huvudman/fil", params={**params, "vad": "betalfil", "format": "csv"}
    )
    assert payment.status_code == 200
    rows = _swedish_csv(payment.content)
    assert [row[:1] + row[2:3] + row[4:10] for row in rows[1:]] == [
        [STOCKHOLM, "5560001111", "", "", "", "10918,00", "618,00", "SEK"]
    ]
    due = {**params, "vad": "betalfil", "forfallodag": "2026-10-25"}
    later = _swedish_csv(officer.get("/ersattning/huvudman/fil", params=due).content)
    assert later[1][10] == "2026-10-25"
    bad = officer.get("/ersattning/huvudman/fil", params={**due, "forfallodag": "25/10"})
    assert bad.status_code == 422


def test_an_organiser_without_lines_has_an_empty_statement_and_a_municipality_may_not_look(
    officer: TestClient, official: TestClient
) -> None:
    params = {"huvudman": "5569999999", "manad": "2026-09"}
    page = officer.get("/ersattning/huvudman/specifikation", params=params)
    assert page.status_code == 200
    assert "Inget bokfört den här månaden." in page.text
    assert official.get("/ersattning/huvudman", params={"manad": "2026-09"}).status_code == 403


def test_the_receiving_side_downloads_as_a_file_too(official: TestClient) -> None:
    params = {"manad": "2026-09", "sida": "tar-emot", "vad": "specifikation", "format": "csv"}
    got = official.get("/ersattning/fil", params=params)
    assert got.status_code == 200
    rows = _swedish_csv(got.content)
    assert rows[1][1] == STOCKHOLM  # Nacka's school, a Stockholm pupil
    assert [row[-1] for row in rows[1:]] == ["10000,00"]


def test_the_command_writes_an_independent_organisers_statement(
    database_url: str, database: sessionmaker[Session], tmp_path: Path
) -> None:
    out = tmp_path / "organiser.csv"
    code, output = _invoke(
        database_url,
        "compensation",
        "statement",
        "--organiser",
        "5560001111",
        "--month",
        "2026-09",
        "--output",
        str(out),
    )
    assert code == 0, output
    rows = _swedish_csv(out.read_bytes())
    assert rows[-1][-1] == "10918,00"
    assert rows[-1][-2] == "618,00"  # the VAT share, shown apart
    assert len(rows) == 2  # the header and the one row: no total among the rows


# -- anomalies (issue 13 point 2) ------------------------------------------------------------------
NO_REGISTRATION_SV = "Ingen folkbokföring på mätdagen: hemkommunen som ska betala är okänd"
NO_REGISTRATION_EN = (
    "No registration on the measurement date: the paying home municipality is unknown"
)


def test_the_finance_officer_sees_the_months_anomaly_with_its_reason_in_either_language(
    official: TestClient,
) -> None:
    statement = official.get("/ersattning", params={"manad": "2026-09"})
    assert "/ersattning/avvikelser?manad=2026-09" in statement.text
    page = official.get("/ersattning/avvikelser", params={"manad": "2026-09"})
    assert page.status_code == 200
    assert f"Pupil Fyra ({FYRA})" not in page.text  # no name: not in the register
    assert FYRA in page.text
    assert NO_REGISTRATION_SV in page.text
    assert "Det går ihop" in page.text
    official.get("/sprak/en")
    english = official.get("/ersattning/avvikelser", params={"manad": "2026-09"})
    assert NO_REGISTRATION_EN in english.text
    assert official.get("/ersattning/avvikelser", params={"kommun": STOCKHOLM}).status_code == 403


def test_the_officer_and_the_api_give_the_months_accounting_and_anomalies(
    officer: TestClient, analyst: TestClient
) -> None:
    page = officer.get("/ersattning/avvikelser", params={"manad": "2026-09"})
    assert page.status_code == 200
    assert FYRA in page.text
    body = officer.get("/api/v1/compensation/anomalies", params={"month": "2026-09"}).json()
    assert (body["placed"], body["paid"], body["not_charged"], body["anomalies"]) == (4, 3, 0, 1)
    assert body["balanced"] is True
    (item,) = body["items"]["items"]
    assert (item["personal_id"], item["reason"], item["school_unit"]) == (
        FYRA,
        "no_registration",
        "22222222",
    )
    assert (item["reason_sv"], item["reason_en"]) == (NO_REGISTRATION_SV, NO_REGISTRATION_EN)
    stockholm = officer.get(
        "/api/v1/compensation/anomalies", params={"month": "2026-09", "municipality": STOCKHOLM}
    ).json()
    assert stockholm["items"]["total"] == 0
    assert analyst.get("/ersattning/avvikelser").status_code == 403
    assert analyst.get(
        "/api/v1/compensation/anomalies", params={"month": "2026-09"}
    ).status_code == (403)


def test_the_commands_list_the_anomalies_with_their_reasons_and_check_each_month(
    database_url: str, database: sessionmaker[Session]
) -> None:
    code, output = _invoke(database_url, "compensation", "run", "--month", "2026-09")
    assert code == 0, output
    assert "anomalies: 1" in output
    assert f"1 × no_registration: {NO_REGISTRATION_EN}" in output
    assert f"2026-09 {FYRA} no_registration" in output
    code, output = _invoke(database_url, "compensation", "anomalies", "--month", "2026-09")
    assert code == 0, output
    assert (
        f"{FYRA} no_registration: no registration (folkbokföring) in force on 2026-09-15" in output
    )
    assert "placement: 22222222 NA" in output
    assert "2026-09 (measured 2026-09-15): 4 placed = 3 paid + 0 at own schools + 1 anomalies" in (
        output
    )
    code, output = _invoke(database_url, "compensation", "anomalies", "--month", "2026-13")
    assert code == 2
    assert "is not YYYY-MM" in output
    code, output = _invoke(database_url, "compensation", "check", "--year", "2026")
    assert code == 0, output
    assert "2026-09 (measured 2026-09-15): 4 placed = 3 paid" in output
