"""The admission year's calendar and what it allows at a given moment (admissions-rules §4, §11.1).

* Applications are on time within the application period.
* Choice changes (omval) are open in their window after the preliminary round; applicants
  change their own choices only then (and in the application period).
* A choice registered outside both windows (by the admission office) is late: it belongs to
  the late selection group, which never displaces on-time applicants (invariant 9).
* Autumn-term grades are used by the preliminary round, final grades by the final round.
* Applicants reply on their own up to and including the last reply day (sista svarsdag), in
  Swedish time (admissions-rules §4.1: "the last reply day is 14 July"); a reply after it is
  refused, and what no reply means is the year's setting (``replies.NoReplyRule``).

Time is Swedish (issue 12 point 12): a window's moments are kept in UTC, opening inclusive and
closing exclusive; a window that "closes on 15 February" is open until 15 February 23:59:59.999
Swedish time, so its stored end is 16 February 00:00 Europe/Stockholm (``swedish_window``). Its
``last_day`` is the Swedish date of the last moment it is open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from samverka.errors import N_, BadValue
from samverka.platform.domain.swedish_time import (
    end_of_swedish_day,
    last_swedish_day,
    start_of_swedish_day,
)


class GradeTerm(StrEnum):
    AUTUMN = "autumn"
    FINAL = "final"


@dataclass(frozen=True, slots=True)
class Window:
    opens: datetime
    closes: datetime

    def __post_init__(self) -> None:
        if self.closes <= self.opens:
            raise BadValue(
                N_("Ett fönster måste stänga efter att det öppnar (%(opens)s – %(closes)s)."),
                opens=self.opens.isoformat(),
                closes=self.closes.isoformat(),
            )

    def contains(self, moment: datetime) -> bool:
        return self.opens <= moment < self.closes

    @property
    def last_day(self) -> date:
        """The Swedish date of the window's last open moment."""
        return last_swedish_day(self.closes)


def swedish_window(first_day: date, last_day: date) -> Window:
    """Open from the start of ``first_day`` to the end of ``last_day``, Swedish time."""
    return Window(start_of_swedish_day(first_day), end_of_swedish_day(last_day))


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
            raise BadValue(N_("Fönstret för ändrade val måste öppna efter ansökningsperioden."))
        if not self.preliminary_round <= self.final_round <= self.reply_deadline:
            raise BadValue(
                N_(
                    "Preliminär antagning, slutlig antagning och sista svarsdag ska komma i den "
                    "ordningen."
                )
            )

    def applicant_may_change_choices(self, moment: datetime) -> bool:
        return self.application.contains(moment) or self.choice_change.contains(moment)

    @property
    def replies_close(self) -> datetime:
        """The first moment after the last reply day, Swedish time (exclusive)."""
        return end_of_swedish_day(self.reply_deadline)

    def applicant_may_reply(self, moment: datetime) -> bool:
        """Whether an applicant's own reply at ``moment`` is on time."""
        return moment < self.replies_close

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
    """A calendar shaped like Storsthlm's (admissions-rules §4.1), in Swedish time.

    The application is open from 15 January to the end of 15 February (Vallentuna 2021: "15 Feb
    2021 23:59"); the preliminary round is run on 15 April and the choice-change window is open
    from the day after, when it is published (16 April 2020 and 2024), to the end of 15 May
    (2020, 2024); final grades are due 20 June, the final round is on 1 July, the last reply day
    is 14 July and the reserve rounds are on 1 and 15 August.
    """
    return AdmissionCalendar(
        application=swedish_window(date(year, 1, 15), date(year, 2, 15)),
        choice_change=swedish_window(date(year, 4, 16), date(year, 5, 15)),
        autumn_grades_due=date(year, 2, 20),
        final_grades_due=date(year, 6, 20),
        preliminary_round=date(year, 4, 15),
        final_round=date(year, 7, 1),
        reply_deadline=date(year, 7, 14),
        reserve_rounds=(date(year, 8, 1), date(year, 8, 15)),
    )
