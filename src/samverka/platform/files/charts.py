"""Accessible bar charts as SVG text, drawn on the server: no script, no style sheet.

Procedure for ``bar_chart(chart)``:

1. Each category (e.g. a programme) gets a label line and, under it, one horizontal bar per
   series (e.g. median and lowest cut-off); the label on its own line leaves the whole width to
   the bars, so the chart stays readable when a phone scales it down.
2. Bars are scaled to the largest value of the chart (a chart of zeros draws no bars); a
   missing value (``None``) draws no bar and the text ``chart.missing`` instead of a number.
3. Every bar has its value written beside it, and a legend names the series, so colour is
   never the only carrier of meaning (WCAG 2.1 1.4.1); the two colours contrast with white.
4. The ``<svg>`` has ``role="img"`` and is labelled by its ``<title>`` and ``<desc>``; a page
   shows the same figures in a table beside it for those who cannot see the chart.

All text is escaped; ids are made from ``chart.chart_id`` so several charts fit on one page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Final

COLOURS: Final = ("#0b4f71", "#a63d00", "#3d5a12")  # ≥ 4.5:1 on white
TEXT_COLOUR: Final = "#1b1b1b"
WIDTH: Final = 400  # scaled to the page; 0.9 on a 360-pixel phone
MARGIN: Final = 8
FONT_SIZE: Final = 14
BAR_HEIGHT: Final = 16
BAR_GAP: Final = 4
LABEL_HEIGHT: Final = 20
GROUP_GAP: Final = 12
VALUE_ROOM: Final = 80  # right of the longest bar, for its value


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[Decimal | None, ...]  # one per category


@dataclass(frozen=True, slots=True)
class BarChart:
    chart_id: str  # unique on the page: letters, digits and hyphens
    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    format_value: Callable[[Decimal], str] = str
    missing: str = "–"

    def __post_init__(self) -> None:
        if not self.chart_id or not all(c.isalnum() or c == "-" for c in self.chart_id):
            raise ValueError(f"a chart id is letters, digits and hyphens, not {self.chart_id!r}")
        if not 1 <= len(self.series) <= len(COLOURS):
            raise ValueError(f"a chart has 1–{len(COLOURS)} series, not {len(self.series)}")
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(
                    f"series {series.name!r} has {len(series.values)} values "
                    f"for {len(self.categories)} categories"
                )


def bar_chart(chart: BarChart) -> str:
    """The chart as an ``<svg>`` element, ready to be put into a page."""
    title_id, desc_id = f"{chart.chart_id}-title", f"{chart.chart_id}-desc"
    legend, top = _legend(chart)
    bars, height = _bars(chart, top)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart.chart_id}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" font-family="system-ui, sans-serif" font-size="{FONT_SIZE}" '
        f'fill="{TEXT_COLOUR}">'
        f'<title id="{title_id}">{escape(chart.title)}</title>'
        f'<desc id="{desc_id}">{escape(chart.description)}</desc>'
        f"{legend}{bars}</svg>"
    )


def _legend(chart: BarChart) -> tuple[str, int]:
    """One line per series: a colour swatch and the series' name."""
    parts, y = [], MARGIN
    for series, colour in zip(chart.series, COLOURS, strict=False):
        parts.append(
            f'<rect x="{MARGIN}" y="{y + 3}" width="{FONT_SIZE}" height="{FONT_SIZE}" '
            f'fill="{colour}"/>'
            f'<text x="{MARGIN + FONT_SIZE + 6}" y="{y + FONT_SIZE + 1}">'
            f"{escape(series.name)}</text>"
        )
        y += LABEL_HEIGHT
    return f'<g class="legend">{"".join(parts)}</g>', y + GROUP_GAP


def _bars(chart: BarChart, top: int) -> tuple[str, int]:
    largest = max((v for s in chart.series for v in s.values if v is not None), default=None)
    room = WIDTH - 2 * MARGIN - VALUE_ROOM
    parts, y = [], top
    for index, category in enumerate(chart.categories):
        parts.append(f'<text x="{MARGIN}" y="{y + FONT_SIZE}">{escape(category)}</text>')
        y += LABEL_HEIGHT
        for series, colour in zip(chart.series, COLOURS, strict=False):
            value = series.values[index]
            length = _length(value, largest, room)
            if length:
                parts.append(
                    f'<rect x="{MARGIN}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
                    f'fill="{colour}"/>'
                )
            shown = chart.missing if value is None else chart.format_value(value)
            parts.append(
                f'<text x="{MARGIN + length + 6}" y="{y + BAR_HEIGHT - 3}">{escape(shown)}</text>'
            )
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP
    return f'<g class="bars">{"".join(parts)}</g>', y + MARGIN


def _length(value: Decimal | None, largest: Decimal | None, room: int) -> int:
    if value is None or largest is None or largest <= 0 or value <= 0:
        return 0
    return max(1, round(room * value / largest))


def share_percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in per cent, to one decimal; ``None`` when ``whole`` is 0."""
    if whole == 0:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"))
