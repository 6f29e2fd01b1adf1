"""Background jobs: submitted, run (at once, in a thread or by a worker), followed, and private."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from redpaz.ingest.errors import IngestError
from redpaz.jobs import registry
from redpaz.jobs.models import Job
from redpaz.jobs.services import job_submit, jobs_fail_stale

pytestmark = pytest.mark.django_db


@registry.task("tests.count_to")
def count_to(*, job: Any, progress: Any, n: int) -> dict[str, Any]:
    for i in range(1, n + 1):
        progress("counting", i, n)
    return {"counted": n, "messages": [f"counted to {n}"]}


@registry.task("tests.fail")
def fail(*, job: Any, progress: Any, how: str) -> dict[str, Any]:
    progress("trying", 1, 2)
    if how == "input":
        raise IngestError("bad.csv: row 3: nonsense")
    return {"result": 1 // 0}


def test_a_job_runs_and_keeps_its_result_and_last_progress(users) -> None:
    job = job_submit(task="tests.count_to", label="Count", parameters={"n": 5}, user=users.ana)
    assert job.status == Job.Status.DONE
    assert job.result == {"counted": 5, "messages": ["counted to 5"]}
    assert (job.stage, job.done, job.total) == ("counting", 5, 5)
    assert job.created_by == users.ana and job.started_at and job.finished_at


def test_a_failed_job_says_why_and_an_internal_error_is_named() -> None:
    bad_input = job_submit(task="tests.fail", label="Fail", parameters={"how": "input"})
    assert bad_input.status == Job.Status.FAILED
    assert bad_input.error == "bad.csv: row 3: nonsense"
    crash = job_submit(task="tests.fail", label="Crash", parameters={"how": "crash"})
    assert crash.status == Job.Status.FAILED
    assert crash.error.startswith("internal error (ZeroDivisionError)")


def test_an_unknown_task_is_refused_at_once() -> None:
    with pytest.raises(LookupError):
        job_submit(task="tests.nope", label="Nope")
    assert not Job.objects.exists()


def test_with_a_worker_jobs_wait_in_the_queue_until_it_runs_them(settings, capsys) -> None:
    settings.REDPAZ_JOBS = "worker"
    job = job_submit(task="tests.count_to", label="Count", parameters={"n": 3})
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED
    call_command("worker", "--once")
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.runner.startswith("worker:")
    assert f"{job.pk} finished" in capsys.readouterr().out


def test_jobs_without_news_for_long_are_marked_interrupted() -> None:
    job = Job.objects.create(task="tests.count_to", label="Old", status=Job.Status.RUNNING)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=2))
    assert jobs_fail_stale() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "interrupted" in job.error


def test_a_job_page_is_visible_to_its_requester_only(users, client_for) -> None:
    job = job_submit(task="tests.count_to", label="Count", parameters={"n": 2}, user=users.ana)
    page = client_for(users.ana).get(job.get_absolute_url())
    assert page.status_code == 200
    assert "counted to 2" in page.content.decode()
    assert client_for(users.pablo).get(job.get_absolute_url()).status_code == 404
    assert client_for(users.alice).get(job.get_absolute_url()).status_code == 200
    listing = client_for(users.pablo).get("/jobs/")
    assert "Count" not in listing.content.decode()


def test_a_running_job_page_refreshes_itself(users, client_for) -> None:
    job = Job.objects.create(
        task="tests.count_to",
        label="Long",
        status=Job.Status.RUNNING,
        stage="storing",
        done=40,
        total=100,
        runner="worker:elsewhere:1",
        created_by=users.ana,
    )
    body = client_for(users.ana).get(job.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in body
    assert 'value="40"' in body and "40 %" in body


def test_the_api_reports_a_jobs_status(users, client_for) -> None:
    job = job_submit(task="tests.count_to", label="Count", parameters={"n": 2}, user=users.ana)
    data = client_for(users.ana).get(f"/api/v1/jobs/{job.pk}/").json()
    assert data["status"] == "done"
    assert data["progress"] == {"stage": "counting", "done": 2, "total": 2}
    assert client_for(users.pablo).get(f"/api/v1/jobs/{job.pk}/").status_code == 404
