"""The domain-level input format (docs/formats.md): grades, programmes, choices, test points.

* ``offerings.csv``: offering_id, programme, capacity; optional status (open/closed),
  test_multiplier, test_minimum, organiser (the receiving organiser), leads_to (the
  national programme an IMV offering leads to: required for IMV, empty for the rest),
  fri_kvot_places (of the capacity; GyF 7 kap. 3 §) and ranked_by_school (yes/no: an
  individually adapted IMV/IMY; IMA always is).
* ``applicants.csv``: applicant_id and one column per subject code (SV, SVA, EN, MA, …, M1,
  M2, ML) holding a grade A–F or nothing; optional lottery, reduced_timetable,
  english_dispensation (the organisers that decided the dispensation, each for its own
  offerings, separated by ``|``), retake_subjects (codes whose grade came from prövning), birth_date
  and arrival_date (YYYY-MM-DD; without a birth date the age is not checked) and
  completed_national_programme (yes/no).
* ``choices.csv``: applicant_id, rank, offering_id; optional reception
  (first_hand/second_hand), discretionary_quota (fri kvot granted), late and
  over_age_agreement (yes/no), test_points, school_rank (the school's rank on an offering it
  ranks) and equivalent_knowledge (yes/no: the organiser assessed foreign grades as
  equivalent).

Every row of every file is checked before anything is returned; all problems are raised
together in one ``InvalidInput``. Every number has its range (``admission.domain.input_ranges``):
capacity 0–100,000 (and 10,000,000 places in all), fri-kvot places 0 to the capacity, lottery
and the school's rank 1–1,000,000,000, rank 1–1,000, test points and test minimum 0–1,000 and
multiplier 0–100, with at most two decimals.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from samverka.admission.domain.conditions import ApplicantFacts
from samverka.admission.domain.graded_instance import (
    AptitudeTest,
    GradedApplicant,
    GradedChoice,
    GradedOffering,
    OfferingStatus,
)
from samverka.admission.domain.grades import SUBJECTS, GradeSheet
from samverka.admission.domain.input_ranges import (
    MAXIMUM_LOTTERY,
    MAXIMUM_PLACES,
    MAXIMUM_TEST_MULTIPLIER,
    MAXIMUM_TEST_POINTS,
)
from samverka.admission.domain.priorities import PriorityClass
from samverka.admission.domain.rule_set import EligibilityRules
from samverka.admission.domain.school_ranking import is_ranked_by_school, may_be_ranked_by_school
from samverka.admission.files.choice_rows import (
    check_total_places,
    check_unique_lotteries,
    group_choices,
    parse_capacity,
    parse_lottery,
    unique_ids,
)
from samverka.admission.files.grade_columns import read_grade_columns
from samverka.errors import N_, InvalidInput
from samverka.platform.files.csv_table import (
    ErrorLog,
    Row,
    is_flag_word,
    parse_date,
    parse_flag,
    parse_int,
    parse_points,
    read_table,
)

_APPLICANT_COLUMNS = (
    "lottery",
    "reduced_timetable",
    "english_dispensation",
    "retake_subjects",
    "birth_date",
    "arrival_date",
    "completed_national_programme",
)
_OFFERING_OPTIONAL = (
    "status",
    "test_multiplier",
    "test_minimum",
    "name",
    "organiser",
    "leads_to",
    "fri_kvot_places",
    "ranked_by_school",
)
_CHOICE_OPTIONAL = (
    "reception",
    "discretionary_quota",
    "late",
    "test_points",
    "over_age_agreement",
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
    check_total_places("offerings.csv", [offering.capacity for offering in offerings], log)
    by_id = unique_ids(applicant_rows, "applicant_id", log)
    _check_columns(applicant_rows, optional, log)
    grouped = group_choices(choice_rows, by_id, {o.offering_id for o in offerings}, log)
    organisers = {o.organiser for o in offerings if o.organiser}
    applicants = _applicants(by_id, grouped, organisers, log)
    if log.errors:
        raise InvalidInput(log.errors)
    return offerings, applicants


def _offering(row: Row, eligibility: EligibilityRules, log: ErrorLog) -> GradedOffering | None:
    programme = row.text("programme").upper()
    if programme not in eligibility.programme_groups:
        log.add(
            row.source,
            row.line,
            "programme",
            N_("Det finns inget program med koden %(programme)s."),
            programme=repr(programme),
        )
    capacity = parse_capacity(row, log)
    status_text = row.text("status").lower() or OfferingStatus.OPEN
    if status_text not in set(OfferingStatus):
        log.add(
            row.source,
            row.line,
            "status",
            N_("%(text)s är inte open (öppen) eller closed (stängd)."),
            text=repr(status_text),
        )
    test = None
    if row.text("test_multiplier") or row.text("test_minimum"):
        multiplier = Decimal(1)
        if row.text("test_multiplier"):
            found = parse_points(row, "test_multiplier", log, maximum=MAXIMUM_TEST_MULTIPLIER)
            multiplier = found or Decimal(0)
        minimum = (
            parse_points(row, "test_minimum", log, maximum=MAXIMUM_TEST_POINTS)
            if row.text("test_minimum")
            else None
        )
        test = AptitudeTest(multiplier, minimum)
    leads_to = _leads_to(row, programme, eligibility, log)
    fri_kvot: int | None = 0
    if row.text("fri_kvot_places"):
        fri_kvot = parse_int(row, "fri_kvot_places", log, minimum=0, maximum=MAXIMUM_PLACES)
    ranked = parse_flag(row, "ranked_by_school", log)
    if ranked and not may_be_ranked_by_school(programme):
        log.add(
            row.source,
            row.line,
            "ranked_by_school",
            N_("En utbildning på %(programme)s antar efter meritvärde."),
            programme=programme,
        )
    if capacity is None or status_text not in set(OfferingStatus) or fri_kvot is None:
        return None
    if fri_kvot > capacity:
        log.add(
            row.source,
            row.line,
            "fri_kvot_places",
            N_("Fler än utbildningens %(capacity)s platser."),
            capacity=capacity,
        )
    elif fri_kvot and is_ranked_by_school(programme, ranked):
        log.add(
            row.source,
            row.line,
            "fri_kvot_places",
            N_("En utbildning som skolan rangordnar har ingen fri kvot."),
        )
    status = OfferingStatus(status_text)
    return GradedOffering(
        row.text("offering_id"),
        programme,
        capacity,
        status,
        test,
        organiser=row.text("organiser"),
        leads_to=leads_to,
        fri_kvot_places=fri_kvot,
        ranked_by_school=ranked,
    )


def _leads_to(row: Row, programme: str, eligibility: EligibilityRules, log: ErrorLog) -> str | None:
    """The national programme an IMV offering leads to; nothing for other programmes."""
    leads_to = row.text("leads_to").upper()
    access = eligibility.introductory.get(programme)
    if access is None or not access.closed_if_eligible_for_target:
        if leads_to:
            log.add(
                row.source,
                row.line,
                "leads_to",
                N_("Bara en IMV-utbildning leder till ett nationellt program, inte %(programme)s."),
                programme=programme,
            )
        return None
    if leads_to not in eligibility.programme_groups or not eligibility.is_national(leads_to):
        log.add(
            row.source,
            row.line,
            "leads_to",
            N_("%(programme)s ska ange det nationella program den leder till, inte %(text)s."),
            programme=programme,
            text=repr(leads_to),
        )
        return None
    return leads_to


def _check_columns(rows: list[Row], known: tuple[str, ...], log: ErrorLog) -> None:
    if not rows:
        return
    for column in rows[0].values:
        if column not in known and column != "applicant_id":
            log.add(
                rows[0].source,
                1,
                column,
                N_("Det finns ingen ämneskod eller kolumn %(column)s."),
                column=repr(column),
            )


def _applicants(
    rows: dict[str, Row],
    choices: dict[str, list[tuple[int, Row]]],
    organisers: set[str],
    log: ErrorLog,
) -> list[GradedApplicant]:
    applicants = []
    lotteries: dict[str, tuple[Row, int]] = {}
    for applicant_id, row in rows.items():
        lottery = parse_lottery(row, log)
        if lottery is not None:
            lotteries[applicant_id] = (row, lottery)
        sheet = _sheet(row, log)
        ranked = tuple(_choice(choice_row, log) for _, choice_row in choices.get(applicant_id, []))
        dispensation = _dispensing_organisers(row, organisers, log)
        facts = ApplicantFacts(
            parse_date(row, "birth_date", log),
            parse_flag(row, "completed_national_programme", log),
            parse_date(row, "arrival_date", log),
        )
        if sheet is not None:
            applicants.append(
                GradedApplicant(applicant_id, sheet, ranked, dispensation, lottery, facts)
            )
    check_unique_lotteries(lotteries, log)
    return applicants


def _dispensing_organisers(row: Row, organisers: set[str], log: ErrorLog) -> frozenset[str]:
    """The organisers that decided the English dispensation (SL 16 kap. 32 §): each decides
    for its own offerings, so a yes/no names no one and is refused (except no)."""
    text = row.text("english_dispensation")
    if is_flag_word(text):
        if parse_flag(row, "english_dispensation", log):
            log.add(
                row.source,
                row.line,
                "english_dispensation",
                N_(
                    "%(text)s anger ingen huvudman: dispensen är den mottagande huvudmannens "
                    "beslut för dess egna utbildningar; ange huvudmännen (åtskilda med |)."
                ),
                text=repr(text),
            )
        return frozenset()
    named = frozenset(name.strip() for name in text.split("|") if name.strip())
    for unknown in sorted(named - organisers):
        log.add(
            row.source,
            row.line,
            "english_dispensation",
            N_("Det finns ingen huvudman %(organiser)s: ingen utbildning i offerings.csv har den."),
            organiser=repr(unknown),
        )
    return named & organisers


def _sheet(row: Row, log: ErrorLog) -> GradeSheet | None:
    grades = read_grade_columns(row, "retake_subjects", log)
    reduced = parse_flag(row, "reduced_timetable", log)
    return GradeSheet(grades, reduced) if grades is not None else None


def _choice(row: Row, log: ErrorLog) -> GradedChoice:
    reception_text = row.text("reception").lower() or "first_hand"
    reception = _RECEPTIONS.get(reception_text)
    if reception is None:
        log.add(
            row.source,
            row.line,
            "reception",
            N_("%(text)s är inte first_hand (förstahand) eller second_hand (andrahand)."),
            text=repr(reception_text),
        )
    test_points = (
        parse_points(row, "test_points", log, maximum=MAXIMUM_TEST_POINTS)
        if row.text("test_points")
        else None
    )
    school_rank = (  # 1..n over the offering's applicants, as lottery numbers over all of them
        parse_int(row, "school_rank", log, minimum=1, maximum=MAXIMUM_LOTTERY)
        if row.text("school_rank")
        else None
    )
    return GradedChoice(
        offering_id=row.text("offering_id"),
        reception=reception or PriorityClass.FIRST_HAND,
        discretionary_quota=parse_flag(row, "discretionary_quota", log),
        late=parse_flag(row, "late", log),
        test_points=test_points,
        over_age_agreement=parse_flag(row, "over_age_agreement", log),
        school_rank=school_rank,
        equivalent_knowledge=parse_flag(row, "equivalent_knowledge", log),
    )
