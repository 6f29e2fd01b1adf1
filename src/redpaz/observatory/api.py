"""Observatory API: import batches of violence data with their reports (read-only, scoped)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from redpaz.imports.models import ImportBatch
from redpaz.observatory.selectors import batches_visible, import_scope


class ImportBatchSerializer(serializers.ModelSerializer[ImportBatch]):
    kind_label = serializers.SerializerMethodField()
    imported_by = serializers.SerializerMethodField()
    report = serializers.SerializerMethodField()

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "kind",
            "kind_label",
            "status",
            "source_name",
            "sha256",
            "size_bytes",
            "publisher",
            "extraction_date",
            "imported_by",
            "imported_at",
            "rows_read",
            "rows_stored",
            "parameters",
            "warnings",
            "report",
            "replaced_by",
        ]

    def get_imported_by(self, batch: ImportBatch) -> str:
        return str(batch.imported_by) if batch.imported_by else ""

    def get_kind_label(self, batch: ImportBatch) -> str:
        return batch.get_kind_display()

    def get_report(self, batch: ImportBatch) -> dict[str, Any]:
        """The batch report, with zone detail only for municipalities in the caller's scope."""
        report = dict(batch.report or {})
        if "zones" in report:
            scope = import_scope(self.context["request"].user)
            report["zones"] = [
                z
                for z in report["zones"]
                if scope.everywhere or z.get("municipality") in scope.municipality_codes
            ]
        return report


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=["policia", "points", "table"]),
            OpenApiParameter("status", str, enum=[s.value for s in ImportBatch.Status]),
        ]
    )
)
class ImportBatchViewSet(viewsets.ReadOnlyModelViewSet[ImportBatch]):
    """Violence-data import batches the caller may see (national ones and their municipalities')."""

    serializer_class = ImportBatchSerializer

    def get_queryset(self) -> QuerySet[ImportBatch]:
        qs = batches_visible(self.request.user).select_related("imported_by")
        if kind := self.request.query_params.get("kind"):
            qs = qs.filter(kind=kind)
        if status := self.request.query_params.get("status"):
            qs = qs.filter(status=status)
        return qs.order_by("-imported_at", "-id")
