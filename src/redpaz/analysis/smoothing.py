"""Empirical-Bayes smoothing of rates for small areas (Marshall 1991), global and spatial.

A municipality of 2,000 people with one homicide has a rate of 50 per 100,000, as high as a
violent city; with none it has 0. Its rate is mostly noise. Empirical-Bayes smoothing pulls each
rate towards a reference rate (the overall rate, or that of the area and its neighbours) in
proportion to how unreliable it is: large populations keep their rate, small ones move most.
"""

from __future__ import annotations

import numpy as np

from redpaz.analysis.errors import AnalysisError
from redpaz.analysis.graph import Graph


def eb_global(counts: np.ndarray, population: np.ndarray) -> np.ndarray:
    """Marshall's global Empirical-Bayes rates (events per person).

    Prior mean m = Σe / Σb; prior variance A = Σb(r - m)² / Σb - m / mean(b), set to 0 when
    negative (then every area gets m). Smoothed rate = m + (r - m) · A / (A + m / b).
    """
    e, b = _inputs(counts, population)
    m = e.sum() / b.sum()
    r = e / b
    variance = (b * (r - m) ** 2).sum() / b.sum() - m / b.mean()
    variance = max(variance, 0.0)
    return _shrink(r, m, variance, b)


def eb_spatial(counts: np.ndarray, population: np.ndarray, graph: Graph) -> np.ndarray:
    """Spatial Empirical-Bayes rates: the prior is estimated on each area and its neighbours.

    For area i with neighbourhood N(i) (itself included): m_i = Σe / Σb over N(i);
    A_i = Σb(r - m_i)² / Σb - m_i / mean(b) over N(i), 0 when negative. An island's
    neighbourhood is itself alone, so its rate is left as it is.
    """
    e, b = _inputs(counts, population)
    if len(e) != graph.n:
        raise AnalysisError(f"{len(e)} values for {graph.n} zones")
    w = graph.matrix(self_weight=1.0)
    r = e / b
    b_local = w @ b
    m = (w @ e) / b_local
    size = np.asarray(w.sum(axis=1)).ravel()
    # Σ_j b_j (r_j - m_i)² = Σ b r² - 2 m_i Σ b r + m_i² Σ b, over the neighbourhood of i.
    spread = w @ (b * r * r) - 2 * m * (w @ (b * r)) + m * m * b_local
    variance = spread / b_local - m / (b_local / size)
    variance = np.maximum(variance, 0.0)
    return _shrink(r, m, variance, b)


def _shrink(
    r: np.ndarray, m: np.ndarray | float, variance: np.ndarray | float, b: np.ndarray
) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = variance / (variance + m / b)
    # m = 0 (no event anywhere nearby) makes every rate 0, the prior mean.
    weight = np.where(np.isfinite(weight), weight, 0.0)
    return m + (r - m) * weight


def _inputs(counts: np.ndarray, population: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    e = np.asarray(counts, dtype=float).ravel()
    b = np.asarray(population, dtype=float).ravel()
    if len(e) != len(b):
        raise AnalysisError("there must be one population per count")
    if len(e) == 0:
        raise AnalysisError("there is nothing to smooth: the series is empty")
    if not (np.isfinite(e).all() and np.isfinite(b).all()):
        raise AnalysisError("smoothing needs a count and a population for every zone")
    if (b <= 0).any():
        raise AnalysisError("smoothing needs a positive population for every zone")
    if (e < 0).any():
        raise AnalysisError("counts cannot be negative")
    return e, b
