"""The prioritisation workflow: indicators and weights, the ranking and proposed clusters on
a map, adjustments (move a zone to another cluster, exclude one), and saving a named, dated
version (``priorities.services.prioritisation_save``) that strategies use as target zones."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from redpaz.accounts.access import capabilities, has_capability
from redpaz.accounts.roles import PRIORITIES_SAVE
from redpaz.analysis.errors import AnalysisError
from redpaz.analysis.priorities import DEFAULT_WEIGHTS
from redpaz.atlas.access import default_area, require_area
from redpaz.atlas.cache import cached
from redpaz.observatory.layers import territory_graph
from redpaz.priorities import selectors as priority_selectors
from redpaz.priorities.compute import PrioritisationResult, prioritisation_compute
from redpaz.priorities.services import prioritisation_save
from redpaz.territory import selectors as territory_selectors
from redpaz.territory.models import Territory

CLUSTER_COLOURS = [
    "#b91c1c",
    "#1d4ed8",
    "#15803d",
    "#7c3aed",
    "#b45309",
    "#0369a1",
    "#be185d",
    "#4d7c0f",
]
WEIGHTED = ("rate", "count", "trend", "hotspot", "youth", "nbi")
INDICATOR_LABELS = {
    "rate": gettext_lazy("Smoothed rate per 100,000"),
    "count": gettext_lazy("Victims in the period"),
    "trend": gettext_lazy("Trend (second half against first half)"),
    "hotspot": gettext_lazy("Hotspot intensity (Gi* z-score)"),
    "youth": gettext_lazy("Share of young people (14-28)"),
    "nbi": gettext_lazy("Unmet basic needs (municipalities only)"),
}


def _weights(data: Any) -> dict[str, float]:
    if not any(f"w_{k}" in data for k in WEIGHTED):
        return dict(DEFAULT_WEIGHTS)
    weights = {}
    for key in WEIGHTED:
        try:
            value = float(data.get(f"w_{key}") or 0)
        except ValueError:
            value = 0.0
        if value > 0:
            weights[key] = value
    return weights or dict(DEFAULT_WEIGHTS)


def _int(raw: Any, default: int | None) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return default


def _adjustments(data: Any) -> tuple[dict[str, int], list[str]]:
    moves = {}
    for token in str(data.get("move", "")).split(","):
        code, _sep, cluster = token.partition(":")
        if code.strip() and cluster.strip().isdigit():
            moves[code.strip()] = int(cluster)
    excluded = [c.strip() for c in str(data.get("exclude", "")).split(",") if c.strip()]
    return moves, excluded


def _compute(request: HttpRequest, data: Any) -> tuple[dict[str, Any], PrioritisationResult]:
    area = str(data.get("area") or default_area(request.user))
    if len(area) != 5:
        raise AnalysisError(_("Choose a municipality whose zones to prioritise."))
    require_area(request.user, area)
    params: dict[str, Any] = {
        "area": area,
        "weights": _weights(data),
        "k": _int(data.get("k"), 4),
        "first": _int(data.get("from"), None),
        "last": _int(data.get("to"), None),
    }
    result = cached(
        "prioritise",
        params,
        request.user,
        lambda: prioritisation_compute(
            weights=params["weights"],
            municipality_code=area,
            n_clusters=params["k"],
            first_year=params["first"],
            last_year=params["last"],
            user=request.user,
        ),
    )
    moves, excluded = _adjustments(data)
    computed = dict(zip(result.table["code"], result.table["cluster"], strict=True))
    for key in data:
        if not key.startswith("c_"):
            continue
        code, value = key[2:], str(data.get(key))
        if code not in computed:
            continue
        if value == "x":
            excluded.append(code)
        elif value.isdigit():
            before = computed[code]
            if pd.isna(before) or int(before) != int(value):
                moves[code] = int(value)
    excluded = sorted(set(excluded))
    table = result.table.copy()
    for code, cluster in moves.items():
        table.loc[table["code"] == code, "cluster"] = cluster
    table.loc[table["code"].isin(excluded), "cluster"] = pd.NA
    table["cluster"] = table["cluster"].astype("Int64")
    notes = list(result.messages)
    if moves or excluded:
        notes.append(
            _("Adjusted by hand: %(moves)s moved, %(ex)s excluded.")
            % {"moves": len(moves), "ex": len(excluded)}
        )
    adjusted = replace(
        result,
        table=table,
        messages=notes,
        parameters={**result.parameters, "adjustments": {"moves": moves, "excluded": excluded}},
    )
    params.update(moves=moves, excluded=excluded)
    return params, adjusted


def _split_clusters(request: HttpRequest, result: PrioritisationResult) -> list[int]:
    """Clusters whose zones no longer touch each other after the adjustments."""
    graph = territory_graph(result.selection, request.user)
    clusters = result.table.set_index("code")["cluster"]
    broken = []
    for cluster in sorted(int(c) for c in clusters.dropna().unique()):
        members = [
            c for c in graph.ids if not pd.isna(clusters.get(c)) and clusters.get(c) == cluster
        ]
        keep = np.isin(np.asarray(graph.ids), members)
        if len(set(graph.subgraph(keep).components().tolist())) > 1:
            broken.append(cluster)
    return broken


def _tip(row: dict[str, Any], cluster: int | None) -> str:
    text = f"{row['name']}\n{_('Rank')} {int(row['rank'])} · {_('Score')} {row['score']:.1f}"
    return text + (f"\n{_('Cluster')} {cluster}" if cluster else "")


def _features(result: PrioritisationResult, prefix_url: str = "") -> str:
    shapes = result.geometries()
    features = []
    for record in result.table.to_dict("records"):
        row = {str(k): v for k, v in record.items()}
        geometry = shapes.get(row["code"])
        if geometry is None:
            continue
        cluster = None if pd.isna(row["cluster"]) else int(row["cluster"])
        features.append(
            {
                "type": "Feature",
                "id": row["code"],
                "geometry": geometry,
                "properties": {
                    "name": row["name"],
                    "fill": CLUSTER_COLOURS[(cluster - 1) % len(CLUSTER_COLOURS)]
                    if cluster
                    else "#f3f4f6",
                    "fill_opacity": 0.7,
                    "tooltip": _tip(row, cluster),
                },
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features})


@login_required
@require_http_methods(["GET", "POST"])
def prioritise(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    if request.method == "POST" and PRIORITIES_SAVE not in capabilities(request.user):
        raise PermissionDenied
    context: dict[str, Any] = {
        "indicators": [(k, INDICATOR_LABELS[k]) for k in WEIGHTED],
        "saved": priority_selectors.prioritisations_visible(request.user)[:20],
    }
    try:
        params, result = _compute(request, data)
    except AnalysisError as exc:
        context["error"] = str(exc)
        return render(request, "atlas/prioritise.html", context)
    if request.GET.get("format") == "geojson":
        return HttpResponse(_features(result), content_type="application/geo+json")
    municipality = territory_selectors.divipola_get(params["area"])
    if request.method == "POST":
        if not has_capability(request.user, PRIORITIES_SAVE, municipality):
            raise PermissionDenied
        name = str(request.POST.get("name", "")).strip()
        if not name:
            messages.error(request, _("Give the prioritisation a name."))
        else:
            saved = prioritisation_save(name=name, result=result, user=request.user)
            messages.success(
                request,
                _("Prioritisation saved; its clusters are now zones the strategy can target."),
            )
            return redirect("atlas:prioritisation", pk=saved.pk)
    query = {
        "area": params["area"],
        "k": params["k"],
        **{f"w_{k}": v for k, v in params["weights"].items()},
        **({"from": params["first"]} if params["first"] else {}),
        **({"to": params["last"]} if params["last"] else {}),
    }
    adjust = {
        "move": ",".join(f"{c}:{k}" for c, k in params["moves"].items()),
        "exclude": ",".join(params["excluded"]),
    }
    rows = result.table.sort_values("rank").to_dict("records")
    clusters = sorted(int(c) for c in result.table["cluster"].dropna().unique())
    context.update(
        municipality=municipality,
        params=params,
        result=result,
        rows=rows,
        clusters=clusters,
        broken=_split_clusters(request, result),
        geojson_url=reverse("atlas:prioritise")
        + "?"
        + urlencode({**query, **adjust, "format": "geojson"}),
        query=query,
        adjust=adjust,
        can_save=has_capability(request.user, PRIORITIES_SAVE, municipality),
        colours=[(c, CLUSTER_COLOURS[(c - 1) % len(CLUSTER_COLOURS)]) for c in clusters],
    )
    return render(request, "atlas/prioritise.html", context)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    prioritisation = priority_selectors.prioritisation_get(user=request.user, pk=pk)
    items = list(priority_selectors.prioritisation_items(prioritisation))
    shapes = {
        t.pk: t.display_geojson
        for t in Territory.objects.filter(pk__in=[i.territory_id for i in items])
    }
    features = [
        {
            "type": "Feature",
            "id": item.territory_id,
            "geometry": json.loads(shapes[item.territory_id]),
            "properties": {
                "name": item.territory.name,
                "fill": CLUSTER_COLOURS[(item.cluster - 1) % len(CLUSTER_COLOURS)]
                if item.cluster
                else "#f3f4f6",
                "fill_opacity": 0.7,
                "tooltip": f"{item.territory.name} · {item.rank}",
            },
        }
        for item in items
        if shapes.get(item.territory_id)
    ]
    encoded = base64.b64encode(
        json.dumps({"type": "FeatureCollection", "features": features}).encode()
    )
    geojson = "data:application/geo+json;base64," + encoded.decode()
    return render(
        request,
        "atlas/prioritisation.html",
        {
            "prioritisation": prioritisation,
            "items": items,
            "geojson": geojson,
            "batches": prioritisation.batches.all(),
        },
    )
