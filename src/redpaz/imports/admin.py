from django.contrib import admin

from redpaz.imports.models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "source_name",
        "status",
        "rows_stored",
        "imported_by",
        "imported_at",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["source_name", "sha256", "release"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        # Batches are created by importers only; a hand-made batch would have no rows behind it.
        return False
