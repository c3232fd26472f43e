"""Board work and agreements through HTTP and the command line on a migrated SQLite file: the
staff plan a meeting, build its agenda, upload documents, record decisions, write and adjust
the minutes; a board member reads everything (documents included) and changes nothing;
agreements due for revision come first and a revision moves the date; the API and
`samverka board …` do the same."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import argon2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
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
from samverka.platform.clock import FixedClock, using
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

PASSWORD = "correct horse battery"
CREATED = datetime(2026, 1, 10, 9, tzinfo=UTC)
COMMAND_LINE = Actor("cli:test", Role.OFFICER, "command line")
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
NOW = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 March in Sweden: the clock stands still
TODAY = date(2026, 3, 2)  # the Swedish date of NOW, which pages and rules use
HELD_ON = TODAY - timedelta(days=10)
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
ACCOUNTS = {"stina": Role.ASSOCIATION_STAFF, "bertil": Role.BOARD_MEMBER, "alva": Role.OFFICER}


def _build(factory: sessionmaker[Session]) -> None:
    with SqlUnitOfWork(factory) as uow:
        uow.catalogue.add_municipalities(
            [
                Municipality("0180", "Stockholm"),
                Municipality("0182", "Nacka"),
                Municipality("0114", "Upplands Väsby"),
            ]
        )
        uow.commit()
    for username, role in ACCOUNTS.items():
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
def database(tmp_path: Path) -> Path:
    path = tmp_path / "board.db"
    _build(bootstrap.database(Settings(database_url=f"sqlite:///{path}")))
    return path


@pytest.fixture
def app(database: Path) -> FastAPI:
    settings = Settings(database_url=f"sqlite:///{database}")
    factory = bootstrap.database(settings)
    login = LocalLogin(lambda: SqlUnitOfWork(factory), CHEAP, LoginThrottle(clock=lambda: CREATED))
    return create_app(settings, session_factory=factory, authenticator=login, clock=FixedClock(NOW))


@pytest.fixture
def staff(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "stina", PASSWORD)


@pytest.fixture
def board(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "bertil", PASSWORD)


def _post(client: TestClient, path: str, form: dict[str, object], page: str) -> str:
    data = {**form, "csrf_token": form_token(client, page)}
    response = client.post(path, data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def _meeting_with_agenda(staff: TestClient) -> str:
    """A meeting held ten days ago, with a decision item and a PDF attached; its page path."""
    page = _post(
        staff,
        "/forbund/styrelse",
        {"on": HELD_ON.isoformat(), "place": "Storsthlm"},
        "/forbund/styrelse",
    ).split("?")[0]
    _post(
        staff,
        f"{page}/punkter",
        {"title": "Verksamhetsplan och budget", "kind": "decision", "presenter": "Direktören"},
        page,
    )
    _post(
        staff, f"{page}/punkter", {"title": "RSS", "kind": "report", "presenter": "Kansliet"}, page
    )
    files = {"file": ("plan och budget.pdf", PDF, "application/octet-stream")}
    data = {"title": "Förslag till verksamhetsplan", "csrf_token": form_token(staff, page)}
    uploaded = staff.post(
        f"{page}/punkter/1/handlingar", data=data, files=files, follow_redirects=False
    )
    assert uploaded.status_code == 303, uploaded.text
    return page


def test_the_staff_build_a_meeting_from_agenda_to_adjusted_minutes(staff: TestClient) -> None:
    page = _meeting_with_agenda(staff)
    _post(
        staff,
        f"{page}/punkter/1/beslut",
        {
            "text": "Styrelsen fastställer planen.",
            "decided_on": HELD_ON.isoformat(),
            "reference": "STH 2026/58",
        },
        page,
    )
    _post(staff, f"{page}/protokoll", {"text": "§ 1 Planen fastställdes.\n§ 2 Noterades."}, page)
    _post(staff, f"{page}/genomfort", {}, page)
    _post(
        staff,
        f"{page}/protokoll/justering",
        {"adjusted_by": "Elin Justerare", "adjusted_on": TODAY.isoformat()},
        page,
    )
    text = staff.get(page).text
    assert re.search(r"§ 1 Verksamhetsplan och budget.*§ 2 RSS", text, re.S)
    assert "Förslag till verksamhetsplan" in text
    assert "STH 2026/58" in text
    assert "Justerat av Elin Justerare" in text
    assert "Genomfört" in text
    assert 'action="' + page + '/protokoll"' not in text
    refused = staff.post(
        f"{page}/protokoll", data={"text": "Ändrat", "csrf_token": form_token(staff, page)}
    )
    assert refused.status_code == 409
    assert "Planen fastställdes" in staff.get(page).text


def test_a_document_is_downloaded_as_an_attachment_with_its_type(
    staff: TestClient, board: TestClient
) -> None:
    page = _meeting_with_agenda(staff)
    link = re.search(r'href="(/forbund/styrelse/handlingar/\d+)"', board.get(page).text)
    assert link is not None
    download = board.get(link.group(1))
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    disposition = download.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert "plan%20och%20budget.pdf" in disposition


def test_an_upload_of_the_wrong_type_or_too_large_is_refused_with_the_reason(
    staff: TestClient,
) -> None:
    page = _meeting_with_agenda(staff)
    for name, content, reason in (
        ("program.exe", b"MZ\x90\x00", "the file type is not allowed"),
        ("stor.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "larger than 10 MB"),
        ("tom.txt", b"", "the file is empty"),
    ):
        data = {"title": "X", "csrf_token": form_token(staff, page)}
        refused = staff.post(
            f"{page}/punkter/1/handlingar", data=data, files={"file": (name, content, "x/y")}
        )
        assert refused.status_code == 422, name
        assert reason in refused.text
    assert staff.get(page).text.count("/forbund/styrelse/handlingar/") == 1


def test_a_board_member_reads_everything_but_has_no_forms_and_may_not_post(
    staff: TestClient, board: TestClient
) -> None:
    page = _meeting_with_agenda(staff)
    text = board.get(page).text
    assert "Verksamhetsplan och budget" in text
    assert "Förslag till verksamhetsplan" in text
    assert 'name="csrf_token"' not in text.split("</header>", 1)[1].replace("logga-ut", "")
    for path in ("/forbund/styrelse", "/forbund/styrgrupper", "/forbund/avtal"):
        assert board.get(path).status_code == 200
    token = board.get("/api/v1/session").json()["csrf_token"]
    refused = board.post(
        f"{page}/punkter",
        data={"title": "X", "kind": "report", "presenter": "Y", "csrf_token": token},
    )
    assert refused.status_code == 403


def _agreement(staff: TestClient, title: str, revision: date, **extra: object) -> str:
    form = {
        "title": title,
        "kind": "region",
        "municipalities": ["0180", "0182"],
        "organisations": "Region Stockholm",
        "start": "2018-01-01",
        "owner": "Välfärd",
        "revision_date": revision.isoformat(),
        "follow_up_dates": "",
        **extra,
    }
    return _post(staff, "/forbund/avtal", form, "/forbund/avtal").split("?")[0]


def test_agreements_due_for_revision_come_first_and_a_revision_moves_the_date(
    staff: TestClient,
) -> None:
    _agreement(staff, "Färdtjänstavtal", TODAY + timedelta(days=60))
    late = _agreement(staff, "Hemsjukvård", TODAY - timedelta(days=5))
    _agreement(staff, "Vårdövergångar", TODAY + timedelta(days=400), follow_up_dates=f"{TODAY}")
    text = staff.get("/forbund/avtal").text
    due = text.split('id="due-caption"')[1].split("</table>")[0]
    assert due.index("Hemsjukvård") < due.index("Färdtjänstavtal")
    assert "Vårdövergångar" not in due
    assert "5 dagar sen" in due
    assert "Region Stockholm, Stockholm, Nacka" in text
    _agreement(
        staff,
        "Färdtjänst, alla",
        TODAY + timedelta(days=9),
        municipalities=["0180", "0182", "0114"],
    )
    assert "Region Stockholm, alla 3 medlemskommuner" in staff.get("/forbund/avtal").text
    _post(
        staff,
        f"{late}/revision",
        {
            "revised_on": TODAY.isoformat(),
            "next_revision": (TODAY + timedelta(days=730)).isoformat(),
            "note": "Ny bilaga",
        },
        late,
    )
    detail = staff.get(late).text
    assert "Ny bilaga" in detail
    assert (TODAY - timedelta(days=5)).isoformat() in detail
    due = staff.get("/forbund/avtal").text.split('id="due-caption"')[1].split("</table>")[0]
    assert "Hemsjukvård" not in due


def test_steering_groups_and_representatives_are_kept_through_the_forms(
    staff: TestClient,
) -> None:
    page = _meeting_with_agenda(staff)
    decision = {"text": "Uppdrag ges.", "decided_on": HELD_ON.isoformat(), "reference": "STH 9/9"}
    _post(staff, f"{page}/punkter/1/beslut", decision, page)
    choice = re.search(r'<option value="(\d+)">STH 9/9', staff.get("/forbund/styrgrupper").text)
    assert choice is not None
    form = {
        "name": "Styrgrupp digitalisering",
        "mandate": "Gemensam röst.",
        "start": "2023-01-01",
        "end": "2026-12-31",
        "decision_id": choice.group(1),
    }
    _post(staff, "/forbund/styrgrupper", form, "/forbund/styrgrupper")
    member = {"name": "Olle", "organisation": "Solna", "role": "chair"}
    _post(staff, "/forbund/styrgrupper/1/ledamoter", member, "/forbund/styrgrupper")
    rep = {
        "person": "Eva",
        "body": "Storsthlms energikontor",
        "start": "2023-05-11",
        "end": "",
        "decision_id": "",
    }
    _post(staff, "/forbund/styrgrupper/representanter", rep, "/forbund/styrgrupper")
    text = staff.get("/forbund/styrgrupper").text
    assert "Gemensam röst." in text
    assert "Uppdrag enligt beslut STH 9/9" in text
    assert "Olle" in text
    assert "Ordförande" in text
    assert "Storsthlms energikontor" in text
    assert "tills vidare" in text


def test_the_pages_speak_english_when_chosen(staff: TestClient) -> None:
    _meeting_with_agenda(staff)
    staff.get("/sprak/en")
    text = staff.get("/forbund/styrelse").text
    assert "The board" in text
    assert "Styrelsens sammanträden" not in text


def test_the_api_keeps_a_meeting_and_lists_agreements_due(staff: TestClient) -> None:
    headers = api_headers(staff)
    api = "/api/v1/association"
    meeting = staff.post(
        f"{api}/meetings", headers=headers, json={"on": HELD_ON.isoformat(), "place": "Storsthlm"}
    )
    assert meeting.status_code == 201
    mid = meeting.json()["id"]
    item = staff.post(
        f"{api}/meetings/{mid}/items",
        headers=headers,
        json={"title": "Uppdrag", "kind": "decision", "presenter": "Direktören"},
    ).json()["id"]
    document = staff.post(
        f"{api}/meetings/{mid}/items/{item}/documents",
        headers=headers,
        json={
            "title": "Underlag",
            "file_name": "u.txt",
            "content_base64": base64.b64encode("Hej å".encode()).decode(),
        },
    )
    assert document.status_code == 201
    decided = staff.post(
        f"{api}/meetings/{mid}/items/{item}/decisions",
        headers=headers,
        json={"text": "Beslutat", "decided_on": HELD_ON.isoformat(), "reference": "STH 1/1"},
    )
    assert decided.status_code == 201
    body = staff.get(f"{api}/meetings/{mid}").json()
    assert body["items"][0]["documents"][0]["content_type"] == "text/plain; charset=utf-8"
    assert body["items"][0]["decisions"][0]["reference"] == "STH 1/1"
    file = staff.get(f"{api}/documents/{document.json()['id']}")
    assert file.content.decode() == "Hej å"
    assert file.headers["content-disposition"].startswith("attachment")
    decisions = staff.get(f"{api}/decisions", params={"year": HELD_ON.year}).json()
    assert [d["item_title"] for d in decisions] == ["Uppdrag"]
    for title, days in (("Sent", 120), ("Snart", 20)):
        created = staff.post(
            f"{api}/agreements",
            headers=headers,
            json={
                "title": title,
                "kind": "inter_municipal",
                "municipalities": ["0180", "0182"],
                "start": "2020-01-01",
                "owner": "Kansliet",
                "revision_date": (TODAY + timedelta(days=days)).isoformat(),
            },
        )
        assert created.status_code == 201, created.text
    due = staff.get(f"{api}/agreements", params={"due_within": 90}).json()
    assert [a["title"] for a in due] == ["Snart"]
    assert [a["title"] for a in staff.get(f"{api}/agreements").json()] == ["Sent", "Snart"]


def _cli(database: Path, *args: str) -> tuple[int, str]:
    with using(FixedClock(NOW)):
        result = CliRunner().invoke(
            cli, list(args), env={"SAMVERKA_DATABASE_URL": f"sqlite:///{database}"}
        )
    return result.exit_code, result.output


def test_the_command_line_adds_and_lists_meetings_and_agreements(database: Path) -> None:
    code, out = _cli(
        database, "board", "meeting", "add", "--date", "2026-12-11", "--place", "Stockholm"
    )
    assert code == 0
    assert "Board meeting 1 planned" in out
    code, out = _cli(database, "board", "meetings")
    assert code == 0
    assert "2026-12-11\tStockholm\tplanned" in out
    code, out = _cli(database, "board", "meeting", "show", "1")
    assert code == 0
    assert "No minutes yet." in out
    revision = (TODAY + timedelta(days=30)).isoformat()
    code, out = _cli(
        database,
        "board",
        "agreement",
        "add",
        "--title",
        "Färdtjänstavtal",
        "--kind",
        "region",
        "--party",
        "0180",
        "--party",
        "Region Stockholm",
        "--start",
        "2018-01-01",
        "--owner",
        "Välfärd",
        "--revision",
        revision,
    )
    assert code == 0, out
    code, out = _cli(database, "board", "agreements", "--due-within", "90")
    assert code == 0
    assert "Färdtjänstavtal" in out
    assert "Stockholm, Region Stockholm" in out
    code, out = _cli(database, "board", "agreements", "--due-within", "10")
    assert code == 0
    assert "0 agreements due" in out
    code, out = _cli(
        database,
        "board",
        "agreement",
        "revise",
        "1",
        "--revised",
        TODAY.isoformat(),
        "--next",
        "2030-01-01",
    )
    assert code == 0
    assert "next revision 2030-01-01" in out


def test_the_command_line_refuses_bad_input_with_the_reason(database: Path) -> None:
    code, out = _cli(
        database,
        "board",
        "agreement",
        "add",
        "--title",
        "X",
        "--kind",
        "region",
        "--party",
        "9999",
        "--start",
        "2020-01-01",
        "--owner",
        "Y",
        "--revision",
        "2019-01-01",
    )
    assert code == 2
    assert "Det finns ingen medlemskommun 9999." in out
    assert "Ett avtal har minst två parter." in out
    code, out = _cli(database, "board", "meeting", "show", "7")
    assert code == 1
    assert "Det finns inget styrelsemöte 7" in out


def test_between_midnight_and_two_in_the_morning_the_pages_use_the_swedish_date(
    staff: TestClient,
) -> None:
    """Issue 12 point 12: "today" on a page is the Swedish date of the one clock. At 23:30 UTC
    on 1 March it is 00:30 on 2 March in Sweden, and the new meeting's date says so."""
    page = staff.get("/forbund/styrelse")
    assert page.status_code == 200
    assert 'name="on" type="date" value="2026-03-02"' in page.text


