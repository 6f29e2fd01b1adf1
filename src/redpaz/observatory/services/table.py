"""Import any table of violence records through a mapping file (``ingest.tabular``).

The file is read in chunks and stored inside one transaction, so a file of a million rows needs
neither a million rows in memory nor leaves anything behind when row 900,000 is bad. Places come
from DIVIPOLA codes or municipality names; zones from coordinates when the table has them, else
from zone codes or names. Names that match with confidence are applied; uncertain ones are
queued for review (an analyst confirms once, for every later import) and reported.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
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
from redpaz.ingest.errors import IngestError, Problem
from redpaz.ingest.names import NameIndex, NameMatch
from redpaz.ingest.placement import Zone, place_points
from redpaz.ingest.tabular import TableMapping, TableReader, read_mapping
from redpaz.ingest.text import normalize_name
from redpaz.ingest.values import flag_rows
from redpaz.observatory.models import AGE_GROUP_RANGES, Crime, Source, place_key
from redpaz.observatory.services.common import (
    KIND_TABLE,
    Progress,
    Span,
    batches_replace,
    country_territory,
    coverage_add,
    crime_get,
    no_progress,
    require_import,
    source_ensure,
    source_lock,
    superseded_batches,
)
from redpaz.observatory.services.places import MunicipalityResolver, reviews_record, zone_index
from redpaz.observatory.services.records import RecordWriter
from redpaz.territory.models import Level, Territory

# Stop reading a bad file once this many problems are known.
MAX_PROBLEMS = 500


@dataclass
class _ZoneState:
    """Zone matching for one municipality, kept across chunks."""

    municipality: Territory
    index: NameIndex
    zones: list[Zone]
    names: dict[str, tuple[str, NameMatch]] = field(default_factory=dict)  # raw -> match
    rows_named: int = 0
    rows_placed: int = 0
    rows_by_coordinates: int = 0
    rows_waiting: int = 0
    waiting_names: dict[str, int] = field(default_factory=dict)  # raw -> rows


def table_import(
    *,
    path: str | Path,
    mapping: str | Path,
    user: Any = None,
    progress: Progress | None = None,
    extraction_date: date | None = None,
) -> ImportOutcome:
    """Import a CSV/XLSX table with a mapping file; the same file and mapping twice is a no-op."""
    progress = progress or no_progress
    path = Path(path)
    label = path.name
    spec = read_mapping(mapping)
    coverage_territory = _coverage_territory(spec)
    require_import(user, coverage_territory)
    if not path.exists():
        raise IngestError("file not found", file=str(path))
    sha256, size = file_sha256(path)
    scope = f"mapping:{spec.sha256[:16]}"
    existing = batch_find_existing(kind=KIND_TABLE, sha256=sha256, scope=scope)
    if existing is not None:
        return ImportOutcome(existing, created=False)
    if spec.zone_level and spec.zone_level not in Level.values:
        raise IngestError(
            [
                Problem(
                    f"unknown zone level {spec.zone_level!r}", file=spec.label, field="zones.level"
                )
            ]
        )
    default_crime = (
        crime_get(spec.crime, file=spec.label, field="source.crime") if spec.crime else None
    )
    crimes = {c.slug: c for c in Crime.objects.all()}
    extraction = extraction_date or spec.extraction_date
    source = source_ensure(
        slug=spec.source_slug,
        kind=Source.Kind.TABLE,
        name=spec.source_name,
        publisher=spec.publisher or None,
    )
    resolver = MunicipalityResolver()
    reader = TableReader(path, spec)
    zone_states: dict[int, _ZoneState | None] = {}
    stats: dict[str, Any] = defaultdict(int)
    crimes_seen: dict[int, tuple[date, date]] = {}
    with transaction.atomic():
        source_lock(source)
        batch = batch_create(
            kind=KIND_TABLE,
            path=path,
            sha256=sha256,
            size_bytes=size,
            user=user,
            scope=scope,
            publisher=source.publisher,
            extraction_date=extraction,
            parameters={
                "mapping": spec.label,
                "mapping_sha256": spec.sha256,
                "source": source.slug,
                "crime": spec.crime or "",
                "zone_level": spec.zone_level or "",
                "coverage": coverage_territory.code,
                "municipality": coverage_territory.code
                if coverage_territory.level == Level.MUNICIPALITY
                else "",
            },
        )
        writer = RecordWriter(
            source_id=source.pk,
            crime_id=(default_crime or next(iter(crimes.values()))).pk,
            batch_id=batch.pk,
        )
        for chunk in reader.chunks():
            stats["rows_read"] += chunk.rows_read
            progress(_("Reading and storing rows"), stats["rows_read"], 0)
            frame = _resolve(
                chunk.records, spec, reader, resolver, crimes, coverage_territory, stats
            )
            if spec.zone_level and not frame.empty:
                frame = _place(frame, spec.zone_level, zone_states, reader)
            if len(reader.problems.problems) >= MAX_PROBLEMS:
                break
            if reader.problems or frame.empty:
                continue
            for crime_id, dates in frame.groupby("crime_id")["date"]:
                low, high = dates.min().date(), dates.max().date()
                key = int(cast(int, crime_id))
                old = crimes_seen.get(key)
                crimes_seen[key] = (min(old[0], low), max(old[1], high)) if old else (low, high)
            frame["age_group"] = _age_groups(frame["age"], frame["age_group"])
            writer.write(frame)
        reader.problems.raise_if_any()
        if not crimes_seen:
            raise IngestError("no row of the file was imported (check [filter])", file=label)

        spans = _spans(spec, coverage_territory, crimes_seen, label)
        replaced: list[Any] = []
        for crime_id, span in spans.items():
            crime = next(c for c in crimes.values() if c.pk == crime_id)
            replaced += superseded_batches(
                source=source, crime=crime, span=span, extraction_date=extraction, file=label
            )
        replaced_ids = batches_replace(old=replaced, new=batch)
        for crime_id, span in spans.items():
            crime = next(c for c in crimes.values() if c.pk == crime_id)
            coverage_add(source=source, crime=crime, span=span, batch=batch)
        zone_report, review_count = _zone_report(zone_states, spec, batch)
        warnings = reader.describe_unknown()
        if stats["filtered"]:
            warnings.append(
                f"{stats['filtered']:,} rows of other municipalities were left out ([filter])"
            )
        if replaced_ids:
            warnings.insert(0, f"replaced batch {', '.join(map(str, replaced_ids))}")
        if review_count:
            warnings.append(
                f"{review_count} place names are waiting in the review queue; their records are "
                "stored without a zone until an analyst confirms them"
            )
        batch_finish(
            batch=batch,
            rows_read=stats["rows_read"],
            rows_stored=writer.written,
            warnings=warnings,
            report={
                "source": source.slug,
                "mapping": spec.label,
                "encoding": reader.encoding,
                "delimiter": reader.delimiter,
                "coverage": coverage_territory.code,
                "period": {
                    crimes_by_id(crimes)[pk]: [s.start.isoformat(), s.end.isoformat()]
                    for pk, s in spans.items()
                },
                "victims": int(stats["victims"]),
                "municipalities": len(stats.get("municipality_ids", set())),
                "zone_level": spec.zone_level or "",
                "zones": zone_report,
                "replaced": replaced_ids,
            },
        )
    progress(_("Done"), stats["rows_read"], stats["rows_read"])
    return ImportOutcome(batch, created=True)


def crimes_by_id(crimes: dict[str, Crime]) -> dict[int, str]:
    return {c.pk: slug for slug, c in crimes.items()}


def _coverage_territory(spec: TableMapping) -> Territory:
    code = spec.coverage_territory
    if code.upper() == "CO":
        return country_territory()
    level = {2: Level.DEPARTMENT, 5: Level.MUNICIPALITY}.get(len(code))
    territory = (
        Territory.objects.filter(level=level, code=code, boundary_set=None).first()
        if level
        else None
    )
    if territory is None:
        raise IngestError(
            [
                Problem(
                    f"{code!r} is not the country (CO), a department or a municipality code",
                    file=spec.label,
                    field="coverage.territory",
                )
            ]
        )
    return territory


def _resolve(
    records: pd.DataFrame,
    spec: TableMapping,
    reader: TableReader,
    resolver: MunicipalityResolver,
    crimes: dict[str, Crime],
    coverage: Territory,
    stats: dict[str, Any],
) -> pd.DataFrame:
    """Municipality and crime ids; problems for unknown codes, names and crimes."""
    problems = reader.problems
    headers = reader.headers
    rows = records["row"]
    ids = records["municipality_code"].map(resolver.by_code)
    coded = records["municipality_code"] != ""
    unknown = coded & ids.isna()
    flag_rows(
        problems,
        unknown,
        rows,
        lambda v: f"unknown DIVIPOLA code: municipality {v} does not exist",
        field=headers.get("municipality_code"),
        values=records["municipality_code"],
    )
    if (~coded).any():
        pairs = records.loc[~coded, ["department", "municipality"]].drop_duplicates()
        found: dict[tuple[str, str], int | None] = {}
        for department, municipality in zip(
            pairs["department"], pairs["municipality"], strict=True
        ):
            found[(department, municipality)] = resolver.by_name(department, municipality).id
        named = pd.Series(
            [
                found.get(k)
                for k in zip(records["department"], records["municipality"], strict=True)
            ],
            index=records.index,
            dtype=object,
        )
        missing = ~coded & named.isna()
        flag_rows(
            problems,
            missing,
            rows,
            lambda v: f"unmatched municipality {v!r}: add it as an alternative name",
            field=headers.get("municipality", "municipality"),
            values=records["municipality"],
        )
        ids = ids.where(coded, named)
    records = records.assign(municipality_id=ids)
    if spec.municipalities:
        wanted = {resolver.by_code.get(c) for c in spec.municipalities}
        keep = records["municipality_id"].isin(wanted)
        stats["filtered"] += int((~keep & records["municipality_id"].notna()).sum())
        records = records[keep | records["municipality_id"].isna()]
    if coverage.level == Level.MUNICIPALITY:
        elsewhere = records["municipality_id"].notna() & (records["municipality_id"] != coverage.pk)
        flag_rows(
            problems,
            elsewhere,
            records["row"],
            f"the row is not in {coverage.name}, the territory the mapping's coverage names",
            field=headers.get("municipality_code", "municipality"),
        )
    elif coverage.level == Level.DEPARTMENT:
        codes = records["municipality_id"].map(resolver.code_of)
        elsewhere = codes.notna() & ~codes.fillna("").str.startswith(coverage.code)
        flag_rows(
            problems,
            elsewhere,
            records["row"],
            f"the row is not in {coverage.name}, the territory the mapping's coverage names",
            field=headers.get("municipality_code", "municipality"),
        )
    crime_ids = records["crime"].map(lambda slug: crimes[slug].pk if slug in crimes else None)
    bad_crime = records["crime"].notna() & crime_ids.isna()
    flag_rows(
        problems,
        bad_crime,
        records["row"],
        lambda v: f"{v!r} is not a known crime type identifier",
        field=headers.get("crime", "source.crime"),
        values=records["crime"],
    )
    records = records.assign(crime_id=crime_ids)
    records = records[records["municipality_id"].notna() & records["crime_id"].notna()]
    stats["victims"] += int(records["count"].sum())
    stats.setdefault("municipality_ids", set()).update(records["municipality_id"].astype(int))
    return records.assign(
        municipality_id=records["municipality_id"].astype("int64"),
        crime_id=records["crime_id"].astype("int64"),
        place_name=records["zone_name"],
    )


def _zone_state(
    municipality_id: int, level: str, states: dict[int, _ZoneState | None]
) -> _ZoneState | None:
    if municipality_id not in states:
        municipality = Territory.objects.get(pk=municipality_id)
        current = Territory.objects.filter(
            boundary_set__municipality=municipality,
            boundary_set__valid_to__isnull=True,
            level=level,
        )
        zones = [
            Zone(pk, code, shapely.from_wkb(bytes(geometry or b"")))
            for pk, code, geometry in current.exclude(geometry=None)
            .order_by("code")
            .values_list("pk", "code", "geometry")
        ]
        states[municipality_id] = (
            _ZoneState(municipality, zone_index(municipality, level), zones)
            if current.exists()
            else None
        )
    return states[municipality_id]


def _place(
    frame: pd.DataFrame, level: str, states: dict[int, _ZoneState | None], reader: TableReader
) -> pd.DataFrame:
    """Zone ids by coordinates, then zone code or name; place keys for names under review."""
    zone_ids = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    keys = pd.Series("", index=frame.index, dtype=object)
    for municipality_id, group in frame.groupby("municipality_id"):
        state = _zone_state(int(cast(int, municipality_id)), level, states)
        if state is None:
            continue
        has_point = group["longitude"].notna() & group["latitude"].notna()
        if has_point.any() and state.zones:
            located = group[has_point]
            placement = place_points(
                located["longitude"].to_numpy(),
                located["latitude"].to_numpy(),
                state.zones,
                outline=state.municipality.shape(),
            )
            flag_rows(
                reader.problems,
                placement.outside,
                located["row"],
                f"the point lies outside {state.municipality.name}",
                field=reader.headers.get("longitude"),
            )
            placed = placement.zone_index >= 0
            lookup = np.array([z.id for z in state.zones], dtype=np.int64)
            zone_ids[located.index[placed]] = lookup[placement.zone_index[placed]]
            state.rows_by_coordinates += int(placed.sum())
        by_name = group[zone_ids[group.index].isna()]
        labels = by_name["zone_code"].where(by_name["zone_code"] != "", by_name["zone_name"])
        for raw, rows in by_name.groupby(labels):
            if not raw:
                continue
            if raw not in state.names:
                state.names[raw] = (raw, state.index.match(raw))
            match = state.names[raw][1]
            if match.method == "blank":
                continue
            state.rows_named += len(rows)
            if match.id is not None:
                zone_ids[rows.index] = match.id
                state.rows_placed += len(rows)
            else:
                keys[rows.index] = place_key(level, normalize_name(raw))
                state.rows_waiting += len(rows)
                state.waiting_names[raw] = state.waiting_names.get(raw, 0) + len(rows)
    return frame.assign(zone_id=zone_ids, place_key=keys)


def _age_groups(ages: pd.Series, given: pd.Series) -> pd.Series:
    """The given age group, or the one the exact age falls in."""
    groups = given.fillna("").astype(object).copy()
    missing = groups == ""
    for group, (low, high) in AGE_GROUP_RANGES.items():
        inside = (ages >= low).fillna(False) & (ages <= high).fillna(False)
        groups[missing & inside.astype(bool)] = str(group)
    return groups


def _spans(
    spec: TableMapping,
    territory: Territory,
    seen: dict[int, tuple[date, date]],
    label: str,
) -> dict[int, Span]:
    spans = {}
    for crime_id, (first, last) in seen.items():
        start = spec.coverage_start or first
        end = spec.coverage_end or last
        if first < start or last > end:
            raise IngestError(
                f"the file has dates from {first} to {last}, outside the coverage the mapping "
                f"declares ({start} to {end})",
                file=label,
            )
        spans[crime_id] = Span(territory, start, end)
    return spans


def _zone_report(
    states: dict[int, _ZoneState | None], spec: TableMapping, batch: Any
) -> tuple[list[dict[str, Any]], int]:
    """Match rates per municipality with zones, and the review queue entries they need."""
    report = []
    queued = 0
    for state in states.values():
        if state is None:
            continue
        names = [n for n, (_raw, m) in state.names.items() if m.method != "blank"]
        matched = [n for n in names if state.names[n][1].id is not None]
        waiting = {normalize_name(raw): (raw, state.names[raw][1]) for raw in state.waiting_names}
        rejected = reviews_record(
            municipality=state.municipality,
            level=spec.zone_level or "",
            names=waiting,
            batch=batch,
        )
        if rejected:
            # Names an analyst said are not zones: their records stay unplaced, not waiting.
            from redpaz.observatory.models import EventRecord

            EventRecord.objects.filter(
                batch=batch,
                municipality=state.municipality,
                place_key__in=[place_key(spec.zone_level or "", n) for n in rejected],
            ).update(place_key="")
        queued += len(waiting) - len(rejected)
        named = state.rows_named
        report.append(
            {
                "municipality": state.municipality.code,
                "name": state.municipality.name,
                "rows_with_name": named,
                "rows_placed_by_name": state.rows_placed,
                "rows_placed_by_coordinates": state.rows_by_coordinates,
                "rows_waiting": state.rows_waiting,
                "match_rate": round(100 * state.rows_placed / named, 1) if named else None,
                "names": len(names),
                "names_matched": len(matched),
                "unmatched_names": dict(
                    sorted(state.waiting_names.items(), key=lambda item: -item[1])[:50]
                ),
            }
        )
    return sorted(report, key=lambda r: -r["rows_with_name"]), queued
