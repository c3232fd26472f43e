"""Bad input to every ``/api/v1`` endpoint: a clear 4xx with a reason, and nothing changed.

One table (``BAD_INPUTS``) lists, for every API endpoint that takes input (path parameters,
query parameters, a JSON body), several bad inputs: wrong types, missing fields, out-of-range
numbers, unknown codes and ids, malformed personal identity numbers, too-long strings, invalid
enum values, bodies that are not JSON, huge pages, and choices or replies the rules refuse.
Each row names who sends it, the status expected, the stable error ``code`` and a text the
answer must contain (in its ``message`` or in one of its ``rows``), so that the reason is named.

Every row is sent on a database whose fingerprint (each table's row count and a hash of its
rows, every table with the audit trail and the schema included) is taken before and after: a
refused request changes nothing. The fingerprint reads SQLite's raw rows on a connection of its
own, a few milliseconds each time; two tests guard it: it sees a row added, each of its columns
changed and the row deleted in every table, the audit trail's events rewritten or deleted, and a
good request's change with the audit event it leaves.
The table must name every API route that takes input: a new one fails
``test_every_api_route_that_takes_input_has_bad_input_rows`` until rows are added here (or,
if it takes no input, until it is listed in ``WITHOUT_INPUT``).

Two years: ``PUBLISHED`` (a published final round, as in ``test_authorisation_matrix``) and
``UNPUBLISHED`` (the same year before any round has been run).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import partial
from pathlib import Path

import argon2
import bad_input_api_tokens
import bad_input_board
import bad_input_compensation
import bad_input_eligibility
import bad_input_kaa
import bad_input_member_fees
import bad_input_operations_plan
import bad_input_plan_document
import bad_input_school_decisions
import bad_input_sessions
import bad_input_state_grants
import pytest
from admission_year_builders import OFFICE
from bad_input_support import (
    AFTER_FINAL,
    HUGE,
    LONG,
    NOT_JSON,
    NOT_UTF8,
    PUBLISHED,
    UNPUBLISHED,
    Bad,
    invalid,
    missing,
    pages,
)
from database_fixtures import NewDatabase, copy_sqlite
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from web_support import CSRF_FIELD, api_headers

from samverka import bootstrap
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
from samverka.admission.services.offerings import close_offering
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.rounds import publish_round, run_round
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.domain.personal_id import luhn_check_digit, parse_personal_id
from samverka.platform.web.deps import clock
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

YEAR = 2026
PASSWORD = "correct horse battery"
OPENED = datetime(YEAR, 1, 2, tzinfo=UTC)
IN_APPLICATION_PERIOD = datetime(YEAR, 2, 1, 12, tzinfo=UTC)
COMMAND_LINE = Actor("cli:test", Role.OFFICER, "command line")
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
NORRA, SODRA = "11111111", "22222222"
STABLE_CODES = {
    "not_found",
    "not_permitted",
    "conflict",
    "invalid_input",
    "unauthenticated",
    "too_many_attempts",
    "method_not_allowed",
    "bad_request",
}


def _pid(serial: int) -> str:
    return f"20100301-{serial:03d}{luhn_check_digit(f'100301{serial:03d}')}"


EBBA, TORE, NOBODY = _pid(1), _pid(3), _pid(9)
WRONG_CHECK_DIGIT = EBBA[:-1] + str((int(EBBA[-1]) + 1) % 10)
PUPILS = {EBBA: ("Ebba Ettsson", "0180", NORRA), TORE: ("Tore Tresson", "0182", SODRA)}
CHOICES = {EBBA: ("NORRA-NA", "NORRA-MU"), TORE: ("SODRA-SA", "NORRA-EK")}
USERNAMES = {
    Role.ASSOCIATION_STAFF: "stina",
    Role.BOARD_MEMBER: "bertil",
    Role.OFFICER: "alva",
    Role.ANALYST: "anders",
    Role.APPLICANT: "ebba",
    Role.COUNSELLOR: "syv",
    Role.SCHOOL: "rektor",
    Role.MUNICIPALITY: "kommun",
}
OFFICER, APPLICANT, COUNSELLOR = Role.OFFICER, Role.APPLICANT, Role.COUNSELLOR
SCHOOL, MUNICIPALITY, ANALYST = Role.SCHOOL, Role.MUNICIPALITY, Role.ANALYST

# /api/v1 routes that take no input at all (no path, query or body parameters).
WITHOUT_INPUT = {
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/session"),
    ("DELETE", "/api/v1/session"),
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/api/v1/docs"),
    ("GET", "/api/v1/application"),
    ("GET", "/api/v1/results"),
    ("GET", "/api/v1/calendar"),
    ("GET", "/api/v1/area"),
    ("GET", "/api/v1/messages"),
    ("POST", "/api/v1/messages/read"),
}
AUDIT = "audit_event"  # the audit trail's table


ROUNDS = "/api/v1/rounds"
PUBLISH = "/api/v1/rounds/{round_id}/publish"
STATISTICS = "/api/v1/statistics"
CATALOGUE = "/api/v1/catalogue"
APPLICATION = "/api/v1/application"
REPLIES = "/api/v1/replies"
OFFERINGS = "/api/v1/school/offerings"
PLACES = "/api/v1/school/offerings/{code}/places"
TEST_POINTS = "/api/v1/school/offerings/{code}/test-points/{personal_id}"
CLOSE = "/api/v1/school/offerings/{code}/close"
REOPEN = "/api/v1/school/offerings/{code}/reopen"
AREA = "/api/v1/area/{code}"
UMEA, OUT = {"code": "2480"}, {"name": "Umeå", "terms": "outside"}
RECEPTION = "/api/v1/applications/{personal_id}/choices/{offering_code}/reception"
RESIDENTS = "/api/v1/municipality/residents"
MUNICIPALITY_STATISTICS = "/api/v1/municipality/statistics"
PUPILS_LIST = "/api/v1/pupils"
PERSONS = "/api/v1/persons"
PERSON = "/api/v1/persons/{applicant_id}"
PUPIL = "/api/v1/pupils/{personal_id}"
FOREIGN = "/api/v1/pupils/{personal_id}/foreign-grades"
NA, MU, SA = {"code": "NORRA-NA"}, {"code": "NORRA-MU"}, {"code": "SODRA-SA"}
EBBA_MU = {"code": "NORRA-MU", "personal_id": EBBA}
EBBA_NA = {"personal_id": EBBA, "offering_code": "NORRA-NA"}
REASONED = {"reception": "first_hand", "reason": "yttrande"}
POINTS = {"points": 10}
GOOD_PLACES = {"places": 10, "discretionary_places": 1}

CALENDAR = "/api/v1/calendar"
YEAR_CALENDAR: dict[str, object] = {
    "application_opens": f"{YEAR}-01-15T00:00:00Z",
    "application_closes": f"{YEAR}-02-15T00:00:00Z",
    "choice_change_opens": f"{YEAR}-04-20T00:00:00Z",
    "choice_change_closes": f"{YEAR}-05-15T00:00:00Z",
    "autumn_grades_due": f"{YEAR}-02-20",
    "final_grades_due": f"{YEAR}-06-20",
    "preliminary_round": f"{YEAR}-04-15",
    "final_round": f"{YEAR}-07-01",
    "reply_deadline": f"{YEAR}-07-14",
    "reserve_rounds": [f"{YEAR}-08-01"],
}


def _calendar(**changes: object) -> dict[str, object]:
    return {**YEAR_CALENDAR, **changes}


BAD_INPUTS: list[Bad] = [
    # -- the calendar --------------------------------------------------------------------------
    invalid("no body", "PUT", CALENDAR, OFFICER, "body"),
    invalid("a body that is not JSON", "PUT", CALENDAR, OFFICER, "json", content=NOT_JSON),
    Bad(
        "a body that is not UTF-8",
        "PUT",
        CALENDAR,
        OFFICER,
        400,
        "bad_request",
        "body",
        content=NOT_UTF8,
    ),
    invalid(
        "no reply deadline",
        "PUT",
        CALENDAR,
        OFFICER,
        "reply_deadline",
        json={k: v for k, v in YEAR_CALENDAR.items() if k != "reply_deadline"},
    ),
    invalid(
        "a moment without a time zone",
        "PUT",
        CALENDAR,
        OFFICER,
        "application_opens",
        json=_calendar(application_opens=f"{YEAR}-01-15T00:00:00"),
    ),
    invalid(
        "a day that does not exist",
        "PUT",
        CALENDAR,
        OFFICER,
        "final_round",
        json=_calendar(final_round=f"{YEAR}-02-30"),
    ),
    invalid(
        "a window closing before it opens",
        "PUT",
        CALENDAR,
        OFFICER,
        "must close after it opens",
        json=_calendar(application_closes=f"{YEAR}-01-01T00:00:00Z"),
    ),
    invalid(
        "choice changes opening inside the application period",
        "PUT",
        CALENDAR,
        OFFICER,
        "choice-change window must open after",
        json=_calendar(choice_change_opens=f"{YEAR}-02-01T00:00:00Z"),
    ),
    invalid(
        "a reply deadline before the final round",
        "PUT",
        CALENDAR,
        OFFICER,
        "in order",
        json=_calendar(reply_deadline=f"{YEAR}-06-01"),
    ),
    invalid(
        "too many reserve rounds",
        "PUT",
        CALENDAR,
        OFFICER,
        "reserve_rounds",
        json=_calendar(reserve_rounds=[f"{YEAR}-08-{day:02d}" for day in range(1, 23)]),
    ),
    # -- rounds: listing, running, publishing, statistics ---------------------------------------
    *pages(ROUNDS, OFFICER),
    invalid(
        "an unknown round kind", "POST", ROUNDS, OFFICER, "kind", json={"kind": "x", "seed": 1}
    ),
    invalid("no kind", "POST", ROUNDS, OFFICER, "kind", json={"seed": 1}),
    invalid("no seed", "POST", ROUNDS, OFFICER, "seed", json={"kind": "simulation"}),
    invalid(
        "a negative seed", "POST", ROUNDS, OFFICER, "seed", json={"kind": "simulation", "seed": -1}
    ),
    invalid(
        "a seed beyond 32 bits",
        "POST",
        ROUNDS,
        OFFICER,
        "seed",
        json={"kind": "simulation", "seed": 2**31},
    ),
    invalid(
        "a seed that is text",
        "POST",
        ROUNDS,
        OFFICER,
        "seed",
        json={"kind": "simulation", "seed": "seven"},
    ),
    invalid("a list for a body", "POST", ROUNDS, OFFICER, "body", json=["simulation", 1]),
    invalid("a body that is not JSON", "POST", ROUNDS, OFFICER, "json", content=NOT_JSON),
    Bad(
        "a body that is not UTF-8",
        "POST",
        ROUNDS,
        OFFICER,
        400,
        "bad_request",
        "body",
        content=NOT_UTF8,
    ),
    invalid("no body at all", "POST", ROUNDS, OFFICER, "body"),
    invalid(
        "a round id that is text", "POST", PUBLISH, OFFICER, "round_id", fill={"round_id": "x"}
    ),
    missing("an unknown round", "POST", PUBLISH, OFFICER, "999", fill={"round_id": "999"}),
    missing("a negative round id", "POST", PUBLISH, OFFICER, "-1", fill={"round_id": "-1"}),
    missing("a huge round id", "POST", PUBLISH, OFFICER, "round", fill={"round_id": str(HUGE)}),
    Bad(
        "a round already published",
        "POST",
        PUBLISH,
        OFFICER,
        409,
        "conflict",
        "published",
        fill={"round_id": "1"},
    ),
    missing(
        "an unknown round before any is run",
        "POST",
        PUBLISH,
        OFFICER,
        "1",
        fill={"round_id": "1"},
        world=UNPUBLISHED,
    ),
    invalid("a round that is text", "GET", STATISTICS, ANALYST, "round", query="round=first"),
    missing("an unknown round", "GET", STATISTICS, ANALYST, "999", query="round=999"),
    missing("a huge round", "GET", STATISTICS, OFFICER, "round", query=f"round={HUGE}"),
    missing("no round run yet", "GET", STATISTICS, ANALYST, "no rounds", world=UNPUBLISHED),
    # -- the applicant -------------------------------------------------------------------------
    *pages(CATALOGUE, APPLICANT),
    invalid("a search text too long", "GET", CATALOGUE, APPLICANT, "q", query=f"q={'a' * 101}"),
    invalid(
        "a programme too long", "GET", CATALOGUE, APPLICANT, "programme", query=f"programme={LONG}"
    ),
    invalid(
        "a municipality too long",
        "GET",
        CATALOGUE,
        APPLICANT,
        "municipality",
        query="municipality=01800",
    ),
    invalid(
        "a school unit too long",
        "GET",
        CATALOGUE,
        APPLICANT,
        "school_unit",
        query=f"school_unit={LONG}",
    ),
    invalid(
        "an orientation too long",
        "GET",
        CATALOGUE,
        APPLICANT,
        "orientation",
        query=f"orientation={LONG}",
    ),
    invalid(
        "more than five choices",
        "PUT",
        APPLICATION,
        APPLICANT,
        "at most 5",
        json=["NORRA-NA", "NORRA-EK", "NORRA-MU", "SODRA-SA", "NORRA-TE", "NORRA-NA"],
        at=IN_APPLICATION_PERIOD,
    ),
    invalid(
        "the same choice twice",
        "PUT",
        APPLICATION,
        APPLICANT,
        "chosen twice",
        json=["NORRA-NA", "NORRA-NA"],
        at=IN_APPLICATION_PERIOD,
    ),
    invalid(
        "an unknown offering code",
        "PUT",
        APPLICATION,
        APPLICANT,
        "unknown offering 'NO-SUCH'",
        json=["NORRA-NA", "NO-SUCH"],
        at=IN_APPLICATION_PERIOD,
    ),
    invalid(
        "an empty offering code",
        "PUT",
        APPLICATION,
        APPLICANT,
        "at least 1",
        json=[" "],
        at=IN_APPLICATION_PERIOD,
    ),
    invalid(
        "an offering code too long",
        "PUT",
        APPLICATION,
        APPLICANT,
        "at most 40",
        json=["N" * 41],
        at=IN_APPLICATION_PERIOD,
    ),
    invalid(
        "a number for a code",
        "PUT",
        APPLICATION,
        APPLICANT,
        "string",
        json=[17],
        at=IN_APPLICATION_PERIOD,
    ),
    invalid(
        "an object instead of the list",
        "PUT",
        APPLICATION,
        APPLICANT,
        "list",
        json={"offering_codes": ["NORRA-NA"]},
        at=IN_APPLICATION_PERIOD,
    ),
    invalid(
        "a body that is not JSON",
        "PUT",
        APPLICATION,
        APPLICANT,
        "json",
        content=NOT_JSON,
        at=IN_APPLICATION_PERIOD,
    ),
    invalid("no body at all", "PUT", APPLICATION, APPLICANT, "body", at=IN_APPLICATION_PERIOD),
    Bad(
        "a change after the windows have closed",
        "PUT",
        APPLICATION,
        APPLICANT,
        403,
        "not_permitted",
        "window",
        json=["NORRA-EK"],
    ),
    invalid("an unknown reply", "POST", REPLIES, APPLICANT, "reply", json={"reply": "maybe"}),
    invalid("a reply in capitals", "POST", REPLIES, APPLICANT, "reply", json={"reply": "ACCEPT"}),
    invalid("no reply", "POST", REPLIES, APPLICANT, "reply", json={}),
    invalid("a reply that is a number", "POST", REPLIES, APPLICANT, "reply", json={"reply": 1}),
    invalid("a body that is not JSON", "POST", REPLIES, APPLICANT, "json", content=NOT_JSON),
    Bad(
        "a reply when no round is published",
        "POST",
        REPLIES,
        APPLICANT,
        409,
        "conflict",
        "no published final round",
        json={"reply": "accept"},
        world=UNPUBLISHED,
    ),
    # -- the school ----------------------------------------------------------------------------
    invalid(
        "a malformed school unit",
        "GET",
        OFFERINGS,
        SCHOOL,
        "school_unit",
        query="school_unit=a%20b",
    ),
    invalid(
        "a school unit too long",
        "GET",
        OFFERINGS,
        OFFICER,
        "school_unit",
        query=f"school_unit={LONG}",
    ),
    invalid("no school unit chosen by the officer", "GET", OFFERINGS, OFFICER, "school_unit"),
    missing(
        "an unknown school unit",
        "GET",
        OFFERINGS,
        OFFICER,
        "99999999",
        query="school_unit=99999999",
    ),
    Bad(
        "another school's unit",
        "GET",
        OFFERINGS,
        SCHOOL,
        403,
        "not_permitted",
        SODRA,
        query=f"school_unit={SODRA}",
    ),
    invalid(
        "negative places",
        "PUT",
        PLACES,
        SCHOOL,
        "places",
        fill=NA,
        json={"places": -1, "discretionary_places": 0},
    ),
    invalid(
        "more places than allowed",
        "PUT",
        PLACES,
        SCHOOL,
        "100000",
        fill=NA,
        json={"places": 100_001, "discretionary_places": 0},
    ),
    invalid(
        "more discretionary places than places",
        "PUT",
        PLACES,
        SCHOOL,
        "discretionary places cannot exceed",
        fill=NA,
        json={"places": 1, "discretionary_places": 2},
    ),
    invalid(
        "places that are text",
        "PUT",
        PLACES,
        SCHOOL,
        "places",
        fill=NA,
        json={"places": "many", "discretionary_places": 0},
    ),
    invalid(
        "fractional places",
        "PUT",
        PLACES,
        SCHOOL,
        "places",
        fill=NA,
        json={"places": 1.5, "discretionary_places": 0},
    ),
    invalid(
        "no discretionary places",
        "PUT",
        PLACES,
        SCHOOL,
        "discretionary_places",
        fill=NA,
        json={"places": 1},
    ),
    invalid("a body that is not JSON", "PUT", PLACES, SCHOOL, "json", fill=NA, content=NOT_JSON),
    missing(
        "an unknown offering",
        "PUT",
        PLACES,
        SCHOOL,
        "NO-SUCH",
        fill={"code": "NO-SUCH"},
        json=GOOD_PLACES,
    ),
    missing(
        "another school's offering", "PUT", PLACES, SCHOOL, "SODRA-SA", fill=SA, json=GOOD_PLACES
    ),
    missing(
        "an offering code too long",
        "PUT",
        PLACES,
        SCHOOL,
        "offering",
        fill={"code": LONG},
        json=GOOD_PLACES,
    ),
    invalid(
        "a malformed school unit",
        "PUT",
        PLACES,
        OFFICER,
        "school_unit",
        fill=NA,
        query="school_unit=%3Cx%3E",
        json=GOOD_PLACES,
    ),
    invalid(
        "negative test points",
        "PUT",
        TEST_POINTS,
        SCHOOL,
        "points",
        fill=EBBA_MU,
        json={"points": -1},
    ),
    invalid(
        "test points above 1000",
        "PUT",
        TEST_POINTS,
        SCHOOL,
        "points",
        fill=EBBA_MU,
        json={"points": 1000.5},
    ),
    invalid(
        "test points that are text",
        "PUT",
        TEST_POINTS,
        SCHOOL,
        "points",
        fill=EBBA_MU,
        json={"points": "ten"},
    ),
    invalid(
        "test points that are not a number",
        "PUT",
        TEST_POINTS,
        SCHOOL,
        "points",
        fill=EBBA_MU,
        json={"points": "NaN"},
    ),
    invalid("no test points", "PUT", TEST_POINTS, SCHOOL, "points", fill=EBBA_MU, json={}),
    invalid(
        "a body that is not JSON",
        "PUT",
        TEST_POINTS,
        SCHOOL,
        "json",
        fill=EBBA_MU,
        content=NOT_JSON,
    ),
    invalid(
        "an offering without an aptitude test",
        "PUT",
        TEST_POINTS,
        SCHOOL,
        "no aptitude test",
        fill={"code": "NORRA-NA", "personal_id": EBBA},
        json=POINTS,
    ),
    missing(
        "an unknown offering",
        "PUT",
        TEST_POINTS,
        SCHOOL,
        "NO-SUCH",
        fill={"code": "NO-SUCH", "personal_id": EBBA},
        json=POINTS,
    ),
    invalid(
        "a malformed personal identity number",
        "PUT",
        TEST_POINTS,
        SCHOOL,
        "not of the form YYYYMMDD-NNNN",
        fill={"code": "NORRA-MU", "personal_id": "abc"},
        json=POINTS,
    ),
    invalid(
        "a personal identity number with a wrong check digit",
        "PUT",
        TEST_POINTS,
        SCHOOL,
        "check digit",
        fill={"code": "NORRA-MU", "personal_id": WRONG_CHECK_DIGIT},
        json=POINTS,
    ),
    missing(
        "an applicant who has not chosen the offering",
        "PUT",
        TEST_POINTS,
        SCHOOL,
        NOBODY,
        fill={"code": "NORRA-MU", "personal_id": NOBODY},
        json=POINTS,
    ),
    invalid(
        "a malformed school unit",
        "POST",
        CLOSE,
        SCHOOL,
        "school_unit",
        fill=NA,
        query="school_unit=-%2F-",
    ),
    invalid("no school unit chosen by the officer", "POST", CLOSE, OFFICER, "school_unit", fill=NA),
    missing("an unknown offering", "POST", CLOSE, SCHOOL, "NO-SUCH", fill={"code": "NO-SUCH"}),
    missing("another school's offering", "POST", CLOSE, SCHOOL, "SODRA-SA", fill=SA),
    Bad(
        "an offering already closed",
        "POST",
        CLOSE,
        SCHOOL,
        409,
        "conflict",
        "closed",
        fill={"code": "NORRA-TE"},
    ),
    invalid(
        "a malformed school unit",
        "POST",
        REOPEN,
        SCHOOL,
        "school_unit",
        fill=NA,
        query="school_unit=-%2F-",
    ),
    invalid(
        "no school unit chosen by the officer", "POST", REOPEN, OFFICER, "school_unit", fill=NA
    ),
    missing("an unknown offering", "POST", REOPEN, SCHOOL, "NO-SUCH", fill={"code": "NO-SUCH"}),
    missing("another school's offering", "POST", REOPEN, SCHOOL, "SODRA-SA", fill=SA),
    Bad("an offering that is open", "POST", REOPEN, SCHOOL, 409, "conflict", "not closed", fill=NA),
    Bad(
        "an offering closed before a round that has been run since",
        "POST",
        REOPEN,
        SCHOOL,
        409,
        "conflict",
        "cannot be reopened",
        fill={"code": "NORRA-TE"},
    ),
    # -- the admission area (issue 12 point 9) --------------------------------------------------
    invalid("no body", "PUT", AREA, OFFICER, "body", fill=UMEA),
    invalid("a body that is not JSON", "PUT", AREA, OFFICER, "json", fill=UMEA, content=NOT_JSON),
    invalid("a code of two digits", "PUT", AREA, OFFICER, "code", fill={"code": "24"}, json=OUT),
    invalid("a code with letters", "PUT", AREA, OFFICER, "code", fill={"code": "24ab"}, json=OUT),
    invalid("no name", "PUT", AREA, OFFICER, "name", fill=UMEA, json={"terms": "outside"}),
    invalid("an empty name", "PUT", AREA, OFFICER, "name", fill=UMEA, json={**OUT, "name": ""}),
    invalid("a name too long", "PUT", AREA, OFFICER, "name", fill=UMEA, json={**OUT, "name": LONG}),
    invalid(
        "unknown terms", "PUT", AREA, OFFICER, "terms", fill=UMEA, json={**OUT, "terms": "friend"}
    ),
    # -- the admission office's decision on a choice's reception (issue 12 point 8) -----------
    invalid("no body", "PUT", RECEPTION, OFFICER, "body", fill=EBBA_NA),
    invalid(
        "a body that is not JSON", "PUT", RECEPTION, OFFICER, "json", fill=EBBA_NA, content=NOT_JSON
    ),
    invalid(
        "no reason",
        "PUT",
        RECEPTION,
        OFFICER,
        "reason",
        fill=EBBA_NA,
        json={"reception": "first_hand"},
    ),
    invalid(
        "an empty reason",
        "PUT",
        RECEPTION,
        OFFICER,
        "reason",
        fill=EBBA_NA,
        json={"reception": "first_hand", "reason": ""},
    ),
    invalid(
        "a reason too long",
        "PUT",
        RECEPTION,
        OFFICER,
        "reason",
        fill=EBBA_NA,
        json={"reception": "first_hand", "reason": LONG},
    ),
    invalid(
        "an unknown reception",
        "PUT",
        RECEPTION,
        OFFICER,
        "reception",
        fill=EBBA_NA,
        json={"reception": "third_hand", "reason": "x"},
    ),
    invalid(
        "a malformed personal identity number",
        "PUT",
        RECEPTION,
        OFFICER,
        "not of the form YYYYMMDD-NNNN",
        fill={"personal_id": "abc", "offering_code": "NORRA-NA"},
        json=REASONED,
    ),
    invalid(
        "an offering code too long",
        "PUT",
        RECEPTION,
        OFFICER,
        "offering_code",
        fill={"personal_id": EBBA, "offering_code": "X" * 41},
        json=REASONED,
    ),
    missing(
        "an unknown applicant",
        "PUT",
        RECEPTION,
        OFFICER,
        NOBODY,
        fill={"personal_id": NOBODY, "offering_code": "NORRA-NA"},
        json=REASONED,
    ),
    missing(
        "an offering the applicant has not chosen",
        "PUT",
        RECEPTION,
        OFFICER,
        "has not chosen",
        fill={"personal_id": EBBA, "offering_code": "SODRA-SA"},
        json=REASONED,
    ),
    invalid(
        "second hand at the applicant's own municipality's school",
        "PUT",
        RECEPTION,
        OFFICER,
        "own municipality",
        fill=EBBA_NA,
        json={"reception": "second_hand", "reason": "x"},
    ),
    invalid(
        "second hand at an independent school",
        "PUT",
        RECEPTION,
        OFFICER,
        "independent organiser",
        fill={"personal_id": TORE, "offering_code": "SODRA-SA"},
        json={"reception": "second_hand", "reason": "x"},
    ),
    # -- the municipality ----------------------------------------------------------------------
    *pages(RESIDENTS, MUNICIPALITY),
    invalid(
        "a malformed municipality",
        "GET",
        RESIDENTS,
        OFFICER,
        "municipality",
        query="municipality=01%2080",
    ),
    invalid("no municipality chosen by the officer", "GET", RESIDENTS, OFFICER, "municipality"),
    missing(
        "an unknown municipality", "GET", RESIDENTS, OFFICER, "9999", query="municipality=9999"
    ),
    Bad(
        "another municipality",
        "GET",
        RESIDENTS,
        MUNICIPALITY,
        403,
        "not_permitted",
        "0182",
        query="municipality=0182",
    ),
    invalid(
        "a malformed municipality",
        "GET",
        MUNICIPALITY_STATISTICS,
        MUNICIPALITY,
        "municipality",
        query="municipality=%C3%A5%C3%A4",
    ),
    invalid(
        "a municipality too long",
        "GET",
        MUNICIPALITY_STATISTICS,
        OFFICER,
        "municipality",
        query=f"municipality={LONG}",
    ),
    invalid(
        "no municipality chosen by the officer",
        "GET",
        MUNICIPALITY_STATISTICS,
        OFFICER,
        "municipality",
    ),
    missing(
        "an unknown municipality",
        "GET",
        MUNICIPALITY_STATISTICS,
        OFFICER,
        "9999",
        query="municipality=9999",
    ),
    # -- the officer's person search (issue 15) -----------------------------------------------
    *pages(PERSONS, OFFICER, query="q=Ebba"),
    invalid(
        "an identity number with a wrong check digit",
        "GET",
        PERSONS,
        OFFICER,
        "not a valid personal identity number",
        query=f"q={WRONG_CHECK_DIGIT}",
    ),
    invalid("a search too long", "GET", PERSONS, OFFICER, "at most 100", query="q=" + "a" * 101),
    invalid(
        "an applicant id that is text",
        "GET",
        PERSON,
        OFFICER,
        "valid integer",
        fill={"applicant_id": "abc"},
    ),
    missing(
        "an unknown applicant", "GET", PERSON, OFFICER, "applicant", fill={"applicant_id": "999999"}
    ),
    invalid(
        "an applicant id that is a fraction",
        "GET",
        PERSON,
        OFFICER,
        "valid integer",
        fill={"applicant_id": "1.5"},
    ),
    # -- the counsellor ------------------------------------------------------------------------
    *pages(PUPILS_LIST, COUNSELLOR),
    invalid(
        "a malformed school unit",
        "GET",
        PUPILS_LIST,
        COUNSELLOR,
        "school_unit",
        query="school_unit=%25",
    ),
    invalid("no school unit chosen by the officer", "GET", PUPILS_LIST, OFFICER, "school_unit"),
    missing(
        "an unknown school unit",
        "GET",
        PUPILS_LIST,
        OFFICER,
        "99999999",
        query="school_unit=99999999",
    ),
    invalid(
        "a malformed personal identity number",
        "GET",
        PUPIL,
        COUNSELLOR,
        "not of the form YYYYMMDD-NNNN",
        fill={"personal_id": "abc"},
    ),
    invalid(
        "a personal identity number with a wrong check digit",
        "GET",
        PUPIL,
        COUNSELLOR,
        "check digit",
        fill={"personal_id": WRONG_CHECK_DIGIT},
    ),
    invalid(
        "a personal identity number too long",
        "GET",
        PUPIL,
        COUNSELLOR,
        "not of the form YYYYMMDD-NNNN",
        fill={"personal_id": "1" * 200},
    ),
    invalid(
        "an impossible date of birth",
        "GET",
        PUPIL,
        COUNSELLOR,
        "not a date",
        fill={"personal_id": "20101301-0000"},
    ),
    missing(
        "a pupil of another school unit",
        "GET",
        PUPIL,
        COUNSELLOR,
        "pupil",
        fill={"personal_id": TORE},
    ),
    missing(
        "an unknown pupil",
        "GET",
        PUPIL,
        OFFICER,
        "pupil",
        fill={"personal_id": NOBODY},
        query=f"school_unit={NORRA}",
    ),
    invalid(
        "a malformed school unit",
        "GET",
        PUPIL,
        OFFICER,
        "school_unit",
        fill={"personal_id": EBBA},
        query="school_unit=%26%26",
    ),
    invalid(
        "foreign that is not a yes or no",
        "POST",
        FOREIGN,
        COUNSELLOR,
        "foreign",
        fill={"personal_id": EBBA},
        json={"foreign": "maybe"},
    ),
    invalid(
        "foreign that is a list",
        "POST",
        FOREIGN,
        COUNSELLOR,
        "foreign",
        fill={"personal_id": EBBA},
        json={"foreign": [True]},
    ),
    invalid(
        "no foreign", "POST", FOREIGN, COUNSELLOR, "foreign", fill={"personal_id": EBBA}, json={}
    ),
    invalid(
        "a body that is not JSON",
        "POST",
        FOREIGN,
        COUNSELLOR,
        "json",
        fill={"personal_id": EBBA},
        content=NOT_JSON,
    ),
    invalid(
        "a malformed personal identity number",
        "POST",
        FOREIGN,
        COUNSELLOR,
        "not of the form YYYYMMDD-NNNN",
        fill={"personal_id": "2010-03-01"},
        json={"foreign": True},
    ),
    invalid(
        "a personal identity number with a wrong check digit",
        "POST",
        FOREIGN,
        COUNSELLOR,
        "check digit",
        fill={"personal_id": WRONG_CHECK_DIGIT},
        json={"foreign": True},
    ),
    missing(
        "a pupil of another school unit",
        "POST",
        FOREIGN,
        COUNSELLOR,
        "pupil",
        fill={"personal_id": TORE},
        json={"foreign": True},
    ),
    missing(
        "an unknown pupil",
        "POST",
        FOREIGN,
        OFFICER,
        "pupil",
        fill={"personal_id": NOBODY},
        query=f"school_unit={NORRA}",
        json={"foreign": True},
    ),
]

# -- the youth register: the activity follow-up (KAA) and the schools' placements -------------
KAA = "/api/v1/municipality/kaa"
KAA_REPORT = "/api/v1/municipality/kaa-report"
KAA_PERSON = "/api/v1/municipality/kaa/{personal_id}"
KAA_ENTRIES = "/api/v1/municipality/kaa/{personal_id}/entries"
SCHOOL_PLACEMENTS = "/api/v1/school/placements"
INTERRUPTION = "/api/v1/school/placements/{placement_id}/interruption"
PROGRAMME_CHANGE = "/api/v1/school/placements/{placement_id}/programme-change"
CONTACT = {"kind": "contact", "on": f"{YEAR}-09-01", "note": "Ringde"}
BAD_INPUTS += [
    invalid("a day that does not exist", "GET", KAA, MUNICIPALITY, "date", query="date=2026-02-30"),
    invalid("a date that is text", "GET", KAA, MUNICIPALITY, "date", query="date=tomorrow"),
    invalid("no municipality chosen by the officer", "GET", KAA, OFFICER, "municipality"),
    invalid("no half-year", "GET", KAA_REPORT, MUNICIPALITY, "half"),
    invalid("a third half-year", "GET", KAA_REPORT, MUNICIPALITY, "half", query="half=2026H3"),
    invalid("a long half-year", "GET", KAA_REPORT, MUNICIPALITY, "half", query=f"half={LONG}"),
    invalid("the year zero", "GET", KAA_REPORT, MUNICIPALITY, "year", query="half=0000H2"),
    missing(
        "a person not in the register",
        "GET",
        KAA_PERSON,
        MUNICIPALITY,
        "no such person",
        fill={"personal_id": NOBODY},
    ),
    missing(
        "a person of another municipality",
        "GET",
        KAA_PERSON,
        MUNICIPALITY,
        "no such person",
        fill={"personal_id": TORE},
    ),
    invalid(
        "a date that is text",
        "GET",
        KAA_PERSON,
        MUNICIPALITY,
        "date",
        fill={"personal_id": EBBA},
        query="date=soon",
    ),
    invalid("no body", "POST", KAA_ENTRIES, MUNICIPALITY, "body", fill={"personal_id": EBBA}),
    invalid(
        "a body that is not JSON",
        "POST",
        KAA_ENTRIES,
        MUNICIPALITY,
        "json",
        fill={"personal_id": EBBA},
        content=NOT_JSON,
    ),
    invalid(
        "an unknown kind",
        "POST",
        KAA_ENTRIES,
        MUNICIPALITY,
        "kind",
        fill={"personal_id": EBBA},
        json={**CONTACT, "kind": "visit"},
    ),
    invalid(
        "a status entry without a status",
        "POST",
        KAA_ENTRIES,
        MUNICIPALITY,
        "status",
        fill={"personal_id": EBBA},
        json={**CONTACT, "kind": "status"},
    ),
    invalid(
        "a note too long",
        "POST",
        KAA_ENTRIES,
        MUNICIPALITY,
        "note",
        fill={"personal_id": EBBA},
        json={**CONTACT, "note": LONG * 2},
    ),
    missing(
        "a person not in the register",
        "POST",
        KAA_ENTRIES,
        MUNICIPALITY,
        "no such person",
        fill={"personal_id": NOBODY},
        json=CONTACT,
    ),
    invalid(
        "no school unit chosen by the officer", "GET", SCHOOL_PLACEMENTS, OFFICER, "school_unit"
    ),
    missing(
        "an unknown school unit",
        "GET",
        SCHOOL_PLACEMENTS,
        OFFICER,
        "99999999",
        query="school_unit=99999999",
    ),
    Bad(
        "another school's unit",
        "GET",
        SCHOOL_PLACEMENTS,
        SCHOOL,
        403,
        "not_permitted",
        SODRA,
        query=f"school_unit={SODRA}",
    ),
    invalid("no body", "POST", INTERRUPTION, SCHOOL, "body", fill={"placement_id": "1"}),
    invalid(
        "an end that is not a date",
        "POST",
        INTERRUPTION,
        SCHOOL,
        "end",
        fill={"placement_id": "1"},
        json={"end": "soon"},
    ),
    invalid(
        "a placement id that is text",
        "POST",
        INTERRUPTION,
        SCHOOL,
        "placement_id",
        fill={"placement_id": "first"},
        json={"end": f"{YEAR}-10-01"},
    ),
    missing(
        "an unknown placement",
        "POST",
        INTERRUPTION,
        SCHOOL,
        "placement",
        fill={"placement_id": "999"},
        json={"end": f"{YEAR}-10-01"},
    ),
    invalid(
        "a programme code with symbols",
        "POST",
        PROGRAMME_CHANGE,
        SCHOOL,
        "programme",
        fill={"placement_id": "1"},
        json={"start": f"{YEAR}-10-05", "programme": "N/A"},
    ),
    invalid(
        "no start",
        "POST",
        PROGRAMME_CHANGE,
        SCHOOL,
        "start",
        fill={"placement_id": "1"},
        json={"programme": "EK"},
    ),
    missing(
        "an unknown placement",
        "POST",
        PROGRAMME_CHANGE,
        SCHOOL,
        "placement",
        fill={"placement_id": "999"},
        json={"start": f"{YEAR}-10-05", "programme": "EK"},
    ),
    invalid(
        "a huge placement id",
        "POST",
        INTERRUPTION,
        SCHOOL,
        "placement_id",
        fill={"placement_id": str(HUGE)},
        json={"end": f"{YEAR}-10-01"},
    ),
    invalid(
        "a huge placement id",
        "POST",
        PROGRAMME_CHANGE,
        SCHOOL,
        "placement_id",
        fill={"placement_id": str(HUGE)},
        json={"start": f"{YEAR}-10-05", "programme": "EK"},
    ),
]
# The officer's population load: a multipart form with the file, its date and any confirmation.
POPULATION = "/api/v1/register/population"
BAD_INPUTS += [
    invalid("no file and no date", "POST", POPULATION, OFFICER, "file"),
    invalid("a JSON body instead of a form", "POST", POPULATION, OFFICER, "date", json={}),
    invalid("a body that is not a form", "POST", POPULATION, OFFICER, "file", content=NOT_JSON),
]

# -- money between municipalities --------------------------------------------------------------
COMPENSATION_STATEMENT = "/api/v1/compensation/statement"
COMPENSATION_SETTLEMENT = "/api/v1/compensation/settlement"
COMPENSATION_REPORT = "/api/v1/compensation/report"
BAD_INPUTS += [
    invalid("no month", "GET", COMPENSATION_STATEMENT, MUNICIPALITY, "month"),
    invalid(
        "a thirteenth month",
        "GET",
        COMPENSATION_STATEMENT,
        MUNICIPALITY,
        "month",
        query="month=2026-13",
    ),
    invalid(
        "a month that is text",
        "GET",
        COMPENSATION_STATEMENT,
        MUNICIPALITY,
        "month",
        query="month=sept",
    ),
    invalid(
        "no municipality chosen by the officer",
        "GET",
        COMPENSATION_STATEMENT,
        OFFICER,
        "municipality",
        query="month=2026-09",
    ),
    missing(
        "an unknown municipality",
        "GET",
        COMPENSATION_STATEMENT,
        OFFICER,
        "9999",
        query="month=2026-09&municipality=9999",
    ),
    invalid("neither month nor year", "GET", COMPENSATION_SETTLEMENT, ANALYST, "month or year"),
    invalid(
        "both month and year",
        "GET",
        COMPENSATION_SETTLEMENT,
        ANALYST,
        "month or year",
        query="month=2026-09&year=2026",
    ),
    invalid(
        "a year far away", "GET", COMPENSATION_SETTLEMENT, ANALYST, "year", query=f"year={HUGE}"
    ),
    invalid(
        "a month too long", "GET", COMPENSATION_SETTLEMENT, ANALYST, "month", query=f"month={LONG}"
    ),
    invalid("no year", "GET", COMPENSATION_REPORT, ANALYST, "year"),
    invalid("a year that is text", "GET", COMPENSATION_REPORT, ANALYST, "year", query="year=x"),
    invalid("year one", "GET", COMPENSATION_REPORT, MUNICIPALITY, "year", query="year=1"),
]
COMPENSATION_ANOMALIES = "/api/v1/compensation/anomalies"
BAD_INPUTS += [
    invalid("no month", "GET", COMPENSATION_ANOMALIES, OFFICER, "month"),
    invalid(
        "a thirteenth month",
        "GET",
        COMPENSATION_ANOMALIES,
        MUNICIPALITY,
        "month",
        query="month=2026-13",
    ),
    invalid(
        "a municipality that is no code",
        "GET",
        COMPENSATION_ANOMALIES,
        OFFICER,
        "municipality",
        query="month=2026-09&municipality=0180;DROP",
    ),
    missing(
        "an unknown municipality",
        "GET",
        COMPENSATION_ANOMALIES,
        OFFICER,
        "9999",
        query="month=2026-09&municipality=9999",
    ),
    *pages(COMPENSATION_ANOMALIES, MUNICIPALITY, "month=2026-09"),
]


# -- the years and the accounts -------------------------------------------------------------------
# The association's own economics and steering: each area's rows in a module of its own.
AREAS = (
    bad_input_school_decisions,
    bad_input_compensation,
    bad_input_member_fees,
    bad_input_state_grants,
    bad_input_operations_plan,
    bad_input_plan_document,
    bad_input_board,
    bad_input_eligibility,
    bad_input_sessions,
    bad_input_api_tokens,
    bad_input_kaa,
)
BAD_INPUTS += [bad for area in AREAS for bad in area.BAD_INPUTS]
WITHOUT_INPUT |= {route for area in AREAS for route in area.WITHOUT_INPUT}


def _pupil(pid: str) -> PupilGrades:
    name, home, unit = PUPILS[pid]
    subjects = [s for s in SUBJECTS if s not in {"SVA", "M1", "M2", "ML", "TSP"}]
    record = ApplicantRecord(
        personal_id=parse_personal_id(pid, today=date(YEAR, 2, 1)),
        name=name,
        home_municipality=home,
        school_unit_code=unit,
    )
    return PupilGrades(record, GradeTerm.FINAL, tuple(Grade(s, GradeLetter.C) for s in subjects))


def _build_year(uow: SqlUnitOfWork) -> None:
    """The year both worlds share: the catalogue, the pupils and their applications."""
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
            Offering("NORRA-MU", NORRA, "ES", 2, test_multiplier=Decimal(1)),
            Offering("NORRA-TE", NORRA, "TE", 2),
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
    import_pupils(
        uow, year=YEAR, pupils=[_pupil(p) for p in PUPILS], actor=COMMAND_LINE, now=OPENED
    )
    register_applications(
        uow,
        year=YEAR,
        applications={pid: [ChoiceRequest(c) for c in codes] for pid, codes in CHOICES.items()},
        actor=OFFICE,
        by_admission_office=True,
        now=IN_APPLICATION_PERIOD,
    )
    close_offering(
        uow, year=YEAR, offering_code="NORRA-TE", actor=OFFICE, now=IN_APPLICATION_PERIOD
    )


def _publish_final_round(uow: SqlUnitOfWork) -> None:
    final = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=7, actor=OFFICE, now=AFTER_FINAL)
    publish_round(uow, year=YEAR, round_id=final.round_id, actor=OFFICE, now=AFTER_FINAL)
    assert final.round_id == 1


def _create_accounts(uow: SqlUnitOfWork) -> None:
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


@dataclass(slots=True)
class World:
    """One year's database, the application on it, a signed-in client per role (with its
    session's CSRF header) and the fingerprint's own connection to the database."""

    app: FastAPI
    engine: Engine
    reader: sqlite3.Connection
    clients: dict[Role, TestClient] = field(default_factory=dict)
    headers: dict[Role, dict[str, str]] = field(default_factory=dict)

    def client(self, who: Role) -> TestClient:
        if who not in self.clients:
            client = TestClient(self.app)
            found = CSRF_FIELD.search(client.get("/logga-in").text)
            assert found is not None
            form = {"username": USERNAMES[who], "password": PASSWORD, "csrf_token": found.group(1)}
            signed_in = client.post("/logga-in", data=form, follow_redirects=False)
            assert signed_in.status_code == 303, (who, signed_in.text)
            self.clients[who] = client
            self.headers[who] = api_headers(client)  # the session's token: it stays the same
        return self.clients[who]


def _world(database: sessionmaker[Session], settings: Settings, *, published: bool) -> World:
    if published:
        _publish_final_round(SqlUnitOfWork(database))
    _create_accounts(SqlUnitOfWork(database))
    for area in AREAS:
        area.build(database)
    throttle = LoginThrottle(clock=lambda: OPENED)
    login = LocalLogin(partial(SqlUnitOfWork, database), CHEAP, throttle)
    app = create_app(settings, session_factory=database, authenticator=login, clock=lambda: OPENED)
    engine = database.kw["bind"]
    assert isinstance(engine, Engine)
    return World(app, engine, reader(database_file(engine)))


@pytest.fixture(scope="module")
def worlds(
    tmp_path_factory: pytest.TempPathFactory, new_sqlite_database: NewDatabase
) -> Iterator[dict[str, World]]:
    """The two years, built once for the module: the shared year is built once and copied,
    then each year gets its own round, accounts and areas' data."""
    shared = tmp_path_factory.mktemp("bad-input-year") / "t.db"
    database = new_sqlite_database(Settings(database_url=f"sqlite:///{shared}"))
    _build_year(SqlUnitOfWork(database))
    engine = database.kw["bind"]
    assert isinstance(engine, Engine)
    engine.dispose()
    built = {}
    for name in (PUBLISHED, UNPUBLISHED):
        copy = copy_sqlite(shared, tmp_path_factory.mktemp(f"bad-input-{name}") / "t.db")
        settings = Settings(database_url=f"sqlite:///{copy}")
        database = bootstrap.database(settings, migrate=False)
        built[name] = _world(database, settings, published=name == PUBLISHED)
    yield built
    for world in built.values():
        for client in world.clients.values():
            client.close()
        world.reader.close()
        world.engine.dispose()


