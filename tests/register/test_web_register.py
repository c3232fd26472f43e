"""The youth register's pages and API through HTTP on a migrated SQLite file: the municipality's
activity follow-up (KAA) list, person page with entries and measures, the half-year report with
its chart and its person-level file for SCB, the retention page; the school's interruptions,
completions (examen or studiebevis) and programme changes; protected identities masked for all
but the admission officer. Sources: skollagen 29 kap. 9 §; issue 13 points 8–10.

The register: pupils 1–3 registered in Stockholm (0180), 4 in Nacka (0182); pupil 3 has
protected identity. Pupils 1 and 4 are placed at Norra (11111111); 2 and 3 are out of school.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import argon2
import pytest
from admission_year_builders import OFFICE
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from web_support import api_headers, form_token, personal_id, signed_in

from samverka import bootstrap
from samverka.admission.domain.calendar import stockholm_calendar
from samverka.admission.domain.catalogue import (
    Catalogue,
    Municipality,
    Offering,
    Organiser,
    SchoolUnit,
)
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.services.admission_year import open_admission_year
from samverka.compensation.domain.structure_supplement import SupplementTier
from samverka.compensation.services.compensation import set_supplement_tiers
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.web.deps import clock
from samverka.platform.web.i18n import LANGUAGE_COOKIE
from samverka.register.domain.placements import SchoolPlacement
from samverka.register.domain.population import PopulationRecord
from samverka.register.services.register import import_placements, load_population
from samverka.register.web import register as register_pages
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

PASSWORD = "correct horse battery"
CREATED = datetime(2026, 1, 10, 9, tzinfo=UTC)
COMMAND_LINE = Actor("cli:test", Role.OFFICER, "command line")
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
EXTRACT = date(2026, 8, 1)
HOMES = {1: "0180", 2: "0180", 3: "0180", 4: "0182"}
PROTECTED_NAME = "Hemlig Tredje"


def _build(factory: sessionmaker[Session]) -> None:
    catalogue = Catalogue(
        organisers=[Organiser("Stockholms stad", "municipal", "0180")],
        school_units=[SchoolUnit("11111111", "Norra gymnasiet", "Stockholms stad", "0180")],
        offerings=[Offering("NORRA-NA", "11111111", "NA", 10)],
    )
    open_admission_year(
        SqlUnitOfWork(factory),
        year=2026,
        region="Storsthlm",
        calendar=stockholm_calendar(2026),
        settings=YearSettings(),
        municipalities=[Municipality("0180", "Stockholm"), Municipality("0182", "Nacka")],
        catalogue=catalogue,
        actor=OFFICE,
        now=CREATED,
    )
    people = [
        PopulationRecord(
            personal_id(n),
            date(2010, 3, 1),
            PROTECTED_NAME if n == 3 else f"Elev {n}",
            home,
            f"Gatan {n}",
            protected_identity=n == 3,
        )
        for n, home in HOMES.items()
    ]
    load_population(
        SqlUnitOfWork(factory),
        records=people,
        extract_date=EXTRACT,
        source="folk.csv",
        actor=OFFICE,
        now=CREATED,
    )
    placements = [
        SchoolPlacement(personal_id(n), "11111111", "NA", "", date(2026, 8, 18)) for n in (1, 4)
    ]
    import_placements(
        SqlUnitOfWork(factory), actor=COMMAND_LINE, placements=placements, now=CREATED
    )
    for username, role, scope in (
        ("alva", Role.OFFICER, {}),
        ("anders", Role.ANALYST, {}),
        ("rektor", Role.SCHOOL, {"school_unit_codes": ["11111111"]}),
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
            **scope,  # type: ignore[arg-type]
        )


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/t.db")
    factory = bootstrap.database(settings)
    _build(factory)
    login = LocalLogin(lambda: SqlUnitOfWork(factory), CHEAP, LoginThrottle(clock=lambda: CREATED))
    return create_app(settings, session_factory=factory, authenticator=login)


@pytest.fixture
def official(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "kommun", PASSWORD)


@pytest.fixture
def school(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "rektor", PASSWORD)


@pytest.fixture
def officer(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "alva", PASSWORD)


def test_the_official_lists_the_young_people_outside_school_with_protected_ones_masked(
    official: TestClient,
) -> None:
    page = official.get("/kommun/kaa", params={"datum": "2026-09-01"})
    assert page.status_code == 200
    assert "Elev 2" in page.text
    assert "Skyddad identitet" in page.text
    for hidden in ("Elev 1", "Elev 4", PROTECTED_NAME, personal_id(3)):
        assert hidden not in page.text


def test_the_officer_sees_the_protected_person_in_the_municipality_chosen(
    officer: TestClient,
) -> None:
    page = officer.get("/kommun/kaa", params={"kommun": "0180", "datum": "2026-09-01"})
    assert PROTECTED_NAME in page.text


def test_the_official_records_a_contact_and_a_status_on_the_person_page(
    official: TestClient,
) -> None:
    path = f"/kommun/kaa/{personal_id(2)}"
    token = form_token(official, path)
    contact = {"csrf_token": token, "kind": "contact", "on": "2026-09-02", "note": "Ringde hem"}
    assert official.post(path, data=contact, follow_redirects=False).status_code == 303
    status = {"csrf_token": token, "kind": "status", "on": "2026-09-03", "status": "working"}
    assert official.post(path, data=status, follow_redirects=False).status_code == 303
    page = official.get(path)
    assert "Ringde hem" in page.text
    assert "Arbetar" in page.text
    report = official.get("/kommun/kaa/rapport", params={"halvar": "2026H2"})
    assert "<svg" in report.text
    api = official.get("/api/v1/municipality/kaa-report", params={"half": "2026H2"}).json()
    assert api["counts"]["working"] == 1
    assert api["total"] == 3  # pupil 1 too: registered on 1 August, before school started


def test_the_report_of_the_year_zero_is_a_clear_refusal_on_the_page_and_the_api(
    official: TestClient,
) -> None:
    page = official.get("/kommun/kaa/rapport", params={"halvar": "0000H2"})
    assert page.status_code == 422
    assert "Uppgifterna behöver rättas" in page.text
    assert "halvar" in page.text
    assert "Ett halvår ligger i ett år 1–9999, inte 0." in page.text
    assert "a half-year" not in page.text.lower()
    api = official.get("/api/v1/municipality/kaa-report", params={"half": "0000H2"})
    assert api.status_code == 422
    assert api.json()["error"]["code"] == "invalid_input"
    assert "Ett halvår ligger i ett år 1–9999, inte 0." in api.text
    english = {**api_headers(official), "Accept-Language": "en"}
    api = official.get(
        "/api/v1/municipality/kaa-report", params={"half": "0000H2"}, headers=english
    )
    assert "A half-year lies in a year 1–9999, not 0." in api.text


def test_the_report_of_the_year_zero_is_refused_in_english_when_asked(
    official: TestClient,
) -> None:
    official.cookies.set(LANGUAGE_COOKIE, "en")
    try:
        page = official.get("/kommun/kaa/rapport", params={"halvar": "0000H2"})
    finally:
        official.cookies.delete(LANGUAGE_COOKIE)
    assert page.status_code == 422
    assert "A half-year lies in a year 1–9999, not 0." in page.text
    assert "halvår" not in page.text


@pytest.mark.parametrize("written", ["2026H3", "26H1", "nästa"])
def test_a_half_year_written_wrong_is_refused_in_swedish_on_the_page_and_its_file(
    official: TestClient, written: str
) -> None:
    for path in ("/kommun/kaa/rapport", "/kommun/kaa/rapport/fil"):
        page = official.get(path, params={"halvar": written})
        assert page.status_code == 422, path
        assert f"{written!r} är inte ett halvår skrivet som 2026H2." in html.unescape(page.text)
        assert "pattern" not in page.text


def test_the_official_cannot_open_a_person_of_another_municipality(official: TestClient) -> None:
    assert official.get(f"/kommun/kaa/{personal_id(4)}").status_code == 404
    headers = api_headers(official)
    entry = {"kind": "contact", "on": "2026-09-02", "note": "x"}
    path = f"/api/v1/municipality/kaa/{personal_id(4)}/entries"
    assert official.post(path, json=entry, headers=headers).status_code == 404


def test_a_school_interruption_puts_the_pupil_in_the_municipalitys_follow_up(
    school: TestClient, official: TestClient
) -> None:
    page = school.get("/skola/placeringar")
    assert "Elev 1" in page.text
    token = form_token(school, "/skola/placeringar")
    form = {"csrf_token": token, "end": "2026-10-01"}
    done = school.post("/skola/placeringar/1/avbrott", data=form, follow_redirects=False)
    assert done.status_code == 303
    people = official.get("/api/v1/municipality/kaa", params={"date": "2026-10-02"}).json()
    assert personal_id(1) in {p["personal_id"] for p in people}


def test_the_school_changes_a_programme_through_the_api(school: TestClient) -> None:
    headers = api_headers(school)
    body = {"start": "2026-10-05", "programme": "ek"}
    created = school.post(
        "/api/v1/school/placements/1/programme-change", json=body, headers=headers
    )
    assert created.status_code == 201
    programmes = {p["programme"] for p in school.get("/api/v1/school/placements").json()}
    assert programmes == {"EK", "NA"}  # pupil 1 now on EK, pupil 4 still on NA
    again = school.post(
        "/api/v1/school/placements/1/interruption", json={"end": "2026-10-02"}, headers=headers
    )
    assert again.status_code == 409
    end = {"end": "2027-01-31"}
    stored = school.post(
        f"/api/v1/school/placements/{created.json()['id']}/interruption", json=end, headers=headers
    )
    assert stored.status_code == 204


def test_a_programme_change_from_the_calendars_first_day_is_a_conflict_not_a_failure(
    school: TestClient,
) -> None:
    """Found by fuzzing the API: the day before 0001-01-01 does not exist."""
    body = {"start": "0001-01-01", "programme": "EK"}
    path = "/api/v1/school/placements/1/programme-change"
    refused = school.post(path, json=body, headers=api_headers(school))
    assert refused.status_code == 409
    assert "måste börja efter" in refused.json()["error"]["message"]
    page = school.post(
        "/skola/placeringar/1/byte",
        data={**body, "csrf_token": form_token(school, "/skola/placeringar")},
    )
    assert page.status_code == 409


def test_the_municipality_and_school_pages_lead_to_the_register_and_compensation_pages(
    official: TestClient, school: TestClient, officer: TestClient
) -> None:
    municipality_page = official.get("/kommun").text
    own = ("/kommun/kaa", "/kommun/kaa/rapport", "/ersattning", "/kommun/avgifter")
    for path in (*own, "/kommun/stimulansmedel"):
        assert f'href="{path}"' in municipality_page
    assert 'href="/skola/placeringar"' in school.get("/skola").text
    chosen = officer.get("/kommun", params={"kommun": "0180"}).text
    assert 'href="/kommun/kaa?kommun=0180"' in chosen
    assert 'href="/kommun/avgifter"' not in chosen  # the municipality's own fees: not the officer's


def test_the_structure_supplement_page_counts_pupils_per_unit_and_programme_with_a_chart(
    app: FastAPI, officer: TestClient, school: TestClient
) -> None:
    tiers = [SupplementTier(1, Decimal(200), Decimal(6000))]
    factory = app.state.samverka.session_factory
    set_supplement_tiers(SqlUnitOfWork(factory), year=2026, tiers=tiers, actor=OFFICE, now=CREATED)
    page = officer.get("/ersattning/strukturtillagg", params={"datum": "2026-09-15"})
    assert page.status_code == 200
    programme = r"<td>Naturvetenskapsprogrammet \(NA\)</td>"  # by its name, the code beside
    unit = r"Norra gymnasiet \(11111111\)"  # the unit by its name, its code beside
    row = re.search(rf"<th scope=\"row\">{unit}</th>\s*{programme}\s*<td>(\d+)</td>", page.text)
    assert row is not None
    assert row.group(1) == "2"
    assert '<svg xmlns="http://www.w3.org/2000/svg" id="chart-supplement"' in page.text
    assert personal_id(1) not in page.text
    assert (
        school.get("/ersattning/strukturtillagg", params={"datum": "2026-09-15"}).status_code == 200
    )
    assert officer.get("/ersattning/strukturtillagg", params={"ar": "2027"}).status_code == 404


# -- the officer's population load (issue 11 point 3) -------------------------------------------
HEADER_ONLY = b"personnummer,namn,kommunkod\n"


def _extract(*serials: int) -> bytes:
    rows = "".join(f"{personal_id(n)},Elev {n},{HOMES.get(n, '0180')}\n" for n in serials)
    return HEADER_ONLY + rows.encode()


def _upload(officer: TestClient, content: bytes, confirm: int | None = None) -> tuple[int, str]:
    form = {"csrf_token": form_token(officer, "/register/folkbokforing"), "date": "2026-10-01"}
    if confirm is not None:
        form["confirm_removals"] = str(confirm)
    files = {"file": ("folk.csv", content, "text/csv")}
    answer = officer.post("/register/folkbokforing", data=form, files=files)
    return answer.status_code, answer.text


def test_a_header_only_extract_asks_the_officer_to_confirm_and_changes_nothing(
    officer: TestClient,
) -> None:
    status, page = _upload(officer, HEADER_ONLY)
    assert status == 409
    assert "4 av de 4 personerna i registret skulle lämna det." in page
    assert 'name="confirm_removals" value="4"' in page
    assert "bekräftar att 4 personer lämnar registret" in page
    people = officer.get("/api/v1/municipality/kaa", params={"municipality": "0180"}).json()
    assert len(people) == 2  # Elev 2 and the protected pupil are still registered, out of school
    status, page = _upload(officer, HEADER_ONLY, confirm=3)
    assert status == 409
    assert "Du bekräftade 3 personer, men uttaget tar bort 4." in page
    status, page = _upload(officer, HEADER_ONLY, confirm=4)
    assert status == 200, page
    assert "Du bekräftade att 4 personer lämnar registret." in page
    assert officer.get("/api/v1/municipality/kaa", params={"municipality": "0180"}).json() == []


def test_an_extract_with_a_few_changes_is_loaded_without_confirmation(officer: TestClient) -> None:
    status, page = _upload(officer, _extract(1, 2, 3, 4, 5))
    assert status == 200, page
    assert "Uttaget den" in page
    assert "Nya i registret" in page


def test_the_api_refuses_an_empty_extract_until_the_number_is_confirmed(
    officer: TestClient,
) -> None:
    files = {"file": ("folk.csv", HEADER_ONLY, "text/csv")}
    headers = api_headers(officer)
    path = "/api/v1/register/population"
    refused = officer.post(path, data={"date": "2026-10-01"}, files=files, headers=headers)
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "removals_not_confirmed"
    assert "bekräfta 4 borttagningar" in error["message"]
    loaded = officer.post(
        path, data={"date": "2026-10-01", "confirm_removals": "4"}, files=files, headers=headers
    )
    assert loaded.status_code == 201, loaded.text
    body = loaded.json()
    assert (body["changes"]["left_region"], body["confirmed_removals"]) == (4, 4)
    again = officer.post(
        path, data={"date": "2026-10-01", "confirm_removals": "0"}, files=files, headers=headers
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"  # not newer than the last extract


def test_only_the_officer_loads_an_extract(official: TestClient) -> None:
    assert official.get("/register/folkbokforing").status_code == 403
    files = {"file": ("folk.csv", HEADER_ONLY, "text/csv")}
    answer = official.post(
        "/api/v1/register/population",
        data={"date": "2026-10-01"},
        files=files,
        headers=api_headers(official),
    )
    assert answer.status_code == 403


@pytest.mark.parametrize("name", [".", "", "../../hemligt/folk.csv", "uttag\x00.csv", "x" * 300])
def test_an_upload_named_oddly_is_read_under_a_safe_name(officer: TestClient, name: str) -> None:
    files = {"file": (name, HEADER_ONLY, "text/csv")}
    answer = officer.post(
        "/api/v1/register/population",
        data={"date": "2026-10-01"},
        files=files,
        headers=api_headers(officer),
    )
    assert answer.status_code in (409, 422), answer.text  # never a 500
    assert answer.json()["error"]["code"] in ("removals_not_confirmed", "invalid_input")


# -- issue 13 points 8–10: measures, the person-level file, retention ----------------------------
FROZEN = datetime(2027, 3, 1, 9, tzinfo=UTC)


def test_the_official_begins_and_ends_a_measure_on_the_person_page(official: TestClient) -> None:
    path = f"/kommun/kaa/{personal_id(2)}"
    token = form_token(official, path)
    begun = {"csrf_token": token, "kind": "measure", "on": "2026-09-02", "measure": "guidance"}
    assert official.post(path, data=begun, follow_redirects=False).status_code == 303
    detail = official.get(f"/api/v1/municipality/kaa/{personal_id(2)}").json()
    (measure,) = detail["measures"]
    assert (measure["measure"], measure["end"]) == ("guidance", None)
    assert detail["finished_by"] == "age"
    assert detail["finished_compulsory_school"] == "2026-07-01"
    ended = {
        "csrf_token": token,
        "kind": "ended",
        "on": "2026-10-30",
        "ends": str(measure["entry_id"]),
        "status": "working",
    }
    assert official.post(path, data=ended, follow_redirects=False).status_code == 303
    page = official.get(path, params={"datum": "2026-11-01"})
    assert "Studie- och yrkesvägledning" in page.text
    assert "Arbetar" in page.text
    wrong = {"csrf_token": token, "kind": "measure", "on": "2026-09-02", "measure": "sailing"}
    assert official.post(path, data=wrong, follow_redirects=False).status_code == 422


def test_the_half_year_file_leaves_protected_persons_to_the_admission_office(
    official: TestClient, officer: TestClient
) -> None:
    params = {"halvar": "2026H2", "format": "csv"}
    found = official.get("/kommun/kaa/rapport/fil", params=params)
    assert found.status_code == 200
    assert found.headers["content-type"].startswith("text/csv")
    assert "attachment" in found.headers["content-disposition"]
    lines = found.text.splitlines()
    assert lines[0].startswith("kommunkod;personnummer;halvar;block")
    assert personal_id(2).replace("-", "") in found.text
    assert personal_id(3).replace("-", "") not in found.text
    page = official.get("/kommun/kaa/rapport", params={"halvar": "2026H2"})
    assert "skyddade personuppgifter" in page.text
    chosen = {**params, "kommun": "0180"}
    assert (
        personal_id(3).replace("-", "")
        in officer.get("/kommun/kaa/rapport/fil", params=chosen).text
    )
    excel = official.get("/kommun/kaa/rapport/fil", params={**params, "format": "xlsx"})
    assert excel.status_code == 200
    assert excel.content[:2] == b"PK"
    records = official.get("/api/v1/municipality/kaa-records", params={"half": "2026H2"}).json()
    assert records["summary"]["withheld"] == 1
    assert {r["block"] for r in records["records"]} >= {"1", "5"}  # pupil 1 left for NA


def test_the_retention_page_sets_the_period_and_erases_what_is_due(
    app: FastAPI, official: TestClient
) -> None:
    app.dependency_overrides[clock] = lambda: FROZEN
    path = f"/kommun/kaa/{personal_id(1)}"
    token = form_token(official, "/kommun/kaa")
    note = {"csrf_token": token, "kind": "contact", "on": "2026-08-10", "note": "Före skolstarten"}
    assert official.post(path, data=note, follow_redirects=False).status_code == 303
    page = official.get("/kommun/kaa/gallring")
    assert "standard är 12 månader" in page.text
    assert "Inget att gallra i dag." in page.text
    period = {"csrf_token": token, "months": "3"}
    done = official.post("/kommun/kaa/gallring/period", data=period, follow_redirects=False)
    assert done.status_code == 303
    page = official.get("/kommun/kaa/gallring")
    assert "1 anteckningar om 1 ungdomar har passerat gallringsfristen." in page.text
    unticked = {"csrf_token": token, "_page": "/kommun/kaa/gallring", "_form": "gallra"}
    unconfirmed = official.post("/kommun/kaa/gallring", data=unticked)
    assert unconfirmed.status_code == 422
    assert '<a href="#gallra-apply">Fyll i fältet.</a>' in unconfirmed.text
    assert 'id="gallra-apply-fel"' in unconfirmed.text
    assert "1 anteckningar om 1 ungdomar har passerat gallringsfristen." in unconfirmed.text
    confirmed = {"csrf_token": token, "apply": "true"}
    assert (
        official.post("/kommun/kaa/gallring", data=confirmed, follow_redirects=False).status_code
        == 303
    )
    view = official.get("/api/v1/municipality/kaa-retention").json()
    assert (view["months"], view["chosen"]) == (3, True)
    assert [(e["persons"], e["entries"]) for e in view["erasures"]] == [(1, 1)]
    assert "Inget att gallra i dag." in official.get("/kommun/kaa/gallring").text


def test_the_school_registers_a_completion_with_an_examen_or_a_studiebevis(
    school: TestClient, official: TestClient
) -> None:
    token = form_token(school, "/skola/placeringar")
    form = {"csrf_token": token, "end": "2026-10-01", "reason": "studiebevis"}
    assert (
        school.post("/skola/placeringar/1/avbrott", data=form, follow_redirects=False).status_code
        == 303
    )
    people = official.get("/api/v1/municipality/kaa", params={"date": "2026-10-02"}).json()
    assert personal_id(1) in {p["personal_id"] for p in people}  # a studiebevis keeps them in
    headers = api_headers(school)
    examen = {"end": "2027-06-10", "reason": "examen"}
    assert (
        school.post(
            "/api/v1/school/placements/2/interruption", json=examen, headers=headers
        ).status_code
        == 204
    )
    bad = {"end": "2027-06-10", "reason": "fullfoljd"}
    assert (
        school.post(
            "/api/v1/school/placements/2/interruption", json=bad, headers=headers
        ).status_code
        == 422
    )


# -- refused forms come back as their own page, input kept and errors at the fields -----------
def _send(
    client: TestClient, path: str, page: str, data: dict[str, str], **files: object
) -> tuple[int, str]:
    """POST ``data`` to ``path`` from a form on ``page`` (the ``form`` component sends
    ``_page``); the answer's status and page."""
    form = {**data, "csrf_token": form_token(client, page), "_page": page}
    answer = client.post(path, data=form, files=files or None)  # type: ignore[arg-type]
    return answer.status_code, answer.text


