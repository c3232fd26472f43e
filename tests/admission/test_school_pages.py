"""In a real browser, at desktop and phone width, on the small demo: the school's page of one
of its offerings — places, applicants, fri kvot and the assessment of foreign grades per
applicant, and (for an offering the school ranks) the ranking form — meets WCAG 2.1 AA
(axe-core). The page leaves a screenshot in ``tests/screenshots/``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from samverka.demo import DEMO_PASSWORD

Accessible = Callable[[Page], None]
Shoot = Callable[[str], Path]


@pytest.fixture(scope="session")
def server(demo_server: str) -> str:
    return demo_server


def test_the_schools_offering_page_with_its_decisions_is_accessible(
    page: Page, assert_accessible: Accessible, shoot: Shoot
) -> None:
    page.goto("/logga-in")
    page.get_by_label("Användarnamn").fill("skola")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    expect(page).to_have_url("/")
    page.goto("/skola")
    rows = page.locator("table tbody tr")
    with_applicants = [
        rows.nth(i)
        for i in range(rows.count())
        if rows.nth(i).locator("td").nth(3).inner_text().strip() not in ("0", "")
    ]
    assert with_applicants, "the demo school has no offering with applicants"
    with_applicants[0].get_by_role("link").click()

    expect(page.get_by_role("heading", name="Fri kvot och utländska betyg")).to_be_visible()
    assert_accessible(page)
    shoot("school-offering-decisions")
