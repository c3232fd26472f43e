"""The domain-level input format (docs/formats.md): grades, programmes, choices, test points.

* ``offerings.csv``: offering_id, programme, capacity; optional status (open/closed),
  test_multiplier, test_minimum, fri_kvot_places (of the capacity; GyF 7 kap. 3 §) and
  ranked_by_school (yes/no: an individually adapted IMV/IMY; IMA always is).
* ``applicants.csv``: applicant_id and one column per subject code (SV, SVA, EN, MA, …, M1,
  M2, ML) holding a grade A–F or nothing; optional lottery, reduced_timetable,
  english_dispensation (yes/no) and retake_subjects (codes whose grade came from prövning).
* ``choices.csv``: applicant_id, rank, offering_id; optional reception
  (first_hand/second_hand), discretionary_quota (fri kvot granted) and late (yes/no),
  test_points, school_rank (the school's rank on an offering it ranks) and
  equivalent_knowledge (yes/no: the organiser assessed foreign grades as equivalent).

Every row of every file is checked before anything is returned; all problems are raised
together in one ``InvalidInput``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from samverka.adapters.interchange.choice_rows import (
    check_unique_lotteries,
    group_choices,
    unique_ids,
)
from samverka.adapters.interchange.csv_table import (
    ErrorLog,
    Row,
    parse_flag,
    parse_int,
    parse_points,
    read_table,
)
from samverka.adapters.interchange.grade_columns import read_grade_columns
from samverka.domain.admission.graded_instance import (
    AptitudeTest,
    GradedApplicant,
    GradedChoice,
    GradedOffering,
    OfferingStatus,
)
from samverka.domain.admission.grades import SUBJECTS, GradeSheet
from samverka.domain.admission.priorities import PriorityClass
from samverka.domain.admission.rule_set import EligibilityRules
from samverka.domain.admission.school_ranking import is_ranked_by_school, may_be_ranked_by_school
from samverka.errors import InvalidInput

_APPLICANT_COLUMNS = (
    "lottery",
    "reduced_timetable",
    "english_dispensation",
    "retake_subjects",
)
_OFFERING_OPTIONAL = (
    "status",
    "test_multiplier",
    "test_minimum",
    "name",
    "fri_kvot_places",
    "ranked_by_school",
)
_CHOICE_OPTIONAL = (
    "reception",
    "discretionary_quota",
    "late",
    "test_points",
    "school_rank",
    "equivalent_knowledge",
)
_RECEPTIONS = {"first_hand": PriorityClass.FIRST_HAND, "second_hand": PriorityClass.SECOND_HAND}


def read_graded(
    directory: Path, eligibility: EligibilityRules
) -> tuple[list[GradedOffering], list[GradedApplicant]]:
    log = ErrorLog()
    offering_rows = read_table(
        directory / "offerings.csv",
        ("offering_id", "programme", "capacity"),
        _OFFERING_OPTIONAL,
        log,
    )
    optional = _APPLICANT_COLUMNS + tuple(SUBJECTS)
    applicant_rows = read_table(directory / "applicants.csv", ("applicant_id",), optional, log)
    choice_rows = read_table(
        directory / "choices.csv", ("applicant_id", "rank", "offering_id"), _CHOICE_OPTIONAL, log
    )
    offerings = [
        offering
        for row in unique_ids(offering_rows, "offering_id", log).values()
        if (offering := _offering(row, eligibility, log)) is not None
    ]
    by_id = unique_ids(applicant_rows, "applicant_id", log)
    _check_columns(applicant_rows, optional, log)
    grouped = group_choices(choice_rows, by_id, {o.offering_id for o in offerings}, log)
    applicants = _applicants(by_id, grouped, log)
    if log.errors:
        raise InvalidInput(log.errors)
    return offerings, applicants


def _offering(row: Row, eligibility: EligibilityRules, log: ErrorLog) -> GradedOffering | None:
    programme = row.text("programme").upper()
    if programme not in eligibility.programme_groups:
        log.add(row.source, row.line, "programme", f"unknown programme code {programme!r}")
    capacity = parse_int(row, "capacity", log, minimum=0)
    status_text = row.text("status").lower() or OfferingStatus.OPEN
    if status_text not in set(OfferingStatus):
        log.add(row.source, row.line, "status", f"{status_text!r} is not open or closed")
    test = None
    if row.text("test_multiplier") or row.text("test_minimum"):
        multiplier = Decimal(1)
        if row.text("test_multiplier"):
            multiplier = parse_points(row, "test_multiplier", log) or Decimal(0)
        minimum = parse_points(row, "test_minimum", log) if row.text("test_minimum") else None
        test = AptitudeTest(multiplier, minimum)
    fri_kvot: int | None = 0
    if row.text("fri_kvot_places"):
        fri_kvot = parse_int(row, "fri_kvot_places", log, minimum=0)
    ranked = parse_flag(row, "ranked_by_school", log)
    if ranked and not may_be_ranked_by_school(programme):
        reason = f"a {programme} offering selects on merit"
        log.add(row.source, row.line, "ranked_by_school", reason)
    if capacity is None or status_text not in set(OfferingStatus) or fri_kvot is None:
        return None
    if fri_kvot > capacity:
        log.add(row.source, row.line, "fri_kvot_places", f"more than the {capacity} places")
    elif fri_kvot and is_ranked_by_school(programme, ranked):
        log.add(row.source, row.line, "fri_kvot_places", "an offering the school ranks has none")
    status = OfferingStatus(status_text)
    return GradedOffering(
        row.text("offering_id"), programme, capacity, status, test, fri_kvot, ranked
    )


def _check_columns(rows: list[Row], known: tuple[str, ...], log: ErrorLog) -> None:
    if not rows:
        return
    for column in rows[0].values:
        if column not in known and column != "applicant_id":
            log.add(rows[0].source, 1, column, f"unknown subject code or column {column!r}")


def _applicants(
    rows: dict[str, Row], choices: dict[str, list[tuple[int, Row]]], log: ErrorLog
) -> list[GradedApplicant]:
    applicants = []
    lotteries: dict[str, tuple[Row, int]] = {}
    for applicant_id, row in rows.items():
        lottery = parse_int(row, "lottery", log, minimum=1) if row.text("lottery") else None
        if lottery is not None:
            lotteries[applicant_id] = (row, lottery)
        sheet = _sheet(row, log)
        ranked = tuple(_choice(choice_row, log) for _, choice_row in choices.get(applicant_id, []))
        if sheet is not None:
            dispensation = parse_flag(row, "english_dispensation", log)
            applicants.append(GradedApplicant(applicant_id, sheet, ranked, dispensation, lottery))
    check_unique_lotteries(lotteries, log)
    return applicants


def _sheet(row: Row, log: ErrorLog) -> GradeSheet | None:
    grades = read_grade_columns(row, "retake_subjects", log)
    reduced = parse_flag(row, "reduced_timetable", log)
    return GradeSheet(grades, reduced) if grades is not None else None


def _choice(row: Row, log: ErrorLog) -> GradedChoice:
    reception_text = row.text("reception").lower() or "first_hand"
    reception = _RECEPTIONS.get(reception_text)
    if reception is None:
        log.add(row.source, row.line, "reception", f"{reception_text!r} is not first/second_hand")
    test_points = parse_points(row, "test_points", log) if row.text("test_points") else None
    school_rank = parse_int(row, "school_rank", log, minimum=1) if row.text("school_rank") else None
    return GradedChoice(
        offering_id=row.text("offering_id"),
        reception=reception or PriorityClass.FIRST_HAND,
        discretionary_quota=parse_flag(row, "discretionary_quota", log),
        late=parse_flag(row, "late", log),
        test_points=test_points,
        school_rank=school_rank,
        equivalent_knowledge=parse_flag(row, "equivalent_knowledge", log),
    )
