"""Emerging hotspot categories (Esri's definitions) and the per-slice Gi*."""

from __future__ import annotations

import numpy as np
import pytest

from redpaz.analysis.emerging import emerging_category, emerging_hotspots
from redpaz.analysis.errors import AnalysisError
from redpaz.analysis.graph import Graph

F, T = False, True


@pytest.mark.parametrize(
    ("hot", "cold", "trend", "expected"),
    [
        ([F] * 9 + [T], [F] * 10, "none", "new-hot"),
        ([F] * 7 + [T, T, T], [F] * 10, "increasing", "consecutive-hot"),
        ([T] * 10, [F] * 10, "increasing", "intensifying-hot"),
        ([T] * 10, [F] * 10, "none", "persistent-hot"),
        ([T] * 10, [F] * 10, "decreasing", "diminishing-hot"),
        ([T, F, T, F, F, T, F, F, F, T], [F] * 10, "none", "sporadic-hot"),
        ([F, F, F, F, F, F, F, F, F, T], [T] + [F] * 9, "none", "new-hot"),
        ([F, T, F, F, F, F, F, F, F, T], [T] + [F] * 9, "none", "oscillating-hot"),
        ([T] * 9 + [F], [F] * 10, "none", "historical-hot"),
        ([F] * 10, [F] * 8 + [T, T], "decreasing", "consecutive-cold"),
        ([F] * 10, [T] * 10, "decreasing", "intensifying-cold"),
        ([F] * 10, [T] * 10, "increasing", "diminishing-cold"),
        ([F] * 10, [F] * 10, "none", "none"),
    ],
)
def test_categories_follow_the_published_definitions(hot, cold, trend, expected) -> None:
    assert emerging_category(np.array(hot), np.array(cold), trend) == expected


def _grid(side: int) -> Graph:
    ids = [f"{r}-{c}" for r in range(side) for c in range(side)]
    pairs = [
        (r * side + c, rr * side + cc)
        for r in range(side)
        for c in range(side)
        for rr, cc in ((r + 1, c), (r, c + 1))
        if rr < side and cc < side
    ]
    return Graph.from_pairs(ids, pairs)


def test_a_cluster_that_appears_late_is_new_or_consecutive() -> None:
    side, slices = 10, 6
    graph = _grid(side)
    rng = np.random.default_rng(11)
    values = rng.poisson(1, (side * side, slices)).astype(float)
    cluster = [r * side + c for r in range(4, 7) for c in range(4, 7)]
    values[np.ix_(cluster, [4, 5])] += 15
    # 100 tests under FDR need smaller p-values than 999 permutations can give.
    years = [str(y) for y in range(2018, 2024)]
    result = emerging_hotspots(values, graph, slices=years, permutations=9999)
    centre = result.table.set_index("code").loc["5-5"]
    assert centre["category"] == "consecutive-hot"
    assert centre["hot_slices"] == 2
    assert result.table.set_index("code").loc["0-0", "category"] == "none"
    again = emerging_hotspots(values, graph, slices=years, permutations=9999)
    assert again.table.equals(result.table)  # same seed, same result


def test_it_needs_three_slices_and_no_islands() -> None:
    graph = _grid(3)
    with pytest.raises(AnalysisError, match="at least 3 time slices"):
        emerging_hotspots(np.ones((9, 2)), graph, slices=["a", "b"])
    lonely = Graph.from_pairs(["a", "b", "c"], [(0, 1)])
    with pytest.raises(AnalysisError, match="islands"):
        emerging_hotspots(np.ones((3, 3)), lonely, slices=["1", "2", "3"])
