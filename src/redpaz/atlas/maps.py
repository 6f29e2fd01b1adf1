"""Choropleth maps of the observatory: one value per place, a colour per class, a legend.

A map shows the municipalities of the country or of a department, the zones of a city, or an
H3 grid over a city, coloured by victims, rate, smoothed rate, Gi* class or local Moran class
for a crime, period, sex and age group. The numbers come from the same reports the command line
prints (``redpaz rates`` and ``redpaz hotspots``); results are cached by the data they used.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from redpaz.analysis.errors import AnalysisError
from redpaz.atlas.cache import cached
from redpaz.imports.models import ImportBatch
from redpaz.observatory.datasets import Selection, selection_resolve
from redpaz.observatory.hotspots import hotspots_report
from redpaz.observatory.models import Source
from redpaz.observatory.rate_tables import rates_report
from redpaz.observatory.selectors import covered_years
from redpaz.territory.models import Level, Territory

MEASURES = {
    "count": gettext_lazy("Victims"),
    "rate": gettext_lazy("Rate per 100,000"),
    "smoothed": gettext_lazy("Smoothed rate (Empirical Bayes)"),
    "gi": gettext_lazy("Gi* hotspots"),
    "lisa": gettext_lazy("Local Moran (LISA) clusters"),
}
SEQUENTIAL = ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"]
NO_DATA = "#d1d5db"
CLASS_COLOURS = {
    "hot": "#b91c1c",
    "cold": "#1d4ed8",
    "high-high": "#b91c1c",
    "low-low": "#1d4ed8",
    "high-low": "#f59e0b",
    "low-high": "#93c5fd",
    "none": "#f3f4f6",
}
CLASS_LABELS = {
    "hot": gettext_lazy("Hotspot: high values surrounded by high values (significant)"),
    "cold": gettext_lazy("Cold spot: low values surrounded by low values (significant)"),
    "high-high": gettext_lazy("High among high (significant)"),
    "low-low": gettext_lazy("Low among low (significant)"),
    "high-low": gettext_lazy("High among low: an outlier (significant)"),
    "low-high": gettext_lazy("Low among high: an outlier (significant)"),
    "none": gettext_lazy("Not significant"),
}
DEFAULT_YEARS = 6
H3_RESOLUTION = 8


@dataclass(frozen=True)
class MapQuery:
    """What a map shows; every field comes from the page's query string."""

    area: str = ""  # "" the country, 2 digits a department, 5 digits a municipality (zones)
    zone_level: str = ""
    grid: bool = False  # an H3 grid over the municipality instead of its zones
    crime: str = "homicidio"
    source: str = ""
    first_year: int = 0
    last_year: int = 0
    sex: str = ""
    age_group: str = ""
    measure: str = "rate"

    def params(self, **changes: Any) -> dict[str, str]:
        """The query string of this map (with ``changes``), without empty values."""
        query = replace(self, **changes)
        raw = {
            "area": query.area,
            "level": query.zone_level,
            "grid": "h3" if query.grid else "",
            "crime": query.crime,
            "source": query.source,
            "from": str(query.first_year or ""),
            "to": str(query.last_year or ""),
            "sex": query.sex,
            "age": query.age_group,
            "measure": query.measure,
        }
        # "area" stays even when empty: an empty area is Colombia, not the person's default.
        return {k: v for k, v in raw.items() if v or k == "area"}

    @property
    def is_zones(self) -> bool:
        return len(self.area) == 5

    def selection(self) -> Selection:
        if self.is_zones:
            return selection_resolve(
                level="h3" if self.grid else "zone",
                first_year=self.first_year,
                last_year=self.last_year,
                crime=self.crime,
                source=self.source or None,
                municipality_code=self.area,
                zone_level=None if self.grid else (self.zone_level or None),
                sex=self.sex or None,
                age_group=self.age_group or None,
            )
        return selection_resolve(
            level="municipality",
            first_year=self.first_year,
            last_year=self.last_year,
            crime=self.crime,
            source=self.source or None,
            department_code=self.area or None,
            sex=self.sex or None,
            age_group=self.age_group or None,
        )


