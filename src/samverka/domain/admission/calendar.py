"""The admission year's calendar and what it allows at a given moment (admissions-rules §4, §11.1).

* Applications are on time within the application period.
* Choice changes (omval) are open in their window after the preliminary round; applicants
  change their own choices only then (and in the application period).
* A choice registered outside both windows (by the admission office) is late: it belongs to
  the late selection group, which never displaces on-time applicants (invariant 9).
* Autumn-term grades are used by the preliminary round, final grades by the final round.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum


class GradeTerm(StrEnum):
    AUTUMN = "autumn"
    FINAL = "final"


@dataclass(frozen=True, slots=True)
class Window:
    opens: datetime
    closes: datetime

    def __post_init__(self) -> None:
        if self.closes <= self.opens:
            raise ValueError(f"a window must close after it opens ({self.opens} – {self.closes})")

    def contains(self, moment: datetime) -> bool:
        return self.opens <= moment < self.closes


@dataclass(frozen=True, slots=True)
class AdmissionCalendar:
    application: Window
    choice_change: Window
    autumn_grades_due: date
    final_grades_due: date
    preliminary_round: date
    final_round: date
    reply_deadline: date
    reserve_rounds: tuple[date, ...] = ()

    def __post_init__(self) -> None:
        if not self.application.closes <= self.choice_change.opens:
            raise ValueError("the choice-change window must open after the application period")
        if not self.preliminary_round <= self.final_round <= self.reply_deadline:
            raise ValueError("the preliminary round, final round and reply deadline are in order")

    def applicant_may_change_choices(self, moment: datetime) -> bool:
        return self.application.contains(moment) or self.choice_change.contains(moment)

    def is_late(self, moment: datetime) -> bool:
        """A choice made at ``moment`` belongs to the late selection group."""
        return not self.applicant_may_change_choices(moment)

    def to_dict(self) -> dict[str, object]:
        return {
            "application": [
                self.application.opens.isoformat(),
                self.application.closes.isoformat(),
            ],
            "choice_change": [
                self.choice_change.opens.isoformat(),
                self.choice_change.closes.isoformat(),
            ],
            "autumn_grades_due": self.autumn_grades_due.isoformat(),
            "final_grades_due": self.final_grades_due.isoformat(),
            "preliminary_round": self.preliminary_round.isoformat(),
            "final_round": self.final_round.isoformat(),
            "reply_deadline": self.reply_deadline.isoformat(),
            "reserve_rounds": [day.isoformat() for day in self.reserve_rounds],
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> AdmissionCalendar:
        def window(key: str) -> Window:
            opens, closes = (str(moment) for moment in data[key])  # type: ignore[attr-defined]
            return Window(datetime.fromisoformat(opens), datetime.fromisoformat(closes))

        def day(key: str) -> date:
            return date.fromisoformat(str(data[key]))

        return cls(
            application=window("application"),
            choice_change=window("choice_change"),
            autumn_grades_due=day("autumn_grades_due"),
            final_grades_due=day("final_grades_due"),
            preliminary_round=day("preliminary_round"),
            final_round=day("final_round"),
            reply_deadline=day("reply_deadline"),
            reserve_rounds=tuple(date.fromisoformat(d) for d in data["reserve_rounds"]),  # type: ignore[attr-defined]
        )


def stockholm_calendar(year: int) -> AdmissionCalendar:
    """A calendar shaped like Storsthlm's: apply Jan–Feb, omval in May, final round in July."""

    def at(month: int, day: int, hour: int = 0) -> datetime:
        return datetime(year, month, day, hour, tzinfo=UTC)

    return AdmissionCalendar(
        application=Window(at(1, 15), at(2, 15)),
        choice_change=Window(at(4, 20), at(5, 15)),
        autumn_grades_due=date(year, 2, 20),
        final_grades_due=date(year, 6, 20),
        preliminary_round=date(year, 4, 15),
        final_round=date(year, 7, 1),
        reply_deadline=date(year, 7, 14),
        reserve_rounds=(date(year, 8, 1), date(year, 8, 15)),
    )
