"""Knox test and near-repeat tables against pointpats and brute force."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from redpaz.analysis.errors import AnalysisError
from redpaz.analysis.nearrepeat import knox, near_repeat_table


def _events(n: int = 300, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(0, 4000, n), rng.uniform(0, 4000, n)
    t = rng.integers(0, 365, n).astype(float)
    # A few near repeats: copies of events 30 m and 3 days away.
    x[-30:], y[-30:], t[-30:] = x[:30] + 30, y[:30], t[:30] + 3
    return x, y, t


def test_knox_is_identical_to_pointpats_with_the_same_seed() -> None:
    from pointpats.spacetime import Knox

    x, y, t = _events()
    ours = knox(x, y, t, distance=200, days=7, permutations=199, seed=21)
    np.random.seed(21)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = Knox(np.column_stack([x, y]), t.reshape(-1, 1), delta=200, tau=7, permutations=199)
    assert ours.observed == theirs.statistic_
    assert ours.expected == pytest.approx(theirs.expected[0, 0])
    assert ours.p_value == theirs.p_sim
    assert ours.p_poisson == pytest.approx(theirs.p_poisson)
    assert ours.observed > ours.expected and ours.p_value < 0.01


def test_knox_counts_match_brute_force() -> None:
    x, y, t = _events(150, seed=4)
    result = knox(x, y, t, distance=300, days=10, permutations=0)
    i, j = np.triu_indices(len(x), k=1)
    near_space = np.hypot(x[i] - x[j], y[i] - y[j]) <= 300
    near_time = np.abs(t[i] - t[j]) <= 10
    assert result.space_pairs == near_space.sum()
    assert result.time_pairs == near_time.sum()
    assert result.observed == (near_space & near_time).sum()


def test_near_repeat_table_observed_counts_match_brute_force() -> None:
    x, y, t = _events(200, seed=6)
    table = near_repeat_table(
        x, y, t, distance_bands=[100, 200, 400], day_bands=[7, 14, 30], permutations=49
    )
    assert len(table) == 9
    i, j = np.triu_indices(len(x), k=1)
    gap = np.hypot(x[i] - x[j], y[i] - y[j])
    lag = np.abs(t[i] - t[j])
    first = table.iloc[0]
    assert first["observed"] == ((gap <= 100) & (lag <= 7)).sum()
    last = table.iloc[-1]
    assert last["observed"] == ((gap > 200) & (gap <= 400) & (lag > 14) & (lag <= 30)).sum()
    assert ((table["p_value"] > 0) & (table["p_value"] <= 1)).all()


def test_it_refuses_bad_input() -> None:
    with pytest.raises(AnalysisError, match="at least two events"):
        knox(np.array([0.0]), np.array([0.0]), np.array([0.0]), distance=1, days=1)
    with pytest.raises(AnalysisError, match="increasing"):
        near_repeat_table(
            np.zeros(3), np.zeros(3), np.zeros(3), distance_bands=[200, 100], day_bands=[7]
        )
