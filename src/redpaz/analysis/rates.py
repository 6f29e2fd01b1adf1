"""Rates per 100,000 with exact Poisson intervals, pooled periods and direct age standardisation.

A rate is only as good as its two parts. Counts may be missing (no import covers the period):
then the rate is missing, never zero. Populations may be missing or zero: then the rate is
flagged and left empty, never infinite. Missing values travel as pandas ``<NA>`` so that CSV and
JSON outputs show an empty cell, not a number.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from redpaz.analysis.errors import AnalysisError

PER_100K = 100_000


class Status:
    """Why a rate is, or is not, there."""

    OK = "ok"
    MISSING = "missing"  # no data for the period: the count is unknown, not zero
    NO_POPULATION = "no_population"  # population unknown for the territory and period
    ZERO_POPULATION = "zero_population"  # population recorded as 0


def poisson_interval(
    counts: Sequence[float] | np.ndarray, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Return exact (Garwood 1936) confidence limits for Poisson counts.

    With a = 1 - confidence: lower limit chi2(a/2; 2k)/2 (0 when k = 0), upper limit
    chi2(1 - a/2; 2k + 2)/2. "Exact": coverage is at least the nominal level for every mean.
    """
    _check_confidence(confidence)
    k = np.asarray(counts, dtype=float)
    if np.any(k[~np.isnan(k)] < 0):
        raise AnalysisError("counts cannot be negative")
    alpha = 1.0 - confidence
    with np.errstate(invalid="ignore"):
        low = np.where(k > 0, stats.chi2.ppf(alpha / 2, 2 * k) / 2, 0.0)
        high = stats.chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2
    low = np.where(np.isnan(k), np.nan, low)
    return low, high


