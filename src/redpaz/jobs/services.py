"""Submit and run background jobs.

Where a job runs depends on ``settings.REDPAZ_JOBS`` (environment ``REDPAZ_JOBS``):

- ``thread`` (default): in a thread of the web process, started when the submitting transaction
  commits. Nothing else to install or run; a job dies with the process that runs it.
- ``worker``: jobs wait in the database until ``redpaz worker`` (one or more, on any host that
  shares the database) claims them.
- ``sync``: at once, in the caller (tests, and scripts that want the result).

Progress is kept in memory for pages served by the same process, and also written to the job row
on PostgreSQL through a second connection (SQLite allows one writer at a time, and the import
being reported on is it), so that a worker's progress shows on every web server.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from redpaz.ingest.errors import IngestError
from redpaz.jobs import registry
from redpaz.jobs.models import Job

logger = logging.getLogger(__name__)

MODES = ("thread", "worker", "sync")
# At most one progress write to the database per job and this many seconds.
PROGRESS_INTERVAL = 1.0
# A running job without news for this long is taken for dead by ``redpaz worker``.
STALE_AFTER = timedelta(minutes=30)


def runner_id(kind: str) -> str:
    return f"{kind}:{socket.gethostname()}:{os.getpid()}"


def mode() -> str:
    value = getattr(settings, "REDPAZ_JOBS", "thread")
    if value not in MODES:
        raise ValueError(f"REDPAZ_JOBS={value!r}: use one of {', '.join(MODES)}")
    return str(value)


@dataclass(frozen=True)
class LiveProgress:
    stage: str
    done: int
    total: int
    at: float


_live: dict[str, LiveProgress] = {}
_live_lock = threading.Lock()


def live_progress(job: Job) -> LiveProgress | None:
    """Progress of a job running in this process, fresher than the job row."""
    with _live_lock:
        return _live.get(str(job.pk))


def job_submit(
    *, task: str, label: str, parameters: dict[str, Any] | None = None, user: Any = None
) -> Job:
    """Queue a registered task; it runs in a thread, a worker or at once (see ``mode``)."""
    registry.get(task)  # fail now, not in the background, on a misspelt task
    job = Job.objects.create(
        task=task,
        label=label[:300],
        parameters=parameters or {},
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    current = mode()
    if current == "sync":
        job_run(job=job, runner=runner_id("sync"))
        job.refresh_from_db()
    elif current == "thread":
        transaction.on_commit(lambda: _start_thread(job.pk))
    return job


def _start_thread(pk: Any) -> None:
    thread = threading.Thread(target=_thread_main, args=(pk,), name=f"redpaz-job-{pk}")
    thread.daemon = True
    thread.start()


def _thread_main(pk: Any) -> None:
    try:
        job = Job.objects.filter(pk=pk).first()
        if job is not None:
            job_run(job=job, runner=runner_id("thread"))
    finally:
        connection.close()


def job_claim(*, job: Job, runner: str) -> bool:
    """Mark a waiting job as running by ``runner``; False if another runner took it first."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, runner=runner, started_at=now, heartbeat_at=now
    )
    return claimed == 1


class _Reporter:
    """The progress callback handed to a task."""

    def __init__(self, job: Job):
        self.key = str(job.pk)
        self.pk = job.pk
        self.last_write = 0.0
        self.shared = connection.vendor == "postgresql" and mode() != "sync"
        self.side: BaseDatabaseWrapper | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        with _live_lock:
            _live[self.key] = LiveProgress(stage, int(done), int(total), now)
        if self.shared and now - self.last_write >= PROGRESS_INTERVAL:
            self.last_write = now
            self._write(stage, done, total)

    def _write(self, stage: str, done: int, total: int) -> None:
        # A second connection, outside the task's transaction, so other processes see it.
        try:
            if self.side is None:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {Job._meta.db_table} SET stage = %s, done = %s, total = %s, "  # noqa: S608 - table name from the model
                    "heartbeat_at = %s WHERE id = %s",
                    [stage[:200], max(int(done), 0), max(int(total), 0), timezone.now(), self.pk],
                )
        except Exception:
            logger.warning("could not record the progress of job %s", self.pk, exc_info=True)

    def close(self) -> None:
        with _live_lock:
            _live.pop(self.key, None)
        if self.side is not None:
            self.side.close()


def job_run(*, job: Job, runner: str) -> Job:
    """Claim and run a job to its end, recording the result or the error."""
    if not job_claim(job=job, runner=runner):
        return job
    return job_execute(job=job)


def job_execute(*, job: Job) -> Job:
    """Run a job already claimed by this process (``job_claim``, ``job_next``)."""
    function = registry.get(job.task)
    reporter = _Reporter(job)
    status, result, error = Job.Status.DONE, {}, ""
    try:
        result = function(job=job, progress=reporter, **(job.parameters or {}))
    except IngestError as exc:
        status, error = Job.Status.FAILED, exc.describe()
    except PermissionDenied as exc:
        status, error = Job.Status.FAILED, str(exc) or "permission denied"
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.pk, job.task)
        status, error = Job.Status.FAILED, f"internal error ({type(exc).__name__}): {exc}"
    finally:
        last = live_progress(job)
        reporter.close()
    now = timezone.now()
    job.status = status
    job.result = result or {}
    job.error = error
    job.finished_at = now
    job.heartbeat_at = now
    if last is not None:
        job.stage, job.done, job.total = last.stage[:200], max(last.done, 0), max(last.total, 0)
    job.save(
        update_fields=[
            "status",
            "result",
            "error",
            "finished_at",
            "heartbeat_at",
            "stage",
            "done",
            "total",
        ]
    )
    return job


def job_next(*, runner: str) -> Job | None:
    """Claim the oldest waiting job for a worker, or None when there is none."""
    for job in Job.objects.filter(status=Job.Status.QUEUED).order_by("created_at")[:20]:
        if job_claim(job=job, runner=runner):
            job.refresh_from_db()
            return job
    return None


def jobs_fail_stale(*, now: Any = None) -> int:
    """Mark running jobs without news for ``STALE_AFTER`` as failed (their process died)."""
    now = now or timezone.now()
    return Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=now - STALE_AFTER).update(
        status=Job.Status.FAILED,
        finished_at=now,
        error="interrupted: the process running it stopped without finishing",
    )


def job_interrupted(job: Job) -> bool:
    """Whether a job marked running in a web thread belongs to a process that is gone."""
    if job.status != Job.Status.RUNNING or not job.runner.startswith("thread:"):
        return False
    if job.runner == runner_id("thread"):
        return live_progress(job) is None and not _thread_alive(job)
    host = job.runner.split(":")[1] if job.runner.count(":") >= 2 else ""
    # Another process of this host: gone if its pid no longer exists.
    if host == socket.gethostname():
        try:
            os.kill(int(job.runner.rsplit(":", 1)[1]), 0)
        except (OSError, ValueError):
            return True
    return False


def _thread_alive(job: Job) -> bool:
    return any(t.name == f"redpaz-job-{job.pk}" and t.is_alive() for t in threading.enumerate())
