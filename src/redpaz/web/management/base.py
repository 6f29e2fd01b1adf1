"""What every RedPaz command shares: clean errors, progress bars, the acting user."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from redpaz.ingest.errors import IngestError


class RedPazCommand(BaseCommand):
    """A management command that turns input errors into a clear message and exit status 1.

    The command line speaks English (like the input checks it reports), or the language in
    ``REDPAZ_CLI_LANGUAGE``; the web interface keeps Spanish as its default.
    """

    def execute(self, *args: Any, **options: Any) -> str | None:
        with translation.override(os.environ.get("REDPAZ_CLI_LANGUAGE") or "en"):
            try:
                return super().execute(*args, **options)
            except IngestError as exc:
                raise CommandError(f"nothing was imported.\n{exc.describe()}") from None

    @contextmanager
    def progress(self) -> Iterator[Callable[[str, int, int], None]]:
        """A callback ``(stage, done, total)`` drawing a progress bar on stderr."""
        console = Console(stderr=True)
        tasks: dict[str, Any] = {}
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(
            *columns, console=console, transient=True, disable=not console.is_terminal
        ) as bar:

            def update(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(stage, total=total)
                bar.update(tasks[stage], completed=done, total=total)

            yield update


def acting_user(username: str | None) -> Any:
    """The user an import is recorded under (``--user``), or None for the server operator."""
    if not username:
        return None
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"no user named {username!r}")
    return user