# -- the fingerprint ------------------------------------------------------------------------------
SCHEMA = "sqlite_master"  # the schema itself: every table, index and guarding trigger


def database_file(engine: Engine) -> Path:
    """The SQLite file that ``engine`` works on."""
    assert engine.dialect.name == "sqlite", engine.url
    assert engine.url.database, engine.url
    return Path(engine.url.database)


def reader(database: Path) -> sqlite3.Connection:
    """The fingerprint's own connection to ``database``, outside the application's pool, that
    may not write; kept open, so that SQLite reads the schema once, not at every fingerprint."""
    connection = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA query_only = ON")
    return connection


def fingerprint(reader: sqlite3.Connection) -> dict[str, tuple[int, str]]:
    """Each table's row count and a hash of its rows (in a stable order): every table of the
    database, SQLite's own included, and the schema (``sqlite_master``).

    Read in one read transaction on the ``reader`` (in autocommit otherwise), so it sees
    exactly what has been committed. The rows are the driver's raw values: no reflection and
    no conversion of types, a few milliseconds for the whole database.
    """
    reader.execute("BEGIN")
    try:
        listed = reader.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        found = {}
        for name in sorted([SCHEMA, *(name for (name,) in listed)]):
            rows = sorted(repr(row) for row in reader.execute(f'SELECT * FROM "{name}"'))
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            found[name] = (len(rows), digest)
    finally:
        reader.execute("COMMIT")
    return found


