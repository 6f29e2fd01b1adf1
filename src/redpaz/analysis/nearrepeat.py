"""Near-repeat analysis: the Knox test and Ratcliffe-style space-time band tables, vectorised.

Do events close in space also happen close in time more often than chance? The Knox statistic
counts pairs of events within ``distance`` and ``days`` of each other; its null distribution
comes from shuffling the dates among the events (space and time patterns each kept, their link
broken). Pairs close in space are found once with a k-d tree; each permutation is then a
vectorised count over those pairs only.

Same seed, same draws as ``pointpats.spacetime.Knox`` after ``numpy.random.seed(seed)`` (one
``permutation(n)`` per replication), so the p-values are identical to pointpats'.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import cKDTree

from redpaz.analysis.errors import AnalysisError

DEFAULT_PERMUTATIONS = 999
DEFAULT_SEED = 12345


@dataclass(frozen=True)
class KnoxResult:
    events: int
    distance: float
    days: float
    space_pairs: int  # pairs within the distance
    time_pairs: int  # pairs within the days
    observed: int  # pairs within both
    expected: float  # space_pairs * time_pairs / all pairs
    ratio: float  # observed / expected (nan when nothing is expected)
    p_value: float  # permutation, one-sided: (#simulated >= observed + 1) / (R + 1)
    p_poisson: float  # P(X > observed), X ~ Poisson(expected): 1 - F(observed), as pointpats
    permutations: int
    seed: int


def knox(
    x: np.ndarray,
    y: np.ndarray,
    t: np.ndarray,
    *,
    distance: float,
    days: float,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
) -> KnoxResult:
    """Knox test of space-time interaction (projected coordinates, times in days)."""
    px, py, times = _inputs(x, y, t)
    if distance <= 0 or days < 0:
        raise AnalysisError("the distance must be positive and the days not negative")
    if permutations < 0:
        raise AnalysisError("the number of permutations cannot be negative")
    n = len(times)
    left, right = _space_pairs(px, py, distance)
    space_pairs = len(left)
    time_pairs = _time_pairs(times, days)
    observed = int(np.count_nonzero(np.abs(times[left] - times[right]) <= days))
    all_pairs = n * (n - 1) / 2
    expected = space_pairs * time_pairs / all_pairs
    exceed = 0
    if permutations:
        count_close = _close_pair_counter(times, left, right, days)
        rng = np.random.RandomState(seed)
        ids = np.arange(n)
        for _ in range(permutations):
            exceed += int(count_close(rng.permutation(ids)) >= observed)
    return KnoxResult(
        events=n,
        distance=float(distance),
        days=float(days),
        space_pairs=space_pairs,
        time_pairs=time_pairs,
        observed=observed,
        expected=float(expected),
        ratio=float(observed / expected) if expected > 0 else float("nan"),
        p_value=float((exceed + 1) / (permutations + 1)) if permutations else float("nan"),
        p_poisson=float(1 - stats.poisson.cdf(observed, expected)),
        permutations=permutations,
        seed=seed,
    )


def near_repeat_table(
    x: np.ndarray,
    y: np.ndarray,
    t: np.ndarray,
    *,
    distance_bands: Sequence[float],
    day_bands: Sequence[float],
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
) -> pd.DataFrame:
    """Observed/expected pairs in each (distance band x time band), like Ratcliffe's calculator.

    Bands are upper limits, inclusive: distance bands (0, 100], (100, 200]... given as
    [100, 200, ...]; pairs at the same place are in the first band. Expected counts are the
    mean over permutations of the dates; ``p_value`` is one-sided (more pairs than chance).
    """
    px, py, times = _inputs(x, y, t)
    d_edges = _edges(distance_bands, "distance")
    t_edges = _edges(day_bands, "day")
    left, right = _space_pairs(px, py, d_edges[-1])
    gap = np.hypot(px[left] - px[right], py[left] - py[right])
    d_band = np.searchsorted(d_edges, gap, side="left")
    n_t = len(t_edges)
    cells = len(d_edges) * n_t

    def table(times_now: np.ndarray) -> np.ndarray:
        lag = np.abs(times_now[left] - times_now[right])
        t_band = np.searchsorted(t_edges, lag, side="left")
        inside = t_band < n_t
        return np.bincount(d_band[inside] * n_t + t_band[inside], minlength=cells)

    observed = table(times)
    total = np.zeros(cells)
    exceed = np.zeros(cells)
    rng = np.random.RandomState(seed)
    ids = np.arange(len(times))
    for _ in range(permutations):
        simulated = table(times[rng.permutation(ids)])
        total += simulated
        exceed += simulated >= observed
    expected = total / permutations if permutations else np.full(cells, np.nan)
    d_low = np.concatenate([[0.0], d_edges[:-1]])
    t_low = np.concatenate([[0.0], t_edges[:-1]])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(expected > 0, observed / expected, np.nan)
    return pd.DataFrame(
        {
            "distance_from": np.repeat(d_low, n_t),
            "distance_to": np.repeat(d_edges, n_t),
            "days_from": np.tile(t_low, len(d_edges)),
            "days_to": np.tile(t_edges, len(d_edges)),
            "observed": observed,
            "expected": expected,
            "ratio": ratio,
            "p_value": (exceed + 1) / (permutations + 1) if permutations else np.nan,
        }
    )


def _close_pair_counter(
    times: np.ndarray, left: np.ndarray, right: np.ndarray, days: float
) -> Callable[[np.ndarray], int]:
    """A function counting the pairs within ``days`` once times are shuffled by a permutation.

    Pairs are sorted by their first event so that its times are laid out with ``np.repeat``
    (a sequential copy) and only the second event's times need a random gather. Whole-day
    times are compared as small integers, which keeps the arrays in cache.
    """
    order = np.lexsort((right, left))
    second = right[order].astype(np.intp)
    repeats = np.bincount(left[order], minlength=len(times))
    whole = np.all(times == np.round(times)) and np.abs(times).max() < 2**31 and days < 2**31
    values = times.astype(np.int32) if whole else times
    limit = int(np.floor(days)) if whole else days
    gap = np.empty(len(second), dtype=values.dtype)
    close = np.empty(len(second), dtype=bool)

    def count(permutation: np.ndarray) -> int:
        shuffled = values[permutation]
        first = np.repeat(shuffled, repeats)
        np.take(shuffled, second, out=gap)
        np.subtract(first, gap, out=gap)
        np.abs(gap, out=gap)
        np.less_equal(gap, limit, out=close)
        return int(np.count_nonzero(close))

    return count


def _space_pairs(x: np.ndarray, y: np.ndarray, distance: float) -> tuple[np.ndarray, np.ndarray]:
    pairs = cKDTree(np.column_stack([x, y])).query_pairs(distance, output_type="ndarray")
    return pairs[:, 0], pairs[:, 1]


def _time_pairs(times: np.ndarray, days: float) -> int:
    ordered = np.sort(times)
    reach = np.searchsorted(ordered, ordered + days, side="right")
    return int((reach - np.arange(1, len(ordered) + 1)).sum())


def _edges(bands: Sequence[float], what: str) -> np.ndarray:
    edges = np.asarray(list(bands), dtype=float)
    if len(edges) == 0 or (edges <= 0).any() or (np.diff(edges) <= 0).any():
        raise AnalysisError(f"{what} bands must be positive and increasing")
    return edges


def _inputs(x: np.ndarray, y: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, ...]:
    px = np.asarray(x, dtype=float).ravel()
    py = np.asarray(y, dtype=float).ravel()
    times = np.asarray(t, dtype=float).ravel()
    if not len(px) == len(py) == len(times):
        raise AnalysisError("x, y and t must have the same length")
    if len(px) < 2:
        raise AnalysisError("a near-repeat test needs at least two events")
    if not (np.isfinite(px).all() and np.isfinite(py).all() and np.isfinite(times).all()):
        raise AnalysisError("every event needs coordinates and a date")
    return px, py, times
