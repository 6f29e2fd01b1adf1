"""Empirical-Bayes rates against esda's smoothers and Marshall's formula by hand."""

from __future__ import annotations

import numpy as np
import pytest
from esda.smoothing import Empirical_Bayes, Spatial_Empirical_Bayes

from redpaz.analysis.errors import AnalysisError
from redpaz.analysis.graph import Graph
from redpaz.analysis.smoothing import eb_global, eb_spatial


def _chain(n: int) -> Graph:
    return Graph.from_pairs([f"z{i}" for i in range(n)], [(i, i + 1) for i in range(n - 1)])


def test_global_eb_matches_esda() -> None:
    rng = np.random.default_rng(3)
    population = rng.integers(1_000, 2_000_000, 300)
    counts = rng.poisson(population * 3e-4)
    ours = eb_global(counts, population)
    theirs = Empirical_Bayes(counts, population).r.ravel()
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    # Small places move most towards the overall rate; large ones keep theirs.
    raw = counts / population
    moved = np.abs(ours - raw)
    assert moved[np.argmin(population)] > moved[np.argmax(population)]


def test_spatial_eb_matches_esda() -> None:
    rng = np.random.default_rng(4)
    graph = _chain(40)
    population = rng.integers(500, 50_000, 40)
    counts = rng.poisson(population * 5e-4)
    theirs = Spatial_Empirical_Bayes(counts, population, graph.to_libpysal()).r.ravel()
    np.testing.assert_allclose(eb_spatial(counts, population, graph), theirs, rtol=1e-10)


def test_negative_prior_variance_is_set_to_zero_as_marshall_says() -> None:
    # Rates closer together than Poisson noise alone would make them: A < 0, so every
    # area gets the overall rate m = 10 / 4000.
    counts, population = np.array([2, 3, 2, 3]), np.array([1000, 1000, 1000, 1000])
    np.testing.assert_allclose(eb_global(counts, population), np.full(4, 10 / 4000))


def test_it_refuses_zero_or_missing_population() -> None:
    with pytest.raises(AnalysisError, match="positive population"):
        eb_global(np.array([1, 2]), np.array([100, 0]))
    with pytest.raises(AnalysisError, match="a count and a population"):
        eb_global(np.array([1, np.nan]), np.array([100, 10]))
