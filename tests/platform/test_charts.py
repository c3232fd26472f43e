"""Server-drawn SVG bar charts: well-formed, labelled for assistive technology, escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from samverka.platform.files.charts import BarChart, Series, bar_chart, share_percent

SVG = "{http://www.w3.org/2000/svg}"


def _chart(**changes: object) -> BarChart:
    values: dict[str, object] = {
        "chart_id": "cutoffs",
        "title": "Antagningsgränser per program",
        "description": "Median och lägsta antagningsgräns per program.",
        "categories": ("EK", "NA"),
        "series": (
            Series("Median", (Decimal("240"), Decimal("280"))),
            Series("Lägsta", (Decimal("200"), None)),
        ),
    }
    values.update(changes)
    return BarChart(**values)  # type: ignore[arg-type]


def _parsed(chart: BarChart) -> ET.Element:
    return ET.fromstring(bar_chart(chart))


def test_the_chart_is_an_image_labelled_by_its_title_and_description() -> None:
    svg = _parsed(_chart())
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "cutoffs-title cutoffs-desc"
    assert svg.findtext(f"{SVG}title") == "Antagningsgränser per program"
    assert svg.findtext(f"{SVG}desc") == "Median och lägsta antagningsgräns per program."
    assert svg.find(f"{SVG}title").get("id") == "cutoffs-title"  # type: ignore[union-attr]


def test_every_bar_has_its_value_written_beside_it_and_a_missing_value_draws_no_bar() -> None:
    svg = _parsed(_chart())
    texts = [element.text for element in svg.iter(f"{SVG}text")]
    assert texts == ["Median", "Lägsta", "EK", "240", "200", "NA", "280", "–"]
    bars = svg.findall(f"{SVG}g[@class='bars']/{SVG}rect")
    assert len(bars) == 3


def test_bars_are_scaled_to_the_largest_value() -> None:
    svg = _parsed(_chart())
    widths = [
        int(rect.get("width", "0")) for rect in svg.findall(f"{SVG}g[@class='bars']/{SVG}rect")
    ]
    assert widths[2] == max(widths)  # 280, NA's median
    assert widths[0] == round(widths[2] * 240 / 280)


def test_values_are_written_by_the_given_format() -> None:
    chart = _chart(format_value=lambda value: f"{value:.1f}".replace(".", ","))
    texts = [element.text for element in _parsed(chart).iter(f"{SVG}text")]
    assert "240,0" in texts


def test_text_is_escaped() -> None:
    chart = _chart(title="<script>alert(1)</script> & co", categories=("A&B", "<NA>"))
    drawn = bar_chart(chart)
    assert "<script>" not in drawn
    assert "&lt;script&gt;" in drawn
    assert _parsed(chart).findtext(f"{SVG}title") == "<script>alert(1)</script> & co"


def test_a_chart_of_zeros_or_of_no_categories_draws_no_bars() -> None:
    zeros = _chart(categories=("EK",), series=(Series("Median", (Decimal(0),)),))
    assert _parsed(zeros).findall(f"{SVG}g[@class='bars']/{SVG}rect") == []
    empty = _chart(categories=(), series=(Series("Median", ()),))
    assert _parsed(empty).findall(f"{SVG}g[@class='bars']/{SVG}rect") == []


@pytest.mark.parametrize(
    "changes",
    [
        {"chart_id": "two words"},
        {"chart_id": ""},
        {"series": ()},
        {"series": (Series("Median", (Decimal(1),)),)},
    ],
    ids=["space in id", "empty id", "no series", "too few values"],
)
def test_a_badly_made_chart_is_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"chart|categories"):
        _chart(**changes)


def test_a_share_is_in_per_cent_to_one_decimal_and_none_of_nothing() -> None:
    assert share_percent(2, 3) == Decimal("66.7")
    assert share_percent(0, 4) == Decimal("0.0")
    assert share_percent(1, 0) is None