def test_a_refused_agreement_comes_back_with_the_input_kept_and_each_error_at_its_field(
    staff: TestClient,
) -> None:
    form = {
        "title": "Färdtjänstavtal",
        "kind": "region",
        "municipalities": ["0180", "0182"],
        "organisations": "Region Stockholm\nTrafikförvaltningen",
        "start": "2018-01-01",
        "owner": "",
        "revision_date": "2027-01-01",
        "follow_up_dates": "2026-06-01, juni",
        "csrf_token": form_token(staff, "/forbund/avtal"),
        "_page": "/forbund/avtal",
        "_form": "avtal",
    }
    refused = staff.post("/forbund/avtal", data=form)

    assert refused.status_code == 422
    page = refused.text
    assert '<a href="#avtal-owner">Fyll i fältet.</a>' in page
    assert '<a href="#avtal-follow_up_dates">Skriv ett datum som ÅÅÅÅ-MM-DD.</a>' in page
    assert 'name="follow_up_dates" type="text" value="2026-06-01, juni"' in page
    assert 'name="municipalities" value="0182" checked' in page  # the choices are kept
    assert "Region Stockholm\nTrafikförvaltningen</textarea>" in page
    assert "Inga avtal ännu." in page  # nothing was saved


def test_a_decision_the_service_refuses_comes_back_at_its_item(staff: TestClient) -> None:
    where = {"on": HELD_ON.isoformat(), "place": "Kansliet"}
    meeting = _post(staff, "/forbund/styrelse", where, "/forbund/styrelse").split("?")[0]
    item = {"title": "Budget", "kind": "decision", "presenter": "A"}
    _post(staff, f"{meeting}/punkter", item, meeting)
    page = staff.get(meeting).text
    item = re.search(r'action="/forbund/styrelse/\d+/punkter/(\d+)/beslut"', page)
    assert item is not None
    form = f"beslut-{item.group(1)}"
    data = {
        "text": "Styrelsen fastställer budgeten.",
        "decided_on": HELD_ON.isoformat(),
        "reference": "STH 2026/1 ; drop table",
        "csrf_token": form_token(staff, meeting),
        "_page": meeting,
        "_form": form,
    }
    refused = staff.post(f"{meeting}/punkter/{item.group(1)}/beslut", data=data)

    assert refused.status_code == 422
    shown = refused.text
    assert f'id="{form}-reference-fel"' in shown
    assert "Ett diarienummer har 1–40 bokstäver, siffror" in shown  # the service's reason
    assert 'value="STH 2026/1 ; drop table"' in shown
    assert "Styrelsen fastställer budgeten.</textarea>" in shown
    assert "Beslut i ärendet" not in shown  # nothing was saved