def test_a_refused_entry_comes_back_on_the_person_page_with_the_input_kept_and_nothing_saved(
    official: TestClient,
) -> None:
    path = f"/kommun/kaa/{personal_id(2)}"
    bad_day = {"kind": "contact", "on": "2026-09-31", "note": "Ringde hem"}
    status, page = _send(official, path, path, bad_day)
    assert status == 422
    assert "Uppgifterna behöver rättas" in page
    assert '<a href="#on">Skriv ett datum som ÅÅÅÅ-MM-DD.</a>' in page
    assert 'name="on" type="date" value="2026-09-31" aria-describedby="on-fel"' in page
    assert ">Ringde hem</textarea>" in page
    assert '<option value="contact" selected>' in page
    with_status = {"kind": "contact", "on": "2026-09-02", "note": "Ringde", "status": "working"}
    status, page = _send(official, path, path, with_status)
    assert status == 422
    assert 'id="status-fel"' in page  # the service's refusal, at its field
    assert "has no status" in page
    assert '<option value="working" selected>' in page
    assert "Inga anteckningar ännu." in page  # nothing was saved
    assert official.get(f"/api/v1/municipality/kaa/{personal_id(2)}").json()["entries"] == []


def test_a_refused_retention_period_comes_back_with_the_error_at_its_field(
    official: TestClient,
) -> None:
    page = "/kommun/kaa/gallring"
    status, shown = _send(official, f"{page}/period", page, {"months": "0", "_form": "frist"})
    assert status == 422
    assert '<a href="#frist-months">Skriv ett tal som är minst 1.</a>' in shown
    assert 'id="frist-months" name="months" type="number" value="0"' in shown
    assert "standard är 12 månader" in shown  # nothing was saved
    assert official.get("/api/v1/municipality/kaa-retention").json()["chosen"] is False


