"""Issue 4, in a real browser at desktop and phone width: an applicant finds offerings in the
catalogue and ranks three choices; when the application period is over the officer runs the
final round and publishes it; the applicant sees where they were admitted and why not to their
first choice, and accepts. Every key page passes axe-core's WCAG 2.1 AA rules and leaves a
screenshot in ``tests/screenshots/``.

Each run (one per width) has an admission year of its own (the ``admission`` fixture): the
applicant (all grades B, merit value 280) and two competitors who applied already, one with all
A (320) who wants NORRA-NA first, one with all C (240) who wants NORRA-EK; every offering has
one place. The applicant pages' clock stands in the application period while the applicant
applies and is then moved past the final round's date; the officer's pages run on the real time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Protocol

import admission_year_builders as year
import pytest
from playwright.sync_api import Locator, Page, expect

Accessible = Callable[[Page], None]
Shoot = Callable[..., Path]

CHOICES = ["NORRA-NA", "NORRA-EK", "SODRA-ES"]
ROUND_RUN = 30_000  # ms: the first run of a session may compile the matching engine


class Account(Protocol):
    username: str
    display_name: str
    password: str


class Clock(Protocol):
    now: datetime


class Admission(Protocol):
    """The ``admission`` fixture's year: its server's address and the applicant pages' clock."""

    @property
    def address(self) -> str: ...

    @property
    def clock(self) -> Clock: ...


@pytest.fixture
def server(admission: Admission) -> str:
    """In this module ``page`` and ``another_page`` open on the test's own admission year."""
    return admission.address


# -- what a person does ---------------------------------------------------------------------------
def _sign_in(page: Page, account: Account) -> None:
    page.goto("/logga-in")
    page.get_by_label("Användarnamn").fill(account.username)
    page.get_by_label("Lösenord").fill(account.password)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Välkommen, {account.display_name}!")


def _menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name=name).click()


def _search_catalogue(page: Page, text: str) -> None:
    _menu(page, "Sök utbildningar")
    page.get_by_label("Fritext").fill(text)
    page.get_by_role("search").get_by_role("button", name="Sök").click()


def _ranked(page: Page) -> Locator:
    """The offering codes in the applicant's table of choices, in rank order."""
    table = page.get_by_role("table", name=f"Dina val i rangordning, {year.YEAR}")
    return table.locator("tbody th[scope=row]")


def _column(table: Locator, number: int) -> Locator:
    return table.locator(f"tbody tr > :nth-child({number})")


def _codes(codes: list[str]) -> list[re.Pattern[str]]:
    """Row headers that start with these codes; the programme follows on a line of its own,
    so compare them with ``use_inner_text=True``."""
    return [re.compile(rf"^{code}\s") for code in codes]


# -- the flow -------------------------------------------------------------------------------------
def test_the_applicant_ranks_three_choices_and_accepts_the_published_result_and_its_reasons(
    page: Page,
    another_page: Page,
    admission: Admission,
    applicant: Account,
    officer: Account,
    width: str,
    shoot: Shoot,
    assert_accessible: Accessible,
) -> None:
    _the_applicant_ranks_three_choices(page, applicant, shoot, assert_accessible)
    _the_application_closes_and_no_result_is_published_yet(
        page, admission, shoot, assert_accessible
    )
    _the_officer_runs_and_publishes_the_final_round(another_page, officer, shoot, assert_accessible)
    _the_applicant_sees_the_result_with_a_reason_per_choice(page, width, shoot, assert_accessible)
    _the_applicant_accepts(page, shoot, assert_accessible)