# -- changing and removing a meeting ------------------------------------------------------------
def test_the_staff_move_a_planned_meeting_and_then_remove_it_after_the_question(
    staff: TestClient,
) -> None:
    later = TODAY + timedelta(days=30)
    page = _post(
        staff,
        "/forbund/styrelse",
        {"on": later.isoformat(), "place": "Storsthlm"},
        "/forbund/styrelse",
    ).split("?")[0]
    assert f'href="{page}/andra"' in staff.get(page).text
    moved = _post(
        staff,
        f"{page}/andra",
        {"on": later.isoformat(), "place": "Nacka stadshus"},
        f"{page}/andra",
    )
    assert moved == f"{page}?klart=andrat"
    assert "Nacka stadshus" in staff.get(page).text

    question = staff.get(f"{page}/ta-bort").text
    assert "Vill du ta bort sammanträdet?" in question
    removed = _post(staff, f"{page}/ta-bort", {}, f"{page}/ta-bort")

    assert removed == "/forbund/styrelse?klart=borttaget"
    assert staff.get(page).status_code == 404


def test_a_meeting_with_an_agenda_is_not_removed_and_the_question_names_its_items(
    staff: TestClient, board: TestClient
) -> None:
    later = TODAY + timedelta(days=30)
    page = _post(
        staff,
        "/forbund/styrelse",
        {"on": later.isoformat(), "place": "Storsthlm"},
        "/forbund/styrelse",
    ).split("?")[0]
    item = {"title": "Budget 2027", "kind": "decision", "presenter": "Direktören"}
    _post(staff, f"{page}/punkter", item, page)

    question = staff.get(f"{page}/ta-bort").text
    assert "Sammanträdet går inte att ta bort" in question
    assert "§ 1 Budget 2027" in question
    assert "Ja, ta bort sammanträdet" not in question
    refused = staff.post(f"{page}/ta-bort", data={"csrf_token": form_token(staff, page)})
    assert refused.status_code == 409
    assert staff.get(page).status_code == 200
    assert board.get(f"{page}/andra").status_code == 403
    assert board.get(f"{page}/ta-bort").status_code == 403
    token = form_token(board, page)
    assert board.post(f"{page}/ta-bort", data={"csrf_token": token}).status_code == 403


