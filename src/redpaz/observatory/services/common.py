"""What every violence-data import shares: sources, crime types, access, coverage and replacement.

Within one source and crime, the imported batches never overlap: a new file whose coverage
contains an older batch's coverage replaces it (when it is not an older extraction), and a file
that only partly overlaps one is refused, so that no event is ever counted twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from redpaz.accounts.access import capabilities, has_capability, user_scope
from redpaz.accounts.roles import DATA_IMPORT
from redpaz.imports.models import ImportBatch
from redpaz.ingest.errors import IngestError, Problem
from redpaz.observatory.models import Coverage, Crime, EventRecord, Source
from redpaz.territory.models import COUNTRY_CODE, Level, Territory

Progress = Callable[[str, int, int], None]

KIND_POLICIA = "policia"
KIND_POINTS = "points"
KIND_TABLE = "table"
OBSERVATORY_KINDS = (KIND_POLICIA, KIND_POINTS, KIND_TABLE)

POLICIA_SOURCE = "policia-siedco"
# Sources RedPaz knows by name, so that an import naming one creates it with its publisher.
KNOWN_SOURCES: dict[str, dict[str, str]] = {
    POLICIA_SOURCE: {
        "name": "Policía Nacional – SIEDCO",
        "publisher": "Policía Nacional – DIJIN (SIEDCO)",
        "kind": Source.Kind.AGGREGATED,
        "notes": "Yearly releases of the Policía Nacional's crime statistics (DIJIN, SIEDCO), by "
        "municipality, date, weapon, sex and age group.",
    },
    "medellin-sisc": {
        "name": "Medellín – SISC (MEData)",
        "publisher": "Alcaldía de Medellín – Sistema de Información para la Seguridad y la "
        "Convivencia (SISC), MEData",
        "kind": Source.Kind.POINTS,
        "notes": "One row per victim with time and coordinates, published on MEData.",
    },
}


def no_progress(stage: str, done: int, total: int) -> None:
    """A progress callback that reports nothing."""


def source_ensure(
    *, slug: str, kind: str, name: str | None = None, publisher: str | None = None
) -> Source:
    """The source with this slug, created (from ``KNOWN_SOURCES`` or the given names) if new."""
    source = Source.objects.filter(slug=slug).first()
    if source is not None:
        return source
    known = KNOWN_SOURCES.get(slug, {})
    source = Source(
        slug=slug,
        name=name or known.get("name") or slug,
        publisher=publisher or known.get("publisher", ""),
        kind=known.get("kind", kind),
        notes=known.get("notes", ""),
    )
    source.full_clean()
    source.save()
    return source


def crime_get(slug: str, *, file: str | None = None, field: str | None = None) -> Crime:
    crime = Crime.objects.filter(slug=slug).first()
    if crime is None:
        known = ", ".join(Crime.objects.order_by("slug").values_list("slug", flat=True))
        raise IngestError(
            [Problem(f"unknown crime type {slug!r}; known types: {known}", file=file, field=field)]
        )
    return crime


def country_territory() -> Territory:
    country = Territory.objects.filter(level=Level.COUNTRY, code=COUNTRY_CODE).first()
    if country is None:
        raise IngestError(
            "Colombia is not loaded: run `redpaz demo --no-serve` or import the DANE boundaries"
        )
    return country


def require_import(user: Any, territory: Territory | None) -> None:
    """Refuse an import the user may not make: national data needs national scope.

    ``user=None`` is the command line, run by whoever operates the server.
    """
    if user is None:
        return
    if territory is None or territory.level in (Level.COUNTRY, Level.DEPARTMENT):
        if DATA_IMPORT in capabilities(user) and user_scope(user, DATA_IMPORT).everywhere:
            return
        raise PermissionDenied(
            _("Importing data for the whole country needs the import permission everywhere.")
        )
    if not has_capability(user, DATA_IMPORT, territory):
        raise PermissionDenied(
            _("You may not import data for %(place)s.") % {"place": territory.name}
        )


@dataclass(frozen=True)
class Span:
    """What an import covers: a territory (the country or a municipality) between two days."""

    territory: Territory
    start: date
    end: date

    def describe(self) -> str:
        return f"{self.territory.name} {self.start}–{self.end}"


def _contains(outer: Territory, inner: Territory) -> bool:
    if outer.pk == inner.pk or outer.level == Level.COUNTRY:
        return True
    return outer.level == Level.DEPARTMENT and inner.department_code == outer.code


def _overlaps(a: Territory, b: Territory) -> bool:
    return _contains(a, b) or _contains(b, a)


def superseded_batches(
    *,
    source: Source,
    crime: Crime,
    span: Span,
    extraction_date: date | None,
    file: str,
) -> list[ImportBatch]:
    """The batches a new import replaces; raise ``IngestError`` when it must not be imported.

    A batch of the same source and crime whose coverage overlaps the new one is replaced when
    the new coverage contains it entirely and the new file is not an older extraction. A
    partial overlap, or an older extraction, is refused with the reason and the way out.
    """
    coverage = Coverage.objects.filter(
        source=source,
        crime=crime,
        start__lte=span.end,
        end__gte=span.start,
        batch__status=ImportBatch.Status.DONE,
    ).select_related("batch", "territory")
    replaced: dict[int, ImportBatch] = {}
    for item in coverage:
        if not _overlaps(span.territory, item.territory):
            continue
        batch = item.batch
        covered = Span(item.territory, item.start, item.end)
        if not (
            _contains(span.territory, item.territory)
            and span.start <= item.start
            and span.end >= item.end
        ):
            raise IngestError(
                f"it covers {span.describe()}, which overlaps batch {batch.pk} "
                f"({batch.source_name}, {covered.describe()}) without containing it, so some "
                f"events would be counted twice. Roll back batch {batch.pk} first "
                f"(`redpaz rollback {batch.pk}`), or import a file that covers all of it",
                file=file,
            )
        old = batch.extraction_date
        if old and extraction_date and extraction_date < old:
            raise IngestError(
                f"this is an older extraction ({extraction_date}) of data already imported "
                f"from a newer one ({old}, batch {batch.pk}, {batch.source_name}); nothing was "
                f"changed. To go back to the older extraction, roll back batch {batch.pk} first",
                file=file,
            )
        if old and not extraction_date:
            raise IngestError(
                f"batch {batch.pk} ({batch.source_name}) holds an extraction of {old}; this "
                "file states no extraction date, so it cannot be known to be newer. Give its "
                f"extraction date, or roll back batch {batch.pk} first",
                file=file,
            )
        replaced[batch.pk] = batch
    return sorted(replaced.values(), key=lambda b: b.pk)


def batches_replace(*, old: list[ImportBatch], new: ImportBatch) -> list[int]:
    """Remove the rows of replaced batches and mark them; inside the new import's transaction."""
    for batch in old:
        EventRecord.objects.filter(batch=batch).delete()
        Coverage.objects.filter(batch=batch).delete()
        batch.status = ImportBatch.Status.REPLACED
        batch.replaced_by = new
        batch.save(update_fields=["status", "replaced_by"])
    return [b.pk for b in old]


def coverage_add(*, source: Source, crime: Crime, span: Span, batch: ImportBatch) -> Coverage:
    coverage = Coverage(
        source=source,
        crime=crime,
        territory=span.territory,
        start=span.start,
        end=span.end,
        batch=batch,
    )
    coverage.full_clean()
    coverage.save()
    return coverage


def source_lock(source: Source) -> None:
    """Serialise imports of one source: two files at once must not both pass the overlap check."""
    Source.objects.select_for_update().filter(pk=source.pk).first()
