"""When a committee meets: dates from a meeting rule, with Colombian public holidays moved.

A rule says how often (every week, every two weeks, every month, every two or three months,
twice a year, once a year) and on which day: a weekday of a given week of the month ("the second
Tuesday", "the last Friday"), a day of the month ("the 20th"), or, for weekly rules, a weekday.
Months are counted from the first month of the period asked for: every two months from February
gives February, April, June...

**The holiday rule.** A session whose date is a Colombian public holiday moves to the next
working day (Monday to Friday, not a holiday). A session by day of the month that falls on a
Saturday or Sunday moves the same way; a session on a weekday chosen by the rule (a committee
that meets on Saturdays) moves only for a holiday. The calendar of holidays comes from the
maintained ``holidays`` package (country CO): the fixed ones, those moved to the following
Monday by the Ley Emiliani (Ley 51 de 1983) and those that follow Easter.

Django-free: plain dates in, plain dates out.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

SATURDAY = 5
LAST = -1


class Frequency(StrEnum):
    AS_NEEDED = "as_needed"  # no calendar: sessions are called one by one
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    BIMONTHLY = "bimonthly"
    QUARTERLY = "quarterly"
    SEMIANNUAL = "semiannual"
    YEARLY = "yearly"


# Months between sessions of the monthly-type frequencies; weeks for the weekly ones.
MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.BIMONTHLY: 2,
    Frequency.QUARTERLY: 3,
    Frequency.SEMIANNUAL: 6,
    Frequency.YEARLY: 12,
}
WEEKS = {Frequency.WEEKLY: 1, Frequency.FORTNIGHTLY: 2}


class RuleError(ValueError):
    """The rule cannot give dates (e.g. a monthly rule with neither a day nor a weekday)."""


@dataclass(frozen=True)
class Rule:
    frequency: Frequency
    weekday: int | None = None  # 0 = Monday … 6 = Sunday
    week_of_month: int | None = None  # 1-4, or -1 for the last one; with ``weekday``
    day_of_month: int | None = None  # 1-31, the month's last day when it is shorter

    def check(self) -> None:
        if self.frequency == Frequency.AS_NEEDED:
            return
        if self.weekday is not None and not 0 <= self.weekday <= 6:
            raise RuleError("weekday must be 0 (Monday) to 6 (Sunday)")
        if self.frequency in WEEKS:
            if self.weekday is None:
                raise RuleError("a weekly rule needs a weekday")
            return
        if self.day_of_month is not None:
            if not 1 <= self.day_of_month <= 31:
                raise RuleError("day of the month must be 1 to 31")
            if self.weekday is not None or self.week_of_month is not None:
                raise RuleError("give either a day of the month or a weekday of a week, not both")
            return
        if self.weekday is None or self.week_of_month is None:
            raise RuleError("a monthly rule needs a day of the month or a weekday and its week")
        if self.week_of_month not in (1, 2, 3, 4, LAST):
            raise RuleError("week of the month must be 1 to 4, or -1 for the last")

    @property
    def by_day_of_month(self) -> bool:
        return self.frequency in MONTHS and self.day_of_month is not None


@dataclass(frozen=True)
class Occurrence:
    """A session date: the one the rule gives and the one it is held on when that is moved."""

    rule_date: date
    date: date
    reason: str = ""  # why it moved: the holiday's name, or the weekend

    @property
    def moved(self) -> bool:
        return self.date != self.rule_date


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth (1-4, or -1 for the last) given weekday of a month."""
    days_in_month = calendar.monthrange(year, month)[1]
    if nth == LAST:
        last = date(year, month, days_in_month)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _month_dates(rule: Rule, start: date, end: date) -> Iterable[date]:
    step = MONTHS[rule.frequency]
    year, month = start.year, start.month
    while date(year, month, 1) <= end:
        if rule.day_of_month is not None:
            day = min(rule.day_of_month, calendar.monthrange(year, month)[1])
            yield date(year, month, day)
        elif rule.weekday is not None and rule.week_of_month is not None:
            yield nth_weekday(year, month, rule.weekday, rule.week_of_month)
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1


def _week_dates(rule: Rule, start: date, end: date) -> Iterable[date]:
    if rule.weekday is None:
        return
    day = start + timedelta(days=(rule.weekday - start.weekday()) % 7)
    while day <= end:
        yield day
        day += timedelta(weeks=WEEKS[rule.frequency])


def rule_dates(rule: Rule, start: date, end: date) -> list[date]:
    """The dates the rule gives from ``start`` to ``end`` (inclusive), before any move."""
    rule.check()
    if rule.frequency == Frequency.AS_NEEDED or end < start:
        return []
    found = (
        _week_dates(rule, start, end) if rule.frequency in WEEKS else _month_dates(rule, start, end)
    )
    return [d for d in found if start <= d <= end]


def next_working_day(day: date, holidays: Mapping[date, str]) -> date:
    """The first day from ``day`` on that is Monday to Friday and not a holiday."""
    while day.weekday() >= SATURDAY or day in holidays:
        day += timedelta(days=1)
    return day


def occurrences(
    rule: Rule,
    start: date,
    end: date,
    *,
    holidays: Mapping[date, str] | None = None,
    weekend_label: str = "weekend",
) -> list[Occurrence]:
    """Session dates from ``start`` to ``end`` with holidays (and weekends, for rules by day of
    the month) moved to the next working day. ``holidays`` defaults to Colombia's."""
    dates = rule_dates(rule, start, end)
    if not dates:
        return []
    if holidays is None:
        holidays = colombian_holidays(range(dates[0].year, dates[-1].year + 2))
    found = []
    for day in dates:
        if day in holidays:
            found.append(Occurrence(day, next_working_day(day, holidays), holidays[day]))
        elif rule.by_day_of_month and day.weekday() >= SATURDAY:
            found.append(Occurrence(day, next_working_day(day, holidays), weekend_label))
        else:
            found.append(Occurrence(day, day))
    return found


@lru_cache(maxsize=16)
def _holidays(years: tuple[int, ...], language: str) -> dict[date, str]:
    import holidays

    calendar_ = holidays.country_holidays("CO", years=years, language=language)
    return {day: str(name) for day, name in sorted(calendar_.items())}


def colombian_holidays(years: Iterable[int], language: str = "es") -> dict[date, str]:
    """Colombia's public holidays of the given years, by date, named in ``language`` (es, en)."""
    return _holidays(tuple(sorted(set(years))), "es" if language.startswith("es") else "en_US")
