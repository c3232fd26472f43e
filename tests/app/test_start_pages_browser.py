"""In a real browser, at desktop and phone width: the public pages and the start pages meet WCAG
2.1 AA (axe-core); the officer walks from the start page to the rounds, and the applicant's deep
link to the result survives signing in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from playwright.sync_api import Page, expect

Accessible = Callable[[Page], None]
Shoot = Callable[[str], Path]


class Account(Protocol):
    username: str
    display_name: str
    password: str


def _sign_in_on_the_form(page: Page, account: Account) -> None:
    page.get_by_label("Användarnamn").fill(account.username)
    page.get_by_label("Lösenord").fill(account.password)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()


def test_the_accessibility_statement_and_the_personal_data_page_are_accessible(
    page: Page, assert_accessible: Accessible, shoot: Shoot
) -> None:
    page.goto("/")
    page.get_by_role("link", name="Tillgänglighetsredogörelse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tillgänglighetsredogörelse")
    assert_accessible(page)
    shoot("accessibility-statement")
    page.goto("/")
    title = "Så behandlar vi dina personuppgifter"
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert_accessible(page)
    shoot("personal-data")


def test_the_officer_goes_from_the_start_page_to_the_rounds(
    page: Page, officer: Account, assert_accessible: Accessible, shoot: Shoot
) -> None:
    page.goto("/logga-in")
    _sign_in_on_the_form(page, officer)
    expect(page).to_have_url("/")
    expect(page.get_by_role("heading", name="Att göra nu")).to_be_visible()
    assert_accessible(page)
    shoot("start-officer")
    page.get_by_role("link", name="Till antagningsomgångarna").click()
    expect(page).to_have_url("/antagning")


def test_the_applicants_link_to_the_result_survives_signing_in(
    page: Page, applicant: Account, assert_accessible: Accessible, shoot: Shoot
) -> None:
    page.goto("/mitt-resultat")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du behöver logga in")
    page.get_by_role("main").get_by_role("link", name="Logga in").click()
    _sign_in_on_the_form(page, applicant)
    expect(page).to_have_url("/mitt-resultat")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitt resultat")
    page.goto("/")
    expect(page.get_by_role("heading", name="Dina sidor")).to_be_visible()
    assert_accessible(page)
    shoot("start-applicant")
