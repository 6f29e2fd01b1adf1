"""Composite index, ranking and contiguous priority clusters."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from redpaz.analysis.errors import AnalysisError
from redpaz.analysis.graph import Graph
from redpaz.analysis.priorities import composite_index, parse_weights, priority_clusters


def test_index_is_the_weighted_sum_of_min_max_scaled_indicators() -> None:
    indicators = pd.DataFrame(
        {"rate": [10.0, 30.0, 20.0], "trend": [0.0, -5.0, 5.0]}, index=["a", "b", "c"]
    )
    result = composite_index(indicators, {"rate": 3, "trend": 1})
    assert result.weights == {"rate": 0.75, "trend": 0.25}
    table = result.table.set_index("code")
    # a: rate 0, trend 0.5 -> 12.5; b: rate 1, trend 0 -> 75; c: rate 0.5, trend 1 -> 62.5
    assert table["score"].to_dict() == pytest.approx({"a": 12.5, "b": 75.0, "c": 62.5})
    assert result.table["code"].tolist() == ["b", "c", "a"]
    assert table["rank"].to_dict() == {"b": 1, "c": 2, "a": 3}


def test_ties_share_a_rank_and_constant_indicators_are_reported() -> None:
    indicators = pd.DataFrame(
        {"rate": [5.0, 5.0, 1.0], "nbi": [3.0, 3.0, 3.0]}, index=["x", "y", "z"]
    )
    result = composite_index(indicators, {"rate": 1, "nbi": 1})
    assert result.table.set_index("code")["rank"].to_dict() == {"x": 1, "y": 1, "z": 3}
    assert any("nbi" in note for note in result.notes)


def test_it_refuses_missing_values_and_bad_weights() -> None:
    indicators = pd.DataFrame({"rate": [1.0, None]}, index=["a", "b"])
    with pytest.raises(AnalysisError, match="no value for 'rate'"):
        composite_index(indicators, {"rate": 1})
    assert composite_index(indicators.fillna(0), {"rate": 1, "nbi": 0}).weights == {"rate": 1.0}
    with pytest.raises(AnalysisError, match="unknown indicator 'crime'"):
        parse_weights("rate=0.5,crime=0.2")
    with pytest.raises(AnalysisError, match="name=number"):
        parse_weights("rate:0.5")
    assert parse_weights("rate=0.5, trend=.2") == {"rate": 0.5, "trend": 0.2}


def _line(n: int) -> Graph:
    return Graph.from_pairs([f"z{i:02d}" for i in range(n)], [(i, i + 1) for i in range(n - 1)])


def test_skater_clusters_are_contiguous_and_numbered_by_priority() -> None:
    graph = _line(12)
    score = np.array([90, 88, 85, 10, 12, 11, 50, 52, 55, 20, 22, 21], dtype=float)
    labels = priority_clusters(graph, score[:, None], score=score, n_clusters=4)
    assert sorted(set(labels)) == [1, 2, 3, 4]
    for cluster in set(labels):
        members = np.flatnonzero(labels == cluster)
        assert (np.diff(members) == 1).all()  # contiguous on a line
    assert labels[0] == 1 and labels[7] == 2


def test_it_refuses_more_clusters_than_zones_and_too_few_for_separate_groups() -> None:
    graph = Graph.from_pairs(["a", "b", "c", "d"], [(0, 1), (2, 3)])
    score = np.array([1.0, 2.0, 3.0, 4.0])
    with pytest.raises(AnalysisError, match="only 4 zones"):
        priority_clusters(graph, score, score=score, n_clusters=5)
    with pytest.raises(AnalysisError, match="2 separate groups"):
        priority_clusters(graph, score, score=score, n_clusters=1)
    assert sorted(priority_clusters(graph, score, score=score, n_clusters=2)) == [1, 1, 2, 2]


def test_max_p_clusters_reach_the_minimum_population_and_are_reproducible() -> None:
    graph = _line(10)
    rng = np.random.default_rng(0)
    population = rng.integers(10_000, 60_000, 10).astype(float)
    features = rng.random((10, 2))
    score = features.sum(axis=1)
    labels = priority_clusters(
        graph, features, score=score, min_population=60_000, population=population, seed=4
    )
    for cluster in set(labels):
        assert population[labels == cluster].sum() >= 60_000
    again = priority_clusters(
        graph, features, score=score, min_population=60_000, population=population, seed=4
    )
    np.testing.assert_array_equal(labels, again)
    with pytest.raises(AnalysisError, match="fewer than the minimum"):
        priority_clusters(
            graph, features, score=score, min_population=population.sum() + 1, population=population
        )
