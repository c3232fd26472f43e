"""Eligibility beside the grades through HTTP (issue 12): the reasons an applicant reads in
Swedish and English, the receiving school's English dispensation and over-age agreement on its
page and API, and the counsellor's record of arrival and earlier studies; bad input refused
with nothing changed, every change audited.

The year: NORRA (Stockholms stad) offers EK, BF, IMY and IMS; SÖDRA (Skolbolaget AB) offers BF.
Ebba (C everywhere) chose IMY and IMS; Olle, born 2005, chose EK; Nora, without English,
chose SÖDRA-BF and NORRA-BF. Nobody has autumn-term grades.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import argon2
import pytest
from admission_year_builders import OFFICE
from database_fixtures import NewDatabase
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from web_support import api_headers, form_token, personal_id, signed_in

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
from samverka.platform.domain.personal_id import luhn_check_digit, parse_personal_id
from samverka.platform.web.deps import clock
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

YEAR = 2026
PASSWORD = "correct horse battery"
OPENED = datetime(YEAR, 1, 2, tzinfo=UTC)
IN_SPRING = datetime(YEAR, 3, 20, 10, tzinfo=UTC)
COMMAND_LINE = Actor("cli:test", Role.OFFICER, "command line")
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
NORRA, SODRA = "11111111", "22222222"
EBBA, NORA = personal_id(1), personal_id(2)
OLLE = f"20050505-{'123'}{luhn_check_digit('050505123')}"
CHOICES = {EBBA: ("NORRA-IMY", "NORRA-IMS"), OLLE: ("NORRA-EK",), NORA: ("SODRA-BF", "NORRA-BF")}


def _pupil(pid: str, name: str, missing: tuple[str, ...] = ()) -> PupilGrades:
    left_out = {"SVA", "M1", "M2", "ML", "TSP", *missing}
    record = ApplicantRecord(
        personal_id=parse_personal_id(pid, today=date(YEAR, 2, 1)),
        name=name,
        home_municipality="0180",
        school_unit_code=NORRA,
    )
    grades = tuple(Grade(s, GradeLetter.C) for s in SUBJECTS if s not in left_out)
    return PupilGrades(record, GradeTerm.FINAL, grades)


def _build(database: sessionmaker[Session]) -> None:
    catalogue = Catalogue(
        organisers=[
            Organiser("Stockholms stad", "municipal", "0180"),
            Organiser("Skolbolaget AB", "independent"),
        ],
        school_units=[
            SchoolUnit(NORRA, "Norra gymnasiet", "Stockholms stad", "0180"),
            SchoolUnit(SODRA, "Södra gymnasiet", "Skolbolaget AB", "0180"),
        ],
        offerings=[
            Offering("NORRA-EK", NORRA, "EK", 5),
            Offering("NORRA-BF", NORRA, "BF", 5),
            Offering("NORRA-IMY", NORRA, "IMY", 5),
            Offering("NORRA-IMS", NORRA, "IMS", 5),
            Offering("SODRA-BF", SODRA, "BF", 5),
        ],
    )
    open_admission_year(
        SqlUnitOfWork(database),
        year=YEAR,
        region="Storsthlm",
        calendar=stockholm_calendar(YEAR),
        settings=YearSettings(),
        municipalities=[Municipality("0180", "Stockholm")],
        catalogue=catalogue,
        actor=OFFICE,
        now=OPENED,
    )
    pupils = [_pupil(EBBA, "Ebba Ek"), _pupil(OLLE, "Olle Ås"), _pupil(NORA, "Nora N", ("EN",))]
    officer = Actor("test", Role.OFFICER, "Antagningen")
    import_pupils(SqlUnitOfWork(database), year=YEAR, pupils=pupils, actor=officer, now=OPENED)
    register_applications(
        SqlUnitOfWork(database),
        year=YEAR,
        applications={pid: [ChoiceRequest(c) for c in codes] for pid, codes in CHOICES.items()},
        actor=OFFICE,
        by_admission_office=True,
        now=IN_SPRING,
    )
    accounts: list[tuple[str, Role, dict[str, object]]] = [
        ("ebba", Role.APPLICANT, {"personal_id": EBBA}),
        ("olle", Role.APPLICANT, {"personal_id": OLLE}),
        ("nora", Role.APPLICANT, {"personal_id": NORA}),
        ("rektor", Role.SCHOOL, {"school_unit_codes": [NORRA]}),
        ("syv", Role.COUNSELLOR, {"school_unit_codes": [NORRA]}),
    ]
    for username, role, scope in accounts:
        create_account(
            SqlUnitOfWork(database),
            actor=COMMAND_LINE,
            username=username,
            display_name=username.title(),
            role=role,
            password=PASSWORD,
            passwords=CHEAP,
            now=OPENED,
            **scope,  # type: ignore[arg-type]
        )


@dataclass
class World:
    database: sessionmaker[Session]
    clients: dict[str, TestClient]

    def publish(self, kind: RoundKind = RoundKind.FINAL) -> None:
        uow = SqlUnitOfWork(self.database)
        summary = run_round(uow, year=YEAR, kind=kind, seed=3, actor=OFFICE, now=IN_SPRING)
        publish_round(uow, year=YEAR, round_id=summary.round_id, actor=OFFICE, now=IN_SPRING)

    def audit(self, action: str) -> list[tuple[str, str]]:
        a = pt.audit_event
        with self.database() as session:
            query = select(a.c.actor, a.c.entity_key).where(a.c.action == action)
            return [(row.actor, row.entity_key) for row in session.execute(query)]


@pytest.fixture
def world(tmp_path: Path, new_sqlite_database: NewDatabase) -> Iterator[World]:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/t.db")
    database = new_sqlite_database(settings)
    _build(database)
    login = LocalLogin(lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=lambda: OPENED))
    app = create_app(settings, session_factory=database, authenticator=login)
    app.dependency_overrides[clock] = lambda: IN_SPRING
    clients: dict[str, TestClient] = {}
    signers = [signed_in(app, name, PASSWORD) for name in ("ebba", "olle", "nora", "rektor", "syv")]
    for name, signer in zip(("ebba", "olle", "nora", "rektor", "syv"), signers, strict=True):
        clients[name] = next(signer)
    yield World(database, clients)
    for signer in signers:
        signer.close()


def test_an_applicant_eligible_for_a_vocational_programme_reads_why_imy_and_ims_are_closed(
    world: World,
) -> None:
    """SL 17 kap.: the reason in Swedish, as the issue words it, and in English."""
    world.publish()
    ebba = world.clients["ebba"]
    page = ebba.get("/mitt-resultat").text
    assert "Ej behörig: inte behörig till introduktionsprogram: behörig till yrkesprogram" in page
    assert "inte nyanländ: inget ankomstdatum registrerat" in page
    ebba.get("/sprak/en")
    english = ebba.get("/mitt-resultat").text
    assert (
        "not eligible for an introductory programme: eligible for a vocational programme" in english
    )
    choices = ebba.get("/api/v1/results").json()["result"]["choices"]
    assert choices[0]["failures"] == [
        "not eligible for an introductory programme: eligible for a vocational programme"
    ]


def test_an_over_age_applicant_reads_why_and_is_placed_once_the_school_records_an_agreement(
    world: World,
) -> None:
    """SL 15 kap. 5 §: Olle, born 2005, had to begin by 30 June 2025; the receiving school
    records the agreement on his choice (audited), and the next round places him."""
    world.publish(RoundKind.PRELIMINARY)
    olle = world.clients["olle"]
    page = olle.get("/mitt-resultat").text
    assert "för gammal: fyller 20 år 2025 och skulle ha börjat senast 30 juni 2025" in page
    rektor = world.clients["rektor"]
    listing = rektor.get("/skola/utbildningar/NORRA-EK").text
    assert "Överårig, utan överenskommelse" in listing
    path = f"/skola/utbildningar/NORRA-EK/sokande/{OLLE}"
    assert "Eleven är överårig" in rektor.get(path).text
    form = {"reference": "Dnr 2026:40", "csrf_token": form_token(rektor, path)}
    done = rektor.post(f"{path}/overenskommelse", data=form)
    assert done.status_code == 200
    assert "Överenskommelse registrerad: Dnr 2026:40." in done.text
    assert world.audit("over_age_agreement") == [("school:rektor", f"{OLLE}:NORRA-EK")]
    world.publish()
    assert "Du är antagen till NORRA-EK." in olle.get("/mitt-resultat").text


def test_the_organisers_english_dispensation_opens_its_own_offering_only(world: World) -> None:
    """SL 16 kap. 32 §: Norra's principal decides for Nora; Södra's BF stays closed to her."""
    rektor = world.clients["rektor"]
    path = f"/skola/utbildningar/NORRA-BF/sokande/{NORA}"
    form = {
        "decided_on": "2026-03-19",
        "decided_by": "Rektor Rut Ek",
        "reference": "Dnr 2026:17",
        "csrf_token": form_token(rektor, path),
    }
    done = rektor.post(f"{path}/engelska-dispens", data=form)
    assert done.status_code == 200
    assert "Dispens beviljad" in done.text
    assert "Rektor Rut Ek" in done.text
    world.publish()
    nora = world.clients["nora"]
    result = nora.get("/api/v1/results").json()["result"]
    assert result["placed_offering_code"] == "NORRA-BF"
    assert result["choices"][0]["failures"] == ["missing pass in En"]
    assert world.audit("decide") == [("school:rektor", f"{NORA}:Stockholms stad")]


def test_a_decision_dated_in_the_future_is_refused_in_swedish_and_nothing_changes(
    world: World,
) -> None:
    """Bad input gets a clear error in the user's language and changes nothing."""
    rektor = world.clients["rektor"]
    path = f"/skola/utbildningar/NORRA-BF/sokande/{NORA}"
    form = {
        "decided_on": "2026-12-24",
        "decided_by": "Rektor Rut Ek",
        "csrf_token": form_token(rektor, path),
    }
    refused = rektor.post(f"{path}/engelska-dispens", data=form)
    assert refused.status_code == 422
    assert "Uppgifterna behöver rättas" in refused.text
    body = {"decided_on": "2026-12-24", "decided_by": "Rektor"}
    api = f"/api/v1/school/offerings/NORRA-BF/applicants/{NORA}/english-dispensation"
    answer = rektor.put(api, json=body, headers=api_headers(rektor))
    assert answer.status_code == 422
    assert "ligger i framtiden" in answer.text
    assert world.audit("decide") == []
    other = f"/api/v1/school/offerings/SODRA-BF/applicants/{NORA}/english-dispensation"
    body["decided_on"] = "2026-03-01"
    assert rektor.put(other, json=body, headers=api_headers(rektor)).status_code == 404


