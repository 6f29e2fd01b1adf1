"""Import population tables into PopulationFigure rows, all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from redpaz.imports.models import ImportBatch
from redpaz.imports.services import (
    ImportOutcome,
    batch_create,
    batch_find_existing,
    batch_finish,
    file_sha256,
)
from redpaz.ingest.errors import IngestError, Problem
from redpaz.ingest.population import PopulationRecord, PopulationTable, read_population
from redpaz.territory.models import (
    ZONE_LEVELS,
    Level,
    PopulationFigure,
    PopulationSeries,
    Territory,
)
from redpaz.territory.selectors import zone_matcher
from redpaz.territory.services.divipola import (
    DivipolaName,
    country_get_or_create,
    divipola_ensure,
)

KIND = "population"
Progress = Callable[[str, int, int], None]


def population_import(
    *,
    path: str | Path,
    user: Any = None,
    municipality_code: str | None = None,
    level: str | None = None,
    series_name: str | None = None,
    publisher: str | None = None,
    base_year: int | None = None,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import a population file; the same file twice changes nothing.

    Municipal DANE tables create missing departments and municipalities. Zone tables need the
    municipality and zone level they describe; every zone must match a current zone by code,
    name or alternative name, or nothing is imported.
    """
    path = Path(path)
    sha256, size = file_sha256(path)
    scope = f"{municipality_code or ''}:{level or ''}".strip(":")
    existing = batch_find_existing(kind=KIND, sha256=sha256, scope=scope)
    if existing is not None:
        return ImportOutcome(existing, created=False)

    table = read_population(path)
    if table.level == "zone":
        if not municipality_code or not level:
            raise IngestError(
                "this is a zone population table: say which municipality and zone level it "
                "describes (--municipality CODE --level comuna)",
                file=path.name,
            )
        if level not in ZONE_LEVELS:
            raise IngestError(
                f"{level!r} is not a zone level ({', '.join(ZONE_LEVELS)})", file=path.name
            )

    with transaction.atomic():
        if table.level == "municipality":
            targets = _municipal_targets(table)
        elif table.level == "country":
            country = country_get_or_create()
            targets = {"CO": country.pk}
        elif municipality_code and level:
            targets = _zone_targets(table, path, municipality_code, level)
        else:  # read_population only returns the three levels handled above
            raise IngestError(f"unexpected table level {table.level!r}", file=path.name)
        series = _series(table, municipality_code, level, series_name, publisher, base_year)
        batch = batch_create(
            kind=KIND,
            path=path,
            sha256=sha256,
            size_bytes=size,
            user=user,
            scope=scope,
            publisher=series.publisher,
            parameters={
                "layout": table.layout,
                "sheet": table.sheet,
                "series": series.slug,
                "municipality": municipality_code or "",
                "level": level or "",
            },
        )
        stored = _replace_figures(table, targets, series, batch, progress)
        _mark_superseded(batch)
        batch_finish(
            batch=batch,
            rows_read=len(table.records),
            rows_stored=stored,
            warnings=table.warnings,
            report={
                "layout": table.layout,
                "territories": len(set(targets.values())),
                "years": [table.years[0], table.years[-1]],
                "series": series.name,
            },
        )
    return ImportOutcome(batch, created=True)


def _key(record: PopulationRecord) -> str:
    return record.code or record.name


def _municipal_targets(table: PopulationTable) -> dict[str, int]:
    names: dict[str, DivipolaName] = {}
    for record in table.records:
        names.setdefault(
            record.code, DivipolaName(record.code, record.name, record.department_name)
        )
    territories = divipola_ensure(names.values())
    return {code: territories[code].pk for code in names}


def _zone_targets(
    table: PopulationTable, path: Path, municipality_code: str, level: str
) -> dict[str, int]:
    municipality = Territory.objects.filter(
        level=Level.MUNICIPALITY, code=municipality_code, boundary_set=None
    ).first()
    if municipality is None:
        raise IngestError(f"municipality {municipality_code} is not loaded", file=path.name)
    match = zone_matcher(municipality_code=municipality_code, level=level)
    if not match.has_zones:
        raise IngestError(
            f"{municipality.name} has no current zones of level {level!r}; import their "
            "boundaries first (redpaz import zones)",
            file=path.name,
        )
    targets: dict[str, int] = {}
    problems: list[Problem] = []
    for record in table.records:
        key = _key(record)
        if key in targets:
            continue
        zone_id = match(code=record.code, name=record.name)
        if zone_id is None:
            problems.append(
                Problem(
                    f"no {level} of {municipality.name} has the code or name "
                    f"{record.code or record.name!r}",
                    file=path.name,
                    row=record.row,
                )
            )
            targets[key] = -1
        else:
            targets[key] = zone_id
    if problems:
        raise IngestError(problems)
    return targets


def _series(
    table: PopulationTable,
    municipality_code: str | None,
    level: str | None,
    series_name: str | None,
    publisher: str | None,
    base_year: int | None,
) -> PopulationSeries:
    if series_name:
        slug = slugify(series_name)[:80]
    elif table.series_slug:
        slug, series_name = table.series_slug, table.series_name
    else:
        series_name = f"Población por {level} · {municipality_code}"
        slug = slugify(f"{municipality_code}-{level}-population")
    series, created = PopulationSeries.objects.get_or_create(
        slug=slug,
        defaults={
            "name": series_name,
            "publisher": publisher or table.publisher,
            "base_year": base_year or table.base_year,
        },
    )
    if not created and base_year and series.base_year != base_year:
        series.base_year = base_year
        series.save(update_fields=["base_year"])
    return series


def _replace_figures(
    table: PopulationTable,
    targets: dict[str, int],
    series: PopulationSeries,
    batch: ImportBatch,
    progress: Progress | None,
) -> int:
    territory_ids = sorted({t for t in targets.values() if t > 0})
    years = table.years
    combos = {(r.sex, r.age_from, r.age_to) for r in table.records}
    # A newer file of the same series replaces the figures it covers, and only those.
    for sex, age_from, age_to in combos:
        PopulationFigure.objects.filter(
            series=series,
            territory_id__in=territory_ids,
            year__in=years,
            sex=sex,
            age_from=age_from,
            age_to=age_to,
        ).delete()
    figures = [
        PopulationFigure(
            territory_id=targets[_key(r)],
            series=series,
            year=r.year,
            sex=r.sex,
            age_from=r.age_from,
            age_to=r.age_to,
            value=r.value,
            batch=batch,
        )
        for r in table.records
    ]
    chunk = 5000
    for start in range(0, len(figures), chunk):
        PopulationFigure.objects.bulk_create(figures[start : start + chunk])
        if progress:
            progress("population", min(start + chunk, len(figures)), len(figures))
    return len(figures)


def _mark_superseded(batch: ImportBatch) -> None:
    """Earlier population batches left with no figures were wholly replaced by this one."""
    ImportBatch.objects.filter(kind=KIND, status=ImportBatch.Status.DONE).exclude(
        pk=batch.pk
    ).exclude(population_figures__isnull=False).update(
        status=ImportBatch.Status.REPLACED, replaced_by=batch
    )
