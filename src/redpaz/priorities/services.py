"""Writes: social indicators from files, and saved prioritisations with their cluster zones."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import shapely
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from redpaz.accounts.access import has_capability
from redpaz.accounts.roles import PRIORITIES_SAVE
from redpaz.analysis.errors import AnalysisError
from redpaz.imports.services import (
    ImportOutcome,
    batch_create,
    batch_find_existing,
    batch_finish,
    file_sha256,
)
from redpaz.ingest.errors import IngestError, Problem
from redpaz.ingest.geo import stored_geometry
from redpaz.ingest.indicators import read_municipal_indicator
from redpaz.observatory.models import Crime, Source
from redpaz.priorities.compute import PrioritisationResult
from redpaz.priorities.models import (
    Prioritisation,
    PrioritisationItem,
    SocialIndicator,
    SocialIndicatorValue,
)
from redpaz.territory.models import BoundarySet, Level, Territory

Progress = Callable[[str, int, int], None]
KIND = "indicator"
CLUSTER_DISPLAY_TOLERANCE = 0.00003


@dataclass(frozen=True)
class IndicatorDefinition:
    slug: str
    name: str
    unit: str
    publisher: str
    headers: tuple[str, ...]  # accepted headers of the value column
    low: float | None = None
    high: float | None = None


INDICATOR_DEFINITIONS = {
    "nbi": IndicatorDefinition(
        slug="nbi",
        name="Necesidades básicas insatisfechas (NBI)",
        unit="%",
        publisher="DANE",
        headers=("NBI", "nbi total", "prop personas en nbi", "personas en nbi"),
        low=0,
        high=100,
    ),
}


def indicator_import(
    *,
    path: str | Path,
    indicator: str = "nbi",
    year: int | None = None,
    user: Any = None,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import a municipal indicator table; the same file twice changes nothing.

    Values already stored for the same indicator, municipality and year are replaced (a newer
    release of the same figures), inside one transaction with the new batch.
    """
    if indicator not in INDICATOR_DEFINITIONS:
        raise IngestError(
            f"unknown indicator {indicator!r}; known: {', '.join(INDICATOR_DEFINITIONS)}"
        )
    definition = INDICATOR_DEFINITIONS[indicator]
    path = Path(path)
    sha256, size = file_sha256(path)
    existing = batch_find_existing(kind=KIND, sha256=sha256, scope=indicator)
    if existing is not None:
        return ImportOutcome(existing, created=False)
    table = read_municipal_indicator(
        path, value_aliases=definition.headers, year=year, low=definition.low, high=definition.high
    )
    municipalities = dict(
        Territory.objects.filter(level=Level.MUNICIPALITY, boundary_set=None).values_list(
            "code", "pk"
        )
    )
    unknown = [r for r in table.records if r.code not in municipalities]
    if unknown:
        raise IngestError(
            [
                Problem(
                    f"no municipality with code {r.code}", file=path.name, row=r.row, field="code"
                )
                for r in unknown
            ]
        )
    with transaction.atomic():
        batch = batch_create(
            kind=KIND,
            path=path,
            sha256=sha256,
            size_bytes=size,
            user=user,
            scope=indicator,
            publisher=definition.publisher,
            parameters={"indicator": indicator, "column": table.column, "sheet": table.sheet},
        )
        target, _created = SocialIndicator.objects.get_or_create(
            slug=definition.slug,
            defaults={
                "name": definition.name,
                "unit": definition.unit,
                "publisher": definition.publisher,
            },
        )
        years = sorted({r.year for r in table.records})
        replaced, _ = SocialIndicatorValue.objects.filter(
            indicator=target,
            year__in=years,
            territory_id__in=[municipalities[r.code] for r in table.records],
        ).delete()
        SocialIndicatorValue.objects.bulk_create(
            SocialIndicatorValue(
                indicator=target,
                territory_id=municipalities[r.code],
                year=r.year,
                value=r.value,
                batch=batch,
            )
            for r in table.records
        )
        if progress:
            progress(indicator, len(table.records), len(table.records))
        missing = len(municipalities) - len({r.code for r in table.records})
        warnings = [f"{missing} municipalities have no value in the file"] if missing else []
        if replaced:
            warnings.append(f"{replaced} earlier values for {', '.join(map(str, years))} replaced")
        batch_finish(
            batch=batch,
            rows_read=len(table.records),
            rows_stored=len(table.records),
            warnings=warnings,
            report={"years": years},
        )
    return ImportOutcome(batch, created=True)


