"""Who may reach what: every page and API endpoint × every role, from one table (``MATRIX``).

Each row is a method, a path (placeholders filled from the small year below) and the roles
allowed; an allowed role must not get 401 or 403, a signed-in role not allowed gets 403 (or 404
where the row says the route hides whether the thing exists), and a visitor who is not signed in
gets 401 unless everyone is allowed. The table must name every route of the application: a new
route fails ``test_every_route_of_the_application_is_in_the_table`` until it is added here.

Every response body of the matrix is kept and scanned: the analyst never gets a personal
identity number or an applicant's name, and the protected-identity applicant's name and number
reach no one but the admission officer.

The admission officer may also use the counsellor's, the school's and the municipality's pages
and API, for a school unit or municipality of their choice (``skolenhet``, ``kommun``,
``school_unit``, ``municipality``); the scoped roles may name only their own.

The year: two school units, three offerings; Ebba (unit 11111111, Stockholm) and the protected
Hemlig Person (unit 11111111, Stockholm) and Tore (unit 22222222, Nacka); a published final
round.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote

import argon2
import matrix_api_tokens
import matrix_board
import matrix_compensation
import matrix_member_fees
import matrix_operations_plan
import matrix_plan_document
import matrix_sessions
import matrix_start
import matrix_state_grants
import pytest
from admission_year_builders import OFFICE
from database_fixtures import NewDatabase
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from matrix_support import (
    AFTER_FINAL,
    ANONYMOUS,
    EVERYONE,
    PASSWORD,
    PLACEHOLDERS,
    ROLES,
    SIGNED_IN,
    USERNAMES,
    YEAR,
    Row,
    Who,
    only,
    pid,
)
from web_support import CSRF_FIELD

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
from samverka.platform.access.services.api_tokens import create_api_token
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.domain.personal_id import parse_personal_id
from samverka.platform.web.deps import clock
from samverka.register.domain.placements import SchoolPlacement
from samverka.register.domain.population import PopulationRecord
from samverka.register.services.register import import_placements, load_population
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

OPENED = datetime(YEAR, 1, 2, tzinfo=UTC)
IN_APPLICATION_PERIOD = datetime(YEAR, 2, 1, 12, tzinfo=UTC)
COMMAND_LINE = Actor("cli:test", Role.OFFICER, "command line")
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
# A personal identity or coordination number, with or without the century, with a separator.
PERSONAL_ID = re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+]\d{4}(?!\d)")
NORRA, SODRA = "11111111", "22222222"


EBBA, HEMLIG, TORE = pid(1), pid(2), pid(3)
PUPILS = {
    EBBA: ("Ebba Ettsson", "0180", NORRA),
    HEMLIG: ("Hemlig Person", "0180", NORRA),
    TORE: ("Tore Tresson", "0182", SODRA),
}
PROTECTED = HEMLIG
CHOICES = {
    EBBA: ("NORRA-NA", "NORRA-EK"),
    HEMLIG: ("NORRA-NA", "SODRA-SA"),
    TORE: ("SODRA-SA", "NORRA-EK"),
}

OFFICER, ANALYST, APPLICANT = Role.OFFICER, Role.ANALYST, Role.APPLICANT
DISPENSATION_FORM = {"decided_on": "2026-02-01", "decided_by": "Rektor Rut", "reference": "1"}
DISPENSATION_JSON = {"decided_on": "2026-02-01", "decided_by": "Rektor Rut"}
FACTS_JSON = {"arrival_date": None, "completed_national_programme": False}
# The school unit or municipality to work in: the officer chooses any; the scoped roles only
# their own (another one is 403). An unknown one is 404 for the officer.
OWN_UNIT, OTHER_UNIT, NO_UNIT = f"skolenhet={NORRA}", f"skolenhet={SODRA}", "skolenhet=99999999"
OWN_API_UNIT, OTHER_API_UNIT = f"school_unit={NORRA}", f"school_unit={SODRA}"
NO_API_UNIT = "school_unit=99999999"
COUNSELLOR, SCHOOL, MUNICIPALITY = Role.COUNSELLOR, Role.SCHOOL, Role.MUNICIPALITY

MATRIX: list[Row] = [
    # -- open to everyone ----------------------------------------------------------------------
    Row("GET", "/", EVERYONE),
    Row("GET", "/sprak/{language}", EVERYONE),
    Row("GET", "/logga-in", EVERYONE),
    Row(
        "POST",
        "/logga-in",
        EVERYONE,
        form={"username": "ebba", "password": PASSWORD},
        note="signs in again, as Ebba; a wrong password is 401 by design",
    ),
    Row("POST", "/logga-ut", EVERYONE),
    Row("GET", "/api/v1/session", EVERYONE),
    Row("DELETE", "/api/v1/session", EVERYONE),
    Row("GET", "/api/v1/openapi.json", EVERYONE),
    Row("GET", "/api/v1/docs", EVERYONE),
    Row("GET", "/static/samverka.css", EVERYONE),
    Row("GET", "/api/v1/me", SIGNED_IN),
    # -- the admission officer (and the analyst for statistics) --------------------------------
    Row("GET", "/antagning", only(OFFICER)),
    Row("POST", "/antagning/korningar", only(OFFICER), form={"kind": "simulation", "seed": "1"}),
    Row("GET", "/antagning/korningar/{job_id}", only(OFFICER), note="unknown run: 404"),
    Row("POST", "/antagning/omgangar/{round_id}/publicera", only(OFFICER), form={}),
    Row("GET", "/statistik", only(OFFICER, ANALYST)),
    Row("GET", "/statistik/export", only(OFFICER, ANALYST), query="round=1&format=xlsx"),
    Row("GET", "/antagning/export", only(OFFICER), query="round=1&what=placements"),
    Row(
        "GET",
        "/antagning/export",
        only(OFFICER),
        query="round=1&what=placements&show_protected=true",
        note="the officer alone may unmask protected identities",
    ),
    Row("GET", "/api/v1/rounds", only(OFFICER)),
    Row("POST", "/api/v1/rounds", only(OFFICER), json={"kind": "simulation", "seed": 1}),
    Row("POST", "/api/v1/rounds/{round_id}/publish", only(OFFICER)),
    Row("GET", "/api/v1/statistics", only(OFFICER, ANALYST)),
    Row("GET", "/antagning/kalender", only(OFFICER)),
    Row("POST", "/antagning/kalender", only(OFFICER), form={}, note="empty form: 422"),
    Row("GET", "/api/v1/calendar", only(OFFICER)),
    Row("PUT", "/api/v1/calendar", only(OFFICER), json={}, note="empty calendar: 422"),
    Row("GET", "/register/folkbokforing", only(OFFICER)),
    Row(
        "POST",
        "/register/folkbokforing",
        only(OFFICER),
        form={"date": "2026-10-01"},
        note="no file: 422; a population load only by the officer",
    ),
    Row(
        "POST",
        "/api/v1/register/population",
        only(OFFICER),
        form={"date": "2026-10-01"},
        note="no file: 422",
    ),
    Row("GET", "/antagning/omrade", only(OFFICER)),
    Row("POST", "/antagning/omrade", only(OFFICER), form={}, note="empty form: 422"),
    Row("GET", "/antagning/mottagande", only(OFFICER)),
    Row("GET", "/api/v1/area", only(OFFICER)),
    Row("PUT", "/api/v1/area/{code}", only(OFFICER), fill={"code": "0180"}, json={}),
    # -- the applicant -------------------------------------------------------------------------
    Row("GET", "/katalog", only(APPLICANT)),
    Row("GET", "/min-ansokan", only(APPLICANT)),
    Row(
        "POST",
        "/min-ansokan",
        only(APPLICANT),
        form={"action": "add", "offering_code": "X"},
        at=IN_APPLICATION_PERIOD,
    ),
    Row("GET", "/mitt-resultat", only(APPLICANT)),
    Row("POST", "/mitt-resultat", only(APPLICANT), form={"reply": "accept"}),
    Row("GET", "/api/v1/catalogue", only(APPLICANT)),
    Row("GET", "/api/v1/application", only(APPLICANT)),
    Row("PUT", "/api/v1/application", only(APPLICANT), json={"offering_codes": ["NORRA-NA"]}),
    Row("GET", "/api/v1/results", only(APPLICANT)),
    Row("POST", "/api/v1/replies", only(APPLICANT), json={"reply": "accept"}),
    # -- the school (and the officer, for a school unit they choose) ----------------------------
    # Without a chosen unit the officer gets the chooser (or 422 where a unit is needed).
    Row("GET", "/skola", only(SCHOOL, OFFICER)),
    Row("GET", "/skola", only(SCHOOL, OFFICER), query=OWN_UNIT),
    Row("GET", "/skola", only(OFFICER), query=OTHER_UNIT, note="a school: not its unit, 403"),
    Row("GET", "/skola", frozenset(), query=NO_UNIT, hidden=only(OFFICER)),
    Row("GET", "/skola/utbildningar/{code}", only(SCHOOL, OFFICER)),
    Row("GET", "/skola/utbildningar/{code}", only(SCHOOL, OFFICER), query=OWN_UNIT),
    Row(
        "GET",
        "/skola/utbildningar/{code}",
        only(OFFICER),
        fill={"code": "SODRA-SA"},
        hidden=only(SCHOOL),
        note="another school's offering: 404, as if it did not exist",
    ),
    Row(
        "GET",
        "/skola/utbildningar/{code}",
        only(OFFICER),
        fill={"code": "SODRA-SA"},
        query=OTHER_UNIT,
        note="the officer in the other school's place; the school naming it: 403",
    ),
    Row(
        "POST",
        "/skola/utbildningar/{code}/platser",
        only(SCHOOL, OFFICER),
        form={"places": "1", "discretionary_places": "0"},
    ),
    Row(
        "POST",
        "/skola/utbildningar/{code}/platser",
        only(OFFICER),
        fill={"code": "SODRA-SA"},
        query=OTHER_UNIT,
        form={"places": "2", "discretionary_places": "0"},
    ),
    # Test points for the whole table, from a file, its template; the admitted as a file
    # (NORRA-NA has no aptitude test: saving points there is a 422 for the allowed).
    Row(
        "POST",
        "/skola/utbildningar/{code}/provpoang/tabell",
        only(SCHOOL, OFFICER),
        form={"personal_id": EBBA, "value": "10"},
    ),
    Row(
        "POST",
        "/skola/utbildningar/{code}/provpoang/tabell",
        only(OFFICER),
        fill={"code": "SODRA-SA"},
        query=OTHER_UNIT,
        form={"personal_id": TORE, "value": "10"},
    ),
    Row("POST", "/skola/utbildningar/{code}/provpoang/fil", only(SCHOOL, OFFICER), form={}),
    Row(
        "POST",
        "/skola/utbildningar/{code}/provpoang/fil",
        only(OFFICER),
        fill={"code": "SODRA-SA"},
        query=OTHER_UNIT,
        form={},
    ),
    Row("GET", "/skola/utbildningar/{code}/provpoang/mall", only(SCHOOL, OFFICER)),
    Row(
        "GET",
        "/skola/utbildningar/{code}/provpoang/mall",
        only(OFFICER),
        fill={"code": "SODRA-SA"},
        query=OTHER_UNIT,
    ),
    Row("GET", "/skola/utbildningar/{code}/antagna", only(SCHOOL, OFFICER)),
    Row(
        "GET",
        "/skola/utbildningar/{code}/antagna",
        only(OFFICER),
        fill={"code": "SODRA-SA"},
        query=OTHER_UNIT,
    ),
    Row("POST", "/skola/utbildningar/{code}/rangordning/fil", only(SCHOOL, OFFICER), form={}),
    Row(
        "POST",
        "/skola/utbildningar/{code}/rangordning/fil",
        only(OFFICER),
        fill={"code": "SODRA-SA"},
        query=OTHER_UNIT,
        form={},
    ),
    Row("GET", "/skola/utbildningar/{code}/rangordning/mall", only(SCHOOL, OFFICER)),
    Row(
        "GET",
        "/skola/utbildningar/{code}/rangordning/mall",
        only(OFFICER),
        fill={"code": "SODRA-SA"},
        query=OTHER_UNIT,
    ),
    Row(
        "POST",
        "/skola/utbildningar/{code}/stang",
        only(SCHOOL, OFFICER),
        fill={"code": "NORRA-EK"},
    ),
    Row(
        "POST",
        "/skola/utbildningar/{code}/stang",
        only(SCHOOL, OFFICER),
        fill={"code": "NORRA-EK"},
        query=OWN_UNIT,
    ),
    # The receiving organiser's decisions on an applicant of its own offering (issue 12).
    Row("GET", "/skola/utbildningar/{code}/sokande/{personnummer}", only(SCHOOL, OFFICER)),
    Row(
        "GET",
        "/skola/utbildningar/{code}/sokande/{personnummer}",
        only(OFFICER),
        fill={"code": "SODRA-SA", "personnummer": TORE},
        hidden=only(SCHOOL),
        note="another school's offering: 404, as if it did not exist",
    ),
    Row(
        "GET",
        "/skola/utbildningar/{code}/sokande/{personnummer}",
        only(OFFICER),
        fill={"personnummer": HEMLIG},
        query=OWN_UNIT,
        hidden=only(SCHOOL),
        note="a protected applicant: only the officer may act for them",
    ),
    Row(
        "POST",
        "/skola/utbildningar/{code}/sokande/{personnummer}/engelska-dispens",
        only(SCHOOL, OFFICER),
        form=DISPENSATION_FORM,
    ),
    Row(
        "POST",
        "/skola/utbildningar/{code}/sokande/{personnummer}/engelska-dispens",
        only(SCHOOL, OFFICER),
        query=OWN_UNIT,
        form=DISPENSATION_FORM,
    ),
    Row(
        "POST",
        "/skola/utbildningar/{code}/sokande/{personnummer}/engelska-dispens/aterkalla",
        only(SCHOOL, OFFICER),
        form={},
    ),
    Row(
        "POST",
        "/skola/utbildningar/{code}/sokande/{personnummer}/overenskommelse",
        only(SCHOOL, OFFICER),
        form={"reference": "Dnr 2026/1"},
        note="Ebba is not over age: 422",
    ),
    Row(
        "POST",
        "/skola/utbildningar/{code}/sokande/{personnummer}/overenskommelse/aterkalla",
        only(SCHOOL, OFFICER),
        form={},
    ),
    Row(
        "POST",
        "/skola/utbildningar/{code}/leder-till",
        only(SCHOOL, OFFICER),
        form={"programme": "BF"},
        note="NORRA-NA is no IMV offering: 422",
    ),
    Row(
        "POST",
        "/skola/utbildningar/{code}/leder-till",
        only(OFFICER),
        fill={"code": "SODRA-SA"},
        query=OTHER_UNIT,
        form={"programme": "BF"},
    ),
    Row(
        "PUT",
        "/api/v1/school/offerings/{code}/applicants/{personal_id}/english-dispensation",
        only(SCHOOL, OFFICER),
        json=DISPENSATION_JSON,
    ),
    Row(
        "PUT",
        "/api/v1/school/offerings/{code}/applicants/{personal_id}/english-dispensation",
        only(OFFICER),
        fill={"code": "SODRA-SA", "personal_id": TORE},
        query=OTHER_API_UNIT,
        json=DISPENSATION_JSON,
    ),
    Row(
        "DELETE",
        "/api/v1/school/offerings/{code}/applicants/{personal_id}/english-dispensation",
        only(SCHOOL, OFFICER),
    ),
    Row(
        "PUT",
        "/api/v1/school/offerings/{code}/applicants/{personal_id}/over-age-agreement",
        only(SCHOOL, OFFICER),
        json={"reference": "Dnr 2026/1"},
        note="Ebba is not over age: 422",
    ),
    Row(
        "DELETE",
        "/api/v1/school/offerings/{code}/applicants/{personal_id}/over-age-agreement",
        only(SCHOOL, OFFICER),
    ),
    Row(
        "PUT",
        "/api/v1/school/offerings/{code}/leads-to",
        only(SCHOOL, OFFICER),
        json={"programme": "BF"},
        note="NORRA-NA is no IMV offering: 422",
    ),
    Row(
        "POST",
        "/skola/utbildningar/{code}/oppna",
        only(SCHOOL, OFFICER),
        fill={"code": "NORRA-EK"},
        note="not closed: 409 for the allowed",
    ),
    # The school's decisions (NORRA-NA is not ranked by the school: ranking it is a 422).
    Row(
        "POST",
        "/skola/utbildningar/{code}/rangordnas",
        only(SCHOOL, OFFICER),
        form={"ranked_by_school": "true"},
    ),
    Row(
        "POST",
        "/skola/utbildningar/{code}/rangordning",
        only(SCHOOL, OFFICER),
        form={"personal_id": EBBA, "rank": "1"},
    ),
    Row(
        "POST",
        "/skola/utbildningar/{code}/rangordning",
        only(OFFICER),
        fill={"code": "SODRA-SA"},
        query=OTHER_UNIT,
        form={"personal_id": TORE, "rank": "1"},
    ),
    Row(
        "POST",
        "/skola/utbildningar/{code}/rangordning/lista",
        only(SCHOOL, OFFICER),
        query=OWN_UNIT,
        form={"ranking": EBBA},
    ),
    Row(
        "POST",
        "/skola/utbildningar/{code}/fri-kvot",
        only(SCHOOL, OFFICER),
        form={"personal_id": EBBA, "granted": "true"},
    ),
    Row(
        "POST",
        "/skola/utbildningar/{code}/fri-kvot",
        only(OFFICER),
        fill={"code": "SODRA-SA"},
        hidden=only(SCHOOL),
        form={"personal_id": TORE, "granted": "true"},
        note="another school's offering: 404, as if it did not exist",
    ),
    Row(
        "POST",
        "/skola/utbildningar/{code}/motsvarande-kunskaper",
        only(SCHOOL, OFFICER),
        form={"personal_id": EBBA, "assessed": "true"},
    ),
    Row("GET", "/api/v1/school/offerings", only(SCHOOL, OFFICER)),
    Row("GET", "/api/v1/school/offerings", only(SCHOOL, OFFICER), query=OWN_API_UNIT),
    Row("GET", "/api/v1/school/offerings", only(OFFICER), query=OTHER_API_UNIT),
    Row(
        "PUT",
        "/api/v1/school/offerings/{code}/places",
        only(SCHOOL, OFFICER),
        json={"places": 1, "discretionary_places": 0},
    ),
    Row(
        "PUT",
        "/api/v1/school/offerings/{code}/places",
        only(OFFICER),
        fill={"code": "SODRA-SA"},
        query=OTHER_API_UNIT,
        json={"places": 2, "discretionary_places": 0},
    ),
    Row(
        "PUT",
        "/api/v1/school/offerings/{code}/test-points/{personal_id}",
        only(SCHOOL, OFFICER),
        json={"points": 10},
    ),
    Row(
        "PUT",
        "/api/v1/school/offerings/{code}/test-points/{personal_id}",
        only(SCHOOL, OFFICER),
        query=OWN_API_UNIT,
        json={"points": 10},
    ),
    Row(
        "POST",
        "/api/v1/school/offerings/{code}/close",
        only(SCHOOL, OFFICER),
        fill={"code": "NORRA-EK"},
    ),
    Row(
        "POST",
        "/api/v1/school/offerings/{code}/close",
        only(SCHOOL, OFFICER),
        fill={"code": "NORRA-EK"},
        query=OWN_API_UNIT,
    ),
    Row(
        "POST",
        "/api/v1/school/offerings/{code}/reopen",
        only(SCHOOL, OFFICER),
        fill={"code": "NORRA-EK"},
        query=OWN_API_UNIT,
        note="not closed: 409 for the allowed",
    ),
    Row("GET", "/api/v1/school/offerings/{code}/ranking", only(SCHOOL, OFFICER)),
    Row(
        "GET",
        "/api/v1/school/offerings/{code}/ranking",
        only(OFFICER),
        fill={"code": "SODRA-SA"},
        hidden=only(SCHOOL),
        note="another school's offering: 404",
    ),
    Row(
        "PUT",
        "/api/v1/school/offerings/{code}/ranking",
        only(SCHOOL, OFFICER),
        json={"ranking": [EBBA]},
    ),
    Row(
        "PUT",
        "/api/v1/school/offerings/{code}/ranked-by-school",
        only(SCHOOL, OFFICER),
        query=OWN_API_UNIT,
        json={"ranked_by_school": True},
    ),
    Row(
        "PUT",
        "/api/v1/school/offerings/{code}/fri-kvot/{personal_id}",
        only(SCHOOL, OFFICER),
        json={"granted": True},
    ),
    Row(
        "PUT",
        "/api/v1/school/offerings/{code}/equivalent-knowledge/{personal_id}",
        only(SCHOOL, OFFICER),
        json={"assessed": True},
    ),
    Row(
        "PUT",
        "/api/v1/school/offerings/{code}/equivalent-knowledge/{personal_id}",
        only(OFFICER),
        fill={"code": "SODRA-SA", "personal_id": TORE},
        query=OTHER_API_UNIT,
        json={"assessed": True},
    ),
    # -- the municipality (and the officer, for a municipality they choose) --------------------
    Row("GET", "/kommun", only(MUNICIPALITY, OFFICER)),
    Row("GET", "/kommun", only(MUNICIPALITY, OFFICER), query="kommun=0180"),
    Row("GET", "/kommun", only(OFFICER), query="kommun=0182", note="an official: 403"),
    Row("GET", "/kommun", frozenset(), query="kommun=9999", hidden=only(OFFICER)),
    Row("GET", "/api/v1/municipality/residents", only(MUNICIPALITY, OFFICER)),
    Row(
        "GET",
        "/api/v1/municipality/residents",
        only(MUNICIPALITY, OFFICER),
        query="municipality=0180",
    ),
    Row("GET", "/api/v1/municipality/residents", only(OFFICER), query="municipality=0182"),
    Row("GET", "/api/v1/municipality/statistics", only(MUNICIPALITY, OFFICER)),
    Row(
        "GET",
        "/api/v1/municipality/statistics",
        only(MUNICIPALITY, OFFICER),
        query="municipality=0180",
    ),
    Row("GET", "/api/v1/municipality/statistics", only(OFFICER), query="municipality=0182"),
    # -- money between municipalities: statements (own municipality), aggregates ------------------
    Row("GET", "/ersattning", only(MUNICIPALITY, OFFICER)),
    Row("GET", "/ersattning", only(MUNICIPALITY, OFFICER), query="kommun=0180&manad=2026-09"),
    Row("GET", "/ersattning", only(OFFICER), query="kommun=0182", note="an official: 403"),
    Row(
        "GET",
        "/ersattning/fil",
        only(MUNICIPALITY, OFFICER),
        query="kommun=0180&manad=2026-09&vad=betalfil&format=xlsx",
    ),
    Row("GET", "/ersattning/fil", only(OFFICER), query="kommun=0182&manad=2026-09"),
    Row(
        "GET",
        "/ersattning/fil",
        only(MUNICIPALITY, OFFICER),
        query="kommun=0180&manad=2026-09&sida=tar-emot&format=xlsx",
    ),
    Row("GET", "/ersattning/huvudman", only(OFFICER), query="manad=2026-09"),
    Row(
        "GET",
        "/ersattning/huvudman/specifikation",
        only(OFFICER),
        query="huvudman=5560000000&slag=independent&manad=2026-09",
    ),
    Row(
        "GET",
        "/ersattning/huvudman/fil",
        only(OFFICER),
        query="huvudman=5560000000&manad=2026-09&vad=betalfil&format=csv",
    ),
    Row("GET", "/ersattning/nettning", only(MUNICIPALITY, OFFICER, ANALYST)),
    Row("GET", "/ersattning/avvikelser", only(MUNICIPALITY, OFFICER), query="manad=2026-09"),
    Row(
        "GET",
        "/ersattning/avvikelser",
        only(MUNICIPALITY, OFFICER),
        query="kommun=0180&manad=2026-09",
    ),
    Row(
        "GET",
        "/ersattning/avvikelser",
        only(OFFICER),
        query="kommun=0182&manad=2026-09",
        note="an official: 403",
    ),
    Row(
        "GET",
        "/ersattning/strukturtillagg",
        only(MUNICIPALITY, OFFICER, ANALYST, SCHOOL),
        note="no tiers in this year: 404 for the allowed",
    ),
    Row("GET", "/ersattning/nettning", only(MUNICIPALITY, OFFICER, ANALYST), query="ar=2026"),
    Row("GET", "/ersattning/rapport", only(MUNICIPALITY, OFFICER, ANALYST), query="ar=2026"),
    Row(
        "GET",
        "/api/v1/compensation/statement",
        only(MUNICIPALITY, OFFICER),
        query="month=2026-09&municipality=0180",
    ),
    Row(
        "GET",
        "/api/v1/compensation/statement",
        only(OFFICER),
        query="month=2026-09&municipality=0182",
    ),
    Row(
        "GET",
        "/api/v1/compensation/settlement",
        only(MUNICIPALITY, OFFICER, ANALYST),
        query="month=2026-09",
    ),
    Row(
        "GET",
        "/api/v1/compensation/report",
        only(MUNICIPALITY, OFFICER, ANALYST),
        query="year=2026",
    ),
    Row(
        "GET",
        "/api/v1/compensation/anomalies",
        only(MUNICIPALITY, OFFICER),
        query="month=2026-09",
    ),
    Row(
        "GET",
        "/api/v1/compensation/anomalies",
        only(OFFICER),
        query="month=2026-09&municipality=0182",
        note="an official: 403",
    ),
    # -- the officer's person search (issue 15), the inbox and the pupil file's template -------
    Row("GET", "/antagning/person", only(OFFICER), query="q=Hemlig"),
    Row("GET", "/antagning/person/{applicant_id}", only(OFFICER), fill={"applicant_id": "2"}),
    Row("GET", "/api/v1/persons", only(OFFICER), query="q=Person"),
    Row("GET", "/api/v1/persons/{applicant_id}", only(OFFICER), fill={"applicant_id": "2"}),
    Row("GET", "/meddelanden", only(APPLICANT)),
    Row("GET", "/api/v1/messages", only(APPLICANT)),
    Row("POST", "/meddelanden/lasta", only(APPLICANT), form={}),
    Row("POST", "/api/v1/messages/read", only(APPLICANT), json={}),
    Row("GET", "/betyg/mall", only(COUNSELLOR, OFFICER), query="format=csv"),
    # -- the counsellor (and the officer, for a school unit they choose) -----------------------
    Row("GET", "/elever", only(COUNSELLOR, OFFICER)),
    Row("GET", "/elever", only(COUNSELLOR, OFFICER), query=OWN_UNIT),
    Row("GET", "/elever", only(OFFICER), query=OTHER_UNIT, note="a counsellor: not theirs, 403"),
    Row("GET", "/elever", frozenset(), query=NO_UNIT, hidden=only(OFFICER)),
    Row("GET", "/elever/{personnummer}", only(COUNSELLOR, OFFICER)),
    Row("GET", "/elever/{personnummer}", only(COUNSELLOR, OFFICER), query=OWN_UNIT),
    Row(
        "GET",
        "/elever/{personnummer}",
        only(OFFICER),
        fill={"personnummer": TORE},
        hidden=only(COUNSELLOR),
        note="a pupil of another school unit: 404, as if there were none",
    ),
    Row(
        "GET",
        "/elever/{personnummer}",
        only(OFFICER),
        fill={"personnummer": TORE},
        query=OTHER_UNIT,
        note="the officer in the other unit's place; the counsellor naming it: 403",
    ),
    Row(
        "GET",
        "/elever/{personnummer}",
        only(OFFICER),
        fill={"personnummer": HEMLIG},
        query=OWN_UNIT,
        hidden=only(COUNSELLOR),
        note="a protected pupil: only the officer sees them",
    ),
    Row(
        "POST",
        "/elever/{personnummer}/utlandska-betyg",
        only(COUNSELLOR, OFFICER),
        form={"foreign": "false"},
    ),
    Row(
        "POST",
        "/elever/{personnummer}/utlandska-betyg",
        only(COUNSELLOR, OFFICER),
        query=OWN_UNIT,
        form={"foreign": "false"},
    ),
    Row(
        "POST",
        "/elever/{personnummer}/utlandska-betyg",
        only(OFFICER),
        fill={"personnummer": TORE},
        query=OTHER_UNIT,
        form={"foreign": "false"},
    ),
    Row(
        "POST",
        "/elever/{personnummer}/ankomst-och-studier",
        only(COUNSELLOR, OFFICER),
        form={"arrival_date": "2024-01-15", "completed_national_programme": "false"},
    ),
    Row(
        "POST",
        "/elever/{personnummer}/ankomst-och-studier",
        only(OFFICER),
        fill={"personnummer": TORE},
        query=OTHER_UNIT,
        form={"arrival_date": ""},
    ),
    Row(
        "POST",
        "/elever/{personnummer}/mottagande",
        only(OFFICER),
        query=OWN_UNIT,
        form={"offering_code": "NORRA-NA", "reception": "first_hand", "reason": "yttrande"},
        note="reception decided by the admission office only; the counsellor: 403",
    ),
    Row(
        "PUT",
        "/api/v1/applications/{personal_id}/choices/{offering_code}/reception",
        only(OFFICER),
        fill={"offering_code": "NORRA-NA"},
        json={"reception": "first_hand", "reason": "yttrande"},
    ),
    Row("GET", "/betyg/import", only(COUNSELLOR, OFFICER)),
    Row("GET", "/betyg/import", only(COUNSELLOR, OFFICER), query=OWN_UNIT),
    Row("GET", "/betyg/import", only(OFFICER), query=OTHER_UNIT),
    Row("POST", "/betyg/import", only(COUNSELLOR, OFFICER), form={}),
    Row("POST", "/betyg/import", only(OFFICER), query=OTHER_UNIT, form={}),
    Row("GET", "/api/v1/pupils", only(COUNSELLOR, OFFICER)),
    Row("GET", "/api/v1/pupils", only(COUNSELLOR, OFFICER), query=OWN_API_UNIT),
    Row("GET", "/api/v1/pupils", only(OFFICER), query=OTHER_API_UNIT),
    Row("GET", "/api/v1/pupils", frozenset(), query=NO_API_UNIT, hidden=only(OFFICER)),
    Row("GET", "/api/v1/pupils/{personal_id}", only(COUNSELLOR, OFFICER)),
    Row("GET", "/api/v1/pupils/{personal_id}", only(COUNSELLOR, OFFICER), query=OWN_API_UNIT),
    Row(
        "GET",
        "/api/v1/pupils/{personal_id}",
        only(OFFICER),
        fill={"personal_id": TORE},
        hidden=only(COUNSELLOR),
        note="a pupil of another school unit: 404, as if there were none",
    ),
    Row(
        "GET",
        "/api/v1/pupils/{personal_id}",
        only(OFFICER),
        fill={"personal_id": TORE},
        query=OTHER_API_UNIT,
    ),
    Row(
        "POST",
        "/api/v1/pupils/{personal_id}/foreign-grades",
        only(COUNSELLOR, OFFICER),
        json={"foreign": False},
    ),
    Row(
        "POST",
        "/api/v1/pupils/{personal_id}/foreign-grades",
        only(OFFICER),
        fill={"personal_id": TORE},
        query=OTHER_API_UNIT,
        json={"foreign": False},
    ),
    Row(
        "PUT",
        "/api/v1/pupils/{personal_id}/admission-facts",
        only(COUNSELLOR, OFFICER),
        json=FACTS_JSON,
    ),
    Row(
        "PUT",
        "/api/v1/pupils/{personal_id}/admission-facts",
        only(OFFICER),
        fill={"personal_id": TORE},
        query=OTHER_API_UNIT,
        json=FACTS_JSON,
    ),
    # -- the youth register: the activity follow-up (KAA) and the schools' placements ----------
    # Placements: 1 Ebba and 3 the protected pupil at Norra, 2 Tore at Södra. Only the home
    # municipality and the officer see KAA persons; the officer must choose (422 otherwise).
    Row("GET", "/kommun/kaa", only(MUNICIPALITY, OFFICER)),
    Row("GET", "/kommun/kaa", only(MUNICIPALITY, OFFICER), query="kommun=0180"),
    Row("GET", "/kommun/kaa", only(OFFICER), query="kommun=0182", note="an official: 403"),
    Row("GET", "/kommun/kaa/lista/fil", only(MUNICIPALITY, OFFICER), query="format=xlsx"),
    Row(
        "GET",
        "/kommun/kaa/lista/fil",
        only(OFFICER),
        query="format=csv&kommun=0182",
        note="another municipality's list: an official gets 403",
    ),
    Row("GET", "/kommun/kaa/rapport", only(MUNICIPALITY, OFFICER), query="halvar=2026H2"),
    Row(
        "GET",
        "/kommun/kaa/rapport/fil",
        only(MUNICIPALITY, OFFICER),
        query="halvar=2026H2&format=csv",
    ),
    Row(
        "GET",
        "/kommun/kaa/rapport/fil",
        only(OFFICER),
        query="halvar=2026H2&format=xlsx&kommun=0182",
        note="another municipality's file: an official gets 403",
    ),
    Row("GET", "/kommun/kaa/gallring", only(MUNICIPALITY, OFFICER)),
    Row("GET", "/kommun/kaa/gallring", only(OFFICER), query="kommun=0182"),
    Row(
        "POST",
        "/kommun/kaa/gallring/period",
        only(MUNICIPALITY, OFFICER),
        query="kommun=0180",
        form={"months": "12"},
    ),
    Row(
        "POST",
        "/kommun/kaa/gallring",
        only(MUNICIPALITY, OFFICER),
        query="kommun=0180",
        form={"apply": "true"},
    ),
    Row(
        "POST",
        "/kommun/kaa/gallring",
        only(OFFICER),
        query="kommun=0182",
        form={"apply": "true"},
        note="another municipality's entries: an official gets 403",
    ),
    Row("GET", "/kommun/kaa/{personnummer}", only(MUNICIPALITY, OFFICER)),
    Row(
        "GET",
        "/kommun/kaa/{personnummer}",
        only(OFFICER),
        fill={"personnummer": TORE},
        hidden=only(MUNICIPALITY),
        note="a person of another municipality: 404, as if there were none",
    ),
    Row(
        "GET",
        "/kommun/kaa/{personnummer}",
        only(OFFICER),
        fill={"personnummer": HEMLIG},
        query="kommun=0180",
        hidden=only(MUNICIPALITY),
        note="a protected person: only the officer sees them",
    ),
    Row(
        "POST",
        "/kommun/kaa/{personnummer}",
        only(MUNICIPALITY, OFFICER),
        form={"kind": "contact", "on": "2026-09-01", "note": "Ringde"},
    ),
    Row(
        "POST",
        "/kommun/kaa/{personnummer}",
        only(OFFICER),
        fill={"personnummer": TORE},
        query="kommun=0182",
        form={"kind": "status", "on": "2026-09-01", "status": "working"},
    ),
    Row("GET", "/api/v1/municipality/kaa", only(MUNICIPALITY, OFFICER)),
    Row("GET", "/api/v1/municipality/kaa", only(OFFICER), query="municipality=0182"),
    Row(
        "GET",
        "/api/v1/municipality/kaa-report",
        only(MUNICIPALITY, OFFICER),
        query="half=2026H2&municipality=0180",
    ),
    Row(
        "GET",
        "/api/v1/municipality/kaa/{personal_id}",
        only(MUNICIPALITY, OFFICER),
        query="municipality=0180",
    ),
    Row(
        "GET",
        "/api/v1/municipality/kaa/{personal_id}",
        only(OFFICER),
        fill={"personal_id": TORE},
        hidden=only(MUNICIPALITY),
    ),
    Row(
        "POST",
        "/api/v1/municipality/kaa/{personal_id}/entries",
        only(MUNICIPALITY, OFFICER),
        query="municipality=0180",
        json={"kind": "measure", "on": "2026-09-01", "measure": "work_placement"},
    ),
    Row(
        "GET",
        "/api/v1/municipality/kaa-records",
        only(MUNICIPALITY, OFFICER),
        query="half=2026H2&municipality=0180",
    ),
    Row("GET", "/api/v1/municipality/kaa-retention", only(MUNICIPALITY, OFFICER)),
    Row(
        "GET",
        "/api/v1/municipality/kaa-retention",
        only(OFFICER),
        query="municipality=0182",
    ),
    Row(
        "PUT",
        "/api/v1/municipality/kaa-retention",
        only(MUNICIPALITY, OFFICER),
        query="municipality=0180",
        json={"months": 18},
    ),
    Row(
        "POST",
        "/api/v1/municipality/kaa-retention/erasures",
        only(MUNICIPALITY, OFFICER),
        query="municipality=0180",
        json={"apply": False},
    ),
    Row("GET", "/skola/placeringar", only(SCHOOL, OFFICER)),
    Row("GET", "/skola/placeringar", only(SCHOOL, OFFICER), query=OWN_UNIT),
    Row(
        "POST",
        "/skola/placeringar/{placement_id}/avbrott",
        only(SCHOOL, OFFICER),
        query=OWN_UNIT,
        form={"end": "2026-10-01"},
    ),
    Row(
        "POST",
        "/skola/placeringar/{placement_id}/avbrott",
        only(OFFICER),
        fill={"placement_id": "2"},
        hidden=only(SCHOOL),
        form={"end": "2026-10-01"},
        note="another school's pupil: 404",
    ),
    Row(
        "POST",
        "/skola/placeringar/{placement_id}/byte",
        only(SCHOOL, OFFICER),
        fill={"placement_id": "3"},
        form={"start": "2026-10-05", "programme": "EK"},
    ),
    Row("GET", "/api/v1/school/placements", only(SCHOOL, OFFICER)),
    Row("GET", "/api/v1/school/placements", only(SCHOOL, OFFICER), query=OWN_API_UNIT),
    Row(
        "POST",
        "/api/v1/school/placements/{placement_id}/interruption",
        only(SCHOOL, OFFICER),
        json={"end": "2026-10-01"},
    ),
    Row(
        "POST",
        "/api/v1/school/placements/{placement_id}/programme-change",
        only(OFFICER),
        fill={"placement_id": "2"},
        query=OTHER_API_UNIT,
        json={"start": "2026-10-05", "programme": "EK"},
    ),
]
MATRIX += [
    Row("GET", "/forbund", only(Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER)),
]

# The association's own economics and steering: each area's rows in a module of its own.
AREAS = (
    matrix_compensation,
    matrix_member_fees,
    matrix_state_grants,
    matrix_operations_plan,
    matrix_plan_document,
    matrix_board,
    matrix_sessions,
    matrix_start,
    matrix_api_tokens,
)
MATRIX += [row for area in AREAS for row in area.ROWS]


# -- the year and the accounts --------------------------------------------------------------------
def _pupil(pid: str) -> PupilGrades:
    name, home, unit = PUPILS[pid]
    subjects = [s for s in SUBJECTS if s not in {"SVA", "M1", "M2", "ML", "TSP"}]
    record = ApplicantRecord(
        personal_id=parse_personal_id(pid, today=date(YEAR, 2, 1)),
        name=name,
        home_municipality=home,
        school_unit_code=unit,
        protected_identity=pid == PROTECTED,
    )
    grades = tuple(Grade(s, GradeLetter.C) for s in subjects)
    return PupilGrades(record, GradeTerm.FINAL, grades)


def _build_year(uow: SqlUnitOfWork) -> None:
    catalogue = Catalogue(
        organisers=[
            Organiser("Stockholms stad", "municipal", "0180"),
            Organiser("Skolbolaget AB", "independent"),
        ],
        school_units=[
            SchoolUnit(NORRA, "Norra gymnasiet", "Stockholms stad", "0180"),
            SchoolUnit(SODRA, "Södra gymnasiet", "Skolbolaget AB", "0182"),
        ],
        offerings=[
            Offering("NORRA-NA", NORRA, "NA", 1),
            Offering("NORRA-EK", NORRA, "EK", 1),
            Offering("SODRA-SA", SODRA, "SA", 2),
        ],
    )
    open_admission_year(
        uow,
        year=YEAR,
        region="Storsthlm",
        calendar=stockholm_calendar(YEAR),
        settings=YearSettings(),
        municipalities=[Municipality("0180", "Stockholm"), Municipality("0182", "Nacka")],
        catalogue=catalogue,
        actor=OFFICE,
        now=OPENED,
    )
    pupils = [_pupil(pid) for pid in PUPILS]
    import_pupils(uow, year=YEAR, pupils=pupils, actor=COMMAND_LINE, now=OPENED)
    register_applications(
        uow,
        year=YEAR,
        applications={pid: [ChoiceRequest(c) for c in codes] for pid, codes in CHOICES.items()},
        actor=OFFICE,
        by_admission_office=True,
        now=datetime(YEAR, 2, 1, tzinfo=UTC),
    )
    final = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=7, actor=OFFICE, now=AFTER_FINAL)
    publish_round(uow, year=YEAR, round_id=final.round_id, actor=OFFICE, now=AFTER_FINAL)
    assert str(final.round_id) == PLACEHOLDERS["round_id"]


def _build_register(uow: SqlUnitOfWork) -> None:
    """The pupils in the youth register from August, each placed at their school unit."""
    records = [
        PopulationRecord(pid, date(2010, 3, 1), name, home, protected_identity=pid == PROTECTED)
        for pid, (name, home, _) in PUPILS.items()
    ]
    load_population(
        uow,
        records=records,
        extract_date=date(YEAR, 8, 1),
        source="folk.csv",
        actor=OFFICE,
        now=AFTER_FINAL,
    )
    placements = [
        SchoolPlacement(pid, PUPILS[pid][2], "NA", "", date(YEAR, 8, 18))
        for pid in (EBBA, TORE, HEMLIG)
    ]
    import_placements(uow, actor=COMMAND_LINE, placements=placements, now=AFTER_FINAL)


def _create_accounts(uow: SqlUnitOfWork) -> None:
    """Each role's account: (personal identity number, school units, municipality)."""
    scopes: dict[Role, tuple[str | None, tuple[str, ...], str | None]] = {
        Role.APPLICANT: (EBBA, (), None),
        Role.COUNSELLOR: (None, (NORRA,), None),
        Role.SCHOOL: (None, (NORRA,), None),
        Role.MUNICIPALITY: (None, (), "0180"),
    }
    for role, username in USERNAMES.items():
        personal_id, units, municipality = scopes.get(role, (None, (), None))
        create_account(
            uow,
            actor=COMMAND_LINE,
            username=username,
            display_name=f"Konto {username}",
            role=role,
            password=PASSWORD,
            passwords=CHEAP,
            personal_id=personal_id,
            school_unit_codes=units,
            municipality_code=municipality,
            now=OPENED,
        )


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, new_sqlite_database: NewDatabase) -> FastAPI:
    folder = tmp_path_factory.mktemp("matrix")
    settings = Settings(database_url=f"sqlite:///{folder}/t.db")
    database = new_sqlite_database(settings)
    _build_year(SqlUnitOfWork(database))
    _build_register(SqlUnitOfWork(database))
    _create_accounts(SqlUnitOfWork(database))
    for area in AREAS:
        area.build(database)
    login = LocalLogin(lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=lambda: OPENED))
    return create_app(settings, session_factory=database, authenticator=login, clock=lambda: OPENED)


