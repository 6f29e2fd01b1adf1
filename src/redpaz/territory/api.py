"""Territory API: every read goes through ``selectors.territory_visible``."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.serializers import BaseSerializer

from redpaz.territory.geojson import feature_collection
from redpaz.territory.models import Level, Territory
from redpaz.territory.selectors import LIGHT_FIELDS, territory_visible
from redpaz.territory.serializers import TerritoryDetailSerializer, TerritorySerializer

FILTERS = [
    OpenApiParameter("level", str, enum=Level.values, description="Territory level"),
    OpenApiParameter("parent", int, description="Id of the parent territory"),
    OpenApiParameter("municipality", str, description="DIVIPOLA code of the municipality"),
    OpenApiParameter("department", str, description="DIVIPOLA code of the department"),
    OpenApiParameter("code", str, description="Exact code"),
    OpenApiParameter("q", str, description="Part of the name"),
    OpenApiParameter(
        "current", bool, description="Only zones of boundary sets in force (default true)"
    ),
]


@extend_schema_view(
    list=extend_schema(parameters=FILTERS),
    geojson=extend_schema(parameters=FILTERS, responses={200: OpenApiTypes.OBJECT}),
)
class TerritoryViewSet(viewsets.ReadOnlyModelViewSet[Territory]):
    """Departments, municipalities and the zones in the caller's scope."""

    def get_queryset(self) -> QuerySet[Territory]:
        qs = territory_visible(self.request.user)
        params = self.request.query_params
        if level := params.get("level"):
            qs = qs.filter(level=level)
        if parent := params.get("parent"):
            qs = qs.filter(parent_id=int(parent)) if parent.isdigit() else qs.none()
        if municipality := params.get("municipality"):
            qs = qs.filter(municipality_code=municipality)
        if department := params.get("department"):
            qs = qs.filter(department_code=department)
        if code := params.get("code"):
            qs = qs.filter(code=code)
        if q := params.get("q"):
            qs = qs.filter(name__icontains=q)
        if params.get("current", "true").lower() != "false":
            qs = qs.exclude(boundary_set__valid_to__isnull=False)
        if self.action == "list":
            qs = qs.only(*LIGHT_FIELDS)
        return qs.order_by("level", "code")

    def get_serializer_class(self) -> type[BaseSerializer[Territory]]:
        if self.action == "retrieve":
            return TerritoryDetailSerializer
        return TerritorySerializer

    @action(detail=False, methods=["get"])
    def geojson(self, request: Request) -> HttpResponse:
        """The filtered territories as a GeoJSON FeatureCollection (simplified outlines)."""
        body = feature_collection(self.get_queryset())
        return HttpResponse(body, content_type="application/geo+json")
