"""Import boundary files: departments and municipalities in place, zones as a new boundary set."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import shapely
from django.db import transaction
from django.utils import timezone

from redpaz.imports.services import (
    ImportOutcome,
    batch_create,
    batch_find_existing,
    batch_finish,
    file_sha256,
)
from redpaz.ingest.errors import IngestError, Problem
from redpaz.ingest.geo import BoundaryFeature, BoundaryFile, read_boundaries, stored_geometry
from redpaz.ingest.text import normalize_code, normalize_name
from redpaz.territory.models import (
    ZONE_LEVELS,
    BoundarySet,
    Level,
    Territory,
    TerritoryAlias,
)
from redpaz.territory.services.divipola import DivipolaName, divipola_ensure

KIND = "zones"
Progress = Callable[[str, int, int], None]

# Simplification tolerance of the map outline, in degrees (0.001° ≈ 110 m).
DISPLAY_TOLERANCE = {
    Level.COUNTRY: 0.01,
    Level.DEPARTMENT: 0.004,
    Level.MUNICIPALITY: 0.001,
}
ZONE_DISPLAY_TOLERANCE = 0.00003

LEVEL_FIELDS = {
    Level.DEPARTMENT: (("DPTO_CCDGO", "dpto", "cod_dpto"), ("DPTO_CNMBR", "departamento")),
    Level.MUNICIPALITY: (("MPIO_CCNCT", "cod_mpio", "divipola"), ("MPIO_CNMBR", "municipio")),
}


def boundaries_import(
    *,
    path: str | Path,
    level: str,
    user: Any = None,
    code_field: str | None = None,
    name_field: str | None = None,
    parent_code: str | None = None,
    parent_field: str | None = None,
    parent_level: str | None = None,
    alias_field: str | None = None,
    valid_from: date | None = None,
    set_name: str | None = None,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import a boundary file for one level; the same file twice changes nothing.

    Departments and municipalities get their boundary replaced in place (DIVIPOLA codes are their
    identity). Zones need their municipality (``parent_code``) and become a new boundary set; the
    set in force until now is closed the day before ``valid_from`` so its history is kept.
    """
    path = Path(path)
    label = path.name
    if level not in Level.values:
        raise IngestError(
            f"unknown level {level!r}; use one of {', '.join(Level.values)}", file=label
        )
    if level == Level.COUNTRY:
        raise IngestError("the country boundary is not imported; import departments", file=label)
    is_zone = level in ZONE_LEVELS
    if is_zone and not parent_code:
        raise IngestError(
            f"zones of level {level!r} need their municipality: add --parent CODE", file=label
        )
    parent_code = normalize_code(parent_code, 5) if parent_code else ""
    sha256, size = file_sha256(path)
    scope = f"{parent_code}:{level}" if is_zone else str(level)
    existing = batch_find_existing(kind=KIND, sha256=sha256, scope=scope)
    if existing is not None:
        return ImportOutcome(existing, created=False)

    width = {Level.DEPARTMENT: 2, Level.MUNICIPALITY: 5}.get(Level(level))
    kwargs: dict[str, Any] = {}
    if level in LEVEL_FIELDS:
        kwargs = {
            "code_candidates": LEVEL_FIELDS[Level(level)][0],
            "name_candidates": LEVEL_FIELDS[Level(level)][1],
        }
    boundary_file = read_boundaries(
        path,
        code_field=code_field,
        name_field=name_field,
        parent_field=parent_field,
        alias_field=alias_field,
        code_width=width,
        **kwargs,
    )
    if width:
        _check_divipola_codes(boundary_file, width)

    with transaction.atomic():
        batch = batch_create(
            kind=KIND,
            path=path,
            sha256=sha256,
            size_bytes=size,
            user=user,
            scope=scope,
            parameters={
                "level": level,
                "code_field": boundary_file.code_field,
                "name_field": boundary_file.name_field,
                "parent": parent_code,
                "parent_field": parent_field or "",
                "alias_field": alias_field or "",
                "source_crs": boundary_file.source_crs,
                "valid_from": valid_from.isoformat() if valid_from else "",
            },
        )
        warnings = list(boundary_file.warnings)
        if is_zone:
            stored, report = _import_zones(
                boundary_file,
                Level(level),
                parent_code,
                parent_level,
                valid_from,
                set_name,
                batch,
                warnings,
                progress,
            )
        else:
            stored, report = _import_divipola(boundary_file, Level(level), batch, progress)
        report["source_crs"] = boundary_file.source_crs
        batch_finish(
            batch=batch,
            rows_read=len(boundary_file.features),
            rows_stored=stored,
            warnings=warnings,
            report=report,
        )
    return ImportOutcome(batch, created=True)


