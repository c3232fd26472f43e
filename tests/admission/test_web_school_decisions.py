"""The school's decisions through HTTP on a migrated SQLite file: ranking an individual
introduction programme (per applicant and as a list), fri kvot and the assessment of foreign
grades, on the page and the API, audited; bad rankings refused whole; and the reasons an
applicant then reads, in Swedish and English.

Sources: skollagen (2010:800) 17 kap. and admissions-rules.md §2.3, §3.6 (the school ranks
individual IM; unranked: "Ej erbjuden plats"); gymnasieförordningen (2010:2039) 7 kap. 3–4 §§
(fri kvot: a limited number of places); SL 16 kap. 30–31 §§ ("motsvarande kunskaper").

The year: NORRA-IMA (2 places) and NORRA-EK (2 places, 1 of them fri kvot) at Norra, SODRA-EK at
Södra; pupils 1–4 apply to NORRA-IMA and NORRA-EK; pupil 4 has protected identity.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
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
from samverka.admission.services.applications import ChoiceRequest, register_applications
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.rounds import publish_round, run_round
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.db import tables as pt
from samverka.platform.domain.personal_id import parse_personal_id
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

YEAR = 2026
PASSWORD = "correct horse battery"
CREATED = datetime(YEAR, 1, 10, 9, tzinfo=UTC)
IN_APPLICATION_PERIOD = datetime(YEAR, 2, 1, 12, tzinfo=UTC)
AFTER_FINAL = datetime(YEAR, 7, 2, 12, tzinfo=UTC)
COMMAND_LINE = Actor("cli:test", Role.OFFICER, "command line")
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
IMA, EK = "/skola/utbildningar/NORRA-IMA", "/skola/utbildningar/NORRA-EK"
API = "/api/v1/school/offerings"
PROTECTED = personal_id(4)


OFFICE = Actor("cli:test", Role.OFFICER, "command line")  # imports pupils of any school unit


def _pupil(serial: int, letter: str, missing: frozenset[str] = frozenset()) -> PupilGrades:
    subjects = [s for s in SUBJECTS if s not in {"SVA", "M1", "M2", "ML", "TSP"} | missing]
    record = ApplicantRecord(
        personal_id=parse_personal_id(personal_id(serial), today=date(YEAR, 2, 1)),
        name="Hemlig Person" if serial == 4 else f"Elev {serial}",
        home_municipality="0180",
        protected_identity=serial == 4,
    )
    grades = tuple(Grade(s, GradeLetter(letter)) for s in subjects)
    return PupilGrades(record, GradeTerm.FINAL, grades)


def _build_year(uow: SqlUnitOfWork) -> None:
    open_admission_year(
        uow,
        year=YEAR,
        region="Storsthlm",
        calendar=stockholm_calendar(YEAR),
        settings=YearSettings(),
        municipalities=[Municipality("0180", "Stockholm"), Municipality("0182", "Nacka")],
        catalogue=Catalogue(
            organisers=[
                Organiser("Stockholms stad", "municipal", "0180"),
                Organiser("Skolbolaget AB", "independent"),
            ],
            school_units=[
                SchoolUnit("11111111", "Norra gymnasiet", "Stockholms stad", "0180"),
                SchoolUnit("22222222", "Södra gymnasiet", "Skolbolaget AB", "0182"),
            ],
            offerings=[
                Offering("NORRA-IMA", "11111111", "IMA", 2),
                Offering("NORRA-EK", "11111111", "EK", 2, discretionary_places=1),
                Offering("SODRA-EK", "22222222", "EK", 2),
            ],
        ),
        actor=OFFICE,
        now=datetime(YEAR, 1, 2, tzinfo=UTC),
    )
    pupils = [_pupil(n, letter) for n, letter in ((1, "A"), (2, "E"), (3, "E"), (4, "C"))]
    # Pupil 5 has no English: eligible for no vocational programme, so IMA is open to them
    # (SL 17 kap.); the others, eligible for EK, may choose IMA but are not eligible for it.
    pupils.append(_pupil(5, "C", missing=frozenset({"EN"})))
    import_pupils(uow, year=YEAR, pupils=pupils, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    applications = {
        personal_id(n): [ChoiceRequest("NORRA-IMA"), ChoiceRequest("NORRA-EK")]
        for n in (1, 2, 3, 4)
    }
    applications[personal_id(5)] = [ChoiceRequest("NORRA-IMA")]
    register_applications(
        uow,
        year=YEAR,
        applications=applications,
        actor=OFFICE,
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
    _account(factory, "rektor", Role.SCHOOL, school_unit_codes=["11111111"])
    _account(factory, "alva", Role.OFFICER)
    _account(factory, "elev2", Role.APPLICANT, personal_id=personal_id(2))
    _account(factory, "elev3", Role.APPLICANT, personal_id=personal_id(3))
    _account(factory, "elev5", Role.APPLICANT, personal_id=personal_id(5))
    return factory


@pytest.fixture
def app(tmp_path: Path, database: sessionmaker[Session]) -> FastAPI:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/t.db")
    login = LocalLogin(lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=lambda: CREATED))
    return create_app(settings, session_factory=database, authenticator=login)


@pytest.fixture
def school(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "rektor", PASSWORD)


@pytest.fixture
def officer(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "alva", PASSWORD)


def _ranks(factory: sessionmaker[Session], code: str) -> dict[str, int]:
    a, c, o = at.applicant, at.choice, at.offering
    with factory() as session:
        rows = session.execute(
            select(a.c.personal_id, c.c.school_rank)
            .join(c, c.c.applicant_id == a.c.id)
            .join(o, o.c.id == c.c.offering_id)
            .where(o.c.code == code, c.c.school_rank.is_not(None))
        ).all()
    return {row.personal_id: row.school_rank for row in rows}


def _audit(factory: sessionmaker[Session], action: str) -> list[tuple[str, object]]:
    a = pt.audit_event
    with factory() as session:
        query = select(a.c.actor, a.c.after).where(a.c.action == action).order_by(a.c.id)
        return [(row.actor, row.after) for row in session.execute(query)]


def _post(client: TestClient, path: str, page: str, data: dict[str, object]) -> int:
    form = {**data, "csrf_token": form_token(client, page)}
    return client.post(path, data=form, follow_redirects=False).status_code


def test_the_school_ranks_its_ima_applicants_on_the_page_and_it_is_audited(
    school: TestClient, database: sessionmaker[Session]
) -> None:
    """Ranked admission (admissions-rules.md §3.6): ranks 1..n per applicant, typed in the
    list of the offering's applicants; the protected applicant is listed without a field."""
    page = school.get(IMA).text
    assert "Skolans rangordning" in page
    assert "Hemlig Person" not in page
    assert PROTECTED not in page
    data = {
        "personal_id": [personal_id(1), personal_id(2), personal_id(3)],
        "rank": ["", "1", "2"],
    }

    assert _post(school, f"{IMA}/rangordning", IMA, data) == 303

    assert _ranks(database, "NORRA-IMA") == {personal_id(2): 1, personal_id(3): 2}
    assert _audit(database, "rank_applicants") == [
        ("school:rektor", {"ranks": {personal_id(2): 1, personal_id(3): 2}})
    ]


