"""The measurement-day rule (mätdag): which date decides who pays for a pupil-month.

Rule (admissions-rules.md §7.3, Håbo's rule in the Storsthlm area; a setting):

* The pupil's placement *and* home municipality on the measurement date decide the whole
  month: the home municipality on that date pays the organiser of the placement on that date.
* The measurement day is the 10th, except September, where it is the 15th.
* July and August follow 31 August: both are paid by the placement (and home municipality) on
  31 August of the same year, so the summer goes to the school the pupil starts or continues at.
* A day beyond the month's length means the month's last day (so "the 31st" works in every
  month).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from samverka.compensation.domain.period import Month


@dataclass(frozen=True, slots=True)
class MeasurementDayRule:
    """The setting; the defaults are the rule of the module docstring.

    ``day`` is the measurement day of an ordinary month, ``special_days`` (month, day) pairs
    override it for single months, and the months in ``summer_months`` are decided by
    ``summer_date`` (month, day) of the same year.
    """

    day: int = 10
    special_days: tuple[tuple[int, int], ...] = ((9, 15),)
    summer_months: frozenset[int] = frozenset({7, 8})
    summer_date: tuple[int, int] = (8, 31)

    def __post_init__(self) -> None:
        _check_day(self.day)
        months = [month for month, _ in self.special_days]
        if len(set(months)) != len(months):
            raise ValueError("a month has two special measurement days")
        for month, day in self.special_days:
            _check_month(month)
            _check_day(day)
        for month in self.summer_months:
            _check_month(month)
        summer_month, summer_day = self.summer_date
        _check_month(summer_month)
        _check_day(summer_day)

    def to_dict(self) -> dict[str, object]:
        return {
            "day": self.day,
            "special_days": [list(pair) for pair in self.special_days],
            "summer_months": sorted(self.summer_months),
            "summer_date": list(self.summer_date),
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> MeasurementDayRule:
        special = _int_lists(data["special_days"])
        summer_month, summer_day = _ints(data["summer_date"])
        return cls(
            day=int(str(data["day"])),
            special_days=tuple((m, d) for m, d in special),
            summer_months=frozenset(_ints(data["summer_months"])),
            summer_date=(summer_month, summer_day),
        )


def _ints(value: object) -> list[int]:
    if not isinstance(value, list | tuple):
        raise ValueError(f"expected a list, not {value!r}")
    return [int(str(item)) for item in value]


def _int_lists(value: object) -> list[list[int]]:
    if not isinstance(value, list | tuple):
        raise ValueError(f"expected a list, not {value!r}")
    return [_ints(item) for item in value]


def measurement_date(month: Month, rule: MeasurementDayRule) -> date:
    """The date whose placement and home municipality decide ``month`` (module docstring)."""
    if month.month in rule.summer_months:
        summer_month, summer_day = rule.summer_date
        return _clamped(month.year, summer_month, summer_day)
    day = next((d for m, d in rule.special_days if m == month.month), rule.day)
    return _clamped(month.year, month.month, day)


def _clamped(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _check_day(day: int) -> None:
    if not 1 <= day <= 31:
        raise ValueError(f"a measurement day must be 1–31, not {day}")


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"a month must be 1–12, not {month}")