def query_from(data: Any, *, default_area: str = "") -> MapQuery:
    """A map query from a query string, with defaults (the last six years with data)."""
    area = str(data.get("area", default_area) or "").strip()
    # The form's second list picks a municipality of the chosen department (zones map).
    municipality = str(data.get("municipality") or "").strip()
    if municipality and (not area or municipality.startswith(area)):
        area = municipality
    if area and not (area.isdigit() and len(area) in (2, 5)):
        raise AnalysisError(_("The place must be a department or municipality code."))
    measure = data.get("measure") or ("gi" if len(area) == 5 else "rate")
    if measure not in MEASURES:
        raise AnalysisError(_("Unknown measure."))
    query = MapQuery(
        area=area,
        zone_level=str(data.get("level") or ""),
        grid=data.get("grid") == "h3" and len(area) == 5,
        crime=str(data.get("crime") or "homicidio"),
        source=str(data.get("source") or ""),
        sex=data.get("sex") if data.get("sex") in ("male", "female") else "",
        age_group=data.get("age") if data.get("age") in ("child", "adolescent", "adult") else "",
        measure=measure,
    )
    first, last = _year(data.get("from")), _year(data.get("to"))
    if not (first and last):
        years = _default_years(query)
        first, last = first or years[0], last or years[1]
    if first > last:
        first, last = last, first
    return replace(query, first_year=first, last_year=last)


def _year(raw: Any) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return 0
    return value if 1990 <= value <= 2100 else 0


def _default_years(query: MapQuery) -> tuple[int, int]:
    source = query.source
    if not source:
        try:
            source = replace(query, first_year=2000, last_year=2000).selection().source
        except AnalysisError:
            source = "policia-siedco"
    years = covered_years(source=source, crime=query.crime)
    if not years:
        return 2018, 2023
    return max(years[-1] - DEFAULT_YEARS + 1, years[0]), years[-1]


@dataclass
class MapResult:
    query: MapQuery
    selection: Selection
    rows: list[dict[str, Any]]  # one per place, with "fill" and "value_label"
    legend: list[tuple[str, str]]  # (colour, meaning)
    legend_title: str
    messages: list[str] = field(default_factory=list)
    batches: list[int] = field(default_factory=list)
    source_note: str = ""
    geometry_key: str = ""


def map_result(query: MapQuery, user: Any) -> MapResult:
    """The map's figures, classes and legend (cached by data version and the user's scope)."""
    selection = query.selection()
    # Municipal figures of national releases are the same for everyone: one cached copy.
    reader = user if query.is_zones else None
    return cached(
        "map",
        (asdict(query), asdict(selection)),
        reader,
        lambda: _compute(query, selection, reader),
    )


def _compute(query: MapQuery, selection: Selection, user: Any) -> MapResult:
    messages: list[str] = []
    batches: list[int] = []
    if selection.level == "h3":
        method = query.measure if query.measure in ("gi", "lisa") else "gi"
        report = hotspots_report(
            selection, method=method, value="count", h3_resolution=H3_RESOLUTION, user=user
        )
        frame = report.frame.copy()
        frame["count"] = frame["value"]
        frame["territory_id"] = None
        messages += report.messages
        batches += report.batches
    else:
        rates = rates_report(selection, pool=True, smooth="global", user=user)
        frame = rates.frame.rename(columns={"smoothed_rate_per_100k": "smoothed"})
        messages += rates.messages
        batches += rates.batches
        if query.measure in ("gi", "lisa"):
            report = hotspots_report(selection, method=query.measure, user=user)
            hot = report.frame.set_index("code")
            for column in ("statistic", "p_value", "p_fdr", "class"):
                frame[column] = frame["code"].map(hot[column])
            messages += [m for m in report.messages if m not in messages]
    rows = [_row({str(k): v for k, v in record.items()}) for record in frame.to_dict("records")]
    legend_title, legend = _classify(
        rows,
        query.measure
        if selection.level != "h3"
        else (query.measure if query.measure in ("gi", "lisa") else "count"),
    )
    return MapResult(
        query=query,
        selection=selection,
        rows=rows,
        legend=legend,
        legend_title=legend_title,
        messages=messages,
        batches=sorted(set(batches)),
        source_note=source_note(selection.source, batches),
    )


def _number(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number) else number


def _row(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": str(record["code"]),
        "name": str(record.get("name") or ""),
        "territory_id": None
        if record.get("territory_id") is None or pd.isna(record.get("territory_id"))
        else int(record["territory_id"]),
        "count": _number(record.get("count")),
        "population": _number(record.get("population")),
        "rate": _number(record.get("rate_per_100k")),
        "ci_low": _number(record.get("ci_low")),
        "ci_high": _number(record.get("ci_high")),
        "smoothed": _number(record.get("smoothed")),
        "statistic": _number(record.get("statistic")),
        "p_fdr": _number(record.get("p_fdr")),
        "class": str(record.get("class") or "") if isinstance(record.get("class"), str) else "",
    }


