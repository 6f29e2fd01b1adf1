"""Rates, exact intervals, pooling and age standardisation against independent computations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.rates import confint_poisson

from redpaz.analysis.errors import AnalysisError
from redpaz.analysis.rates import Status, poisson_interval, pooled, rates, standardised_rates
from tests.analysis.realdata import dane_population, policia_homicides


def test_garwood_limits_match_statsmodels_exact_interval() -> None:
    counts = np.array([0, 1, 2, 5, 17, 402, 13555])
    low, high = poisson_interval(counts)
    for k, lo, hi in zip(counts, low, high, strict=True):
        ref_low, ref_high = confint_poisson(int(k), 1.0, method="exact-c")
        assert lo == pytest.approx(ref_low, rel=1e-12, abs=1e-12)
        assert hi == pytest.approx(ref_high, rel=1e-12)


def test_garwood_interval_matches_r_poisson_test_published_example() -> None:
    # R: poisson.test(137, 24.19893) -> rate 5.661407, 95% CI 4.753125 6.692709
    low, high = poisson_interval([137])
    assert (low[0] / 24.19893, high[0] / 24.19893) == (
        pytest.approx(4.753125, abs=5e-7),
        pytest.approx(6.692709, abs=5e-7),
    )


def test_it_flags_missing_counts_and_missing_or_zero_population() -> None:
    frame = pd.DataFrame(
        {
            "code": ["a", "b", "c", "d", "e"],
            "count": pd.array([402, 0, None, 5, 3], dtype="Int64"),
            "population": pd.array([2_549_008, 1000, 100, 0, None], dtype="Int64"),
        },
        index=[10, 11, 12, 13, 14],
    )
    out = rates(frame)
    assert out["status"].tolist() == [
        Status.OK,
        Status.OK,
        Status.MISSING,
        Status.ZERO_POPULATION,
        Status.NO_POPULATION,
    ]
    assert out.loc[10, "rate"] == pytest.approx(15.770841, abs=1e-6)
    assert out.loc[11, "rate"] == 0 and out.loc[11, "ci_low"] == 0
    assert out.loc[11, "ci_high"] == pytest.approx(-np.log(0.025) / 1000 * 1e5)
    for column in ("rate", "ci_low", "ci_high"):
        assert out[column].isna().tolist() == [False, False, True, True, True]
        assert not np.isinf(out[column].dropna().to_numpy(dtype=float)).any()


def test_it_rejects_negative_counts_and_bad_confidence() -> None:
    with pytest.raises(AnalysisError, match="negative"):
        rates(pd.DataFrame({"count": [-1], "population": [10]}))
    with pytest.raises(AnalysisError, match="confidence"):
        poisson_interval([1], confidence=1.5)


def test_pooling_leaves_missing_years_out_of_both_sums() -> None:
    frame = pd.DataFrame(
        {
            "code": ["a"] * 4 + ["b"] * 4,
            "year": [2019, 2020, 2021, 2022] * 2,
            "count": pd.array([3, None, 5, 2, 1, 1, 1, 1], dtype="Int64"),
            "population": pd.array([100, 100, 110, 120, 50, 50, None, 50], dtype="Int64"),
        }
    )
    out = pooled(frame, by=["code"]).set_index("code")
    assert out.loc["a", "count"] == 10 and out.loc["a", "population"] == 330
    assert out.loc["a", "years"] == 3
    assert (out.loc["a", "first_year"], out.loc["a", "last_year"]) == (2019, 2022)
    assert pd.isna(out.loc["b", "population"])  # a year with data lacks population
    assert rates(out.reset_index()).set_index("code").loc["b", "status"] == Status.NO_POPULATION


def test_direct_standardisation_matches_esda_with_fay_feuer_interval() -> None:
    from esda.smoothing import direct_age_standardization

    counts = np.array([10, 8, 30, 42, 3, 5, 12, 60])
    population = np.array([1000, 2000, 3000, 4000, 500, 800, 2500, 7000])
    standard = np.array([4000, 6000, 2000, 1000])
    strata = pd.DataFrame(
        {
            "place": ["x"] * 4 + ["y"] * 4,
            "stratum": ["0-14", "15-29", "30-59", "60+"] * 2,
            "count": counts,
            "population": population,
        }
    )
    ours = standardised_rates(
        strata, pd.Series(standard, index=["0-14", "15-29", "30-59", "60+"]), by=["place"], per=1
    )
    theirs = direct_age_standardization(counts, population, np.tile(standard, 2), 2, alpha=0.05)
    for row, (rate, low, high) in zip(ours.itertuples(), theirs, strict=True):
        assert row.rate == pytest.approx(rate, rel=1e-12)
        assert row.ci_low == pytest.approx(low, rel=1e-9)
        assert row.ci_high == pytest.approx(high, rel=1e-9)


def test_standardisation_refuses_an_age_group_without_population() -> None:
    strata = pd.DataFrame(
        {"place": ["x", "x"], "stratum": ["a", "b"], "count": [1, 2], "population": [100, 0]}
    )
    with pytest.raises(AnalysisError, match="no population for age group"):
        standardised_rates(strata, pd.Series([1.0, 1.0], index=["a", "b"]), by=["place"])


@pytest.mark.shared_data
def test_published_rates_of_medellin_and_palmira_2021(shared_data) -> None:
    events = policia_homicides(shared_data / "policia_homicidios" / "homicidios_2021.xls")
    population = dane_population(shared_data / "dane_poblacion")
    counts = events.groupby("code")["count"].sum()
    frame = (
        population[population["year"] == 2021]
        .set_index("code")
        .loc[["05001", "76520"]]
        .assign(count=counts)
        .reset_index()
    )
    out = rates(frame).set_index("code")
    assert out.loc["05001", "count"] == 402 and out.loc["05001", "population"] == 2_549_008
    assert round(out.loc["05001", "rate"], 2) == 15.77
    assert round(out.loc["76520", "rate"], 2) == 43.40