def test_the_staff_correct_a_decision_and_remove_it_after_the_question(
    staff: TestClient, board: TestClient
) -> None:
    page = _meeting_with_agenda(staff)
    decision = {
        "text": "Styrelsen beslutar.",
        "decided_on": HELD_ON.isoformat(),
        "reference": "STH 2026/7",
    }
    _post(staff, f"{page}/punkter/1/beslut", decision, page)
    link = re.search(r'href="/forbund/styrelse/beslut/(\d+)/andra"', staff.get(page).text)
    assert link is not None
    path = f"/forbund/styrelse/beslut/{link.group(1)}"
    assert board.get(f"{path}/andra").status_code == 403

    corrected = _post(
        staff, f"{path}/andra", {"text": "Styrelsen fastställer planen."}, f"{path}/andra"
    )

    assert corrected == f"{page}?klart=beslut-andrat"
    assert "Styrelsen fastställer planen." in staff.get(page).text
    assert "Vill du ta bort beslutet?" in staff.get(f"{path}/ta-bort").text
    removed = _post(staff, f"{path}/ta-bort", {}, f"{path}/ta-bort")
    assert removed == f"{page}?klart=beslut-borttaget"
    assert "STH 2026/7" not in staff.get(page).text


def test_the_staff_change_an_agreement_and_remove_it_unless_it_is_revised(
    staff: TestClient, board: TestClient
) -> None:
    kept = _agreement(staff, "Hemsjukvård", TODAY + timedelta(days=60))
    gone = _agreement(staff, "Färdtjänstavtal", TODAY + timedelta(days=90))
    assert f'href="{gone}/andra"' in staff.get(gone).text
    assert board.get(f"{gone}/andra").status_code == 403
    changed = {"title": "Färdtjänst", "owner": "Kansliet", "end": ""}

    assert _post(staff, f"{gone}/andra", changed, f"{gone}/andra") == f"{gone}?klart=andrat"

    assert "<h1>Färdtjänst</h1>" in staff.get(gone).text
    assert "Vill du ta bort avtalet?" in staff.get(f"{gone}/ta-bort").text
    assert (
        _post(staff, f"{gone}/ta-bort", {}, f"{gone}/ta-bort") == "/forbund/avtal?klart=borttaget"
    )
    assert staff.get(gone).status_code == 404
    revision = {
        "revised_on": TODAY.isoformat(),
        "next_revision": (TODAY + timedelta(days=700)).isoformat(),
    }
    _post(staff, f"{kept}/revision", revision, kept)
    question = staff.get(f"{kept}/ta-bort").text
    assert "Avtalet går inte att ta bort, eftersom det har reviderats" in question
    assert "Ja, ta bort avtalet" not in question
    refused = staff.post(f"{kept}/ta-bort", data={"csrf_token": form_token(staff, kept)})
    assert refused.status_code == 409


