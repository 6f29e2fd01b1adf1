"""Territory browser: Colombia → department → municipality → zones, with maps and population."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from redpaz.accounts.access import has_capability
from redpaz.accounts.roles import TERRITORY_EDIT
from redpaz.territory import selectors, services
from redpaz.territory.forms import AliasForm, RenameForm
from redpaz.territory.models import Level, Territory, TerritoryAlias
from redpaz.web.charts import Chart, line_chart
from redpaz.web.charts import render as render_chart


def _geojson_url(**params: Any) -> str:
    return reverse("territory-geojson") + "?" + urlencode(params)


def _population_chart(territory: Territory) -> Chart | None:
    # Projections run decades ahead; the observatory works with the years that have happened.
    points = selectors.population_series(territory, until=timezone.localdate().year)
    if not points:
        return None
    series_names = list(dict.fromkeys(p.series for p in points))
    title = _("Population of %(name)s by year") % {"name": territory.name}
    spec = line_chart(
        [{"year": p.year, "population": p.value, "source": p.series} for p in points],
        x="year",
        y="population",
        x_title=_("Year"),
        y_title=_("Population"),
        # A new census base is a break in the series, not a change in population: show it.
        color="source" if len(series_names) > 1 else None,
        color_title=_("Source"),
        x_type="quantitative",
        width=420,
        height=200,
    )
    first, last = points[0], points[-1]
    return render_chart(
        spec,
        title=title,
        description=_("From %(a)s in %(y1)s to %(b)s in %(y2)s.")
        % {"a": f"{first.value:,}", "y1": first.year, "b": f"{last.value:,}", "y2": last.year},
        columns=[_("Year"), _("Population"), _("Source")],
        rows=[(p.year, f"{p.value:,}", p.series) for p in points],
        source="; ".join(series_names),
    )


def _latest(territory: Territory | None) -> tuple[int, int] | None:
    if territory is None:
        return None
    return selectors.population_latest([territory.pk]).get(territory.pk)


def _children_rows(territories: list[Territory]) -> list[dict[str, Any]]:
    latest = selectors.population_latest([t.pk for t in territories])
    return [
        {
            "territory": t,
            "population": latest.get(t.pk, (None, None))[1],
            "population_year": latest.get(t.pk, (None, None))[0],
        }
        for t in territories
    ]


@login_required
@require_GET
def country(request: HttpRequest) -> HttpResponse:
    colombia = selectors.country()
    departments = list(selectors.departments())
    return render(
        request,
        "territory/detail.html",
        {
            "territory": colombia,
            "ancestors": [],
            "children": _children_rows(departments),
            "children_title": _("Departments"),
            "map_url": _geojson_url(level=Level.DEPARTMENT),
            "base_url": "",
            "chart": _population_chart(colombia) if colombia else None,
            "latest": _latest(colombia),
            "empty_hint": not departments,
        },
    )


@login_required
@require_GET
def divipola(request: HttpRequest, code: str) -> HttpResponse:
    territory = selectors.divipola_get(code)
    context: dict[str, Any] = {
        "territory": territory,
        "ancestors": selectors.ancestors_of(territory),
        "chart": _population_chart(territory),
        "latest": _latest(territory),
        "can_edit": has_capability(request.user, TERRITORY_EDIT, territory),
        "aliases": territory.aliases.all(),
    }
    if territory.level == Level.DEPARTMENT:
        context.update(
            children=_children_rows(list(selectors.municipalities(territory.code))),
            children_title=_("Municipalities"),
            map_url=_geojson_url(level=Level.MUNICIPALITY, department=territory.code),
            base_url=_geojson_url(level=Level.DEPARTMENT),
            highlight=None,
        )
    else:
        levels = selectors.zone_levels_of(user=request.user, municipality_code=territory.code)
        level = request.GET.get("level") or (levels[0] if levels else "")
        if level not in levels:
            level = levels[0] if levels else ""
        zones = (
            list(
                selectors.current_zones(
                    user=request.user, municipality_code=territory.code, level=level
                )
            )
            if level
            else []
        )
        context.update(
            children=_children_rows(zones),
            children_title=Level(level).label if level else _("Zones"),
            zone_levels=[(lv, Level(lv).label) for lv in levels],
            current_level=level,
            boundary_sets=territory.boundary_sets.order_by("level", "-valid_from", "-id"),
            map_url=(
                _geojson_url(municipality=territory.code, level=level)
                if zones
                else _geojson_url(code=territory.code, level=Level.MUNICIPALITY)
            ),
            base_url=_geojson_url(level=Level.MUNICIPALITY, department=territory.department_code),
            map_labels=len(zones) <= 30,
        )
    return render(request, "territory/detail.html", context)


@login_required
@require_GET
def zone(request: HttpRequest, pk: int) -> HttpResponse:
    territory = selectors.zone_get(user=request.user, pk=pk)
    children = list(selectors.children_of(user=request.user, territory=territory))
    municipality = selectors.divipola_get(territory.municipality_code)
    return render(
        request,
        "territory/detail.html",
        {
            "territory": territory,
            "ancestors": selectors.ancestors_of(territory),
            "children": _children_rows(children),
            "children_title": _("Zones inside"),
            "chart": _population_chart(territory),
            "latest": _latest(territory),
            "can_edit": has_capability(request.user, TERRITORY_EDIT, territory),
            "aliases": territory.aliases.all(),
            "map_url": _geojson_url(
                municipality=territory.municipality_code, level=territory.level
            ),
            "base_url": _geojson_url(code=municipality.code, level=Level.MUNICIPALITY),
            "highlight": territory.pk,
        },
    )


def _editable(request: HttpRequest, pk: int) -> Territory:
    territory = get_object_or_404(selectors.territory_visible(request.user), pk=pk)
    if not has_capability(request.user, TERRITORY_EDIT, territory):
        raise PermissionDenied
    return territory


@login_required
@require_POST
def rename(request: HttpRequest, pk: int) -> HttpResponse:
    territory = _editable(request, pk)
    form = RenameForm(request.POST)
    if form.is_valid():
        try:
            services.territory_rename(
                territory=territory, name=form.cleaned_data["name"], user=request.user
            )
            messages.success(request, _("Name saved; the old name is kept as an alternative."))
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
    else:
        messages.error(request, _("The name cannot be empty."))
    return redirect(territory.get_absolute_url())


@login_required
@require_POST
def alias_add(request: HttpRequest, pk: int) -> HttpResponse:
    territory = _editable(request, pk)
    form = AliasForm(request.POST)
    if form.is_valid():
        try:
            services.alias_add(
                territory=territory, name=form.cleaned_data["name"], user=request.user
            )
            messages.success(request, _("Alternative name added."))
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
    return redirect(territory.get_absolute_url())


@login_required
@require_POST
def alias_delete(request: HttpRequest, pk: int, alias_pk: int) -> HttpResponse:
    territory = _editable(request, pk)
    alias = get_object_or_404(TerritoryAlias, pk=alias_pk, territory=territory)
    services.alias_delete(alias=alias, user=request.user)
    messages.success(request, _("Alternative name removed."))
    return redirect(territory.get_absolute_url())
