"""The protected-identity scan (issue 11, "checks that keep it true"; issue 11 point 2;
admissions-rules §11.2 item 11): sign in as every role and search every page, export and API
response for every protected person's identity number and name.

The world (``scan_world``) has persons protected only in the admission data, only in the
population register, and in both, with placements, KAA entries, compensation lines, a published
final round with its admitted and reserves, guardians and addresses. Every role of the
application (and a visitor not signed in) requests every GET route of the web application and
the API: the table ``SCAN`` holds, for each route, the URLs of the authorisation matrix's rows
(``test_authorisation_matrix.MATRIX``) and more, with each person's identity number and each
offering filled in, the officer's choice of a school unit or municipality to work in, and every
download in its formats. A GET route missing from ``SCAN`` fails
``test_every_get_route_of_the_application_is_scanned``.

Each body is read as the person receiving it would: HTML and JSON as text, CSV as text, an
Excel workbook through the XML of all its sheets and shared strings, a PDF through its text.
Nothing in it may name a protected person (the identity number written with 12 or 10 digits,
with or without the hyphen; the name; the guardian's name; the address) for anyone but the
admission officer. What a caller sent is not disclosed to them, so the identity number in the
requested address itself is taken out of the answer before it is searched (their names and
addresses are not). The officer, working in a counsellor's, a school's or a municipality's
place, must see every protected person: that proves the scan reaches them.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, unquote_plus

import pypdfium2 as pdfium
import pytest
import scan_world
from database_fixtures import NewDatabase
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from httpx2 import Response
from matrix_support import ANONYMOUS, PASSWORD, PLACEHOLDERS, ROLES, USERNAMES, Who
from scan_world import NORRA, PEOPLE, PROTECTED, Person
from test_authorisation_matrix import AREAS, MATRIX
from web_support import CSRF_FIELD

from samverka.config import Settings
from samverka.platform.access.domain.actors import Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.web.deps import clock
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

SCAN_AT = datetime(2026, 9, 20, 12, tzinfo=UTC)
PERSON_PARAMETERS = ("personnummer", "personal_id")
OFFERINGS = ("NORRA-NA", "NORRA-EK", "SODRA-SA")
IN_PLACE = re.compile(r"(?:^|&)(?:skolenhet|kommun|school_unit|municipality)=")
ORGANISER = "huvudman=Skolbolaget%20AB&slag=independent&manad=2026-09"
MORE = [
    # The KAA lists and the placements on a day when the KAA group and the pupils are there.
    "/kommun/kaa?datum=2026-09-15",
    "/kommun/kaa?kommun=0180&datum=2026-09-15",
    "/api/v1/municipality/kaa?date=2026-09-15",
    "/api/v1/municipality/kaa?date=2026-09-15&municipality=0180",
    *(f"/kommun/kaa/lista/fil?kommun=0180&datum=2026-09-15&format={f}" for f in ("csv", "xlsx")),
    "/kommun/kaa/lista/fil?datum=2026-09-15&format=csv",
    "/kommun/kaa/rapport?kommun=0180&halvar=2026H2",
    *(f"/kommun/kaa/rapport/fil?kommun=0180&halvar=2026H2&format={fmt}" for fmt in ("csv", "xlsx")),
    "/kommun/kaa/rapport/fil?halvar=2026H2&format=csv",
    "/api/v1/municipality/kaa-records?half=2026H2&municipality=0180",
    "/api/v1/municipality/kaa-records?half=2026H2",
    "/api/v1/municipality/residents?municipality=0180&limit=100",
    "/api/v1/pupils?school_unit=11111111&limit=100",
    "/api/v1/school/placements?school_unit=11111111",
    # Every export and download, in each format.
    *(
        f"/antagning/export?round=1&what={what}&format={fmt}&show_protected={shown}"
        for what in ("placements", "reserves", "statistics")
        for fmt in ("csv", "xlsx")
        for shown in ("false", "true")
    ),
    *(
        f"/ersattning/fil?kommun=0180&manad=2026-09&vad={what}&format={fmt}&sida={side}"
        for what in ("specifikation", "betalfil")
        for fmt in ("csv", "xlsx")
        for side in ("betalar", "tar-emot")
    ),
    f"/ersattning/huvudman/specifikation?{ORGANISER}",
    *(
        f"/ersattning/huvudman/fil?{ORGANISER}&vad={what}&format={fmt}"
        for what in ("specifikation", "betalfil")
        for fmt in ("csv", "xlsx")
    ),
    "/ersattning?kommun=0180&manad=2026-09&sida=tar-emot",
    # The anomalies of September: Rut's two placements (issue 13 point 2).
    "/ersattning/avvikelser?kommun=0180&manad=2026-09",
    "/api/v1/compensation/anomalies?month=2026-09&municipality=0180",
    "/api/v1/statistics?round=1",
]


def _fill(path: str, values: dict[str, str], query: str) -> str:
    url = path.format(**{**PLACEHOLDERS, **values})
    return f"{url}?{query}" if query else url


def _scan_table() -> dict[str, list[str]]:
    """Every GET route's URLs: the matrix's, then each person and offering filled in."""
    table: dict[str, list[str]] = defaultdict(list)
    rows = [row for row in MATRIX if row.method == "GET"]
    for row in rows:
        table[row.path].append(row.url)
    for path in list(table):
        queries = sorted({row.query for row in rows if row.path == path} | {""})
        fills = [row.fill for row in rows if row.path == path] or [{}]
        names = set(re.findall(r"{(\w+)}", path))
        if names & set(PERSON_PARAMETERS):
            values = [dict.fromkeys(PERSON_PARAMETERS, p.personal_id) for p in PEOPLE]
        elif "code" in names:
            values = [{"code": code} for code in OFFERINGS]
        else:
            continue
        table[path] += [_fill(path, {**fills[0], **v}, q) for v in values for q in queries]
    for url in MORE:
        table[url.split("?")[0]].append(url)
    return {path: list(dict.fromkeys(urls)) for path, urls in table.items()}


SCAN = _scan_table()


# -- the world and reading what comes back ------------------------------------------------------
@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, new_sqlite_database: NewDatabase) -> FastAPI:
    folder = tmp_path_factory.mktemp("scan")
    settings = Settings(database_url=f"sqlite:///{folder}/t.db")
    database = new_sqlite_database(settings)
    scan_world.build(database)
    for area in AREAS:
        area.build(database)
    throttle = LoginThrottle(clock=lambda: SCAN_AT)
    login = LocalLogin(lambda: SqlUnitOfWork(database), scan_world.CHEAP, throttle)
    application = create_app(settings, session_factory=database, authenticator=login)
    application.dependency_overrides[clock] = lambda: SCAN_AT
    return application


def _readable(response: Response) -> str:
    """The body as its receiver reads it: workbooks and PDFs opened, entities and escapes undone."""
    kind, body = response.headers.get("content-type", ""), response.content
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as workbook:
            parts = [workbook.read(name).decode("utf-8", "replace") for name in workbook.namelist()]
        text = "\n".join(parts)
    elif body.startswith(b"%PDF"):
        text = _pdf_text(body)
    elif "json" in kind:
        text = json.dumps(response.json(), ensure_ascii=False)
    else:
        text = body.decode("utf-8", "replace")
    text = html.unescape(text)
    return f"{text}\n{unquote_plus(text)}"


def _pdf_text(body: bytes) -> str:
    """A PDF's text; for a file PDFium cannot open (a stored attachment), its bytes."""
    try:
        document = pdfium.PdfDocument(body)
    except pdfium.PdfiumError:
        return body.decode("latin-1")
    return "\n".join(page.get_textpage().get_text_range() for page in document)


