"""In a real browser, at desktop and phone width: the start page and the sign-in page meet WCAG 2.1
AA (axe-core), the officer signs in with the form, a wrong password is refused in Swedish, and the
language switch gives English. Each step leaves a screenshot in ``tests/screenshots/``."""

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


def _fill_in_sign_in(page: Page, username: str, password: str) -> None:
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()


def test_the_start_page_is_in_swedish_and_accessible(
    page: Page, assert_accessible: Accessible, shoot: Shoot
) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen till Samverka")
    assert_accessible(page)
    shoot("start")


def test_the_sign_in_page_is_reached_from_the_start_page_and_is_accessible(
    page: Page, assert_accessible: Accessible, shoot: Shoot
) -> None:
    page.goto("/")
    page.get_by_role("main").get_by_role("link", name="Logga in").click()
    expect(page).to_have_url("/logga-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    assert_accessible(page)
    shoot("sign-in")


def test_the_officer_signs_in_with_the_form_and_is_greeted(
    page: Page, officer: Account, assert_accessible: Accessible, shoot: Shoot
) -> None:
    page.goto("/logga-in")
    _fill_in_sign_in(page, officer.username, officer.password)
    expect(page).to_have_url("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Välkommen, {officer.display_name}!")
    expect(page.get_by_text("Du är inloggad som antagningshandläggare.")).to_be_visible()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    assert_accessible(page)
    shoot("signed-in-officer")


def test_a_wrong_password_shows_the_swedish_message_on_an_accessible_page(
    page: Page, officer: Account, assert_accessible: Accessible, shoot: Shoot
) -> None:
    page.goto("/logga-in")
    _fill_in_sign_in(page, officer.username, "not the password")
    expect(page.get_by_role("alert")).to_have_text("Fel användarnamn eller lösenord.")
    expect(page.get_by_label("Användarnamn")).to_have_value(officer.username)
    expect(page.get_by_label("Lösenord")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    shoot("sign-in-wrong-password")


def test_the_language_switch_shows_the_sign_in_page_in_english(
    page: Page, assert_accessible: Accessible, shoot: Shoot
) -> None:
    page.goto("/logga-in")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url("/logga-in")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_label("Username")).to_be_visible()
    assert_accessible(page)
    shoot("sign-in-english")
