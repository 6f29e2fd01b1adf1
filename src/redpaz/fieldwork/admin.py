from django.contrib import admin

from redpaz.fieldwork.models import CommunityNeed, FollowUp, Intervention, Mediation


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0


@admin.register(Mediation)
class MediationAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "zone", "conflict_type", "risk", "outcome", "recorded_by"]
    list_filter = ["risk", "outcome", "conflict_type"]
    raw_id_fields = ["zone", "recorded_by", "batch"]
    readonly_fields = ["uuid", "version", "alerted_at"]
    inlines = [FollowUpInline]


@admin.register(CommunityNeed)
class CommunityNeedAdmin(admin.ModelAdmin):
    list_display = ["identified_on", "zone", "category", "dependency", "status"]
    list_filter = ["status", "category"]
    raw_id_fields = ["zone", "recorded_by", "batch"]
    readonly_fields = ["uuid", "version"]


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin):
    list_display = ["date", "zone", "kind", "participants_count"]
    list_filter = ["kind"]
    raw_id_fields = ["zone", "recorded_by", "batch"]
    readonly_fields = ["uuid", "version"]
