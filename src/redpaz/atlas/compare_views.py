"""Several places (or one place over several periods) side by side."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from redpaz.analysis.errors import AnalysisError
from redpaz.atlas.access import require_observatory
from redpaz.atlas.maps import query_from
from redpaz.atlas.profiles import profile_of
from redpaz.territory import selectors as territory_selectors
from redpaz.territory.models import Territory
from redpaz.web.charts import line_chart
from redpaz.web.charts import render as render_chart

MAX_PLACES = 6


def _places(request: HttpRequest, raw: str) -> list[Territory]:
    places = []
    for token in [t.strip() for t in raw.split(",") if t.strip()][:MAX_PLACES]:
        if token.startswith("z") and token[1:].isdigit():
            places.append(territory_selectors.zone_get(user=request.user, pk=int(token[1:])))
        else:
            try:
                places.append(territory_selectors.divipola_get(token))
            except Http404:
                continue
    return places


def _periods(raw: str, default: tuple[int, int]) -> list[tuple[int, int]]:
    periods = []
    for token in [t.strip() for t in raw.split(",") if t.strip()][:4]:
        first, _sep, last = token.partition("-")
        if first.isdigit() and last.isdigit():
            periods.append((int(first), int(last)))
    return periods or [default]


@login_required
@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    require_observatory(request.user)
    query = query_from({**request.GET.dict(), "measure": "count", "area": ""})
    places = _places(request, request.GET.get("places", ""))
    periods = _periods(request.GET.get("periods", ""), (query.first_year, query.last_year))
    columns: list[dict[str, Any]] = []
    chart_points = []
    for territory in places:
        for first, last in periods:
            label = territory.name if len(periods) == 1 else f"{territory.name} {first}–{last}"
            try:
                profile = profile_of(
                    territory,
                    crime=query.crime,
                    first_year=first,
                    last_year=last,
                    user=request.user,
                )
            except AnalysisError as exc:
                columns.append({"label": label, "error": str(exc)})
                continue
            columns.append({"label": label, "profile": profile})
            chart_points += [
                {"year": r["year"], "rate": round(r["rate"], 2), "place": label}
                for r in profile.yearly
                if r["rate"] is not None
            ]
    chart = None
    if chart_points:
        chart = render_chart(
            line_chart(
                chart_points,
                x="year",
                y="rate",
                x_title=_("Year"),
                y_title=_("Rate per 100,000"),
                color="place",
                color_title=_("Place"),
                x_type="quantitative",
            ),
            title=_("Rates side by side"),
            description=_("Victims per 100,000 inhabitants by year for each place compared."),
            columns=[_("Place"), _("Year"), _("Rate per 100,000")],
            rows=[[p["place"], p["year"], p["rate"]] for p in chart_points],
        )
    return render(
        request,
        "atlas/compare.html",
        {
            "columns": columns,
            "chart": chart,
            "query": query,
            "places_raw": request.GET.get("places", ""),
            "periods_raw": request.GET.get("periods", ""),
        },
    )
