"""The school's (principal's) and the municipality official's parts, through HTTP on a migrated
SQLite file: only their own offerings or residents, places and test points (audited, bad input
refused with nothing changed), closing an offering, lists with protected identities masked,
the municipality's statistics, and 403 for every other role. The admission officer uses both
for a school unit or municipality of their choice (``?skolenhet=``/``?kommun=`` on the pages,
``?school_unit=``/``?municipality=`` on the API), in their own name and with protected
identities shown; a school or an official naming another one is refused and nothing changes.

The year: four offerings at two schools (``NORRA-MU`` has an aptitude test), five pupils;
pupils 1–3 live in Stockholm (0180), 4–5 in Nacka (0182); pupil 3 has protected identity.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import argon2
import pytest
from database_fixtures import NewDatabase
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from web_support import api_headers, form_token, personal_id, signed_in

from samverka.admission.db import tables as at
from samverka.admission.domain.applicants import ApplicantRecord, Guardian, PupilGrades
from samverka.admission.domain.calendar import GradeTerm, stockholm_calendar
from samverka.admission.domain.catalogue import (
    Catalogue,
    Municipality,
    Offering,
    Organiser,
    SchoolUnit,
)
from samverka.admission.domain.grades import SUBJECTS, Grade, GradeLetter
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.queries.round_lists import ReserveApplicant
from samverka.admission.queries.school_view import OfferingDetails, SchoolOffering
from samverka.admission.services.admission_year import open_admission_year
from samverka.admission.services.applications import ChoiceRequest, register_applications
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.replies import reply
from samverka.admission.services.rounds import publish_round, run_round
from samverka.admission.web import school as school_pages
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.db import tables as pt
from samverka.platform.domain.personal_id import parse_personal_id
from samverka.register.web import municipality
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

YEAR = 2026
PASSWORD = "correct horse battery"
CREATED = datetime(YEAR, 1, 10, 9, tzinfo=UTC)
IN_APPLICATION_PERIOD = datetime(YEAR, 2, 1, 12, tzinfo=UTC)
AFTER_FINAL = datetime(YEAR, 7, 2, 12, tzinfo=UTC)
COMMAND_LINE = Actor("cli:test", Role.OFFICER, "command line")
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
SECRET_NAME = "Hemlig Person"
LETTERS = {1: "A", 2: "B", 3: "C", 4: "D", 5: "E"}
CHOICES = {
    1: ("NORRA-NA", "NORRA-EK"),
    2: ("NORRA-NA", "SODRA-ES"),
    3: ("NORRA-EK", "NORRA-NA"),
    4: ("SODRA-ES", "NORRA-MU"),
    5: ("NORRA-MU",),
}


def _pupil(serial: int, letter: str) -> PupilGrades:
    subjects = [s for s in SUBJECTS if s not in {"SVA", "M1", "M2", "ML", "TSP"}]
    record = ApplicantRecord(
        personal_id=parse_personal_id(personal_id(serial), today=date(YEAR, 2, 1)),
        name=SECRET_NAME if serial == 3 else f"Elev {serial}",
        home_municipality="0180" if serial <= 3 else "0182",
        school_unit_code=None,
        protected_identity=serial == 3,
        guardians=(Guardian(f"Vårdnadshavare {serial}", f"vh{serial}@example.se"),),
    )
    return PupilGrades(
        record, GradeTerm.FINAL, tuple(Grade(s, GradeLetter(letter)) for s in subjects)
    )


def _build_year(uow: SqlUnitOfWork) -> None:
    catalogue = Catalogue(
        organisers=[
            Organiser("Stockholms stad", "municipal", "0180"),
            Organiser("Skolbolaget AB", "independent"),
        ],
        school_units=[
            SchoolUnit("11111111", "Norra gymnasiet", "Stockholms stad", "0180"),
            SchoolUnit("22222222", "Södra gymnasiet", "Skolbolaget AB", "0182"),
        ],
        offerings=[
            Offering("NORRA-NA", "11111111", "NA", 1),
            Offering("NORRA-EK", "11111111", "EK", 1),
            Offering("NORRA-MU", "11111111", "ES", 2, test_multiplier=Decimal(1)),
            Offering("SODRA-ES", "22222222", "ES", 2),
        ],
    )
    open_admission_year(
        uow,
        year=YEAR,
        region="Storsthlm",
        calendar=stockholm_calendar(YEAR),
        settings=YearSettings(),
        municipalities=[
            Municipality("0180", "Stockholm", 975551),
            Municipality("0182", "Nacka", 105201),
        ],
        catalogue=catalogue,
        actor=COMMAND_LINE,
        now=datetime(YEAR, 1, 2, tzinfo=UTC),
    )
    pupils = [_pupil(serial, letter) for serial, letter in LETTERS.items()]
    import_pupils(uow, year=YEAR, pupils=pupils, actor=COMMAND_LINE, now=IN_APPLICATION_PERIOD)
    register_applications(
        uow,
        year=YEAR,
        applications={
            personal_id(n): [ChoiceRequest(code) for code in codes] for n, codes in CHOICES.items()
        },
        actor=COMMAND_LINE,
        by_admission_office=True,
        now=IN_APPLICATION_PERIOD,
    )


def _account(factory: sessionmaker[Session], username: str, role: Role, **scope: object) -> None:
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
def database(tmp_path: Path, new_sqlite_database: NewDatabase) -> sessionmaker[Session]:
    factory = new_sqlite_database(Settings(database_url=f"sqlite:///{tmp_path}/t.db"))
    _build_year(SqlUnitOfWork(factory))
    _account(factory, "anders", Role.ANALYST)
    _account(factory, "alva", Role.OFFICER)
    _account(factory, "rektor", Role.SCHOOL, school_unit_codes=["11111111"])
    _account(factory, "kommun", Role.MUNICIPALITY, municipality_code="0180")
    return factory


@pytest.fixture
def published(database: sessionmaker[Session]) -> int:
    summary = run_round(
        SqlUnitOfWork(database),
        year=YEAR,
        kind=RoundKind.FINAL,
        seed=7,
        actor=COMMAND_LINE,
        now=AFTER_FINAL,
    )
    publish_round(
        SqlUnitOfWork(database),
        year=YEAR,
        round_id=summary.round_id,
        actor=COMMAND_LINE,
        now=AFTER_FINAL,
    )
    return summary.round_id


@pytest.fixture
def app(tmp_path: Path, database: sessionmaker[Session]) -> FastAPI:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/t.db")
    login = LocalLogin(lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=lambda: CREATED))
    return create_app(settings, session_factory=database, authenticator=login)


@pytest.fixture
def school(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "rektor", PASSWORD)


@pytest.fixture
def official(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "kommun", PASSWORD)


@pytest.fixture
def analyst(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "anders", PASSWORD)


@pytest.fixture
def officer(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "alva", PASSWORD)


def _places(factory: sessionmaker[Session], code: str) -> tuple[int, int]:
    o = at.offering
    with factory() as session:
        row = session.execute(
            select(o.c.places, o.c.discretionary_places).where(o.c.code == code)
        ).one()
    return row.places, row.discretionary_places


def _audit(factory: sessionmaker[Session], action: str) -> list[str]:
    a = pt.audit_event
    with factory() as session:
        query = select(a.c.actor).where(a.c.action == action)
        return list(session.execute(query).scalars())


# -- the school ---------------------------------------------------------------------------------
def test_a_school_sees_only_its_own_offerings(school: TestClient) -> None:
    page = school.get("/skola")
    assert page.status_code == 200
    assert "NORRA-NA" in page.text
    assert "NORRA-MU" in page.text
    assert "SODRA-ES" not in page.text
    assert school.get("/skola/utbildningar/SODRA-ES").status_code == 404
    listed = school.get("/api/v1/school/offerings").json()
    assert {o["code"] for o in listed} == {"NORRA-NA", "NORRA-EK", "NORRA-MU"}
    token = api_headers(school)
    body = {"places": 5, "discretionary_places": 0}
    refused = school.put("/api/v1/school/offerings/SODRA-ES/places", json=body, headers=token)
    assert refused.status_code == 404


def test_a_school_changes_places_on_the_page_and_it_is_audited(
    school: TestClient, database: sessionmaker[Session]
) -> None:
    token = form_token(school, "/skola/utbildningar/NORRA-NA")
    data = {"places": "30", "discretionary_places": "2", "csrf_token": token}
    done = school.post("/skola/utbildningar/NORRA-NA/platser", data=data, follow_redirects=False)
    assert done.status_code == 303
    assert _places(database, "NORRA-NA") == (30, 2)
    assert _audit(database, "set_places") == ["school:rektor"]


@pytest.mark.parametrize(
    "body", [{"places": 3, "discretionary_places": 4}, {"places": -1, "discretionary_places": 0}]
)
def test_bad_places_are_refused_and_nothing_changes(
    school: TestClient, database: sessionmaker[Session], body: dict[str, int]
) -> None:
    token = api_headers(school)
    answer = school.put("/api/v1/school/offerings/NORRA-NA/places", json=body, headers=token)
    assert answer.status_code == 422
    form = {key: str(value) for key, value in body.items()}
    form["csrf_token"] = form_token(school, "/skola/utbildningar/NORRA-NA")
    assert school.post("/skola/utbildningar/NORRA-NA/platser", data=form).status_code == 422
    assert _places(database, "NORRA-NA") == (1, 0)
    assert _audit(database, "set_places") == []


def test_refused_places_come_back_on_the_offerings_page_with_the_input_and_errors_kept(
    school: TestClient, database: sessionmaker[Session]
) -> None:
    page = "/skola/utbildningar/NORRA-NA"
    form = {"places": "-1", "discretionary_places": "många", "_page": page, "_form": "platser"}
    form["csrf_token"] = form_token(school, page)

    refused = school.post(f"{page}/platser", data=form)

    assert refused.status_code == 422
    text = refused.text
    assert "<h1>NORRA-NA: Norra gymnasiet</h1>" in text
    assert '<a href="#platser-places">Skriv ett tal som är minst 0.</a>' in text
    assert '<a href="#platser-discretionary_places">Skriv ett heltal.</a>' in text
    assert 'name="places" type="text" value="-1"' in text
    assert 'name="discretionary_places" type="text" value="många"' in text
    assert "Ändringen är sparad." not in text
    assert _places(database, "NORRA-NA") == (1, 0)
    assert _audit(database, "set_places") == []


def test_places_the_service_refuses_come_back_with_its_reason_at_the_field(
    school: TestClient, database: sessionmaker[Session]
) -> None:
    page = "/skola/utbildningar/NORRA-NA"
    form = {"places": "3", "discretionary_places": "4", "_page": page, "_form": "platser"}
    form["csrf_token"] = form_token(school, page)

    refused = school.post(f"{page}/platser", data=form)

    assert refused.status_code == 422
    assert 'id="platser-discretionary_places-fel"' in refused.text
    assert "discretionary places cannot exceed the places" in refused.text
    assert _places(database, "NORRA-NA") == (1, 0)


def test_test_points_are_recorded_only_on_test_offerings(
    school: TestClient, database: sessionmaker[Session]
) -> None:
    token = api_headers(school)
    path = f"/api/v1/school/offerings/NORRA-MU/test-points/{personal_id(5)}"
    assert school.put(path, json={"points": "12.5"}, headers=token).status_code == 204
    wrong = f"/api/v1/school/offerings/NORRA-NA/test-points/{personal_id(1)}"
    assert school.put(wrong, json={"points": "12.5"}, headers=token).status_code == 422
    not_chosen = f"/api/v1/school/offerings/NORRA-MU/test-points/{personal_id(1)}"
    assert school.put(not_chosen, json={"points": "1"}, headers=token).status_code == 404
    c = at.choice
    with database() as session:
        points = session.execute(select(c.c.test_points).where(c.c.test_points.is_not(None)))
        assert [Decimal(p) for p in points.scalars()] == [Decimal("12.5")]
    assert _audit(database, "test_points") == ["school:rektor"]
    page = school.get("/skola/utbildningar/NORRA-MU")
    assert 'action="/skola/utbildningar/NORRA-MU/provpoang/tabell"' in page.text


def test_a_school_closes_an_offering_and_its_applicants_get_messages(
    school: TestClient, database: sessionmaker[Session]
) -> None:
    token = form_token(school, "/skola/utbildningar/NORRA-EK")
    form = {"csrf_token": token, "confirmed": "ja"}
    done = school.post("/skola/utbildningar/NORRA-EK/stang", data=form)
    assert done.status_code == 200
    assert "Stängd" in done.text
    with database() as session:
        kinds = session.execute(select(at.message.c.kind)).scalars().all()
    assert kinds == ["offering_closed", "offering_closed"]
    again = school.post("/api/v1/school/offerings/NORRA-EK/close", headers=api_headers(school))
    assert again.status_code == 409
    other = school.post("/api/v1/school/offerings/SODRA-ES/close", headers=api_headers(school))
    assert other.status_code == 404


def test_a_school_sees_the_admitted_and_reserves_with_protected_identity_masked(
    school: TestClient, published: int
) -> None:
    page = school.get("/skola/utbildningar/NORRA-EK")
    assert page.status_code == 200
    assert "Skyddad identitet" in page.text
    assert SECRET_NAME not in page.text
    assert personal_id(3) not in page.text
    na = school.get("/skola/utbildningar/NORRA-NA").text
    assert SECRET_NAME not in na
    assert personal_id(3) not in na


# -- the municipality ---------------------------------------------------------------------------
def test_a_municipality_sees_only_its_residents_with_protected_identity_masked(
    official: TestClient, published: int
) -> None:
    page = official.get("/kommun")
    assert page.status_code == 200
    assert "Elev 1" in page.text
    assert "Elev 2" in page.text
    assert "Elev 4" not in page.text
    assert "Elev 5" not in page.text
    assert SECRET_NAME not in page.text
    assert personal_id(3) not in page.text
    listed = official.get("/api/v1/municipality/residents?limit=2").json()
    assert listed["total"] == 3
    assert len(listed["items"]) == 2
    everyone = official.get("/api/v1/municipality/residents").json()["items"]
    masked = [r for r in everyone if r["protected_identity"]]
    assert masked == [{**masked[0], "personal_id": None, "name": "Skyddad identitet"}]


def test_a_municipality_sees_its_statistics(official: TestClient, published: int) -> None:
    figures = official.get("/api/v1/municipality/statistics").json()
    assert figures["municipality_code"] == "0180"
    assert figures["round_id"] == published
    assert figures["applicants"] == 3
    assert figures["placed"] <= 3
    first = {p["programme"]: p["first_choice_applicants"] for p in figures["programmes"]}
    assert {k: v for k, v in first.items() if v} == {"NA": 2, "EK": 1}
    placed = sum(p["placed"] for p in figures["programmes"])
    assert placed == figures["placed"]


# -- other roles --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    ["/skola", "/kommun", "/api/v1/school/offerings", "/api/v1/municipality/statistics"],
)
def test_other_roles_are_refused(analyst: TestClient, path: str) -> None:
    assert analyst.get(path).status_code == 403


def test_a_school_may_not_read_the_municipality_and_vice_versa(
    school: TestClient, official: TestClient
) -> None:
    assert school.get("/kommun").status_code == 403
    assert official.get("/skola").status_code == 403


# -- the admission officer, for a school unit or municipality they choose -----------------------
NORRA, SODRA = "11111111", "22222222"


def test_the_officer_first_chooses_a_school_unit_with_offerings_this_year(
    officer: TestClient,
) -> None:
    page = officer.get("/skola")
    assert page.status_code == 200
    assert f'<option value="{NORRA}">Norra gymnasiet ({NORRA})</option>' in page.text
    assert f'<option value="{SODRA}">Södra gymnasiet ({SODRA})</option>' in page.text
    assert "NORRA-NA" not in page.text
    assert 'href="/skola"' in officer.get("/antagning").text


def test_the_officer_opens_the_chosen_schools_offerings_and_the_links_keep_the_choice(
    officer: TestClient,
) -> None:
    page = officer.get("/skola", params={"skolenhet": SODRA})
    assert page.status_code == 200
    assert "SODRA-ES" in page.text
    assert "NORRA-NA" not in page.text
    assert f'href="/skola/utbildningar/SODRA-ES?skolenhet={SODRA}"' in page.text
    offering = officer.get("/skola/utbildningar/SODRA-ES", params={"skolenhet": SODRA})
    assert offering.status_code == 200
    assert f'action="/skola/utbildningar/SODRA-ES/platser?skolenhet={SODRA}"' in offering.text
    other = officer.get("/skola/utbildningar/NORRA-NA", params={"skolenhet": SODRA})
    assert other.status_code == 404
    listed = officer.get("/api/v1/school/offerings", params={"school_unit": NORRA}).json()
    assert {o["code"] for o in listed} == {"NORRA-NA", "NORRA-EK", "NORRA-MU"}


def test_the_officer_sets_places_for_the_chosen_school_in_their_own_name(
    officer: TestClient, database: sessionmaker[Session]
) -> None:
    token = form_token(officer, f"/skola/utbildningar/SODRA-ES?skolenhet={SODRA}")
    done = officer.post(
        f"/skola/utbildningar/SODRA-ES/platser?skolenhet={SODRA}",
        data={"places": "12", "discretionary_places": "1", "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert (
        done.headers["location"] == f"/skola/utbildningar/SODRA-ES?klart=platser&skolenhet={SODRA}"
    )
    assert _places(database, "SODRA-ES") == (12, 1)
    api = officer.put(
        "/api/v1/school/offerings/NORRA-NA/places",
        params={"school_unit": NORRA},
        json={"places": 7, "discretionary_places": 0},
        headers=api_headers(officer),
    )
    assert api.status_code == 204
    assert _places(database, "NORRA-NA") == (7, 0)
    assert _audit(database, "set_places") == ["officer:alva", "officer:alva"]


def test_the_officer_records_test_points_and_closes_an_offering_in_their_own_name(
    officer: TestClient, database: sessionmaker[Session]
) -> None:
    headers, unit = api_headers(officer), {"school_unit": NORRA}
    path = f"/api/v1/school/offerings/NORRA-MU/test-points/{personal_id(5)}"
    assert officer.put(path, params=unit, json={"points": "20"}, headers=headers).status_code == 204
    closed = officer.post("/api/v1/school/offerings/NORRA-EK/close", params=unit, headers=headers)
    assert (closed.status_code, closed.json()["notified"]) == (200, 2)
    assert _audit(database, "test_points") == ["officer:alva"]
    assert _audit(database, "close") == ["officer:alva"]


def test_the_officer_sees_protected_identities_on_the_chosen_schools_offering(
    officer: TestClient, published: int
) -> None:
    page = officer.get("/skola/utbildningar/NORRA-EK", params={"skolenhet": NORRA})
    assert page.status_code == 200
    assert SECRET_NAME in page.text
    assert personal_id(3) in page.text


def test_the_officer_must_choose_an_existing_school_unit_before_acting(
    officer: TestClient, database: sessionmaker[Session]
) -> None:
    assert officer.get("/skola", params={"skolenhet": "99999999"}).status_code == 404
    assert officer.get("/skola/utbildningar/NORRA-NA").status_code == 422
    body = {"places": 9, "discretionary_places": 0}
    answer = officer.put(
        "/api/v1/school/offerings/NORRA-NA/places", json=body, headers=api_headers(officer)
    )
    assert answer.status_code == 422
    assert _places(database, "NORRA-NA") == (1, 0)
    assert _audit(database, "set_places") == []


def test_a_school_naming_another_school_unit_is_refused_and_nothing_changes(
    school: TestClient, database: sessionmaker[Session]
) -> None:
    assert school.get("/skola", params={"skolenhet": SODRA}).status_code == 403
    assert school.get("/skola", params={"skolenhet": NORRA}).status_code == 200
    refused = school.get("/skola/utbildningar/SODRA-ES", params={"skolenhet": SODRA})
    assert refused.status_code == 403
    token = form_token(school, "/skola/utbildningar/NORRA-NA")
    form = {"places": "30", "discretionary_places": "0", "csrf_token": token}
    posted = school.post(f"/skola/utbildningar/SODRA-ES/platser?skolenhet={SODRA}", data=form)
    assert posted.status_code == 403
    headers = api_headers(school)
    api = school.put(
        "/api/v1/school/offerings/SODRA-ES/places",
        params={"school_unit": SODRA},
        json={"places": 30, "discretionary_places": 0},
        headers=headers,
    )
    assert api.status_code == 403
    closed = school.post(
        "/api/v1/school/offerings/SODRA-ES/close", params={"school_unit": SODRA}, headers=headers
    )
    assert closed.status_code == 403
    assert _places(database, "SODRA-ES") == (2, 0)
    assert _audit(database, "set_places") == []
    with database() as session:
        assert session.execute(select(at.message.c.kind)).first() is None


def test_the_officer_opens_the_chosen_municipality_with_protected_identities_shown(
    officer: TestClient, published: int
) -> None:
    chooser = officer.get("/kommun")
    assert chooser.status_code == 200
    assert '<option value="0182">Nacka (0182)</option>' in chooser.text
    nacka = officer.get("/kommun", params={"kommun": "0182"})
    assert nacka.status_code == 200
    assert "Elev 4" in nacka.text
    assert "Elev 5" in nacka.text
    assert "Elev 1" not in nacka.text
    assert "Du arbetar som antagningshandläggare för Nacka (0182)." in nacka.text
    stockholm = officer.get("/kommun", params={"kommun": "0180"})
    assert SECRET_NAME in stockholm.text
    listed = officer.get("/api/v1/municipality/residents", params={"municipality": "0180"})
    secret = [r for r in listed.json()["items"] if r["protected_identity"]]
    assert [(r["name"], r["personal_id"]) for r in secret] == [(SECRET_NAME, personal_id(3))]
    figures = officer.get("/api/v1/municipality/statistics", params={"municipality": "0182"})
    assert (figures.json()["municipality_code"], figures.json()["applicants"]) == ("0182", 2)
    assert officer.get("/kommun", params={"kommun": "9999"}).status_code == 404
    assert officer.get("/api/v1/municipality/statistics").status_code == 422


def test_an_official_naming_another_municipality_is_refused(official: TestClient) -> None:
    assert official.get("/kommun", params={"kommun": "0182"}).status_code == 403
    assert official.get("/kommun", params={"kommun": "0180"}).status_code == 200
    for path in ("/api/v1/municipality/residents", "/api/v1/municipality/statistics"):
        assert official.get(path, params={"municipality": "0182"}).status_code == 403
        assert official.get(path, params={"municipality": "0180"}).status_code == 200


# -- the school's entries for many applicants at once, and the admitted with their replies ------
MU = "/skola/utbildningar/NORRA-MU"


def _points(factory: sessionmaker[Session]) -> dict[str, Decimal]:
    a, c = at.applicant, at.choice
    query = (
        select(a.c.personal_id, c.c.test_points)
        .join(a, a.c.id == c.c.applicant_id)
        .where(c.c.test_points.is_not(None))
    )
    with factory() as session:
        return {pid: Decimal(points) for pid, points in session.execute(query)}


def _table(school: TestClient, values: list[str]) -> dict[str, object]:
    """The test points table of NORRA-MU (Elev 4, then Elev 5) with ``values`` typed in."""
    return {
        "csrf_token": form_token(school, MU),
        "_page": MU,
        "_form": "provpoang",
        "personal_id": [personal_id(4), personal_id(5)],
        "value": values,
    }


def test_a_school_saves_every_applicants_test_points_in_one_post(
    school: TestClient, database: sessionmaker[Session]
) -> None:
    page = school.get(MU).text
    assert f'action="{MU}/provpoang/tabell"' in page
    assert 'id="provpoang-points-2"' in page
    done = school.post(f"{MU}/provpoang/tabell", data=_table(school, ["14,5", "20"]))
    assert done.status_code == 200
    assert "Ändringen är sparad." in done.text
    assert _points(database) == {personal_id(4): Decimal("14.5"), personal_id(5): Decimal(20)}
    assert _audit(database, "test_points") == ["school:rektor", "school:rektor"]


def test_a_bad_row_of_the_test_points_is_shown_at_its_row_and_nothing_is_saved(
    school: TestClient, database: sessionmaker[Session]
) -> None:
    refused = school.post(f"{MU}/provpoang/tabell", data=_table(school, ["14", "mycket"]))
    assert refused.status_code == 422
    assert "Inget har sparats." in refused.text
    at_row = 'id="provpoang-points-2-fel"><span class="visually-hidden">Fel:</span> Elev 5:'
    assert at_row in refused.text
    assert 'id="provpoang-points-1-fel"' not in refused.text
    assert 'id="provpoang-points-1" name="value" type="text" value="14"' in refused.text
    assert 'value="mycket" aria-invalid="true"' in refused.text
    too_many = school.post(f"{MU}/provpoang/tabell", data=_table(school, ["1001", "3"]))
    assert too_many.status_code == 422
    assert "Elev 4: provpoängen ska vara från 0 till 1000" in too_many.text
    assert _points(database) == {}
    assert _audit(database, "test_points") == []


def test_test_points_come_from_a_file_and_a_bad_line_is_named_with_nothing_saved(
    school: TestClient, database: sessionmaker[Session]
) -> None:
    template = school.get(f"{MU}/provpoang/mall", params={"format": "csv"})
    assert template.status_code == 200
    assert template.text.splitlines()[0] == "personnummer,namn,provpoang"
    assert f"{personal_id(5)},Elev 5," in template.text
    form = {"csrf_token": form_token(school, MU), "_page": MU, "_form": "provpoang-fil"}
    bad = f"personnummer;provpoang\n{personal_id(4)};12\n{personal_id(1)};3\n"
    refused = school.post(
        f"{MU}/provpoang/fil", data=form, files={"file": ("poang.csv", bad.encode(), "text/csv")}
    )
    assert refused.status_code == 422
    assert f"poang.csv:3: {personal_id(1)} har inte sökt utbildningen." in refused.text
    assert _points(database) == {}
    good = f"Personnummer;Namn;Provpoäng\n{personal_id(4)};Elev 4;12\n{personal_id(5)};;\n"
    done = school.post(
        f"{MU}/provpoang/fil", data=form, files={"file": ("poang.csv", good.encode(), "text/csv")}
    )
    assert done.status_code == 200
    assert _points(database) == {personal_id(4): Decimal(12)}


def test_the_admitted_show_their_replies_and_an_empty_reserve_list_says_so(
    school: TestClient, database: sessionmaker[Session], published: int
) -> None:
    reply(
        SqlUnitOfWork(database),
        year=YEAR,
        personal_id=personal_id(1),
        kind=ReplyKind.ACCEPT,
        actor=COMMAND_LINE,
        now=AFTER_FINAL,
    )
    page = school.get("/skola/utbildningar/NORRA-NA").text
    assert "Tackat ja" in page
    assert "Inga reserver" in school.get("/skola/utbildningar/NORRA-MU").text
    listed = school.get("/skola/utbildningar/NORRA-NA/antagna", params={"format": "csv"})
    assert listed.status_code == 200
    header, *rows = listed.text.splitlines()
    assert header == "Plats,Namn,Personnummer,Meritvärde,Inom fri kvot,Svar"
    assert any(row.startswith("1,Elev 1,") and row.endswith(",Tackat ja") for row in rows)
    workbook = school.get("/skola/utbildningar/NORRA-NA/antagna", params={"format": "xlsx"})
    assert workbook.content.startswith(b"PK")


# -- the municipality's residents: its name, narrowed and paged ---------------------------------
def test_the_municipality_page_is_headed_with_the_municipalitys_name(
    official: TestClient, officer: TestClient
) -> None:
    page = official.get("/kommun").text
    assert "<h1>Stockholm: kommunens sökande 2026</h1>" in page
    nacka = officer.get("/kommun", params={"kommun": "0182"}).text
    assert "<h1>Nacka: kommunens sökande 2026</h1>" in nacka


def test_the_residents_are_narrowed_to_the_unplaced_or_to_a_programme(
    officer: TestClient, published: int
) -> None:
    everyone = officer.get("/kommun", params={"kommun": "0182"}).text
    assert "Elev 4" in everyone
    assert "Elev 5" in everyone
    unplaced = officer.get("/kommun", params={"kommun": "0182", "status": "oplacerade"}).text
    placed = officer.get("/kommun", params={"kommun": "0182", "status": "placerade"}).text
    assert ("Elev 5" in unplaced) != ("Elev 5" in placed)
    assert ("Elev 4" in unplaced) != ("Elev 4" in placed)
    assert '<option value="oplacerade" selected>' in unplaced
    assert "Inte placerad" in unplaced or "Inga sökande stämmer med urvalet." in unplaced
    music = officer.get("/kommun", params={"kommun": "0182", "program": "ES"}).text
    assert "Elev 4" in music
    assert "Elev 5" in music
    none = officer.get("/kommun", params={"kommun": "0182", "program": "NA"}).text
    assert "Inga sökande stämmer med urvalet." in none
    assert "Elev 4" not in none


def test_the_residents_are_paged_and_each_page_keeps_the_narrowing(
    official: TestClient, published: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(municipality, "PAGE_SIZE", 1)
    pages = [official.get("/kommun", params={"program": "EK", "sida": n}).text for n in (1, 2)]
    assert "Sida 1 av 2" in pages[0]
    assert 'href="/kommun?program=EK&amp;sida=2" rel="next"' in pages[0]
    assert "Sida 2 av 2" in pages[1]
    assert 'href="/kommun?program=EK&amp;sida=1" rel="prev"' in pages[1]
    shown = [("Elev 1" in page, "Skyddad identitet" in page) for page in pages]
    assert sorted(shown) == [(False, True), (True, False)]


def test_a_long_reserve_list_is_paged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(school_pages, "RESERVES_PER_PAGE", 2)
    offering = SchoolOffering("NORRA-NA", NORRA, "Norra", "NA", "", 1, 0, False, "open", 3)
    reserves = [
        ReserveApplicant("NORRA-NA", n, personal_id(n), f"Elev {n}", Decimal(200), False)
        for n in (1, 2, 3)
    ]
    found = OfferingDetails(offering, [], None, [], reserves)

    first, second = (school_pages._reserve_page(found, n) for n in (1, 2))

    assert (first["reserve_pages"], first["reserves"]) == (2, reserves[:2])
    assert (second["reserve_page"], second["reserves"]) == (2, reserves[2:])
