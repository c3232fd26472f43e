"""The operations plan and budget through HTTP and the command line, on a migrated SQLite file:
the staff build and follow up the plan on the pages, import budget lines from Excel (bad rows
listed, nothing saved), a board member reads everything and changes nothing, the API gives the
same figures, and ``samverka plan …`` loads and shows them."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import argon2
import openpyxl
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from operations_plan_support import add_small_plan
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner
from web_support import api_headers, form_token, signed_in

from samverka import bootstrap
from samverka.admission.domain.catalogue import Municipality
from samverka.cli import app as cli
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
PLAN = "/forbund/verksamhetsplan"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["enhet", "år", "typ", "rad", "belopp"]


def _accounts(factory: sessionmaker[Session]) -> None:
    with SqlUnitOfWork(factory) as uow:
        uow.catalogue.add_municipalities([Municipality("0180", "Stockholm")])
        uow.commit()
    for username, role, scope in (
        ("stina", Role.ASSOCIATION_STAFF, {}),
        ("bertil", Role.BOARD_MEMBER, {}),
        ("kommun", Role.MUNICIPALITY, {"municipality_code": "0180"}),
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
            **scope,
        )


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/t.db"


@pytest.fixture
def app(database_url: str) -> FastAPI:
    settings = Settings(database_url=database_url)
    factory = bootstrap.database(settings)
    _accounts(factory)
    add_small_plan(factory)
    login = LocalLogin(lambda: SqlUnitOfWork(factory), CHEAP, LoginThrottle(clock=lambda: CREATED))
    return create_app(settings, session_factory=factory, authenticator=login)


@pytest.fixture
def staff(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "stina", PASSWORD)


@pytest.fixture
def board(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "bertil", PASSWORD)


def workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.worksheets[0]
    sheet.title = "Budget"
    for row in [HEADER, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _post(client: TestClient, path: str, page: str, **data: str | list[str]) -> int:
    form = {"csrf_token": form_token(client, page), **data}
    return client.post(path, data=form, follow_redirects=False).status_code


def test_the_staff_build_the_plan_on_the_page_and_see_the_light_and_comment(
    staff: TestClient,
) -> None:
    page = f"{PLAN}?ar=2026"
    assert (
        _post(staff, f"{PLAN}/omraden", page, year="2026", kind="focus_area", name="Bo och verka")
        == 303
    )
    area_id = re.search(r'<option value="(\d+)">Bo och verka</option>', staff.get(page).text)
    assert area_id is not None
    assert (
        _post(
            staff,
            f"{PLAN}/mal",
            page,
            year="2026",
            area_id=area_id.group(1),
            text="Attraktiv region",
        )
        == 303
    )
    goal = re.search(r'name="goal_ids" value="(\d+)"> Attraktiv region', staff.get(page).text)
    assert goal is not None
    added = _post(
        staff,
        f"{PLAN}/uppdrag",
        page,
        year="2026",
        name="Storsthlms energikontor",
        unit_id="1",
        planned_hours="1000",
        goal_ids=[goal.group(1), "1"],
    )
    assert added == 303
    link = re.search(
        r'href="/forbund/verksamhetsplan/uppdrag/(\d+)">Storsthlms energikontor',
        staff.get(page).text,
    )
    assert link is not None
    detail = f"{PLAN}/uppdrag/{link.group(1)}"
    follow_up = {"period": "T1", "light": "off_track", "comment": "Mötena ställdes in"}
    assert _post(staff, f"{detail}/uppfoljning", detail, **follow_up) == 303

    shown = staff.get(page).text
    assert shown.count("Storsthlms energikontor") == 2  # under both areas its goals belong to
    assert "Ej enligt plan" in shown
    assert "T1: Mötena ställdes in" in shown
    assert "Mötena ställdes in" in staff.get(detail).text


def test_the_staff_report_hours_on_an_activity(staff: TestClient) -> None:
    detail = f"{PLAN}/uppdrag/1"

    assert (
        _post(
            staff, f"{PLAN}/aktiviteter/1/timmar", detail, assignment_id="1", reported_hours="123.5"
        )
        == 303
    )

    assert "123,5" in staff.get(detail).text


def test_a_board_member_reads_the_plan_and_budget_but_has_no_forms_and_may_not_post(
    board: TestClient, staff: TestClient
) -> None:
    plan, budget = board.get(f"{PLAN}?ar=2026"), board.get("/forbund/budget?ar=2026")

    assert plan.status_code == budget.status_code == 200
    assert "E-hälsa" in plan.text
    assert "Välfärdsutveckling" in budget.text
    assert "Lägg till" not in plan.text
    assert "Importera budgetrader" not in budget.text
    token = form_token(board, f"{PLAN}/uppdrag/1")
    refused = board.post(
        f"{PLAN}/omraden",
        data={"csrf_token": token, "year": "2026", "kind": "focus_area", "name": "X"},
        follow_redirects=False,
    )
    assert refused.status_code == 403
    assert "X</h2>" not in staff.get(f"{PLAN}?ar=2026").text


def test_a_municipality_may_not_see_the_budget(app: FastAPI) -> None:
    for client in signed_in(app, "kommun", PASSWORD):
        assert client.get("/forbund/budget").status_code == 403
        assert client.get("/api/v1/association/plan/2026").status_code == 403


def test_the_budget_page_shows_net_cost_charts_and_the_two_staff_allocations(
    staff: TestClient,
) -> None:
    page = staff.get("/forbund/budget", params={"ar": "2026"})

    assert page.status_code == 200
    assert page.text.count("<svg") == 3
    assert "Nettokostnad" in page.text
    assert "−3 100" in page.text or "-3 100" in page.text.replace("\xa0", " ")
    assert "Fördelning inklusive gymnasieantagningen" in page.text
    assert (
        'Hälsa och stöd</th><td class="number">400</td><td class="number">100 %</td>' in page.text
    )


def test_a_budget_file_with_bad_rows_is_listed_on_the_page_and_nothing_is_saved(
    staff: TestClient,
) -> None:
    content = workbook(
        [
            ["Välfärdsutveckling", 2026, "budget", "personalkostnader", 9400],
            ["Okänd", 2026, "budget", "intäkter", 1],
            ["Välfärdsutveckling", 2026, "prognos", "intäkter", 1],
        ]
    )
    token = form_token(staff, "/forbund/budget")

    answer = staff.post(
        "/forbund/budget/import",
        data={"csrf_token": token, "year": "2026", "_page": "/forbund/budget?ar=2026"},
        files={"file": ("budget.xlsx", content, XLSX)},
    )

    assert answer.status_code == 422
    assert "Uppgifterna behöver rättas" in answer.text  # the page again, not an error page
    assert "<h1>Budget 2026</h1>" in answer.text
    assert "Inget har sparats" in answer.text
    assert "Det finns ingen budgetenhet som heter &#39;Okänd&#39;." in answer.text
    assert "budget.xlsx/Budget" in answer.text
    assert "9 400" not in staff.get("/forbund/budget", params={"ar": "2026"}).text.replace(
        "\xa0", " "
    )


def test_a_good_budget_file_is_imported_from_the_page(staff: TestClient) -> None:
    content = workbook([["Välfärdsutveckling", 2026, "budget", "personalkostnader", 9400]])
    token = form_token(staff, "/forbund/budget")

    answer = staff.post(
        "/forbund/budget/import",
        data={"csrf_token": token, "year": "2026"},
        files={"file": ("budget.xlsx", content, XLSX)},
        follow_redirects=False,
    )

    assert answer.status_code == 303
    assert "9 400" in staff.get("/forbund/budget", params={"ar": "2026"}).text.replace("\xa0", " ")


def test_the_template_download_is_a_workbook_naming_the_known_units(staff: TestClient) -> None:
    answer = staff.get("/forbund/budget/mall.xlsx", params={"ar": "2027"})

    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    assert answer.headers["content-type"] == XLSX
    assert [c.value for c in book["Budget"][1]] == HEADER
    assert book["Budget"]["B2"].value == 2027
    assert "Välfärdsutveckling" in [row[0].value for row in book["Anvisningar"].iter_rows()]


def test_the_api_gives_the_plan_and_imports_a_budget_file_all_or_nothing(staff: TestClient) -> None:
    headers = api_headers(staff)
    bad = workbook([["Välfärdsutveckling", 2026, "budget", "avskrivningar", "-4"]])
    good = workbook([["Välfärdsutveckling", 2026, "budget", "avskrivningar", 400]])

    refused = staff.post(
        "/api/v1/association/budget/import", headers=headers, files={"file": ("b.xlsx", bad, XLSX)}
    )
    imported = staff.post(
        "/api/v1/association/budget/import", headers=headers, files={"file": ("b.xlsx", good, XLSX)}
    )
    plan = staff.get("/api/v1/association/plan/2026").json()
    budget = staff.get("/api/v1/association/budget/2026").json()
    allocation = staff.get("/api/v1/association/budget/2026/staff-allocation").json()

    assert refused.status_code == 422
    assert refused.json()["error"]["rows"] == [
        {
            "source": "b.xlsx/Budget",
            "line": 2,
            "field": "amount",
            "reason": "Ange intäkter och kostnader som positiva belopp.",
        }
    ]
    assert imported.json() == {
        "lines": 1,
        "added": 1,
        "changed": 0,
        "unchanged": 0,
        "years": [2026],
    }
    assert [a["name"] for a in plan["areas"]] == ["Hälsa och stöd"]
    assert plan["assignments"][0]["planned_hours"] == "400.0"
    unit = budget["units"][0]
    assert unit["columns"][-1]["net_cost"] == "-2700.000"
    assert budget["total"]["columns"][-1]["lines"]["revenue"] == "3100.000"
    assert allocation["without_admission_office"] == [
        {"area_id": 1, "name": "Hälsa och stöd", "hours": "400.0", "percent": "100"}
    ]


def test_the_api_records_a_follow_up_that_the_plan_then_shows(
    staff: TestClient, board: TestClient
) -> None:
    body = {"period": "h1", "light": "at_risk", "comment": "Upphandlingen dröjer"}

    created = staff.post(
        "/api/v1/association/plan/assignments/1/follow-ups", json=body, headers=api_headers(staff)
    )
    refused = board.post(
        "/api/v1/association/plan/assignments/1/follow-ups", json=body, headers=api_headers(board)
    )
    assignment = board.get("/api/v1/association/plan/assignments/1").json()

    assert created.status_code == 201
    assert refused.status_code == 403
    assert (assignment["light"], assignment["latest_comment"]) == (
        "at_risk",
        "Upphandlingen dröjer",
    )
    assert assignment["follow_ups"][0]["period"] == "H1"


def _invoke(url: str, *args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], env={"SAMVERKA_DATABASE_URL": url})
    return result.exit_code, result.output


def test_the_commands_load_the_plan_and_budget_and_show_them(
    database_url: str, tmp_path: Path
) -> None:
    bootstrap.database(Settings(database_url=database_url))
    assert _invoke(database_url, "plan", "add-unit", "UEDB", "--financing", "agreement")[0] == 0
    assert (
        _invoke(
            database_url,
            "plan",
            "add-unit",
            "Gymnasieantagningen",
            "--financing",
            "agreement",
            "--admission-office",
        )[0]
        == 0
    )
    code, output = _invoke(
        database_url, "plan", "add-area", "Utbildning och arbetskraft", "--year", "2026"
    )
    assert (code, output.strip()) == (0, "Area 1: Utbildning och arbetskraft.")
    assert _invoke(database_url, "plan", "add-goal", "1", "Fler tar examen")[0] == 0
    for name, unit, hours in (("Gymnasieregion", "1", "530"), ("Antagningen", "2", "470")):
        added = _invoke(
            database_url,
            "plan",
            "add-assignment",
            name,
            "--year",
            "2026",
            "--unit",
            unit,
            "--hours",
            hours,
            "--goal",
            "1",
        )
        assert added[0] == 0, added[1]
    assert _invoke(database_url, "plan", "add-activity", "1", "Analyser", "--hours", "100")[0] == 0
    assert _invoke(database_url, "plan", "report-hours", "1", "--hours", "40")[0] == 0
    assert (
        _invoke(
            database_url,
            "plan",
            "follow-up",
            "1",
            "--period",
            "T2",
            "--light",
            "on_track",
            "--comment",
            "Klart",
        )[0]
        == 0
    )
    template = tmp_path / "mall.xlsx"
    assert (
        _invoke(database_url, "plan", "budget-template", "--out", template, "--year", "2026")[0]
        == 0
    )
    good = tmp_path / "budget.csv"
    good.write_text(
        "enhet;år;typ;rad;belopp\nUEDB;2026;budget;intäkter;2619\nUEDB;2026;budget;personalkostnader;2000\n",
        encoding="utf-8",
    )
    bad = tmp_path / "fel.csv"
    bad.write_text(
        "enhet;år;typ;rad;belopp\nUEDB;2026;budget;intäkter;2619\nUEDB;2026;budget;intäkter;1\n",
        encoding="utf-8",
    )

    refused = _invoke(database_url, "plan", "import-budget", bad)
    imported = _invoke(database_url, "plan", "import-budget", good)
    shown = _invoke(database_url, "plan", "show", "--year", "2026")
    budget = _invoke(database_url, "plan", "budget", "--year", "2026")

    assert refused[0] == 2
    assert "fel.csv:3 [line_type]: Samma rad (enhet, år, slag, radtyp) som på rad 2." in refused[1]
    assert imported == (0, "2 budget lines for 2026: 2 added, 0 changed, 0 unchanged.\n")
    assert "Gymnasieregion\tUEDB\t530.0 h\t40.0 h reported\ton_track" in shown[1]
    assert "Gymnasieantagningen\t47 %" in shown[1]
    assert "Utbildning och arbetskraft\t100 %" in shown[1]
    assert "UEDB\t0\t0.00\t0\t0.00\t-619\t0.00" in budget[1]
    assert openpyxl.load_workbook(template)["Budget"]["A1"].value == "enhet"


def test_a_year_without_a_plan_or_budget_says_so_and_still_draws_its_charts(
    staff: TestClient,
) -> None:
    plan = staff.get(PLAN, params={"ar": "2031"})
    budget = staff.get("/forbund/budget", params={"ar": "2031"})

    assert plan.status_code == budget.status_code == 200
    assert "Det finns ingen verksamhetsplan för året ännu." in plan.text
    assert budget.text.count("<svg") == 3
    assert budget.text.count("Inga planerade timmar.") == 2


def test_the_plan_page_leads_to_the_years_plan_document_as_a_page_and_a_pdf(
    staff: TestClient,
) -> None:
    page = staff.get(f"{PLAN}?ar=2026").text
    assert 'href="/forbund/verksamhetsplan/2026/dokument"' in page
    assert 'href="/forbund/verksamhetsplan/2026/dokument.pdf"' in page


def test_a_refused_assignment_comes_back_with_the_input_kept_and_each_error_at_its_field(
    staff: TestClient,
) -> None:
    page = f"{PLAN}?ar=2026"
    data = {
        "csrf_token": form_token(staff, page),
        "_page": page,
        "_form": "uppdrag",
        "year": "2026",
        "name": "Energikontoret",
        "unit_id": "1",
        "planned_hours": "12,25",
    }
    refused = staff.post(f"{PLAN}/uppdrag", data=data)

    assert refused.status_code == 422
    shown = refused.text
    assert "Uppgifterna behöver rättas" in shown
    assert '<a href="#uppdrag-planned_hours">Skriv ett tal.</a>' in shown
    assert '<a href="#uppdrag-goal_ids">Fyll i fältet.</a>' in shown
    assert 'id="uppdrag-goal_ids-fel"' in shown
    assert 'name="name" type="text" value="Energikontoret"' in shown
    assert "Energikontoret</a>" not in shown  # nothing was saved


def test_a_refused_budget_unit_comes_back_on_the_budget_page(staff: TestClient) -> None:
    page = "/forbund/budget?ar=2026"
    data = {
        "csrf_token": form_token(staff, page),
        "_page": page,
        "_form": "enhet",
        "year": "2026",
        "name": "",
        "financing": "lottery",
        "admission_office": "true",
    }
    refused = staff.post("/forbund/budget/enheter", data=data)

    assert refused.status_code == 422
    shown = refused.text
    assert '<a href="#enhet-name">Fyll i fältet.</a>' in shown
    assert '<a href="#enhet-financing">Välj ett av alternativen.</a>' in shown
    assert 'id="enhet-admission_office" name="admission_office" value="true" checked' in shown
    assert "<h1>Budget 2026</h1>" in shown


# -- editing and removing the plan's items --------------------------------------------------------
def _audited(database_url: str, action: str) -> list[tuple[str, str]]:
    factory = bootstrap.database(Settings(database_url=database_url))
    with SqlUnitOfWork(factory) as uow:
        events = uow.audit.events()
    return [(e["entity"], e["actor"]) for e in events if e["action"] == action]


def test_the_staff_edit_an_activity_on_its_own_page_and_the_change_is_audited(
    staff: TestClient, database_url: str
) -> None:
    form_page = staff.get(f"{PLAN}/aktivitet/1/andra")
    assert form_page.status_code == 200
    assert 'value="Digital kommunikation"' in form_page.text
    assert (
        'href="/forbund/verksamhetsplan/aktivitet/1/andra"' in staff.get(f"{PLAN}/uppdrag/1").text
    )

    answer = staff.post(
        f"{PLAN}/aktivitet/1/andra",
        data={
            "csrf_token": form_token(staff, f"{PLAN}/aktivitet/1/andra"),
            "name": "Digitala möten",
            "planned_hours": "350",
        },
        follow_redirects=False,
    )

    assert (answer.status_code, answer.headers["location"]) == (
        303,
        f"{PLAN}/uppdrag/1?klart=andrad",
    )
    assert "Digitala möten" in staff.get(f"{PLAN}/uppdrag/1").text
    assert _audited(database_url, "edit") == [("plan_activity", "association_staff:stina")]
    changes = staff.get(f"{PLAN}/aktivitet/1/andra").text.split('id="andringar"')[1]
    assert changes.index("Ändrad") < changes.index("Tillagd i planen")
    assert "stina (förbundets kansli)" in changes


def test_a_goal_an_assignment_serves_cannot_be_removed_and_the_question_says_why(
    staff: TestClient, database_url: str
) -> None:
    question = staff.get(f"{PLAN}/mal/1/ta-bort")
    assert question.status_code == 200
    assert "Det går inte att ta bort målet" in question.text
    assert "Uppdrag: E-hälsa" in question.text
    assert "Ja, ta bort ur planen" not in question.text

    refused = staff.post(
        f"{PLAN}/mal/1/ta-bort", data={"csrf_token": form_token(staff, f"{PLAN}?ar=2026")}
    )

    assert refused.status_code == 409
    assert "God hälsa på lika villkor" in staff.get(f"{PLAN}?ar=2026").text
    assert _audited(database_url, "remove") == []


def test_the_staff_confirm_a_removal_from_the_leaves_up_and_each_is_audited(
    staff: TestClient, database_url: str
) -> None:
    question = staff.get(f"{PLAN}/aktivitet/1/ta-bort")
    assert "Vill du ta bort aktiviteten?" in question.text
    assert 'action="/forbund/verksamhetsplan/aktivitet/1/ta-bort"' in question.text
    token = form_token(staff, f"{PLAN}/aktivitet/1/ta-bort")
    for path in ("aktivitet/1", "uppdrag/1"):
        answer = staff.post(
            f"{PLAN}/{path}/ta-bort", data={"csrf_token": token}, follow_redirects=False
        )
        assert answer.status_code == 303
    assert answer.headers["location"] == f"{PLAN}?ar=2026&klart=borttagen"
    assert "E-hälsa" not in staff.get(f"{PLAN}?ar=2026").text
    assert _audited(database_url, "remove") == [
        ("plan_activity", "association_staff:stina"),
        ("plan_assignment", "association_staff:stina"),
    ]


def test_a_board_member_may_neither_open_nor_send_an_edit_or_a_removal(
    board: TestClient, database_url: str
) -> None:
    assert "Ta bort ur planen" not in board.get(f"{PLAN}?ar=2026").text
    assert board.get(f"{PLAN}/mal/1/andra").status_code == 403
    assert board.get(f"{PLAN}/aktivitet/1/ta-bort").status_code == 403
    token = form_token(board, f"{PLAN}?ar=2026")
    edit = board.post(f"{PLAN}/mal/1/andra", data={"csrf_token": token, "name": "Annat"})
    removal = board.post(f"{PLAN}/aktivitet/1/ta-bort", data={"csrf_token": token})
    assert (edit.status_code, removal.status_code) == (403, 403)
    assert _audited(database_url, "edit") == _audited(database_url, "remove") == []


def test_the_api_corrects_and_removes_items_with_the_pages_refusals_and_audit(
    staff: TestClient, board: TestClient, database_url: str
) -> None:
    api, headers = "/api/v1/association/plan", api_headers(staff)
    renamed = staff.patch(f"{api}/activities/1", headers=headers, json={"name": "Digitala möten"})
    assert renamed.status_code == 204
    activity = staff.get(f"{api}/assignments/1").json()["activities"][0]
    assert activity["name"] == "Digitala möten"
    hours = staff.patch(f"{api}/activities/1", headers=headers, json={"planned_hours": "12.5"})
    assert hours.status_code == 204
    activity = staff.get(f"{api}/assignments/1").json()["activities"][0]
    assert (activity["name"], Decimal(str(activity["planned_hours"]))) == (
        "Digitala möten",
        Decimal("12.5"),
    )  # the name left out stayed as it was
    assert (
        staff.patch(f"{api}/goals/1", headers=headers, json={"name": "x" * 2001}).status_code == 422
    )
    assert staff.patch(f"{api}/goals/999", headers=headers, json={}).status_code == 404
    refused = staff.delete(f"{api}/goals/1", headers=headers)
    assert refused.status_code == 409
    assert "E-hälsa" in refused.json()["error"]["message"]
    board_headers = api_headers(board)
    assert board.patch(f"{api}/goals/1", headers=board_headers, json={}).status_code == 403
    assert board.delete(f"{api}/activities/1", headers=board_headers).status_code == 403
    assert staff.delete(f"{api}/activities/1", headers=headers).status_code == 204
    assert staff.get(f"{api}/assignments/1").json()["activities"] == []
    assert _audited(database_url, "edit") == [("plan_activity", "association_staff:stina")] * 2
    assert _audited(database_url, "remove") == [("plan_activity", "association_staff:stina")]
