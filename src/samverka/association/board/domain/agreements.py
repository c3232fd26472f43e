"""Agreements (överenskommelser, avtal) the association manages: with the region, between the
municipalities, with state agencies.

Rules:

* An agreement has parties (member municipalities by code, and/or named organisations; at
  least two in all), a period from its start to its end (open-ended: no end), an owner at the
  association, follow-up dates and a revision date.
* Due for revision on day D within N days (default 90): the revision date is on or before
  D + N — this includes those past due and not yet revised. Ordered by revision date, then
  title. An ended agreement (end before D) is never due.
* Expiring on D within N days: the end is between D and D + N, both included; ordered by end.
* Recording a revision moves the revision date to the next one, which must come after the day
  of the revision; the earlier dates are kept as history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from samverka.errors import N_

DEFAULT_WITHIN_DAYS = 90
MAXIMUM_WITHIN_DAYS = 3650


class AgreementKind(StrEnum):
    REGION = "region"  # med Region Stockholm
    INTER_MUNICIPAL = "inter_municipal"  # mellan kommunerna
    AGENCY = "agency"  # med en statlig myndighet
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Agreement:
    id: int
    title: str
    kind: AgreementKind
    start: date
    end: date | None
    owner: str
    revision_date: date
    follow_up_dates: tuple[date, ...] = ()

    def in_force(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def due_for_revision(
    agreements: Iterable[Agreement], day: date, within_days: int = DEFAULT_WITHIN_DAYS
) -> list[Agreement]:
    """The agreements whose revision date is on or before ``day`` + ``within_days`` (past due
    included), not ended before ``day``; by revision date."""
    limit = day + timedelta(days=within_days)
    due = [a for a in agreements if a.revision_date <= limit and (a.end is None or a.end >= day)]
    return sorted(due, key=lambda a: (a.revision_date, a.title, a.id))


def expiring(
    agreements: Iterable[Agreement], day: date, within_days: int = DEFAULT_WITHIN_DAYS
) -> list[Agreement]:
    """The agreements that end between ``day`` and ``day`` + ``within_days``; by end."""
    limit = day + timedelta(days=within_days)
    ending = [a for a in agreements if a.end is not None and day <= a.end <= limit]
    return sorted(ending, key=lambda a: (a.end or day, a.title, a.id))


def days_until_revision(agreement: Agreement, day: date) -> int:
    """Negative when the revision is past due."""
    return (agreement.revision_date - day).days


def agreement_problems(
    start: date,
    end: date | None,
    revision_date: date,
    parties: int,
    follow_up_dates: Iterable[date] = (),
) -> list[tuple[str, str]]:
    """Every (field, reason) wrong with an agreement's dates and parties; each reason a Swedish
    msgid without parameters (the dates stand in the form's fields)."""
    problems = []
    if end is not None and end < start:
        problems.append(("end", N_("Avtalet slutar innan det börjar.")))
    if revision_date < start:
        problems.append(("revision_date", N_("Revisionsdatumet ligger före avtalets början.")))
    if end is not None and revision_date > end:
        problems.append(("revision_date", N_("Revisionsdatumet ligger efter avtalets slut.")))
    if parties < 2:
        problems.append(("parties", N_("Ett avtal har minst två parter.")))
    if any(d < start for d in follow_up_dates):
        problems.append(
            ("follow_up_dates", N_("Ett uppföljningsdatum ligger före avtalets början."))
        )
    return problems


def revision_problem(agreement: Agreement, revised_on: date, next_revision: date) -> str | None:
    """What is wrong with recording a revision on ``revised_on``, next due ``next_revision``
    (a Swedish msgid), or ``None``."""
    if revised_on < agreement.start:
        return N_("En revision kan inte dateras före avtalets början.")
    if next_revision <= revised_on:
        return N_("Nästa revisionsdatum måste komma efter revisionen.")
    if agreement.end is not None and next_revision > agreement.end:
        return N_("Nästa revisionsdatum ligger efter avtalets slut.")
    return None
