"""The start page of every role (what needs doing now, a link to every page the role may use,
and no other role's tasks) and the public pages without sign-in: the catalogue's programmes,
the year's dates, the accessibility statement and how personal data is handled."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

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
from web_support import form_token

from samverka.admission.domain.rounds import RoundKind
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.rounds import publish_round, run_round
from samverka.compensation.domain.price_list import Price, PriceList, PriceRounding
from samverka.compensation.services.compensation import COMMON, import_price_list
from samverka.compensation.services.price_proposals import propose_prices
from samverka.config import Settings
from samverka.platform.access.domain.actors import Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

PASSWORD = "correct horse battery"
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
NORRA = "11111111"
ANNA, BERT, CARL = personal_id(1), personal_id(2), personal_id(3)
SCOPES = {
    "sokande": (Role.APPLICANT, ANNA, (), None),
    "syv": (Role.COUNSELLOR, None, (NORRA,), None),
    "skola": (Role.SCHOOL, None, (NORRA,), None),
    "kommun": (Role.MUNICIPALITY, None, (), "0180"),
    "antagning": (Role.OFFICER, None, (), None),
    "analys": (Role.ANALYST, None, (), None),
    "kansli": (Role.ASSOCIATION_STAFF, None, (), None),
    "styrelse": (Role.BOARD_MEMBER, None, (), None),
}
# A page of another role, that the role's start page must not link.
OTHERS_PAGES = {
    "sokande": ("/antagning", "/elever", "/kommun", "/forbund"),
    "syv": ("/antagning", "/min-ansokan", "/kommun", "/forbund"),
    "skola": ("/antagning", "/elever", "/kommun", "/forbund"),
    "kommun": ("/antagning", "/elever", "/min-ansokan", "/forbund/budget"),
    "analys": ("/antagning", "/elever", "/kommun", "/forbund"),
    "kansli": ("/antagning", "/elever", "/kommun", "/min-ansokan"),
    "styrelse": ("/antagning", "/elever", "/kommun", "/ersattning/prislista"),
}


class Clock:
    def __init__(self) -> None:
        self.now = AFTER_FINAL

    def __call__(self) -> datetime:
        return self.now


@dataclass
class World:
    app: FastAPI
    clock: Clock

    def client(self, username: str) -> TestClient:
        client = TestClient(self.app)
        form = {"username": username, "password": PASSWORD, "csrf_token": form_token(client)}
        assert client.post("/logga-in", data=form, follow_redirects=False).status_code == 303
        return client


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, new_sqlite_database: NewDatabase) -> World:
    folder: Path = tmp_path_factory.mktemp("start")
    settings = Settings(database_url=f"sqlite:///{folder}/t.db")
    database = new_sqlite_database(settings)
    uow = SqlUnitOfWork(database)
    open_year(uow)
    pupils = [pupil(1, "A"), pupil(2, "C"), pupil(3, "C")]
    at_norra = [replace(p, applicant=replace(p.applicant, school_unit_code=NORRA)) for p in pupils]
    import_pupils(uow, year=YEAR, pupils=at_norra, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    submit_own_choices(uow, 1, "NORRA-NA")
    submit_own_choices(uow, 2, "NORRA-NA", "SODRA-ES")  # Carl has no application
    final = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=7, actor=OFFICE, now=AFTER_FINAL)
    publish_round(uow, year=YEAR, round_id=final.round_id, actor=OFFICE, now=AFTER_FINAL)
    # Dora, of the municipality and no counsellor's school, applies after the final round: she
    # took no part in it, so it placed her nowhere.
    import_pupils(uow, year=YEAR, pupils=[pupil(4, "C")], actor=OFFICE, now=AFTER_FINAL)
    submit_own_choices(uow, 4, "NORRA-NA")
    run_round(uow, year=YEAR, kind=RoundKind.RESERVE, seed=8, actor=OFFICE, now=AFTER_FINAL)
    prices = PriceList(YEAR, (Price("NA", None, Decimal(120000)),))
    import_price_list(uow, price_list=prices, kind=COMMON, actor=OFFICE, now=AFTER_FINAL)
    propose_prices(
        uow,
        actor=OFFICE,
        year=YEAR + 1,
        percent=Decimal("2.8"),
        level_percent={},
        rounding=PriceRounding(),
        proposed_on=date(YEAR, 7, 1),
        reference="Styrelsen 2026-07-01 § 3",
        now=AFTER_FINAL,
    )
    for username, (role, pid, units, municipality) in SCOPES.items():
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
            municipality_code=municipality,
            now=IN_APPLICATION_PERIOD,
        )
    clock = Clock()
    login = LocalLogin(lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=clock))
    app = create_app(settings, session_factory=database, authenticator=login, clock=clock)
    return World(app, clock)


@pytest.fixture
def signed_in(world: World, request: pytest.FixtureRequest) -> Iterator[TestClient]:
    with world.client(request.param) as client:
        yield client


def _main(text: str) -> str:
    return text.split("<main", 1)[-1].split("</main>", 1)[0]


def test_the_officer_sees_rounds_to_publish_cases_waiting_and_the_next_dates(
    world: World,
) -> None:
    with world.client("antagning") as client:
        page = _main(client.get("/").text)
    assert "Omgångar som väntar på att publiceras: 1" in page
    assert "Sökande utan val: 1" in page
    assert "Sökande utan betyg: 0" in page
    assert "Närmaste datum i antagningen 2026" in page
    assert "Sista svarsdag" in page
    for href in ("/antagning", "/antagning/kalender", "/statistik", "/ersattning/villkor"):
        assert f'href="{href}"' in page, href


def test_the_counsellor_sees_their_pupils_without_application_or_reply(world: World) -> None:
    with world.client("syv") as client:
        page = _main(client.get("/").text)
    assert "Elever på dina skolenheter: 3" in page
    assert "Elever utan ansökan: 1" in page
    assert "Elever som inte har svarat på antagningsbeskedet: 2" in page
    assert 'href="/betyg/import"' in page
    assert "Omgångar som väntar" not in page


def test_the_school_sees_each_offering_with_what_is_left_to_enter(world: World) -> None:
    with world.client("skola") as client:
        page = _main(client.get("/").text)
    assert 'href="/skola/utbildningar/NORRA-NA"' in page
    assert "SODRA-ES" not in page  # another school's offering
    assert "Inget just nu" in page
    assert 'href="/skola"' in page


def test_the_municipality_sees_its_residents_kaa_and_every_page(world: World) -> None:
    with world.client("kommun") as client:
        page = _main(client.get("/").text)
    assert "Kommunens sökande i årets antagning: 4" in page
    assert "Sökande utan ansökan: 1" in page
    assert "Sökande utan plats i senaste antagningen: 2" in page  # Carl and Dora
    assert "Förbundets prisförslag för 2027 väntar på kommunens beslut." in page
    # nobody placed at a school yet in the register: all four are in the group, uncontacted
    assert "Personer i aktivitetsansvaret som inte är kontaktade eller nådda: 4" in page
    for href in (
        "/kommun/kaa",
        "/ersattning/avvikelser",
        "/kommun/avgifter",
        "/kommun/stimulansmedel",
    ):
        assert f'href="{href}"' in page, href


def test_the_municipalitys_count_without_a_place_is_the_length_of_its_list_without_a_place(
    world: World,
) -> None:
    with world.client("kommun") as client:
        page = _main(client.get("/").text)
        listed = _main(client.get("/kommun", params={"status": "oplacerade"}).text)
    counted = re.search(r"Sökande utan plats i senaste antagningen: (\d+)", page)
    shown = re.search(r"Sökande som visas: (\d+)", listed)
    assert counted is not None
    assert shown is not None
    assert counted.group(1) == "2"  # Carl, without choices, and Dora, who applied after it
    assert shown.group(1) == "2"


def test_the_association_staff_and_board_see_the_association_tasks(world: World) -> None:
    for username in ("kansli", "styrelse"):
        with world.client(username) as client:
            page = _main(client.get("/").text)
        assert "Planerade sammanträden: 0" in page
        assert "Avtal som ska revideras inom 90 dagar: 0" in page
        assert "Stimulansmedel med redovisningar som saknas: 0" in page
        assert 'href="/forbund/avtal"' in page
    assert "ändrar ingenting" in page  # the board member's


def test_the_analyst_sees_statistics_only(world: World) -> None:
    with world.client("analys") as client:
        page = _main(client.get("/").text)
    assert 'href="/statistik"' in page
    assert "Att göra nu" not in page


def test_the_applicant_sees_the_result_to_reply_to_and_the_deadline(world: World) -> None:
    with world.client("sokande") as client:
        page = _main(client.get("/").text)
    assert "Du har ett antagningsbesked att svara på. Svara senast 14 juli 2026." in page
    assert 'href="/mitt-resultat#svara"' in page
    assert "Ansökan är stängd just nu. Du har 1 val." in page


@pytest.mark.parametrize("username", sorted(OTHERS_PAGES))
def test_a_start_page_links_none_of_another_roles_pages(world: World, username: str) -> None:
    with world.client(username) as client:
        page = _main(client.get("/").text)
    for href in OTHERS_PAGES[username]:
        assert f'href="{href}"' not in page, href


def test_the_public_start_page_shows_the_catalogue_dates_and_the_statements(
    world: World,
) -> None:
    with TestClient(world.app) as client:
        page = client.get("/")
        assert page.status_code == 200
        text = _main(page.text)
        assert "Utbildningar att söka 2026" in text
        assert "3 utbildningar på skolor i 2 kommuner." in text
        assert "Program: EK, ES, NA" in text
        assert "Sista dag att söka" in text
        assert 'href="/logga-in?next=%2Fkatalog"' in text
        assert "Omgångar som väntar" not in text
        accessibility = client.get("/tillganglighet")
        assert accessibility.status_code == 200
        assert "lagen (2018:1937) om tillgänglighet till digital offentlig service" in (
            accessibility.text
        )
        assert "WCAG 2.1 nivå AA" in accessibility.text
        assert "axe-core" in accessibility.text
        assert "Rapportera ett problem" in accessibility.text
        personal = client.get("/personuppgifter")
        assert personal.status_code == 200
        assert "Storsthlm är personuppgiftsansvarig" in personal.text
        assert "myndighetsutövning" in personal.text
        assert "Integritetsskyddsmyndigheten" in personal.text
        client.get("/sprak/en")
        assert "Accessibility statement" in client.get("/tillganglighet").text
