"""Session dates from meeting rules, with Colombian public holidays moved (Django-free)."""

from __future__ import annotations

from datetime import date

import pytest

from redpaz.governance.recurrence import (
    Frequency,
    Rule,
    RuleError,
    colombian_holidays,
    nth_weekday,
    occurrences,
    rule_dates,
)

MONDAY, TUESDAY, WEDNESDAY, FRIDAY, SATURDAY = 0, 1, 2, 4, 5


def test_a_monthly_rule_across_a_year_moves_the_sessions_that_fall_on_holidays() -> None:
    # The first Monday of each month in 2024: four of them are holidays in Colombia (New Year,
    # and three moved to Monday: Corpus Christi, Saint Peter and Saint Paul, All Saints).
    rule = Rule(Frequency.MONTHLY, weekday=MONDAY, week_of_month=1)
    found = occurrences(rule, date(2024, 1, 1), date(2024, 12, 31))
    assert len(found) == 12
    assert [o.rule_date for o in found] == [
        date(2024, m, d)
        for m, d in [
            (1, 1), (2, 5), (3, 4), (4, 1), (5, 6), (6, 3),
            (7, 1), (8, 5), (9, 2), (10, 7), (11, 4), (12, 2),
        ]
    ]  # fmt: skip
    moved = {o.rule_date: (o.date, o.reason) for o in found if o.moved}
    assert moved == {
        date(2024, 1, 1): (date(2024, 1, 2), "Año Nuevo"),
        date(2024, 6, 3): (date(2024, 6, 4), "Corpus Christi (observado)"),
        date(2024, 7, 1): (date(2024, 7, 2), "San Pedro y San Pablo (observado)"),
        date(2024, 11, 4): (date(2024, 11, 5), "Día de Todos los Santos (observado)"),
    }
    # Every session ends up on a working day.
    holidays = colombian_holidays([2024])
    assert all(o.date.weekday() < SATURDAY and o.date not in holidays for o in found)


def test_the_second_tuesday_each_month_and_an_easter_holiday() -> None:
    rule = Rule(Frequency.MONTHLY, weekday=TUESDAY, week_of_month=2)
    dates = [o.date for o in occurrences(rule, date(2025, 1, 1), date(2025, 12, 31))]
    assert dates[0] == date(2025, 1, 14) and dates[-1] == date(2025, 12, 9)
    assert all(d.weekday() == TUESDAY for d in dates)
    # Maundy Thursday and Good Friday move every year with Easter; a Thursday rule in April 2025
    # (the third Thursday is Maundy Thursday, 17 April) moves to Monday 21.
    thursday = Rule(Frequency.MONTHLY, weekday=3, week_of_month=3)
    april = occurrences(thursday, date(2025, 4, 1), date(2025, 4, 30))
    assert april[0].rule_date == date(2025, 4, 17)
    assert april[0].date == date(2025, 4, 21)  # Friday is Good Friday, then the weekend
    assert april[0].reason == "Jueves Santo"


def test_a_rule_by_day_of_the_month_also_moves_off_weekends() -> None:
    # The 20th: 20 July is Independence Day; 20 April 2024 a Saturday.
    rule = Rule(Frequency.MONTHLY, day_of_month=20)
    found = {o.rule_date: o for o in occurrences(rule, date(2024, 1, 1), date(2024, 12, 31))}
    assert found[date(2024, 7, 20)].date == date(2024, 7, 22)
    assert found[date(2024, 4, 20)].date == date(2024, 4, 22)
    assert found[date(2024, 4, 20)].reason == "weekend"
    # The 31st means the last day in shorter months.
    last = rule_dates(Rule(Frequency.MONTHLY, day_of_month=31), date(2024, 1, 1), date(2024, 4, 30))
    assert last == [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)]


def test_a_weekday_rule_on_saturdays_moves_only_for_holidays() -> None:
    rule = Rule(Frequency.WEEKLY, weekday=SATURDAY)
    found = occurrences(rule, date(2024, 7, 1), date(2024, 7, 31))
    assert [o.date for o in found if not o.moved] == [
        date(2024, 7, 6),
        date(2024, 7, 13),
        date(2024, 7, 27),
    ]
    assert [(o.rule_date, o.date) for o in found if o.moved] == [
        (date(2024, 7, 20), date(2024, 7, 22))
    ]


def test_every_two_months_twice_a_year_and_every_two_weeks() -> None:
    bimonthly = Rule(Frequency.BIMONTHLY, weekday=WEDNESDAY, week_of_month=2)
    months = [d.month for d in rule_dates(bimonthly, date(2024, 2, 1), date(2024, 12, 31))]
    assert months == [2, 4, 6, 8, 10, 12]  # counted from the first month asked for
    twice = Rule(Frequency.SEMIANNUAL, weekday=TUESDAY, week_of_month=1)
    assert rule_dates(twice, date(2024, 2, 1), date(2025, 12, 31)) == [
        date(2024, 2, 6), date(2024, 8, 6), date(2025, 2, 4), date(2025, 8, 5)
    ]  # fmt: skip
    fortnightly = Rule(Frequency.FORTNIGHTLY, weekday=FRIDAY)
    assert rule_dates(fortnightly, date(2024, 3, 1), date(2024, 3, 31)) == [
        date(2024, 3, 1), date(2024, 3, 15), date(2024, 3, 29)
    ]  # fmt: skip


def test_the_last_weekday_of_a_month() -> None:
    assert nth_weekday(2024, 2, FRIDAY, -1) == date(2024, 2, 23)
    assert nth_weekday(2024, 5, FRIDAY, -1) == date(2024, 5, 31)


def test_a_rule_without_its_day_is_refused() -> None:
    with pytest.raises(RuleError):
        rule_dates(Rule(Frequency.MONTHLY, weekday=TUESDAY), date(2024, 1, 1), date(2024, 2, 1))
    with pytest.raises(RuleError):
        rule_dates(Rule(Frequency.WEEKLY), date(2024, 1, 1), date(2024, 2, 1))
    assert rule_dates(Rule(Frequency.AS_NEEDED), date(2024, 1, 1), date(2024, 12, 31)) == []


def test_holiday_names_follow_the_language() -> None:
    assert colombian_holidays([2024], "en")[date(2024, 8, 7)] == "Battle of Boyacá"
    assert colombian_holidays([2024], "es")[date(2024, 8, 7)] == "Batalla de Boyacá"