def test_a_refused_placement_form_comes_back_on_the_schools_page_at_its_own_card(
    school: TestClient,
) -> None:
    page = "/skola/placeringar"
    change = {"start": "", "programme": "E", "orientation": "Ekonomi", "_form": "byte-1"}
    status, shown = _send(school, f"{page}/1/byte", page, change)
    assert status == 422
    assert '<a href="#byte-1-start">Fyll i fältet.</a>' in shown
    assert '<a href="#byte-1-programme">Skriv minst 2 tecken.</a>' in shown
    assert 'id="byte-1-orientation" name="orientation" type="text" value="Ekonomi"' in shown
    assert 'id="byte-2-orientation" name="orientation" type="text" value=""' in shown
    too_early = {"start": "0001-01-01", "programme": "EK", "_form": "byte-1"}
    status, shown = _send(school, f"{page}/1/byte", page, too_early)
    assert status == 409
    assert "Det gick inte att genomföra" in shown
    assert "Det nya programmet måste börja efter 2026-08-18." in shown
    ended = {"end": "", "_form": "avbrott-1"}
    status, shown = _send(school, f"{page}/1/avbrott", page, ended)
    assert status == 422
    assert '<a href="#avbrott-1-end">Fyll i fältet.</a>' in shown
    placements = school.get("/api/v1/school/placements").json()
    assert {p["programme"] for p in placements} == {"NA"}  # nothing was saved


