"""The observatory's map: any level, any measure, with its legend, table and downloads."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from redpaz.analysis.errors import AnalysisError
from redpaz.atlas import maps
from redpaz.atlas.access import default_area, require_area, require_observatory
from redpaz.atlas.cache import cached
from redpaz.observatory.models import AgeGroup, Sex
from redpaz.observatory.selectors import crimes_with_data
from redpaz.territory import selectors as territory_selectors
from redpaz.territory.models import Level
from redpaz.web.exports import Column, Table, csv_response, xlsx_response


def _query(request: HttpRequest) -> maps.MapQuery:
    require_observatory(request.user)
    try:
        query = maps.query_from(request.GET, default_area=default_area(request.user))
    except AnalysisError as exc:
        raise Http404(str(exc)) from exc
    require_area(request.user, query.area)
    return query


def _url(name: str, query: maps.MapQuery, **changes: Any) -> str:
    return reverse(name) + "?" + urlencode(query.params(**changes))


def profile_url(row: dict[str, Any], query: maps.MapQuery) -> str:
    """Where a click on a place leads: its profile, for the same crime and period."""
    params: dict[str, str | int] = {
        "from": query.first_year,
        "to": query.last_year,
        "crime": query.crime,
    }
    if query.is_zones:
        if row["territory_id"] is None:
            return ""
        return reverse("atlas:zone", args=[row["territory_id"]]) + "?" + urlencode(params)
    return reverse("atlas:place", args=[row["code"]]) + "?" + urlencode(params)


@login_required
@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    context: dict[str, Any] = {"query": query, "area_name": maps.area_name(query)}
    try:
        result = maps.map_result(query, request.user)
    except AnalysisError as exc:
        result = None
        context["error"] = str(exc)
    municipality = None
    zone_levels: list[tuple[str, str]] = []
    if query.is_zones:
        municipality = territory_selectors.divipola_get(query.area)
        zone_levels = [
            (lv, str(Level(lv).label))
            for lv in territory_selectors.zone_levels_of(
                user=request.user, municipality_code=query.area
            )
        ]
    if result is not None:
        key = "statistic" if query.measure in ("gi", "lisa") else query.measure
        ranked = sorted(result.rows, key=lambda r: (r[key] is None, -(r[key] or 0)))
        context.update(
            result=result,
            ranked=[
                {
                    **r,
                    "url": profile_url(r, query),
                    "class_label": maps.CLASS_LABELS.get(r["class"], "") if r["class"] else "",
                }
                for r in ranked
            ],
            geojson_url=_url("atlas:map-geojson", query),
        )
    years_back = {n: (query.last_year - n + 1, query.last_year) for n in (1, 3, 6, 10)}
    context.update(
        municipality=municipality,
        zone_levels=zone_levels,
        measures=[
            (key, label, _url("atlas:map", query, measure=key))
            for key, label in maps.MEASURES.items()
        ],
        periods=[
            (
                f"{a}–{b}" if a != b else str(b),
                _url("atlas:map", query, first_year=a, last_year=b),
                (a, b) == (query.first_year, query.last_year),
            )
            for a, b in years_back.values()
        ],
        crimes=crimes_with_data(),
        sexes=[(s.value, s.label) for s in Sex if s.value],
        age_groups=[(a.value, a.label) for a in AgeGroup if a.value],
        departments=territory_selectors.departments(),
        municipalities=territory_selectors.municipalities(query.area[:2]) if query.area else [],
        downloads=[
            (fmt.upper(), _url("atlas:map-download", query) + f"&format={fmt}")
            for fmt in ("csv", "xlsx", "geojson")
        ],
        grid_url=_url("atlas:map", query, grid=not query.grid, measure="gi"),
        up_url=_url(
            "atlas:map", query, area=query.area[:2], grid=False, zone_level="", measure="rate"
        )
        if query.area
        else "",
    )
    return render(request, "atlas/map.html", context)


@login_required
@require_GET
def map_geojson(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    try:
        result = maps.map_result(query, request.user)
    except AnalysisError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    reader = request.user if query.is_zones else None
    text = cached(
        "geojson", asdict(query), reader, lambda: _feature_collection(result, request.user)
    )
    return HttpResponse(text, content_type="application/geo+json")


def _feature_collection(result: maps.MapResult, user: Any, *, for_download: bool = False) -> str:
    shapes = maps.geometries(result, user)
    features = []
    for row in result.rows:
        geometry = shapes.get(row["code"])
        if geometry is None:
            continue
        properties: dict[str, Any] = {
            "code": row["code"],
            "name": row["name"],
            "count": row["count"],
            "population": row["population"],
            "rate_per_100k": row["rate"],
            "smoothed_rate_per_100k": row["smoothed"],
            "statistic": row["statistic"],
            "p_fdr": row["p_fdr"],
            "class": row["class"],
        }
        if not for_download:
            properties.update(
                fill=row["fill"],
                fill_opacity=0.8,
                url=profile_url(row, result.query),
                tooltip=_tooltip(row, result.query),
            )
        features.append(
            {"type": "Feature", "id": row["code"], "geometry": geometry, "properties": properties}
        )
    return json.dumps({"type": "FeatureCollection", "features": features})


def _tooltip(row: dict[str, Any], query: maps.MapQuery) -> str:
    lines = [row["name"] or row["code"]]
    if row["count"] is not None:
        lines.append(_("Victims: %(n)s") % {"n": f"{row['count']:,.0f}"})
    if row["rate"] is not None:
        lines.append(_("Rate: %(r)s per 100,000") % {"r": f"{row['rate']:,.1f}"})
    if row["class"]:
        lines.append(str(maps.CLASS_LABELS.get(row["class"], row["class"])))
    return "\n".join(lines)


def map_table(result: maps.MapResult) -> Table:
    query = result.query
    return Table(
        title=_("%(measure)s, %(crime)s %(a)s–%(b)s")
        % {
            "measure": maps.MEASURES[query.measure],
            "crime": query.crime,
            "a": query.first_year,
            "b": query.last_year,
        },
        columns=[
            Column(_("Code")),
            Column(_("Name")),
            Column(_("Victims"), "int"),
            Column(_("Population (person-years)"), "int"),
            Column(_("Rate per 100,000"), "decimal", 2),
            Column(_("Lower limit (95 %)"), "decimal", 2),
            Column(_("Upper limit (95 %)"), "decimal", 2),
            Column(_("Smoothed rate"), "decimal", 2),
            Column(_("Statistic"), "decimal", 3),
            Column(_("p (FDR)"), "decimal", 4),
            Column(_("Class")),
        ],
        rows=[
            [
                r["code"],
                r["name"],
                None if r["count"] is None else round(r["count"]),
                None if r["population"] is None else round(r["population"]),
                r["rate"],
                r["ci_low"],
                r["ci_high"],
                r["smoothed"],
                r["statistic"],
                r["p_fdr"],
                r["class"],
            ]
            for r in result.rows
        ],
        source=result.source_note,
        notes=result.messages,
        sheet_name=_("Map"),
    )


@login_required
@require_GET
def map_download(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    try:
        result = maps.map_result(query, request.user)
    except AnalysisError as exc:
        raise Http404(str(exc)) from exc
    place = query.area or "colombia"
    name = f"redpaz-{place}-{query.crime}-{query.measure}-{query.first_year}-{query.last_year}"
    fmt = request.GET.get("format", "csv")
    if fmt == "geojson":
        response = HttpResponse(
            _feature_collection(result, request.user, for_download=True),
            content_type="application/geo+json",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.geojson"'
        return response
    if fmt == "xlsx":
        return xlsx_response(map_table(result), f"{name}.xlsx")
    return csv_response(map_table(result), f"{name}.csv")