def _changed(before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]) -> list[str]:
    return sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )


def _send(world: World, bad: Bad) -> tuple[int, str]:
    world.app.dependency_overrides[clock] = lambda: bad.at
    client = world.client(bad.who)
    headers = {**world.headers[bad.who], "Accept-Language": "en"}  # the API in English
    if bad.content is not None:
        headers["Content-Type"] = "application/json"
    response = client.request(
        bad.method, bad.url, headers=headers, json=bad.json, content=bad.content
    )
    return response.status_code, response.text


def _problems(bad: Bad, status: int, text: str) -> list[str]:
    """What is wrong with the answer ``status``, ``text`` to ``bad``; empty when it is right."""
    try:
        body = json.loads(text)
        error = body["error"]
        code, message, rows = error["code"], error["message"], error.get("rows", [])
    except (ValueError, KeyError, TypeError):
        return [f"not an error body: {status} {text[:300]}"]
    wrong = []
    if status != bad.status:
        wrong.append(f"status {status}, expected {bad.status}")
    if code != bad.code or code not in STABLE_CODES:
        wrong.append(f"code {code!r}, expected {bad.code!r}")
    if not isinstance(message, str) or not message.strip():
        wrong.append("an empty message")
    if code == "invalid_input" and (not rows or any(not r.get("reason") for r in rows)):
        wrong.append(f"invalid input without a reason in every row: {rows}")
    said = " ".join(
        [str(message), *(f"{r.get('source')} {r.get('field')} {r.get('reason')}" for r in rows)]
    )
    if bad.says.casefold() not in said.casefold():
        wrong.append(f"does not name the problem ({bad.says!r}): {said[:300]!r}")
    return wrong


