from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.db import connection

from redpaz.jobs.services import job_execute, job_next, jobs_fail_stale, runner_id
from redpaz.web.management.base import RedPazCommand


class Command(RedPazCommand):
    help = (
        "Run background jobs (imports, analyses, exports) from the database queue. Start one or "
        "more with REDPAZ_JOBS=worker set for the web server, so that it queues jobs instead of "
        "running them in its own threads."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="run the waiting jobs, then stop")
        parser.add_argument(
            "--poll", type=float, default=2.0, help="seconds between looks at the queue"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        runner = runner_id("worker")
        self.stdout.write(f"RedPaz worker {runner}: waiting for jobs")
        while True:
            stale = jobs_fail_stale()
            if stale:
                self.stderr.write(f"marked {stale} interrupted job(s) as failed")
            job = job_next(runner=runner)
            if job is None:
                if options["once"]:
                    return
                connection.close()  # do not hold a connection while idle
                time.sleep(options["poll"])
                continue
            self.stdout.write(f"{job.pk} {job.task}: {job.label}")
            job = job_execute(job=job)
            line = f"{job.pk} {job.get_status_display().lower()}"
            if job.error:
                line += f": {job.error.splitlines()[0]}"
            self.stdout.write(line)
