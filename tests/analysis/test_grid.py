"""Contiguity graphs and complete H3 grids."""

from __future__ import annotations

import h3
import numpy as np
import pytest
import shapely

from redpaz.analysis.errors import AnalysisError
from redpaz.analysis.graph import Graph, contiguity
from redpaz.analysis.grid import h3_grid


@pytest.mark.shared_data
def test_contiguity_equals_libpysal_queen_on_the_municipalities(shared_data) -> None:
    import geopandas as gpd
    from libpysal.weights import Queen

    frame = gpd.read_file(shared_data / "mgn2018" / "co_2018_MGN_MPIO_POLITICO.geojson")
    ids = list(frame["MPIO_CCNCT"])
    ours = contiguity(list(frame.geometry), ids)
    queen = Queen.from_dataframe(frame, ids=ids, use_index=False, silence_warnings=True)
    for i, code in enumerate(ids):
        assert {ids[j] for j in ours.neighbours(i)} == set(queen.neighbors[code])


def test_squares_touching_at_a_corner_are_queen_neighbours() -> None:
    squares = [shapely.box(0, 0, 1, 1), shapely.box(1, 1, 2, 2), shapely.box(5, 5, 6, 6)]
    graph = contiguity(squares, ["a", "b", "c"])
    assert graph.neighbours(0).tolist() == [1] and graph.islands == ["c"]
    near = contiguity(
        [shapely.box(0, 0, 1, 1), shapely.box(1.001, 0, 2, 1)], ["a", "b"], tolerance=0.01
    )
    assert near.islands == []


def test_contiguity_rejects_duplicate_codes_and_missing_boundaries() -> None:
    with pytest.raises(AnalysisError, match="unique"):
        contiguity([shapely.box(0, 0, 1, 1)] * 2, ["a", "a"])
    with pytest.raises(AnalysisError, match="without a boundary"):
        contiguity([shapely.box(0, 0, 1, 1), shapely.Polygon()], ["a", "b"])


def test_h3_grid_is_complete_and_counts_points_including_zero_cells() -> None:
    area = shapely.box(-75.60, 6.20, -75.55, 6.26)
    grid = h3_grid(area, 9)
    centres = [h3.cell_to_latlng(cell) for cell in grid.cells]
    assert all(area.contains(shapely.Point(lon, lat)) for lat, lon in centres)
    interior = np.flatnonzero(grid.graph.cardinalities == 6)
    assert len(interior) > grid.n / 2  # hexagons inside the area have their 6 neighbours
    lat, lon = centres[0]
    counts, outside = grid.count([lat, lat, 0.0], [lon, lon, 0.0])
    assert counts[0] == 2 and counts.sum() == 2 and outside == 1
    assert (counts == 0).sum() == grid.n - 1
    for i in range(grid.n):
        for j in grid.graph.neighbours(i):
            assert h3.are_neighbor_cells(grid.cells[i], grid.cells[j])


def test_h3_grid_refuses_bad_resolutions() -> None:
    with pytest.raises(AnalysisError, match="from 0 to 15"):
        h3_grid(shapely.box(0, 0, 1, 1), 16)
    with pytest.raises(AnalysisError, match="coarser"):
        h3_grid(shapely.box(-80, -5, -65, 12), 13)


def test_graph_components_and_subgraph() -> None:
    graph = Graph.from_pairs(["a", "b", "c", "d"], [(0, 1), (2, 3)])
    assert len(set(graph.components().tolist())) == 2
    sub = graph.subgraph(np.array([True, True, False, True]))
    assert sub.ids == ("a", "b", "d") and sub.islands == ["d"]