def rates(
    frame: pd.DataFrame,
    *,
    count: str = "count",
    population: str = "population",
    per: int = PER_100K,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Add ``rate``, ``ci_low``, ``ci_high`` and ``status`` to a frame of counts and populations.

    ``count`` may hold ``<NA>`` for periods without data (status "missing"); ``population`` may
    hold ``<NA>`` or 0 (status "no_population" / "zero_population"). The rate and its interval
    are ``<NA>`` in all three cases.
    """
    _check_confidence(confidence)
    out = frame.copy()
    k = pd.to_numeric(out[count], errors="raise").astype("Float64")
    pop = pd.to_numeric(out[population], errors="raise").astype("Float64")
    if (k.dropna() < 0).any():
        raise AnalysisError("counts cannot be negative")
    if (pop.dropna() < 0).any():
        raise AnalysisError("population cannot be negative")
    status = np.full(len(out), Status.OK, dtype=object)
    status[pop.isna().to_numpy()] = Status.NO_POPULATION
    status[(pop == 0).fillna(False).to_numpy(dtype=bool)] = Status.ZERO_POPULATION
    status[k.isna().to_numpy()] = Status.MISSING
    usable = status == Status.OK

    k_values = k.to_numpy(dtype=float, na_value=np.nan)
    pop_values = pop.to_numpy(dtype=float, na_value=np.nan)
    low, high = poisson_interval(np.where(usable, k_values, 0.0), confidence)
    scale = np.divide(per, pop_values, out=np.full(len(out), np.nan), where=usable)
    out["rate"] = _nullable(k_values * scale, usable)
    out["ci_low"] = _nullable(low * scale, usable)
    out["ci_high"] = _nullable(high * scale, usable)
    out["status"] = status
    return out


def pooled(
    frame: pd.DataFrame,
    *,
    by: Sequence[str],
    year: str = "year",
    count: str = "count",
    population: str = "population",
) -> pd.DataFrame:
    """Pool several years into one count over the person-years of the years with data.

    Years whose count is missing are left out of both sums (they are unknown, not zero), and
    ``years`` says how many were pooled. If a year with data lacks population, the pooled
    population is unknown (``<NA>``): a partial denominator would overstate the rate.
    """
    if frame.empty:
        raise AnalysisError("there is nothing to pool: the series is empty")
    work = frame[[*by, year, count, population]].copy()
    work["_has_count"] = work[count].notna()
    known = work[work["_has_count"]]
    grouped = known.groupby(list(by), sort=True, dropna=False)
    result = grouped.agg(
        first_year=(year, "min"),
        last_year=(year, "max"),
        years=(year, "nunique"),
        count=(count, "sum"),
    )
    pop_missing = known[population].isna().groupby([known[c] for c in by]).any()
    person_years = known.groupby(list(by), sort=True, dropna=False)[population].sum(min_count=1)
    result["population"] = person_years.astype("Int64").mask(pop_missing.astype(bool))
    result["count"] = result["count"].astype("Int64")
    everything = work.groupby(list(by), sort=True, dropna=False).size().index
    result = result.reindex(everything)
    result["years"] = result["years"].fillna(0).astype("int64")
    return result.reset_index()


def standardised_rates(
    strata: pd.DataFrame,
    standard: pd.Series,
    *,
    by: Sequence[str],
    stratum: str = "stratum",
    count: str = "count",
    population: str = "population",
    per: int = PER_100K,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Directly age-standardised rates with Fay & Feuer (1997) gamma confidence intervals.

    ``strata`` has one row per group (``by``) and stratum with the stratum's count and
    population; ``standard`` is the standard population indexed by stratum. Every group must
    have every stratum of the standard with a positive population: a stratum without
    population cannot be weighted, and leaving it out would bias the result silently.
    """
    _check_confidence(confidence)
    std = standard.astype(float)
    if std.empty or (std <= 0).all():
        raise AnalysisError("the standard population is empty")
    if (std < 0).any():
        raise AnalysisError("the standard population cannot be negative")
    weights = std / std.sum()
    rows = []
    for key, group in strata.groupby(list(by), sort=True):
        group = group.set_index(stratum)
        missing = [s for s in std.index if s not in group.index]
        pop = group[population].reindex(std.index).astype(float)
        if missing or pop.isna().any() or (pop <= 0).any():
            lacking = missing or list(pop.index[pop.isna() | (pop <= 0)])
            label = key if isinstance(key, tuple) else (key,)
            raise AnalysisError(
                f"no population for age group(s) {', '.join(map(str, lacking))} of "
                f"{' '.join(map(str, label))}: age-standardised rates need the population of "
                "every age group"
            )
        k = group[count].reindex(std.index).astype(float)
        if k.isna().any():
            raise AnalysisError("age-standardised rates need a count for every age group")
        rate, low, high = _fay_feuer(k.to_numpy(), pop.to_numpy(), weights.to_numpy(), confidence)
        label = key if isinstance(key, tuple) else (key,)
        rows.append(
            {
                **dict(zip(by, label, strict=True)),
                "count": int(k.sum()),
                "population": int(pop.sum()),
                "crude_rate": k.sum() / pop.sum() * per,
                "rate": rate * per,
                "ci_low": low * per,
                "ci_high": high * per,
            }
        )
    if not rows:
        raise AnalysisError("there is nothing to standardise: the series is empty")
    return pd.DataFrame(rows)


def _fay_feuer(
    counts: np.ndarray, population: np.ndarray, weights: np.ndarray, confidence: float
) -> tuple[float, float, float]:
    """Fay & Feuer (1997): gamma limits for a weighted sum of Poisson rates."""
    alpha = 1.0 - confidence
    w = weights / population  # weight of one event of each stratum in the standardised rate
    rate = float((w * counts).sum())
    var = float((w * w * counts).sum())
    w_max = float(w.max())
    low = 0.0 if rate == 0 else float(stats.gamma.ppf(alpha / 2, rate**2 / var, scale=var / rate))
    shape = (rate + w_max) ** 2 / (var + w_max**2)
    high = float(stats.gamma.ppf(1 - alpha / 2, shape, scale=(var + w_max**2) / (rate + w_max)))
    return rate, low, high


def _nullable(values: np.ndarray, keep: np.ndarray) -> pd.api.extensions.ExtensionArray:
    # NaN becomes <NA> in a Float64 array: an empty cell, never a number.
    return pd.array(np.where(keep, values, np.nan), dtype="Float64")


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise AnalysisError(f"the confidence level must be between 0 and 1, not {confidence}")
