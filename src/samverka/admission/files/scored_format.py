"""The low-level interchange format (docs/formats.md): scores given, no grades.

``offerings.csv`` (offering_id, capacity), ``applicants.csv`` (applicant_id, merit_value,
lottery — may be empty) and ``choices.csv`` (applicant_id, rank, offering_id, score — may be
empty; overrides the merit value for that offering). Every file is checked in full before
anything is returned; all bad rows are raised together in one ``InvalidInput``. Every number
has its range (``admission.domain.input_ranges``): capacity 0–100,000 (and 10,000,000 places
in all), merit value and score 0–100,000 with at most two decimals, lottery 1–1,000,000,000,
rank 1–1,000.
"""

from __future__ import annotations

from pathlib import Path

from samverka.admission.domain.input_ranges import MAXIMUM_SCORE
from samverka.admission.domain.points import to_centi
from samverka.admission.domain.scored_instance import (
    ScoredApplicant,
    ScoredChoice,
    ScoredOffering,
)
from samverka.admission.files.choice_rows import (
    check_total_places,
    check_unique_lotteries,
    group_choices,
    parse_capacity,
    parse_lottery,
    unique_ids,
)
from samverka.errors import InvalidInput
from samverka.platform.files.csv_table import ErrorLog, Row, parse_points, read_table


def read_scored(directory: Path) -> tuple[list[ScoredOffering], list[ScoredApplicant]]:
    log = ErrorLog()
    offering_rows = read_table(directory / "offerings.csv", ("offering_id", "capacity"), (), log)
    applicant_rows = read_table(
        directory / "applicants.csv", ("applicant_id", "merit_value"), ("lottery",), log
    )
    choice_rows = read_table(
        directory / "choices.csv", ("applicant_id", "rank", "offering_id"), ("score",), log
    )
    offerings = _offerings(unique_ids(offering_rows, "offering_id", log), log)
    by_id = unique_ids(applicant_rows, "applicant_id", log)
    grouped = group_choices(choice_rows, by_id, {o.offering_id for o in offerings}, log)
    applicants = _applicants(by_id, grouped, log)
    if log.errors:
        raise InvalidInput(log.errors)
    return offerings, applicants


def _offerings(rows: dict[str, Row], log: ErrorLog) -> list[ScoredOffering]:
    offerings = []
    for offering_id, row in rows.items():
        capacity = parse_capacity(row, log)
        if capacity is not None:
            offerings.append(ScoredOffering(offering_id, capacity))
    check_total_places("offerings.csv", [offering.capacity for offering in offerings], log)
    return offerings


def _applicants(
    rows: dict[str, Row], choices: dict[str, list[tuple[int, Row]]], log: ErrorLog
) -> list[ScoredApplicant]:
    applicants = []
    lotteries: dict[str, tuple[Row, int]] = {}
    for applicant_id, row in rows.items():
        merit = parse_points(row, "merit_value", log, maximum=MAXIMUM_SCORE)
        lottery = parse_lottery(row, log)
        if lottery is not None:
            lotteries[applicant_id] = (row, lottery)
        ranked = tuple(_choice(choice_row, log) for _, choice_row in choices.get(applicant_id, []))
        if merit is not None:
            applicants.append(ScoredApplicant(applicant_id, to_centi(merit), lottery, ranked))
    check_unique_lotteries(lotteries, log)
    return applicants


def _choice(row: Row, log: ErrorLog) -> ScoredChoice:
    score = parse_points(row, "score", log, maximum=MAXIMUM_SCORE) if row.text("score") else None
    return ScoredChoice(row.text("offering_id"), None if score is None else to_centi(score))