def _the_applicant_ranks_three_choices(
    page: Page, applicant: Account, shoot: Shoot, accessible: Accessible
) -> None:
    _sign_in(page, applicant)
    _search_catalogue(page, "norra")
    expect(page.get_by_role("heading", name="2 utbildningar hittades")).to_be_visible()
    found = page.get_by_role("table", name="Utbildningar som matchar sökningen")
    expect(found.get_by_role("rowheader")).to_have_text(["NORRA-EK", "NORRA-NA"])
    found.get_by_role("button", name="Lägg till NORRA-EK").click()
    expect(page).to_have_url("/min-ansokan?sparat=1")
    expect(page.get_by_role("status")).to_have_text("Dina val är sparade.")
    expect(_ranked(page)).to_have_text(_codes(["NORRA-EK"]), use_inner_text=True)

    _search_catalogue(page, "norra")
    page.get_by_role("button", name="Lägg till NORRA-NA").click()
    expect(_ranked(page)).to_have_text(_codes(["NORRA-EK", "NORRA-NA"]), use_inner_text=True)

    page.get_by_label("Utbildningens kod").fill("sodra-es")  # as typed: the page upper-cases it
    page.get_by_role("button", name="Lägg till", exact=True).click()
    expect(_ranked(page)).to_have_text(
        _codes(["NORRA-EK", "NORRA-NA", "SODRA-ES"]), use_inner_text=True
    )
    page.get_by_role("button", name="Flytta upp NORRA-NA").click()
    expect(page.get_by_role("status")).to_have_text("Dina val är sparade.")
    expect(_ranked(page)).to_have_text(_codes(CHOICES), use_inner_text=True)
    expect(page.get_by_text("Ansökan är öppen.")).to_be_visible()
    table = page.get_by_role("table", name=f"Dina val i rangordning, {year.YEAR}")
    expect(_column(table, 1)).to_have_text(["1", "2", "3"])
    expect(_column(table, 3)).to_have_text(
        [
            "Norra gymnasiet, Stockholm",
            "Norra gymnasiet, Stockholm",
            "Södra gymnasiet, Nacka",
        ]
    )
    accessible(page)
    shoot("flow-application")

    _menu(page, "Sök utbildningar")
    expect(page.get_by_role("heading", name="3 utbildningar hittades")).to_be_visible()
    catalogue = page.get_by_role("table", name="Utbildningar som matchar sökningen")
    expect(_column(catalogue, 6)).to_have_text(["Vald", "Vald", "Vald"])
    accessible(page)
    shoot("flow-catalogue")


def _the_application_closes_and_no_result_is_published_yet(
    page: Page, admission: Admission, shoot: Shoot, accessible: Accessible
) -> None:
    admission.clock.now = year.AFTER_FINAL
    _menu(page, "Min ansökan")
    expect(page.get_by_text("Ansökan är stängd just nu.")).to_be_visible()
    expect(_ranked(page)).to_have_text(_codes(CHOICES), use_inner_text=True)
    main = page.get_by_role("main")
    expect(main.get_by_role("button")).to_have_count(0)  # read-only: nothing to press
    expect(main.get_by_role("columnheader", name="Ändra")).to_have_count(0)
    expect(main.get_by_label("Utbildningens kod")).to_have_count(0)
    accessible(page)
    shoot("flow-application-closed")
    _menu(page, "Mitt resultat")
    expect(page.get_by_role("main")).to_contain_text(
        "Det finns inget publicerat resultat för dig ännu."
    )


