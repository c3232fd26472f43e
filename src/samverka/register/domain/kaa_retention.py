"""Retention (gallring) of the activity follow-up's entries: when a municipality's contacts,
measures and statuses of a young person are erased.

Sources: förordning (2006:39) om register och dokumentation vid fullgörandet av kommunernas
aktivitetsansvar för ungdomar, 3 § (personal data may be processed only as far as the duty of
SL 29 kap. 9 § and the reporting of 26 kap. 25 § need it); the General Data Protection
Regulation, article 5.1 e (kept no longer than necessary) and article 17; arkivlagen
(1990:782) 10 § (public records are erased, gallras, by decision: each municipality's document
plan, dokumenthanteringsplan, says when). ``docs/kaa.md``, "Retention", gives the reasons for the
default.

Rule: the entries municipality M recorded of a person are due for erasure on day T when

1. the person is **not in M's group on T** (``kaa_group.in_group``), and
2. the **reference day** lies more than the retention period (M's setting, whole months,
   default ``DEFAULT_MONTHS``) before T: the later of the last day the person was in M's group
   and the day of the latest entry (an entry made after someone left keeps the record that much
   longer); a person the data no longer places in M's group at all counts from their latest
   entry.

Months are calendar months: the period after 31 August ends on the last day of February.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from samverka.errors import N_, BadValue
from samverka.register.domain.activity_follow_up import FollowUpEntry
from samverka.register.domain.compulsory_school import compulsory_school_end
from samverka.register.domain.kaa_group import YoungPerson, in_group, last_day_in_group

DEFAULT_MONTHS = 12
SHORTEST_MONTHS = 1
LONGEST_MONTHS = 120


@dataclass(frozen=True, slots=True)
class RetentionSetting:
    """How many whole months after the reference day a municipality's entries are kept."""

    months: int = DEFAULT_MONTHS

    def __post_init__(self) -> None:
        if not SHORTEST_MONTHS <= self.months <= LONGEST_MONTHS:
            raise BadValue(
                N_("Gallringsfristen är %(shortest)s–%(longest)s månader, inte %(months)s."),
                shortest=SHORTEST_MONTHS,
                longest=LONGEST_MONTHS,
                months=self.months,
            )


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, on the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def reference_day(
    person: YoungPerson | None, municipality: str, entries: Sequence[FollowUpEntry], today: date
) -> date | None:
    """The day the retention period runs from (rule 2); ``None`` when there is nothing to keep."""
    latest = max((e.on for e in entries), default=None)
    if person is None:
        return latest
    since = min([compulsory_school_end(person.schooling).on, *(e.on for e in entries)])
    left = last_day_in_group(person, municipality, min(since, today), today)
    candidates = [day for day in (left, latest) if day is not None]
    return max(candidates, default=None)


def due_for_erasure(
    person: YoungPerson | None,
    municipality: str,
    entries: Sequence[FollowUpEntry],
    today: date,
    setting: RetentionSetting,
) -> bool:
    """Whether ``entries`` (municipality's, of one person) are to be erased on ``today``."""
    if not entries:
        return False
    if person is not None and in_group(person, municipality, today):
        return False
    reference = reference_day(person, municipality, entries, today)
    return reference is not None and add_months(reference, setting.months) < today
