"""Strategy list, creation from a model, dashboard, editing and the map of target zones."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from redpaz.accounts.access import capabilities, user_scope
from redpaz.accounts.models import Organisation
from redpaz.accounts.roles import STRATEGY_EDIT
from redpaz.observatory.selectors import sources_with_data
from redpaz.strategy import blueprints, selectors, services
from redpaz.strategy.access import can_create_in
from redpaz.strategy.forms import StrategyCreateForm, StrategyForm, TerritoryChoiceForm
from redpaz.strategy.performance import Status
from redpaz.strategy.selectors.iptt import iptt_build
from redpaz.strategy.views.common import form_errors, load, require, safe_next
from redpaz.territory.geojson import feature_collection
from redpaz.territory.models import Level, Territory
from redpaz.territory.selectors import current_zones


@login_required
@require_GET
def strategy_list(request: HttpRequest) -> HttpResponse:
    strategies = selectors.strategies_visible(request.user).order_by("-start", "name")
    return render(
        request,
        "strategy/list.html",
        {"strategies": strategies, "can_create": STRATEGY_EDIT in capabilities(request.user)},
    )


def _creatable_territories(user: Any) -> Any:
    scope = user_scope(user, STRATEGY_EDIT)
    qs = Territory.objects.filter(
        level__in=[Level.MUNICIPALITY, Level.DEPARTMENT], boundary_set__isnull=True
    )
    if not scope.everywhere:
        qs = qs.filter(level=Level.MUNICIPALITY, code__in=scope.municipality_codes)
    return qs.order_by("level", "name")


def _creatable_organisations(user: Any, territory: Territory) -> Any:
    organisations = Organisation.objects.filter(is_active=True).order_by("name")
    if user.is_superuser:
        return organisations
    ids = [o.pk for o in organisations if can_create_in(user, o.pk, territory)]
    return organisations.filter(pk__in=ids)


def _zones_of(user: Any, territory: Territory) -> Any:
    if territory.level == Level.MUNICIPALITY:
        return current_zones(user=user, municipality_code=territory.code)
    return Territory.objects.none()


@login_required
@require_http_methods(["GET", "POST"])
def strategy_create(request: HttpRequest) -> HttpResponse:
    require(STRATEGY_EDIT in capabilities(request.user))
    territories = _creatable_territories(request.user)
    code = request.GET.get("territory") or request.POST.get("territory_code")
    territory = territories.filter(pk=code).first() if code and code.isdigit() else None
    if territory is None:
        choice = TerritoryChoiceForm(request.GET or None, territories=territories)
        return render(request, "strategy/create_territory.html", {"form": choice})
    organisations = _creatable_organisations(request.user, territory)
    require(organisations.exists())
    form = StrategyCreateForm(
        request.POST or None,
        organisations=organisations,
        zones=_zones_of(request.user, territory),
        sources=[(s.slug, s.name) for s in sources_with_data()],
        initial={
            "blueprint": "pazos",
            # The territory's own secretariat first, when the person may act for it.
            "organisation": organisations.filter(municipality=territory).first()
            or organisations.first(),
            "quarterly": True,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            strategy = services.strategy_create(
                name=data["name"],
                organisation=data["organisation"],
                territory=territory,
                start=data["start"],
                end=data["end"],
                user=request.user,
                blueprint=data["blueprint"],
                zones=data["target_zones"],
                description=data["description"],
                legal_instrument=data["legal_instrument"],
                quarterly=data["quarterly"],
                impact_source=data["impact_source"],
                baseline_year=data["baseline_year"],
                yearly_change=data["yearly_change"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Strategy created."))
            return redirect(strategy.get_absolute_url())
    return render(
        request,
        "strategy/create.html",
        {"form": form, "territory": territory, "blueprints": blueprints.BLUEPRINTS.values()},
    )


@login_required
@require_GET
def strategy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    strategy, access = load(request, pk)
    iptt = iptt_build(strategy, approved_only=access.approved_only)
    counts = dict.fromkeys(Status, 0)
    for row in iptt.rows:
        counts[row.track.status] += 1
    by_component: dict[Any, list[Any]] = {}
    for row in iptt.rows:
        by_component.setdefault(row.indicator.component_id, []).append(row)
    # Each component shows its key indicators, or all of them when none is marked key.
    key_rows = {
        component: [r for r in rows if r.indicator.is_key] or rows
        for component, rows in by_component.items()
    }
    components = [
        {"component": c, "rows": key_rows.get(c.pk, []), "programmes": c.programmes.count()}
        for c in strategy.components.all()
    ]
    zones = list(strategy.target_zones.order_by("level", "code"))
    missing_population = any(
        "population" in note.lower() or "población" in note.lower()
        for row in iptt.rows
        for note in row.notes.values()
    )
    return render(
        request,
        "strategy/detail.html",
        {
            "strategy": strategy,
            "access": access,
            "counts": counts,
            "strategy_rows": key_rows.get(None, []),
            "components": components,
            "zones": zones,
            "zones_url": reverse("strategy:zones", args=[strategy.pk]),
            "base_url": reverse("territory-geojson")
            + "?"
            + urlencode({"code": strategy.territory.code, "level": strategy.territory.level}),
            "latest": selectors.latest_results(strategy, access),
            "pending": _pending_by_indicator(strategy) if access.view_all else [],
            "pending_count": selectors.pending_results(strategy).count() if access.view_all else 0,
            "revised": selectors.revised_results(strategy) if access.view_all else [],
            "missing_population": missing_population and access.view_all,
            "indicator_count": len(iptt.rows),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def strategy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    strategy, access = load(request, pk)
    require(access.edit)
    form = StrategyForm(
        request.POST or None,
        instance=strategy,
        zones=_zones_of(request.user, strategy.territory) | strategy.target_zones.all(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        zones = data.pop("target_zones")
        strategy.refresh_from_db()
        try:
            services.strategy_update(strategy=strategy, user=request.user, zones=zones, **data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Strategy saved."))
            return redirect(strategy.get_absolute_url())
    return render(request, "strategy/edit.html", {"strategy": strategy, "form": form})


@login_required
@require_GET
def strategy_zones(request: HttpRequest, pk: int) -> HttpResponse:
    strategy, _access = load(request, pk)
    extra = {
        zone.pk: {"fill": "#c2410c", "fill_opacity": 0.45, "url": zone.get_absolute_url()}
        for zone in strategy.target_zones.all()
    }
    body = feature_collection(strategy.target_zones.all(), extra=extra)
    return HttpResponse(body, content_type="application/geo+json")


@login_required
@require_POST
def strategy_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    strategy, access = load(request, pk)
    require(access.report or access.edit)
    count = services.strategy_recompute(strategy=strategy)
    messages.success(request, _("%(n)s figures recomputed from the current data.") % {"n": count})
    return redirect(safe_next(request, strategy.get_absolute_url()))


def _pending_by_indicator(strategy: Any) -> list[dict[str, Any]]:
    """Figures waiting for review or approval, one line per indicator."""
    groups: dict[int, dict[str, Any]] = {}
    for result in selectors.pending_results(strategy):
        group = groups.setdefault(
            result.indicator_id,
            {"indicator": result.indicator, "submitted": 0, "reviewed": 0, "periods": []},
        )
        group[result.status] += 1
        group["periods"].append(result.period)
    return list(groups.values())