# -- the API's corrections ----------------------------------------------------------------------
def test_the_api_moves_and_removes_a_planned_meeting_and_refuses_as_the_page_does(
    staff: TestClient, board: TestClient
) -> None:
    headers, api = api_headers(staff), "/api/v1/association"
    later = (TODAY + timedelta(days=30)).isoformat()
    mid = staff.post(
        f"{api}/meetings", headers=headers, json={"on": later, "place": "Storsthlm"}
    ).json()["id"]
    moved = staff.patch(f"{api}/meetings/{mid}", headers=headers, json={"place": "Nacka"})
    assert moved.status_code == 204
    assert (staff.get(f"{api}/meetings/{mid}").json()["place"], later) == ("Nacka", later)
    assert staff.get(f"{api}/meetings/{mid}").json()["on"] == later  # left out: as it was
    assert board.patch(
        f"{api}/meetings/{mid}", headers=api_headers(board), json={}
    ).status_code == (403)
    item = {"title": "Budget 2027", "kind": "decision", "presenter": "Direktören"}
    staff.post(f"{api}/meetings/{mid}/items", headers=headers, json=item)
    refused = staff.delete(f"{api}/meetings/{mid}", headers=headers)
    assert refused.status_code == 409
    assert "Budget 2027" in refused.json()["error"]["message"]
    empty = staff.post(
        f"{api}/meetings", headers=headers, json={"on": later, "place": "Solna"}
    ).json()["id"]
    assert board.delete(f"{api}/meetings/{empty}", headers=api_headers(board)).status_code == 403
    assert staff.delete(f"{api}/meetings/{empty}", headers=headers).status_code == 204
    assert staff.get(f"{api}/meetings/{empty}").status_code == 404


