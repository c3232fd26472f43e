"""Searching persons and lists through HTTP on a migrated SQLite file.

The officer's person search: a number in any spelling lands on the person's page, a name lists
the matches, a number that is not valid is refused at the field; the search field sits in the
officer's page header only; every other role is refused (403) on the pages and the API; a
protected identity never shows to a counsellor or a school. The counsellor's pupil list:
searched by name or number, filtered (no application, not eligible, not replied) and sorted by
merit value; the import template is downloadable; a pupil's imported grades, merit value and
eligibility are shown. The inbox: an offering closed or reopened, results published and a reply
registered reach the applicant's inbox (newest first, in the reader's language), the counsellor's
pupil page, the officer's person page and the API; closing tells the same truth on the
application, the catalogue and the result page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import argon2
import pytest
from admission_year_builders import (
    AFTER_FINAL,
    IN_APPLICATION_PERIOD,
    OFFICE,
    YEAR,
    open_year,
    personal_id,
    pupil,
    submit_own_choices,
)
from database_fixtures import NewDatabase
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from web_support import api_headers, form_token

from samverka.admission.domain.applicants import PupilGrades
from samverka.admission.domain.grades import GradeLetter
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.services.offerings import close_offering, reopen_offering
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.replies import reply
from samverka.admission.services.rounds import publish_round, run_round
from samverka.config import Settings
from samverka.platform.access.domain.actors import Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.db import tables as pt
from samverka.platform.web.deps import clock
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

PASSWORD = "correct horse battery"
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
NORRA = "11111111"
HIDDEN = personal_id(4)


def _at(serial: int, name: str, *, protected: bool = False) -> PupilGrades:
    found = pupil(serial, "B", name=name, protected=protected)
    return replace(found, applicant=replace(found.applicant, school_unit_code=NORRA))


@dataclass
class World:
    app: FastAPI
    database: sessionmaker[Session]

    def client(self, username: str) -> TestClient:
        client = TestClient(self.app)
        form = {"username": username, "password": PASSWORD, "csrf_token": form_token(client)}
        assert client.post("/logga-in", data=form, follow_redirects=False).status_code == 303
        return client


@pytest.fixture
def world(tmp_path: Path, new_sqlite_database: NewDatabase) -> World:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/t.db")
    database = new_sqlite_database(settings)
    open_year(SqlUnitOfWork(database))
    pupils = [
        _at(1, "Örjan Åström"),
        _at(2, "Åsa Åström"),
        _at(3, "Bo Lind"),
        _at(4, "Hemlig Hemligsson", protected=True),
        replace(
            _at(5, "Ines Underkänd"),
            grades=tuple(replace(g, letter=GradeLetter.F) for g in _at(5, "x").grades),
        ),
    ]
    import_pupils(
        SqlUnitOfWork(database), year=YEAR, pupils=pupils, actor=OFFICE, now=IN_APPLICATION_PERIOD
    )
    submit_own_choices(SqlUnitOfWork(database), 1, "NORRA-NA")
    submit_own_choices(SqlUnitOfWork(database), 4, "NORRA-EK")
    accounts = [
        ("alva", Role.OFFICER, None, ()),
        ("sara", Role.COUNSELLOR, None, (NORRA,)),
        ("rektor", Role.SCHOOL, None, (NORRA,)),
        ("orjan", Role.APPLICANT, personal_id(1), ()),
    ]
    for username, role, pid, units in accounts:
        create_account(
            SqlUnitOfWork(database),
            actor=OFFICE,
            username=username,
            display_name=username.capitalize(),
            role=role,
            password=PASSWORD,
            passwords=CHEAP,
            personal_id=pid,
            school_unit_codes=units,
            now=IN_APPLICATION_PERIOD,
        )
    login = LocalLogin(
        lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=lambda: IN_APPLICATION_PERIOD)
    )
    app = create_app(settings, session_factory=database, authenticator=login)
    app.dependency_overrides[clock] = lambda: IN_APPLICATION_PERIOD
    return World(app, database)


@pytest.fixture
def alva(world: World) -> Iterator[TestClient]:
    with world.client("alva") as client:
        yield client


@pytest.mark.parametrize(
    "typed",
    [
        personal_id(1),
        personal_id(1).replace("-", ""),
        personal_id(1)[2:],
        " " + personal_id(1)[2:].replace("-", "") + " ",
    ],
)
def test_a_number_in_any_spelling_lands_on_the_persons_page(alva: TestClient, typed: str) -> None:
    answer = alva.get("/antagning/person", params={"q": typed}, follow_redirects=False)
    assert answer.status_code == 303
    page = alva.get(answer.headers["location"])
    assert page.status_code == 200
    assert "<h1>Örjan Åström</h1>" in page.text
    assert personal_id(1) in page.text
    assert "NORRA-NA" in page.text
    assert "Meritvärde" in page.text
    assert "Historik" in page.text


def test_a_name_lists_every_match_and_each_leads_to_the_person(alva: TestClient) -> None:
    page = alva.get("/antagning/person", params={"q": "ÅSTRÖM"})
    assert page.status_code == 200
    assert "Åsa Åström" in page.text
    assert "Örjan Åström" in page.text
    assert "Bo Lind" not in page.text
    links = re.findall(r'href="(/antagning/person/\d+)"', page.text)
    assert len(links) == 2
    assert alva.get(links[0]).status_code == 200


def test_a_number_that_is_not_valid_is_refused_at_the_field(alva: TestClient) -> None:
    wrong = personal_id(1)[:-1] + str((int(personal_id(1)[-1]) + 1) % 10)
    page = alva.get("/antagning/person", params={"q": wrong})
    assert page.status_code == 422
    assert "Det är inte ett giltigt personnummer" in page.text
    assert 'aria-invalid="true"' in page.text
    assert f'value="{wrong}"' in page.text


def test_no_match_says_so(alva: TestClient) -> None:
    page = alva.get("/antagning/person", params={"q": "Zlatan"})
    assert "Ingen sökande i antagningen 2026 stämmer med sökningen." in page.text


def test_the_officer_sees_a_protected_person_marked(alva: TestClient) -> None:
    answer = alva.get("/antagning/person", params={"q": HIDDEN}, follow_redirects=False)
    page = alva.get(answer.headers["location"])
    assert "Hemlig Hemligsson" in page.text
    assert "Skyddad identitet" in page.text
    api = alva.get("/api/v1/persons", params={"q": "hemlig"}).json()
    assert [(p["personal_id"], p["protected_identity"]) for p in api["items"]] == [(HIDDEN, True)]


def test_the_search_field_is_in_the_officers_header_on_every_page(world: World) -> None:
    with world.client("alva") as client:
        for path in ("/", "/antagning", "/statistik"):
            assert 'action="/antagning/person"' in client.get(path).text
    with world.client("sara") as client:
        assert 'action="/antagning/person"' not in client.get("/elever").text


def test_the_api_finds_and_reads_a_person(alva: TestClient) -> None:
    found = alva.get("/api/v1/persons", params={"q": personal_id(1)[2:]}).json()
    assert found["total"] == 1
    [match] = found["items"]
    record = alva.get(f"/api/v1/persons/{match['applicant_id']}").json()
    assert record["person"]["name"] == "Örjan Åström"
    assert [c["offering_code"] for c in record["application"]["choices"]] == ["NORRA-NA"]
    assert record["grades"][0]["term"] == "final"
    assert {e["entity"] for e in record["history"]} >= {"applicant", "grade", "application"}
    refused = alva.get("/api/v1/persons", params={"q": "20100301-0000"})
    assert refused.status_code == 422
    assert alva.get("/api/v1/persons/999999").status_code == 404


def _reads(world: World) -> list[tuple[str, str, str, str, dict[str, Any]]]:
    e = pt.audit_event
    with world.database() as session:
        rows = session.execute(
            select(e.c.actor, e.c.entity, e.c.entity_key, e.c.action, e.c.after)
            .where(e.c.entity.in_(["person_search", "person_record"]))
            .order_by(e.c.sequence)
        )
        return [(a, entity, key, action, after) for a, entity, key, action, after in rows]


def test_every_search_and_every_person_opened_is_audited_without_the_text_typed(
    world: World, alva: TestClient
) -> None:
    """GDPR art. 5.1 f and 32: who read whose data, and when; a number typed is not kept as
    text (the kind of query, and the applicants shown, by id)."""
    typed = personal_id(1)[2:]
    answer = alva.get("/antagning/person", params={"q": typed}, follow_redirects=False)
    opened = alva.get(answer.headers["location"])
    applicant_id = int(answer.headers["location"].rsplit("/", 1)[1])
    alva.get("/antagning/person", params={"q": "åström"})
    alva.get("/antagning/person")  # an empty field searches nothing
    alva.get("/api/v1/persons", params={"q": "Lind"})
    alva.get(f"/api/v1/persons/{applicant_id}")
    reads = _reads(world)
    assert [(r[1], r[2], r[3]) for r in reads] == [
        ("person_search", str(YEAR), "search"),
        ("person_record", personal_id(1), "open"),
        ("person_search", str(YEAR), "search"),
        ("person_search", str(YEAR), "search"),
        ("person_record", personal_id(1), "open"),
    ]
    assert {r[0] for r in reads} == {"officer:alva"}
    number, _, name, api_name, _ = (r[4] for r in reads)
    assert number == {
        "year": YEAR,
        "kind": "personal_id",
        "page": 1,
        "found": 1,
        "shown": [applicant_id],
    }
    assert (name["kind"], name["found"], len(name["shown"])) == ("name", 2, 2)
    assert (api_name["kind"], api_name["found"]) == ("name", 1)
    assert reads[1][4] == {"year": YEAR, "applicant_id": applicant_id, "via": "page"}
    assert reads[4][4] == {"year": YEAR, "applicant_id": applicant_id, "via": "api"}
    assert all(typed not in str(r[4]) and "åström" not in str(r[4]) for r in reads)
    assert "person_record" not in opened.text  # the person's history shows changes, not reads


@pytest.mark.parametrize("username", ["sara", "rektor", "orjan"])
def test_every_other_role_is_refused(world: World, username: str) -> None:
    with world.client(username) as client:
        assert client.get("/antagning/person", params={"q": "Åström"}).status_code == 403
        assert client.get("/antagning/person/1").status_code == 403
        assert client.get("/api/v1/persons", params={"q": "Åström"}).status_code == 403
        assert client.get("/api/v1/persons/1").status_code == 403


def test_a_protected_identity_never_shows_to_a_counsellor_or_a_school(world: World) -> None:
    with world.client("sara") as client:
        for params in ({}, {"q": "Hemlig"}, {"q": HIDDEN}):
            page = client.get("/elever", params=params)
            assert page.status_code == 200
            assert "Hemligsson" not in page.text  # the search itself may stand in the page
            assert f"/elever/{HIDDEN}" not in page.text
        assert client.get(f"/elever/{HIDDEN}").status_code == 404
        api = client.get("/api/v1/pupils", params={"q": "Hemlig"}).json()
        assert api["items"] == []
    with world.client("rektor") as client:
        for path in ("/skola", "/skola/utbildningar/NORRA-EK"):
            page = client.get(path)
            assert page.status_code == 200
            assert "Hemligsson" not in page.text
            assert HIDDEN not in page.text


# -- the counsellor's pupil list ----------------------------------------------------------------
def _names(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/elever/[^"]+">([^<]+)</a></th>', page)


@pytest.fixture
def sara(world: World) -> Iterator[TestClient]:
    with world.client("sara") as client:
        yield client


def test_the_counsellor_searches_the_list_by_name_or_number(sara: TestClient) -> None:
    assert _names(sara.get("/elever", params={"q": "åSTRÖM"}).text) == [
        "Åsa Åström",
        "Örjan Åström",
    ]
    by_number = sara.get("/elever", params={"q": personal_id(1)[2:].replace("-", "")})
    assert _names(by_number.text) == ["Örjan Åström"]
    refused = sara.get("/elever", params={"q": "20100301-0000"})
    assert refused.status_code == 422
    assert "Det är inte ett giltigt personnummer" in refused.text
    nobody = sara.get("/elever", params={"q": "Zlatan"})
    assert "Ingen elev stämmer med sökningen." in nobody.text


def test_the_counsellor_filters_pupils_without_application_or_eligibility(
    sara: TestClient,
) -> None:
    without = _names(sara.get("/elever", params={"visa": "ingen-ansokan"}).text)
    assert without == ["Bo Lind", "Ines Underkänd", "Åsa Åström"]  # Å, Ä, Ö after Z
    assert _names(sara.get("/elever", params={"visa": "inte-behorig"}).text) == ["Ines Underkänd"]
    api = sara.get("/api/v1/pupils", params={"show": "inte-behorig"}).json()
    assert [(p["name"], p["eligible"], Decimal(p["merit_value"])) for p in api["items"]] == [
        ("Ines Underkänd", False, Decimal(0))
    ]


def test_the_counsellor_sorts_by_merit_value_and_the_pages_keep_the_search(
    sara: TestClient,
) -> None:
    page = sara.get("/elever", params={"sortera": "meritvarde"})
    assert _names(page.text)[-1] == "Ines Underkänd"
    api = sara.get("/api/v1/pupils", params={"sort": "meritvarde", "limit": 1}).json()
    assert api["total"] == 4
    assert Decimal(api["items"][0]["merit_value"]) == 280


def test_the_counsellor_finds_the_admitted_who_have_not_replied(
    world: World, sara: TestClient
) -> None:
    uow = SqlUnitOfWork(world.database)
    summary = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=1, actor=OFFICE, now=AFTER_FINAL)
    publish_round(uow, year=YEAR, round_id=summary.round_id, actor=OFFICE, now=AFTER_FINAL)
    assert _names(sara.get("/elever", params={"visa": "inte-svarat"}).text) == ["Örjan Åström"]
    reply(
        uow,
        year=YEAR,
        personal_id=personal_id(1),
        kind=ReplyKind.ACCEPT,
        actor=OFFICE,
        now=AFTER_FINAL,
    )
    assert _names(sara.get("/elever", params={"visa": "inte-svarat"}).text) == []


def test_the_import_page_offers_the_template_as_a_workbook_and_a_csv_file(
    sara: TestClient,
) -> None:
    page = sara.get("/betyg/import")
    assert 'href="/betyg/mall?format=xlsx"' in page.text
    csv = sara.get("/betyg/mall", params={"format": "csv"})
    assert csv.status_code == 200
    assert csv.text.lstrip("\ufeff").startswith("personnummer;namn")
    assert "attachment" in csv.headers["content-disposition"]
    workbook = sara.get("/betyg/mall")
    assert workbook.content[:2] == b"PK"
    assert sara.get("/betyg/mall", params={"format": "exe"}).status_code == 422


def test_a_pupils_page_shows_the_grades_merit_value_and_eligibility_as_imported(
    sara: TestClient,
) -> None:
    page = sara.get(f"/elever/{personal_id(1)}")
    assert "Betyg så som de importerats" in page.text
    assert "Meritvärde: 280." in page.text
    assert "Yrkesprogram" in page.text
    detail = sara.get(f"/api/v1/pupils/{personal_id(1)}").json()
    assert Decimal(detail["grades"][0]["merit_value"]) == 280
    assert detail["grades"][0]["eligibility"][0] == {
        "group": "vocational",
        "eligible": True,
        "failures": [],
    }


# -- the inbox -------------------------------------------------------------------------------------
CLOSED_SV = "Utbildningen Norra gymnasiet NA (NORRA-NA) startar inte."
CLOSED_EN = "The programme Norra gymnasiet NA (NORRA-NA) will not start."


def test_a_closed_offering_reaches_the_inbox_in_the_readers_language_and_agrees_everywhere(
    world: World,
) -> None:
    close_offering(
        SqlUnitOfWork(world.database),
        year=YEAR,
        offering_code="NORRA-NA",
        actor=OFFICE,
        now=IN_APPLICATION_PERIOD,
    )
    with world.client("orjan") as orjan:
        inbox = orjan.get("/meddelanden")
        assert inbox.status_code == 200
        assert CLOSED_SV in inbox.text
        application = orjan.get("/min-ansokan").text
        assert CLOSED_SV in application
        assert "Startar inte" in application  # at the choice itself
        assert "Vald – Startar inte" in orjan.get("/katalog").text
        api = orjan.get("/api/v1/messages").json()
        assert [(m["kind"], m["parameters"]["code"]) for m in api["messages"]] == [
            ("offering_closed", "NORRA-NA")
        ]
        assert orjan.get("/api/v1/application").json()["choices"][0]["closed"] is True
        orjan.cookies.set("lang", "en")
        english = orjan.get("/meddelanden").text
        assert CLOSED_EN in english
        assert CLOSED_SV not in english
    with world.client("sara") as sara:
        assert CLOSED_SV in sara.get(f"/elever/{personal_id(1)}").text
        detail = sara.get(f"/api/v1/pupils/{personal_id(1)}").json()
        assert [m["kind"] for m in detail["inbox"]] == ["offering_closed"]
        assert sara.get("/meddelanden").status_code == 403
        assert sara.get("/api/v1/messages").status_code == 403
    with world.client("alva") as alva:
        found = alva.get("/antagning/person", params={"q": personal_id(1)}, follow_redirects=True)
        assert CLOSED_SV in found.text


def test_results_replies_and_a_reopening_come_newest_first(world: World) -> None:
    uow = SqlUnitOfWork(world.database)
    summary = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=1, actor=OFFICE, now=AFTER_FINAL)
    publish_round(uow, year=YEAR, round_id=summary.round_id, actor=OFFICE, now=AFTER_FINAL)
    later = AFTER_FINAL.replace(hour=14)
    reply(
        uow, year=YEAR, personal_id=personal_id(1), kind=ReplyKind.ACCEPT, actor=OFFICE, now=later
    )
    with world.client("orjan") as orjan:
        api = orjan.get("/api/v1/messages").json()["messages"]
        assert [(m["kind"], m["parameters"]) for m in api] == [
            ("reply_registered", {"reply": "accept"}),
            ("results_published", {"round_kind": "final"}),
        ]
        page = orjan.get("/meddelanden").text
        reply_at = page.index("Ditt svar är registrerat: du tackar ja")
        assert reply_at < page.index("Det slutliga antagningsbeskedet är publicerat.")
        assert 'href="/meddelanden"' in orjan.get("/mitt-resultat").text


def test_the_result_page_says_when_the_place_held_will_not_start(world: World) -> None:
    uow = SqlUnitOfWork(world.database)
    summary = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=1, actor=OFFICE, now=AFTER_FINAL)
    publish_round(uow, year=YEAR, round_id=summary.round_id, actor=OFFICE, now=AFTER_FINAL)
    closing = AFTER_FINAL.replace(hour=15)
    close_offering(uow, year=YEAR, offering_code="NORRA-NA", actor=OFFICE, now=closing)
    notice = "Utbildningen NORRA-NA startar inte, och din plats där upphör."
    with world.client("orjan") as orjan:
        assert notice in orjan.get("/mitt-resultat").text
        holder = (
            "Utbildningen Norra gymnasiet NA (NORRA-NA) startar inte, och din plats där upphör."
        )
        assert holder in orjan.get("/meddelanden").text
        reopen_offering(uow, year=YEAR, offering_code="NORRA-NA", actor=OFFICE, now=closing)
        assert notice not in orjan.get("/mitt-resultat").text
        inbox = orjan.get("/meddelanden").text
        assert inbox.index("startar ändå") < inbox.index(holder)


# -- the school's lists ---------------------------------------------------------------------------
def test_the_school_searches_its_applicants_and_admitted_and_never_finds_a_protected_person(
    world: World,
) -> None:
    uow = SqlUnitOfWork(world.database)
    summary = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=1, actor=OFFICE, now=AFTER_FINAL)
    publish_round(uow, year=YEAR, round_id=summary.round_id, actor=OFFICE, now=AFTER_FINAL)
    with world.client("rektor") as rektor:
        path = "/skola/utbildningar/NORRA-NA"
        found = rektor.get(path, params={"sok": "åSTRÖM"})
        assert found.status_code == 200
        admitted_first = r'data-label="Plats">1</td>\s*<th scope="row">Örjan Åström</th>'
        assert re.search(admitted_first, found.text)
        assert "Örjan Åström" not in rektor.get(path, params={"sok": "Bo Lind"}).text
        by_number = rektor.get(path, params={"sok": personal_id(1).replace("-", "")})
        assert "Örjan Åström" in by_number.text
        refused = rektor.get(path, params={"sok": "20100301-0000"})
        assert refused.status_code == 422
        for typed in ("Hemligsson", HIDDEN):
            hidden = rektor.get("/skola/utbildningar/NORRA-EK", params={"sok": typed}).text
            # The header's language link, the forms' return address and the search field keep
            # what was typed; nothing else may show the person.
            for kept in (f"sok%3D{typed}", f"sok={typed}", f'value="{typed}"'):
                hidden = hidden.replace(kept, "")
            shown = hidden
            assert "Hemligsson" not in shown
            assert HIDDEN not in shown


def test_the_applicant_marks_the_inbox_read_and_later_messages_are_unread(world: World) -> None:
    uow = SqlUnitOfWork(world.database)
    close_offering(
        uow, year=YEAR, offering_code="NORRA-NA", actor=OFFICE, now=IN_APPLICATION_PERIOD
    )
    with world.client("orjan") as orjan:
        assert [m["unread"] for m in orjan.get("/api/v1/messages").json()["messages"]] == [True]
        assert "Oläst" in orjan.get("/meddelanden").text
        token = form_token(orjan, "/meddelanden")
        done = orjan.post("/meddelanden/lasta", data={"csrf_token": token}, follow_redirects=False)
        assert done.status_code == 303
        page = orjan.get(done.headers["location"]).text
        assert "Dina meddelanden är markerade som lästa." in page
        assert "Oläst" not in page
        later = IN_APPLICATION_PERIOD.replace(hour=13)
        reopen_offering(uow, year=YEAR, offering_code="NORRA-NA", actor=OFFICE, now=later)
        unread = [m["unread"] for m in orjan.get("/api/v1/messages").json()["messages"]]
        assert unread == [True, False]
        world.app.dependency_overrides[clock] = lambda: later
        read = orjan.post("/api/v1/messages/read", headers=api_headers(orjan))
        assert [m["unread"] for m in read.json()["messages"]] == [False, False]
    with world.client("sara") as sara:
        assert "Oläst" not in sara.get(f"/elever/{personal_id(1)}").text
