"""Reads of jobs: a person sees the jobs they asked for; administrators see all."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from redpaz.jobs.models import Job
from redpaz.jobs.services import live_progress


def jobs_visible(user: Any) -> QuerySet[Job]:
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    if user.is_superuser:
        return Job.objects.all()
    return Job.objects.filter(created_by=user)


def job_get(*, user: Any, pk: Any) -> Job:
    """The job if the user may see it; 404 otherwise (its existence is not revealed)."""
    job = jobs_visible(user).filter(pk=pk).select_related("created_by").first()
    if job is None:
        raise Http404("No such job")
    return job


def job_progress(job: Job) -> tuple[str, int, int]:
    """(stage, done, total): from this process's memory when it runs the job, else the row."""
    live = live_progress(job) if not job.finished else None
    if live is not None:
        return live.stage, live.done, live.total
    return job.stage, job.done, job.total