def prioritisation_save(
    *,
    name: str,
    result: PrioritisationResult,
    user: Any = None,
    today: date | None = None,
) -> Prioritisation:
    """Save a computed prioritisation; its clusters of zones become priority-cluster zones.

    For zones of a municipality, a new boundary set of level "priority_cluster" is created
    (each cluster's boundary the union of its zones) and put in force from ``today``; the
    previous one ends the day before (or today, if it was also created today).
    """
    name = name.strip()
    if not name:
        raise AnalysisError("a saved prioritisation needs a name")
    selection = result.selection
    municipality = None
    if selection.level == "zone":
        municipality = Territory.objects.get(
            level=Level.MUNICIPALITY, code=selection.municipality_code, boundary_set=None
        )
    if user is not None and not has_capability(user, PRIORITIES_SAVE, municipality):
        raise PermissionDenied("you may not save prioritisations for this territory")
    today = today or timezone.localdate()
    table = result.table
    with transaction.atomic():
        prioritisation = Prioritisation.objects.create(
            name=name,
            municipality=municipality,
            level=result.level,
            crime=Crime.objects.get(slug=selection.crime),
            source=Source.objects.get(slug=selection.source),
            first_year=min(result.parameters["years"]),
            last_year=max(result.parameters["years"]),
            weights=result.weights,
            parameters=result.parameters,
            notes=result.messages,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        prioritisation.batches.set(result.batches)
        zones: dict[int, Territory] = {}
        if municipality is not None and table["cluster"].notna().any():
            prioritisation.boundary_set = _cluster_set(prioritisation, municipality, table, today)
            prioritisation.save(update_fields=["boundary_set"])
            zones = {int(z.code): z for z in prioritisation.boundary_set.zones.all()}
        keys = [k for k in result.indicator_keys if k in table.columns]
        PrioritisationItem.objects.bulk_create(
            PrioritisationItem(
                prioritisation=prioritisation,
                territory_id=int(row["territory_id"]),
                score=float(row["score"]),
                rank=int(row["rank"]),
                cluster=None if pd.isna(row["cluster"]) else int(row["cluster"]),
                cluster_zone=None if pd.isna(row["cluster"]) else zones.get(int(row["cluster"])),
                indicators={
                    **{k: float(row[k]) for k in keys},
                    **{f"{k}_scaled": float(row[f"{k}_scaled"]) for k in keys},
                },
            )
            for row in table.to_dict("records")
        )
    return prioritisation


def _cluster_set(
    prioritisation: Prioritisation, municipality: Territory, table: pd.DataFrame, today: date
) -> BoundarySet:
    current = BoundarySet.objects.filter(
        municipality=municipality, level=Level.PRIORITY_CLUSTER, valid_to__isnull=True
    ).first()
    if current is not None:
        ends = today - timedelta(days=1)
        current.valid_to = (
            ends if current.valid_from is None or current.valid_from <= ends else today
        )
        current.save(update_fields=["valid_to"])
    boundary_set = BoundarySet.objects.create(
        municipality=municipality,
        level=Level.PRIORITY_CLUSTER,
        name=prioritisation.name,
        valid_from=today,
    )
    members = table[table["cluster"].notna()]
    shapes = {
        pk: shapely.from_wkb(bytes(wkb or b""))
        for pk, wkb in Territory.objects.filter(
            pk__in=members["territory_id"].astype(int).tolist(), geometry__isnull=False
        ).values_list("pk", "geometry")
    }
    clusters = []
    for cluster in sorted(int(c) for c in members["cluster"].unique()):
        ids = members.loc[members["cluster"] == cluster, "territory_id"].astype(int)
        parts = [shapes[pk] for pk in ids if pk in shapes]
        zone = Territory(
            level=Level.PRIORITY_CLUSTER,
            code=f"{cluster:02d}",
            name=f"{prioritisation.name} · {cluster}",
            parent=municipality,
            municipality_code=municipality.code,
            department_code=municipality.department_code,
            boundary_set=boundary_set,
        )
        if parts:
            stored = stored_geometry(
                shapely.union_all(parts), display_tolerance=CLUSTER_DISPLAY_TOLERANCE
            )
            zone.geometry = stored.wkb
            zone.display_geojson = stored.display_geojson
            zone.min_lon, zone.min_lat, zone.max_lon, zone.max_lat = stored.bounds
            zone.label_lon, zone.label_lat = stored.label_point
            zone.area_km2 = stored.area_km2
        clusters.append(zone)
    Territory.objects.bulk_create(clusters)
    return boundary_set
