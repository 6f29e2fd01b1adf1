"""Change over time: year-on-year and rolling 12-month series, exact comparison of two periods,
monthly seasonality and the Mann-Kendall trend test.

Missing periods stay missing: a change involving a period without data is ``<NA>``, and a
rolling 12-month total needs all 12 months.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from redpaz.analysis.errors import AnalysisError


def year_on_year(series: pd.DataFrame, *, value: str = "count", year: str = "year") -> pd.DataFrame:
    """Add ``previous``, ``change`` and ``change_pct`` (vs the calendar year before).

    The comparison is with year - 1 exactly: after a gap (a year without data) the change is
    ``<NA>``, not a change over two years. ``change_pct`` is ``<NA>`` when the previous value is 0.
    """
    if series.empty:
        raise AnalysisError("the series is empty")
    out = series.sort_values(year).reset_index(drop=True)
    values = pd.to_numeric(out[value]).astype("Float64")
    lookup = dict(zip(out[year].astype(int), values, strict=True))
    previous = pd.Series(
        [lookup.get(int(y) - 1, pd.NA) for y in out[year]], index=out.index, dtype="Float64"
    )
    out["previous"] = previous
    out["change"] = values - previous
    usable = previous.notna() & (previous != 0)
    pct = (values - previous) / previous.where(usable, 1.0) * 100
    out["change_pct"] = pct.astype("Float64").mask(~usable.astype(bool))
    return out


def rolling_12_months(
    monthly: pd.DataFrame, *, value: str = "count", year: str = "year", month: str = "month"
) -> pd.DataFrame:
    """Monthly series with its rolling 12-month total and the change against a year earlier.

    Months absent from ``monthly`` or with ``<NA>`` are missing data: any 12-month window that
    includes one has no total.
    """
    if monthly.empty:
        raise AnalysisError("the series is empty")
    periods = pd.PeriodIndex(
        [
            pd.Period(year=int(y), month=int(m), freq="M")
            for y, m in zip(monthly[year], monthly[month], strict=True)
        ]
    )
    values = pd.Series(pd.to_numeric(monthly[value]).astype("Float64").to_numpy(), index=periods)
    if values.index.has_duplicates:
        raise AnalysisError("a month appears twice in the series")
    full = pd.period_range(values.index.min(), values.index.max(), freq="M")
    values = values.reindex(full)
    as_float = values.astype(float)  # <NA> becomes NaN so a window with a gap sums to NaN
    rolling = as_float.rolling(12, min_periods=12).sum()
    rolling = rolling.where(as_float.isna().rolling(12, min_periods=12).sum() == 0)
    previous = rolling.shift(12)
    with np.errstate(divide="ignore", invalid="ignore"):
        change_pct = (rolling - previous) / previous * 100
    change_pct = change_pct.where(previous > 0)
    return pd.DataFrame(
        {
            year: full.year,
            month: full.month,
            value: values.to_numpy(),
            "rolling_12": pd.array(rolling.to_numpy(), dtype="Float64"),
            "previous_12": pd.array(previous.to_numpy(), dtype="Float64"),
            "change_pct": pd.array(change_pct.to_numpy(), dtype="Float64"),
        }
    )


@dataclass(frozen=True)
class RateComparison:
    """Rate ratio of period (or place) A against B, with an exact conditional test."""

    count_a: int
    exposure_a: float
    count_b: int
    exposure_b: float
    ratio: float  # rate_a / rate_b (inf when B has no events)
    ci_low: float
    ci_high: float
    p_value: float  # two-sided, H0: equal rates
    confidence: float


def compare_rates(
    count_a: int,
    exposure_a: float,
    count_b: int,
    exposure_b: float,
    *,
    confidence: float = 0.95,
) -> RateComparison:
    """Exact test that two Poisson rates are equal, and the rate ratio's exact interval.

    Conditional on the total n = a + b, a is Binomial(n, π) with π = RR·Ea / (RR·Ea + Eb).
    The p-value is the two-sided binomial test of π = Ea / (Ea + Eb); the interval is the
    Clopper-Pearson interval for π mapped to the ratio (as R's ``poisson.test``).
    """
    if not 0 < confidence < 1:
        raise AnalysisError(f"the confidence level must be between 0 and 1, not {confidence}")
    if count_a < 0 or count_b < 0:
        raise AnalysisError("counts cannot be negative")
    if exposure_a <= 0 or exposure_b <= 0:
        raise AnalysisError("both periods need a positive population (exposure)")
    n = int(count_a) + int(count_b)
    if n == 0:
        raise AnalysisError("there are no events in either period: there is nothing to compare")
    null = exposure_a / (exposure_a + exposure_b)
    test = stats.binomtest(int(count_a), n, null, alternative="two-sided")
    interval = test.proportion_ci(confidence_level=confidence, method="exact")
    scale = exposure_b / exposure_a

    def to_ratio(p: float) -> float:
        return math.inf if p >= 1 else p / (1 - p) * scale

    rate_b = count_b / exposure_b
    ratio = math.inf if rate_b == 0 else (count_a / exposure_a) / rate_b
    return RateComparison(
        count_a=int(count_a),
        exposure_a=float(exposure_a),
        count_b=int(count_b),
        exposure_b=float(exposure_b),
        ratio=ratio,
        ci_low=to_ratio(interval.low),
        ci_high=to_ratio(interval.high),
        p_value=float(test.pvalue),
        confidence=confidence,
    )


@dataclass(frozen=True)
class Seasonality:
    """Observed against expected events per calendar month, given the days each month has."""

    table: pd.DataFrame  # month, observed, expected, index (observed / expected)
    chi2: float
    dof: int
    p_value: float
    years: int


def seasonality(
    monthly: pd.DataFrame, *, value: str = "count", year: str = "year", month: str = "month"
) -> Seasonality:
    """Monthly seasonal index over complete years, and a chi-square test of no seasonality.

    Under no seasonality events fall evenly over days, so a month's expected share is its share
    of the days (leap years included). Index 1.2 means 20 % more events than the days predict.
    Years with a month missing are left out.
    """
    frame = monthly[[year, month, value]].copy()
    frame[value] = pd.to_numeric(frame[value]).astype("Float64")
    complete = frame.dropna().groupby(year)[month].nunique()
    years = sorted(int(y) for y in complete[complete == 12].index)
    if not years:
        raise AnalysisError("seasonality needs at least one complete year of monthly data")
    used = frame[frame[year].isin(years)]
    observed = used.groupby(month)[value].sum().reindex(range(1, 13)).astype(float)
    days = np.array(
        [sum(calendar.monthrange(y, m)[1] for y in years) for m in range(1, 13)], dtype=float
    )
    total = observed.sum()
    if total == 0:
        raise AnalysisError("there are no events in the complete years: no seasonality to show")
    expected = total * days / days.sum()
    chi2 = float(((observed.to_numpy() - expected) ** 2 / expected).sum())
    table = pd.DataFrame(
        {
            "month": range(1, 13),
            "observed": observed.to_numpy().astype(int),
            "expected": expected,
            "index": observed.to_numpy() / expected,
        }
    )
    return Seasonality(table, chi2, 11, float(stats.chi2.sf(chi2, 11)), len(years))


@dataclass(frozen=True)
class MannKendall:
    s: int
    variance: float
    z: float
    p_value: float  # two-sided
    tau: float  # S / (n(n-1)/2)
    trend: str  # "increasing" | "decreasing" | "none" at the requested level


def mann_kendall(
    values: np.ndarray, *, alpha: float = 0.05, continuity: bool = True
) -> MannKendall:
    """Mann-Kendall test for a monotonic trend (Mann 1945; Kendall 1975), ties corrected."""
    x = np.asarray(values, dtype=float)
    if x.ndim != 1 or len(x) < 3:
        raise AnalysisError("a trend test needs at least 3 periods")
    if not np.isfinite(x).all():
        raise AnalysisError("a trend test needs a value for every period")
    return mann_kendall_many(x[None, :], alpha=alpha, continuity=continuity)[0]


def mann_kendall_many(
    values: np.ndarray, *, alpha: float = 0.05, continuity: bool = True
) -> list[MannKendall]:
    """Mann-Kendall for each row of a (series x periods) array, vectorised over rows.

    ``continuity`` subtracts 1 from |S| before dividing by its standard deviation (the usual
    correction for a discrete statistic).
    """
    x = np.asarray(values, dtype=float)
    n = x.shape[1]
    if n < 3:
        raise AnalysisError("a trend test needs at least 3 periods")
    i, j = np.triu_indices(n, k=1)
    s = np.sign(x[:, j] - x[:, i]).sum(axis=1)
    variance = np.empty(len(x))
    for row, series in enumerate(x):
        _values, ties = np.unique(series, return_counts=True)
        correction = (ties * (ties - 1) * (2 * ties + 5)).sum()
        variance[row] = (n * (n - 1) * (2 * n + 5) - correction) / 18
    shrunk = np.sign(s) * np.maximum(np.abs(s) - 1, 0) if continuity else s
    with np.errstate(divide="ignore", invalid="ignore"):
        z = shrunk / np.sqrt(variance)
    z = np.where(variance > 0, z, 0.0)
    p = 2 * stats.norm.sf(np.abs(z))
    tau = s / (n * (n - 1) / 2)
    return [
        MannKendall(
            s=int(s[k]),
            variance=float(variance[k]),
            z=float(z[k]),
            p_value=float(p[k]),
            tau=float(tau[k]),
            trend=("increasing" if z[k] > 0 else "decreasing") if p[k] <= alpha else "none",
        )
        for k in range(len(x))
    ]
