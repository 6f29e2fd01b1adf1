"""Changes, rolling totals, two-period comparison, seasonality and trend tests."""

from __future__ import annotations

import calendar
import itertools

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats import rates as sm_rates

from redpaz.analysis.errors import AnalysisError
from redpaz.analysis.trends import (
    compare_rates,
    mann_kendall,
    rolling_12_months,
    seasonality,
    year_on_year,
)


def test_rate_comparison_matches_r_poisson_test_published_example() -> None:
    # R: poisson.test(c(11, 6+8+7), c(800, 1083+1050+878)): rate ratio 1.971488,
    # 95% CI 0.8584264 4.2772659, p-value = 0.07967
    result = compare_rates(11, 800, 21, 3011)
    assert result.ratio == pytest.approx(1.971488, abs=5e-7)
    assert result.ci_low == pytest.approx(0.8584264, abs=5e-8)
    assert result.ci_high == pytest.approx(4.2772659, abs=5e-8)
    assert result.p_value == pytest.approx(0.07967, abs=5e-6)
    reference = sm_rates.test_poisson_2indep(11, 800, 21, 3011, method="exact-cond")
    assert result.p_value == pytest.approx(reference.pvalue, rel=1e-12)


def test_rate_comparison_without_events_in_the_reference_period() -> None:
    result = compare_rates(4, 10_000, 0, 10_000)
    assert result.ratio == float("inf") and result.ci_high == float("inf")
    assert result.ci_low > 0
    with pytest.raises(AnalysisError, match="no events in either period"):
        compare_rates(0, 100, 0, 100)
    with pytest.raises(AnalysisError, match="positive population"):
        compare_rates(1, 0, 1, 100)


def test_year_on_year_is_missing_after_a_gap_and_after_zero() -> None:
    series = pd.DataFrame({"year": [2018, 2019, 2021, 2022, 2023], "count": [10, 12, 0, 5, 4]})
    out = year_on_year(series)
    assert out["change"].tolist()[:2] == [pd.NA, 2] or pd.isna(out["change"][0])
    assert out["change_pct"][1] == pytest.approx(20.0)
    assert pd.isna(out["change"][2])  # 2020 has no data: no change over two years
    assert pd.isna(out["change_pct"][3])  # previous year had 0 events
    assert out["change_pct"][4] == pytest.approx(-20.0)


def test_rolling_12_months_matches_pandas_and_stops_at_a_missing_month() -> None:
    rng = np.random.default_rng(0)
    months = pd.period_range("2019-01", "2022-12", freq="M")
    counts = rng.poisson(30, len(months))
    monthly = pd.DataFrame({"year": months.year, "month": months.month, "count": counts})
    monthly = monthly.drop(index=30)  # 2021-07 missing
    out = rolling_12_months(monthly)
    reference = pd.Series(counts, index=months).astype(float)
    reference.iloc[30] = np.nan
    expected = reference.rolling(12).sum()
    got = out["rolling_12"].astype(float).to_numpy()
    np.testing.assert_allclose(got, expected.to_numpy())
    assert (
        out["rolling_12"].isna().sum() == 11 + 12
    )  # first 11 months, then 12 windows with 2021-07
    change = out["change_pct"].astype(float).to_numpy()
    december_2020 = 23
    assert change[december_2020] == pytest.approx(
        (expected.iloc[23] - expected.iloc[11]) / expected.iloc[11] * 100
    )


def test_seasonality_matches_scipy_chisquare_with_days_of_each_month() -> None:
    rng = np.random.default_rng(1)
    rows = [
        (
            year,
            month,
            rng.poisson(2 * calendar.monthrange(year, month)[1] * (1.3 if month == 12 else 1)),
        )
        for year in (2019, 2020, 2021)
        for month in range(1, 13)
    ]
    rows.append((2022, 1, 90))  # an incomplete year is left out
    monthly = pd.DataFrame(rows, columns=["year", "month", "count"])
    result = seasonality(monthly)
    full = monthly[monthly["year"] < 2022]
    observed = full.groupby("month")["count"].sum().to_numpy()
    days = np.array(
        [sum(calendar.monthrange(y, m)[1] for y in (2019, 2020, 2021)) for m in range(1, 13)]
    )
    reference = stats.chisquare(observed, observed.sum() * days / days.sum())
    assert result.chi2 == pytest.approx(reference.statistic)
    assert result.p_value == pytest.approx(reference.pvalue)
    assert result.years == 3
    assert result.table.loc[11, "index"] > 1.15  # December


def _mann_kendall_by_hand(x: list[float]) -> tuple[int, float]:
    s = sum(int(np.sign(x[j] - x[i])) for i, j in itertools.combinations(range(len(x)), 2))
    n = len(x)
    ties = pd.Series(x).value_counts().to_numpy()
    variance = (n * (n - 1) * (2 * n + 5) - (ties * (ties - 1) * (2 * ties + 5)).sum()) / 18
    return s, variance


def test_mann_kendall_matches_the_definition_and_scipy_kendall_tau() -> None:
    x = [1.0, 2.0, 3.0, 3.0, 5.0, 4.0, 7.0, 7.0, 2.0, 9.0]
    s, variance = _mann_kendall_by_hand(x)
    result = mann_kendall(np.array(x))
    assert (result.s, result.variance) == (s, pytest.approx(variance))
    assert result.z == pytest.approx((s - 1) / np.sqrt(variance))
    # Without continuity correction, S / sd(S) is scipy's asymptotic Kendall tau test.
    plain = mann_kendall(np.array(x), continuity=False)
    reference = stats.kendalltau(np.arange(len(x)), x, method="asymptotic")
    assert plain.p_value == pytest.approx(reference.pvalue, rel=1e-10)
    assert result.trend == "increasing"
    with pytest.raises(AnalysisError, match="at least 3"):
        mann_kendall(np.array([1.0, 2.0]))
