"""Spatial layers for hotspots and priorities: territories with their neighbour graph and
counts by year, or a complete H3 grid over a municipality with its points counted in.

Years an analysis uses are the years every territory has data for (fully or partly covered);
years without data anywhere are left out, and said so.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import shapely

from redpaz.analysis.errors import AnalysisError
from redpaz.analysis.graph import Graph, contiguity
from redpaz.analysis.grid import H3Grid, h3_grid
from redpaz.observatory.datasets import Selection, annual_counts, territories, with_years
from redpaz.observatory.selectors import (
    CoverageStatus,
    coverage_status,
    event_batches,
    event_points,
    unlocated_count,
)
from redpaz.territory.models import Level, Territory


@dataclass
class Layer:
    """Territories (or H3 cells) with counts and population by year, and how they touch."""

    codes: list[str]
    names: list[str]
    graph: Graph
    years: list[int]  # the years used
    counts: np.ndarray  # (places x years) victims
    population: np.ndarray  # (places x years), NaN where unknown
    # code -> GeoJSON geometry (simplified for display), built only when asked for
    geometries: Callable[[], dict[str, Any]]
    territory_ids: list[int | None] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    batches: list[int] = field(default_factory=list)

    @property
    def totals(self) -> np.ndarray:
        return self.counts.sum(axis=1)

    @property
    def person_years(self) -> np.ndarray:
        """Population summed over the years used; NaN if any year is unknown."""
        return self.population.sum(axis=1)


def territory_graph(selection: Selection, user: Any = None) -> Graph:
    """Queen contiguity of the selection's territories (by code)."""
    places = territories(selection, user)
    shapes = _shapes(places["territory_id"].tolist())
    return contiguity([shapes[pk] for pk in places["territory_id"]], places["code"].tolist())


def territory_layer(selection: Selection, user: Any = None) -> Layer:
    """Municipalities (or the zones of one municipality) with their counts per year."""
    data = annual_counts(selection, user)
    frame = data.frame
    usable_years = _usable_years(frame)
    messages = [m for m in data.messages if "rates left empty" not in m]
    if not usable_years:
        raise AnalysisError(
            f"no imported data for {selection.describe()} in {selection.first_year}-"
            f"{selection.last_year}: there is nothing to map"
        )
    dropped = sorted(set(selection.years) - set(usable_years))
    if dropped:
        messages.append(f"years left out of the period (no data): {', '.join(map(str, dropped))}")
    places = frame.drop_duplicates("code")[["territory_id", "code", "name"]]
    shapes = _shapes(places["territory_id"].tolist())
    missing = [
        c for pk, c in zip(places["territory_id"], places["code"], strict=True) if pk not in shapes
    ]
    if missing:
        raise AnalysisError(
            f"{len(missing)} territories have no boundary ({', '.join(missing[:10])}): "
            "import their boundaries first"
        )
    graph = contiguity([shapes[pk] for pk in places["territory_id"]], places["code"].tolist())
    used = frame[frame["year"].isin(usable_years)]
    counts = used.pivot(index="code", columns="year", values="recorded").loc[places["code"]]
    population = used.pivot(index="code", columns="year", values="population").loc[places["code"]]
    return Layer(
        codes=places["code"].tolist(),
        names=places["name"].tolist(),
        graph=graph,
        years=usable_years,
        counts=counts.to_numpy(dtype=float),
        population=population.astype("Float64").to_numpy(dtype=float, na_value=np.nan),
        geometries=partial(_display, places["territory_id"].tolist(), places["code"].tolist()),
        territory_ids=places["territory_id"].tolist(),
        messages=messages,
        batches=data.batches,
    )


