"""The operations plan document as HTML: in Swedish, every part with its table and chart,
accessible tables, the no-data sentences, escaped texts, and a standalone file for printing."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from decimal import Decimal
from html.parser import HTMLParser

import operations_plan_example as example

from samverka.association.plan.files import document_text as text
from samverka.association.plan.files.document_html import article_html, standalone_html
from samverka.association.plan.files.document_model import FocusArea

SVG = "{http://www.w3.org/2000/svg}"


class _Outline(HTMLParser):
    """The headings, tables (caption, scopes of their th) and svg ids of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.captions: list[str] = []
        self.tables = 0
        self.scopes: list[str | None] = []
        self.svgs: list[str | None] = []
        self._open: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in {"h1", "h2", "h3", "h4", "caption"}:
            self._open, self._text = tag, []
        elif tag == "table":
            self.tables += 1
        elif tag == "th":
            self.scopes.append(found.get("scope"))
        elif tag == "svg":
            self.svgs.append(found.get("id"))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            content = "".join(self._text).strip()
            if tag == "caption":
                self.captions.append(content)
            else:
                self.headings.append((tag, content))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)


def _outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    return parser


def test_the_document_is_swedish_with_a_title_and_a_heading_for_every_part() -> None:
    html = article_html(example.document())
    outline = _outline(html)
    assert '<article class="plan-document" lang="sv"' in html
    assert outline.headings[0] == ("h1", "Verksamhetsplan och budget 2018")
    assert "Beslutad av styrelsen 2017-12-07" in html
    parts = [heading for level, heading in outline.headings if level == "h2"]
    assert parts == [
        "Innehåll",
        "Förord och sammanfattning",
        "Fokusområden och uppdrag",
        "Budget 2018",
        "Personalfördelning mellan fokusområden",
        "Avgift per medlemskommun 2018",
        "Styrelsens beslut 2018",
    ]
    areas = [heading for level, heading in outline.headings if level == "h3"]
    assert "Hälsa och stöd" in areas
    assert "Digitalisering (förutsättning)" in areas


def test_every_table_has_a_caption_a_reachable_scroll_box_and_scoped_heading_cells() -> None:
    html = article_html(example.document())
    outline = _outline(html)
    assert outline.tables == len(outline.captions) == 6
    assert html.count('class="table-scroll" role="region" aria-labelledby="vp-') == 6
    assert html.count('tabindex="0"') == 6
    assert outline.scopes
    assert set(outline.scopes) <= {"col", "row"}
    assert "Budget per enhet 2018 bredvid 2017 och 2016, tkr" in outline.captions


def test_the_three_charts_are_labelled_images_with_the_same_figures_as_the_tables() -> None:
    document = example.document()
    html = article_html(document)
    assert _outline(html).svgs == ["vp-nettokostnad", "vp-personalfordelning", "vp-avgifter"]
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg" id="vp-avgifter"')
    svg = ET.fromstring(html[start : html.index("</svg>", start) + len("</svg>")])
    assert svg.get("role") == "img"
    assert svg.findtext(f"{SVG}title") == "Avgift per medlemskommun 2018, tkr"
    stockholm = next(row for row in document.fees.rows if row.code == "0180")  # type: ignore[union-attr]
    shown = f"{text.grouped(stockholm.service_fee / 1000)} tkr"
    assert shown in [element.text for element in svg.iter(f"{SVG}text")]
    assert text.kronor(stockholm.service_fee) in html


def test_the_fee_table_ends_with_the_sum_of_every_municipality() -> None:
    document = example.document()
    assert document.fees is not None
    html = article_html(document)
    table = html[html.index('id="vp-fees"') :]
    total = table[table.index('class="row-total"') :]
    assert text.kronor(document.fees.total) in total[: total.index("</tr>")]
    assert text.kronor(sum((row.total for row in document.fees.rows), Decimal(0))) in total


def test_a_part_without_data_says_so_instead_of_an_empty_table() -> None:
    document = example.document(
        focus_areas=None, budget=None, staff_allocation=None, fees=None, board_decisions=()
    )
    html = article_html(document)
    for sentence in (
        "Ingen verksamhetsplan är registrerad för 2018.",
        "Ingen budget är registrerad för 2018.",
        "Ingen personalfördelning är registrerad för 2018.",
        "Inga medlemsavgifter är beräknade för 2018.",
        "Styrelsen har inte registrerat några beslut under 2018.",
    ):
        assert sentence in html
    assert "<svg" not in html
    assert _outline(html).tables == 0


def test_the_board_decisions_part_is_left_out_when_the_document_has_none() -> None:
    html = article_html(example.document(board_decisions=None))
    assert "Styrelsens beslut" not in html


def test_texts_from_the_data_are_escaped() -> None:
    area = FocusArea(name="<script>alert(1)</script>", direction="A & B")
    html = article_html(example.document(focus_areas=(area,)))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "A &amp; B" in html


def test_the_standalone_file_has_its_print_style_sheet_and_the_whole_article() -> None:
    document = example.document()
    html = standalone_html(document)
    assert html.startswith('<!doctype html>\n<html lang="sv">')
    assert "<title>Verksamhetsplan och budget 2018 – Storsthlm</title>" in html
    assert "@media print" in html
    assert "thead { display: table-header-group; }" in html
    assert article_html(document) in html


def test_a_proposal_not_yet_decided_says_so_on_its_title_page() -> None:
    document = example.document()
    html = article_html(replace(document, title=replace(document.title, decided_on=None)))
    assert "Förslag till styrelsen" in html
