"""Pages of background jobs: the list of one's jobs and a job's progress and outcome."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from redpaz.jobs.selectors import job_get, job_progress, jobs_visible
from redpaz.jobs.services import job_interrupted


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = list(jobs_visible(request.user).select_related("created_by")[:100])
    return render(request, "jobs/list.html", {"jobs": jobs})


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: str) -> HttpResponse:
    job = job_get(user=request.user, pk=pk)
    stage, done, total = job_progress(job)
    percent = min(100, round(100 * done / total)) if total else None
    return render(
        request,
        "jobs/detail.html",
        {
            "job": job,
            "stage": stage,
            "done": done,
            "total": total,
            "percent": percent,
            "interrupted": job_interrupted(job),
            "links": (job.result or {}).get("links", []),
            "messages_out": (job.result or {}).get("messages", []),
        },
    )
