"""In a real browser, at desktop and phone width: the admission officer's calendar, and the
register, activity follow-up and compensation pages the officer opens for a chosen municipality
or school unit, meet WCAG 2.1 AA (axe-core). Each page leaves a screenshot in
``tests/browser/screenshots/``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import pytest
from playwright.sync_api import Page, expect

Accessible = Callable[[Page], None]
Shoot = Callable[[str], Path]


class Account(Protocol):
    username: str
    password: str


PAGES = [
    ("/antagning/kalender", "Antagningens kalender", "officer-calendar"),
    ("/kommun?kommun=0180", "Kommunens sökande", "officer-municipality"),
    ("/kommun/kaa?kommun=0180", "Aktivitetsansvaret", "officer-kaa"),
    (
        "/kommun/kaa/rapport?kommun=0180&halvar=2026H2",
        "Halvårsrapport 2026H2",
        "officer-kaa-report",
    ),
    ("/kommun/kaa/gallring?kommun=0180", "Gallring i aktivitetsansvaret", "officer-kaa-retention"),
    ("/ersattning?kommun=0180", "Specifikation", "officer-compensation"),
    ("/ersattning/nettning", "Nettning", "officer-settlement"),
    ("/ersattning/huvudman", "Ersättning till enskilda huvudmän", "officer-organisers"),
    ("/skola/placeringar?skolenhet=11111111", "", "officer-placements"),
]


@pytest.mark.parametrize(("path", "heading", "name"), PAGES, ids=[p[2] for p in PAGES])
def test_the_officers_pages_for_a_chosen_municipality_or_school_are_accessible(
    page: Page,
    officer: Account,
    assert_accessible: Accessible,
    shoot: Shoot,
    path: str,
    heading: str,
    name: str,
) -> None:
    page.goto("/logga-in")
    page.get_by_label("Användarnamn").fill(officer.username)
    page.get_by_label("Lösenord").fill(officer.password)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    expect(page).to_have_url("/")
    answer = page.goto(path)
    assert answer is not None
    assert answer.status == 200, f"{path}: {answer.status}"
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    assert_accessible(page)
    shoot(name)
