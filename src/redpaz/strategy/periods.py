"""Reporting periods of a strategy: the life of the strategy, calendar years and quarters.

A period is written as a short key stored in the database and used in URLs and exports:
``LOP`` (life of the strategy), ``2024`` (a year), ``2024Q1`` (a quarter). Years and quarters are
calendar ones, clipped to the strategy's dates when it starts or ends mid-year. Django-free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class PeriodKind(StrEnum):
    LIFE = "life"
    YEAR = "year"
    QUARTER = "quarter"


LIFE_KEY = "LOP"
_KEY = re.compile(r"^(?:(?P<lop>LOP)|(?P<year>\d{4})(?:Q(?P<quarter>[1-4]))?)$")


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    year: int = 0
    quarter: int = 0

    @classmethod
    def parse(cls, key: str) -> Period:
        match = _KEY.match(key.strip().upper())
        if match is None:
            raise ValueError(f"{key!r} is not a period (LOP, 2024 or 2024Q1)")
        if match["lop"]:
            return LIFE
        year = int(match["year"])
        if match["quarter"]:
            return cls(PeriodKind.QUARTER, year, int(match["quarter"]))
        return cls(PeriodKind.YEAR, year)

    @classmethod
    def of_year(cls, year: int) -> Period:
        return cls(PeriodKind.YEAR, year)

    @classmethod
    def of_quarter(cls, year: int, quarter: int) -> Period:
        return cls(PeriodKind.QUARTER, year, quarter)

    @property
    def key(self) -> str:
        if self.kind == PeriodKind.LIFE:
            return LIFE_KEY
        if self.kind == PeriodKind.YEAR:
            return str(self.year)
        return f"{self.year}Q{self.quarter}"

    def __str__(self) -> str:
        return self.key

    @property
    def sort_key(self) -> tuple[int, int]:
        """Chronological order; a year sorts after its quarters, the life of the strategy last."""
        if self.kind == PeriodKind.LIFE:
            return (10_000, 0)
        return (self.year, self.quarter if self.kind == PeriodKind.QUARTER else 5)

    def calendar_span(self) -> tuple[date, date]:
        """First and last day of the calendar year or quarter (not for the life of the strategy)."""
        if self.kind == PeriodKind.YEAR:
            return date(self.year, 1, 1), date(self.year, 12, 31)
        if self.kind == PeriodKind.QUARTER:
            first_month = 3 * (self.quarter - 1) + 1
            start = date(self.year, first_month, 1)
            end = (
                date(self.year, 12, 31)
                if self.quarter == 4
                else date.fromordinal(date(self.year, first_month + 3, 1).toordinal() - 1)
            )
            return start, end
        raise ValueError("the life of the strategy has no calendar span")

    def span(self, strategy_start: date, strategy_end: date) -> tuple[date, date]:
        """The period's dates clipped to the strategy's (the whole strategy for ``LOP``)."""
        if self.kind == PeriodKind.LIFE:
            return strategy_start, strategy_end
        start, end = self.calendar_span()
        return max(start, strategy_start), min(end, strategy_end)

    @property
    def parent(self) -> Period | None:
        if self.kind == PeriodKind.QUARTER:
            return Period.of_year(self.year)
        if self.kind == PeriodKind.YEAR:
            return LIFE
        return None


LIFE = Period(PeriodKind.LIFE)


def years_between(start: date, end: date) -> list[Period]:
    return [Period.of_year(y) for y in range(start.year, end.year + 1)]


def quarters_between(start: date, end: date) -> list[Period]:
    first = (start.year, (start.month - 1) // 3 + 1)
    last = (end.year, (end.month - 1) // 3 + 1)
    quarters = []
    year, quarter = first
    while (year, quarter) <= last:
        quarters.append(Period.of_quarter(year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return quarters


def strategy_periods(start: date, end: date, *, quarterly: bool) -> list[Period]:
    """Every period a strategy reports on: quarters (if quarterly), years, and the life."""
    periods: list[Period] = [*years_between(start, end), LIFE]
    if quarterly:
        periods += quarters_between(start, end)
    return sorted(periods, key=lambda p: p.sort_key)
