"""Gi* and local Moran's I: identical to esda called directly with the same seed."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from redpaz.analysis.errors import AnalysisError
from redpaz.analysis.graph import Graph, contiguity
from redpaz.analysis.grid import h3_grid
from redpaz.analysis.local import esda_draws, fdr_bh, gi_star, local_moran
from tests.analysis.realdata import dane_population, medellin_points, policia_homicides


def _esda_gi(y: np.ndarray, graph: Graph, seed: int, permutations: int = 999):
    import esda

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return esda.G_Local(
            y, graph.to_libpysal(), transform="B", star=True, permutations=permutations,
            seed=seed, n_jobs=1,
        )  # fmt: skip


def _esda_lisa(y: np.ndarray, graph: Graph, seed: int, permutations: int = 999):
    import esda

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return esda.Moran_Local(y, graph.to_libpysal(), permutations=permutations, seed=seed)


def _assert_identical_to_esda(y: np.ndarray, graph: Graph, seed: int) -> None:
    ours = gi_star(y, graph, seed=seed)
    theirs = _esda_gi(y, graph, seed)
    np.testing.assert_array_equal(ours.z, theirs.Zs)
    np.testing.assert_array_equal(ours.p_sim, theirs.p_sim)
    np.testing.assert_array_equal(ours.z_sim, theirs.z_sim)
    ours_lisa = local_moran(y, graph, seed=seed)
    theirs_lisa = _esda_lisa(y, graph, seed)
    np.testing.assert_array_equal(ours_lisa.statistic, theirs_lisa.Is)
    np.testing.assert_array_equal(ours_lisa.p_sim, theirs_lisa.p_sim)
    np.testing.assert_array_equal(ours_lisa.z_sim, theirs_lisa.z_sim)
    np.testing.assert_array_equal(ours_lisa.quadrant, theirs_lisa.q)


@pytest.fixture(scope="module")
def municipalities(shared_data):
    import geopandas as gpd

    frame = gpd.read_file(shared_data / "mgn2018" / "co_2018_MGN_MPIO_POLITICO.geojson")
    return contiguity(list(frame.geometry), list(frame["MPIO_CCNCT"]))


@pytest.mark.shared_data
def test_municipal_homicides_2023_give_esda_results_exactly(shared_data, municipalities) -> None:
    graph = municipalities
    assert graph.n == 1122 and graph.islands == ["88001", "88564"]  # San Andrés, Providencia
    mainland = graph.subgraph(graph.cardinalities > 0)
    events = policia_homicides(shared_data / "policia_homicidios" / "homicidios_2023.xls")
    counts = events.groupby("code")["count"].sum().reindex(list(mainland.ids), fill_value=0)
    _assert_identical_to_esda(counts.to_numpy(dtype=float), mainland, seed=20231)

    population = dane_population(shared_data / "dane_poblacion")
    pop = population[population["year"] == 2023].set_index("code")["population"]
    pop = pop.reindex(counts.index)
    assert pop[pop == 0].index.tolist() == ["94663"]  # Mapiripana: no population since 2020
    peopled = (pop > 0).to_numpy()
    rate = (counts[peopled] / pop[peopled] * 1e5).to_numpy()
    _assert_identical_to_esda(rate, mainland.subgraph(peopled), seed=7)


@pytest.mark.shared_data
def test_medellin_h3_grid_counts_give_esda_results_exactly(shared_data, municipalities) -> None:
    import geopandas as gpd

    frame = gpd.read_file(shared_data / "mgn2018" / "co_2018_MGN_MPIO_POLITICO.geojson")
    boundary = frame.loc[frame["MPIO_CCNCT"] == "05001"].geometry.iloc[0]
    grid = h3_grid(boundary, 9)
    points = medellin_points(shared_data / "medellin" / "homicidios_medata_clean.csv")
    counts, outside = grid.count(points["latitude"], points["longitude"])
    assert counts.sum() + outside == 18_488
    assert (counts == 0).sum() > 1000  # the complete grid keeps the cells without events
    assert not grid.graph.islands
    _assert_identical_to_esda(counts, grid.graph, seed=99)


def test_islands_are_refused_or_left_out_explicitly() -> None:
    graph = Graph.from_pairs(["a", "b", "c", "d", "e"], [(0, 1), (1, 2), (2, 3)])
    y = np.array([1.0, 5.0, 9.0, 2.0, 7.0])
    with pytest.raises(AnalysisError, match=r"islands\): e"):
        gi_star(y, graph)
    result = gi_star(y, graph, islands="exclude", permutations=99)
    assert result.excluded == ("e",)
    assert np.isnan(result.statistic[4]) and result.label[4] == "none"
    reference = gi_star(y[:4], graph.subgraph(np.array([True] * 4 + [False])), permutations=99)
    np.testing.assert_array_equal(result.statistic[:4], reference.statistic)


def test_it_gives_clear_messages_for_bad_input() -> None:
    pair = Graph.from_pairs(["a", "b"], [(0, 1)])
    with pytest.raises(AnalysisError, match="at least two"):
        gi_star(np.array([1.0]), Graph.from_pairs(["a"], []))
    with pytest.raises(AnalysisError, match="the value 0"):
        gi_star(np.zeros(2), pair)
    with pytest.raises(AnalysisError, match="same value"):
        gi_star(np.ones(2), pair)
    with pytest.raises(AnalysisError, match="non-negative"):
        gi_star(np.array([-1.0, 2.0]), pair)
    with pytest.raises(AnalysisError, match="no value"):
        gi_star(np.array([np.nan, 2.0]), pair)
    with pytest.raises(AnalysisError, match="at least 3"):
        local_moran(np.array([1.0, 2.0]), pair)


def test_same_seed_same_result_and_draws_follow_esda() -> None:
    rng = np.random.default_rng(5)
    graph = Graph.from_pairs([str(i) for i in range(30)], [(i, i + 1) for i in range(29)])
    y = rng.poisson(4, 30).astype(float)
    first, second = gi_star(y, graph, seed=3), gi_star(y, graph, seed=3)
    np.testing.assert_array_equal(first.p_sim, second.p_sim)
    np.random.seed(3)
    expected = np.array([np.random.choice(29, size=2, replace=False) for _ in range(999)])
    np.testing.assert_array_equal(esda_draws(30, 2, 999, 3), expected)


def test_fdr_matches_statsmodels_benjamini_hochberg() -> None:
    p = np.random.default_rng(2).uniform(0, 0.2, 500)
    p[:20] = 0.001
    np.testing.assert_allclose(fdr_bh(p), multipletests(p, method="fdr_bh")[1])


def test_a_planted_cluster_is_found_hot_and_high_high() -> None:
    side = 12
    ids = [f"{r}-{c}" for r in range(side) for c in range(side)]
    pairs = [
        (r * side + c, rr * side + cc)
        for r in range(side)
        for c in range(side)
        for rr, cc in ((r + 1, c), (r, c + 1))
        if rr < side and cc < side
    ]
    graph = Graph.from_pairs(ids, pairs)
    rng = np.random.default_rng(8)
    y = rng.poisson(1, side * side).astype(float)
    cluster = [r * side + c for r in range(3, 6) for c in range(3, 6)]
    y[cluster] += 12
    # 144 tests under FDR: 999 permutations (p >= 0.002) are too coarse, 9999 are not.
    coarse = gi_star(y, graph)
    assert (coarse.label == "none").all()
    assert coarse.p_value[cluster[4]] == pytest.approx(2 / 1000)
    gi = gi_star(y, graph, permutations=9999)
    assert (gi.label[cluster[4]], gi.label[0]) == ("hot", "none")
    normal = gi_star(y, graph, inference="normal")
    assert normal.label[cluster].tolist() == ["hot"] * 9
    assert (normal.label == "hot").sum() < 20
    lisa = local_moran(y, graph, permutations=9999)
    assert lisa.label[cluster[4]] == "high-high"


def test_ties_count_on_both_sides_so_zeros_among_zeros_are_not_cold() -> None:
    side = 20
    ids = [f"{r}-{c}" for r in range(side) for c in range(side)]
    pairs = [
        (r * side + c, rr * side + cc)
        for r in range(side)
        for c in range(side)
        for rr, cc in ((r + 1, c), (r, c + 1))
        if rr < side and cc < side
    ]
    graph = Graph.from_pairs(ids, pairs)
    y = np.zeros(side * side)
    y[np.random.default_rng(1).choice(side * side, 60, replace=False)] = 1
    result = gi_star(y, graph)
    lonely = int(np.flatnonzero((y == 0) & (graph.matrix() @ y == 0))[0])
    assert result.p_sim[lonely] == pytest.approx(1 / 1000)  # esda: "extremely low"
    assert result.p_value[lonely] > 0.5  # it is the most common outcome
    assert result.label[lonely] == "none"
