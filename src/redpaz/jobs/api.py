"""Jobs API: poll a job's status and progress (only one's own jobs)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from redpaz.jobs.models import Job
from redpaz.jobs.selectors import job_progress, jobs_visible


class JobSerializer(serializers.ModelSerializer[Job]):
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id",
            "task",
            "label",
            "status",
            "progress",
            "result",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]

    def get_progress(self, job: Job) -> dict[str, Any]:
        stage, done, total = job_progress(job)
        return {"stage": stage, "done": done, "total": total}


class JobViewSet(viewsets.ReadOnlyModelViewSet[Job]):
    """Background jobs the caller requested (all of them for administrators)."""

    serializer_class = JobSerializer

    def get_queryset(self) -> QuerySet[Job]:
        return jobs_visible(self.request.user).order_by("-created_at")