def test_the_school_pastes_its_whole_ranking_as_a_list(
    school: TestClient, database: sessionmaker[Session]
) -> None:
    order = f"{personal_id(3)}\n\n{personal_id(1)}\n"

    assert _post(school, f"{IMA}/rangordning/lista", IMA, {"ranking": order}) == 303

    assert _ranks(database, "NORRA-IMA") == {personal_id(3): 1, personal_id(1): 2}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"personal_id": [personal_id(1), personal_id(2)], "rank": ["1", "3"]}, "without gaps"),
        (
            {"personal_id": [personal_id(1), personal_id(2)], "rank": ["1", "1"]},
            "rang 1 är redan given till en annan sökande",
        ),
        ({"personal_id": [personal_id(1)], "rank": ["första"]}, "skriv rangen som ett heltal"),
        ({"personal_id": [personal_id(9)], "rank": ["1"]}, "har inte sökt utbildningen"),
    ],
)
def test_a_bad_ranking_on_the_page_is_refused_with_its_reason_and_nothing_changes(
    school: TestClient, database: sessionmaker[Session], data: dict[str, object], reason: str
) -> None:
    form = {**data, "csrf_token": form_token(school, IMA)}

    answer = school.post(f"{IMA}/rangordning", data=form)

    assert answer.status_code == 422
    assert "Uppgifterna behöver rättas" in answer.text
    assert reason in answer.text
    assert _ranks(database, "NORRA-IMA") == {}
    assert _audit(database, "rank_applicants") == []


def test_the_api_puts_and_gets_a_ranking_with_protected_identities_masked_for_the_school(
    school: TestClient, officer: TestClient, database: sessionmaker[Session]
) -> None:
    headers = api_headers(officer)
    ranking = {"ranking": [PROTECTED, personal_id(1)]}
    put = officer.put(
        f"{API}/NORRA-IMA/ranking?school_unit=11111111", json=ranking, headers=headers
    )
    assert put.status_code == 204
    assert (
        school.put(
            f"{API}/NORRA-IMA/ranking",
            json={"ranking": [personal_id(3)]},
            headers=api_headers(school),
        ).status_code
        == 422
    )  # rank 1 is the protected applicant's, which the school keeps

    answer = school.put(
        f"{API}/NORRA-IMA/ranking",
        json={"ranking": [personal_id(3), personal_id(2)]},
        headers=api_headers(school),
    )
    assert answer.status_code == 422
    assert "more than once" in answer.text
    shown = school.get(f"{API}/NORRA-IMA/ranking").json()

    assert shown == {
        "ranked_by_school": True,
        "ranking": [{"personal_id": None, "rank": 1}, {"personal_id": personal_id(1), "rank": 2}],
    }
    assert _ranks(database, "NORRA-IMA") == {PROTECTED: 1, personal_id(1): 2}


