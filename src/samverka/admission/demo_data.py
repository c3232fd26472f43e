"""A realistic, reproducible demo admission for Stockholm county, written as input CSV files.

Schools in the 26 member municipalities offer national and introductory programmes; popularity
follows a Zipf-like curve (a few schools are very sought after); applicants' grades follow a
latent ability, so merit values spread from about 80 to 340 as in real years; some choices are
late or second-hand, one offering does not start, and music offerings use an aptitude test.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

import numpy as np

from samverka.admission.domain.grades import SUBJECTS
from samverka.platform.files.spreadsheet_cells import csv_writer

_PROGRAMMES = ("NA", "SA", "EK", "TE", "ES", "HU", "BF", "EE", "VO", "BA", "HA", "RL", "IMV")
_WEIGHT = (9, 12, 13, 8, 5, 1, 2, 3, 3, 2, 2, 1, 2)
_LETTERS = np.array(["F", "E", "D", "C", "B", "A"])


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
    Gnesta: admissions-rules §10; ``domain.admission.area``)."""
    text = resources.files("samverka.platform.reference").joinpath("admission-area.csv")
    with text.open(encoding="utf-8") as handle:
        return [
            (row["municipality_code"], row["name"], row["terms"]) for row in csv.DictReader(handle)
        ]


def write_demo_input(directory: Path, *, applicants: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    directory.mkdir(parents=True, exist_ok=True)
    offerings = _offerings(rng)
    total = sum(capacity for _, _, capacity, _ in offerings)
    scale = applicants * rng.uniform(0.95, 1.05) / total
    offerings = [(o, p, max(8, round(c * scale)), s) for o, p, c, s in offerings]
    _write(
        directory / "offerings.csv",
        ("offering_id", "programme", "capacity", "status", "test_multiplier", "test_minimum"),
        [
            (o, p, c, s, "16" if p == "ES" else "", "5" if p == "ES" else "")
            for o, p, c, s in offerings
        ],
    )
    ability = rng.normal(0, 1, applicants)
    _write(directory / "applicants.csv", ("applicant_id", *SUBJECTS), _applicant_rows(rng, ability))
    _write(
        directory / "choices.csv",
        ("applicant_id", "rank", "offering_id", "reception", "late", "test_points"),
        _choice_rows(rng, ability, offerings),
    )


def _offerings(rng: np.random.Generator) -> list[tuple[str, str, int, str]]:
    offerings = []
    for code, name in municipalities():
        for school in range(1 + int(rng.integers(0, 3))):
            unit = f"{code}{school + 1:02d}"
            chosen = rng.choice(
                len(_PROGRAMMES),
                size=int(rng.integers(3, 7)),
                replace=False,
                p=np.array(_WEIGHT) / sum(_WEIGHT),
            )
            for index in chosen:
                programme = _PROGRAMMES[index]
                offerings.append(
                    (
                        f"{name[:4].upper()}{unit}-{programme}",
                        programme,
                        int(rng.integers(30, 120)),
                        "open",
                    )
                )
    closed = int(rng.integers(0, len(offerings)))
    offerings[closed] = (*offerings[closed][:3], "closed")
    return offerings


def _applicant_rows(rng: np.random.Generator, ability: np.ndarray) -> list[list[str]]:
    rows = []
    for index, skill in enumerate(ability):
        levels = np.clip(np.round(3.4 + 1.2 * skill + rng.normal(0, 0.6, len(SUBJECTS))), 0, 5)
        grades = dict(zip(SUBJECTS, _LETTERS[levels.astype(int)], strict=True))
        grades["SVA" if rng.random() < 0.85 else "SV"] = ""
        for optional in ("M1", "ML", "TSP"):
            grades[optional] = grades[optional] if rng.random() < 0.1 else ""
        if rng.random() < 0.2:
            grades["M2"] = ""
        rows.append([f"S{index + 1:06d}", *grades.values()])
    return rows


def _choice_rows(
    rng: np.random.Generator,
    ability: np.ndarray,
    offerings: list[tuple[str, str, int, str]],
) -> list[list[object]]:
    popularity = 1.0 / np.arange(1, len(offerings) + 1) ** 0.5
    popularity = rng.permutation(popularity / popularity.sum())
    rows: list[list[object]] = []
    for index, skill in enumerate(ability):
        count = int(rng.integers(2, 9))
        chosen = rng.choice(len(offerings), size=count, replace=False, p=popularity)
        for rank, offering in enumerate(chosen, start=1):
            offering_id, programme, _, _ = offerings[offering]
            late = "yes" if rng.random() < 0.02 else ""
            reception = "second_hand" if rng.random() < 0.03 else "first_hand"
            test = (
                f"{int(np.clip(10 + 4 * skill + rng.normal(0, 3), 1, 20))}"
                if programme == "ES"
                else ""
            )
            rows.append([f"S{index + 1:06d}", rank, offering_id, reception, late, test])
    return rows


def _write(
    path: Path,
    header: tuple[str, ...],
    rows: Iterable[Sequence[object]],
) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
