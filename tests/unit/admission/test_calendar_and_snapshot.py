"""The admission calendar's windows, and a round's input snapshot."""

from __future__ import annotations

import json
import zlib
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from samverka.domain.admission.calendar import AdmissionCalendar, Window, stockholm_calendar
from samverka.domain.admission.graded_instance import (
    AptitudeTest,
    GradedApplicant,
    GradedChoice,
    GradedOffering,
)
from samverka.domain.admission.grades import Grade, GradeLetter, GradeSheet
from samverka.domain.admission.priorities import (
    PriorityClass,
    PriorityRules,
    QuotaOrder,
    QuotaRules,
    UnusedQuotaPlaces,
)
from samverka.domain.admission.replies import ReplyKind
from samverka.domain.admission.rounds import RoundKind
from samverka.domain.admission.snapshot import RoundInput
from samverka.domain.admission.year_settings import YearSettings

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


def test_the_calendar_survives_a_round_trip_through_its_stored_form() -> None:
    assert AdmissionCalendar.from_dict(CALENDAR.to_dict()) == CALENDAR


def test_a_window_must_close_after_it_opens() -> None:
    with pytest.raises(ValueError, match="close after"):
        Window(_at(2, 1), _at(1, 1))


def test_the_snapshot_decodes_to_exactly_what_was_encoded() -> None:
    sheet = GradeSheet((Grade("SV", GradeLetter.A), Grade("M2", GradeLetter.C, after_retake=True)))
    applicant = GradedApplicant(
        "20100301-0012",
        sheet,
        (GradedChoice("ES-1", PriorityClass.SECOND_HAND, False, True, Decimal("12.5")),),
        english_dispensation=True,
        lottery=7,
    )
    offering = GradedOffering("ES-1", "ES", 30, test=AptitudeTest(Decimal(16), Decimal(5)))
    snapshot = RoundInput(
        RoundKind.RESERVE,
        2026,
        42,
        YearSettings(),
        (offering,),
        (applicant,),
        {"20100301-0012": "ES-1"},
        {"20100301-0012": ReplyKind.ACCEPT_WITHOUT_RESERVE},
    )
    encoded = snapshot.encode()
    assert RoundInput.decode(encoded) == snapshot
    assert RoundInput.decode(encoded).encode() == encoded


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
    """Rounds stored earlier still repeat: their offerings have no fri-kvot places or school
    ranking, their choices no rank or assessment, and the settings' old fri-kvot class (which
    went first without a cap) is dropped."""
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
    assert decoded.settings == YearSettings()
