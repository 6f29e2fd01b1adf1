"""Place points in zones: which comuna (barrio, quadrant...) each coordinate falls in.

The points go into a shapely STRtree and each zone queries it with ``intersects``: GEOS then
prepares the zone polygon once and tests all candidate points against it, which places a million
points in a couple of seconds (querying a tree of zones point by point is ten times slower).
``intersects`` includes the boundary, so a point on a border shared by two zones matches both; it
is placed in the zone that comes first by code, so the result never depends on the order of the
files or of the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

# Colombia, islands included, with a margin (min lon, min lat, max lon, max lat).
COLOMBIA_BOUNDS = (-82.5, -4.8, -66.0, 13.8)
# Tolerance between a municipality's DANE outline and the city's own cartography (~220 m).
OUTLINE_MARGIN_DEGREES = 0.002


@dataclass(frozen=True)
class Zone:
    id: int
    code: str
    geometry: BaseGeometry


@dataclass
class Placement:
    """Where each point fell: an index into the zones (-1: none) and what could not be placed."""

    zone_index: np.ndarray  # int64, -1 where the point is in no zone (or has no coordinates)
    on_boundary: int  # points that touched more than one zone
    outside: np.ndarray  # bool: outside the municipality (and every zone): an error
    unplaced: np.ndarray  # bool: inside the municipality but in no zone: kept, reported


def coordinate_checks(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(swapped, outside_colombia) masks over points with coordinates."""
    west, south, east, north = COLOMBIA_BOUNDS

    def inside(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return (x >= west) & (x <= east) & (y >= south) & (y <= north)

    present = ~(np.isnan(lon) | np.isnan(lat))
    ok = inside(lon, lat)
    swapped = present & ~ok & inside(lat, lon)
    outside = present & ~ok & ~swapped
    return swapped, outside


def place_points(
    lon: np.ndarray,
    lat: np.ndarray,
    zones: Sequence[Zone],
    *,
    outline: BaseGeometry | None = None,
    margin: float = OUTLINE_MARGIN_DEGREES,
) -> Placement:
    """Place every point with coordinates in one zone; flag points outside the municipality.

    ``zones`` must be sorted by code (ties on a shared border go to the first); NaN coordinates
    are left unplaced without being flagged.
    """
    count = len(lon)
    zone_index = np.full(count, -1, dtype=np.int64)
    present = ~(np.isnan(lon) | np.isnan(lat))
    positions = np.flatnonzero(present)
    on_boundary = 0
    if len(zones) and len(positions):
        points = shapely.points(lon[positions], lat[positions])
        tree = shapely.STRtree(points)
        zone_ids, point_ids = tree.query([z.geometry for z in zones], predicate="intersects")
        if len(point_ids):
            # Sort by point then zone: the first pair of each point is its lowest-coded zone.
            order = np.lexsort((zone_ids, point_ids))
            point_ids, zone_ids = point_ids[order], zone_ids[order]
            first = np.ones(len(point_ids), dtype=bool)
            first[1:] = point_ids[1:] != point_ids[:-1]
            on_boundary = len(np.unique(point_ids[~first]))
            zone_index[positions[point_ids[first]]] = zone_ids[first]
    missing = present & (zone_index < 0)
    outside = np.zeros(count, dtype=bool)
    if outline is not None and missing.any():
        area = shapely.buffer(outline, margin)
        shapely.prepare(area)
        candidates = np.flatnonzero(missing)
        inside = shapely.contains_xy(area, lon[candidates], lat[candidates])
        outside[candidates[~inside]] = True
    unplaced = missing & ~outside
    return Placement(zone_index, on_boundary, outside, unplaced)


def distance_to_zone_m(
    lon: np.ndarray, lat: np.ndarray, geometries: Sequence[BaseGeometry]
) -> np.ndarray:
    """Approximate distance in metres from each point to the paired geometry (0 when inside)."""
    if not len(lon):
        return np.zeros(0)
    points = shapely.points(lon, lat)
    degrees = shapely.distance(points, np.asarray(geometries, dtype=object))
    # Degrees to metres near the equator; Colombia spans 4°S-13°N, where this is within 3%.
    return np.asarray(degrees, dtype=float) * 111_320.0 * np.cos(np.radians(lat))
