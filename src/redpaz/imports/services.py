"""Writes for import batches: every importer records its file here before storing rows."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from redpaz.imports.models import ImportBatch

_CHUNK = 1024 * 1024
logger = logging.getLogger(__name__)
# Functions told about every import once its transaction has committed (e.g. the strategy app
# recomputes the indicators that use the imported kind of data). Register from AppConfig.ready.
_COMPLETION_HOOKS: list[Callable[[ImportBatch], None]] = []


def on_batch_completed(hook: Callable[[ImportBatch], None]) -> None:
    """Call ``hook(batch)`` after every import commits (a failing hook is logged, not raised)."""
    if hook not in _COMPLETION_HOOKS:
        _COMPLETION_HOOKS.append(hook)


def _run_completion_hooks(batch: ImportBatch) -> None:
    for hook in list(_COMPLETION_HOOKS):
        try:
            hook(batch)
        except Exception:
            logger.exception("import completion hook %r failed for batch %s", hook, batch.pk)


def file_sha256(path: str | Path) -> tuple[str, int]:
    """Return the SHA-256 hex digest and size of a file, reading it in chunks."""
    digest = hashlib.sha256()
    size = 0
    with Path(path).open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: the batch holding the rows, and whether this call created it."""

    batch: ImportBatch
    created: bool

    @property
    def message(self) -> str:
        if self.created:
            return _("Imported %(file)s: %(stored)s rows stored (batch %(id)s).") % {
                "file": self.batch.source_name,
                "stored": number_format(self.batch.rows_stored, force_grouping=True),
                "id": self.batch.pk,
            }
        return _("%(file)s was already imported on %(date)s (batch %(id)s); nothing changed.") % {
            "file": self.batch.source_name,
            "date": f"{self.batch.imported_at:%Y-%m-%d %H:%M}",
            "id": self.batch.pk,
        }


def batch_find_existing(*, kind: str, sha256: str, scope: str = "") -> ImportBatch | None:
    """The batch that already holds this exact file for this scope, unless it was rolled back."""
    return (
        ImportBatch.objects.filter(kind=kind, sha256=sha256, scope=scope)
        .exclude(status=ImportBatch.Status.ROLLED_BACK)
        .order_by("-imported_at")
        .first()
    )


def batch_create(
    *,
    kind: str,
    path: str | Path,
    sha256: str,
    size_bytes: int,
    user: Any = None,
    scope: str = "",
    release: str = "",
    publisher: str = "",
    extraction_date: date | None = None,
    parameters: dict[str, Any] | None = None,
    source_name: str | None = None,
) -> ImportBatch:
    """Create the batch row; call inside the importer's transaction so a failure leaves nothing."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("batch_create must run inside the importer's transaction")
    return ImportBatch.objects.create(
        kind=kind,
        scope=scope,
        release=release,
        source_name=source_name or Path(path).name,
        sha256=sha256,
        size_bytes=size_bytes,
        publisher=publisher,
        extraction_date=extraction_date,
        imported_by=user if getattr(user, "is_authenticated", False) else None,
        parameters=parameters or {},
    )


def batch_finish(
    *,
    batch: ImportBatch,
    rows_read: int,
    rows_stored: int,
    warnings: list[str] | None = None,
    report: dict[str, Any] | None = None,
) -> ImportBatch:
    batch.rows_read = rows_read
    batch.rows_stored = rows_stored
    batch.warnings = list(warnings or [])
    batch.report = dict(report or {})
    batch.save(update_fields=["rows_read", "rows_stored", "warnings", "report"])
    transaction.on_commit(lambda: _run_completion_hooks(batch))
    return batch


def batch_changed(*, batch: ImportBatch) -> None:
    """Tell the completion hooks that a batch's rows changed after its import (rolled back,
    or records placed in zones by a review), once the current transaction commits."""
    transaction.on_commit(lambda: _run_completion_hooks(batch))
