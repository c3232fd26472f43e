"""The follow-up of a state grant: how each municipality reports its use, and who is late.

Rules (the association as RSS follows up how the funds are used, seed ``002_*``):

* A municipality reports its use per purpose: a category, a purpose text, the amount used
  (SEK, above 0, öre allowed), the period it was used in and a comment. Reports are added, never
  changed; the amount used is their sum.
* The reported use may not exceed what the municipality has available: its net allocation,
  plus what a decision on unused funds redistributed to it, less what such a decision took
  back from it (``grant_unused``). The follow-up shows the state after every decision.
* Report status per municipality, given the grant's report due date and today:
  REPORTED when its first report came on or before the due date (or there is no due date),
  REPORTED_LATE when it came after it, OVERDUE when the due date has passed with no report,
  PENDING when nothing is reported and the due date has not passed. Late = REPORTED_LATE or
  OVERDUE.
* A reminder is a recorded message to one municipality (who, when, text); nothing is e-mailed.
  Without a chosen municipality, the reminder goes to every OVERDUE municipality.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from samverka.errors import N_, RowError
from samverka.platform.domain.swedish_time import swedish_today


class UseCategory(StrEnum):
    TRAINING = "training"  # utbildning
    ANALYSIS = "analysis"  # analys och kartläggning
    STAFF = "staff"  # personal och samordning
    DEVELOPMENT = "development"  # utvecklingsarbete
    EXCHANGE = "exchange"  # erfarenhetsutbyte
    OTHER = "other"  # övrigt


class ReportStatus(StrEnum):
    PENDING = "pending"
    REPORTED = "reported"
    REPORTED_LATE = "reported_late"
    OVERDUE = "overdue"

    @property
    def late(self) -> bool:
        return self in (ReportStatus.REPORTED_LATE, ReportStatus.OVERDUE)


@dataclass(frozen=True, slots=True)
class UseReport:
    municipality_code: str
    category: UseCategory
    purpose: str
    amount: Decimal
    period_start: date
    period_end: date
    comment: str
    reported_at: datetime
    reported_by: str


@dataclass(frozen=True, slots=True)
class Reminder:
    municipality_code: str
    message: str
    sent_at: datetime
    sent_by: str


@dataclass(frozen=True, slots=True)
class MunicipalFollowUp:
    municipality_code: str
    allocated: Decimal  # the net allocation: what it received to use
    used: Decimal
    status: ReportStatus
    first_report: date | None
    reminders: int
    returned: Decimal = Decimal(0)  # taken back by decisions on unused funds
    received: Decimal = Decimal(0)  # redistributed to it by such decisions

    @property
    def available(self) -> Decimal:
        return self.allocated + self.received - self.returned

    @property
    def unused(self) -> Decimal:
        return self.available - self.used

    @property
    def late(self) -> bool:
        return self.status.late


def use_problems(
    category: UseCategory | None,
    purpose: str,
    amount: Decimal,
    period_start: date,
    period_end: date,
    source: str = "use",
) -> list[RowError]:
    """Every problem of one report of use."""
    problems = []
    if not purpose.strip():
        reason = N_("Ange vad pengarna användes till.")
        problems.append(RowError(source, 0, "purpose", reason))
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        reason = N_("Beloppet ska vara över 0, med högst ören.")
        problems.append(RowError(source, 0, "amount", reason))
    if period_end < period_start:
        reason = N_("Perioden slutar innan den börjar.")
        problems.append(RowError(source, 0, "period_end", reason))
    return problems


def report_status(first_report: date | None, due: date | None, today: date) -> ReportStatus:
    """The status of a municipality's report (see the module's rules)."""
    if first_report is not None:
        late = due is not None and first_report > due
        return ReportStatus.REPORTED_LATE if late else ReportStatus.REPORTED
    if due is not None and today > due:
        return ReportStatus.OVERDUE
    return ReportStatus.PENDING


def follow_up(
    allocated: dict[str, Decimal],
    reports: Iterable[UseReport],
    reminders: Iterable[Reminder],
    due: date | None,
    today: date,
    settled: Mapping[str, tuple[Decimal, Decimal]] | None = None,
) -> list[MunicipalFollowUp]:
    """Per municipality (by code): allocated, used, unused, status and reminders sent; with
    ``settled`` (returned, received per municipality, of the decisions on unused funds) the
    state after them."""
    settled = settled or {}
    used: dict[str, Decimal] = dict.fromkeys(allocated, Decimal(0))
    first: dict[str, date] = {}
    for report in reports:
        used[report.municipality_code] = used.get(report.municipality_code, Decimal(0)) + (
            report.amount
        )
        day = swedish_today(report.reported_at)
        first[report.municipality_code] = min(first.get(report.municipality_code, day), day)
    sent: dict[str, int] = {}
    for reminder in reminders:
        sent[reminder.municipality_code] = sent.get(reminder.municipality_code, 0) + 1
    return [
        MunicipalFollowUp(
            code,
            allocated[code],
            used.get(code, Decimal(0)),
            report_status(first.get(code), due, today),
            first.get(code),
            sent.get(code, 0),
            *settled.get(code, (Decimal(0), Decimal(0))),
        )
        for code in sorted(allocated)
    ]


def to_remind(rows: Sequence[MunicipalFollowUp]) -> list[str]:
    """The municipalities a reminder goes to when none is chosen: the overdue ones."""
    return [row.municipality_code for row in rows if row.status is ReportStatus.OVERDUE]


def reminder_text(grant_name: str, due: date | None) -> str:
    """The default reminder, in Swedish (the municipalities read it)."""
    when = f" senast {due.isoformat()}" if due is not None else ""
    return (
        f"Påminnelse från förbundet: redovisa hur stimulansmedlen «{grant_name}» har använts"
        f"{when}, per ändamål med belopp och period."
    )
