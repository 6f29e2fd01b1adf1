"""How far an indicator is from its targets: the arithmetic of the IPTT, Django-free.

Definitions (the user guide repeats them for the people who read the IPTT):

* **% of target met** measures the distance covered from the starting point to the target:
  ``(actual - start) / (target - start)`` when an increase is desired and
  ``(start - actual) / (start - target)`` when a decrease is. The starting point is the
  baseline (zero when an increasing indicator has none); running totals (cumulative mode) start
  at zero. Going from a baseline of 80 to a target of 66 per 100,000 and reaching 73 is
  (80 - 73) / (80 - 66) = 50 % met. A decreasing indicator without a baseline has no % met; its
  status then compares actual and target directly.
* **Status**: on track when at least ``threshold`` % (85 by default) of the target is met (or,
  without a %, when the actual is at or beyond the target), off track otherwise, no data when
  the target, the actual or part of the data for the period is missing.
* **Cumulative modes** say how a longer span is obtained from shorter periods:
  - non-cumulative: each period stands alone. A year is the sum of its quarters for counts and
    money; percentages and rates need a value of the year itself. The life of the strategy is
    where the indicator stands at the end: its latest period.
  - cumulative: results add up from the start of the strategy. Actuals are entered per period and
    shown as running totals; targets are entered as running totals (the total expected by the
    end of each period). The life of the strategy is the grand total. Counts and money only, and
    only for increases.
  - cumulative non-summing: each value is already a running figure that cannot be added (unique
    people reached since the start). A year is its latest quarter; the life of the strategy is
    the latest value.
* **Trend**: the change between the two latest complete periods, read against the desired
  direction (per-period amounts for cumulative indicators).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from redpaz.strategy.periods import LIFE, Period, PeriodKind, quarters_between, years_between

HUNDRED = Decimal(100)
DEFAULT_THRESHOLD = Decimal(85)
# A change smaller than this share of the previous value reads as stable.
STABLE_TOLERANCE = Decimal("0.01")


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"


class Mode(StrEnum):
    NON_CUMULATIVE = "non_cumulative"
    CUMULATIVE = "cumulative"
    NON_SUMMING = "cumulative_non_summing"


class Status(StrEnum):
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"


class TrendAssessment(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    STABLE = "stable"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Spec:
    direction: str
    mode: str
    summable: bool  # counts and money add up; percentages and rates do not
    frequency: PeriodKind  # the periods targets are set for
    baseline: Decimal | None = None
    threshold: Decimal = DEFAULT_THRESHOLD

    @property
    def start(self) -> Decimal | None:
        """Where progress is measured from."""
        if self.mode == Mode.CUMULATIVE:
            return Decimal(0)
        if self.baseline is not None:
            return self.baseline
        return Decimal(0) if self.direction == Direction.INCREASE else None


@dataclass(frozen=True)
class Observation:
    """An actual value of a period: entered, computed, or derived from shorter periods."""

    value: Decimal
    complete: bool = True  # False when the data behind it covers only part of the period
    approved: bool = True


@dataclass(frozen=True)
class Cell:
    period: Period
    target: Decimal | None
    actual: Decimal | None
    percent: Decimal | None
    status: Status
    complete: bool = True
    approved: bool = True
    target_derived: bool = False
    actual_derived: bool = False


@dataclass(frozen=True)
class Trend:
    assessment: TrendAssessment
    change: Decimal | None = None
    values: tuple[Decimal, ...] = ()


@dataclass(frozen=True)
class Track:
    cells: dict[str, Cell]
    status: Status
    status_period: Period | None
    trend: Trend
    # Periods that have ended, have a target, and still lack complete data.
    missing: tuple[Period, ...] = field(default_factory=tuple)

    def cell(self, period: Period | str) -> Cell:
        return self.cells[period if isinstance(period, str) else period.key]


def percent_met(spec: Spec, target: Decimal | None, actual: Decimal | None) -> Decimal | None:
    start = spec.start
    if target is None or actual is None or start is None:
        return None
    if spec.direction == Direction.DECREASE:
        distance, covered = start - target, start - actual
    else:
        distance, covered = target - start, actual - start
    if distance == 0:
        return None
    return covered / distance * HUNDRED


def status_of(
    spec: Spec, target: Decimal | None, actual: Decimal | None, *, complete: bool = True
) -> Status:
    if target is None or actual is None or not complete:
        return Status.NO_DATA
    percent = percent_met(spec, target, actual)
    if percent is not None:
        return Status.ON_TRACK if percent >= spec.threshold else Status.OFF_TRACK
    reached = actual <= target if spec.direction == Direction.DECREASE else actual >= target
    return Status.ON_TRACK if reached else Status.OFF_TRACK


def _combine(observations: list[Observation], value: Decimal) -> Observation:
    return Observation(
        value=value,
        complete=all(o.complete for o in observations),
        approved=all(o.approved for o in observations),
    )


class _Tracker:
    def __init__(
        self,
        spec: Spec,
        start: date,
        end: date,
        targets: Mapping[str, Decimal],
        actuals: Mapping[str, Observation],
    ):
        self.spec, self.start, self.end = spec, start, end
        self.targets, self.actuals = targets, actuals
        self.years = years_between(start, end)
        self.quarters = {
            y.year: [q for q in quarters_between(start, end) if q.year == y.year]
            for y in self.years
        }

    # --- per-period amounts and levels (before running totals) --------------------------

    def own_or_year(self, year: Period) -> tuple[Observation | None, bool]:
        """The year's own value, or one derived from its quarters (and whether it was)."""
        if year.key in self.actuals:
            return self.actuals[year.key], False
        quarters = self.quarters[year.year]
        present = [self.actuals[q.key] for q in quarters if q.key in self.actuals]
        if not present:
            return None, False
        if self.spec.mode == Mode.NON_SUMMING:
            last = next(q for q in reversed(quarters) if q.key in self.actuals)
            latest = self.actuals[last.key]
            ends_year = last == quarters[-1]
            return Observation(latest.value, latest.complete and ends_year, latest.approved), True
        if not self.spec.summable:
            return None, False
        derived = _combine(present, sum((o.value for o in present), Decimal(0)))
        if len(present) < len(quarters):
            derived = Observation(derived.value, False, derived.approved)
        return derived, True

    def running(self, upto: Period) -> tuple[Observation | None, bool]:
        """Cumulative mode: the total from the start of the strategy to the end of ``upto``."""
        own = self.actuals.get(upto.key)
        if upto.kind == PeriodKind.QUARTER:
            if own is None:
                return None, False
            parts: list[Observation | None] = [
                self.own_or_year(y)[0] for y in self.years if y.year < upto.year
            ]
            parts += [
                self.actuals.get(q.key)
                for q in self.quarters[upto.year]
                if q.quarter <= upto.quarter
            ]
        elif upto.kind == PeriodKind.YEAR:
            this_year, _derived = self.own_or_year(upto)
            if this_year is None:
                return None, False
            parts = [self.own_or_year(y)[0] for y in self.years if y.year <= upto.year]
        else:
            if own is not None:
                return own, False
            parts = [self.own_or_year(y)[0] for y in self.years]
            if all(p is None for p in parts):
                return None, False
        known = [p for p in parts if p is not None]
        total = _combine(known, sum((p.value for p in known), Decimal(0)))
        if len(known) < len(parts):
            total = Observation(total.value, False, total.approved)
        return total, True

    # --- what the IPTT shows -------------------------------------------------------------

    def actual(self, period: Period) -> tuple[Observation | None, bool]:
        if self.spec.mode == Mode.CUMULATIVE:
            return self.running(period)
        if period.kind == PeriodKind.QUARTER:
            return self.actuals.get(period.key), False
        if period.kind == PeriodKind.YEAR:
            return self.own_or_year(period)
        if period.key in self.actuals:
            return self.actuals[period.key], False
        # Where the indicator stands at the end: its latest year (the level its life target is
        # derived at), or its latest quarter when no year has a figure.
        quarters = [q for y in self.years for q in self.quarters[y.year]]
        for candidate in [*reversed(self.years), *reversed(quarters)]:
            observation, _derived = self.actual(candidate)
            if observation is not None:
                return observation, True
        return None, False

    def target(self, period: Period) -> tuple[Decimal | None, bool]:
        if period.key in self.targets:
            return self.targets[period.key], False
        if period.kind == PeriodKind.YEAR:
            quarters = self.quarters[period.year]
            if self.spec.mode == Mode.NON_CUMULATIVE:
                values = [self.targets.get(q.key) for q in quarters]
                if self.spec.summable and quarters and all(v is not None for v in values):
                    return sum((v for v in values if v is not None), Decimal(0)), True
                return None, False
            if quarters and quarters[-1].key in self.targets:
                return self.targets[quarters[-1].key], True
            return None, False
        if period.kind == PeriodKind.LIFE and self.years:
            value, _derived = self.target(self.years[-1])
            return value, value is not None
        return None, False

    def frequency_periods(self) -> list[Period]:
        if self.spec.frequency == PeriodKind.QUARTER:
            return [q for y in self.years for q in self.quarters[y.year]]
        return list(self.years)

    def amount_series(self) -> list[Observation | None]:
        """Values for the trend: per-period amounts for cumulative indicators, else levels."""
        series = []
        for period in self.frequency_periods():
            if self.spec.mode == Mode.CUMULATIVE:
                observation = (
                    self.actuals.get(period.key)
                    if period.kind == PeriodKind.QUARTER
                    else self.own_or_year(period)[0]
                )
            else:
                observation = self.actual(period)[0]
            series.append(observation)
        return series