# -- the tests ------------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", BAD_INPUTS, ids=[bad.id for bad in BAD_INPUTS])
def test_bad_input_gets_a_clear_error_and_changes_nothing(
    worlds: dict[str, World], bad: Bad
) -> None:
    world = worlds[bad.world]
    world.client(bad.who)  # sign in first: that may write
    before = fingerprint(world.reader)
    status, text = _send(world, bad)
    changed = _changed(before, fingerprint(world.reader))
    wrong = _problems(bad, status, text)
    if changed:
        wrong.append(f"changed the tables {changed}")
    assert not wrong, f"{bad.id} as {bad.who}: " + "; ".join(wrong)


def _takes_input(dependant: Dependant) -> bool:
    own = dependant.path_params or dependant.query_params or dependant.body_params
    return bool(own) or any(_takes_input(d) for d in dependant.dependencies)


def _api_routes(app: FastAPI) -> dict[tuple[str, str], bool]:
    """Every ``/api/v1`` route (method, path), and whether it takes input: path or query
    parameters or a body, its dependencies' included."""
    found = {}
    for context in iter_route_contexts(app.routes):
        path = str(context.path)
        if not path.startswith("/api/v1"):
            continue
        route = context.route
        takes = isinstance(route, APIRoute) and _takes_input(route.dependant)
        for method in context.methods or {"GET"}:
            if method != "HEAD":
                found[(method, path)] = takes
    return found


