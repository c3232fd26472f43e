"""Reference data for the demo: Stockholm county's 26 member municipalities, their
populations, and the admission area's parties that are not members."""

from __future__ import annotations

import csv
from importlib import resources


def municipalities() -> list[tuple[str, str]]:
    """(code, name) of the 26 member municipalities of Stockholm county."""
    text = resources.files("samverka.platform.reference").joinpath(
        "municipalities-stockholm-county.csv"
    )
    with text.open(encoding="utf-8") as handle:
        return [(row["municipality_code"], row["name"]) for row in csv.DictReader(handle)]


def populations() -> dict[str, int]:
    """The population of 31 December 2019 of the 26 member municipalities, by code."""
    text = resources.files("samverka.platform.reference").joinpath(
        "municipalities-stockholm-county.csv"
    )
    with text.open(encoding="utf-8") as handle:
        return {
            row["municipality_code"]: int(row["population_2019_12_31"])
            for row in csv.DictReader(handle)
        }


def admission_area_parties() -> list[tuple[str, str, str]]:
    """(code, name, terms) of the admission area's parties that are not members (Håbo,
    Gnesta: admissions-rules §10; ``admission.domain.area``)."""
    text = resources.files("samverka.platform.reference").joinpath("admission-area.csv")
    with text.open(encoding="utf-8") as handle:
        return [
            (row["municipality_code"], row["name"], row["terms"]) for row in csv.DictReader(handle)
        ]
