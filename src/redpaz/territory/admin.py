"""Admin screens to correct territory names and manage alternative names."""

from django.contrib import admin
from django.http import HttpRequest

from redpaz.ingest.text import normalize_name
from redpaz.territory.models import (
    BoundarySet,
    PopulationFigure,
    PopulationSeries,
    Territory,
    TerritoryAlias,
)


class AliasInline(admin.TabularInline):
    model = TerritoryAlias
    extra = 1
    fields = ["name", "source", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "municipality_code", "department_code", "boundary_set"]
    list_filter = ["level"]
    search_fields = ["name", "code", "aliases__name"]
    fields = [
        "level",
        "code",
        "name",
        "parent",
        "municipality_code",
        "department_code",
        "boundary_set",
        "area_km2",
        "batch",
    ]
    readonly_fields = [
        "level",
        "code",
        "parent",
        "municipality_code",
        "department_code",
        "boundary_set",
        "area_km2",
        "batch",
    ]
    inlines = [AliasInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Territories come from DANE lists and boundary files, with their provenance.
        return False

    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        aliases = formset.save(commit=False)
        for alias in aliases:
            alias.normalized = normalize_name(alias.name)
            if alias.created_by_id is None:
                alias.created_by = request.user
            alias.save()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(BoundarySet)
class BoundarySetAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "level", "valid_from", "valid_to"]
    list_filter = ["level"]
    search_fields = ["name", "municipality__name"]
    readonly_fields = ["municipality", "level", "batch"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(PopulationSeries)
class PopulationSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "publisher", "base_year"]


@admin.register(PopulationFigure)
class PopulationFigureAdmin(admin.ModelAdmin):
    list_display = ["territory", "year", "sex", "age_from", "age_to", "value", "series"]
    list_filter = ["series", "sex", "year"]
    search_fields = ["territory__name", "territory__code"]
    raw_id_fields = ["territory", "batch"]
