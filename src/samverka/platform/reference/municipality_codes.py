"""Every Swedish municipality's code and name (SCB's kommunkoder, 290 municipalities), from
``reference/municipalities-sweden.csv``.

A pupil at the region's schools may be registered anywhere in Sweden (issue 13 point 1: "pupils
from outside the area at the region's schools, their home municipality outside the area"); a
school registering such a pupil names their home municipality by its code, checked against this
list. Source: Statistics Sweden (SCB), the regional division codes (län- och kommunkoder); the
290 municipalities are unchanged since Knivsta (0330) was formed in 2003.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


@cache
def swedish_municipalities() -> dict[str, str]:
    """Code → name of every Swedish municipality."""
    text = resources.files("samverka.platform.reference").joinpath("municipalities-sweden.csv")
    with text.open(encoding="utf-8") as handle:
        return {row["municipality_code"]: row["name"] for row in csv.DictReader(handle)}