def track(
    spec: Spec,
    *,
    start: date,
    end: date,
    targets: Mapping[str, Decimal],
    actuals: Mapping[str, Observation],
    today: date,
    quarterly: bool = False,
) -> Track:
    """Targets, actuals, % met and status of every period of a strategy, and the overall status.

    ``targets`` and ``actuals`` are keyed by period key (``LOP``, ``2024``, ``2024Q1``).
    ``quarterly`` adds quarter cells even when targets are yearly.
    """
    tracker = _Tracker(spec, start, end, targets, actuals)
    periods: list[Period] = [*tracker.years, LIFE]
    if quarterly or spec.frequency == PeriodKind.QUARTER:
        periods += [q for y in tracker.years for q in tracker.quarters[y.year]]
    cells: dict[str, Cell] = {}
    for period in periods:
        target, target_derived = tracker.target(period)
        observation, actual_derived = tracker.actual(period)
        actual = observation.value if observation else None
        complete = observation.complete if observation else True
        status = status_of(spec, target, actual, complete=complete)
        if period.kind == PeriodKind.LIFE and end > today:
            # The life-of-strategy target is judged when the strategy ends; until then its %
            # reads as progress so far.
            status = Status.NO_DATA
        cells[period.key] = Cell(
            period=period,
            target=target,
            actual=actual,
            percent=percent_met(spec, target, actual),
            status=status,
            complete=complete,
            approved=observation.approved if observation else True,
            target_derived=target_derived,
            actual_derived=actual_derived,
        )

    judged = [LIFE] if spec.frequency == PeriodKind.LIFE else tracker.frequency_periods()
    status, status_period = Status.NO_DATA, None
    missing: list[Period] = []
    for period in judged:
        cell = cells[period.key]
        if cell.target is None:
            continue
        if cell.status != Status.NO_DATA:
            status, status_period = cell.status, period
            missing = []
        elif period.span(start, end)[1] < today:
            missing.append(period)
    return Track(
        cells=cells,
        status=status,
        status_period=status_period,
        trend=_trend(spec, tracker.amount_series()),
        missing=tuple(missing),
    )


