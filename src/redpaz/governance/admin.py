"""Administration screens: read committees and what they decided; day-to-day work goes through
the pages, which keep the follow-up history."""

from django.contrib import admin

from redpaz.governance.models import (
    BodyAssessment,
    Commitment,
    CommitmentUpdate,
    Committee,
    CommitteeMember,
    ParticipationBody,
    Session,
)


class MemberInline(admin.TabularInline):
    model = CommitteeMember
    fk_name = "committee"
    extra = 0
    fields = ["name", "user", "position", "organisation", "role", "has_vote", "alternate_of"]
    autocomplete_fields = ["user"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "strategy", "frequency", "is_public"]
    list_filter = ["kind", "frequency", "is_public"]
    search_fields = ["name"]
    filter_horizontal = ["zones"]
    raw_id_fields = ["municipality"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [MemberInline]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["committee", "starts_at", "kind", "status", "acta_number", "acta_year"]
    list_filter = ["status", "kind"]
    search_fields = ["committee__name"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["committee", "presided_by", "secretary"]
    readonly_fields = ["planned_on", "moved_reason", "acta_year", "acta_number", "created_by"]


class UpdateInline(admin.TabularInline):
    model = CommitmentUpdate
    extra = 0
    can_delete = False
    readonly_fields = ["at", "user", "status", "note", "changes"]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["description", "owner_name", "due_date", "status", "completed_on"]
    list_filter = ["status"]
    search_fields = ["description", "owner_name"]
    raw_id_fields = [
        "session",
        "agenda_item",
        "owner_member",
        "owner_user",
        "component",
        "programme",
        "indicator",
    ]
    readonly_fields = ["overdue_since", "created_by", "created_at", "updated_at"]
    inlines = [UpdateInline]


@admin.register(ParticipationBody)
class ParticipationBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "committee", "is_active"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["municipality", "zone", "committee"]


@admin.register(BodyAssessment)
class BodyAssessmentAdmin(admin.ModelAdmin):
    list_display = ["body", "period_start", "period_end", "operativity", "incidence"]
    readonly_fields = ["criteria_version", "operativity", "incidence", "created_at"]
    raw_id_fields = ["body", "assessed_by"]