def _check_divipola_codes(boundary_file: BoundaryFile, width: int) -> None:
    problems = [
        Problem(
            f"{f.code!r} is not a {width}-digit DIVIPOLA code",
            file=boundary_file.path.name,
            row=f.number,
            field=boundary_file.code_field,
        )
        for f in boundary_file.features
        if not (f.code.isdigit() and len(f.code) == width)
    ]
    if problems:
        raise IngestError(problems)


def _apply_geometry(territory: Territory, feature: BoundaryFeature, tolerance: float) -> None:
    stored = stored_geometry(feature.geometry, display_tolerance=tolerance)
    territory.geometry = stored.wkb
    territory.display_geojson = stored.display_geojson
    territory.min_lon, territory.min_lat, territory.max_lon, territory.max_lat = stored.bounds
    territory.label_lon, territory.label_lat = stored.label_point
    territory.area_km2 = stored.area_km2


GEOMETRY_FIELDS = [
    "geometry",
    "display_geojson",
    "min_lon",
    "min_lat",
    "max_lon",
    "max_lat",
    "label_lon",
    "label_lat",
    "area_km2",
    "batch",
    "updated_at",
]


def _import_divipola(
    boundary_file: BoundaryFile, level: Level, batch: Any, progress: Progress | None
) -> tuple[int, dict[str, Any]]:
    features = boundary_file.features
    territories = divipola_ensure(
        DivipolaName(f.code, _title(f.name), _title(_department_name(f))) for f in features
    )
    tolerance = DISPLAY_TOLERANCE[level]
    updated: list[Territory] = []
    now = timezone.now()
    for index, feature in enumerate(features, start=1):
        territory = territories[feature.code]
        _apply_geometry(territory, feature, tolerance)
        territory.batch = batch
        territory.updated_at = now
        updated.append(territory)
        if progress and index % 100 == 0:
            progress("boundaries", index, len(features))
    Territory.objects.bulk_update(updated, GEOMETRY_FIELDS, batch_size=200)
    if progress:
        progress("boundaries", len(features), len(features))
    missing = (
        Territory.objects.filter(level=level, boundary_set=None, geometry__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)
    )
    return len(updated), {"level": level.value, "without_boundary": list(missing[:50])}


def _department_name(feature: BoundaryFeature) -> str:
    """The department name a municipality file carries (MGN: DPTO_CNMBR), if any."""
    for key, value in feature.attributes.items():
        if normalize_name(key) in {"DPTO CNMBR", "DEPARTAMENTO", "NOMBRE DEPARTAMENTO"}:
            return str(value or "").strip()
    return ""


def _title(name: str) -> str:
    """'SAN JOSÉ DEL GUAVIARE' -> 'San José del Guaviare'; mixed-case names are kept."""
    if not name or name != name.upper():
        return name
    small = {"DE", "DEL", "LA", "LAS", "LOS", "EL", "Y", "D.C."}
    words = name.split()
    return " ".join(
        w.lower() if i > 0 and w in small else w.capitalize() for i, w in enumerate(words)
    )


def _import_zones(
    boundary_file: BoundaryFile,
    level: Level,
    parent_code: str,
    parent_level: str | None,
    valid_from: date | None,
    set_name: str | None,
    batch: Any,
    warnings: list[str],
    progress: Progress | None,
) -> tuple[int, dict[str, Any]]:
    label = boundary_file.path.name
    municipality = Territory.objects.filter(
        level=Level.MUNICIPALITY, code=parent_code, boundary_set=None
    ).first()
    if municipality is None:
        raise IngestError(
            f"municipality {parent_code} is not loaded; import the DIVIPOLA list or "
            "municipality boundaries first",
            file=label,
        )
    features = boundary_file.features
    _check_inside_municipality(features, municipality, label, warnings)
    parents = _parent_zones(boundary_file, municipality, parent_level, label)

    current = BoundarySet.objects.filter(
        municipality=municipality, level=level, valid_to__isnull=True
    ).first()
    if current is not None:
        start = valid_from or timezone.localdate()
        if current.valid_from and current.valid_from >= start:
            raise IngestError(
                f"the {level.label} of {municipality.name} in force since {current.valid_from} "
                f"would end before it began; give --valid-from after {current.valid_from}",
                file=label,
            )
        current.valid_to = start - timedelta(days=1)
        current.save(update_fields=["valid_to"])
        valid_from = start
    boundary_set = BoundarySet.objects.create(
        municipality=municipality,
        level=level,
        name=set_name or f"{level.label} · {municipality.name} ({label})",
        valid_from=valid_from,
        batch=batch,
    )
    zones: list[Territory] = []
    for index, feature in enumerate(features, start=1):
        zone = Territory(
            level=level,
            code=feature.code,
            name=feature.name,
            parent_id=parents.get(feature.parent_code, municipality.pk),
            municipality_code=municipality.code,
            department_code=municipality.department_code,
            boundary_set=boundary_set,
            batch=batch,
        )
        _apply_geometry(zone, feature, ZONE_DISPLAY_TOLERANCE)
        zones.append(zone)
        if progress and index % 100 == 0:
            progress("zones", index, len(features))
    created = Territory.objects.bulk_create(zones, batch_size=200)
    _carry_aliases(current, created)
    _file_aliases(features, created)
    if progress:
        progress("zones", len(features), len(features))
    return len(created), {
        "level": level.value,
        "municipality": municipality.code,
        "boundary_set": boundary_set.pk,
        "replaced_boundary_set": current.pk if current else None,
    }


