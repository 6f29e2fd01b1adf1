from django.contrib import admin

from redpaz.observatory.models import Coverage, Crime, EventRecord, Source


@admin.register(Crime)
class CrimeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "publisher", "kind"]
    list_filter = ["kind"]


@admin.register(EventRecord)
class EventRecordAdmin(admin.ModelAdmin):
    list_display = ["date", "crime", "source", "municipality", "zone", "count", "sex", "age_group"]
    list_filter = ["source", "crime", "sex", "age_group"]
    raw_id_fields = ["municipality", "zone", "batch"]
    date_hierarchy = "date"

    def has_add_permission(self, request: object) -> bool:
        # Records come from imports, with their batch; a hand-made one would have no provenance.
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Coverage)
class CoverageAdmin(admin.ModelAdmin):
    list_display = ["source", "crime", "territory", "start", "end", "batch"]
    list_filter = ["source", "crime"]
    raw_id_fields = ["territory", "batch"]