def _classify(rows: list[dict[str, Any]], measure: str) -> tuple[str, list[tuple[str, str]]]:
    """Give each row its fill colour; return the legend."""
    if measure in ("gi", "lisa"):
        order = (
            ["hot", "cold", "none"]
            if measure == "gi"
            else ["high-high", "low-low", "high-low", "low-high", "none"]
        )
        for row in rows:
            row["fill"] = CLASS_COLOURS.get(row["class"], NO_DATA) if row["class"] else NO_DATA
            row["value"] = row["statistic"]
        present = {row["class"] for row in rows}
        legend = [
            (CLASS_COLOURS[c], str(CLASS_LABELS[c])) for c in order if c in present or c == "none"
        ]
        if any(not row["class"] for row in rows):
            legend.append((NO_DATA, _("Not analysed (no population or no neighbours)")))
        title = str(MEASURES[measure]) + " · " + _("false discovery rate 5 %")
        return title, legend
    key = {"count": "count", "rate": "rate", "smoothed": "smoothed"}[measure]
    values = np.array([row[key] for row in rows if row[key] is not None], dtype=float)
    breaks = _breaks(values)
    for row in rows:
        row["value"] = row[key]
        if row[key] is None:
            row["fill"] = NO_DATA
        else:
            row["fill"] = SEQUENTIAL[int(np.searchsorted(breaks, row[key], side="right"))]
    legend = []
    edges = [
        float(values.min()) if values.size else 0.0,
        *breaks,
        float(values.max()) if values.size else 0.0,
    ]
    digits = 0 if key == "count" else 1
    for k in range(len(breaks) + 1):
        low, high = edges[k], edges[k + 1]
        legend.append((SEQUENTIAL[k], f"{low:,.{digits}f} – {high:,.{digits}f}"))
    if any(row[key] is None for row in rows):
        legend.append((NO_DATA, _("No data (no import covers the period, or no population)")))
    return str(MEASURES[measure]), legend


def _breaks(values: np.ndarray) -> list[float]:
    """Up to four inner breaks at quantiles (fewer when values repeat)."""
    if values.size == 0:
        return []
    quantiles = np.quantile(values, [0.2, 0.4, 0.6, 0.8])
    unique = sorted({float(q) for q in quantiles if values.min() <= q < values.max()})
    return unique[: len(SEQUENTIAL) - 1]


def source_note(source_slug: str, batches: list[int]) -> str:
    """ "Source: publisher, extraction dates" for legends, reports and downloads."""
    source = Source.objects.filter(slug=source_slug).first()
    dates: list[date] = sorted(
        d
        for d in ImportBatch.objects.filter(pk__in=batches)
        .exclude(extraction_date=None)
        .values_list("extraction_date", flat=True)
        .distinct()
        if d is not None
    )
    name = source.name if source else source_slug
    if source and source.publisher and source.publisher not in name:
        name = f"{name} ({source.publisher})"
    if dates:
        when = (
            dates[0].isoformat()
            if dates[0] == dates[-1]
            else (f"{dates[0].isoformat()} – {dates[-1].isoformat()}")
        )
        return _("Source: %(source)s; extraction %(dates)s.") % {"source": name, "dates": when}
    return _("Source: %(source)s.") % {"source": name}


def geometries(result: MapResult, user: Any) -> dict[str, Any]:
    """code -> simplified GeoJSON geometry of the map's places."""
    if result.selection.level == "h3":
        report = cached(
            "h3-shapes",
            (asdict(result.selection),),
            user,
            lambda: hotspots_report(
                result.selection,
                value="count",
                h3_resolution=H3_RESOLUTION,
                permutations=9,
                user=user,
            ).geometries(),
        )
        return report
    ids = [row["territory_id"] for row in result.rows if row["territory_id"] is not None]
    return {
        code: json.loads(text)
        for code, text in Territory.objects.filter(pk__in=ids)
        .exclude(display_geojson="")
        .values_list("code", "display_geojson")
    }


def area_name(query: MapQuery) -> str:
    if not query.area:
        return _("Colombia")
    level = Level.MUNICIPALITY if query.is_zones else Level.DEPARTMENT
    place = Territory.objects.filter(level=level, code=query.area, boundary_set=None).first()
    return place.name if place else query.area
