"""The building blocks of the operations plan PDF (fpdf2): pages with a running header and page
numbers, paragraphs, tables that repeat their column headings on every page they span, and
horizontal bar charts drawn with fpdf2's own rectangles and text.

The font is fpdf2's core Helvetica. Its encoding is Latin-1, which holds every Swedish letter
(å ä ö é and the no-break space), so the PDF needs no font file and its text layer can be
searched and copied; the few typographic characters outside Latin-1 (dashes, arrows) are
replaced by their plain forms in ``latin1``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from fpdf import FPDF
from fpdf.enums import TableBordersLayout, TableHeadingsDisplay
from fpdf.fonts import FontFace
from fpdf.outline import OutlineSection

from samverka.association.plan.files.document_tables import RowKind, Table
from samverka.platform.files.charts import COLOURS, BarChart

FONT: Final = "Helvetica"
BRAND: Final = (11, 79, 113)
GREY: Final = (74, 74, 74)
LINE: Final = 5.0  # mm, the height of a line of body text
PLAIN: Final = {
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u2192": "->",
    "\u2026": "...",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2022": "-",
}
ROW_STYLES: Final = {  # each with its own fill: a row without one takes the page's fill colour
    RowKind.LINE: FontFace(fill_color=(255, 255, 255)),
    RowKind.GROUP: FontFace(emphasis="BOLD", fill_color=(255, 255, 255)),
    RowKind.SUBTOTAL: FontFace(emphasis="BOLD", fill_color=(238, 244, 250)),
    RowKind.TOTAL: FontFace(emphasis="BOLD", fill_color=(214, 228, 240)),
}


def latin1(text: str) -> str:
    """``text`` in the core font's Latin-1: plain dashes and arrows, anything else as ``?``."""
    plain = "".join(PLAIN.get(char, char) for char in text)
    return plain.encode("latin-1", errors="replace").decode("latin-1")


