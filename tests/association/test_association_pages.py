"""In a real browser, at desktop and phone width, on a small demo: the association's own pages
for its staff, a board member and a municipality meet WCAG 2.1 AA (axe-core), and each leaves
a screenshot in ``tests/screenshots/``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from samverka.demo import DEMO_PASSWORD

Accessible = Callable[[Page], None]
Shoot = Callable[[str], Path]
STAFF, BOARD, MUNICIPALITY = "kansli", "styrelse", "kommun"

PAGES = [
    (STAFF, "/forbund", "Förbundet", "association-hub"),
    (STAFF, "/forbund/avgifter", "Medlemsavgifter", "association-fees"),
    (STAFF, "/forbund/avgifter/2027", "2027", "association-fees-year"),
    (STAFF, "/forbund/stimulansmedel", "Stimulansmedel", "association-grants"),
    (STAFF, "/forbund/stimulansmedel/1", "", "association-grant"),
    (STAFF, "/forbund/verksamhetsplan?ar=2026", "Verksamhetsplan 2026", "association-plan"),
    (STAFF, "/forbund/budget?ar=2027", "2027", "association-budget"),
    (BOARD, "/forbund/verksamhetsplan/2027/dokument", "2027", "association-plan-document"),
    (BOARD, "/forbund/styrelse", "", "association-board"),
    (BOARD, "/forbund/styrgrupper", "", "association-steering-groups"),
    (BOARD, "/forbund/avtal", "Avtal", "association-agreements"),
    (MUNICIPALITY, "/kommun/avgifter", "", "municipality-fees"),
    (MUNICIPALITY, "/kommun/stimulansmedel", "", "municipality-grants"),
]


@pytest.fixture
def server(demo_server: str) -> str:
    return demo_server


@pytest.mark.parametrize(
    ("username", "path", "heading", "name"), PAGES, ids=[row[3] for row in PAGES]
)
def test_the_associations_pages_are_accessible_to_their_readers(
    page: Page,
    assert_accessible: Accessible,
    shoot: Shoot,
    username: str,
    path: str,
    heading: str,
    name: str,
) -> None:
    page.goto("/logga-in")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    expect(page).to_have_url("/")
    answer = page.goto(path)
    assert answer is not None
    assert answer.status == 200, f"{path}: {answer.status}"
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    assert_accessible(page)
    shoot(name)
