"""Administration of participant programmes. People are managed from their own pages (which
check access and log every reading of an identity); the admin shows them by code only."""

from django.contrib import admin

from redpaz.participants.models import Person, ProgrammeProfile, Stage


@admin.register(ProgrammeProfile)
class ProgrammeProfileAdmin(admin.ModelAdmin):
    list_display = ["programme", "min_age", "max_age"]
    filter_horizontal = ["staff", "zones"]
    raw_id_fields = ["programme"]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["programme", "order", "name"]
    raw_id_fields = ["programme"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """Read-only and by code: never the encrypted identity nor the document hash."""

    list_display = ["code", "sex", "birth_date", "zone", "merged_into", "erased_at"]
    search_fields = ["code"]
    fields = ("code", "document_type", "birth_date", "sex", "ethnicity", "zone", "merged_into")
    readonly_fields = fields

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
