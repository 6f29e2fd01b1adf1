"""Reads of violence data: counts by territory and period, and what the imports cover.

These are the contract between ingestion (which fills EventRecord and Coverage) and everything
that analyses or reports violence (rates, hotspots, indicators, pages). Counts always name one
source and one crime: two sources are never mixed in one series.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import pandas as pd
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404

from redpaz.accounts.access import capabilities, user_scope
from redpaz.accounts.roles import DATA_IMPORT
from redpaz.imports.models import ImportBatch
from redpaz.observatory.models import Coverage, Crime, EventRecord, PlaceReview, Source
from redpaz.observatory.services.common import OBSERVATORY_KINDS
from redpaz.territory.models import COUNTRY_CODE, Level, Territory

COUNT_COLUMNS = ["territory_id", "code", "name", "year", "month", "count"]


class CoverageStatus(StrEnum):
    FULL = "full"  # every day of the period is covered by an import
    PARTIAL = "partial"  # some days are
    NONE = "none"  # no import covers the period: data is missing, not zero


@dataclass(frozen=True)
class EventFilter:
    """Which records to count: one source and crime, a date range, optional victim attributes."""

    source: str  # Source.slug
    crime: str  # Crime.slug
    start: date
    end: date  # inclusive
    sex: str | None = None  # "male" | "female" | "" (not reported) | None (all)
    age_group: str | None = None  # AgeGroup value | None (all)
    # Exact age range (inclusive); records without an exact age are then left out.
    age_min: int | None = None
    age_max: int | None = None
    weapon: str | None = None

    @classmethod
    def years(cls, source: str, crime: str, first: int, last: int, **kwargs: Any) -> EventFilter:
        return cls(source, crime, date(first, 1, 1), date(last, 12, 31), **kwargs)


def records(filters: EventFilter) -> QuerySet[EventRecord]:
    """EventRecord rows matching the filter (no territory restriction)."""
    qs = EventRecord.objects.filter(
        source__slug=filters.source,
        crime__slug=filters.crime,
        date__gte=filters.start,
        date__lte=filters.end,
    )
    if filters.sex is not None:
        qs = qs.filter(sex=filters.sex)
    if filters.age_group is not None:
        qs = qs.filter(age_group=filters.age_group)
    if filters.age_min is not None:
        qs = qs.filter(age__gte=filters.age_min)
    if filters.age_max is not None:
        qs = qs.filter(age__lte=filters.age_max)
    if filters.weapon is not None:
        qs = qs.filter(weapon=filters.weapon)
    return qs


def event_counts(
    filters: EventFilter,
    *,
    level: str,
    by: str = "year",
    municipality_code: str | None = None,
    department_code: str | None = None,
    user: Any = None,
) -> pd.DataFrame:
    """Sum of victims by territory and period, as a DataFrame with ``COUNT_COLUMNS``.

    ``level`` is "country", "department", "municipality" or a zone level; ``by`` is "year" or
    "month" (month is 0 when grouping by year). Only territory-periods with records appear:
    combine with ``coverage_status`` to tell zeros from missing data. With a ``user``, zone
    counts are limited to the zones in their scope (the command line passes none).
    """
    qs = records(filters)
    if municipality_code:
        qs = qs.filter(municipality__code=municipality_code)
    if department_code:
        qs = qs.filter(municipality__department_code=department_code)
    period: dict[str, Any] = {"year": ExtractYear("date")}
    if by == "month":
        period["month"] = ExtractMonth("date")
    elif by != "year":
        raise ValueError(f"by must be 'year' or 'month', not {by!r}")

    if level == Level.MUNICIPALITY:
        key = "municipality_id"
    elif level == Level.DEPARTMENT:
        key = "municipality__department_code"
    elif level == Level.COUNTRY:
        key = None
    elif level in Level.values:
        qs = qs.filter(zone__level=level)
        if user is not None:
            qs = qs.filter(user_scope(user).territory_filter("zone__"))
        key = "zone_id"
    else:
        raise ValueError(f"unknown level {level!r}")

    group = [*period, key] if key else list(period)
    rows = list(qs.annotate(**period).values(*group).annotate(total=Sum("count")).order_by())
    frame = pd.DataFrame(rows, columns=[*group, "total"])
    if key is None:
        country = Territory.objects.get(level=Level.COUNTRY, code=COUNTRY_CODE)
        frame["territory_id"] = country.pk
    elif key == "municipality__department_code":
        departments = dict(
            Territory.objects.filter(level=Level.DEPARTMENT, boundary_set=None).values_list(
                "code", "pk"
            )
        )
        frame["territory_id"] = frame[key].map(departments)
    else:
        frame["territory_id"] = frame[key]
    if "month" not in frame:
        frame["month"] = 0
    names = {
        pk: (code, name)
        for pk, code, name in Territory.objects.filter(
            pk__in=frame["territory_id"].dropna().unique().tolist()
        ).values_list("pk", "code", "name")
    }
    frame["code"] = frame["territory_id"].map(lambda pk: names.get(pk, ("", ""))[0])
    frame["name"] = frame["territory_id"].map(lambda pk: names.get(pk, ("", ""))[1])
    frame["count"] = frame["total"].astype("int64")
    out = frame[COUNT_COLUMNS].astype({"year": "int64", "month": "int64"})
    return out.sort_values(["code", "year", "month"]).reset_index(drop=True)


def unplaced_count(filters: EventFilter, *, municipality_code: str) -> int:
    """Victims of a municipality's records that lie in none of its zones."""
    total = (
        records(filters)
        .filter(municipality__code=municipality_code, zone__isnull=True)
        .aggregate(total=Sum("count"))["total"]
    )
    return int(total or 0)