def test_every_api_route_that_takes_input_has_bad_input_rows(worlds: dict[str, World]) -> None:
    covered = {(bad.method, bad.path) for bad in BAD_INPUTS}
    missing = sorted(set(_api_routes(worlds[PUBLISHED].app)) - covered - WITHOUT_INPUT)
    assert not missing, f"add bad-input rows (or to WITHOUT_INPUT if it takes none): {missing}"


def test_the_routes_exempt_for_taking_no_input_exist_and_take_none(
    worlds: dict[str, World],
) -> None:
    routes = _api_routes(worlds[PUBLISHED].app)
    unknown = sorted(WITHOUT_INPUT - set(routes))
    assert not unknown, f"no such routes: {unknown}"
    taking = sorted(route for route in WITHOUT_INPUT if routes[route])
    assert not taking, f"these take input, so they need bad-input rows: {taking}"


def test_every_row_of_the_table_names_a_route_of_the_application(worlds: dict[str, World]) -> None:
    routes = {
        (method, str(c.path))
        for c in iter_route_contexts(worlds[PUBLISHED].app.routes)
        for method in c.methods or {"GET"}
    }
    stale = sorted({(bad.method, bad.path) for bad in BAD_INPUTS} - routes)
    assert not stale, f"these rows name no route any more: {stale}"