def _the_officer_runs_and_publishes_the_final_round(
    page: Page, officer: Account, shoot: Shoot, accessible: Accessible
) -> None:
    _sign_in(page, officer)
    _menu(page, "Antagningsomgångar")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Antagningsomgångar {year.YEAR}")
    expect(page.get_by_text("Inga omgångar är körda ännu.")).to_be_visible()
    accessible(page)
    shoot("flow-officer-rounds", page)

    page.get_by_label("Slag av omgång").select_option(label="slutlig")
    page.get_by_label("Lottningsfrö").fill("7")
    page.get_by_role("button", name="Kör omgången").click()
    expect(page).to_have_url(re.compile(r"/antagning/korningar/[0-9a-f]{32}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Körningen är klar", timeout=ROUND_RUN
    )
    expect(page.get_by_role("status")).to_have_text(
        "Omgång 1 (slutlig) är lagrad men inte publicerad."
    )
    summary = page.locator("dl.summary")
    expect(summary.locator("dt")).to_have_text(
        [
            "Sökande",
            "Placerade",
            "Placerade på förstahandsval",
            "Utbildningar",
            "Underlagets kontrollsumma",
        ]
    )
    expect(summary.locator("dd").nth(0)).to_have_text("3")
    expect(summary.locator("dd").nth(1)).to_have_text("2")
    expect(summary.locator("dd").nth(2)).to_have_text("1")
    expect(summary.locator("dd").nth(3)).to_have_text("3")
    accessible(page)
    shoot("flow-officer-run", page)

    page.get_by_role("link", name="Till antagningsomgångarna").click()
    stored = page.get_by_role("table", name=f"Omgångar för antagningsåret {year.YEAR}")
    expect(_column(stored, 2)).to_have_text(["slutlig"])
    expect(_column(stored, 3)).to_have_text(["lagrad"])
    expect(_column(stored, 4)).to_have_text(["7"])
    stored.get_by_role("link", name="Publicera omgång 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publicera omgång 1?")
    accessible(page)
    page.get_by_role("button", name="Bekräfta: publicera omgång 1").click()
    expect(page.get_by_role("status")).to_have_text("Omgång 1 är publicerad.")
    expect(_column(stored, 3)).to_have_text([re.compile(r"^publicerad \S")])
    expect(stored.get_by_role("link", name=re.compile("Publicera"))).to_have_count(0)
    accessible(page)
    shoot("flow-officer-published", page)


def _the_applicant_sees_the_result_with_a_reason_per_choice(
    page: Page, width: str, shoot: Shoot, accessible: Accessible
) -> None:
    _menu(page, "Mitt resultat")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=2).first).to_have_text("Slutligt antagningsbesked")
    expect(main).to_contain_text("Du är antagen till NORRA-EK.")
    expect(main).to_contain_text("Ditt meritvärde är 280.")
    results = page.get_by_role("table", name="Resultat för varje val")
    expect(results.get_by_role("rowheader")).to_have_text(_codes(CHOICES), use_inner_text=True)
    expect(_column(results, 3)).to_have_text(["280", "280", "280"])
    expect(_column(results, 4)).to_have_text(["320", "280", "–"])
    expect(_column(results, 5)).to_have_text(
        [
            "Reserv nr 1: Under antagningsgränsen med 40 poäng",
            "Antagen",
            "Prövas inte: du är antagen till ett högre val",
        ]
    )
    _every_column_is_within_the_width_of_the_page(page, results)
    if width == "phone":  # one block per choice, each value after its column's heading
        reason = _column(results, 5).first
        label = reason.evaluate("cell => getComputedStyle(cell, '::before').content")
        assert label == '"Resultat"'
    expect(page.get_by_role("radio", checked=True)).to_have_count(0)
    accessible(page)
    shoot("flow-result")


def _every_column_is_within_the_width_of_the_page(page: Page, table: Locator) -> None:
    """Nothing scrolls sideways, and every cell, the cut-off and the reason too, lies within
    the viewport's width: seen without scrolling to the side."""
    viewport = page.viewport_size
    assert viewport is not None
    scrolls = "e => e.scrollWidth > e.clientWidth"
    assert not page.evaluate(f"({scrolls})(document.documentElement)")
    assert not page.get_by_role("region", name="Resultat för varje val").evaluate(scrolls)
    for cell in table.locator("tbody tr > *").all():
        cell.scroll_into_view_if_needed()
        expect(cell).to_be_in_viewport(ratio=0.99)  # ratio: sub-pixel rounding
        box = cell.bounding_box()
        assert box is not None
        assert box["x"] >= 0, cell.inner_text()
        assert box["x"] + box["width"] <= viewport["width"], cell.inner_text()


def _the_applicant_accepts(page: Page, shoot: Shoot, accessible: Accessible) -> None:
    answer = page.get_by_role("group", name="Ditt svar")
    accept = answer.get_by_label("Jag tackar ja och står kvar som reserv på högre val")
    accept.check()
    page.get_by_role("button", name="Skicka svar").click()
    expect(page).to_have_url("/mitt-resultat?svar=1")
    expect(page.get_by_role("status")).to_have_text("Ditt svar är sparat.")
    expect(page.get_by_role("main")).to_contain_text(
        "Ditt senaste svar: Jag tackar ja och står kvar som reserv på högre val"
    )
    expect(accept).to_be_checked()
    expect(page.get_by_role("main")).to_contain_text("Du är antagen till NORRA-EK.")
    accessible(page)
    shoot("flow-replied")
