"""Roll back an import batch of violence data: its records and coverage go, its provenance stays."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redpaz.imports.models import ImportBatch
from redpaz.imports.services import batch_changed
from redpaz.ingest.errors import IngestError
from redpaz.observatory.models import Coverage, EventRecord
from redpaz.observatory.services.common import OBSERVATORY_KINDS, require_import
from redpaz.territory.models import Level, Territory


def batch_territory(batch: ImportBatch) -> Territory | None:
    """The municipality a batch is about, or None for national data."""
    coverage = Coverage.objects.filter(batch=batch).select_related("territory").first()
    code = (batch.parameters or {}).get("municipality")
    if coverage is not None and coverage.territory.level == Level.MUNICIPALITY:
        return coverage.territory
    if code:
        return Territory.objects.filter(
            level=Level.MUNICIPALITY, code=code, boundary_set=None
        ).first()
    return None


@transaction.atomic
def batch_rollback(*, batch: ImportBatch, user: Any = None) -> int:
    """Remove the records and coverage of an observatory batch; keep the batch as history.

    A batch that replaced an older extraction does not bring the older one back: import that
    file again if it is wanted. Return the number of records removed.
    """
    if batch.kind not in OBSERVATORY_KINDS:
        raise IngestError(
            _("Batch %(id)s is a %(kind)s import; only violence-data batches can be rolled back.")
            % {"id": batch.pk, "kind": batch.get_kind_display()}
        )
    require_import(user, batch_territory(batch))
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.DONE:
        raise IngestError(
            _("Batch %(id)s is not in force (%(status)s): there is nothing to roll back.")
            % {"id": batch.pk, "status": batch.get_status_display()}
        )
    removed, _detail = EventRecord.objects.filter(batch=batch).delete()
    Coverage.objects.filter(batch=batch).delete()
    batch.status = ImportBatch.Status.ROLLED_BACK
    batch.report = {
        **(batch.report or {}),
        "rolled_back": {
            "records": removed,
            "by": str(user) if getattr(user, "is_authenticated", False) else "",
            "at": timezone.now().isoformat(timespec="seconds"),
        },
    }
    batch.save(update_fields=["status", "report"])
    batch_changed(batch=batch)  # figures computed from this data must be computed again
    return removed
