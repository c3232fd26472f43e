"""A calendar month (year and month), the unit that compensation is paid for and booked in."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True, order=True)
class Month:
    """One calendar month; orders by year, then month."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1–12, not {self.month}")

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> Month:
        """``YYYY-MM``."""
        year, month = text.split("-")
        return cls(int(year), int(month))

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def back(self, months: int) -> Month:
        """The month ``months`` before this one (``months`` ≥ 0)."""
        index = self.year * 12 + self.month - 1 - months
        return Month(index // 12, index % 12 + 1)


def months_between(first: Month, last: Month) -> Iterator[Month]:
    """The months from ``first`` to ``last``, both included (none when ``last`` is earlier)."""
    current = first
    while current <= last:
        yield current
        current = current.next()