def coverage_status(
    *, source: str, crime: str, municipality_codes: Iterable[str], years: Iterable[int]
) -> dict[tuple[str, int], CoverageStatus]:
    """Whether each municipality-year is covered by an import of the source and crime.

    A coverage of the country covers every municipality. Zones take their municipality's status.
    """
    codes = list(municipality_codes)
    spans = list(
        Coverage.objects.filter(source__slug=source, crime__slug=crime)
        .filter(Q(territory__level=Level.COUNTRY) | Q(territory__code__in=codes))
        .values_list("territory__level", "territory__code", "start", "end")
    )
    national = [(start, end) for level, _code, start, end in spans if level == Level.COUNTRY]
    local: dict[str, list[tuple[date, date]]] = {}
    for level, code, start, end in spans:
        if level == Level.MUNICIPALITY:
            local.setdefault(code, []).append((start, end))
    result: dict[tuple[str, int], CoverageStatus] = {}
    for year in years:
        first, last = date(year, 1, 1), date(year, 12, 31)
        for code in codes:
            intervals = national + local.get(code, [])
            result[(code, year)] = _status(intervals, first, last)
    return result


def _status(intervals: list[tuple[date, date]], first: date, last: date) -> CoverageStatus:
    clipped = sorted(
        (max(start, first), min(end, last))
        for start, end in intervals
        if start <= last and end >= first
    )
    if not clipped:
        return CoverageStatus.NONE
    cursor = first
    for start, end in clipped:
        if start > cursor:
            return CoverageStatus.PARTIAL
        cursor = max(cursor, date.fromordinal(end.toordinal() + 1))
        if cursor > last:
            return CoverageStatus.FULL
    return CoverageStatus.PARTIAL


def coverage_status_between(
    *, source: str, crime: str, municipality_codes: Iterable[str], start: date, end: date
) -> dict[str, CoverageStatus]:
    """Whether imports of the source and crime cover each municipality between two dates."""
    codes = list(municipality_codes)
    spans = list(
        Coverage.objects.filter(source__slug=source, crime__slug=crime)
        .filter(Q(territory__level=Level.COUNTRY) | Q(territory__code__in=codes))
        .values_list("territory__level", "territory__code", "start", "end")
    )
    national = [(s, e) for level, _code, s, e in spans if level == Level.COUNTRY]
    return {
        code: _status(
            national
            + [(s, e) for level, c, s, e in spans if c == code and level == Level.MUNICIPALITY],
            start,
            end,
        )
        for code in codes
    }


def covered_years(*, source: str, crime: str) -> list[int]:
    """Years touched by any coverage of the source and crime."""
    years: set[int] = set()
    for start, end in Coverage.objects.filter(source__slug=source, crime__slug=crime).values_list(
        "start", "end"
    ):
        years.update(range(start.year, end.year + 1))
    return sorted(years)


def sources_with_data(crime: str | None = None) -> QuerySet[Source]:
    qs = Source.objects.filter(records__isnull=False)
    if crime:
        qs = qs.filter(records__crime__slug=crime)
    return qs.distinct().order_by("name")


def crimes_with_data() -> QuerySet[Crime]:
    return Crime.objects.filter(records__isnull=False).distinct().order_by("name")


POINT_COLUMNS = ["date", "occurred_at", "latitude", "longitude", "count", "zone_id", "age", "sex"]


def event_points(filters: EventFilter, *, municipality_code: str, user: Any = None) -> pd.DataFrame:
    """Records of one municipality that have coordinates, one row each (``POINT_COLUMNS``).

    With a ``user``, records placed in zones outside their scope are left out (the command
    line passes none); so are unplaced records unless they cover the whole municipality.
    """
    qs = records(filters).filter(
        municipality__code=municipality_code, latitude__isnull=False, longitude__isnull=False
    )
    if user is not None:
        scope = user_scope(user)
        if not scope.covers_municipality(municipality_code):
            qs = qs.filter(scope.territory_filter("zone__"))
    rows = list(qs.order_by("date", "id").values_list(*POINT_COLUMNS))
    frame = pd.DataFrame(rows, columns=POINT_COLUMNS)
    return frame.astype({"latitude": "float64", "longitude": "float64", "count": "int64"})


