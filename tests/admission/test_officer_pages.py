"""In a real browser, at desktop and phone width: the admission officer's calendar, the
population load with its confirmation step, and the register, activity follow-up and
compensation pages the officer opens for a chosen municipality or school unit, meet WCAG 2.1 AA
(axe-core). Each page leaves a screenshot in ``tests/screenshots/``."""

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
    ("/kommun?kommun=0180", "Stockholm: kommunens sökande", "officer-municipality"),
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
    ("/register/folkbokforing", "Läs in folkbokföringsuttag", "officer-population-load"),
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


def test_the_confirmation_step_of_a_header_only_extract_is_accessible(
    page: Page, officer: Account, assert_accessible: Accessible, shoot: Shoot, tmp_path: Path
) -> None:
    """Issue 11 point 3: the extract would remove everyone, so the page asks for the number."""
    extract = tmp_path / "tomt.csv"
    extract.write_text("personnummer,namn,kommunkod\n", encoding="utf-8")
    page.goto("/logga-in")
    page.get_by_label("Användarnamn").fill(officer.username)
    page.get_by_label("Lösenord").fill(officer.password)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    page.goto("/register/folkbokforing")
    page.get_by_label("Uttagets datum").fill("2027-01-01")
    page.get_by_label("Fil (.csv)").set_input_files(extract)
    page.get_by_role("button", name="Läs in").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Uttaget skulle ta bort många ur registret")
    expect(page.get_by_label("bekräftar att", exact=False)).not_to_be_checked()
    assert_accessible(page)
    shoot("officer-population-load-confirm")
