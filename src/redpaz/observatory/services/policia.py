"""Import the Policía Nacional's yearly releases into event records of source "policia-siedco".

All files of one call are read and checked first, so a bad file stops the call before anything
is written; then each file is stored in its own transaction (one batch per file). A release
covers Colombia for the period printed in its title; a newer extraction of the same release
replaces the older batch in that transaction, an older one is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from django.db import transaction
from django.utils.translation import gettext as _

from redpaz.imports.models import ImportBatch
from redpaz.imports.services import (
    ImportOutcome,
    batch_create,
    batch_find_existing,
    batch_finish,
    file_sha256,
)
from redpaz.ingest.errors import IngestError, Problem
from redpaz.ingest.policia import PUBLISHER, PoliciaRelease, read_policia
from redpaz.ingest.values import ROWS_NAMED
from redpaz.observatory.models import Crime, Source
from redpaz.observatory.services.common import (
    KIND_POLICIA,
    POLICIA_SOURCE,
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
from redpaz.observatory.services.places import MunicipalityResolver
from redpaz.observatory.services.records import RecordWriter


@dataclass
class _Prepared:
    path: Path
    sha256: str
    size: int
    release: PoliciaRelease
    crime: Crime
    span: Span
    records: pd.DataFrame  # with municipality_id
    warnings: list[str] = field(default_factory=list)
    matched_names: list[dict[str, Any]] = field(default_factory=list)


def policia_import(
    *,
    paths: Sequence[str | Path],
    user: Any = None,
    crime: str | None = None,
    progress: Progress | None = None,
) -> list[ImportOutcome]:
    """Import Policía releases (.xls, .xlsx, or the same layout as CSV); one outcome per file.

    ``crime`` (a crime slug) is needed only when the title does not say which crime it is; when
    both are present they must agree. Raise ``IngestError`` naming file, row and column of every
    problem, before anything is written.
    """
    progress = progress or no_progress
    require_import(user, None)
    country = country_territory()
    if crime is not None:
        crime_get(crime, field="--crime")
    outcomes: dict[Path, ImportOutcome] = {}
    pending: list[tuple[Path, str, int]] = []
    for raw_path in paths:
        path = Path(raw_path)
        if not path.exists():
            raise IngestError("file not found", file=str(path))
        sha256, size = file_sha256(path)
        existing = batch_find_existing(kind=KIND_POLICIA, sha256=sha256)
        if existing is not None:
            outcomes[path] = ImportOutcome(existing, created=False)
        else:
            pending.append((path, sha256, size))

    if not pending:
        return [outcomes[Path(p)] for p in paths]
    resolver = MunicipalityResolver()
    source = source_ensure(slug=POLICIA_SOURCE, kind=Source.Kind.AGGREGATED)
    prepared: list[_Prepared] = []
    problems: list[Problem] = []
    for number, (path, sha256, size) in enumerate(pending, start=1):
        progress(_("Reading %(file)s") % {"file": path.name}, number - 1, len(pending))
        try:
            item = _prepare(path, sha256, size, crime, country, resolver)
            superseded_batches(
                source=source,
                crime=item.crime,
                span=item.span,
                extraction_date=item.release.extraction_date,
                file=path.name,
            )
            prepared.append(item)
        except IngestError as exc:
            problems.extend(exc.problems)
    if problems:
        raise IngestError(problems)
    _check_same_call(prepared)

    # Oldest release and extraction first, so a newer extraction in the same call replaces.
    prepared.sort(
        key=lambda p: (p.crime.slug, p.span.start, p.release.extraction_date or p.span.start)
    )
    for number, item in enumerate(prepared, start=1):
        progress(_("Storing %(file)s") % {"file": item.path.name}, number - 1, len(prepared))
        outcomes[item.path] = _store(item, source, user)
    progress(_("Done"), len(prepared), len(prepared))
    return [outcomes[Path(p)] for p in paths]


def _prepare(
    path: Path,
    sha256: str,
    size: int,
    crime: str | None,
    country: Any,
    resolver: MunicipalityResolver,
) -> _Prepared:
    release = read_policia(path)
    label = path.name
    slug = release.crime
    if crime and slug and crime != slug:
        raise IngestError(
            f"the title says {release.title!r} ({slug}) but --crime {crime} was given; drop "
            "--crime or check the file",
            file=label,
        )
    slug = crime or slug
    if not slug:
        raise IngestError(
            f"cannot tell the crime type from the title {release.title!r}: give --crime",
            file=label,
        )
    crime_row = crime_get(slug, file=label)
    records = release.records
    if release.period is not None:
        start, end = release.period
        warnings = list(release.warnings)
    else:
        start, end = min(records["date"]), max(records["date"])
        warnings = [
            *release.warnings,
            f"no period in the title: the coverage is taken from the dates ({start} to {end})",
        ]
    ids, name_report, name_warnings = _municipalities(release, resolver)
    records = records.assign(municipality_id=ids)
    return _Prepared(
        path=path,
        sha256=sha256,
        size=size,
        release=release,
        crime=crime_row,
        span=Span(country, start, end),
        records=records,
        warnings=warnings + name_warnings,
        matched_names=name_report,
    )


def _municipalities(
    release: PoliciaRelease, resolver: MunicipalityResolver
) -> tuple[pd.Series, list[dict[str, Any]], list[str]]:
    """Municipality ids by code, or by department and name where the code is missing."""
    records = release.records
    label = release.label
    headers = release.headers
    problems: list[Problem] = []
    ids = records["code"].map(resolver.by_code)
    unknown = (records["code"] != "") & ids.isna()
    for row, code in zip(records.loc[unknown, "row"], records.loc[unknown, "code"], strict=True):
        if len(problems) >= ROWS_NAMED:
            break
        problems.append(
            Problem(
                f"unknown DIVIPOLA code: municipality {code} does not exist",
                file=label,
                row=int(row),
                field=headers.get("code", "CODIGO DANE"),
            )
        )
    if unknown.sum() > ROWS_NAMED:
        problems.append(
            Problem(f"... and {int(unknown.sum()) - ROWS_NAMED:,} more rows", file=label)
        )

    warnings: list[str] = []
    coded = records["code"] != ""
    pairs = records.loc[coded & ~unknown, ["code", "municipality"]].drop_duplicates()
    for code, name in zip(pairs["code"], pairs["municipality"], strict=True):
        pk = resolver.by_code[code]
        if name and not resolver.name_agrees(pk, name):
            first = records.loc[
                (records["code"] == code) & (records["municipality"] == name), "row"
            ]
            warnings.append(
                f"row {int(first.iloc[0])}: CODIGO DANE {code} is {resolver.label(pk)} but "
                f"MUNICIPIO says {name!r}; the code was used"
            )

    report: list[dict[str, Any]] = []
    by_name = ~coded
    if by_name.any():
        names = records.loc[by_name, ["department", "municipality"]].drop_duplicates()
        found: dict[tuple[str, str], int] = {}
        for department, municipality in zip(
            names["department"], names["municipality"], strict=True
        ):
            match = resolver.by_name(department, municipality)
            rows = records.loc[
                by_name
                & (records["department"] == department)
                & (records["municipality"] == municipality),
                "row",
            ]
            if match.id is None:
                hint = (
                    "; did you mean " + " or ".join(f"{n}" for _pk, n, _s in match.suggestions)
                    if match.suggestions
                    else ""
                )
                problems.append(
                    Problem(
                        f"unmatched municipality {municipality!r} in {department!r} "
                        f"({len(rows):,} rows, first at row {int(rows.iloc[0])}){hint}. Add "
                        "it as an alternative name of the municipality and import again",
                        file=label,
                        row=int(rows.iloc[0]),
                        field=headers.get("municipality", "MUNICIPIO"),
                    )
                )
                continue
            found[(department, municipality)] = match.id
            if match.method not in {"exact", "alias"}:
                report.append(
                    {
                        "department": department,
                        "name": municipality,
                        "matched": resolver.label(match.id),
                        "method": match.method,
                        "rows": len(rows),
                    }
                )
        if found:
            keys = list(zip(records["department"], records["municipality"], strict=True))
            named = pd.Series([found.get(k) for k in keys], index=records.index, dtype=object)
            ids = ids.where(coded, named)
        if report:
            warnings.append(
                f"{len(report)} municipality names were matched loosely (see the report): "
                + ", ".join(f"{r['name']} → {r['matched']}" for r in report[:10])
            )
    if problems:
        raise IngestError(problems)
    return ids.astype("int64"), report, warnings


def _check_same_call(prepared: list[_Prepared]) -> None:
    """Two files of one call must not overlap unless one is a newer extraction of the other."""
    for index, item in enumerate(prepared):
        for other in prepared[index + 1 :]:
            if item.crime.pk != other.crime.pk:
                continue
            if item.span.start > other.span.end or other.span.start > item.span.end:
                continue
            same = item.span.start == other.span.start and item.span.end == other.span.end
            if not same:
                raise IngestError(
                    f"{item.path.name} and {other.path.name} cover overlapping periods; import "
                    "them one at a time",
                    file=item.path.name,
                )


def _store(item: _Prepared, source: Source, user: Any) -> ImportOutcome:
    release = item.release
    with transaction.atomic():
        source_lock(source)
        existing = batch_find_existing(kind=KIND_POLICIA, sha256=item.sha256)
        if existing is not None:
            return ImportOutcome(existing, created=False)
        replaced = superseded_batches(
            source=source,
            crime=item.crime,
            span=item.span,
            extraction_date=release.extraction_date,
            file=item.path.name,
        )
        batch = batch_create(
            kind=KIND_POLICIA,
            path=item.path,
            sha256=item.sha256,
            size_bytes=item.size,
            user=user,
            release=f"{source.slug}:{item.crime.slug}:{item.span.start}:{item.span.end}",
            publisher=PUBLISHER,
            extraction_date=release.extraction_date,
            parameters={"crime": item.crime.slug, "source": source.slug},
        )
        replaced_ids = batches_replace(old=replaced, new=batch)
        writer = RecordWriter(source_id=source.pk, crime_id=item.crime.pk, batch_id=batch.pk)
        records = item.records
        writer.write(
            records[
                ["row", "date", "municipality_id", "weapon", "sex", "age_group", "count", "extra"]
            ]
        )
        coverage_add(source=source, crime=item.crime, span=item.span, batch=batch)
        warnings = list(item.warnings)
        if replaced_ids:
            old = ImportBatch.objects.filter(pk__in=replaced_ids)
            warnings.insert(
                0,
                "replaced "
                + ", ".join(
                    f"batch {b.pk} ({b.source_name}, extracted {b.extraction_date or '?'})"
                    for b in old
                ),
            )
        batch_finish(
            batch=batch,
            rows_read=len(records),
            rows_stored=writer.written,
            warnings=warnings,
            report={
                "source": source.slug,
                "crime": item.crime.slug,
                "title": release.title,
                "sheet": release.sheet,
                "header_row": release.header_row,
                "columns": release.headers,
                "period": [item.span.start.isoformat(), item.span.end.isoformat()],
                "coverage": item.span.territory.code,
                "total_row": release.total,
                "victims": release.victims,
                "municipalities": int(records["municipality_id"].nunique()),
                "matched_by_name": item.matched_names,
                "replaced": replaced_ids,
            },
        )
    return ImportOutcome(batch, created=True)