def unlocated_count(filters: EventFilter, *, municipality_code: str) -> int:
    """Victims of a municipality's records without coordinates (not on any map or grid)."""
    total = (
        records(filters)
        .filter(municipality__code=municipality_code, latitude__isnull=True)
        .aggregate(total=Sum("count"))["total"]
    )
    return int(total or 0)


def event_batches(filters: EventFilter, *, municipality_code: str | None = None) -> list[int]:
    """Import batches the matching records come from: the data version of an analysis."""
    qs = records(filters)
    if municipality_code:
        qs = qs.filter(municipality__code=municipality_code)
    return sorted(qs.order_by().values_list("batch_id", flat=True).distinct())


def zone_placements(*, crime: str, municipality_code: str) -> list[tuple[str, str, int]]:
    """(source slug, zone level, victims) of a municipality's records placed in zones."""
    rows = (
        EventRecord.objects.filter(
            crime__slug=crime, municipality__code=municipality_code, zone__isnull=False
        )
        .values_list("source__slug", "zone__level")
        .annotate(total=Sum("count"))
        .order_by("-total", "source__slug")
    )
    return [(slug, level, int(total)) for slug, level, total in rows]


def point_sources(*, crime: str, municipality_code: str) -> list[tuple[str, int]]:
    """(source slug, victims) of a municipality's records that have coordinates."""
    rows = (
        EventRecord.objects.filter(
            crime__slug=crime, municipality__code=municipality_code, latitude__isnull=False
        )
        .values_list("source__slug")
        .annotate(total=Sum("count"))
        .order_by("-total", "source__slug")
    )
    return [(slug, int(total)) for slug, total in rows]


# --- import batches and the review queue ------------------------------------------------------


def import_scope(user: Any) -> Any:
    return user_scope(user, DATA_IMPORT)


def batches_visible(user: Any) -> QuerySet[ImportBatch]:
    """Violence-data batches the user may see: national ones, and those of their municipalities.

    Only people who import data see batches at all; the municipal batches of other
    municipalities (a city's point records) are hidden, not forbidden.
    """
    qs = ImportBatch.objects.filter(kind__in=OBSERVATORY_KINDS)
    if DATA_IMPORT not in capabilities(user):
        return qs.none()
    scope = import_scope(user)
    if scope.everywhere:
        return qs
    municipal = Q(parameters__municipality__in=sorted(scope.municipality_codes))
    national = Q(parameters__municipality="") | ~Q(parameters__has_key="municipality")
    return qs.filter(national | municipal)


def batch_get(*, user: Any, pk: int) -> ImportBatch:
    """The batch if the user may see it; 404 otherwise."""
    batch = batches_visible(user).filter(pk=pk).select_related("imported_by", "replaced_by").first()
    if batch is None:
        raise Http404("No such batch")
    return batch


def batch_municipality_code(batch: ImportBatch) -> str:
    return str((batch.parameters or {}).get("municipality") or "")


def can_import(user: Any, municipality_code: str | None = None) -> bool:
    """Whether the user may import (and roll back) data for a municipality, or nationally."""
    from redpaz.accounts.access import capabilities

    if DATA_IMPORT not in capabilities(user):
        return False
    scope = import_scope(user)
    if municipality_code:
        return scope.covers_municipality(municipality_code)
    return scope.everywhere


def municipalities_for_import(user: Any) -> QuerySet[Territory]:
    """Municipalities the user may import point records for."""
    qs = Territory.objects.filter(level=Level.MUNICIPALITY, boundary_set=None)
    scope = import_scope(user)
    if not scope.everywhere:
        qs = qs.filter(code__in=scope.municipality_codes)
    return qs.order_by("name")


def reviews_pending(user: Any) -> QuerySet[PlaceReview]:
    """Place names waiting for review in the municipalities the user imports for."""
    qs = PlaceReview.objects.filter(status=PlaceReview.Status.PENDING).select_related(
        "municipality", "batch"
    )
    scope = import_scope(user)
    if not scope.everywhere:
        qs = qs.filter(municipality__code__in=scope.municipality_codes)
    return qs.order_by("municipality__name", "level", "normalized")


def review_get(*, user: Any, pk: int) -> PlaceReview:
    review = reviews_pending(user).filter(pk=pk).first()
    if review is None:
        raise Http404("No such place name to review")
    return review


def batch_top_municipalities(batch: ImportBatch, *, limit: int = 10) -> list[dict[str, Any]]:
    """Municipalities with the most victims in a batch (for its report)."""
    rows = (
        EventRecord.objects.filter(batch=batch)
        .values("municipality__code", "municipality__name")
        .annotate(victims=Sum("count"))
        .order_by("-victims", "municipality__code")[:limit]
    )
    return [
        {"code": r["municipality__code"], "name": r["municipality__name"], "victims": r["victims"]}
        for r in rows
    ]
