"""Read boundary files (GeoJSON, shapefile, GeoPackage) into checked polygons in EPSG:4326."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from redpaz.ingest.errors import IngestError, ProblemCollector
from redpaz.ingest.text import normalize_code

# Colombia, islands included, with a margin: a boundary outside this box was reprojected from a
# wrong or missing coordinate system (or has latitude and longitude swapped).
COLOMBIA_BOUNDS = (-82.5, -4.8, -66.0, 13.8)  # min lon, min lat, max lon, max lat

# Candidate column names when the caller does not name them, most specific first.
CODE_FIELD_CANDIDATES = (
    "MPIO_CCNCT",
    "DPTO_CCDGO",
    "codigo",
    "code",
    "cod",
    "id_barrio",
    "cod_barrio",
    "codigo_barrio",
    "comuna",
    "id",
)
NAME_FIELD_CANDIDATES = (
    "MPIO_CNMBR",
    "DPTO_CNMBR",
    "nombre",
    "name",
    "barrio",
    "nombre_barrio",
    "nom_barrio",
)


@dataclass(frozen=True)
class BoundaryFeature:
    number: int  # 1-based position of the feature in the file
    code: str
    name: str
    parent_code: str
    geometry: BaseGeometry  # valid, polygonal, 2-D, EPSG:4326
    aliases: tuple[str, ...] = ()
    attributes: dict[str, object] = field(default_factory=dict)


@dataclass
class BoundaryFile:
    path: Path
    source_crs: str
    code_field: str
    name_field: str
    features: list[BoundaryFeature]
    warnings: list[str] = field(default_factory=list)


def read_boundaries(
    path: str | Path,
    *,
    code_field: str | None = None,
    name_field: str | None = None,
    parent_field: str | None = None,
    alias_field: str | None = None,
    code_width: int | None = None,
    code_candidates: Sequence[str] = CODE_FIELD_CANDIDATES,
    name_candidates: Sequence[str] = NAME_FIELD_CANDIDATES,
) -> BoundaryFile:
    """Read, validate, repair and reproject the polygons of a boundary file.

    Raise ``IngestError`` naming the feature and field of every problem: a missing or unreadable
    file, a shapefile without ``.prj``, a missing field, an empty or duplicated code, a missing or
    non-polygonal geometry, a geometry that cannot be repaired, or a result outside Colombia.
    """
    path = Path(path)
    label = path.name
    frame = _read_frame(path)
    if len(frame) == 0:
        raise IngestError("the file holds no features", file=label)

    columns = [c for c in frame.columns if c != "geometry"]
    code_col = _pick_field(columns, code_field, code_candidates, "code", label)
    name_col = _pick_field(columns, name_field, name_candidates, "name", label)
    parent_col = _pick_field(columns, parent_field, (), "parent", label) if parent_field else None
    alias_col = _pick_field(columns, alias_field, (), "alias", label) if alias_field else None

    source_crs = _source_crs(frame, label)
    warnings: list[str] = []
    problems = ProblemCollector(path)

    geoms = np.asarray(frame.geometry.values, dtype=object)
    geoms = _repair(geoms, frame[code_col].tolist(), problems, warnings)
    problems.raise_if_any()

    if source_crs != "EPSG:4326":
        import geopandas as gpd

        geoms = np.asarray(gpd.GeoSeries(geoms, crs=frame.crs).to_crs(4326).values, dtype=object)
        # Reprojection can, rarely, make a thin sliver self-intersect.
        geoms = _repair(geoms, frame[code_col].tolist(), problems, warnings, quiet=True)
        problems.raise_if_any()

    features: list[BoundaryFeature] = []
    seen: dict[str, int] = {}
    records = frame.drop(columns="geometry").to_dict("records")
    for index, row in enumerate(frame[[code_col, name_col]].itertuples(index=False)):
        number = index + 1
        code = normalize_code(row[0], code_width)
        name = "" if _is_missing(row[1]) else str(row[1]).strip()
        if not code:
            problems.add("the code is empty", row=number, field=code_col)
            continue
        if code in seen:
            problems.add(
                f"code {code!r} is also used by feature {seen[code]}", row=number, field=code_col
            )
            continue
        seen[code] = number
        if not name:
            problems.add(f"feature {code!r} has no name", row=number, field=name_col)
            continue
        geom = geoms[index]
        minx, miny, maxx, maxy = geom.bounds
        west, south, east, north = COLOMBIA_BOUNDS
        if minx < west or maxx > east or miny < south or maxy > north:
            problems.add(
                f"feature {code!r} lies outside Colombia after reprojection from {source_crs} "
                f"(bounds {minx:.3f}, {miny:.3f}, {maxx:.3f}, {maxy:.3f}): the coordinate "
                "system is wrong or latitude and longitude are swapped",
                row=number,
                field="geometry",
            )
            continue
        parent_code = ""
        if parent_col is not None:
            parent_code = normalize_code(frame[parent_col].iloc[index])
        aliases: tuple[str, ...] = ()
        if alias_col is not None:
            raw = records[index].get(alias_col)
            # Several alternative names may share one cell, separated by semicolons.
            aliases = tuple(
                a.strip() for a in ("" if _is_missing(raw) else str(raw)).split(";") if a.strip()
            )
        features.append(
            BoundaryFeature(
                number,
                code,
                name,
                parent_code,
                geom,
                aliases=aliases,
                attributes=records[index],
            )
        )
    problems.raise_if_any()
    return BoundaryFile(path, source_crs, code_col, name_col, features, warnings)


def _read_frame(path: Path):  # type: ignore[no-untyped-def]
    import geopandas as gpd
    import pyogrio.errors

    label = path.name
    if not path.exists():
        raise IngestError("file not found", file=str(path))
    if path.stat().st_size == 0:
        raise IngestError("the file is empty", file=label)
    if path.suffix.lower() == ".shp":
        missing = [ext for ext in (".shx", ".dbf", ".prj") if not _sidecar(path, ext).exists()]
        if ".prj" in missing:
            raise IngestError(
                "the shapefile has no .prj file, so its coordinate system is unknown; "
                "put the .prj next to the .shp (or export the layer as GeoPackage)",
                file=label,
            )
        if missing:
            raise IngestError(
                f"the shapefile is incomplete: missing {', '.join(missing)}", file=label
            )
    source = str(path)
    if path.suffix.lower() == ".gz":
        # GDAL reads gzip-compressed vector files through its virtual file system.
        source = f"/vsigzip/{path.resolve()}"
    try:
        return gpd.read_file(source, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise IngestError(
            f"cannot read the file as GeoJSON, shapefile or GeoPackage: {exc}", file=label
        ) from None
    except (ValueError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IngestError(f"the file is malformed: {exc}", file=label) from None


def _sidecar(path: Path, ext: str) -> Path:
    for candidate in (path.with_suffix(ext), path.with_suffix(ext.upper())):
        if candidate.exists():
            return candidate
    return path.with_suffix(ext)


def _pick_field(
    columns: list[str], given: str | None, candidates: Sequence[str], what: str, label: str
) -> str:
    by_lower = {c.lower(): c for c in columns}
    if given:
        if given in columns:
            return given
        if given.lower() in by_lower:
            return by_lower[given.lower()]
        raise IngestError(
            f"the {what} field {given!r} is not in the file; its fields are: {', '.join(columns)}",
            file=label,
        )
    for candidate in candidates:
        if candidate.lower() in by_lower:
            return by_lower[candidate.lower()]
    option = "--code-field" if what == "code" else "--name-field"
    raise IngestError(
        f"cannot tell which field holds the {what}; name it with {option}. "
        f"The file's fields are: {', '.join(columns)}",
        file=label,
    )


def _source_crs(frame, label: str) -> str:  # type: ignore[no-untyped-def]
    if frame.crs is None:
        # RFC 7946: a GeoJSON without "crs" is WGS 84 longitude/latitude. Anything else without a
        # coordinate system cannot be placed.
        minx, miny, maxx, maxy = frame.total_bounds
        if all(math.isfinite(v) for v in (minx, miny, maxx, maxy)) and (
            -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
        ):
            return "EPSG:4326"
        raise IngestError(
            "the file declares no coordinate system and its coordinates are not "
            "longitude/latitude; export it with its coordinate system (a .prj, or a GeoPackage)",
            file=label,
        )
    if frame.crs.is_geographic:
        minx, miny, maxx, maxy = frame.total_bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            # GeoJSON readers assume longitude/latitude when no CRS is declared.
            raise IngestError(
                "the file declares no coordinate system (or longitude/latitude) but its "
                "coordinates are projected; export it with its coordinate system "
                "(a .prj, or a GeoPackage)",
                file=label,
            )
    epsg = frame.crs.to_epsg()
    return f"EPSG:{epsg}" if epsg else frame.crs.to_string()


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _repair(
    geoms: np.ndarray,
    codes: list[object],
    problems: ProblemCollector,
    warnings: list[str],
    *,
    quiet: bool = False,
) -> np.ndarray:
    """Return polygonal, valid, 2-D geometries; record what was repaired or is beyond repair."""
    out = np.empty(len(geoms), dtype=object)
    for index, geom in enumerate(geoms):
        number = index + 1
        code = normalize_code(codes[index])
        if geom is None or geom.is_empty:
            problems.add(f"feature {code!r} has no geometry", row=number, field="geometry")
            continue
        geom = shapely.force_2d(geom)
        if geom.geom_type not in ("Polygon", "MultiPolygon", "GeometryCollection"):
            problems.add(
                f"feature {code!r} is a {geom.geom_type}, not a polygon",
                row=number,
                field="geometry",
            )
            continue
        if not geom.is_valid or geom.geom_type == "GeometryCollection":
            reason = shapely.is_valid_reason(geom)
            repaired = _polygonal_part(shapely.make_valid(geom))
            if repaired is None or repaired.is_empty or not repaired.is_valid:
                problems.add(
                    f"feature {code!r} has an invalid geometry that cannot be repaired ({reason})",
                    row=number,
                    field="geometry",
                )
                continue
            if not quiet:
                warnings.append(f"feature {number} ({code}): invalid geometry repaired ({reason})")
            geom = repaired
        out[index] = geom
    return out


def _polygonal_part(geom: BaseGeometry) -> BaseGeometry | None:
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    if geom.geom_type == "GeometryCollection":
        parts = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        if not parts:
            return None
        return shapely.union_all(parts)
    return None


# --- stored forms -----------------------------------------------------------------------------

_GEOD = None


@dataclass(frozen=True)
class StoredGeometry:
    wkb: bytes
    display_geojson: str
    bounds: tuple[float, float, float, float]
    label_point: tuple[float, float]
    area_km2: float


def stored_geometry(geom: BaseGeometry, *, display_tolerance: float) -> StoredGeometry:
    """Return what RedPaz keeps of a boundary: WKB, a light GeoJSON for maps, bbox, label, area."""
    global _GEOD
    if _GEOD is None:
        from pyproj import Geod

        _GEOD = Geod(ellps="WGS84")
    display = shapely.simplify(geom, display_tolerance, preserve_topology=True)
    display = shapely.set_precision(display, 1e-5)
    if display.is_empty:  # a tiny island simplified away: keep its unsimplified outline
        display = geom
    point = geom.representative_point()
    area_m2, _perimeter = _GEOD.geometry_area_perimeter(geom)
    return StoredGeometry(
        wkb=shapely.to_wkb(geom),
        display_geojson=shapely.to_geojson(display),
        bounds=tuple(float(v) for v in geom.bounds),  # type: ignore[arg-type]
        label_point=(float(point.x), float(point.y)),
        area_km2=abs(area_m2) / 1e6,
    )