class PlanPdf(FPDF):
    """A4 pages; from the second page on, a running header and "Sida N av M" at the foot."""

    def __init__(self, running_title: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.running_title = latin1(running_title)
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(auto=True, margin=20)
        self.set_lang("sv")
        self.set_font(FONT, size=10)

    @property
    def sections(self) -> list[OutlineSection]:
        """The outline so far: the headings of levels 0 and 1, with their pages."""
        return self._outline

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FONT, size=8)
        self.set_text_color(*GREY)
        self.set_xy(self.l_margin, 10)
        self.cell(self.epw, 5, self.running_title, align="L")
        self.set_draw_color(*BRAND)
        self.line(self.l_margin, 15.5, self.w - self.r_margin, 15.5)
        self.set_text_color(0)
        self.set_xy(self.l_margin, self.t_margin)
        self.set_font(FONT, size=10)

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-14)
        self.set_font(FONT, size=8)
        self.set_text_color(*GREY)
        self.cell(self.epw, 5, f"Sida {self.page_no()} av {{nb}}", align="C")
        self.set_text_color(0)

    # -- text ----------------------------------------------------------------------------
    def heading(self, text: str, level: int = 1) -> None:
        """A heading, also a bookmark of the PDF's outline (levels 0 and 1)."""
        size = {0: 18, 1: 14, 2: 12}.get(level, 11)
        self.keep_room(size + 25)
        if self.get_y() > self.t_margin + 1:
            self.ln(4 - level)  # air above a heading, except at the top of a page
        if level <= 1:
            self.start_section(latin1(text), level=level, strict=False)
        self.set_font(FONT, style="B", size=size)
        self.set_text_color(*BRAND)
        self.multi_cell(self.epw, size * 0.5, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0)
        self.set_font(FONT, size=10)
        self.ln(2)

    def paragraph(self, text: str, *, bold: bool = False, indent: float = 0) -> None:
        self.set_font(FONT, style="B" if bold else "", size=10)
        self.set_x(self.l_margin + indent)
        self.multi_cell(
            self.epw - indent, LINE, latin1(text), align="L", new_x="LMARGIN", new_y="NEXT"
        )
        self.set_font(FONT, size=10)

    def bullets(self, items: tuple[str, ...], indent: float = 4) -> None:
        for item in items:
            self.set_x(self.l_margin + indent)
            self.cell(4, LINE, "-")
            width = self.epw - indent - 4
            self.multi_cell(width, LINE, latin1(item), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def keep_room(self, height: float) -> None:
        """Start a new page unless ``height`` mm are left on this one."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    # -- tables --------------------------------------------------------------------------
    def plan_table(self, table: Table) -> None:
        """The table's caption, then the table; its heading row repeats on every page."""
        self.keep_room(30)
        self.paragraph(table.caption, bold=True)
        self.ln(1)
        self.set_font(FONT, size=9)
        align = tuple("RIGHT" if table.numeric(i) else "LEFT" for i in range(len(table.header)))
        with self.table(
            col_widths=table.widths,
            text_align=align,
            width=self.epw,
            line_height=LINE,
            borders_layout=TableBordersLayout.HORIZONTAL_LINES,
            headings_style=FontFace(emphasis="BOLD", color=255, fill_color=BRAND),
            repeat_headings=TableHeadingsDisplay.ON_TOP_OF_EVERY_PAGE,
            padding=(0.8, 1.5),
        ) as pdf_table:
            pdf_table.row(tuple(latin1(heading) for heading in table.header))
            for row in table.rows:
                pdf_table.row(tuple(latin1(cell) for cell in row.cells), style=ROW_STYLES[row.kind])
        self.set_font(FONT, size=10)
        self.ln(3)

    # -- charts --------------------------------------------------------------------------
    def bar_chart(self, chart: BarChart, label_width: float = 58) -> None:
        """Horizontal bars, a group per category with one bar per series, each with its value
        written beside it and a legend naming the series (as the SVG charts)."""
        bar, gap = 3.2, 1.6
        group = len(chart.series) * bar + gap * 2
        whole = 14 + group * len(chart.categories)
        fits_a_page = whole < self.page_break_trigger - self.t_margin
        self.keep_room(whole if fits_a_page else 14 + group * 4)  # together if it can be
        self.paragraph(chart.title, bold=True)
        self._legend(chart)
        largest = max((v for s in chart.series for v in s.values if v is not None), default=None)
        room = self.epw - label_width - 28
        for index, category in enumerate(chart.categories):
            self.keep_room(group)
            top = self.get_y()
            self.set_font(FONT, size=8)
            self.set_xy(self.l_margin, top)
            self.multi_cell(label_width - 2, 3.4, latin1(category), align="R")
            label_bottom = self.get_y()
            for number, series in enumerate(chart.series):
                value = series.values[index]
                y = top + number * bar
                length = _length(value, largest, room)
                if length:
                    self.set_fill_color(*_rgb(COLOURS[number]))
                    self.rect(self.l_margin + label_width, y, length, bar - 0.4, style="F")
                shown = chart.missing if value is None else chart.format_value(value)
                self.set_xy(self.l_margin + label_width + length + 1, y)
                self.cell(26, bar, latin1(shown))
            self.set_y(max(label_bottom, top + len(chart.series) * bar) + gap)
        self.set_font(FONT, size=10)
        self.ln(3)

    def _legend(self, chart: BarChart) -> None:
        self.set_font(FONT, size=8)
        x = self.l_margin
        for number, series in enumerate(chart.series):
            self.set_fill_color(*_rgb(COLOURS[number]))
            self.rect(x, self.get_y() + 0.8, 3.4, 3.4, style="F")
            name = latin1(series.name)
            self.set_x(x + 4.5)
            self.cell(self.get_string_width(name) + 2, LINE, name)
            x += self.get_string_width(name) + 12
        self.ln(LINE + 1.5)


def _length(value: Decimal | None, largest: Decimal | None, room: float) -> float:
    if value is None or largest is None or largest <= 0 or value <= 0:
        return 0.0
    return max(0.4, float(value / largest) * room)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
