"""Background tasks of the observatory: the imports started from the web pages.

Uploaded files wait in a private folder of the data directory (never served) and are deleted
when the import ends, whatever its outcome: the batch keeps their name and checksum.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from redpaz.imports.services import ImportOutcome
from redpaz.jobs.registry import Progress, task
from redpaz.observatory.services import points_import, policia_import, table_import

POLICIA_TASK = "observatory.policia_import"
POINTS_TASK = "observatory.points_import"
TABLE_TASK = "observatory.table_import"


def upload_root() -> Path:
    return Path(settings.REDPAZ_HOME) / "uploads"


def _user(job: Any) -> Any:
    # A job from the web always has its requester; never run one with the operator's rights.
    if job.created_by is None:
        raise PermissionDenied(_("This import has no user to run it for."))
    return job.created_by


def _cleanup(upload_dir: str | None) -> None:
    if not upload_dir:
        return
    folder = Path(upload_dir).resolve()
    if upload_root().resolve() in folder.parents:
        shutil.rmtree(folder, ignore_errors=True)


def _result(outcomes: list[ImportOutcome]) -> dict[str, Any]:
    return {
        "batches": [o.batch.pk for o in outcomes],
        "messages": [o.message for o in outcomes],
        "links": [
            {
                "label": _("Batch %(id)s report") % {"id": o.batch.pk},
                "url": reverse("observatory:batch", args=[o.batch.pk]),
            }
            for o in outcomes
        ],
    }


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@task(POLICIA_TASK)
def policia_task(
    *,
    job: Any,
    progress: Progress,
    paths: list[str],
    crime: str | None = None,
    upload_dir: str | None = None,
) -> dict[str, Any]:
    try:
        outcomes = policia_import(
            paths=[Path(p) for p in paths], crime=crime, user=_user(job), progress=progress
        )
    finally:
        _cleanup(upload_dir)
    return _result(outcomes)


@task(POINTS_TASK)
def points_task(
    *,
    job: Any,
    progress: Progress,
    path: str,
    municipality_code: str,
    crime: str = "homicidio",
    source: str | None = None,
    start: str | None = None,
    end: str | None = None,
    extraction_date: str | None = None,
    upload_dir: str | None = None,
) -> dict[str, Any]:
    try:
        outcome = points_import(
            path=Path(path),
            municipality_code=municipality_code,
            crime=crime,
            source=source or None,
            user=_user(job),
            progress=progress,
            start=_date(start),
            end=_date(end),
            extraction_date=_date(extraction_date),
        )
    finally:
        _cleanup(upload_dir)
    return _result([outcome])


@task(TABLE_TASK)
def table_task(
    *,
    job: Any,
    progress: Progress,
    path: str,
    mapping: str,
    extraction_date: str | None = None,
    upload_dir: str | None = None,
) -> dict[str, Any]:
    try:
        outcome = table_import(
            path=Path(path),
            mapping=Path(mapping),
            user=_user(job),
            progress=progress,
            extraction_date=_date(extraction_date),
        )
    finally:
        _cleanup(upload_dir)
    return _result([outcome])