def test_a_refused_dispensation_comes_back_on_the_applicants_page_with_the_input_kept(
    world: World,
) -> None:
    rektor = world.clients["rektor"]
    path = f"/skola/utbildningar/NORRA-BF/sokande/{NORA}"
    form = {"decided_on": "2026-12-24", "decided_by": "", "reference": "Dnr 2026:17"}
    form |= {"csrf_token": form_token(rektor, path), "_page": path, "_form": "dispens"}

    refused = rektor.post(f"{path}/engelska-dispens", data=form)

    assert refused.status_code == 422
    page = refused.text
    assert "Dispens från kravet på engelska" in page
    assert '<a href="#dispens-decided_by">Fyll i fältet.</a>' in page
    assert 'name="decided_on" type="date" value="2026-12-24"' in page
    assert 'name="reference" type="text" value="Dnr 2026:17"' in page
    future = {**form, "decided_by": "Rektor Rut Ek"}
    refused = rektor.post(f"{path}/engelska-dispens", data=future)
    assert refused.status_code == 422
    assert 'id="dispens-decided_on-fel"' in refused.text  # the service's reason, at its field
    assert "ligger i framtiden" in refused.text
    assert "Ingen dispens beviljad." in refused.text
    assert world.audit("decide") == []


def test_a_counsellor_records_the_arrival_date_of_a_newly_arrived_pupil(world: World) -> None:
    """SL 17 kap. 13 §, 3 kap. 12 a §: the counsellor records Ebba's arrival in 2024 (audited),
    so she is newly arrived; being eligible for vocational programmes, she is still refused
    IMS, now for that reason alone. An arrival in the future is refused."""
    syv = world.clients["syv"]
    path = f"/elever/{EBBA}"
    form = {"arrival_date": "2024-08-20", "completed_national_programme": "false"}
    form["csrf_token"] = form_token(syv, path)
    saved = syv.post(f"{path}/ankomst-och-studier", data=form)
    assert saved.status_code == 200
    assert "Uppgifterna om ankomst och tidigare studier är sparade." in saved.text
    assert 'value="2024-08-20"' in saved.text
    assert world.audit("admission_facts") == [("counsellor:syv", EBBA)]
    body = {"arrival_date": "2027-01-01", "completed_national_programme": False}
    api = f"/api/v1/pupils/{EBBA}/admission-facts"
    assert syv.put(api, json=body, headers=api_headers(syv)).status_code == 422
    world.publish()
    page = world.clients["ebba"].get("/mitt-resultat").text
    assert "inte nyanländ" not in page
    assert "behörig till yrkesprogram" in page


def test_the_preliminary_result_says_it_used_the_final_grades(world: World) -> None:
    """Admissions-rules §1.1: an applicant without autumn-term grades is judged on the final
    grades in the preliminary round, and told so."""
    world.publish(RoundKind.PRELIMINARY)
    olle = world.clients["olle"]
    page = olle.get("/mitt-resultat").text
    assert "det preliminära resultatet bygger på dina slutbetyg" in page
    assert olle.get("/api/v1/results").json()["result"]["grade_term"] == "final"