def test_the_api_corrects_and_removes_a_decision_until_the_minutes_are_adjusted(
    staff: TestClient,
) -> None:
    headers, api = api_headers(staff), "/api/v1/association"
    mid = staff.post(
        f"{api}/meetings", headers=headers, json={"on": HELD_ON.isoformat(), "place": "Storsthlm"}
    ).json()["id"]
    item = staff.post(
        f"{api}/meetings/{mid}/items",
        headers=headers,
        json={"title": "Plan", "kind": "decision", "presenter": "Direktören"},
    ).json()["id"]
    decision = {"text": "Beslutat", "decided_on": HELD_ON.isoformat(), "reference": "STH 2/1"}
    did = staff.post(
        f"{api}/meetings/{mid}/items/{item}/decisions", headers=headers, json=decision
    ).json()["id"]
    corrected = staff.patch(f"{api}/decisions/{did}", headers=headers, json={"text": "Fastställd"})
    assert corrected.status_code == 204
    shown = staff.get(f"{api}/meetings/{mid}").json()["items"][0]["decisions"]
    assert [(d["text"], d["reference"]) for d in shown] == [("Fastställd", "STH 2/1")]
    moved = staff.patch(f"{api}/decisions/{did}", headers=headers, json={"reference": "STH 2/2"})
    assert moved.status_code == 204
    shown = staff.get(f"{api}/meetings/{mid}").json()["items"][0]["decisions"]
    assert [(d["text"], d["reference"]) for d in shown] == [("Fastställd", "STH 2/2")]
    edit_page = staff.get(f"/forbund/styrelse/beslut/{did}/andra").text
    assert 'name="reference"' in edit_page
    assert 'value="STH 2/2"' in edit_page
    too_long = staff.patch(f"{api}/decisions/{did}", headers=headers, json={"reference": "x" * 41})
    assert too_long.status_code == 422
    assert staff.delete(f"{api}/decisions/{did}", headers=headers).status_code == 204
    assert staff.get(f"{api}/meetings/{mid}").json()["items"][0]["decisions"] == []
    assert staff.delete(f"{api}/decisions/{did}", headers=headers).status_code == 404