# -- running the matrix ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Outcome:
    who: Who
    row: Row
    status: int
    body: str

    @property
    def shown(self) -> str:
        """The body without the requested path itself (pages link to it, e.g. to switch the
        language): what the caller sent is not disclosed to them."""
        path = self.row.url.split("?")[0]
        return self.body.replace(path, "").replace(quote(path, safe=""), "")


def _sign_in(client: TestClient, who: Role) -> None:
    found = CSRF_FIELD.search(client.get("/logga-in").text)
    assert found is not None
    form = {"username": USERNAMES[who], "password": PASSWORD, "csrf_token": found.group(1)}
    signed_in = client.post("/logga-in", data=form, follow_redirects=False)
    assert signed_in.status_code == 303, (who, signed_in.text)


@dataclass(slots=True)
class Sessions:
    """One client for the whole matrix that, before each row, holds exactly the cookies a
    client freshly signed in as the row's caller would (none for a visitor): those of the role's
    session, kept while it is current. A row may end it (signing out, signing in as someone
    else); the role's next row then signs in again."""

    client: TestClient
    cookies: dict[Role, dict[str, str]] = field(default_factory=dict)

    def as_(self, who: Who) -> str:
        """The client as ``who``, signed in as that role's account; the CSRF token to send."""
        self.client.cookies.clear()
        if isinstance(who, Role):
            self.client.cookies.update(self.cookies.get(who, {}))
        session = self.client.get("/api/v1/session").json()
        if isinstance(who, Role) and (session["actor"] or {}).get("username") != USERNAMES[who]:
            self.client.cookies.clear()
            _sign_in(self.client, who)
            self.cookies[who] = dict(self.client.cookies)
            session = self.client.get("/api/v1/session").json()
        return str(session.get("csrf_token", ""))


