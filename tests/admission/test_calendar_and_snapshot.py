"""The admission calendar's windows, and a round's input snapshot."""

from __future__ import annotations

import json
import zlib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from samverka.admission.domain.calendar import (
    AdmissionCalendar,
    GradeTerm,
    Window,
    stockholm_calendar,
    swedish_window,
)
from samverka.admission.domain.conditions import ApplicantFacts
from samverka.admission.domain.graded_instance import (
    AptitudeTest,
    GradedApplicant,
    GradedChoice,
    GradedOffering,
)
from samverka.admission.domain.grades import Grade, GradeLetter, GradeSheet
from samverka.admission.domain.priorities import (
    ON_TIME_FIRST_ORDER,
    PriorityClass,
    PriorityRules,
    QuotaOrder,
    QuotaRules,
    UnusedQuotaPlaces,
)
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.round_computation import compute_round
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.domain.rule_set import RULES_REVISION
from samverka.admission.domain.snapshot import FORMAT_2, RoundInput
from samverka.admission.domain.year_settings import YearSettings
from samverka.errors import Conflict

CALENDAR = stockholm_calendar(2026)


def _at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 12, tzinfo=UTC)


def test_applicants_change_choices_only_in_the_application_and_omval_windows() -> None:
    assert CALENDAR.applicant_may_change_choices(_at(2, 1))
    assert not CALENDAR.applicant_may_change_choices(_at(3, 10))
    assert CALENDAR.applicant_may_change_choices(_at(5, 1))
    assert not CALENDAR.applicant_may_change_choices(_at(6, 1))


def test_a_choice_outside_both_windows_is_late() -> None:
    assert not CALENDAR.is_late(_at(1, 20))
    assert CALENDAR.is_late(_at(3, 10))
    assert CALENDAR.is_late(_at(7, 2))


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (datetime(2026, 1, 14, 22, 59, tzinfo=UTC), False),  # 14 January 23:59 in Sweden
        (datetime(2026, 1, 14, 23, 0, tzinfo=UTC), True),  # 15 January 00:00
        (datetime(2026, 2, 15, 0, 30, tzinfo=UTC), True),  # 15 February 01:30: was closed
        (datetime(2026, 2, 15, 22, 59, 59, 999999, tzinfo=UTC), True),  # 15 February 23:59:59.999
        (datetime(2026, 2, 15, 23, 0, tzinfo=UTC), False),  # 16 February 00:00
    ],
)
def test_the_default_application_period_closes_at_the_end_of_15_february_swedish_time(
    moment: datetime, open_: bool
) -> None:
    """admissions-rules §4.1 (Vallentuna: the application closes 15 Feb 23:59); issue 12 point
    12: the default calendar used to close at 01:00 Swedish time on 15 February."""
    assert CALENDAR.application.contains(moment) is open_
    assert CALENDAR.application.last_day == date(2026, 2, 15)


def test_the_default_choice_change_window_closes_at_the_end_of_15_may_in_summer_time() -> None:
    """admissions-rules §4.1 (omval closes 15 May 2020 and 2024), in summer time (UTC+2)."""
    assert CALENDAR.choice_change.contains(datetime(2026, 5, 15, 21, 59, tzinfo=UTC))
    assert not CALENDAR.choice_change.contains(datetime(2026, 5, 15, 22, 0, tzinfo=UTC))
    assert CALENDAR.choice_change.opens == datetime(2026, 4, 15, 22, 0, tzinfo=UTC)  # 16 April


def test_a_window_across_the_start_of_summer_time_closes_at_swedish_midnight() -> None:
    """The last Sunday of March 2026 is 29 March; a window of 28–29 March has 47 hours."""
    window = swedish_window(date(2026, 3, 28), date(2026, 3, 29))
    assert window.closes - window.opens == timedelta(hours=47)
    assert window.closes == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)
    autumn = swedish_window(date(2026, 10, 25), date(2026, 10, 25))  # summer time ends
    assert autumn.closes - autumn.opens == timedelta(hours=25)


def test_the_calendar_survives_a_round_trip_through_its_stored_form() -> None:
    assert AdmissionCalendar.from_dict(CALENDAR.to_dict()) == CALENDAR


