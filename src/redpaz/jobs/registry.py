"""Tasks a job can run, registered by name by the apps that provide them.

A task is a function ``(job, progress, **parameters) -> dict``: it receives the job (for its
``created_by``), a progress callback ``(stage, done, total)`` and the job's JSON parameters, and
returns a JSON-serialisable result. It raises ``IngestError`` (or ``PermissionDenied``) for a
failure a person can fix; anything else is recorded as an internal error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Progress = Callable[[str, int, int], None]
Task = Callable[..., dict[str, Any]]

_TASKS: dict[str, Task] = {}


def task(name: str) -> Callable[[Task], Task]:
    """Register a function as the task ``name`` (e.g. "observatory.policia_import")."""

    def decorate(function: Task) -> Task:
        _TASKS[name] = function
        return function

    return decorate


def get(name: str) -> Task:
    try:
        return _TASKS[name]
    except KeyError:
        raise LookupError(f"no task named {name!r}") from None


def names() -> list[str]:
    return sorted(_TASKS)
