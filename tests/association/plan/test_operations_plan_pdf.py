"""The operations plan document as a PDF, rendered to images with pdfium: no page is blank, the
text layer holds the Swedish headings and figures, a table that spans pages repeats its column
headings, and every page after the title page is numbered.

The first page is saved as a PNG in the test's temporary directory (its path is printed; run
with ``-s`` to see it) for a person to look at.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import operations_plan_example as example
import pypdfium2 as pdfium
import pytest

from samverka.association.plan.files import document_text as text
from samverka.association.plan.files.document_model import FocusArea
from samverka.association.plan.files.document_pdf import plan_pdf
from samverka.association.plan.files.document_pdf_parts import latin1

MINIMUM_INK = 0.004  # the share of non-white pixels of a page with a heading and a few lines
NBSP = "\u00a0"


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    ink: float  # share of pixels that are not white


def _pages(content: bytes, save_first: Path | None = None) -> list[Page]:
    document = pdfium.PdfDocument(content)
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            coloured = page.render(scale=1).to_pil()
            if index == 0 and save_first is not None:
                coloured.save(save_first)
            image = coloured.convert("L")
            histogram = image.histogram()
            ink = 1 - sum(histogram[250:]) / (image.width * image.height)
            found = page.get_textpage().get_text_range().replace("\r\n", "\n")
            pages.append(Page(found.replace(NBSP, " "), ink))
    finally:
        document.close()
    return pages


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Page]:
    first = tmp_path_factory.mktemp("operations-plan-pdf") / "first-page.png"
    found = _pages(plan_pdf(example.document()), save_first=first)
    print(f"\nThe PDF's first page: {first}")
    return found


def test_no_page_of_the_pdf_is_blank(pages: list[Page]) -> None:
    assert len(pages) >= 8
    blank = [number for number, page in enumerate(pages, 1) if page.ink < MINIMUM_INK]
    assert blank == []


def test_the_blank_page_check_would_find_a_blank_page() -> None:
    import fpdf

    empty = fpdf.FPDF()
    empty.add_page()
    assert _pages(bytes(empty.output()))[0].ink < MINIMUM_INK


def test_the_text_layer_holds_the_swedish_headings(pages: list[Page]) -> None:
    everything = "\n".join(page.text for page in pages)
    assert "Verksamhetsplan och budget 2018" in pages[0].text
    assert "Beslutad av styrelsen 2017-12-07" in pages[0].text
    for heading in (
        "Innehåll",
        "Förord och sammanfattning",
        "Fokusområden och uppdrag",
        "Uppdrag: Länsgemensamma handlingsplaner för psykisk hälsa",
        "Budget 2018",
        "Årsarbetare per enhet",
        "Personalfördelning mellan fokusområden",
        "Avgift per medlemskommun 2018",
        "Styrelsens beslut 2018",
    ):
        assert heading in everything, heading


def test_the_contents_page_lists_each_part_with_the_page_it_starts_on(pages: list[Page]) -> None:
    contents = pages[1].text.splitlines()
    assert "Innehåll" in contents
    line = next(line for line in contents if line.startswith("Avgift per medlemskommun 2018"))
    number = int(line.rsplit(" ", 1)[1])
    assert pages[number - 1].text.splitlines()[1] == "Avgift per medlemskommun 2018"


def test_every_page_after_the_title_page_has_a_running_header_and_its_number(
    pages: list[Page],
) -> None:
    for number, page in enumerate(pages[1:], 2):
        assert page.text.startswith("Storsthlm - Verksamhetsplan och budget 2018")
        assert f"Sida {number} av {len(pages)}" in page.text
    assert "Sida" not in pages[0].text


def test_the_budget_table_spans_pages_and_repeats_its_column_headings_on_each(
    pages: list[Page],
) -> None:
    heading = "Enhet och post Årsarbetare Budget 2018 Utfall 2017 Utfall 2016"
    first = next(i for i, page in enumerate(pages) if "Budget per enhet 2018" in page.text)
    last = next(
        i for i, page in enumerate(pages) if "Nettokostnad hela organisationen" in page.text
    )
    assert last > first, "the example's budget must span pages for this test to mean anything"
    for page in pages[first : last + 1]:
        assert heading in page.text


def test_the_figures_in_the_pdf_are_those_of_the_html(pages: list[Page]) -> None:
    document = example.document()
    assert document.fees is not None
    assert document.budget is not None
    everything = "\n".join(page.text for page in pages)
    total = text.kronor(document.fees.total).replace(NBSP, " ")
    assert f"Summa {text.kronor(document.fees.service_fee).replace(NBSP, ' ')}" in everything
    assert total in everything
    net = text.tkr(document.budget.net_cost()[0]).replace(NBSP, " ")
    assert f"Nettokostnad hela organisationen 51,40 {net}" in everything


def test_a_pdf_without_data_says_so_for_each_part_and_is_not_blank() -> None:
    document = example.document(
        focus_areas=None, budget=None, staff_allocation=None, fees=None, board_decisions=()
    )
    pages = _pages(plan_pdf(document))
    everything = "\n".join(page.text for page in pages)
    assert "Ingen budget är registrerad för 2018." in everything
    assert "Inga medlemsavgifter är beräknade för 2018." in everything
    assert all(page.ink >= MINIMUM_INK for page in pages)


def test_characters_outside_the_core_font_are_written_plainly_not_refused() -> None:
    area = FocusArea(name="Vård – omsorg → hem", direction="“Citat” … och ’så’")
    pages = _pages(plan_pdf(example.document(focus_areas=(area,))))
    assert "Vård - omsorg -> hem" in "\n".join(page.text for page in pages)
    assert latin1("ÅÄÖ åäö é") == "ÅÄÖ åäö é"


def test_the_same_document_gives_the_same_pdf() -> None:
    assert plan_pdf(example.document()) == plan_pdf(example.document())


def test_a_plan_with_more_focus_areas_than_a_contents_page_holds_gets_more_contents_pages() -> None:
    """Found by fuzzing the API: a plan of many focus areas failed to render (a 500), as its
    contents was given one page. The contents now takes the pages it needs, and every page
    number in it and at the foot of a page is still right."""
    areas = tuple(FocusArea(name=f"Fokusområde {n}", direction="Riktning") for n in range(1, 61))
    pages = _pages(plan_pdf(example.document(focus_areas=areas)))
    assert "Innehåll" in pages[1].text.splitlines()
    assert "Fokusområde 60" not in pages[1].text, "the contents must span pages for this test"
    listed = "\n".join(page.text for page in pages[1:5])
    line = next(line for line in listed.splitlines() if line.startswith("Fokusområde 60 "))
    number = int(line.rsplit(" ", 1)[1])
    assert "Fokusområde 60" in pages[number - 1].text
    for number, page in enumerate(pages[1:], 2):
        assert f"Sida {number} av {len(pages)}" in page.text
    assert all(page.ink >= MINIMUM_INK for page in pages)
