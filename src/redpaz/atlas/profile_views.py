"""Profiles of a municipality or zone, comparisons, and the situation report (web and PDF)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from redpaz.analysis.errors import AnalysisError
from redpaz.atlas.access import require_observatory
from redpaz.atlas.cache import cached
from redpaz.atlas.charts import all_charts
from redpaz.atlas.maps import CLASS_LABELS, MapQuery, map_result, query_from
from redpaz.atlas.profiles import Profile, profile_of
from redpaz.territory import selectors as territory_selectors
from redpaz.territory.models import Territory
from redpaz.web.exports import Column, Table, csv_response, pdf_response, xlsx_response


def _period(request: HttpRequest, territory: Territory) -> tuple[str, int, int]:
    area = territory.municipality_code if territory.is_zone else territory.code
    query = query_from({**request.GET.dict(), "area": area, "measure": "count"})
    return query.crime, query.first_year, query.last_year


def _context(request: HttpRequest, territory: Territory) -> dict[str, Any]:
    crime, first, last = _period(request, territory)
    try:
        profile = profile_of(
            territory, crime=crime, first_year=first, last_year=last, user=request.user
        )
    except AnalysisError as exc:
        return {
            "territory": territory,
            "error": str(exc),
            "first": first,
            "last": last,
            "crime": crime,
        }
    return {
        "territory": territory,
        "profile": profile,
        "first": first,
        "last": last,
        "crime": crime,
        "generated": timezone.localtime(),
        "municipality": territory_selectors.divipola_get(profile.municipality_code),
        # Rendering the SVGs costs more than the figures: keep them with the profile.
        **cached(
            "profile-charts",
            (territory.pk, crime, first, last),
            request.user,
            lambda: all_charts(profile),
        ),
    }


@login_required
@require_GET
def place(request: HttpRequest, code: str) -> HttpResponse:
    require_observatory(request.user)
    territory = territory_selectors.divipola_get(code)
    if territory.level != "municipality":
        raise PermissionDenied
    return render(request, "atlas/profile.html", _context(request, territory))


@login_required
@require_GET
def zone(request: HttpRequest, pk: int) -> HttpResponse:
    require_observatory(request.user)
    territory = territory_selectors.zone_get(user=request.user, pk=pk)
    return render(request, "atlas/profile.html", _context(request, territory))


def report_tables(profile: Profile) -> list[Table]:
    """Every table of the situation report, for the XLSX and CSV downloads."""
    note = profile.source_note
    yearly = Table(
        title=_("Victims and rate by year"),
        columns=[
            Column(_("Year"), "int"),
            Column(_("Victims"), "int"),
            Column(_("Population"), "int"),
            Column(_("Rate per 100,000"), "decimal", 2),
            Column(_("Lower limit (95 %)"), "decimal", 2),
            Column(_("Upper limit (95 %)"), "decimal", 2),
            *[
                Column(_("Rate of %(place)s") % {"place": n}, "decimal", 2)
                for n in profile.reference_names
            ],
        ],
        rows=[
            [
                r["year"],
                r["count"],
                r["population"],
                r["rate"],
                r["ci_low"],
                r["ci_high"],
                *[r.get(n) for n in profile.reference_names],
            ]
            for r in profile.yearly
        ],
        source=note,
        notes=profile.messages,
        sheet_name=_("By year"),
    )
    monthly = Table(
        title=_("Victims by month"),
        columns=[Column(_("Year"), "int"), Column(_("Month"), "int"), Column(_("Victims"), "int")],
        rows=[[r["year"], r["month"], r["count"]] for r in profile.monthly],
        source=note,
        sheet_name=_("By month"),
    )
    tables = [yearly, monthly]
    names = {
        "weapon": _("Weapon or means"),
        "sex": _("Sex"),
        "age_group": _("Age group"),
        "weekday": _("Day of the week"),
        "hour": _("Hour"),
    }
    for key, items in profile.breakdowns.items():
        tables.append(
            Table(
                title=_("Victims by %(what)s") % {"what": names[key].lower()},
                columns=[Column(names[key]), Column(_("Victims"), "int")],
                rows=[list(i) for i in items],
                source=note,
                sheet_name=names[key][:30],
            )
        )
    return tables


def _zone_rows(
    request: HttpRequest, territory: Territory, context: dict[str, Any]
) -> list[dict[str, Any]]:
    """The Gi* classes of the municipality's zones, when it has zones with data."""
    if not territory_selectors.zone_levels_of(user=request.user, municipality_code=territory.code):
        return []
    query = MapQuery(
        area=territory.code,
        crime=context["crime"],
        first_year=context["first"],
        last_year=context["last"],
        measure="gi",
    )
    try:
        result = map_result(query, request.user)
    except AnalysisError:
        return []
    rows = sorted(result.rows, key=lambda r: (r["rate"] is None, -(r["rate"] or 0)))
    return [
        {**r, "class_label": CLASS_LABELS.get(r["class"], "") if r["class"] else ""} for r in rows
    ]


@login_required
@require_GET
def report(request: HttpRequest, code: str) -> HttpResponse:
    """The situation report a security committee reads: page, PDF, XLSX or CSV."""
    require_observatory(request.user)
    territory = territory_selectors.divipola_get(code)
    context = _context(request, territory)
    if "profile" in context:
        context["zone_rows"] = _zone_rows(request, territory, context)
    fmt = request.GET.get("format", "")
    name = f"informe-situacion-{territory.code}-{context['first']}-{context['last']}"
    if fmt and "profile" in context:
        if fmt == "pdf":
            return pdf_response(
                "atlas/report_pdf.html",
                {**context, "title": _("Situation report")},
                f"{name}.pdf",
                request=request,
            )
        tables = report_tables(context["profile"])
        if fmt == "xlsx":
            return xlsx_response(tables, f"{name}.xlsx")
        if fmt == "csv":
            index = request.GET.get("table", "0")
            table = (
                tables[int(index)] if index.isdigit() and int(index) < len(tables) else tables[0]
            )
            return csv_response(table, f"{name}-{index}.csv")
    if "profile" in context:
        context["csv_tables"] = [
            (k, t.title) for k, t in enumerate(report_tables(context["profile"]))
        ]
    return render(request, "atlas/report.html", context)
