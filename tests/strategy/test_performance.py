"""The IPTT arithmetic: % of target met, status, cumulative modes, trend, disaggregations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from redpaz.strategy.performance import (
    Direction,
    Mode,
    Observation,
    Spec,
    Status,
    TrendAssessment,
    check_disaggregation,
    percent_met,
    status_of,
    track,
)
from redpaz.strategy.periods import Period, PeriodKind, quarters_between, strategy_periods

START, END = date(2024, 1, 1), date(2025, 12, 31)
AFTER = date(2026, 6, 1)


def spec(
    direction: str,
    mode: str = Mode.NON_CUMULATIVE,
    *,
    baseline: str | None = None,
    summable: bool = True,
    frequency: PeriodKind = PeriodKind.YEAR,
) -> Spec:
    return Spec(
        direction=direction,
        mode=mode,
        summable=summable,
        frequency=frequency,
        baseline=D(baseline) if baseline is not None else None,
    )


def obs(value: str, **kwargs: bool) -> Observation:
    return Observation(D(value), **kwargs)


def test_a_decrease_from_80_to_66_reaching_73_is_half_met() -> None:
    rate = spec(Direction.DECREASE, baseline="80", summable=False)
    assert percent_met(rate, D(66), D(73)) == D(50)
    assert status_of(rate, D(66), D(73)) == Status.OFF_TRACK
    assert percent_met(rate, D(66), D(66)) == D(100)
    assert percent_met(rate, D(66), D(60)) > D(100)  # beyond the target
    assert percent_met(rate, D(66), D(85)) < 0  # moved away from it
    assert status_of(rate, D(66), D(67)) == Status.ON_TRACK  # 13/14 = 93 %


def test_an_increase_is_measured_from_the_baseline() -> None:
    share = spec(Direction.INCREASE, baseline="20", summable=False)
    assert percent_met(share, D(40), D(30)) == D(50)
    without_baseline = spec(Direction.INCREASE)
    assert percent_met(without_baseline, D(200), D(170)) == D(85)
    assert status_of(without_baseline, D(200), D(170)) == Status.ON_TRACK
    assert status_of(without_baseline, D(200), D(169)) == Status.OFF_TRACK


def test_a_decrease_without_baseline_compares_actual_and_target() -> None:
    count = spec(Direction.DECREASE)
    assert percent_met(count, D(40), D(38)) is None
    assert status_of(count, D(40), D(38)) == Status.ON_TRACK
    assert status_of(count, D(40), D(41)) == Status.OFF_TRACK


def test_missing_or_incomplete_figures_are_no_data() -> None:
    count = spec(Direction.INCREASE)
    assert status_of(count, None, D(3)) == Status.NO_DATA
    assert status_of(count, D(3), None) == Status.NO_DATA
    assert status_of(count, D(3), D(3), complete=False) == Status.NO_DATA


@pytest.mark.parametrize("direction", [Direction.INCREASE, Direction.DECREASE])
def test_non_cumulative_years_add_up_quarters_and_the_life_is_the_latest_year(
    direction: str,
) -> None:
    baseline = "100" if direction == Direction.DECREASE else "0"
    quarterly = spec(direction, baseline=baseline, frequency=PeriodKind.QUARTER)
    actuals = {
        f"2024Q{q}": obs(v) for q, v in zip((1, 2, 3, 4), ("20", "22", "18", "20"), strict=True)
    }
    actuals |= {f"2025Q{q}": obs("15") for q in (1, 2, 3, 4)}
    targets = {f"2024Q{q}": D(21) for q in (1, 2, 3, 4)} | {
        f"2025Q{q}": D(16) for q in (1, 2, 3, 4)
    }
    t = track(quarterly, start=START, end=END, targets=targets, actuals=actuals, today=AFTER)
    year = t.cell("2024")
    assert (year.actual, year.target) == (D(80), D(84))
    assert year.actual_derived and year.target_derived
    life = t.cell("LOP")
    assert life.actual == D(60) and life.target == D(64)  # where it stands at the end
    if direction == Direction.DECREASE:
        # 100 → 84 targeted, 80 reached: beyond the target.
        assert year.percent == D(125)
        assert t.cell("2025Q1").status == Status.ON_TRACK
    else:
        assert year.percent == pytest.approx(D(80) / D(84) * 100)
        assert year.status == Status.ON_TRACK  # 95 %
        assert t.cell("2025").status == Status.ON_TRACK  # 60 of 64: 93.75 %
    assert t.status_period == Period.parse("2025Q4")


def test_non_cumulative_rates_are_never_added_up() -> None:
    rate = spec(Direction.DECREASE, baseline="80", summable=False, frequency=PeriodKind.QUARTER)
    actuals = {"2024Q1": obs("70"), "2024Q2": obs("72")}
    t = track(rate, start=START, end=END, targets={"2024": D(76)}, actuals=actuals, today=AFTER)
    assert t.cell("2024").actual is None  # a year's rate is computed for the year, not summed
    assert t.cell("2024").status == Status.NO_DATA
    with_year = track(
        rate,
        start=START,
        end=END,
        targets={"2024": D(76), "2025": D(66)},
        actuals={**actuals, "2024": obs("73"), "2025": obs("73")},
        today=AFTER,
    )
    assert with_year.cell("2025").percent == D(50)
    assert with_year.cell("LOP").actual == D(73)
    assert with_year.cell("LOP").target == D(66)  # the last year's target
    assert with_year.cell("LOP").percent == D(50)


def test_cumulative_actuals_run_from_the_start_against_running_targets() -> None:
    mediations = spec(Direction.INCREASE, Mode.CUMULATIVE, frequency=PeriodKind.QUARTER)
    targets = {f"2024Q{q}": D(25 * q) for q in (1, 2, 3, 4)} | {
        f"2025Q{q}": D(100 + 25 * q) for q in (1, 2, 3, 4)
    }
    actuals = {
        "2024Q1": obs("20"),
        "2024Q2": obs("30"),
        "2024Q3": obs("10"),
        "2024Q4": obs("20"),
        "2025Q1": obs("30"),
    }
    t = track(
        mediations, start=START, end=END, targets=targets, actuals=actuals, today=date(2025, 4, 2)
    )
    assert [t.cell(f"2024Q{q}").actual for q in (1, 2, 3, 4)] == [D(20), D(50), D(60), D(80)]
    assert t.cell("2024Q3").percent == pytest.approx(D(60) / D(75) * 100)
    assert t.cell("2024Q3").status == Status.OFF_TRACK  # 80 %
    assert (t.cell("2024").actual, t.cell("2024").target) == (D(80), D(100))
    assert t.cell("2025Q1").actual == D(110)
    assert t.cell("2025Q1").percent == pytest.approx(D(110) / D(125) * 100)
    life = t.cell("LOP")
    assert (life.actual, life.target) == (D(110), D(200))
    assert not life.complete  # 2025 still has quarters to come
    assert life.status == Status.NO_DATA  # the life target is judged when the strategy ends
    assert t.status_period == Period.parse("2025Q1")
    assert t.status == Status.ON_TRACK  # 88 %


def test_cumulative_non_summing_takes_the_latest_value() -> None:
    reached = spec(Direction.INCREASE, Mode.NON_SUMMING, frequency=PeriodKind.QUARTER)
    targets = {"2024Q2": D(100), "2024Q4": D(200), "2025Q4": D(400)}
    actuals = {
        "2024Q1": obs("40"),
        "2024Q2": obs("90"),
        "2024Q3": obs("120"),
        "2024Q4": obs("150"),
        "2025Q2": obs("260"),
    }
    t = track(reached, start=START, end=END, targets=targets, actuals=actuals, today=AFTER)
    assert t.cell("2024Q2").percent == D(90)
    assert t.cell("2024").actual == D(150)  # the latest quarter, not 400
    assert t.cell("2024").target == D(200)  # the last quarter's target
    assert t.cell("2024").percent == D(75)
    assert t.cell("2024").status == Status.OFF_TRACK
    assert t.cell("LOP").actual == D(260) and t.cell("LOP").target == D(400)
    assert t.cell("LOP").percent == D(65)
    assert not t.cell("2025").complete  # its latest figure is from Q2


@pytest.mark.parametrize(
    ("mode", "direction", "baseline", "target", "actual", "expected"),
    [
        (Mode.NON_CUMULATIVE, Direction.INCREASE, None, "50", "40", "80"),
        (Mode.NON_CUMULATIVE, Direction.INCREASE, "10", "50", "40", "75"),
        (Mode.NON_CUMULATIVE, Direction.DECREASE, "80", "66", "73", "50"),
        (Mode.NON_CUMULATIVE, Direction.DECREASE, "120", "90", "99", "70"),
        (Mode.CUMULATIVE, Direction.INCREASE, "500", "50", "40", "80"),  # running totals start at 0
        (Mode.NON_SUMMING, Direction.INCREASE, None, "50", "40", "80"),
        (Mode.NON_SUMMING, Direction.DECREASE, "30", "10", "20", "50"),
    ],
)
def test_percent_met_in_every_mode(
    mode: str, direction: str, baseline: str | None, target: str, actual: str, expected: str
) -> None:
    s = spec(direction, mode, baseline=baseline)
    t = track(
        s,
        start=START,
        end=END,
        targets={"2024": D(target)},
        actuals={"2024": obs(actual)},
        today=AFTER,
    )
    assert t.cell("2024").percent == D(expected)


def test_the_overall_status_is_the_latest_period_with_complete_data() -> None:
    rate = spec(Direction.DECREASE, baseline="80", summable=False)
    t = track(
        rate,
        start=START,
        end=END,
        targets={"2024": D(76), "2025": D(72)},
        actuals={"2024": obs("75"), "2025": obs("70", complete=False)},
        today=AFTER,
    )
    assert t.status == Status.ON_TRACK and t.status_period == Period.parse("2024")
    assert t.missing == (Period.parse("2025"),)
    assert t.cell("2025").status == Status.NO_DATA


def test_the_trend_reads_against_the_desired_direction() -> None:
    rate = spec(Direction.DECREASE, baseline="80", summable=False)
    falling = track(
        rate,
        start=START,
        end=END,
        targets={},
        today=AFTER,
        actuals={"2024": obs("75"), "2025": obs("70")},
    )
    assert falling.trend.assessment == TrendAssessment.IMPROVING
    rising = track(
        spec(Direction.DECREASE),
        start=START,
        end=END,
        targets={},
        today=AFTER,
        actuals={"2024": obs("10"), "2025": obs("12")},
    )
    assert rising.trend.assessment == TrendAssessment.WORSENING
    flat = track(
        rate,
        start=START,
        end=END,
        targets={},
        today=AFTER,
        actuals={"2024": obs("70"), "2025": obs("70.3")},
    )
    assert flat.trend.assessment == TrendAssessment.STABLE
    alone = track(rate, start=START, end=END, targets={}, today=AFTER, actuals={"2024": obs("70")})
    assert alone.trend.assessment == TrendAssessment.UNKNOWN


def test_disaggregated_totals_without_double_counting_must_add_up() -> None:
    ok = check_disaggregation(
        total=D(10), values={"female": D(4), "male": D(6)}, double_counting=False, summable=True
    )
    assert ok.consistent and ok.category_sum == D(10)
    wrong = check_disaggregation(
        total=D(10), values={"female": D(4), "male": D(5)}, double_counting=False, summable=True
    )
    assert not wrong.consistent
    derived = check_disaggregation(
        total=None, values={"female": D(4), "male": D(5)}, double_counting=False, summable=True
    )
    assert derived.total == D(9)


def test_disaggregated_totals_with_double_counting_may_exceed_the_total() -> None:
    both = check_disaggregation(
        total=D(100), values={"1": D(70), "2": D(50)}, double_counting=True, summable=True
    )
    assert both.consistent and both.overlap == D(20)
    too_many = check_disaggregation(
        total=D(100), values={"1": D(120)}, double_counting=True, summable=True
    )
    assert not too_many.consistent
    rates = check_disaggregation(
        total=D(40), values={"a": D(30), "b": D(60)}, double_counting=False, summable=False
    )
    assert rates.consistent  # rates are never added up


def test_periods_parse_and_clip_to_the_strategy() -> None:
    assert Period.parse("2024q3").key == "2024Q3"
    assert Period.parse("LOP").kind == PeriodKind.LIFE
    with pytest.raises(ValueError):
        Period.parse("2024-3")
    assert Period.parse("2024Q1").calendar_span() == (date(2024, 1, 1), date(2024, 3, 31))
    assert Period.parse("2024").span(date(2024, 7, 1), END) == (
        date(2024, 7, 1),
        date(2024, 12, 31),
    )
    assert [q.key for q in quarters_between(date(2024, 8, 1), date(2025, 2, 1))] == [
        "2024Q3",
        "2024Q4",
        "2025Q1",
    ]
    assert [p.key for p in strategy_periods(START, END, quarterly=False)] == ["2024", "2025", "LOP"]