def h3_layer(selection: Selection, resolution: int, user: Any = None) -> Layer:
    """A complete H3 grid over the municipality (cells without events included)."""
    code = selection.municipality_code or ""
    status = coverage_status(
        source=selection.source,
        crime=selection.crime,
        municipality_codes=[code],
        years=selection.years,
    )
    usable_years = [y for y in selection.years if status[(code, y)] != CoverageStatus.NONE]
    if not usable_years:
        raise AnalysisError(
            f"no imported data for {selection.describe()} in {code} in "
            f"{selection.first_year}-{selection.last_year}: there is nothing to map"
        )
    messages = []
    dropped = sorted(set(selection.years) - set(usable_years))
    if dropped:
        messages.append(f"years left out of the period (no data): {', '.join(map(str, dropped))}")
    partly = [y for y in usable_years if status[(code, y)] == CoverageStatus.PARTIAL]
    if partly:
        messages.append(f"only part of {', '.join(map(str, partly))} is covered by the imports")
    grid = h3_grid(_municipality_area(code), resolution)
    filters = with_years(selection, usable_years[0], usable_years[-1]).event_filter()
    points = event_points(filters, municipality_code=code, user=user)
    points = points[pd.to_datetime(points["date"]).dt.year.isin(usable_years)]
    cell = grid.locate(points["latitude"].to_numpy(), points["longitude"].to_numpy())
    slot = np.searchsorted(usable_years, pd.to_datetime(points["date"]).dt.year.to_numpy())
    weight = points["count"].to_numpy(dtype=float)
    inside = cell >= 0
    counts = np.bincount(
        cell[inside] * len(usable_years) + slot[inside],
        weights=weight[inside],
        minlength=grid.n * len(usable_years),
    ).reshape(grid.n, len(usable_years))
    outside = round(float(weight[~inside].sum()))
    if outside:
        messages.append(f"{outside:,} victims with coordinates outside {code} are not on the grid")
    unlocated = unlocated_count(filters, municipality_code=code)
    if unlocated:
        messages.append(f"{unlocated:,} victims without coordinates are not on the grid")
    busy = int((counts.sum(axis=1) > 0).sum())
    messages.append(f"H3 resolution {resolution}: {grid.n:,} cells, {busy:,} with events")
    return Layer(
        codes=list(grid.cells),
        names=[""] * grid.n,
        graph=grid.graph,
        years=usable_years,
        counts=counts,
        population=np.full(counts.shape, np.nan),
        geometries=partial(_cell_geometries, grid),
        territory_ids=[None] * grid.n,
        messages=messages,
        batches=event_batches(filters, municipality_code=code),
    )


def _usable_years(frame: pd.DataFrame) -> list[int]:
    by_year = frame.groupby("year")["coverage"].apply(
        lambda s: bool((s != CoverageStatus.NONE).all())
    )
    return [int(y) for y, ok in zip(by_year.index, by_year, strict=True) if ok]


def _shapes(ids: list[int]) -> dict[int, Any]:
    return {
        pk: _shape(wkb)
        for pk, wkb in Territory.objects.filter(pk__in=ids, geometry__isnull=False).values_list(
            "pk", "geometry"
        )
    }


def _shape(wkb: bytes | memoryview | None) -> Any:
    return shapely.from_wkb(bytes(wkb or b""))


def _display(ids: list[int], codes: list[str]) -> dict[str, Any]:
    text = dict(Territory.objects.filter(pk__in=ids).values_list("pk", "display_geojson"))
    return {
        code: json.loads(text[pk]) if text.get(pk) else None
        for pk, code in zip(ids, codes, strict=True)
    }


def _municipality_area(code: str) -> Any:
    """The municipality's boundary joined with its current zones (their drawing may be finer)."""
    shapes = [
        _shape(wkb)
        for wkb in Territory.objects.filter(
            level=Level.MUNICIPALITY, code=code, boundary_set=None, geometry__isnull=False
        ).values_list("geometry", flat=True)
    ]
    if not shapes:
        raise AnalysisError(f"municipality {code} has no boundary to lay a grid over")
    zones = Territory.objects.filter(
        boundary_set__municipality__code=code,
        boundary_set__valid_to__isnull=True,
        geometry__isnull=False,
    ).exclude(level=Level.PRIORITY_CLUSTER)
    shapes += [_shape(wkb) for wkb in zones.values_list("geometry", flat=True)]
    return shapely.union_all(shapes)


def _cell_geometries(grid: H3Grid) -> dict[str, Any]:
    return {
        cell: shapely.geometry.mapping(polygon)
        for cell, polygon in zip(grid.cells, grid.polygons(), strict=True)
    }