def _request(app: FastAPI, sessions: Sessions, who: Who, row: Row) -> tuple[int, str]:
    app.dependency_overrides[clock] = lambda: row.at
    token = sessions.as_(who)
    headers = {"X-CSRF-Token": token} if row.method not in {"GET", "HEAD"} else {}
    response = sessions.client.request(
        row.method,
        row.url,
        headers=headers,
        data=row.form,
        json=row.json,
        follow_redirects=False,
    )
    return response.status_code, response.content.decode("utf-8", errors="replace")


@pytest.fixture(scope="module")
def outcomes(app: FastAPI) -> list[Outcome]:
    """Every row for every role (and for a visitor not signed in), in the table's order; each
    as a client freshly signed in would send it (``Sessions``)."""
    found = []
    with TestClient(app) as client:
        sessions = Sessions(client)
        for row in MATRIX:
            for who in (*ROLES, ANONYMOUS):
                status, body = _request(app, sessions, who, row)
                found.append(Outcome(who, row, status, body))
    return found


def _expected(row: Row, who: Who) -> str:
    if who in row.allowed:
        return "allowed"
    if who in row.hidden:
        return "404"
    return "401" if who == ANONYMOUS else "403"


def _meets(expected: str, status: int) -> bool:
    if expected == "allowed":
        return status not in {401, 403}
    return status == int(expected)