def test_a_refused_extract_comes_back_with_every_bad_row_and_the_date_kept(
    officer: TestClient,
) -> None:
    page = "/register/folkbokforing"
    rows = HEADER_ONLY + f"123,Elev X,0180\n{personal_id(1)},Elev 1,9999\n".encode()
    file = ("folk.csv", rows, "text/csv")
    status, shown = _send(officer, page, page, {"date": "2026-10-01"}, file=file)
    assert status == 422
    assert "Inget har sparats." in shown
    assert "folk.csv, rad 2 (personnummer):" in shown
    assert "folk.csv, rad 3 (kommunkod):" in shown
    assert 'name="date" type="date" value="2026-10-01"' in shown
    assert "Välj filen igen innan du skickar." in shown
    status, shown = _send(officer, page, page, {"date": ""}, file=file)
    assert status == 422
    assert '<a href="#date">Fyll i fältet.</a>' in shown
    people = officer.get("/api/v1/municipality/kaa", params={"municipality": "0180"}).json()
    assert len(people) == 2  # the register is as it was


def test_the_official_searches_and_filters_the_kaa_list_without_revealing_a_protected_person(
    official: TestClient,
) -> None:
    day = {"datum": "2026-09-01"}
    found = official.get("/kommun/kaa", params={**day, "sok": "ELEV 2"})
    assert "Elev 2" in found.text
    by_number = official.get("/kommun/kaa", params={**day, "sok": personal_id(2)[2:]})
    assert f'href="/kommun/kaa/{personal_id(2)}' in by_number.text
    nobody = official.get("/kommun/kaa", params={**day, "sok": "Zlatan"})
    assert "stämmer med sökningen" in nobody.text
    for typed in (personal_id(3), PROTECTED_NAME):
        page = official.get("/kommun/kaa", params={**day, "sok": typed})
        assert f'href="/kommun/kaa/{personal_id(3)}' not in page.text
        assert '<th scope="row">' + PROTECTED_NAME not in page.text
    not_contacted = official.get("/kommun/kaa", params={**day, "status": "not_contacted"})
    assert "Elev 2" in not_contacted.text
    working = official.get("/kommun/kaa", params={**day, "status": "working"})
    assert "Elev 2" not in working.text.split("<main", 1)[1].split("</form>", 1)[1]
    refused = official.get("/kommun/kaa", params={**day, "sok": "20100301-0000"})
    assert refused.status_code == 422


def test_a_page_past_the_kaa_list_says_so_and_leads_back_to_the_first_keeping_the_choices(
    official: TestClient,
) -> None:
    first = official.get("/kommun/kaa", params={"datum": "2026-09-01"})
    assert "ungdomar." in first.text
    assert 'rel="next"' not in first.text  # one page
    past = official.get("/kommun/kaa", params={"datum": "2026-09-01", "sida": "3"})
    assert past.status_code == 200
    assert "Sidan finns inte. Listan slutar på sida 1." in past.text
    assert 'href="/kommun/kaa?datum=2026-09-01">Till första sidan' in past.text


def test_the_schools_placements_are_shown_a_page_at_a_time(
    school: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(register_pages, "PAGE_SIZE", 1)
    first = school.get("/skola/placeringar").text
    assert first.count('<section class="card">') == 1
    assert 'rel="next" href="/skola/placeringar?sida=2"' in first
    second = school.get("/skola/placeringar?sida=2").text
    assert second.count('<section class="card">') == 1
    assert 'rel="prev" href="/skola/placeringar?sida=1"' in second
    heading = re.compile(r'<section class="card">\s*<h2>([^<]+)</h2>')
    assert heading.findall(first) != heading.findall(second)
