"""In a real browser, at desktop and phone width: the admission officer types a personnummer into
the search field of the page header and lands on the person's page, which meets WCAG 2.1 AA
(axe-core). The page leaves a screenshot in ``tests/screenshots/``."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import admission_year_builders as year
from playwright.sync_api import Page, expect

Accessible = Callable[[Page], None]
Shoot = Callable[[str], Path]


class Account(Protocol):
    username: str
    password: str
    display_name: str


def test_the_officer_types_a_personnummer_and_lands_on_the_persons_page(
    page: Page,
    officer: Account,
    applicant: Account,
    assert_accessible: Accessible,
    shoot: Shoot,
) -> None:
    page.goto("/logga-in")
    page.get_by_label("Användarnamn").fill(officer.username)
    page.get_by_label("Lösenord").fill(officer.password)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    expect(page).to_have_url("/")
    page.goto("/antagning")
    typed = year.personal_id(1)[2:].replace("-", "")  # ten digits, no hyphen
    search = page.get_by_role("search").get_by_label("Sök person")
    search.fill(typed)
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/antagning/person/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(applicant.display_name)
    expect(page.get_by_role("main")).to_contain_text(year.personal_id(1))
    assert_accessible(page)
    shoot("officer-person")
