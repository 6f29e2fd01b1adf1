"""Population by age of the target zones (e.g. young people aged 14-28), which youth rates need.

The page shows which zones and years have it, gives a CSV template listing the zones, and
imports the filled table through the population importer (the same as
``redpaz import population FILE --municipality CODE --level comuna``).
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path, PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from redpaz.accounts.access import has_capability
from redpaz.accounts.roles import DATA_IMPORT
from redpaz.ingest.errors import IngestError
from redpaz.strategy.forms import PopulationUploadForm
from redpaz.strategy.models import Strategy
from redpaz.strategy.views.common import load, require
from redpaz.territory.models import AGE_MAX, Territory
from redpaz.territory.selectors import population_lookup
from redpaz.territory.services import population_import

DEFAULT_RANGE = (14, 28)


def age_ranges(strategy: Strategy) -> list[tuple[int, int]]:
    """Age ranges the strategy's computed indicators ask population for (14-28 by default)."""
    ranges = {DEFAULT_RANGE}
    for parameters in strategy.indicators.exclude(computation="").values_list(
        "parameters", flat=True
    ):
        if parameters.get("age_min") is not None or parameters.get("age_max") is not None:
            ranges.add(
                (
                    int(parameters.get("age_min") or 0),
                    int(parameters["age_max"])
                    if parameters.get("age_max") is not None
                    else AGE_MAX,
                )
            )
    return sorted(ranges)


def years_of(strategy: Strategy) -> list[int]:
    baselines = [
        d.year
        for d in strategy.indicators.exclude(baseline_date=None).values_list(
            "baseline_date", flat=True
        )
        if d is not None
    ]
    first = min([strategy.start.year, *baselines])
    return list(range(first, strategy.end.year + 1))


def _template(zones: list[Territory], years: list[int], low: int, high: int) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["codigo", "nombre", "año", "poblacion", "edad_desde", "edad_hasta"])
    for zone in zones:
        for year in years:
            writer.writerow([zone.code, zone.name, year, "", low, high])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="poblacion-{low}-{high}-zonas.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def population(request: HttpRequest, pk: int) -> HttpResponse:
    strategy, access = load(request, pk)
    require(access.view_all)
    zones = list(strategy.target_zones.order_by("level", "code"))
    ranges = age_ranges(strategy)
    years = years_of(strategy)
    try:
        low, high = (int(x) for x in request.GET.get("range", "").split("-", 1))
    except ValueError:
        low, high = ranges[0]
    if request.GET.get("template") and zones:
        return _template(zones, years, low, high)
    can_upload = has_capability(request.user, DATA_IMPORT, strategy.territory)
    form = PopulationUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require(can_upload)
        if form.is_valid():
            _upload(request, strategy, zones, form.cleaned_data["file"])
            return redirect(reverse("strategy:population", args=[strategy.pk]))
    totals = population_lookup([z.pk for z in zones], years)
    by_range = {
        (a, b): population_lookup([z.pk for z in zones], years, age_from=a, age_to=b)
        for a, b in ranges
    }
    rows = [
        {
            "zone": zone,
            "years": [
                {
                    "year": year,
                    "total": totals.get((zone.pk, year)),
                    "ranges": [by_range[r].get((zone.pk, year)) for r in ranges],
                }
                for year in years
            ],
        }
        for zone in zones
    ]
    return render(
        request,
        "strategy/population.html",
        {
            "strategy": strategy,
            "zones": zones,
            "rows": rows,
            "years": years,
            "ranges": ranges,
            "range_labels": [f"{a}–{b}" if b != AGE_MAX else f"{a}+" for a, b in ranges],
            "form": form if can_upload else None,
            "levels": sorted({z.get_level_display() for z in zones}),
        },
    )


def _upload(request: HttpRequest, strategy: Strategy, zones: list[Territory], upload: Any) -> None:
    groups = {(z.municipality_code, z.level) for z in zones}
    if len(groups) != 1:
        messages.error(
            request,
            _(
                "The target zones are of several levels or municipalities; import each table with "
                "redpaz import population FILE --municipality CODE --level LEVEL."
            ),
        )
        return
    municipality_code, level = groups.pop()
    with tempfile.TemporaryDirectory() as folder:
        # Keep the person's file name: it is the provenance the import batch records.
        path = Path(folder) / (PurePath(upload.name).name or "population.csv")
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            outcome = population_import(
                path=path, user=request.user, municipality_code=municipality_code, level=level
            )
        except IngestError as exc:
            messages.error(
                request, _("Nothing was imported: %(problems)s") % {"problems": exc.describe()}
            )
            return
    messages.success(request, str(outcome.message))
