"""Pages every part of RedPaz shares: home, health check, error pages."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from redpaz.accounts.access import roles_of, user_scope
from redpaz.territory import selectors as territory_selectors


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = {}
    if request.user.is_authenticated:
        scope = user_scope(request.user)
        context = {
            "roles": sorted(roles_of(request.user)),
            "scope": scope,
            "my_municipalities": territory_selectors.municipalities().filter(
                code__in=scope.municipality_codes
            )
            if not scope.everywhere
            else [],
            "country": territory_selectors.country(),
        }
    return render(request, "web/home.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for a load balancer: the app answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