# -- the tests ------------------------------------------------------------------------------------
def test_every_route_of_the_application_is_in_the_table(app: FastAPI) -> None:
    table = {(row.method, row.path) for row in MATRIX}
    missing = []
    for route in iter_route_contexts(app.routes):
        path = str(route.path)
        if path == "/static":
            if not any(p.startswith("/static/") for _, p in table):
                missing.append(("GET", "/static/…"))
            continue
        for method in sorted(route.methods or {"GET"}):
            if method != "HEAD" and (method, path) not in table:
                missing.append((method, path))
    assert not missing, f"add these routes to MATRIX with the roles allowed: {missing}"


def test_every_row_of_the_table_is_a_route_of_the_application(app: FastAPI) -> None:
    routes = {
        (method, str(route.path))
        for route in iter_route_contexts(app.routes)
        for method in route.methods or {"GET"}
    }
    stale = [
        (row.method, row.path)
        for row in MATRIX
        if (row.method, row.path) not in routes and not row.path.startswith("/static/")
    ]
    assert not stale, f"these rows name no route any more: {stale}"


def test_each_role_is_allowed_or_refused_exactly_as_the_table_says(
    outcomes: list[Outcome],
) -> None:
    wrong = [
        f"{o.row.method} {o.row.url} as {o.who}: {o.status}, expected {_expected(o.row, o.who)}"
        for o in outcomes
        if not _meets(_expected(o.row, o.who), o.status)
    ]
    assert not wrong, "\n".join(wrong)


