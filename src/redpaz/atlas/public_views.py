"""Public pages (no login): a municipality's violence figures for accountability."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from redpaz.atlas.public import public_figures
from redpaz.territory import selectors as territory_selectors
from redpaz.territory.models import Level


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip()
    if code:
        return redirect("public:municipality", code=code)
    department = request.GET.get("department", "").strip()
    return render(
        request,
        "atlas/public_index.html",
        {
            "departments": territory_selectors.departments(),
            "department": department,
            "municipalities": territory_selectors.municipalities(department) if department else [],
        },
    )


@require_GET
def municipality(request: HttpRequest, code: str) -> HttpResponse:
    territory = territory_selectors.divipola_get(code)
    if territory.level != Level.MUNICIPALITY:
        return redirect(f"/public/?department={territory.code}")
    return render(
        request,
        "atlas/public.html",
        {"territory": territory, "figures": public_figures(territory)},
    )