def _check_inside_municipality(
    features: list[BoundaryFeature], municipality: Territory, label: str, warnings: list[str]
) -> None:
    outline = municipality.shape()
    if outline is None:
        warnings.append(f"{municipality.name} has no boundary loaded: zones were not checked")
        return
    # A margin absorbs the difference between cadastral and DANE cartography.
    outline = shapely.buffer(outline, 0.002)
    union = shapely.union_all([f.geometry for f in features])
    if union.intersection(outline).area < 0.5 * union.area:
        raise IngestError(
            f"the zones do not lie in {municipality.name} ({municipality.code}): check --parent "
            "or the file's coordinate system",
            file=label,
        )
    for feature in features:
        inside = feature.geometry.intersection(outline).area / max(feature.geometry.area, 1e-12)
        if inside < 0.9:
            warnings.append(
                f"feature {feature.number} ({feature.code} {feature.name}) lies "
                f"{100 * (1 - inside):.0f}% outside {municipality.name}"
            )


def _parent_zones(
    boundary_file: BoundaryFile, municipality: Territory, parent_level: str | None, label: str
) -> dict[str, int]:
    """Parent zone id by the code found in the parent field (e.g. the comuna of each barrio)."""
    wanted = {f.parent_code for f in boundary_file.features if f.parent_code}
    if not wanted:
        return {}
    candidates = Territory.objects.filter(
        boundary_set__municipality=municipality, boundary_set__valid_to__isnull=True
    )
    if parent_level:
        candidates = candidates.filter(level=parent_level)
    by_code: dict[str, int] = {}
    for pk, code in candidates.values_list("pk", "code"):
        by_code[code] = pk
        if code.isdigit():
            by_code[str(int(code))] = pk
    found: dict[str, int] = {}
    problems = []
    for feature in boundary_file.features:
        code = feature.parent_code
        if not code or code in found:
            continue
        key = code if code in by_code else (str(int(code)) if code.isdigit() else code)
        if key in by_code:
            found[code] = by_code[key]
        else:
            problems.append(
                Problem(
                    f"parent zone {code!r} is not a current zone of {municipality.name}",
                    file=label,
                    row=feature.number,
                )
            )
    if problems:
        raise IngestError(problems)
    return found


def _file_aliases(features: list[BoundaryFeature], created: list[Territory]) -> None:
    """Alternative names given in the file's alias field (``--alias-field``)."""
    aliases = []
    for feature, zone in zip(features, created, strict=True):
        own = normalize_name(zone.name)
        for name in feature.aliases:
            normalized = normalize_name(name)
            if normalized and normalized != own:
                aliases.append(
                    TerritoryAlias(
                        territory=zone,
                        name=name,
                        normalized=normalized,
                        source=TerritoryAlias.Source.IMPORT,
                    )
                )
    TerritoryAlias.objects.bulk_create(aliases, ignore_conflicts=True)


def _carry_aliases(previous: BoundarySet | None, created: list[Territory]) -> None:
    """Alternative names confirmed for the old drawing keep working for the same zone code."""
    if previous is None:
        return
    by_code = {zone.code: zone for zone in created}
    carried = [
        TerritoryAlias(
            territory=by_code[alias.territory.code],
            name=alias.name,
            normalized=alias.normalized,
            source=alias.source,
            created_by_id=alias.created_by_id,
        )
        for alias in TerritoryAlias.objects.filter(territory__boundary_set=previous).select_related(
            "territory"
        )
        if alias.territory.code in by_code
        and normalize_name(by_code[alias.territory.code].name) != alias.normalized
    ]
    TerritoryAlias.objects.bulk_create(carried, ignore_conflicts=True)
