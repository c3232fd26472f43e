"""In a real browser at a phone's width (375 px), on the small demo: the main page of every
role fits the screen, with no page wider than it, and each page's buttons are within it, seen
without scrolling to the side (issue 15 point 11). Wide tables become cards and forms stack
(``samverka.css``); long lists are paged. Each page leaves a screenshot in
``tests/screenshots/``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from samverka.demo import DEMO_PASSWORD

Shoot = Callable[[str], Path]
PHONE = 375

MAIN_PAGES = [
    ("sokande", "/min-ansokan"),
    ("syv", "/elever"),
    ("skola", "/skola"),
    ("kommun", "/kommun"),
    ("handlaggare", "/antagning"),
    ("analytiker", "/statistik"),
    ("kansli", "/forbund"),
    ("styrelse", "/forbund"),
]
# The lists and forms people use every day, beyond the main pages.
DAILY_PAGES = [
    ("handlaggare", "/antagning/kalender"),
    ("handlaggare", "/antagning/omrade"),
    ("kommun", "/kommun/kaa"),
    ("kommun", "/ersattning"),
    ("kansli", "/forbund/verksamhetsplan"),
    ("kansli", "/forbund/styrelse"),
    ("kansli", "/forbund/avtal"),
    ("kansli", "/forbund/avgifter"),
    ("kansli", "/forbund/stimulansmedel"),
    ("kansli", "/forbund/budget"),
]


@pytest.fixture(scope="session")
def server(demo_server: str) -> str:
    return demo_server


@pytest.fixture
def width() -> str:
    """Only the phone's width: the desktop's is covered by every other browser test."""
    return "phone"


def _sign_in(page: Page, username: str) -> None:
    page.goto("/logga-in")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    expect(page).to_have_url("/")


def _fits_the_phone(page: Page) -> None:
    """No sideways scrolling on the page, and every visible button of its content within the
    screen's width."""
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= PHONE, f"{page.url} is {wide} px wide"
    buttons = page.locator("main button:visible, main .button:visible")
    outside = []
    for at in range(buttons.count()):
        box = buttons.nth(at).bounding_box()
        if box is None:
            continue
        if box["x"] < 0 or box["x"] + box["width"] > PHONE + 0.5:
            outside.append(f"{buttons.nth(at).inner_text().strip()!r} at x={box['x']:.0f}")
    assert not outside, f"{page.url}: buttons outside the screen: {outside}"


@pytest.mark.parametrize(("username", "path"), MAIN_PAGES, ids=[u for u, _ in MAIN_PAGES])
def test_each_roles_main_page_fits_a_phone_with_its_buttons_in_view(
    page: Page, shoot: Shoot, username: str, path: str
) -> None:
    _sign_in(page, username)
    answer = page.goto(path)
    assert answer is not None
    assert answer.status == 200, f"{path}: {answer.status}"
    _fits_the_phone(page)
    shoot(f"phone-{username}")


@pytest.mark.parametrize(("username", "path"), DAILY_PAGES, ids=[p for _, p in DAILY_PAGES])
def test_the_daily_lists_and_forms_fit_a_phone(
    page: Page, shoot: Shoot, username: str, path: str
) -> None:
    _sign_in(page, username)
    answer = page.goto(path)
    assert answer is not None
    assert answer.status == 200, f"{path}: {answer.status}"
    _fits_the_phone(page)


def test_the_schools_offering_page_with_its_table_of_test_points_fits_a_phone(
    page: Page, shoot: Shoot
) -> None:
    _sign_in(page, "skola")
    page.goto("/skola")
    links = page.locator("main table a[href^='/skola/utbildningar/']")
    assert links.count() > 0, "the demo school has no offerings"
    for at in range(links.count()):
        href = links.nth(at).get_attribute("href")
        assert href is not None
        page.goto(href)
        _fits_the_phone(page)
        page.goto("/skola")
    shoot("phone-school-offering")
