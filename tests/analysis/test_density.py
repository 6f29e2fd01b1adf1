"""Kernel density by binning and FFT against direct evaluation and scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest

from redpaz.analysis.density import kernel_density
from redpaz.analysis.errors import AnalysisError


def _sample(seed: int = 0, n: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(0, 1000, n), rng.normal(0, 600, n)


def test_quartic_surface_matches_direct_evaluation_and_keeps_the_mass() -> None:
    x, y = _sample()
    grid = kernel_density(x, y, bandwidth=300, cell_size=20)
    assert grid.values.sum() * 20 * 20 == pytest.approx(len(x), rel=1e-9)
    cx, cy = grid.centres()
    rng = np.random.default_rng(1)
    rows, cols = rng.integers(0, grid.shape[0], 300), rng.integers(0, grid.shape[1], 300)
    d2 = ((cx[cols, None] - x) ** 2 + (cy[rows, None] - y) ** 2) / 300**2
    direct = (3 / (np.pi * 300**2) * np.where(d2 < 1, (1 - d2) ** 2, 0)).sum(axis=1)
    assert np.abs(grid.values[rows, cols] - direct).max() < 0.002 * direct.max()


def test_gaussian_surface_matches_scikit_learn() -> None:
    neighbors = pytest.importorskip("sklearn.neighbors")

    x, y = _sample(2, 1500)
    grid = kernel_density(x, y, bandwidth=250, cell_size=25, kernel="gaussian")
    cx, cy = grid.centres()
    rng = np.random.default_rng(3)
    rows, cols = rng.integers(0, grid.shape[0], 200), rng.integers(0, grid.shape[1], 200)
    model = neighbors.KernelDensity(bandwidth=250).fit(np.column_stack([x, y]))
    reference = np.exp(model.score_samples(np.column_stack([cx[cols], cy[rows]]))) * len(x)
    assert np.abs(grid.values[rows, cols] - reference).max() < 0.002 * reference.max()


def test_weights_count_as_that_many_events() -> None:
    x, y = np.array([0.0, 500.0]), np.array([0.0, 0.0])
    weighted = kernel_density(x, y, weights=np.array([3.0, 1.0]), bandwidth=100, cell_size=10)
    repeated = kernel_density(
        np.array([0.0, 0.0, 0.0, 500.0]), np.zeros(4), bandwidth=100, cell_size=10
    )
    np.testing.assert_allclose(weighted.values, repeated.values, atol=1e-15)


def test_it_refuses_empty_input_and_bad_sizes() -> None:
    with pytest.raises(AnalysisError, match="no points"):
        kernel_density(np.array([]), np.array([]), bandwidth=1, cell_size=1)
    with pytest.raises(AnalysisError, match="positive"):
        kernel_density(np.array([0.0]), np.array([0.0]), bandwidth=0, cell_size=1)
    with pytest.raises(AnalysisError, match="too large"):
        kernel_density(np.array([0.0, 1e6]), np.array([0.0, 1e6]), bandwidth=10, cell_size=1)