def test_the_analyst_never_gets_a_personal_identity_number_or_an_applicants_name(
    outcomes: list[Outcome],
) -> None:
    names = [name for name, _, _ in PUPILS.values()]
    leaks = [
        f"{o.row.method} {o.row.url}"
        for o in outcomes
        if o.who is Role.ANALYST
        and (PERSONAL_ID.search(o.shown) or any(name in o.shown for name in names))
    ]
    assert not leaks, f"personal data in the analyst's responses: {leaks}"


def _protected_shown_to(outcomes: list[Outcome], roles: set[Who]) -> list[str]:
    name = PUPILS[PROTECTED][0]
    forms = {PROTECTED, PROTECTED.replace("-", ""), PROTECTED[2:], PROTECTED[2:].replace("-", "")}
    return sorted(
        {
            f"{o.row.method} {o.row.url} as {o.who}"
            for o in outcomes
            if o.who in roles and (name in o.shown or any(f in o.shown for f in forms))
        }
    )


def test_a_protected_identity_reaches_no_role_but_the_admission_officer(
    outcomes: list[Outcome],
) -> None:
    others = {*ROLES, ANONYMOUS} - {Role.OFFICER}
    leaks = _protected_shown_to(outcomes, others)
    assert not leaks, f"the protected applicant is shown in: {leaks}"