def test_the_school_grants_fri_kvot_and_assesses_foreign_grades_on_the_page_and_the_api(
    school: TestClient, database: sessionmaker[Session]
) -> None:
    """GyF 7 kap. 3 § (the organiser grants fri kvot) and SL 16 kap. 30–31 §§ (the organiser
    assesses equivalent knowledge): one choice at a time, audited."""
    granted = {"personal_id": personal_id(2), "granted": "true"}
    assert _post(school, f"{EK}/fri-kvot", EK, granted) == 303
    assessed = {"assessed": True}
    path = f"{API}/NORRA-EK/equivalent-knowledge/{personal_id(3)}"
    assert school.put(path, json=assessed, headers=api_headers(school)).status_code == 204

    assert _audit(database, "grant_fri_kvot") == [("school:rektor", {"discretionary_quota": True})]
    assert _audit(database, "assess_knowledge") == [
        ("school:rektor", {"equivalent_knowledge": True})
    ]
    page = school.get(EK).text
    assert "Beviljad" in page
    assert "Bedömd" in page


def test_the_applicants_read_the_new_reasons_in_swedish_and_english(
    app: FastAPI, school: TestClient, database: sessionmaker[Session]
) -> None:
    """The explanations name the rules: "Ej erbjuden plats: skolan har inte rangordnat dig"
    and "fri kvot: platserna är fyllda", in Swedish and in English."""
    headers = api_headers(school)
    school.put(f"{API}/NORRA-IMA/ranking", json={"ranking": [personal_id(1)]}, headers=headers)
    for serial in (2, 3):
        school.put(
            f"{API}/NORRA-EK/fri-kvot/{personal_id(serial)}",
            json={"granted": True},
            headers=headers,
        )
    uow = SqlUnitOfWork(database)
    final = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=2, actor=OFFICE, now=AFTER_FINAL)
    publish_round(uow, year=YEAR, round_id=final.round_id, actor=OFFICE, now=AFTER_FINAL)

    with contextmanager(signed_in)(app, "elev5", PASSWORD) as applicant:
        swedish = applicant.get("/mitt-resultat").text
        applicant.get("/sprak/en")
        english = applicant.get("/mitt-resultat").text
        assert "Ej erbjuden plats: skolan har inte rangordnat dig" in swedish
        assert "Not offered a place: the school has not ranked you" in english
    for username in ("elev2", "elev3"):
        with contextmanager(signed_in)(app, username, PASSWORD) as applicant:
            swedish = applicant.get("/mitt-resultat").text
            applicant.get("/sprak/en")
            english = applicant.get("/mitt-resultat").text
            assert ("inom fri kvot" in swedish) != ("fri kvot: platserna är fyllda" in swedish)
            assert ("under fri kvot" in english) != ("the places are filled" in english)


def test_a_wrong_rank_is_shown_at_its_own_row_with_every_row_kept(
    school: TestClient, database: sessionmaker[Session]
) -> None:
    data = {"personal_id": [personal_id(1), personal_id(2)], "rank": ["2", "två"]}
    form = {**data, "csrf_token": form_token(school, IMA), "_page": IMA, "_form": "rangordning"}

    answer = school.post(f"{IMA}/rangordning", data=form)

    assert answer.status_code == 422
    assert 'id="rangordning-rank-2-fel"' in answer.text
    assert 'id="rangordning-rank-1-fel"' not in answer.text
    assert 'id="rangordning-rank-1" name="rank" type="text" value="2"' in answer.text
    assert 'href="#rangordning-rank-2"' in answer.text
    assert _ranks(database, "NORRA-IMA") == {}


def test_the_school_ranks_from_a_file_and_a_bad_line_is_named_with_nothing_saved(
    school: TestClient, database: sessionmaker[Session]
) -> None:
    template = school.get(f"{IMA}/rangordning/mall", params={"format": "csv"})
    assert template.text.splitlines()[0] == "personnummer,namn,rang"
    form = {"csrf_token": form_token(school, IMA), "_page": IMA, "_form": "rangordning-fil"}
    bad = f"personnummer,rang\n{personal_id(1)},1\n{personal_id(2)},1\n"
    files = {"file": ("rang.csv", bad.encode(), "text/csv")}

    refused = school.post(f"{IMA}/rangordning/fil", data=form, files=files)

    assert refused.status_code == 422
    assert "rang.csv:3:" in refused.text
    assert _ranks(database, "NORRA-IMA") == {}
    good = f"personnummer,rang\n{personal_id(1)},2\n{personal_id(2)},1\n"
    files = {"file": ("rang.csv", good.encode(), "text/csv")}
    assert school.post(f"{IMA}/rangordning/fil", data=form, files=files).status_code == 200
    assert _ranks(database, "NORRA-IMA") == {personal_id(1): 2, personal_id(2): 1}
    wrong_kind = {"file": ("rang.txt", good.encode(), "text/plain")}
    answer = school.post(f"{IMA}/rangordning/fil", data=form, files=wrong_kind)
    assert answer.status_code == 422
    assert "Välj en fil av typen .csv eller .xlsx." in answer.text
