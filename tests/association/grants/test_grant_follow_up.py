"""The follow-up of a state grant: used and unused, late reports and whom to remind."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from samverka.association.grants.domain.grant_follow_up import (
    Reminder,
    ReportStatus,
    UseCategory,
    UseReport,
    follow_up,
    report_status,
    to_remind,
    use_problems,
)

DUE = date(2026, 3, 31)


def _use(code: str, amount: str, on: date) -> UseReport:
    at = datetime(on.year, on.month, on.day, 12, tzinfo=UTC)
    return UseReport(
        code, UseCategory.TRAINING, "Utbildning", Decimal(amount), DUE, DUE, "", at, "kommun"
    )


def test_a_report_on_the_due_date_is_in_time_and_one_after_it_is_late() -> None:
    assert report_status(DUE, DUE, date(2026, 5, 1)) is ReportStatus.REPORTED
    assert report_status(date(2026, 4, 1), DUE, date(2026, 5, 1)) is ReportStatus.REPORTED_LATE


def test_nothing_reported_is_pending_until_the_due_date_has_passed() -> None:
    assert report_status(None, DUE, DUE) is ReportStatus.PENDING
    assert report_status(None, DUE, date(2026, 4, 1)) is ReportStatus.OVERDUE
    assert report_status(None, None, date(2030, 1, 1)) is ReportStatus.PENDING


def test_the_follow_up_sums_use_per_municipality_and_counts_reminders() -> None:
    allocated = {"0180": Decimal(1000), "0182": Decimal(500), "0114": Decimal(200)}
    reports = [
        _use("0180", "300", date(2026, 3, 1)),
        _use("0180", "200.50", date(2026, 4, 2)),
        _use("0182", "500", date(2026, 4, 15)),
    ]
    reminders = [Reminder("0114", "Påminnelse", datetime(2026, 4, 2, tzinfo=UTC), "stina")]
    rows = follow_up(allocated, reports, reminders, DUE, date(2026, 5, 1))
    by_code = {row.municipality_code: row for row in rows}
    assert [row.municipality_code for row in rows] == ["0114", "0180", "0182"]
    assert by_code["0180"].used == Decimal("500.50")
    assert by_code["0180"].unused == Decimal("499.50")
    assert by_code["0180"].status is ReportStatus.REPORTED
    assert by_code["0182"].status is ReportStatus.REPORTED_LATE
    assert by_code["0182"].late
    assert by_code["0114"].status is ReportStatus.OVERDUE
    assert by_code["0114"].reminders == 1
    assert to_remind(rows) == ["0114"]


def test_a_use_without_purpose_with_a_negative_amount_and_a_reversed_period_is_refused() -> None:
    problems = use_problems(UseCategory.OTHER, " ", Decimal(-1), DUE, date(2026, 1, 1))
    assert [p.field for p in problems] == ["purpose", "amount", "period_end"]
    assert use_problems(UseCategory.OTHER, "x", Decimal("0.001"), DUE, DUE)[0].field == "amount"
