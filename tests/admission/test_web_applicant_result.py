"""The applicant's result: the last reply day and what no reply means, a reply after it refused
with a fixed clock, declining asked first, deep links that survive sign-in (and never lead to
another site), and a catalogue without "Lägg till" while the windows are closed."""

# The applicant pages' world and clients are test_web_applicant's fixtures, imported by name.
# ruff: noqa: F811

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from web_support import api_headers, form_token

from samverka.admission.db import tables as at
from samverka.platform.db import tables as pt

from .test_web_applicant import (  # noqa: F401 (the fixtures)
    BETWEEN_WINDOWS,
    PASSWORD,
    World,
    _everyone_applies,
    alice,
    world,
)

LAST_REPLY_MINUTE = datetime(2026, 7, 14, 21, 59, tzinfo=UTC)  # 23:59 in Sweden
FIRST_LATE_MINUTE = datetime(2026, 7, 14, 22, 0, tzinfo=UTC)  # 15 July 00:00 in Sweden


def _count(world: World, table: object) -> int:
    with world.database() as session:
        found = session.execute(select(func.count()).select_from(table))  # type: ignore[arg-type]
        return int(found.scalar_one())


def _reply(client: TestClient, reply: str, **extra: str) -> tuple[int, str]:
    form = {"reply": reply, "csrf_token": form_token(client, "/mitt-resultat"), **extra}
    answer = client.post("/mitt-resultat", data=form)
    return answer.status_code, answer.text


@pytest.fixture
def published(world: World) -> World:
    _everyone_applies(world)
    world.run_and_publish_final_round()
    world.clock.now = datetime(2026, 7, 2, 12, tzinfo=UTC)
    return world


def test_the_result_shows_the_last_reply_day_and_what_no_reply_means(
    published: World, alice: TestClient
) -> None:
    page = alice.get("/mitt-resultat").text
    assert "Svara senast 14 juli 2026." in page
    assert "tackar du automatiskt ja till platsen och står kvar som reserv" in page
    assert "Så säger antagningsreglerna i Storsthlm." in page
    assert "Vad betyder resultatet?" in page
    assert "Du har fått en plats på utbildningen." in page
    assert "Du har redan fått ett val som du satte högre upp" in page
    assert "Dina betyg uppfyller inte kraven" not in page  # only the kinds Alice has


def test_the_reasons_of_a_not_eligible_and_a_reserve_result_are_told_apart(
    published: World,
) -> None:
    with published.client("cecilia") as cecilia:
        page = cecilia.get("/mitt-resultat").text
        assert "Dina betyg uppfyller inte kraven för utbildningen." in page
    with published.client("bo") as bo:
        page = bo.get("/mitt-resultat").text
        assert "Utbildningen är full. Du står i kö" in page
        assert "Dina betyg uppfyller inte kraven" not in page


def test_a_reply_on_the_last_reply_day_counts_and_one_after_it_is_refused_in_swedish(
    published: World, alice: TestClient
) -> None:
    published.clock.now = LAST_REPLY_MINUTE
    assert _reply(alice, "accept")[0] == 200
    replies = _count(published, at.reply)
    published.clock.now = FIRST_LATE_MINUTE
    status, text = _reply(alice, "accept_without_reserve")
    assert status == 409
    assert "Sista svarsdagen har passerat, så du kan inte svara här längre." in text
    status, text = _reply(alice, "decline")  # no confirmation to ask for: refused at once
    assert status == 409
    assert "Vill du avstå?" not in text
    api = alice.post("/api/v1/replies", json={"reply": "decline"}, headers=api_headers(alice))
    assert api.status_code == 409
    assert _count(published, at.reply) == replies
    page = alice.get("/mitt-resultat").text
    assert "Sista svarsdagen var 14 juli 2026." in page
    assert 'name="reply"' not in page


def test_declining_shows_what_is_lost_first_and_only_the_confirmation_saves_it(
    published: World,
) -> None:
    with published.client("bo") as bo:
        before = (_count(published, at.reply), _count(published, pt.audit_event))
        status, text = _reply(bo, "decline")
        assert status == 200
        assert "Vill du avstå?" in text
        assert "Du lämnar din plats på NORRA-EK." in text
        assert "Du tas bort från reservlistan till NORRA-NA." in text
        assert "Det går inte att ångra." in text
        assert 'name="confirmed" value="ja"' in text
        assert (_count(published, at.reply), _count(published, pt.audit_event)) == before
        status, text = _reply(bo, "decline", confirmed="ja")
        assert status == 200
        assert "Ditt svar är sparat." in text
        assert _count(published, at.reply) == before[0] + 1
        assert _count(published, pt.audit_event) == before[1] + 1


def test_a_deep_link_survives_sign_in(world: World) -> None:
    with TestClient(world.app) as client:
        refused = client.get("/mitt-resultat")
        assert refused.status_code == 401
        assert 'href="/logga-in?next=%2Fmitt-resultat"' in refused.text
        form = client.get("/logga-in?next=%2Fmitt-resultat").text
        assert '<input type="hidden" name="next" value="/mitt-resultat">' in form
        data = {
            "username": "alice",
            "password": PASSWORD,
            "next": "/mitt-resultat",
            "csrf_token": form_token(client),
        }
        answer = client.post("/logga-in", data=data, follow_redirects=False)
        assert (answer.status_code, answer.headers["location"]) == (303, "/mitt-resultat")


@pytest.mark.parametrize(
    "elsewhere",
    ["https://elsewhere.example/", "//elsewhere.example/", "/\\elsewhere.example", "/\t/x.example"],
)
def test_a_next_address_on_another_site_is_ignored(world: World, elsewhere: str) -> None:
    with TestClient(world.app) as client:
        form = client.get(f"/logga-in?next={quote(elsewhere)}").text
        assert 'name="next"' not in form
        data = {
            "username": "alice",
            "password": PASSWORD,
            "next": elsewhere,
            "csrf_token": form_token(client),
        }
        answer = client.post("/logga-in", data=data, follow_redirects=False)
        assert (answer.status_code, answer.headers["location"]) == (303, "/")


def test_a_closed_application_offers_no_add_buttons_in_the_catalogue(
    world: World, alice: TestClient
) -> None:
    assert "Lägg till NORRA-NA" in alice.get("/katalog", params={"program": "NA"}).text
    world.clock.now = BETWEEN_WINDOWS
    page = alice.get("/katalog", params={"program": "NA"}).text
    assert "NORRA-NA" in page
    assert "Lägg till" not in page
    assert 'value="add"' not in page
