"""Issue 15 points 5 and 6: every error page, refusal and bad row of a file in the user's
language (Swedish by default, English on request), with what to do next and no framework text;
the API's errors in Swedish unless it asks for English; values by their names, never raw."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient
from web_support import form_token

from samverka import bootstrap
from samverka.compensation.domain.month_lines import LineKind
from samverka.config import Settings
from samverka.demo import DEMO_PASSWORD
from samverka.errors import N_, Conflict, NotFound
from samverka.platform.files.csv_reader import read_csv
from samverka.platform.files.limits import FileLimits
from samverka.platform.web.i18n import LANGUAGE_COOKIE

FRAMEWORK_TEXTS = ("Not Found", "Method Not Allowed", "Unprocessable", "Internal Server Error")


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    app = bootstrap.web_app(Settings(database_url=f"sqlite:///{tmp_path}/t.db"))

    @app.post("/api/v1/stang")
    @app.post("/stang", response_class=HTMLResponse)
    def close() -> None:  # a service's refusal, as the services word it
        raise Conflict(N_("Utbildningen %(code)s är redan stängd."), code="'NORRA-NA'")

    @app.get("/api/v1/saknas")
    @app.get("/saknas", response_class=HTMLResponse)
    def missing() -> None:
        raise NotFound(N_("Det finns ingen utbildning %(code)s."), code="'NOPE'")

    @app.post("/api/v1/las-in")
    @app.post("/las-in", response_class=HTMLResponse)
    def read_in() -> None:  # the file readers' row errors, as every importer reports them
        read_csv("elever.csv", b"namn,kommun\nAlva,0180,x,y\n", FileLimits(maximum_columns=3))

    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


def _in_english(client: TestClient) -> TestClient:
    client.cookies.set(LANGUAGE_COOKIE, "en")
    return client


def _main(page: httpx2.Response) -> str:
    return page.text.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_missing_page_is_404_in_swedish_with_the_way_on_and_no_framework_text(
    client: TestClient,
) -> None:
    page = client.get("/finns-inte")
    assert page.status_code == 404
    assert "<h1>Sidan finns inte</h1>" in page.text
    assert "Vad du kan göra" in page.text
    assert '<a href="/">Till startsidan</a>' in page.text
    assert not [text for text in FRAMEWORK_TEXTS if text in page.text]


def test_a_missing_page_is_404_in_english_when_english_is_chosen(client: TestClient) -> None:
    page = _in_english(client).get("/finns-inte")
    assert page.status_code == 404
    assert "<h1>Page not found</h1>" in page.text
    assert "What you can do" in page.text
    assert "Sidan finns inte" not in page.text
    assert not [text for text in FRAMEWORK_TEXTS if text in page.text]


def test_a_wrong_method_is_405_in_english_without_the_frameworks_words(
    client: TestClient,
) -> None:
    page = _in_english(client).put("/logga-in")
    assert page.status_code == 405
    assert "That cannot be done this way" in page.text
    assert not [text for text in FRAMEWORK_TEXTS if text in page.text]


def test_a_page_that_needs_signing_in_says_so_and_offers_to_sign_in(client: TestClient) -> None:
    page = client.get("/antagning")
    assert page.status_code == 401
    assert "Du behöver logga in" in page.text
    assert 'href="/logga-in?next=' in _main(page)
    assert "sign in first" not in page.text


def test_the_error_page_offers_the_way_back_to_the_page_the_user_came_from(
    client: TestClient,
) -> None:
    page = client.get("/finns-inte", headers={"referer": "http://testserver/katalog?q=na"})
    assert 'href="/katalog?q=na"' in _main(page)
    elsewhere = client.get("/finns-inte", headers={"referer": "https://example.org/katalog"})
    assert "example.org" not in elsewhere.text


def test_a_refusal_is_in_swedish_by_default_and_in_english_on_the_english_page(
    client: TestClient,
) -> None:
    swedish = client.post("/stang", data={"csrf_token": form_token(client)})
    assert swedish.status_code == 409
    assert "Utbildningen &#39;NORRA-NA&#39; är redan stängd." in swedish.text
    english = _in_english(client).post("/stang", data={"csrf_token": form_token(client)})
    assert english.status_code == 409
    assert "offering &#39;NORRA-NA&#39; is already closed" in english.text
    assert "redan stängd" not in english.text
    missing = client.get("/saknas")
    assert (missing.status_code, "no offering &#39;NOPE&#39;" in missing.text) == (404, True)


def test_a_bad_row_of_a_file_is_in_english_on_the_english_page_with_its_line(
    client: TestClient,
) -> None:
    swedish = client.post("/las-in", data={"csrf_token": form_token(client)})
    assert swedish.status_code == 422
    assert "elever.csv, rad 2: Raden har 4 celler; högst 3 läses." in swedish.text
    english = _in_english(client).post("/las-in", data={"csrf_token": form_token(client)})
    assert english.status_code == 422
    assert "elever.csv, line 2: the row has 4 cells; at most 3 are read" in english.text
    assert "celler" not in english.text


def test_the_api_answers_in_swedish_unless_it_asks_for_english(client: TestClient) -> None:
    token = {"X-CSRF-Token": form_token(client)}
    swedish = client.post("/api/v1/stang", headers=token).json()["error"]
    assert swedish == {
        "code": "conflict",
        "message": "Utbildningen 'NORRA-NA' är redan stängd.",
        "rows": [],
    }
    english = client.post("/api/v1/las-in", headers={**token, "Accept-Language": "en-GB, sv"})
    assert english.json()["error"]["rows"] == [
        {
            "source": "elever.csv",
            "line": 2,
            "field": "",
            "reason": "the row has 4 cells; at most 3 are read",
        }
    ]


def test_a_line_kind_a_person_and_a_municipality_are_written_by_their_names(
    client: TestClient, app: FastAPI
) -> None:
    templates = app.state.samverka.templates
    source = (
        "{{ kind | label }}|{{ who | person }}|{{ typed | person }}|{{ '0180' | municipality }}"
        "|{{ 'NA' | programme }}|{{ 'NA' | programme(with_code=false) }}|{{ 'XY' | programme }}"
    )
    values = {"kind": LineKind.REGULAR, "who": "association_staff:demo-forbund"}
    values["typed"] = "styrelsen 2026-03-01 § 4"
    for language, expected in {
        "sv": "Ordinarie|demo-forbund (förbundets kansli)|styrelsen 2026-03-01 § 4|"
        "Stockholm (0180)|Naturvetenskapsprogrammet (NA)|Naturvetenskapsprogrammet|XY",
        "en": "Regular|demo-forbund (association staff)|styrelsen 2026-03-01 § 4|"
        "Stockholm (0180)|Naturvetenskapsprogrammet (NA)|Naturvetenskapsprogrammet|XY",
    }.items():
        environment = templates[language].env
        texts = app.state.samverka.catalogue.translations(language)
        shown = environment.from_string(source).render(values, translations=texts)
        assert shown == expected


# -- the demo: no raw value on any page a role reads --------------------------------------------
DEMO_PAGES = {
    "handlaggare": [
        "/",
        "/antagning",
        "/antagning/kalender",
        "/antagning/omrade",
        "/statistik",
        "/register/folkbokforing",
        "/ersattning/villkor",
        "/ersattning/fakturor",
        "/ersattning?kommun=0180",
        "/ersattning/avvikelser?kommun=0180",
        "/konton/sessioner",
    ],
    "kansli": [
        "/forbund",
        "/forbund/avgifter",
        "/forbund/stimulansmedel",
        "/forbund/stimulansmedel/1",
        "/forbund/stimulansmedel/2",
        "/forbund/verksamhetsplan?ar=2026",
        "/forbund/budget?ar=2027",
        "/forbund/styrelse",
        "/forbund/avtal",
        "/ersattning/prislista",
    ],
    "kommun": [
        "/kommun",
        "/kommun/kaa",
        "/ersattning",
        "/ersattning/avvikelser",
        "/ersattning/tillaggsbelopp",
        "/kommun/avgifter",
        "/kommun/stimulansmedel",
    ],
    "sokande": ["/katalog", "/min-ansokan", "/mitt-resultat"],
    "syv": ["/elever", "/betyg/import"],
    "skola": ["/skola"],
}
RAW = re.compile(
    r"\b(regular|retroactive|reversal|first_hand|second_hand|association_staff|board_member"
    r"|officer:|municipality:|counsellor:|school:)\b|\bsamverka [a-z]+ [a-z-]+"
)


@pytest.mark.parametrize("username", sorted(DEMO_PAGES))
def test_no_page_of_the_demo_shows_a_raw_value_or_a_command(
    demo_server: str, username: str
) -> None:
    with httpx2.Client(base_url=demo_server, follow_redirects=True) as client:
        token = form_token(client)  # type: ignore[arg-type]
        client.post(
            "/logga-in",
            data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token},
        )
        found = []
        for path in DEMO_PAGES[username]:
            page = client.get(path)
            assert page.status_code == 200, path
            shown = re.sub(r"<[^>]+>", " ", _main(page))  # the text, not the attributes
            found += [f"{path}: {raw.group(0)}" for raw in RAW.finditer(shown)]
    assert found == []
