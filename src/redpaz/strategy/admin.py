"""Administration screens: read the framework; changes go through the pages, which keep the
reasons and the approval trail."""

from django.contrib import admin
from django.http import HttpRequest

from redpaz.strategy.models import (
    Activity,
    Component,
    Indicator,
    IndicatorRevision,
    Programme,
    Result,
    ResultEvent,
    Strategy,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "territory", "start", "end", "template"]
    search_fields = ["name"]
    autocomplete_fields = ["territory"]
    filter_horizontal = ["target_zones"]
    readonly_fields = ["template", "created_by", "created_at", "updated_at"]


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    list_display = ["strategy", "code", "name", "order"]
    list_filter = ["strategy"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["component", "code", "name", "kind", "responsible_unit"]
    list_filter = ["kind"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "status", "completed_on"]
    list_filter = ["status"]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "strategy", "level", "unit", "direction", "computation"]
    list_filter = ["level", "unit", "direction"]
    search_fields = ["code", "name"]


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "period", "value", "status", "origin", "complete"]
    list_filter = ["status", "origin"]


@admin.register(IndicatorRevision)
class IndicatorRevisionAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "at", "user", "reason"]


@admin.register(ResultEvent)
class ResultEventAdmin(ReadOnlyAdmin):
    list_display = ["result", "action", "at", "user", "reason"]
    list_filter = ["action"]