def test_a_window_must_close_after_it_opens() -> None:
    with pytest.raises(ValueError, match="måste stänga efter att det öppnar"):
        Window(_at(2, 1), _at(1, 1))


def test_the_snapshot_decodes_to_exactly_what_was_encoded() -> None:
    sheet = GradeSheet((Grade("SV", GradeLetter.A), Grade("M2", GradeLetter.C, after_retake=True)))
    applicant = GradedApplicant(
        "20100301-0012",
        sheet,
        (GradedChoice("ES-1", PriorityClass.SECOND_HAND, False, True, Decimal("12.5"), True),),
        english_dispensation=frozenset({"Skolbolaget AB", "Stockholms stad"}),
        lottery=7,
        facts=ApplicantFacts(date(2006, 3, 1), True, date(2023, 9, 1)),
        grades_from=GradeTerm.FINAL,
    )
    offering = GradedOffering(
        "ES-1", "ES", 30, test=AptitudeTest(Decimal(16), Decimal(5)), organiser="Skolbolaget AB"
    )
    imv = GradedOffering("IMV-1", "IMV", 10, organiser="Stockholms stad", leads_to="BF")
    snapshot = RoundInput(
        RoundKind.RESERVE,
        2026,
        42,
        YearSettings(),
        (offering, imv),
        (applicant,),
        {"20100301-0012": "ES-1"},
        {"20100301-0012": ReplyKind.ACCEPT_WITHOUT_RESERVE},
    )
    encoded = snapshot.encode()
    assert RoundInput.decode(encoded) == snapshot
    assert RoundInput.decode(encoded).encode() == encoded
    assert snapshot.rules_revision == RULES_REVISION


def test_the_columnar_snapshot_holds_each_grade_and_choice_once_and_the_old_one_is_read() -> None:
    """Format 2 (issue 15, point 14) holds every distinct grade and choice once; a round
    stored in format 1 before it is still read, to the same input."""
    grades = (Grade("SV", GradeLetter.A), Grade("EN", GradeLetter.C, after_retake=True))
    choice = GradedChoice("ES-1", test_points=Decimal("2.50"))
    applicants = tuple(
        GradedApplicant(f"2010030{n}-001{n}", GradeSheet(grades[: n % 3]), (choice,) * (n % 2))
        for n in range(1, 7)
    )
    snapshot = RoundInput(
        RoundKind.FINAL,
        2026,
        1,
        YearSettings(),
        (GradedOffering("ES-1", "ES", 30),),
        applicants,
        {},
        {},
    )
    encoded = snapshot.encode()
    document = json.loads(zlib.decompress(encoded.removeprefix(FORMAT_2)))
    old = snapshot.encode_format_1()

    assert encoded.startswith(FORMAT_2)
    assert document["applicants"]["grades"]["vocabulary"] == [["SV", "A", False], ["EN", "C", True]]
    assert len(document["applicants"]["choices"]["vocabulary"]) == 1
    assert RoundInput.decode(encoded) == snapshot
    assert not old.startswith(FORMAT_2)
    assert RoundInput.decode(old) == snapshot
    assert RoundInput.decode(old).encode() == encoded


def test_a_snapshot_stored_before_revision_two_is_read_but_never_computed_again() -> None:
    """A round stored under revision 1 of the rules (before issue 12) had an applicant-wide
    English dispensation flag: it is read (statistics, lists) with no organiser's decision, and
    computing it again under other rules is refused rather than giving another result."""
    document = {
        "kind": "final",
        "year": 2026,
        "seed": 1,
        "settings": YearSettings().to_dict(),
        "offerings": [["NA-1", "NA", 1, "open", None]],
        "applicants": [
            [
                "A1",
                [["SV", "C", False]],
                False,
                [["NA-1", "first_hand", False, False, None]],
                True,
                3,
            ]
        ],
        "held": {},
        "replies": {},
    }
    old = RoundInput.decode(zlib.compress(json.dumps(document).encode()))
    assert old.rules_revision == 1
    assert old.offerings == (GradedOffering("NA-1", "NA", 1),)
    assert old.applicants[0].english_dispensation == frozenset()
    assert old.applicants[0].choices == (GradedChoice("NA-1"),)
    with pytest.raises(Conflict, match="version 1 av reglerna"):
        compute_round(old)


