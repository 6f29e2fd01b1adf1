from django.contrib import admin

from redpaz.observatory.models import Coverage, Crime, EventRecord, PlaceReview, Source


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


@admin.register(PlaceReview)
class PlaceReviewAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "level", "status", "zone", "decided_by", "decided_at"]
    list_filter = ["status", "level"]
    search_fields = ["name", "normalized"]
    raw_id_fields = ["municipality", "zone", "batch"]
    readonly_fields = ["normalized", "suggestions", "created_at", "decided_by", "decided_at"]

    def has_add_permission(self, request: object) -> bool:
        # Names to review come from imports; decisions are taken in the review queue page.
        return False