def test_the_api_changes_an_agreement_and_removes_it_unless_it_is_revised(
    staff: TestClient, board: TestClient
) -> None:
    headers, api = api_headers(staff), "/api/v1/association"
    page = _agreement(staff, "Färdtjänstavtal", TODAY + timedelta(days=90))
    aid = page.rsplit("/", 1)[1]
    before = staff.get(f"{api}/agreements/{aid}").json()
    changed = staff.patch(f"{api}/agreements/{aid}", headers=headers, json={"title": "Färdtjänst"})
    assert changed.status_code == 204
    after = staff.get(f"{api}/agreements/{aid}").json()
    assert (after["title"], after["owner"], after["end"]) == (
        "Färdtjänst",
        before["owner"],
        before["end"],
    )
    other = {"kind": "other", "follow_up_dates": ["2030-01-01"]}
    assert staff.patch(f"{api}/agreements/{aid}", headers=headers, json=other).status_code == 204
    after = staff.get(f"{api}/agreements/{aid}").json()
    assert (after["title"], after["kind"], after["follow_up_dates"]) == (
        "Färdtjänst",
        "other",
        ["2030-01-01"],
    )
    too_early = staff.patch(f"{api}/agreements/{aid}", headers=headers, json={"end": "1900-01-01"})
    assert too_early.status_code == 422
    assert "end" in [r["field"] for r in too_early.json()["error"]["rows"]]
    assert board.delete(f"{api}/agreements/{aid}", headers=api_headers(board)).status_code == 403
    revision = {
        "revised_on": TODAY.isoformat(),
        "next_revision": (TODAY + timedelta(days=700)).isoformat(),
    }
    staff.post(f"{api}/agreements/{aid}/revisions", headers=headers, json=revision)
    assert staff.delete(f"{api}/agreements/{aid}", headers=headers).status_code == 409
    other = _agreement(staff, "Hemsjukvård", TODAY + timedelta(days=60)).rsplit("/", 1)[1]
    assert staff.delete(f"{api}/agreements/{other}", headers=headers).status_code == 204
    assert staff.get(f"{api}/agreements/{other}").status_code == 404


def test_the_edit_page_corrects_an_agreements_kind_dates_and_follow_ups_and_can_clear_them(
    staff: TestClient,
) -> None:
    page = _agreement(staff, "Hemsjukvård", TODAY + timedelta(days=60), follow_up_dates=f"{TODAY}")
    form_page = staff.get(f"{page}/andra").text
    assert 'name="kind"' in form_page
    assert f'name="follow_up_dates" type="text" value="{TODAY}"' in form_page
    next_year = (TODAY + timedelta(days=365)).isoformat()
    changed = {
        "title": "Hemsjukvård",
        "owner": "Välfärd",
        "end": "",
        "kind": "inter_municipal",
        "start": "2019-01-01",
        "revision_date": next_year,
        "follow_up_dates": "",
        "follow_up_dates_shown": "true",
    }
    assert _post(staff, f"{page}/andra", changed, f"{page}/andra") == f"{page}?klart=andrat"
    found = staff.get(f"/api/v1/association/agreements/{page.rsplit('/', 1)[1]}").json()
    assert (found["kind"], found["start"], found["revision_date"]) == (
        "inter_municipal",
        "2019-01-01",
        next_year,
    )
    assert found["follow_up_dates"] == []
