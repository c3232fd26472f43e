"""The counsellor's (SYV) pages and API, through HTTP on a migrated SQLite file: only the pupils
of their own school units, the grade import (report, row errors, other school units, re-import),
marking foreign grades (audited), and that other roles are refused. The admission officer uses
them for a school unit of their choice (``?skolenhet=``, ``?school_unit=``), in their own name;
a counsellor naming another unit is refused and nothing changes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import argon2
import pytest
from database_fixtures import NewDatabase
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from web_support import api_headers, form_token, personal_id

from samverka.admission.db import tables as at
from samverka.admission.domain.applicants import ApplicantRecord, PupilGrades
from samverka.admission.domain.calendar import GradeTerm, stockholm_calendar
from samverka.admission.domain.catalogue import (
    Catalogue,
    Municipality,
    Offering,
    Organiser,
    SchoolUnit,
)
from samverka.admission.domain.grades import SUBJECTS, Grade, GradeLetter
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.services.admission_year import open_admission_year
from samverka.admission.services.applications import ChoiceRequest, submit_choices
from samverka.admission.services.foreign_grades import mark_foreign_grades
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.rounds import publish_round, run_round
from samverka.config import Settings
from samverka.errors import NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.db import tables as pt
from samverka.platform.domain.personal_id import parse_personal_id
from samverka.platform.web.deps import clock
from samverka.platform.web.i18n import LANGUAGE_COOKIE
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

YEAR = 2026
PASSWORD = "correct horse battery"
OFFICER = Actor("cli:test", Role.OFFICER, "command line")
NOW = datetime(YEAR, 2, 1, 12, tzinfo=UTC)
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
NORRA, SODRA = "11111111", "22222222"


ALICE, BO, OTHER = personal_id(1), personal_id(2), personal_id(3)


def _pupil(serial: int, name: str, unit: str) -> PupilGrades:
    record = ApplicantRecord(
        personal_id=parse_personal_id(personal_id(serial), today=date(YEAR, 2, 1)),
        name=name,
        home_municipality="0180",
        school_unit_code=unit,
    )
    grades = tuple(Grade(s, GradeLetter("C")) for s in ("EN", "MA", "SV"))
    assert all(s in SUBJECTS for s in ("EN", "MA", "SV"))
    return PupilGrades(record, GradeTerm.FINAL, grades)


@dataclass
class World:
    app: FastAPI
    database: sessionmaker[Session]

    def client(self, username: str) -> TestClient:
        client = TestClient(self.app)
        form = {"username": username, "password": PASSWORD, "csrf_token": form_token(client)}
        assert client.post("/logga-in", data=form, follow_redirects=False).status_code == 303
        return client

    def count(self, table: object) -> int:
        with self.database() as session:
            return session.execute(select(func.count()).select_from(table)).scalar_one()  # type: ignore[arg-type]

    def foreign(self, pid: str) -> bool:
        with self.database() as session:
            a = at.applicant
            query = select(a.c.foreign_grades).where(a.c.personal_id == pid)
            return bool(session.execute(query).scalar_one())


@pytest.fixture
def world(tmp_path: Path, new_sqlite_database: NewDatabase) -> World:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/t.db")
    database = new_sqlite_database(settings)
    open_admission_year(
        SqlUnitOfWork(database),
        year=YEAR,
        region="Storsthlm",
        calendar=stockholm_calendar(YEAR),
        settings=YearSettings(),
        municipalities=[Municipality("0180", "Stockholm"), Municipality("0182", "Nacka")],
        catalogue=Catalogue(
            organisers=[Organiser("Stockholms stad", "municipal", "0180")],
            school_units=[
                SchoolUnit(NORRA, "Norra gymnasiet", "Stockholms stad", "0180"),
                SchoolUnit(SODRA, "Södra gymnasiet", "Stockholms stad", "0180"),
            ],
            offerings=[Offering("NORRA-NA", NORRA, "NA", 10)],
        ),
        actor=OFFICER,
        now=NOW,
    )
    pupils = [_pupil(1, "Alice Ek", NORRA), _pupil(2, "Bo Lind", NORRA), _pupil(3, "Ove Ås", SODRA)]
    import_pupils(SqlUnitOfWork(database), year=YEAR, pupils=pupils, actor=OFFICER, now=NOW)
    accounts = [
        ("sara", Role.COUNSELLOR, None, (NORRA,)),
        ("alice", Role.APPLICANT, ALICE, ()),
        ("alva", Role.OFFICER, None, ()),
    ]
    for username, role, pid, units in accounts:
        create_account(
            SqlUnitOfWork(database),
            actor=OFFICER,
            username=username,
            display_name=username.capitalize(),
            role=role,
            password=PASSWORD,
            passwords=CHEAP,
            personal_id=pid,
            school_unit_codes=units,
            now=NOW,
        )
    login = LocalLogin(lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=lambda: NOW))
    app = create_app(settings, session_factory=database, authenticator=login)
    app.dependency_overrides[clock] = lambda: NOW
    return World(app, database)


@pytest.fixture
def sara(world: World) -> Iterator[TestClient]:
    with world.client("sara") as client:
        yield client


def _csv(*rows: str) -> bytes:
    return ("personnummer;namn;hemkommun;skolenhetskod;EN;MA;SV\n" + "\n".join(rows)).encode()


def _row(pid: str, name: str, unit: str = NORRA, grade: str = "C") -> str:
    return f"{pid};{name};0180;{unit};{grade};{grade};{grade}"


def _import(client: TestClient, content: bytes, name: str = "elever.csv") -> tuple[int, str]:
    data = {"term": "final", "csrf_token": form_token(client, "/betyg/import")}
    answer = client.post("/betyg/import", data=data, files={"file": (name, content, "text/csv")})
    return answer.status_code, answer.text


# -- scope ----------------------------------------------------------------------------------------
def test_the_counsellor_sees_only_the_pupils_of_their_own_school_units(sara: TestClient) -> None:
    page = sara.get("/elever")
    assert page.status_code == 200
    assert "Alice Ek" in page.text
    assert "Bo Lind" in page.text
    assert "Ove Ås" not in page.text
    assert OTHER not in page.text
    assert f"<td>Norra gymnasiet ({NORRA})</td>" in page.text  # the unit by name, code beside
    assert "<caption" in page.text
    api = sara.get("/api/v1/pupils", params={"limit": 1}).json()
    assert (api["total"], len(api["items"])) == (2, 1)
    assert api["items"][0]["personal_id"] == ALICE


def test_a_pupil_is_shown_as_they_see_it_and_others_are_not_found(sara: TestClient) -> None:
    page = sara.get(f"/elever/{ALICE}")
    assert page.status_code == 200
    assert "Alice Ek" in page.text
    assert "Ansökan så som eleven ser den" in page.text
    detail = sara.get(f"/api/v1/pupils/{ALICE}").json()
    assert detail["application"]["registered"] is True
    assert detail["result"] is None
    assert sara.get(f"/elever/{OTHER}").status_code == 404
    assert sara.get(f"/api/v1/pupils/{OTHER}").status_code == 404
    assert sara.get("/elever/20100301-9999").status_code == 404
    form = {"foreign": "true", "csrf_token": form_token(sara, "/elever")}
    assert sara.post(f"/elever/{OTHER}/utlandska-betyg", data=form).status_code == 404
    answer = sara.post(
        f"/api/v1/pupils/{OTHER}/foreign-grades", json={"foreign": True}, headers=api_headers(sara)
    )
    assert answer.status_code == 404


def test_a_pupils_grades_are_listed_by_subject_name_with_the_code_beside(sara: TestClient) -> None:
    table = sara.get(f"/elever/{ALICE}").text.split('id="betyg-final"', 1)[1].split("</table>")[0]
    names = re.findall(r'<th scope="row">([^<]+?) <span class="muted">\((\w+)\)</span>', table)
    assert names == [("Engelska", "EN"), ("Matematik", "MA"), ("Svenska", "SV")]
    sara.cookies.set(LANGUAGE_COOKIE, "en")
    english = sara.get(f"/elever/{ALICE}").text.split('id="betyg-final"', 1)[1]
    assert '<th scope="row">Mathematics <span class="muted">(MA)</span>' in english


def test_other_roles_are_refused(world: World) -> None:
    with world.client("alice") as client:
        assert client.get("/elever").status_code == 403
        assert client.get(f"/elever?skolenhet={NORRA}").status_code == 403
        assert client.get("/betyg/import").status_code == 403
        assert client.get("/api/v1/pupils").status_code == 403
        assert client.get(f"/api/v1/pupils/{ALICE}").status_code == 403


# -- the admission officer, for a school unit they choose -----------------------------------------
@pytest.fixture
def alva(world: World) -> Iterator[TestClient]:
    with world.client("alva") as client:
        yield client


def _audit_actors(world: World, action: str) -> list[str]:
    with world.database() as session:
        e = pt.audit_event
        return list(session.execute(select(e.c.actor).where(e.c.action == action)).scalars())


def test_the_officer_first_chooses_a_school_unit_among_the_registers(alva: TestClient) -> None:
    page = alva.get("/elever")
    assert page.status_code == 200
    assert 'name="skolenhet"' in page.text
    assert f'<option value="{NORRA}">Norra gymnasiet ({NORRA})</option>' in page.text
    assert f'<option value="{SODRA}">Södra gymnasiet ({SODRA})</option>' in page.text
    assert "Alice Ek" not in page.text
    assert 'name="skolenhet"' in alva.get("/betyg/import").text
    assert "/elever" in alva.get("/antagning").text


def test_the_officer_sees_the_pupils_of_the_chosen_unit_and_the_links_keep_the_choice(
    alva: TestClient,
) -> None:
    page = alva.get("/elever", params={"skolenhet": SODRA})
    assert page.status_code == 200
    assert "Ove Ås" in page.text
    assert "Alice Ek" not in page.text
    assert "Du arbetar som antagningshandläggare för Södra gymnasiet (22222222)." in page.text
    assert f'href="/elever/{OTHER}?skolenhet={SODRA}"' in page.text
    assert f'href="/betyg/import?skolenhet={SODRA}"' in page.text
    pupil = alva.get(f"/elever/{OTHER}", params={"skolenhet": SODRA})
    assert pupil.status_code == 200
    assert f'action="/elever/{OTHER}/utlandska-betyg?skolenhet={SODRA}"' in pupil.text
    assert alva.get(f"/elever/{ALICE}", params={"skolenhet": SODRA}).status_code == 404
    api = alva.get("/api/v1/pupils", params={"school_unit": SODRA}).json()
    assert [p["personal_id"] for p in api["items"]] == [OTHER]


def test_the_officer_marks_foreign_grades_for_the_chosen_unit_in_their_own_name(
    world: World, alva: TestClient
) -> None:
    path = f"/elever/{OTHER}/utlandska-betyg?skolenhet={SODRA}"
    form = {"foreign": "true", "csrf_token": form_token(alva, f"/elever/{OTHER}?skolenhet={SODRA}")}
    answer = alva.post(path, data=form, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/elever/{OTHER}?sparat=1&skolenhet={SODRA}"
    assert world.foreign(OTHER) is True
    api = alva.post(
        f"/api/v1/pupils/{OTHER}/foreign-grades",
        params={"school_unit": SODRA},
        json={"foreign": False},
        headers=api_headers(alva),
    )
    assert (api.status_code, api.json()["foreign_grades"]) == (200, False)
    assert _audit_actors(world, "mark_foreign_grades") == ["officer:alva", "officer:alva"]


def test_the_officer_imports_grades_for_the_chosen_unit_in_their_own_name(
    world: World, alva: TestClient
) -> None:
    before = _audit_actors(world, "import_final")
    token = form_token(alva, f"/betyg/import?skolenhet={SODRA}")
    content = _csv(_row(OTHER, "Ove Ås", unit=SODRA, grade="A"), _row(personal_id(8), "Ny", SODRA))
    answer = alva.post(
        f"/betyg/import?skolenhet={SODRA}",
        data={"term": "final", "csrf_token": token},
        files={"file": ("elever.csv", content, "text/csv")},
    )
    assert answer.status_code == 200
    assert "1 nya, 1 ändrade och 0 oförändrade elever" in answer.text
    assert _audit_actors(world, "import_final")[len(before) :] == ["officer:alva"] * 2
    assert _audit_actors(world, "create")[-1] == "officer:alva"
    refused = alva.post(
        f"/betyg/import?skolenhet={SODRA}",
        data={"term": "final", "csrf_token": token},
        files={"file": ("elever.csv", _csv(_row(ALICE, "Alice Ek", grade="A")), "text/csv")},
    )
    assert refused.status_code == 422
    assert "Skolenheten 11111111 är inte en av dina skolenheter." in refused.text


def test_the_officer_sees_the_chosen_units_pupils_with_protected_identity(
    world: World, alva: TestClient, sara: TestClient
) -> None:
    secret = _pupil(9, "Hemlig Elev", NORRA)
    hidden = PupilGrades(
        ApplicantRecord(
            personal_id=secret.applicant.personal_id,
            name="Hemlig Elev",
            home_municipality="0180",
            school_unit_code=NORRA,
            protected_identity=True,
        ),
        GradeTerm.FINAL,
        secret.grades,
    )
    import_pupils(SqlUnitOfWork(world.database), year=YEAR, pupils=[hidden], actor=OFFICER, now=NOW)
    assert "Hemlig Elev" in alva.get("/elever", params={"skolenhet": NORRA}).text
    assert alva.get(f"/elever/{personal_id(9)}", params={"skolenhet": NORRA}).status_code == 200
    assert "Hemlig Elev" not in sara.get("/elever").text
    assert sara.get(f"/elever/{personal_id(9)}").status_code == 404


def test_the_officer_must_choose_an_existing_unit_before_reading_or_acting(
    world: World, alva: TestClient
) -> None:
    assert alva.get("/elever", params={"skolenhet": "99999999"}).status_code == 404
    assert alva.get(f"/elever/{ALICE}").status_code == 422
    assert alva.get("/api/v1/pupils").status_code == 422
    assert alva.get("/api/v1/pupils", params={"school_unit": "99999999"}).status_code == 404
    answer = alva.post(
        f"/api/v1/pupils/{ALICE}/foreign-grades", json={"foreign": True}, headers=api_headers(alva)
    )
    assert answer.status_code == 422
    assert world.foreign(ALICE) is False


# -- a counsellor may never choose another unit -------------------------------------------------
def test_a_counsellor_naming_their_own_unit_sees_their_pupils(sara: TestClient) -> None:
    page = sara.get("/elever", params={"skolenhet": NORRA})
    assert page.status_code == 200
    assert "Alice Ek" in page.text
    assert "Du arbetar som antagningshandläggare" not in page.text
    assert sara.get("/api/v1/pupils", params={"school_unit": NORRA}).json()["total"] == 2


def test_a_counsellor_naming_another_unit_is_refused_and_nothing_changes(
    world: World, sara: TestClient
) -> None:
    before = (world.count(at.applicant), world.count(at.grade), world.count(pt.audit_event))
    assert sara.get("/elever", params={"skolenhet": SODRA}).status_code == 403
    assert sara.get(f"/elever/{OTHER}", params={"skolenhet": SODRA}).status_code == 403
    assert sara.get("/betyg/import", params={"skolenhet": SODRA}).status_code == 403
    token = form_token(sara, "/elever")
    marked = sara.post(
        f"/elever/{OTHER}/utlandska-betyg?skolenhet={SODRA}",
        data={"foreign": "true", "csrf_token": token},
    )
    assert marked.status_code == 403
    imported = sara.post(
        f"/betyg/import?skolenhet={SODRA}",
        data={"term": "final", "csrf_token": token},
        files={"file": ("e.csv", _csv(_row(OTHER, "Ove Ås", unit=SODRA, grade="A")), "text/csv")},
    )
    assert imported.status_code == 403
    headers = api_headers(sara)
    assert sara.get("/api/v1/pupils", params={"school_unit": SODRA}).status_code == 403
    api = sara.post(
        f"/api/v1/pupils/{OTHER}/foreign-grades",
        params={"school_unit": SODRA},
        json={"foreign": True},
        headers=headers,
    )
    assert api.status_code == 403
    assert world.foreign(OTHER) is False
    after = (world.count(at.applicant), world.count(at.grade), world.count(pt.audit_event))
    assert after == before


# -- foreign grades -----------------------------------------------------------------------------
def test_marking_foreign_grades_is_saved_and_audited(world: World, sara: TestClient) -> None:
    form = {"foreign": "true", "csrf_token": form_token(sara, f"/elever/{BO}")}
    answer = sara.post(f"/elever/{BO}/utlandska-betyg", data=form, follow_redirects=False)
    assert answer.status_code == 303
    assert world.foreign(BO) is True
    assert "Eleven har utländska betyg." in sara.get(f"/elever/{BO}").text
    without_token = sara.post(f"/elever/{BO}/utlandska-betyg", data={"foreign": "false"})
    assert without_token.status_code == 403
    api = sara.post(
        f"/api/v1/pupils/{BO}/foreign-grades", json={"foreign": False}, headers=api_headers(sara)
    )
    assert (api.status_code, api.json()["foreign_grades"]) == (200, False)
    with world.database() as session:
        e = pt.audit_event
        actions = session.execute(
            select(e.c.actor, e.c.after).where(e.c.action == "mark_foreign_grades")
        ).all()
    assert [row.actor for row in actions] == ["counsellor:sara", "counsellor:sara"]
    assert world.foreign(BO) is False


# -- the grade import -----------------------------------------------------------------------------
def test_a_valid_file_is_imported_and_reimporting_it_changes_nothing(
    world: World, sara: TestClient
) -> None:
    new = personal_id(4)
    content = _csv(_row(ALICE, "Alice Ek"), _row(BO, "Bo Lind", grade="A"), _row(new, "Nils Ny"))
    status, text = _import(sara, content)
    assert status == 200
    assert "1 nya, 1 ändrade och 1 oförändrade elever" in text
    assert world.count(at.applicant) == 4
    audited = world.count(pt.audit_event)
    status, text = _import(sara, content)
    assert status == 200
    assert "0 nya, 0 ändrade och 3 oförändrade elever" in text
    assert world.count(pt.audit_event) == audited


def test_a_file_with_bad_rows_lists_every_row_and_saves_nothing(
    world: World, sara: TestClient
) -> None:
    before = (world.count(at.applicant), world.count(at.grade), world.count(pt.audit_event))
    content = _csv(
        _row(personal_id(5), "Ny Elev"),
        _row("20100301-0000", "Fel Nummer"),
        _row(personal_id(6), "", grade="Q"),
        _row(personal_id(7), "Annan Skola", unit=SODRA),
    )
    status, text = _import(sara, content)
    assert status == 422
    assert "Inget har sparats" in text
    rows = re.findall(r"<tr>\s*<td class=\"number\">(\d+)</td>\s*<td>([^<]*)</td>", text)
    assert {line for line, _ in rows} == {"3", "4", "5"}
    assert ("5", "skolenhetskod") in rows
    assert "Skolenheten 22222222 är inte en av dina skolenheter." in text
    after = (world.count(at.applicant), world.count(at.grade), world.count(pt.audit_event))
    assert after == before


def test_a_row_for_another_school_unit_is_refused(world: World, sara: TestClient) -> None:
    status, text = _import(sara, _csv(_row(OTHER, "Ove Ås", unit=SODRA, grade="A")))
    assert status == 422
    assert "Skolenheten 22222222 är inte en av dina skolenheter." in text
    assert "Inget har sparats" in text
    status, text = _import(sara, b"x", name="elever.txt")
    assert status == 422


def test_a_row_for_another_school_unit_is_refused_in_english_for_an_english_reader(
    sara: TestClient,
) -> None:
    sara.cookies.set(LANGUAGE_COOKIE, "en")
    status, text = _import(sara, _csv(_row(OTHER, "Ove Ås", unit=SODRA, grade="A")))
    assert status == 422
    assert "The school unit 22222222 is not one of your school units." in text
    assert "inte en av dina skolenheter" not in text


def _applicant(world: World, pid: str) -> tuple[object, ...]:
    with world.database() as session:
        a = at.applicant
        row = session.execute(select(a).where(a.c.personal_id == pid)).one()
        grades = session.execute(select(at.grade.c.letter).where(at.grade.c.applicant_id == row.id))
        return (row.name, row.school_unit_code, row.protected_identity, sorted(grades.scalars()))


def test_a_counsellors_row_for_another_units_pupil_is_refused_and_nothing_changes(
    world: World, sara: TestClient
) -> None:
    """The attack (issue 11 point 1): a row naming Sara's own unit for Södra's pupil Ove."""
    before = (_applicant(world, OTHER), world.count(pt.audit_event))
    status, text = _import(sara, _csv(_row(OTHER, "Kapad Elev", unit=NORRA, grade="A")))
    assert status == 422
    assert "Inget har sparats" in text
    rows = re.findall(r"<tr>\s*<td class=\"number\">(\d+)</td>\s*<td>([^<]*)</td>", text)
    assert rows == [("2", "personnummer")]
    assert "Eleven är redan registrerad utanför dina skolenheter" in text
    assert (_applicant(world, OTHER), world.count(pt.audit_event)) == before


def test_a_counsellors_row_cannot_lift_a_protected_identity(world: World, sara: TestClient) -> None:
    hidden = _pupil(9, "Hemlig Elev", NORRA)
    hidden = replace(hidden, applicant=replace(hidden.applicant, protected_identity=True))
    import_pupils(SqlUnitOfWork(world.database), year=YEAR, pupils=[hidden], actor=OFFICER, now=NOW)
    before = (_applicant(world, personal_id(9)), world.count(pt.audit_event))
    header = "personnummer;namn;hemkommun;skolenhetskod;skyddad_identitet;EN;MA;SV\n"
    content = f"{header}{personal_id(9)};Hemlig Elev;0180;{NORRA};nej;C;C;C".encode()
    status, text = _import(sara, content)
    assert status == 422
    assert "Eleven är redan registrerad utanför dina skolenheter" in text
    assert "Hemlig Elev" not in text
    assert (_applicant(world, personal_id(9)), world.count(pt.audit_event)) == before


def test_the_service_refuses_a_pupil_outside_the_counsellors_school_units(world: World) -> None:
    counsellor = Actor("sara", Role.COUNSELLOR, "Sara", school_unit_codes=frozenset({NORRA}))
    uow = SqlUnitOfWork(world.database)
    with pytest.raises(NotPermitted):
        mark_foreign_grades(
            uow, year=YEAR, personal_id=OTHER, foreign=True, actor=counsellor, now=NOW
        )
    assert world.foreign(OTHER) is False
    assert (
        mark_foreign_grades(
            uow, year=YEAR, personal_id=ALICE, foreign=False, actor=counsellor, now=NOW
        )
        is False
    )  # unchanged: nothing written


def test_the_published_result_is_shown_as_the_pupil_sees_it(world: World, sara: TestClient) -> None:
    submit_choices(
        SqlUnitOfWork(world.database),
        year=YEAR,
        personal_id=ALICE,
        choices=[ChoiceRequest("NORRA-NA")],
        actor=OFFICER,
        by_admission_office=True,
        now=NOW,
    )
    uow, after_final = SqlUnitOfWork(world.database), datetime(YEAR, 7, 2, 12, tzinfo=UTC)
    summary = run_round(
        uow, year=YEAR, kind=RoundKind.FINAL, seed=7, actor=OFFICER, now=after_final
    )
    publish_round(uow, year=YEAR, round_id=summary.round_id, actor=OFFICER, now=after_final)
    detail = sara.get(f"/api/v1/pupils/{ALICE}").json()
    assert detail["pupil"]["choices"] == 1
    [choice] = detail["result"]["choices"]  # three grades only: not eligible for NA
    assert (choice["offering_code"], choice["outcome"]) == ("NORRA-NA", "not_eligible")
    assert detail["result"]["placed_offering_code"] is None
    page = sara.get(f"/elever/{ALICE}")
    assert "Inte antagen till något av valen." in page.text
    assert "Ej behörig" in page.text


# -- a refused form comes back as its own page ---------------------------------------------------
def test_a_refused_arrival_date_comes_back_on_the_pupils_page_with_the_date_kept_at_its_field(
    world: World, sara: TestClient
) -> None:
    page = f"/elever/{ALICE}"
    form = {"arrival_date": "igår", "completed_national_programme": "true"}
    form |= {"csrf_token": form_token(sara, page), "_page": page, "_form": "ankomst"}

    refused = sara.post(f"{page}/ankomst-och-studier", data=form)

    assert refused.status_code == 422
    text = refused.text
    assert "<h1>Alice Ek</h1>" in text
    assert "Uppgifterna behöver rättas" in text
    assert '<a href="#ankomst-arrival_date">Skriv ett datum som ÅÅÅÅ-MM-DD.</a>' in text
    assert 'id="ankomst-arrival_date-fel"' in text
    assert 'name="arrival_date" type="date" value="igår"' in text
    assert 'value="true" checked' in text  # the answer kept too
    assert _audit_actors(world, "admission_facts") == []


def test_a_refused_file_is_named_at_the_file_field_above_the_table_of_its_rows(
    sara: TestClient,
) -> None:
    status, text = _import(sara, _csv(_row("20100301-0000", "Fel Nummer")))
    assert status == 422
    assert '<a href="#file">Filen innehåller fel; varje fel står i tabellen nedan.</a>' in text
    assert '<caption id="radfel-caption">Fel i filen (1)</caption>' in text
    assert '<option value="final" selected>' in text
