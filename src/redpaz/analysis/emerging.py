"""Emerging hotspots: Gi* in every time slice, a Mann-Kendall trend of each zone's z-scores,
and the pattern categories of ArcGIS Pro's Emerging Hot Spot Analysis.

The categories (new, consecutive, intensifying, persistent, diminishing, sporadic, oscillating,
historical; hot and cold) follow the published definitions (Esri, "How Emerging Hot Spot
Analysis works"): "at least 90 % of the slices" counts slices with a significant hot (cold)
result at the requested level after FDR correction within each slice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from redpaz.analysis.errors import AnalysisError
from redpaz.analysis.graph import Graph
from redpaz.analysis.local import COLD, DEFAULT_PERMUTATIONS, DEFAULT_SEED, HOT, gi_star
from redpaz.analysis.trends import mann_kendall_many

PERSISTENT_SHARE = 0.9


@dataclass(frozen=True, eq=False)
class EmergingResult:
    table: (
        pd.DataFrame
    )  # code, total, hot_slices, cold_slices, trend_tau, trend_z, trend_p, category
    z_scores: np.ndarray  # (zones x slices)
    hot: np.ndarray  # (zones x slices) bool
    cold: np.ndarray
    slices: tuple[str, ...]


def emerging_hotspots(
    values: np.ndarray,
    graph: Graph,
    *,
    slices: Sequence[str],
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    alpha: float = 0.05,
) -> EmergingResult:
    """Classify each zone's hotspot history. ``values`` is (zones x slices), oldest first.

    Slice k uses seed ``seed + k`` so that slices have independent permutation draws and the
    whole result is reproducible. A slice without any event has no hot or cold spot.
    """
    data = np.asarray(values, dtype=float)
    if data.ndim != 2 or data.shape[0] != graph.n:
        raise AnalysisError("emerging hotspots need one row per zone and one column per slice")
    count = data.shape[1]
    if count != len(slices):
        raise AnalysisError("there must be one label per time slice")
    if count < 3:
        raise AnalysisError("emerging hotspots need at least 3 time slices")
    if graph.islands:
        raise AnalysisError(
            f"zones without neighbours (islands): {', '.join(graph.islands[:20])}; "
            "leave them out before an emerging hotspot analysis"
        )
    z = np.zeros_like(data)
    hot = np.zeros(data.shape, dtype=bool)
    cold = np.zeros(data.shape, dtype=bool)
    for k in range(count):
        if data[:, k].min() == data[:, k].max():
            continue  # nothing happened, or the same everywhere: no hot or cold spot
        result = gi_star(data[:, k], graph, permutations=permutations, seed=seed + k, alpha=alpha)
        z[:, k] = result.z
        hot[:, k] = result.label == HOT
        cold[:, k] = result.label == COLD
    trends = mann_kendall_many(z, alpha=alpha)
    categories = [emerging_category(hot[i], cold[i], trends[i].trend) for i in range(graph.n)]
    table = pd.DataFrame(
        {
            "code": list(graph.ids),
            "total": data.sum(axis=1),
            "hot_slices": hot.sum(axis=1),
            "cold_slices": cold.sum(axis=1),
            "trend_tau": [t.tau for t in trends],
            "trend_z": [t.z for t in trends],
            "trend_p": [t.p_value for t in trends],
            "category": categories,
        }
    )
    return EmergingResult(table, z, hot, cold, tuple(slices))


def emerging_category(hot: np.ndarray, cold: np.ndarray, trend: str) -> str:
    """The pattern of one zone from its significant hot/cold slices (oldest first) and the
    Mann-Kendall trend of its z-scores ("increasing", "decreasing" or "none")."""
    hot = np.asarray(hot, dtype=bool)
    cold = np.asarray(cold, dtype=bool)
    for kind, this, other, stronger in (
        ("hot", hot, cold, "increasing"),
        ("cold", cold, hot, "decreasing"),
    ):
        share = this.mean()
        if this[-1]:
            if share >= PERSISTENT_SHARE:
                if trend == stronger:
                    return f"intensifying-{kind}"
                if trend == "none":
                    return f"persistent-{kind}"
                return f"diminishing-{kind}"
            if not this[:-1].any():
                return f"new-{kind}"
            run = _final_run(this)
            if run >= 2 and not this[: len(this) - run].any():
                return f"consecutive-{kind}"
            if other[:-1].any():
                return f"oscillating-{kind}"
            return f"sporadic-{kind}"
        if share >= PERSISTENT_SHARE:
            return f"historical-{kind}"
    return "none"


def _final_run(flags: np.ndarray) -> int:
    run = 0
    for flag in flags[::-1]:
        if not flag:
            break
        run += 1
    return run
