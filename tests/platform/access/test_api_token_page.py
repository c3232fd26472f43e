"""In a real browser, at desktop and phone width: the admission officer makes an API token on
``/konton/api-nycklar``, sees its secret once and revokes it; the page, refused form included,
meets WCAG 2.1 AA (axe-core). Each state leaves a screenshot in ``tests/screenshots/``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from playwright.sync_api import Page, expect

Accessible = Callable[[Page], None]
Shoot = Callable[[str], Path]


class Account(Protocol):
    username: str
    password: str


def test_the_officer_makes_and_revokes_a_token_on_an_accessible_page(
    page: Page, officer: Account, assert_accessible: Accessible, shoot: Shoot, width: str
) -> None:
    page.goto("/logga-in")
    page.get_by_label("Användarnamn").fill(officer.username)
    page.get_by_label("Lösenord").fill(officer.password)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    expect(page).to_have_url("/")
    page.goto("/konton/api-nycklar")
    expect(page.get_by_role("heading", level=1)).to_have_text("API-nycklar")
    assert_accessible(page)
    name = f"Norras elevsystem ({width})"
    page.get_by_label("Namn").fill(name)
    page.get_by_label("Roll").select_option("school")
    page.get_by_label("Skolenhetskod eller kommunkod").fill("99999999")
    page.get_by_role("button", name="Skapa nyckeln").click()
    expect(page.get_by_text("Det finns ingen skolenhet med den koden.").first).to_be_visible()
    assert_accessible(page)
    shoot("officer-api-tokens-refused")
    page.get_by_label("Skolenhetskod eller kommunkod").fill("11111111")
    page.get_by_role("button", name="Skapa nyckeln").click()
    secret = page.locator("#ny-nyckel").inner_text()
    assert secret.startswith("svk_")
    expect(page.get_by_role("cell", name=name, exact=True)).to_be_visible()
    assert_accessible(page)
    shoot("officer-api-tokens-created")
    page.get_by_role("button", name=f"Återkalla {name}").click()
    expect(page.get_by_text(f"Nyckeln {name} är återkallad")).to_be_visible()
    assert secret not in page.content()
    assert_accessible(page)