def test_the_snapshot_keeps_fri_kvot_school_ranks_and_the_assessment_of_foreign_grades() -> None:
    """A stored round is repeated with the decisions it used (admissions-rules §11.2
    invariant 6): fri-kvot places and grants, the school's ranks, the assessment."""
    applicant = GradedApplicant(
        "20100301-0012",
        GradeSheet(()),
        (
            GradedChoice("EK-1", discretionary_quota=True, equivalent_knowledge=True),
            GradedChoice("IMA-1", school_rank=3),
        ),
    )
    offerings = (
        GradedOffering("EK-1", "EK", 30, fri_kvot_places=2),
        GradedOffering("IMA-1", "IMA", 4, ranked_by_school=True),
    )
    rules = PriorityRules(quota=QuotaRules(UnusedQuotaPlaces.KEEP, QuotaOrder.MERIT_FIRST))
    snapshot = RoundInput(
        RoundKind.FINAL, 2026, 1, YearSettings(rules), offerings, (applicant,), {}, {}
    )

    assert RoundInput.decode(snapshot.encode()) == snapshot


def test_a_snapshot_stored_before_fri_kvot_became_a_quota_reads_the_new_fields_as_absent() -> None:
    """Rounds stored earlier are still read: their offerings have no fri-kvot places or school
    ranking, their choices no rank or assessment, and the settings' old fri-kvot class (which
    went first without a cap) is dropped (the old late class splits by reception in place)."""
    document = {
        "kind": "final",
        "year": 2026,
        "seed": 1,
        "settings": {
            "class_order": ["discretionary_quota", "first_hand", "second_hand", "late"],
            "tie_breaks": ["lottery"],
            "no_reply": "accept_and_stay_reserve",
        },
        "offerings": [["EK-1", "EK", 30, "open", None]],
        "applicants": [
            [
                "20100301-0012",
                [["SV", "A", False]],
                False,
                [["EK-1", "first_hand", True, False, None]],
                False,
                7,
            ]
        ],
        "held": {},
        "replies": {},
    }
    data = zlib.compress(json.dumps(document).encode())

    decoded = RoundInput.decode(data)

    assert decoded.offerings == (GradedOffering("EK-1", "EK", 30),)
    assert decoded.applicants[0].choices == (GradedChoice("EK-1", discretionary_quota=True),)
    assert decoded.settings == YearSettings(PriorityRules(class_order=ON_TIME_FIRST_ORDER))


def test_a_revision_two_snapshot_from_before_fri_kvot_reads_its_new_fields_at_defaults() -> None:
    """A round stored under revision 2 before fri kvot became a quota wrote seven fields per
    offering and per choice; the fields appended after them (fri-kvot places, school ranking,
    the school's rank, the assessment of foreign grades) read at their defaults."""
    document = {
        "rules": RULES_REVISION,
        "kind": "final",
        "year": 2026,
        "seed": 1,
        "settings": YearSettings().to_dict(),
        "offerings": [["EK-1", "EK", 30, "open", None, "Stockholms stad", None]],
        "applicants": [
            [
                "20100301-0012",
                [["SV", "A", False]],
                False,
                [["EK-1", "second_hand", True, False, None, True, "offered_at_home"]],
                ["Stockholms stad"],
                7,
                [None, False, None],
                None,
            ]
        ],
        "held": {},
        "replies": {},
    }

    decoded = RoundInput.decode(zlib.compress(json.dumps(document).encode()))

    assert decoded.offerings == (GradedOffering("EK-1", "EK", 30, organiser="Stockholms stad"),)
    assert decoded.applicants[0].choices == (
        GradedChoice(
            "EK-1",
            PriorityClass.SECOND_HAND,
            discretionary_quota=True,
            over_age_agreement=True,
            reception_ground="offered_at_home",
        ),
    )
    assert RoundInput.decode(decoded.encode()) == decoded
