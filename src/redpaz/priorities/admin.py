from django.contrib import admin

from redpaz.priorities.models import (
    Prioritisation,
    PrioritisationItem,
    SocialIndicator,
    SocialIndicatorValue,
)


@admin.register(SocialIndicator)
class SocialIndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "unit", "publisher"]


@admin.register(SocialIndicatorValue)
class SocialIndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "territory", "year", "value", "batch"]
    list_filter = ["indicator", "year"]
    raw_id_fields = ["territory", "batch"]
    search_fields = ["territory__name", "territory__code"]


class ItemInline(admin.TabularInline):
    model = PrioritisationItem
    fields = ["rank", "territory", "score", "cluster", "cluster_zone"]
    readonly_fields = ["rank", "territory", "score", "cluster", "cluster_zone"]
    extra = 0
    can_delete = False


@admin.register(Prioritisation)
class PrioritisationAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "level", "first_year", "last_year", "created_at"]
    list_filter = ["level", "crime", "source"]
    raw_id_fields = ["municipality", "boundary_set", "created_by"]
    filter_horizontal = ["batches"]
    inlines = [ItemInline]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        # A saved prioritisation is a record of a decision: it is not edited afterwards.
        return False
