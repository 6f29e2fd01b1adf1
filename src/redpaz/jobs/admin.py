from django.contrib import admin

from redpaz.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["label", "task", "status", "created_by", "created_at", "finished_at"]
    list_filter = ["status", "task"]
    search_fields = ["label", "task"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        # Jobs are submitted by the features that need them, with their parameters.
        return False
