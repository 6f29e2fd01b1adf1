"""The default runner: a job starts in a thread of the web process once its request commits.

Tests run jobs synchronously inside a rolled-back transaction, which a second connection (the
thread's) cannot see; so this runs a real process on a database of its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import time
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from redpaz.jobs import registry
    from redpaz.jobs.models import Job
    from redpaz.jobs.services import job_submit, live_progress

    @registry.task("demo.wait")
    def wait(*, job, progress, seconds):
        for step in range(3):
            progress("waiting", step, 3)
            time.sleep(seconds)
        return {"messages": ["waited"]}

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        job = job_submit(task="demo.wait", label="Wait", parameters={"seconds": 0.2})
        time.sleep(0.3)
        # Not started before the request's transaction commits.
        assert Job.objects.get(pk=job.pk).status == "queued"
    seen_running = False
    for _ in range(100):
        time.sleep(0.05)
        job.refresh_from_db()
        seen_running = seen_running or live_progress(job) is not None
        if job.finished:
            break
    print(job.status, job.runner.split(":")[0], job.result["messages"], seen_running)
    """
)


def test_a_job_runs_in_a_thread_after_the_submitting_transaction_commits(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "REDPAZ_HOME": str(tmp_path),
        "REDPAZ_JOBS": "thread",
        "DJANGO_SETTINGS_MODULE": "redpaz.web.settings",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == "done thread ['waited'] True"
