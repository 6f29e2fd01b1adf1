"""Import point records of one municipality (a city's own series, e.g. Medellín's SISC).

Every point is placed in the municipality's current zones (comunas by default); points inside the
municipality but in no zone are kept without a zone and reported; points outside it, or with
latitude and longitude swapped, stop the import with the rows named. Where the file names the
zone itself (Medellín's COMUNA column), the report says how often it agrees with the placement
and how many disagreements are boundary cases.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
import shapely
from django.db import transaction
from django.utils.translation import gettext as _

from redpaz.imports.services import (
    ImportOutcome,
    batch_create,
    batch_find_existing,
    batch_finish,
    file_sha256,
)
from redpaz.ingest.errors import IngestError, ProblemCollector
from redpaz.ingest.placement import Zone, distance_to_zone_m, place_points
from redpaz.ingest.points import PointTable, extra_json, read_points
from redpaz.ingest.text import normalize_code
from redpaz.ingest.values import flag_rows
from redpaz.observatory.models import AGE_GROUP_RANGES, Source
from redpaz.observatory.services.common import (
    KIND_POINTS,
    Progress,
    Span,
    batches_replace,
    coverage_add,
    crime_get,
    no_progress,
    require_import,
    source_ensure,
    source_lock,
    superseded_batches,
)
from redpaz.observatory.services.places import zone_index
from redpaz.observatory.services.records import RecordWriter
from redpaz.territory.models import ZONE_LEVELS, Level, Territory

# A disagreement with the file's own zone column within this distance is a boundary case.
BOUNDARY_CASE_M = 100.0
CHUNK = 200_000


def default_source_slug(municipality: Territory) -> str:
    return f"points-{municipality.code}"


def points_import(
    *,
    path: str | Path,
    municipality_code: str,
    crime: str = "homicidio",
    source: str | None = None,
    user: Any = None,
    progress: Progress | None = None,
    start: date | None = None,
    end: date | None = None,
    extraction_date: date | None = None,
    level: str | None = None,
    columns: dict[str, str] | None = None,
) -> ImportOutcome:
    """Import a point file for one municipality; the same file twice changes nothing.

    The coverage is the municipality from the first to the last date in the file unless
    ``start``/``end`` declare the period (every row must then fall inside it). ``source`` is the
    source slug (default ``points-<code>``); ``level`` the zone level to place in (default: the
    first of comuna, barrio, vereda... with current zones).
    """
    progress = progress or no_progress
    path = Path(path)
    label = path.name
    code = normalize_code(municipality_code, 5)
    municipality = Territory.objects.filter(
        level=Level.MUNICIPALITY, code=code, boundary_set=None
    ).first()
    if municipality is None:
        raise IngestError(f"unknown municipality code {municipality_code!r}", file=label)
    require_import(user, municipality)
    crime_row = crime_get(crime, field="--crime")
    slug = source or default_source_slug(municipality)
    if not path.exists():
        raise IngestError("file not found", file=str(path))
    sha256, size = file_sha256(path)
    scope = f"{municipality.code}:{crime_row.slug}:{slug}"
    existing = batch_find_existing(kind=KIND_POINTS, sha256=sha256, scope=scope)
    if existing is not None:
        return ImportOutcome(existing, created=False)

    progress(_("Reading the file"), 0, 0)
    table = read_points(path, columns=columns)
    records = table.records
    progress(_("Placing the points in zones"), 0, len(records))
    zones, level = _zones(municipality, level)
    outline = municipality.shape()
    placement = place_points(
        records["longitude"].to_numpy(), records["latitude"].to_numpy(), zones, outline=outline
    )
    problems = ProblemCollector(path)
    flag_rows(
        problems,
        placement.outside,
        records["row"],
        f"the point lies outside {municipality.name} ({municipality.code}): check the "
        "municipality and the coordinates",
        field=table.headers["longitude"],
    )
    first, last = records["date"].min().date(), records["date"].max().date()
    if (start and first < start) or (end and last > end):
        outside_period = (records["date"].dt.date < (start or first)) | (
            records["date"].dt.date > (end or last)
        )
        flag_rows(
            problems,
            outside_period,
            records["row"],
            f"the date is outside the declared period ({start or '…'} to {end or '…'})",
            field=table.headers["datetime"],
        )
    problems.raise_if_any()

    records = records.assign(
        municipality_id=municipality.pk,
        zone_id=_zone_ids(placement.zone_index, zones),
        age_group=_age_groups(records["age"]),
        extra=extra_json(records["zone_name"], "zone_name_given"),
    )
    agreement = _agreement(table, records, zones, municipality, level)
    span = Span(municipality, start or first, end or last)
    source_row = source_ensure(
        slug=slug,
        kind=Source.Kind.POINTS,
        name=f"{municipality.name} – point records" if source is None else None,
    )
    superseded_batches(
        source=source_row,
        crime=crime_row,
        span=span,
        extraction_date=extraction_date,
        file=label,
    )

    progress(_("Storing the records"), 0, len(records))
    with transaction.atomic():
        source_lock(source_row)
        existing = batch_find_existing(kind=KIND_POINTS, sha256=sha256, scope=scope)
        if existing is not None:
            return ImportOutcome(existing, created=False)
        replaced = superseded_batches(
            source=source_row,
            crime=crime_row,
            span=span,
            extraction_date=extraction_date,
            file=label,
        )
        batch = batch_create(
            kind=KIND_POINTS,
            path=path,
            sha256=sha256,
            size_bytes=size,
            user=user,
            scope=scope,
            release=f"{source_row.slug}:{crime_row.slug}:{municipality.code}",
            publisher=source_row.publisher,
            extraction_date=extraction_date,
            parameters={
                "municipality": municipality.code,
                "crime": crime_row.slug,
                "source": source_row.slug,
                "level": level or "",
                "start": start.isoformat() if start else "",
                "end": end.isoformat() if end else "",
                "columns": table.headers,
            },
        )
        replaced_ids = batches_replace(old=replaced, new=batch)
        writer = RecordWriter(source_id=source_row.pk, crime_id=crime_row.pk, batch_id=batch.pk)
        for offset in range(0, len(records), CHUNK):
            writer.write(records.iloc[offset : offset + CHUNK])
            progress(_("Storing the records"), writer.written, len(records))
        coverage_add(source=source_row, crime=crime_row, span=span, batch=batch)
        warnings = list(table.warnings)
        unplaced = int(placement.unplaced.sum())
        if unplaced:
            warnings.append(
                f"{unplaced:,} points lie in {municipality.name} but in none of its zones: kept "
                "without a zone"
            )
        if not zones:
            warnings.append(
                f"{municipality.name} has no zones loaded: no point was placed in a zone"
            )
        if replaced_ids:
            warnings.insert(0, f"replaced batch {', '.join(map(str, replaced_ids))}")
        batch_finish(
            batch=batch,
            rows_read=len(records),
            rows_stored=writer.written,
            warnings=warnings,
            report={
                "source": source_row.slug,
                "crime": crime_row.slug,
                "municipality": municipality.code,
                "level": level or "",
                "period": [span.start.isoformat(), span.end.isoformat()],
                "declared_period": bool(start or end),
                "victims": table.victims,
                "placed": int((placement.zone_index >= 0).sum()),
                "unplaced": unplaced,
                "on_boundary": placement.on_boundary,
                "without_coordinates": int(records["longitude"].isna().sum()),
                "by_zone": _by_zone(records, zones),
                "agreement": agreement,
                "ignored_columns": table.ignored_columns,
                "encoding": table.encoding,
                "replaced": replaced_ids,
            },
        )
        # PostgreSQL checks the records' foreign keys at commit: long for a million rows.
        progress(_("Saving"), len(records), len(records))
    progress(_("Done"), len(records), len(records))
    return ImportOutcome(batch, created=True)


def _zones(municipality: Territory, level: str | None) -> tuple[list[Zone], str | None]:
    current = Territory.objects.filter(
        boundary_set__municipality=municipality, boundary_set__valid_to__isnull=True
    )
    if level is None:
        present = set(current.values_list("level", flat=True))
        level = next((lv.value for lv in ZONE_LEVELS if lv.value in present), None)
    elif level not in {lv.value for lv in ZONE_LEVELS}:
        raise IngestError(f"unknown zone level {level!r}")
    if level is None:
        return [], None
    zones = [
        Zone(pk, zone_code, shapely.from_wkb(bytes(geometry or b"")))
        for pk, zone_code, geometry in current.filter(level=level)
        .exclude(geometry=None)
        .order_by("code")
        .values_list("pk", "code", "geometry")
    ]
    return zones, level


def _zone_ids(zone_index: np.ndarray, zones: list[Zone]) -> pd.Series:
    """Territory ids from placement indexes; missing (NA) where the point is in no zone."""
    placed = zone_index >= 0
    ids = pd.Series(pd.NA, index=range(len(zone_index)), dtype="Int64")
    if zones and placed.any():
        lookup = np.array([z.id for z in zones], dtype=np.int64)
        ids[placed] = lookup[zone_index[placed]]
    return ids


def _age_groups(ages: pd.Series) -> pd.Series:
    groups = pd.Series("", index=ages.index, dtype=object)
    for group, (low, high) in AGE_GROUP_RANGES.items():
        groups[(ages >= low).fillna(False) & (ages <= high).fillna(False)] = str(group)
    return groups


def _by_zone(records: pd.DataFrame, zones: list[Zone]) -> dict[str, int]:
    codes = {z.id: z.code for z in zones}
    totals = records.groupby("zone_id", dropna=True)["count"].sum()
    by_id = {int(cast(int, pk)): int(n) for pk, n in totals.items()}
    return {codes[pk]: n for pk, n in by_id.items() if pk in codes}


def _agreement(
    table: PointTable,
    records: pd.DataFrame,
    zones: list[Zone],
    municipality: Territory,
    level: str | None,
) -> dict[str, Any]:
    """How often the file's own zone column agrees with the placement by coordinates."""
    if "zone_name" not in table.headers or not zones or level is None:
        return {}
    index = zone_index(municipality, level)
    names = records["zone_name"]
    unique = names.unique().tolist()
    matched = {name: index.match(name).id for name in unique}
    unmatched_names = sorted(n for n, pk in matched.items() if pk is None and n)
    claimed = names.map(matched)
    comparable = claimed.notna() & records["zone_id"].notna()
    agree = comparable & (claimed == records["zone_id"].astype("float"))
    disagree = comparable & ~agree
    geometry = {z.id: z.geometry for z in zones}
    boundary = 0
    pairs: dict[str, int] = {}
    if disagree.any():
        subset = records[disagree]
        distances = distance_to_zone_m(
            subset["longitude"].to_numpy(),
            subset["latitude"].to_numpy(),
            [geometry[int(pk)] for pk in claimed[disagree]],
        )
        boundary = int((distances <= BOUNDARY_CASE_M).sum())
        labels = {z.id: z.code for z in zones}
        for given, placed in zip(subset["zone_name"], subset["zone_id"], strict=True):
            key = f"{given} → {labels[int(placed)]}"
            pairs[key] = pairs.get(key, 0) + 1
    return {
        "column": table.headers["zone_name"],
        "compared": int(comparable.sum()),
        "agree": int(agree.sum()),
        "disagree": int(disagree.sum()),
        "boundary_cases": boundary,
        "boundary_distance_m": BOUNDARY_CASE_M,
        "unmatched_names": unmatched_names[:50],
        "disagreements": dict(sorted(pairs.items(), key=lambda item: -item[1])[:20]),
    }
