"""Complete H3 grids over a territory, with zero-count cells, and points counted into them.

A hotspot analysis on a grid must see the cells where nothing happened: leaving them out would
compare busy cells only with other busy cells. ``h3_grid`` returns every cell whose centre lies
in the territory, and its neighbour graph (cells sharing an edge, within the grid).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import h3
import numpy as np
import shapely

from redpaz.analysis.errors import AnalysisError
from redpaz.analysis.graph import Graph

MAX_CELLS = 2_000_000


@dataclass(frozen=True, eq=False)
class H3Grid:
    resolution: int
    cells: tuple[str, ...]
    graph: Graph

    @property
    def n(self) -> int:
        return len(self.cells)

    def index(self) -> dict[str, int]:
        return {cell: i for i, cell in enumerate(self.cells)}

    def locate(
        self, latitudes: Sequence[float] | np.ndarray, longitudes: Sequence[float] | np.ndarray
    ) -> np.ndarray:
        """Position of each point's cell in ``cells``, or -1 for points outside the grid."""
        lat = np.asarray(latitudes, dtype=float)
        lon = np.asarray(longitudes, dtype=float)
        position = self.index()
        return np.fromiter(
            (
                position.get(h3.latlng_to_cell(a, b, self.resolution), -1)
                for a, b in zip(lat.tolist(), lon.tolist(), strict=True)
            ),
            dtype=np.int64,
            count=len(lat),
        )

    def count(
        self,
        latitudes: Sequence[float] | np.ndarray,
        longitudes: Sequence[float] | np.ndarray,
        weights: Sequence[float] | np.ndarray | None = None,
    ) -> tuple[np.ndarray, int]:
        """Counts per cell (zeros included) and the total weight of points outside the grid."""
        codes = self.locate(latitudes, longitudes)
        w = np.ones(len(codes)) if weights is None else np.asarray(weights, dtype=float)
        inside = codes >= 0
        counts = np.bincount(codes[inside], weights=w[inside], minlength=self.n)
        return counts, round(float(w[~inside].sum()))

    def polygons(self) -> list[Any]:
        """Cell boundaries as shapely polygons (lon/lat)."""
        return [
            shapely.Polygon([(lon, lat) for lat, lon in h3.cell_to_boundary(cell)])
            for cell in self.cells
        ]


def h3_grid(territory: Any, resolution: int) -> H3Grid:
    """Every H3 cell of ``resolution`` whose centre lies in ``territory`` (a lon/lat polygon)."""
    if not 0 <= resolution <= 15:
        raise AnalysisError(f"H3 resolutions go from 0 to 15, not {resolution}")
    if territory is None or shapely.is_empty(territory):
        raise AnalysisError("the territory has no boundary to lay a grid over")
    area_km2 = _approximate_area_km2(territory)
    expected = area_km2 / h3.average_hexagon_area(resolution, unit="km^2")
    if expected > MAX_CELLS:
        raise AnalysisError(
            f"resolution {resolution} would need about {expected:,.0f} cells for this territory; "
            "choose a coarser resolution"
        )
    cells = sorted(h3.geo_to_cells(territory, resolution))
    if len(cells) < 2:
        raise AnalysisError(
            f"resolution {resolution} puts {len(cells)} cell(s) over this territory; "
            "choose a finer resolution"
        )
    position = {cell: i for i, cell in enumerate(cells)}
    pairs = [
        (i, position[other])
        for i, cell in enumerate(cells)
        for other in h3.grid_ring(cell, 1)
        if other in position and position[other] > i
    ]
    return H3Grid(resolution, tuple(cells), Graph.from_pairs(cells, pairs))


def _approximate_area_km2(geometry: Any) -> float:
    """Area of a lon/lat geometry on a local equirectangular projection (good to a few %)."""
    lat = float(shapely.centroid(geometry).y)
    kx = 111.320 * np.cos(np.radians(lat))
    ky = 110.574
    scaled = shapely.transform(geometry, lambda xy: xy * np.array([kx, ky]))
    return float(scaled.area)
