"""In a real browser, at desktop and phone width, on the small demo: the staff's page to edit an
item of the plan and the question before removing one meet WCAG 2.1 AA (axe-core), the latter
naming what depends on the item. Each page leaves a screenshot in ``tests/screenshots/``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from samverka.demo import DEMO_PASSWORD

Accessible = Callable[[Page], None]
Shoot = Callable[[str], Path]


@pytest.fixture
def server(demo_server: str) -> str:
    return demo_server


def test_the_edit_page_and_the_removal_question_are_accessible(
    page: Page, assert_accessible: Accessible, shoot: Shoot
) -> None:
    page.goto("/logga-in")
    page.get_by_label("Användarnamn").fill("kansli")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    expect(page).to_have_url("/")
    page.goto("/forbund/verksamhetsplan")
    removal = page.locator("main a[href$='/ta-bort'][href*='/omrade/']").first
    edit = page.locator("main a[href$='/andra'][href*='/omrade/']").first
    removal_href, edit_href = removal.get_attribute("href"), edit.get_attribute("href")
    assert removal_href is not None
    assert edit_href is not None

    page.goto(edit_href)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ändra området")
    assert_accessible(page)
    shoot("plan-item-edit")

    page.goto(removal_href)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ta bort området")
    expect(page.get_by_role("status")).to_contain_text("Mål:")
    assert_accessible(page)
    shoot("plan-item-removal")