def test_the_table_tries_several_bad_inputs_on_every_endpoint() -> None:
    counts: dict[tuple[str, str], int] = {}
    for bad in BAD_INPUTS:
        counts[(bad.method, bad.path)] = counts.get((bad.method, bad.path), 0) + 1
    few = {route: n for route, n in counts.items() if n < 3}
    assert not few, f"fewer than three bad inputs: {few}"


def _unguarded_copy(world: World, folder: Path) -> Path:
    """A copy of ``world``'s database without its triggers, so that any row of any table can be
    added, changed and deleted (as the database's owner could)."""
    copy = copy_sqlite(database_file(world.engine), folder / "copy.db")
    with closing(sqlite3.connect(copy, isolation_level=None)) as owner:
        triggers = owner.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        for (name,) in triggers.fetchall():
            owner.execute(f'DROP TRIGGER "{name}"')
    return copy


def test_the_fingerprint_sees_an_insert_an_update_and_a_delete_in_every_table(
    worlds: dict[str, World], tmp_path: Path
) -> None:
    """Guards the fingerprint: in every table, the audit trail included, a row added, each of
    its columns changed and the row deleted again are each seen in that table and no other;
    so are the audit trail's own events rewritten or deleted, and guards dropped."""
    world = worlds[PUBLISHED]
    copy = _unguarded_copy(world, tmp_path)
    with (
        closing(reader(copy)) as watching,
        closing(sqlite3.connect(copy, isolation_level=None)) as tamper,
    ):
        start = fingerprint(watching)
        assert _changed(fingerprint(world.reader), start) == [SCHEMA]  # the triggers dropped
        assert start[AUDIT][0] > 0  # the audit trail has events to begin with
        tamper.execute("PRAGMA synchronous = OFF")  # a throwaway copy
        tamper.execute("PRAGMA foreign_keys = OFF")
        tamper.execute("PRAGMA ignore_check_constraints = ON")
        for table in sorted(set(start) - {SCHEMA}):
            columns = [row[1] for row in tamper.execute(f'PRAGMA table_info("{table}")')]
            row = {column: -(10**12) - number for number, column in enumerate(columns)}
            quoted, marks = ", ".join(f'"{c}"' for c in columns), ", ".join("?" * len(columns))
            insert = f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})'
            tamper.execute(insert, list(row.values()))  # values no real row holds
            seen = fingerprint(watching)
            assert _changed(start, seen) == [table], f"an insert into {table}"
            for column, value in row.items():
                update = f'UPDATE "{table}" SET "{column}" = ? WHERE "{column}" = ?'
                tamper.execute(update, (value - 10**12, value))
                before, seen = seen, fingerprint(watching)
                assert _changed(before, seen) == [table], f"an update of {table}.{column}"
            first = columns[0]
            tamper.execute(f'DELETE FROM "{table}" WHERE "{first}" = ?', (row[first] - 10**12,))
            before, seen = seen, fingerprint(watching)
            assert _changed(before, seen) == [table], f"a delete from {table}"
            assert seen == start, f"the rows of {table} as they were, the same fingerprint"
        first, last = f"SELECT min(id) FROM {AUDIT}", f"SELECT max(id) FROM {AUDIT}"
        tamper.execute(f"UPDATE {AUDIT} SET actor = 'someone else' WHERE id = ({first})")
        rewritten = fingerprint(watching)
        assert _changed(start, rewritten) == [AUDIT]
        assert rewritten[AUDIT][0] == start[AUDIT][0]  # as many events, one of them rewritten
        tamper.execute(f"DELETE FROM {AUDIT} WHERE id = ({last})")
        deleted = fingerprint(watching)
        assert _changed(rewritten, deleted) == [AUDIT]
        assert deleted[AUDIT][0] == start[AUDIT][0] - 1


def test_the_fingerprint_sees_a_change_and_the_audit_trail_it_leaves(
    worlds: dict[str, World],
) -> None:
    """Guards the fingerprint: a good request that changes places is seen, in the offering and
    in the audit trail it adds to (runs last: it changes the published year)."""
    world = worlds[PUBLISHED]
    client = world.client(SCHOOL)
    before = fingerprint(world.reader)
    url = PLACES.format(code="NORRA-EK")
    done = client.put(
        url, headers=api_headers(client), json={"places": 3, "discretionary_places": 1}
    )
    assert done.status_code == 204, done.text
    after = fingerprint(world.reader)
    assert after[AUDIT][0] == before[AUDIT][0] + 1
    assert set(_changed(before, after)) >= {AUDIT, "offering"}
