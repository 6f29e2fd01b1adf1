from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError

from redpaz.imports.models import ImportBatch
from redpaz.ingest.errors import IngestError
from redpaz.observatory.services import batch_rollback
from redpaz.web.management.base import RedPazCommand, acting_user


class Command(RedPazCommand):
    help = (
        "Roll back an import batch of violence data (policia, points, table): its records and "
        "coverage are removed, the batch stays in the history as rolled back."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("batch", type=int, help="batch number (shown by every import)")
        parser.add_argument("--user", help="record the rollback under this username")

    def handle(self, *args: Any, **options: Any) -> None:
        batch = ImportBatch.objects.filter(pk=options["batch"]).first()
        if batch is None:
            raise CommandError(f"there is no batch {options['batch']}")
        try:
            removed = batch_rollback(batch=batch, user=acting_user(options["user"]))
        except (IngestError, PermissionDenied) as exc:
            raise CommandError(f"nothing was rolled back: {exc}") from None
        self.stdout.write(
            f"Rolled back batch {batch.pk} ({batch.source_name}): {removed:,} records removed."
        )
