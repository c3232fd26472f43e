"""The money's terms end to end (issue 13, points 3–7), on a migrated SQLite file: the
municipality's tilläggsbelopp page and API, the price proposal page and API, the officer's
terms page (organiser shares, clearing, payees) and the invoices to other counties, and the
`samverka prices|compensation` commands for them.

The world: Stockholm (0180) and Nacka (0182) are members, with a common list for 2026; Stockholm's
pupil Ebba studies at Nacka's school, Ulla from Uppsala (0380, outside the area) too, and the
protected pupil Hemlig, registered in Stockholm, at an independent school.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import argon2
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
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList
from samverka.compensation.domain.pupil_record import Placement, PupilRecord, Registration
from samverka.compensation.services.compensation import COMMON, import_price_list, run_month
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.web.deps import clock
from samverka.register.domain.population import PopulationRecord
from samverka.register.services.register import load_population
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

YEAR = 2026
NOW = datetime(YEAR, 9, 20, tzinfo=UTC)
PASSWORD = "correct horse battery"
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
COMMAND_LINE = Actor("cli:test", Role.OFFICER, "command line")
STOCKHOLM, NACKA, UPPSALA = "0180", "0182", "0380"
EBBA, HEMLIG, ULLA = personal_id(1), personal_id(2), personal_id(3)
FRISKOLAN = Organiser.independent("556000-1111")
SEPTEMBER = Month(YEAR, 9)


@dataclass
class Register:
    pupils: list[PupilRecord]

    def pupil_records(self, first: date, last: date) -> list[PupilRecord]:
        return self.pupils


def _pupil(pid: str, home: str, organiser: Organiser) -> PupilRecord:
    placement = Placement(organiser, "22222222", "NA", None, date(YEAR, 8, 15))
    return PupilRecord(pid, (placement,), (Registration(home, date(2010, 1, 1)),))


REGISTER = Register(
    [
        _pupil(EBBA, STOCKHOLM, Organiser.municipality(NACKA)),
        _pupil(ULLA, UPPSALA, Organiser.municipality(NACKA)),
        _pupil(HEMLIG, STOCKHOLM, FRISKOLAN),
    ]
)


def _world(factory: sessionmaker[Session]) -> None:
    uow = SqlUnitOfWork(factory)
    with uow:
        uow.catalogue.add_municipalities(
            [Municipality(STOCKHOLM, "Stockholm"), Municipality(NACKA, "Nacka")]
        )
        uow.commit()
    hemlig = PopulationRecord(HEMLIG, date(2010, 3, 1), "Hemlig Person", STOCKHOLM, "", True)
    load_population(
        uow, records=[hemlig], extract_date=date(YEAR, 8, 1), source="f", actor=OFFICE, now=NOW
    )
    prices = PriceList(YEAR, (Price("NA", None, Decimal(120000)),))
    import_price_list(uow, price_list=prices, kind=COMMON, actor=OFFICE, now=NOW)
    for username, role, scope in (
        ("alva", Role.OFFICER, {}),
        ("anders", Role.ANALYST, {}),
        ("stina", Role.ASSOCIATION_STAFF, {}),
        ("kommun", Role.MUNICIPALITY, {"municipality_code": STOCKHOLM}),
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


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/t.db"


@pytest.fixture
def database(database_url: str) -> sessionmaker[Session]:
    factory = bootstrap.database(Settings(database_url=database_url))
    _world(factory)
    return factory


@pytest.fixture
def web(database_url: str, database: sessionmaker[Session]) -> FastAPI:
    login = LocalLogin(lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=lambda: NOW))
    app = create_app(
        Settings(database_url=database_url), session_factory=database, authenticator=login
    )
    app.dependency_overrides[clock] = lambda: NOW
    return app


@pytest.fixture
def official(web: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(web, "kommun", PASSWORD)


@pytest.fixture
def officer(web: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(web, "alva", PASSWORD)


@pytest.fixture
def staff(web: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(web, "stina", PASSWORD)


def _book(database: sessionmaker[Session]) -> None:
    run_month(SqlUnitOfWork(database), month=SEPTEMBER, actor=OFFICE, now=NOW, source=REGISTER)


# -- tilläggsbelopp -----------------------------------------------------------------------------
GRANT_FORM = {
    "personal_id": EBBA,
    "kind": "niu",
    "amount": "24 000",
    "per": "year",
    "first": "2026-09",
    "last": "",
    "decided_on": "2026-08-20",
    "reference": "UN 2026/88",
}


def test_the_finance_officer_records_a_tillaggsbelopp_that_the_run_pays_on_its_own_row(
    official: TestClient, database: sessionmaker[Session]
) -> None:
    token = form_token(official, "/ersattning/tillaggsbelopp")
    sent = official.post(
        "/ersattning/tillaggsbelopp",
        data={**GRANT_FORM, "csrf_token": token},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    page = official.get("/ersattning/tillaggsbelopp")
    assert EBBA in page.text
    assert "24\xa0000,00" in page.text
    _book(database)
    statement = official.get("/ersattning", params={"manad": "2026-09"})
    assert "Tilläggsbelopp NIU" in statement.text
    listed = official.get("/api/v1/compensation/additional-grants").json()
    assert [(g["personal_id"], g["kind"], g["amount"]) for g in listed] == [
        (EBBA, "niu", "24000.00")
    ]


def test_a_bad_tillaggsbelopp_is_refused_with_the_reason_in_the_users_language(
    official: TestClient,
) -> None:
    token = form_token(official, "/ersattning/tillaggsbelopp")
    bad = {**GRANT_FORM, "personal_id": EBBA[:-1] + "0", "first": "2026-10", "last": "2026-09"}
    answer = official.post("/ersattning/tillaggsbelopp", data={**bad, "csrf_token": token})
    assert answer.status_code == 422
    assert "Uppgifterna behöver rättas" in answer.text
    assert "kontrollsiffran är fel" in answer.text
    assert "last month" in answer.text
    official.cookies.set("lang", "en")
    english = official.post("/ersattning/tillaggsbelopp", data={**bad, "csrf_token": token})
    assert "The details need correcting" in english.text
    assert official.get("/api/v1/compensation/additional-grants").json() == []
    other = official.get("/ersattning/tillaggsbelopp", params={"kommun": NACKA})
    assert other.status_code == 403


GRANTS_PAGE = "/ersattning/tillaggsbelopp"


def test_a_refused_tillaggsbelopp_comes_back_as_the_page_with_each_error_at_its_field(
    official: TestClient,
) -> None:
    form = official.get(GRANTS_PAGE).text
    assert f'<input type="hidden" name="_page" value="{GRANTS_PAGE}">' in form
    token = form_token(official, GRANTS_PAGE)
    bad = {**GRANT_FORM, "amount": "-5", "first": "2026-13", "reference": ""}
    refused = official.post(GRANTS_PAGE, data={**bad, "csrf_token": token, "_page": GRANTS_PAGE})

    assert refused.status_code == 422
    page = refused.text
    assert "Uppgifterna behöver rättas" in page
    assert '<a href="#reference">Fyll i fältet.</a>' in page
    assert 'id="amount-fel"' in page
    assert "Skriv ett tal större än 0." in page
    assert 'id="first-fel"' in page
    assert "Värdet har inte rätt form." in page
    assert 'name="amount" type="text" value="-5"' in page  # the input is kept
    assert f'value="{EBBA}"' in page
    assert "Kommunen har inga beslut om tilläggsbelopp." in page  # nothing was saved


def test_a_tillaggsbelopp_the_service_refuses_comes_back_with_its_reason_at_the_field(
    official: TestClient, officer: TestClient
) -> None:
    token = form_token(official, GRANTS_PAGE)
    wrong = {
        **GRANT_FORM,
        "personal_id": EBBA[:-1] + "0",
        "csrf_token": token,
        "_page": GRANTS_PAGE,
    }
    refused = official.post(GRANTS_PAGE, data=wrong)
    assert refused.status_code == 422
    assert 'id="personal_id-fel"' in refused.text
    assert "kontrollsiffran är fel" in refused.text
    assert official.get("/api/v1/compensation/additional-grants").json() == []
    sent = official.post(GRANTS_PAGE, data={**GRANT_FORM, "csrf_token": token})
    assert sent.status_code == 200  # recorded, and the page shown again
    # the officer ends it on the municipality's page: a named form of its own row
    page = f"{GRANTS_PAGE}?kommun={STOCKHOLM}"
    token = form_token(officer, page)
    ending = {"last": "2026-08", "csrf_token": token, "_page": page, "_form": "avsluta-1"}
    ended = officer.post(f"{GRANTS_PAGE}/1/avsluta?kommun={STOCKHOLM}", data=ending)
    assert ended.status_code == 422
    assert 'id="avsluta-1-last-fel"' in ended.text
    assert "Sista månaden 2026-08 är före beslutets första månad" in ended.text
    assert 'id="avsluta-1-last" name="last" type="text" value="2026-08"' in ended.text
    assert 'id="personal_id" name="personal_id" type="text" value=""' in ended.text
    listed = official.get("/api/v1/compensation/additional-grants").json()
    assert [g["last"] for g in listed] == [None]


def test_a_protected_pupils_decision_is_masked_for_the_municipality_but_not_the_officer(
    official: TestClient, officer: TestClient
) -> None:
    body = {**{k: v for k, v in GRANT_FORM.items() if k != "last"}, "personal_id": HEMLIG}
    body["amount"] = "24000"
    sent = official.post(
        "/api/v1/compensation/additional-grants", json=body, headers=api_headers(official)
    )
    assert sent.status_code == 201, sent.text
    assert HEMLIG not in official.get("/ersattning/tillaggsbelopp").text
    (row,) = official.get("/api/v1/compensation/additional-grants").json()
    assert row["personal_id"] is None
    shown = officer.get("/ersattning/tillaggsbelopp", params={"kommun": STOCKHOLM})
    assert HEMLIG in shown.text


def test_a_file_of_decisions_is_imported_from_the_page_and_a_decision_ended(
    official: TestClient,
) -> None:
    content = (
        "personnummer;slag;belopp;per;fran;till;beslutsdatum;diarienummer\n"
        f"{EBBA};modersmal;1500;manad;2026-09;2026-12;2026-08-30;UN 1\n"
    ).encode()
    token = form_token(official, "/ersattning/tillaggsbelopp")
    sent = official.post(
        "/ersattning/tillaggsbelopp/fil",
        data={"csrf_token": token},
        files={"file": ("tillagg.csv", content, "text/csv")},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    ended = official.post(
        "/api/v1/compensation/additional-grants/1/end",
        json={"last": "2026-10"},
        headers=api_headers(official),
    )
    assert ended.json() == {"last": "2026-10"}


# -- the price proposal -----------------------------------------------------------------------
def test_the_association_proposes_a_list_and_sees_who_has_not_decided(
    staff: TestClient, official: TestClient
) -> None:
    token = form_token(staff, "/ersattning/prislista")
    proposal = {
        "year": "2027",
        "percent": "2,8",
        "level_percent": "",
        "proposed_on": "2026-09-15",
        "reference": "Styrelsen § 7",
        "csrf_token": token,
    }
    made = staff.post("/ersattning/prislista/forslag", data=proposal, follow_redirects=False)
    assert made.status_code == 303, made.text
    page = staff.get("/ersattning/prislista", params={"ar": "2027"})
    assert "Har inte beslutat: 0180, 0182" in page.text
    token = form_token(official, "/ersattning/prislista?ar=2027")
    decision = {
        "year": "2027",
        "outcome": "adopted",
        "decided_on": "2026-09-18",
        "reference": "KF § 12",
        "csrf_token": token,
    }
    sent = official.post("/ersattning/prislista/beslut", data=decision, follow_redirects=False)
    assert sent.status_code == 303
    api = staff.get("/api/v1/compensation/price-proposals/2027").json()
    assert api["undecided"] == [NACKA]
    assert api["deadline"] == "2026-12-01"
    assert staff.post("/ersattning/prislista/beslut", data=decision).status_code == 403


PROPOSALS = "/ersattning/prislista"


def test_a_refused_proposal_comes_back_as_the_page_with_each_error_at_its_field(
    staff: TestClient,
) -> None:
    token = form_token(staff, PROPOSALS)
    sent = {"csrf_token": token, "_page": PROPOSALS, "_form": "forslag"}
    bad = {"year": "2027", "percent": "150", "level_percent": "2-6", "proposed_on": "2026-09-15"}
    refused = staff.post(f"{PROPOSALS}/forslag", data={**bad, "reference": "", **sent})

    assert refused.status_code == 422
    page = refused.text
    assert '<a href="#forslag-reference">Fyll i fältet.</a>' in page
    assert 'id="forslag-percent-fel"' in page
    assert "Skriv ett tal som är högst 100." in page
    assert 'id="forslag-level_percent-fel"' in page
    assert "Värdet har inte rätt form." in page
    assert 'id="forslag-level_percent" name="level_percent" type="text" value="2-6"' in page
    assert "Det finns inget förslag till prislista ännu." in page  # nothing was saved
    staff.cookies.set("lang", "en")
    future = {**bad, "percent": "2,8", "level_percent": "2:6", "proposed_on": "2026-12-24"}
    later = staff.post(f"{PROPOSALS}/forslag", data={**future, "reference": "S 1", **sent})
    assert later.status_code == 422
    assert "The details need correcting" in later.text
    assert 'id="forslag-proposed_on-fel"' in later.text
    assert "2026-12-24 lies in the future" in later.text
    assert "There is no price list proposal yet." in later.text


def test_a_decision_the_service_refuses_comes_back_as_the_page_with_its_reason(
    staff: TestClient, official: TestClient
) -> None:
    token = form_token(staff, PROPOSALS)
    proposal = {
        "year": "2027",
        "percent": "2,8",
        "proposed_on": "2026-09-15",
        "reference": "S 1",
        "csrf_token": token,
    }
    assert staff.post(f"{PROPOSALS}/forslag", data=proposal).status_code == 200
    page = f"{PROPOSALS}?ar=2027"
    token = form_token(official, page)
    own = {"year": "2027", "outcome": "own_list", "decided_on": "2026-09-18", "reference": "KF 1"}
    sent = {**own, "csrf_token": token, "_page": page, "_form": "beslut"}
    refused = official.post(f"{PROPOSALS}/beslut", data=sent)
    assert refused.status_code == 409
    assert "Det gick inte att genomföra" in refused.text
    assert "0180 har ingen egen prislista för 2027: läs in den först." in refused.text
    assert '<option value="own_list" selected>' in refused.text  # the choice is kept
    assert 'id="beslut-reference" name="reference" type="text" value="KF 1"' in refused.text
    assert "Har inte beslutat: 0180, 0182" in refused.text  # nothing was saved


# -- the officer's terms, settlement and invoices ----------------------------------------------
def test_the_officer_sets_the_shares_and_the_statement_shows_the_vat_share(
    officer: TestClient, database: sessionmaker[Session]
) -> None:
    token = form_token(officer, "/ersattning/villkor")
    shares = {
        "year": "2026",
        "administration": "3",
        "vat": "6",
        "included": "true",
        "decided_on": "2026-09-01",
        "reference": "KS 2026/4",
        "csrf_token": token,
    }
    assert officer.post("/ersattning/villkor/andelar", data=shares).status_code == 200
    api = officer.get("/api/v1/compensation/year-settings/2026").json()
    assert (api["included"], api["decided"]) == (True, True)
    _book(database)
    body = officer.get(
        "/api/v1/compensation/statement", params={"month": "2026-09", "municipality": STOCKHOLM}
    ).json()
    independent = next(row for row in body["rows"] if row["payee_kind"] == "independent")
    assert independent["amount"] == "10000.00"  # the list includes the shares: nothing added
    assert independent["vat_amount"] == "566.04"  # 10,000 × 6 / 106, shown apart


TERMS = "/ersattning/villkor"


def test_refused_terms_come_back_as_the_page_with_each_error_at_its_field_of_its_form(
    officer: TestClient,
) -> None:
    page = f"{TERMS}?ar=2026"
    token = form_token(officer, page)
    shares = {"year": "2026", "administration": "3", "vat": "30", "reference": "KS 1"}
    sent = {"csrf_token": token, "_page": page, "_form": "andelar"}
    refused = officer.post(f"{TERMS}/andelar", data={**shares, **sent})
    assert refused.status_code == 422
    assert '<a href="#andelar-decided_on">Fyll i fältet.</a>' in refused.text
    assert 'id="andelar-vat-fel"' in refused.text
    assert "Skriv ett tal som är högst 25." in refused.text
    assert 'id="andelar-vat" name="vat" type="text" value="30"' in refused.text
    assert "Inget beslut: standardvärdena gäller" in refused.text  # nothing was saved

    payee = {
        "kind": "independent",
        "code": "556000-1111",
        "name": "Friskolan AB",
        "organisation_number": "556000-1111",
        "outside_area": "true",
        "school_units": "99990001:Katedralskolan:0380:Uppsala\nskolan:S:0380:Uppsala",
    }
    sent = {"csrf_token": token, "_page": TERMS, "_form": "mottagare"}
    refused = officer.post(f"{TERMS}/mottagare", data={**payee, **sent})
    assert refused.status_code == 422
    assert 'id="mottagare-school_units-fel"' in refused.text
    assert "Värdet har inte rätt form." in refused.text
    assert "skolan:S:0380:Uppsala</textarea>" in refused.text  # the lines are kept
    assert 'id="mottagare-outside_area" name="outside_area" value="true" checked' in refused.text
    units = "99990001:Katedralskolan:0380:Uppsala"
    refused = officer.post(f"{TERMS}/mottagare", data={**payee, "school_units": units, **sent})
    assert refused.status_code == 422  # the service's reason, at its field
    assert 'id="mottagare-bankgiro-fel"' in refused.text
    assert "Ange ett bankgironummer eller ett plusgironummer." in refused.text
    assert "Inga betalningsmottagare är registrerade." in refused.text
    assert officer.get("/api/v1/compensation/payees").json() == []


def test_the_invoices_to_other_counties_are_listed_and_downloaded_per_municipality(
    officer: TestClient, database: sessionmaker[Session]
) -> None:
    _book(database)
    page = officer.get("/ersattning/fakturor", params={"manad": "2026-09"})
    assert UPPSALA in page.text
    got = officer.get(
        "/ersattning/fakturor/fil", params={"kommun": UPPSALA, "manad": "2026-09", "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Bokförd månad", "Kommunkod", "Kommun", "Huvudmannatyp"]
    assert rows[1][:2] == ["2026-09", UPPSALA]
    assert rows[1][3:5] == ["Kommun", NACKA]
    assert rows[1][5]  # the organiser's name beside its code
    assert [row[-1] for row in rows[1:]] == ["10000,00"]  # no total among the rows
    assert ULLA not in got.text
    api = officer.get("/api/v1/compensation/invoices", params={"month": "2026-09"}).json()
    assert [(i["municipality_code"], i["total"]) for i in api] == [(UPPSALA, "10000.00")]


def test_the_members_clearing_decision_changes_the_settlement_from_bilateral(
    officer: TestClient, database: sessionmaker[Session]
) -> None:
    _book(database)
    before = officer.get("/api/v1/compensation/settlement", params={"month": "2026-09"}).json()
    assert before["mode"] == "bilateral"
    decision = {
        "mode": "multilateral",
        "from_month": "2026-01",
        "decided_on": "2026-01-10",
        "reference": "Stämman § 4",
    }
    sent = officer.post(
        "/api/v1/compensation/clearing", json=decision, headers=api_headers(officer)
    )
    assert sent.status_code == 201
    after = officer.get("/ersattning/nettning", params={"manad": "2026-09"})
    assert "Medlemmarna har beslutat om clearing" in after.text


def test_a_payee_recorded_by_the_officer_is_on_the_payment_file(
    officer: TestClient, database: sessionmaker[Session]
) -> None:
    payee = {
        "kind": "independent",
        "code": "556000-1111",
        "name": "Friskolan AB",
        "organisation_number": "556000-1111",
        "bankgiro": "5050-1055",
    }
    sent = officer.put("/api/v1/compensation/payees", json=payee, headers=api_headers(officer))
    assert sent.status_code == 200, sent.text
    _book(database)
    params = {"kommun": STOCKHOLM, "manad": "2026-09", "vad": "betalfil"}
    got = officer.get("/ersattning/fil", params=params)
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig")), delimiter=";"))
    friskolan = next(row for row in rows if row[2] == "556000-1111")
    assert friskolan[3:6] == ["Friskolan AB", "556000-1111", "5050-1055"]
    assert friskolan[9:11] == ["SEK", "2026-09-30"]
    assert friskolan[11].startswith("Interkommunal ersättning 2026-09 körning")
    assert "Friskolan AB" in officer.get("/ersattning/villkor").text


# -- the command line ---------------------------------------------------------------------------
def _invoke(url: str, *args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(arg) for arg in args], env={"SAMVERKA_DATABASE_URL": url})
    return result.exit_code, result.output


def test_the_commands_set_the_terms_propose_decide_and_write_the_invoices(
    database_url: str, database: sessionmaker[Session], tmp_path: Path
) -> None:
    code, output = _invoke(database_url, "prices", "shares", "--year", "2026")
    assert (code, output.strip()) == (
        0,
        "2026: administration 3 %, VAT 6 %, added to the list's amounts (the defaults)",
    )
    code, output = _invoke(database_url, "prices", "shares", "--year", "2026", "--vat", "31")
    assert code == 2
    assert "VAT share" in output
    code, output = _invoke(
        database_url, "prices", "propose", "--year", "2027", "--percent", "2.8",
        "--proposed-on", "2026-09-01", "--reference", "S § 1",
    )  # fmt: skip
    assert code == 0, output
    assert "decide before 2026-12-01" in output
    code, output = _invoke(
        database_url, "prices", "decide", "--year", "2027", "--municipality", NACKA,
        "--outcome", "not-adopted", "--decided-on", "2026-09-02", "--reference", "KF 1",
    )  # fmt: skip
    assert code == 0, output
    code, output = _invoke(database_url, "prices", "decisions", "--year", "2027")
    assert "Not decided: 0180." in output
    grants = tmp_path / "grants.csv"
    grants.write_text(
        "personnummer,slag,belopp,per,fran,beslutsdatum,diarienummer\n"
        f"{EBBA},niu,24000,ar,2026-09,2026-08-20,UN 1\n"
        f"{EBBA},dans,1,ar,2026-13,2026-08-20,UN 2\n",
        encoding="utf-8",
    )
    code, output = _invoke(
        database_url, "compensation", "additional", "import", grants, "--municipality", STOCKHOLM
    )
    assert code == 2
    assert "grants.csv:3 [slag]" in output
    assert "grants.csv:3 [fran]" in output
    code, output = _invoke(
        database_url, "compensation", "additional", "add", "--municipality", STOCKHOLM,
        "--personal-id", EBBA, "--kind", "niu", "--amount", "24000", "--first", "2026-09",
        "--decided-on", "2026-08-20", "--reference", "UN 1",
    )  # fmt: skip
    assert code == 0, output
    code, output = _invoke(
        database_url, "compensation", "clearing", "--mode", "multilateral",
        "--from-month", "2026-09", "--decided-on", "2026-06-01", "--reference", "Stämman § 4",
    )  # fmt: skip
    assert "from 2026-09: multilateral" in output
    _book(database)
    folder = tmp_path / "fakturor"
    code, output = _invoke(
        database_url, "compensation", "invoices", "--month", "2026-09", "--output-dir", folder
    )
    assert code == 0, output
    assert (folder / f"faktura-{UPPSALA}-2026-09.csv").is_file()
    code, output = _invoke(database_url, "compensation", "settlement", "--month", "2026-09")
    assert "multilateral clearing" in output