def test_the_officer_does_see_the_protected_applicant_so_the_scan_can_find_a_leak(
    outcomes: list[Outcome],
) -> None:
    name = PUPILS[PROTECTED][0]
    assert any(o.who is Role.OFFICER and name in o.body for o in outcomes)


def test_the_matrix_reaches_the_scoped_roles_own_pupils_and_offerings(
    outcomes: list[Outcome],
) -> None:
    """Guards the scans: the scoped roles really were shown their own people."""
    ebba = PUPILS[EBBA][0]
    for role in (Role.COUNSELLOR, Role.MUNICIPALITY):
        assert any(o.who is role and ebba in o.body for o in outcomes), role


# -- API tokens (issue 15, point 12) -------------------------------------------------------------
TOKEN_SCOPES = {Role.COUNSELLOR: NORRA, Role.SCHOOL: NORRA, Role.MUNICIPALITY: "0180"}


def test_a_scoped_roles_token_reads_the_api_as_that_role_and_opens_no_page(app: FastAPI) -> None:
    """Every GET row, with an API token of each scoped role (the scope of its account) and no
    cookie: on the API allowed or refused exactly as the role's session is; a page as if
    nobody were signed in."""
    database = app.state.samverka.session_factory
    wrong = []
    for role, scope in TOKEN_SCOPES.items():
        created = create_api_token(
            SqlUnitOfWork(database),
            actor=COMMAND_LINE,
            name=f"matrix {role.value}",
            role=role,
            scope=scope,
            expires_at=OPENED + timedelta(days=30),
            now=OPENED,
        )
        with TestClient(app, headers={"Authorization": f"Bearer {created.secret}"}) as client:
            for row in (row for row in MATRIX if row.method == "GET"):
                app.dependency_overrides[clock] = lambda at=row.at: at
                status = client.get(row.url, follow_redirects=False).status_code
                as_whom: Who = role if row.path.startswith("/api/") else ANONYMOUS
                expected = _expected(row, as_whom)
                if not _meets(expected, status):
                    wrong.append(
                        f"GET {row.url} with a {role} token: {status}, expected {expected}"
                    )
    assert not wrong, "\n".join(wrong)