@dataclass(frozen=True, slots=True)
class Answer:
    url: str
    status: int
    kind: str
    text: str

    def shown(self) -> str:
        """The answer without the identity numbers the caller sent in the address."""
        sent = self.url.split("?")[0]
        text = self.text.replace(sent, "").replace(quote(sent, safe=""), "")
        for person in PEOPLE:
            if person.personal_id in sent:
                for form in person.written_forms:
                    text = text.replace(form, "")
        return text

    def names(self, people: tuple[Person, ...]) -> list[str]:
        shown = self.shown()
        return sorted({f"{p.name} ({w})" for p in people for w in p.identifying if w in shown})


def _client(app: FastAPI, who: Who) -> TestClient:
    client = TestClient(app)
    if isinstance(who, Role):
        found = CSRF_FIELD.search(client.get("/logga-in").text)
        assert found is not None
        form = {"username": USERNAMES[who], "password": PASSWORD, "csrf_token": found.group(1)}
        assert client.post("/logga-in", data=form, follow_redirects=False).status_code == 303
    return client


_ANSWERS: dict[Who, list[Answer]] = {}


def _answers(app: FastAPI, who: Who) -> list[Answer]:
    """Every URL of the scan as ``who`` (once per module)."""
    if who not in _ANSWERS:
        found = []
        with _client(app, who) as client:
            for url in (url for urls in SCAN.values() for url in urls):
                response = client.get(url, follow_redirects=False)
                kind = response.headers.get("content-type", "").split(";")[0]
                found.append(Answer(url, response.status_code, kind, _readable(response)))
        _ANSWERS[who] = found
    return _ANSWERS[who]


