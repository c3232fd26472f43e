"""In a real browser, on a small demo: each role signs in on the public start page, and walks
from its own start page, by the start page's tasks and links only, to its main task and does it
(issue 15: "a browser test per role walks its start page to its main task"). Every start page
is in Swedish (``lang="sv"``) and meets WCAG 2.1 AA (axe-core). The officer's and the
applicant's walks are in ``test_start_pages_browser.py`` and ``tests/admission/``.

The walks share one server: ``samverka demo --applicants 600`` with, through the services, what
the demo's year leaves out: a pupil at the counsellor's school unit who has not applied, and a
school account (``provskola``) at the school unit of an offering with an aptitude test. The
walks change different parts of it (test points, one goal of the plan), so their order does not
matter. Downloads are opened and read, as the user's spreadsheet program would.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import admission_year_builders as year
import argon2
import openpyxl
import pytest
from browser_fixtures import served
from playwright.sync_api import Page, expect
from typer.testing import CliRunner

from samverka import bootstrap
from samverka.admission.services.pupils import import_pupils
from samverka.cli import app as cli
from samverka.config import Settings
from samverka.demo import DEMO_PASSWORD
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.unit_of_work import SqlUnitOfWork

Accessible = Callable[[Page], None]
Shoot = Callable[[str], Path]

NOT_APPLIED = year.pupil(777, "B", name="Ines Utan-Ansökan")
TESTING_SCHOOL = "provskola"
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
SET_UP = Actor("cli:role-walks", Role.OFFICER, "command line")


@dataclass(frozen=True, slots=True)
class Walks:
    address: str
    database: Path


def _one(database: Path, sql: str) -> str:
    with sqlite3.connect(database) as connection:
        row = connection.execute(sql).fetchone()
    assert row is not None, sql
    return str(row[0])


@pytest.fixture(scope="session")
def walks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Walks]:
    database = tmp_path_factory.mktemp("role-walks") / "demo.db"
    arguments = ["demo", "--database", str(database), "--applicants", "600", "--no-serve"]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    settings = Settings(database_url=f"sqlite:///{database}")
    factory = bootstrap.database(settings)
    counsellor_units = _one(database, "SELECT school_unit_codes FROM account WHERE username='syv'")
    # living in Nacka, not in the municipality whose walk counts its unplaced residents
    unit = json.loads(counsellor_units)[0]
    record = dataclasses.replace(
        NOT_APPLIED.applicant, school_unit_code=unit, home_municipality="0182"
    )
    import_pupils(
        SqlUnitOfWork(factory),
        year=year.YEAR,
        pupils=[dataclasses.replace(NOT_APPLIED, applicant=record)],
        actor=year.OFFICE,
        now=year.IN_APPLICATION_PERIOD,
    )
    tested_unit = _one(
        database,
        "SELECT o.school_unit_code FROM offering o JOIN choice c ON c.offering_id = o.id"
        " WHERE o.test_multiplier IS NOT NULL AND EXISTS (SELECT 1 FROM placement p"
        " WHERE p.offering_id = o.id) GROUP BY o.id ORDER BY count(*) DESC, o.code LIMIT 1",
    )
    create_account(
        SqlUnitOfWork(factory),
        actor=SET_UP,
        username=TESTING_SCHOOL,
        display_name="Demo Rektor Estetiska",
        role=Role.SCHOOL,
        password=DEMO_PASSWORD,
        passwords=CHEAP,
        school_unit_codes=(tested_unit,),
        now=datetime(year.YEAR, 1, 10, tzinfo=UTC),
    )
    with served(bootstrap.web_app(settings)) as address:
        yield Walks(address, database)


@pytest.fixture(scope="session")
def server(walks: Walks) -> str:
    return walks.address


@pytest.fixture
def width() -> str:
    """Only the desktop's width: every role's main page at a phone's is in
    ``test_phone_width.py``."""
    return "desktop"


def _start_as(page: Page, username: str, assert_accessible: Accessible) -> None:
    """Open the public start page, sign in from its link and land on the role's start page:
    in Swedish and accessible."""
    page.goto("/")
    page.get_by_role("main").get_by_role("link", name="Logga in").click()
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    expect(page).to_have_url("/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Välkommen")
    assert_accessible(page)


def _download(page: Page, link: str, within: str = "main") -> Path:
    """Click the link named ``link`` and wait for its file."""
    with page.expect_download() as started:
        page.locator(within).get_by_role("link", name=link, exact=True).first.click()
    download = started.value
    saved = Path(download.path()).with_name(download.suggested_filename)
    download.save_as(saved)
    return saved


def _workbook_rows(path: Path) -> list[list[object]]:
    sheet = openpyxl.load_workbook(path, read_only=True).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _figure(text: str) -> int:
    return int(text.split(":")[1].split()[0].replace("\u00a0", "").replace(" ", ""))


def test_the_counsellor_finds_a_pupil_who_has_not_applied_and_reads_the_grades(
    page: Page, assert_accessible: Accessible, shoot: Shoot
) -> None:
    _start_as(page, "syv", assert_accessible)
    shoot("walk-start-counsellor")
    not_replied = page.locator("main li", has_text="inte har svarat på antagningsbeskedet")
    waiting = _figure(not_replied.inner_text())
    not_replied.get_by_role("link", name="Se de som inte har svarat").click()
    expect(
        page.get_by_role("table", name=f"Elever på dina skolenheter, {year.YEAR} ({waiting})")
    ).to_be_visible()
    page.go_back()
    task = page.locator("main li", has_text="Elever utan ansökan")
    assert _figure(task.inner_text()) == 1
    task.get_by_role("link", name="Se eleverna").click()
    expect(page).to_have_url("/elever?visa=ingen-ansokan")
    pupils = page.locator("main table tbody tr")
    expect(pupils).to_have_count(1)
    page.get_by_role("link", name=NOT_APPLIED.applicant.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NOT_APPLIED.applicant.name)
    expect(page.get_by_text("Meritvärde: 280.")).to_be_visible()
    eligibility = page.get_by_role("table", name="Behörighet med dessa betyg")
    expect(eligibility.locator("tbody tr")).to_have_count(4)
    for row in eligibility.locator("tbody tr").all():
        expect(row.locator("td")).to_have_text("Ja")
    grades = page.get_by_role("table", name="Betyg per ämne").locator("tbody td")
    assert set(grades.all_inner_texts()) == {"B"}
    assert grades.count() == len(NOT_APPLIED.grades)
    page.get_by_role("link", name="Start", exact=True).click()
    page.get_by_role("main").get_by_role("link", name="Importera betyg").click()
    template = _workbook_rows(_download(page, "Excel (.xlsx)"))
    assert "personnummer" in [str(cell).lower() for cell in template[0]]


def test_the_school_enters_test_points_and_exports_the_admitted_with_their_replies(
    page: Page, assert_accessible: Accessible, shoot: Shoot
) -> None:
    _start_as(page, TESTING_SCHOOL, assert_accessible)
    shoot("walk-start-school")
    tasks = page.get_by_role("table", name="Skolans utbildningar och vad som återstår")
    # the school's offering with an aptitude test: the demo has entered its points already,
    # and the school corrects them all
    tested = tasks.get_by_role("row").filter(has_text="-ES-").first
    code = tested.get_by_role("link").inner_text()
    tested.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    points = page.get_by_role("textbox", name="Provpoäng för")
    count = points.count()
    assert count > 0
    for at in range(count):
        points.nth(at).fill(str(10 + at))
    page.get_by_role("button", name="Spara provpoängen").click()
    expect(page.get_by_role("status").first).to_contain_text("Ändringen är sparad.")
    for at in range(count):
        expect(page.get_by_role("textbox", name="Provpoäng för").nth(at)).to_have_value(
            str(10 + at)
        )
    admitted = page.get_by_role("table", name="Antagna")
    expect(admitted.get_by_role("columnheader", name="Svar")).to_be_visible()
    replies = admitted.locator("tbody tr td:last-child").all_inner_texts()
    assert replies
    rows = _workbook_rows(_download(page, "som Excel"))
    assert "Svar" in rows[0]
    assert sorted(str(row[rows[0].index("Svar")]) for row in rows[1:]) == sorted(replies)


def test_the_municipality_sees_its_unplaced_applicants_and_exports_the_activity_report(
    page: Page, assert_accessible: Accessible, shoot: Shoot
) -> None:
    _start_as(page, "kommun", assert_accessible)
    shoot("walk-start-municipality")
    task = page.locator("main li", has_text="Sökande utan plats i senaste antagningen")
    unplaced = _figure(task.inner_text())
    assert unplaced > 0
    task.get_by_role("link", name="Se sökande utan plats").click()
    expect(page).to_have_url("/kommun?status=oplacerade")
    expect(page.get_by_text(f"Sökande som visas: {unplaced}")).to_be_visible()
    places = page.get_by_role("table", name="Sökande").locator("tbody tr td:last-child")
    assert set(places.all_inner_texts()) == {"Inte placerad"}
    page.get_by_role("link", name="Aktivitetsansvaret: unga utanför gymnasieskolan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aktivitetsansvaret")
    listed = page.locator("main table tbody tr")
    assert listed.count() > 0
    page.get_by_role("main").get_by_role("link", name="Halvårsrapport").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Halvårsrapport")
    report = _workbook_rows(_download(page, "Hämta som Excel"))
    assert len(report) > 1
    text = _download(page, "Hämta som CSV").read_text(encoding="utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text), delimiter=";"))) == len(report)


def test_the_analyst_reads_a_rounds_statistics_and_downloads_them(
    page: Page, assert_accessible: Accessible, shoot: Shoot
) -> None:
    _start_as(page, "analytiker", assert_accessible)
    shoot("walk-start-analyst")
    page.get_by_role("main").get_by_role("link", name="Statistik").click()
    page.get_by_label("Visa omgång").select_option(label="2 – slutlig")
    page.get_by_role("button", name="Visa", exact=True).click()
    expect(page.get_by_text("Omgång 2, slutlig.")).to_be_visible()
    table = page.get_by_role("table", name="Antagning per program, omgång 2")
    first = table.locator("tbody tr").first
    shown = [first.locator("th").inner_text(), *first.locator("td").all_inner_texts()]
    rows = _workbook_rows(_download(page, "som Excel"))
    assert rows[0][:2] == ["Program", "Utbildningar"]
    assert len(rows) - 1 == table.locator("tbody tr").count()
    assert rows[1][0] == shown[0]
    assert [str(value) for value in rows[1][1:5]] == [
        s.replace("\u00a0", "").replace(" ", "") for s in shown[1:5]
    ]


def test_the_staff_edit_a_goal_of_the_plan_and_see_the_change_in_its_audit_trail(
    page: Page, walks: Walks, assert_accessible: Accessible, shoot: Shoot
) -> None:
    _start_as(page, "kansli", assert_accessible)
    shoot("walk-start-association-staff")
    page.get_by_role("link", name="Till verksamhetsplanen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verksamhetsplan")
    edit = page.locator("main a[href$='/andra'][href*='/mal/']").first
    goal_id = (edit.get_attribute("href") or "").split("/mal/")[1].split("/")[0]
    edit.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ändra målet")
    new_text = "Fler elever ska fullfölja gymnasieskolan inom fyra år"
    page.get_by_label("Mål", exact=True).fill(new_text)
    page.get_by_role("button", name="Spara ändringen").click()
    expect(page.get_by_role("status").first).to_be_visible()
    expect(page.get_by_role("main").get_by_text(new_text).first).to_be_visible()
    page.locator(f"main a[href$='/mal/{goal_id}/andra']").click()
    changes = page.get_by_role("table", name="Ändringar av målet, den senaste först")
    latest = changes.locator("tbody tr").first
    expect(latest.locator("td")).to_have_text(["kansli (förbundets kansli)", "Ändrad"])
    expect(changes.locator("tbody tr").last.locator("td").last).to_have_text("Tillagd i planen")
    assert_accessible(page)
    with sqlite3.connect(walks.database) as connection:
        events = connection.execute(
            "SELECT actor, after FROM audit_event WHERE entity = 'plan_goal' AND entity_key = ?"
            " ORDER BY sequence DESC LIMIT 1",
            (goal_id,),
        ).fetchall()
    assert events
    actor, after = events[0]
    assert actor == "association_staff:kansli"
    assert new_text in json.loads(after).values()


def test_the_board_member_reads_a_meetings_decisions_and_may_change_nothing(
    page: Page, assert_accessible: Accessible, shoot: Shoot
) -> None:
    _start_as(page, "styrelse", assert_accessible)
    shoot("walk-start-board-member")
    page.get_by_role("link", name="Till styrelsen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Styrelsens arbete")
    held = page.get_by_role("row").filter(has_text="Genomfört").first
    held.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Styrelsens sammanträde")
    expect(page.get_by_role("heading", name="Beslut i ärendet").first).to_be_visible()
    expect(page.get_by_role("main").get_by_text("Styrelsen").first).to_be_visible()
    main = page.get_by_role("main")
    expect(main.locator("form[method='post'], form[method='POST']")).to_have_count(0)
    expect(main.get_by_role("button")).to_have_count(0)
    expect(main.get_by_role("link", name="Ändra")).to_have_count(0)
    assert_accessible(page)