def _trend(spec: Spec, series: list[Observation | None]) -> Trend:
    values = [o.value for o in series if o is not None and o.complete]
    if len(values) < 2:
        return Trend(TrendAssessment.UNKNOWN, values=tuple(values))
    previous, last = values[-2], values[-1]
    change = last - previous
    if change == 0 or (previous != 0 and abs(change) / abs(previous) < STABLE_TOLERANCE):
        return Trend(TrendAssessment.STABLE, change, tuple(values))
    better = change < 0 if spec.direction == Direction.DECREASE else change > 0
    assessment = TrendAssessment.IMPROVING if better else TrendAssessment.WORSENING
    return Trend(assessment, change, tuple(values))


# --- disaggregations ----------------------------------------------------------------------


@dataclass(frozen=True)
class DisaggregationCheck:
    total: Decimal | None
    category_sum: Decimal
    # The categories add up to the total (exclusive categories) or stay within it (overlapping).
    consistent: bool
    # How many units appear in more than one category (overlapping categories only).
    overlap: Decimal | None = None


def check_disaggregation(
    *,
    total: Decimal | None,
    values: Mapping[str, Decimal],
    double_counting: bool,
    summable: bool,
) -> DisaggregationCheck:
    """Whether disaggregated values agree with the total.

    Without double counting every unit is in exactly one category, so the categories add up to
    the total (which they define when no total is given). With double counting a unit may be in
    several categories (a participant in two components): each category is at most the total,
    and the excess of their sum over the total is the overlap. Percentages and rates are never
    added up.
    """
    category_sum = sum(values.values(), Decimal(0))
    if not summable:
        return DisaggregationCheck(total, category_sum, consistent=True)
    if not double_counting:
        if total is None:
            return DisaggregationCheck(category_sum, category_sum, consistent=True)
        return DisaggregationCheck(total, category_sum, consistent=category_sum == total)
    if total is None:
        return DisaggregationCheck(None, category_sum, consistent=False)
    within = all(v <= total for v in values.values())
    return DisaggregationCheck(
        total, category_sum, consistent=within, overlap=max(category_sum - total, Decimal(0))
    )