# -- the tests ------------------------------------------------------------------------------------
def test_every_get_route_of_the_application_is_scanned(app: FastAPI) -> None:
    missing = []
    for route in iter_route_contexts(app.routes):
        path = str(route.path)
        if path == "/static":
            if not any(p.startswith("/static/") for p in SCAN):
                missing.append("/static/…")
        elif "GET" in (route.methods or {"GET"}) and not SCAN.get(path):
            missing.append(path)
    assert not missing, f"add these GET routes to the scan (MATRIX or MORE): {missing}"


@pytest.mark.parametrize("who", [*(r for r in ROLES if r is not Role.OFFICER), ANONYMOUS])
def test_no_role_but_the_admission_officer_is_shown_a_protected_person(
    app: FastAPI, who: Who
) -> None:
    leaks = [
        f"{a.url} ({a.status}): {', '.join(a.names(PROTECTED))}"
        for a in _answers(app, who)
        if a.names(PROTECTED)
    ]
    assert not leaks, f"protected persons shown to {who}:\n" + "\n".join(leaks)


def test_the_officer_working_in_another_roles_place_sees_every_protected_person(
    app: FastAPI,
) -> None:
    in_place = [a for a in _answers(app, Role.OFFICER) if IN_PLACE.search(a.url.partition("?")[2])]
    for area in ("/elever", "/skola", "/kommun"):
        seen = {
            p.name
            for a in in_place
            if a.url.startswith(area)
            for p in PROTECTED
            if p.name in a.text
        }
        expected = {p.name for p in PROTECTED if area == "/kommun" or p.unit == NORRA}
        assert seen >= expected, (area, expected - seen)


def test_the_officer_alone_unmasks_the_exports(app: FastAPI) -> None:
    """Guards the reading of workbooks: the unmasked export names them, the masked one not."""
    exports = {a.url: a for a in _answers(app, Role.OFFICER) if a.url.startswith("/antagning/ex")}
    for fmt in ("csv", "xlsx"):
        shown = exports[
            f"/antagning/export?round=1&what=placements&format={fmt}&show_protected=true"
        ]
        masked = exports[
            f"/antagning/export?round=1&what=placements&format={fmt}&show_protected=false"
        ]
        assert (shown.status, masked.status) == (200, 200)
        placed = shown.names(PROTECTED)
        assert placed, f"the {fmt} export names no protected person: the scan reads nothing"
        assert masked.names(PROTECTED) == []


@pytest.mark.parametrize(
    ("who", "where", "shown"),
    [
        (Role.APPLICANT, "/mitt-resultat", "Norra gymnasiet"),
        (Role.COUNSELLOR, "/elever", scan_world.EBBA.name),
        (Role.SCHOOL, "/skola/placeringar", scan_world.EBBA.name),
        (Role.SCHOOL, "/skola/utbildningar/", scan_world.EBBA.name),
        (Role.MUNICIPALITY, "/kommun/kaa/", scan_world.EBBA.address),
        (Role.MUNICIPALITY, "/api/v1/municipality/residents", scan_world.EBBA.name),
    ],
)
def test_the_scan_reaches_what_each_role_may_see(
    app: FastAPI, who: Who, where: str, shown: str
) -> None:
    """Guards the scan: each role was shown real lists and details of unprotected people."""
    assert any(
        a.url.startswith(where) and a.status == 200 and shown in a.text for a in _answers(app, who)
    ), (who, where)


def test_the_scan_reads_every_kind_of_download(app: FastAPI) -> None:
    kinds = {a.kind for who in ROLES for a in _answers(app, who) if a.status == 200}
    assert {"text/html", "application/json", "text/csv", "application/pdf"} <= kinds
    assert any("spreadsheetml" in kind for kind in kinds)


def test_the_world_has_persons_protected_in_each_source_and_in_both() -> None:
    kinds = {(p.in_admission, p.in_register) for p in PROTECTED}
    assert kinds == {(True, False), (False, True), (True, True)}
