"""Import past mediations (a spreadsheet, or a KoboToolbox/ODK export) as one import batch.

All or nothing: the file is read and checked whole (``redpaz.ingest.mediations``), every zone
is found, and only then are the records stored, in one transaction with their batch. The same
file imported again changes nothing; a record whose UUID (Kobo ``_uuid``) is already stored is
skipped, so an export that overlaps an earlier one adds only the new submissions. Imported past
records alert nobody.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from redpaz.fieldwork.models import FollowUp, Mediation, Precision
from redpaz.imports.services import (
    ImportOutcome,
    batch_create,
    batch_find_existing,
    batch_finish,
    file_sha256,
)
from redpaz.ingest.errors import IngestError, ProblemCollector
from redpaz.ingest.mediations import MediationMapping, default_mapping, read_mediations
from redpaz.ingest.text import normalize_code, normalize_name
from redpaz.territory.models import ZONE_LEVELS, Level, Territory

KIND = "mediations"


def _may_import(user: Any, municipality: Territory) -> bool:
    from redpaz.accounts.access import has_capability
    from redpaz.accounts.roles import DATA_IMPORT, FIELDWORK_SUPERVISE

    return has_capability(user, DATA_IMPORT, municipality) or has_capability(
        user, FIELDWORK_SUPERVISE, municipality
    )


def _zones(municipality: Territory, level: str | None) -> tuple[dict[str, Territory], dict]:
    qs = Territory.objects.filter(
        municipality_code=municipality.code,
        level__in=[level] if level else ZONE_LEVELS,
        boundary_set__valid_to__isnull=True,
    )
    by_code: dict[str, Territory] = {}
    by_name: dict[str, Territory] = {}
    for zone in qs.order_by("level"):
        by_code.setdefault(zone.code, zone)
        by_name.setdefault(normalize_name(zone.name), zone)
    return by_code, by_name


def mediations_import(
    *,
    path: str | Path,
    municipality_code: str,
    mapping: MediationMapping | None = None,
    xlsform: Path | None = None,
    zone_level: str | None = None,
    user: Any = None,
) -> ImportOutcome:
    path = Path(path)
    municipality = Territory.objects.filter(
        level=Level.MUNICIPALITY, code=municipality_code
    ).first()
    if municipality is None:
        raise IngestError(f"unknown municipality code {municipality_code!r}", file=path.name)
    if user is not None and not _may_import(user, municipality):
        raise PermissionDenied(f"{user} may not import field records of {municipality.name}")
    mapping = mapping or default_mapping()
    sha256, size = file_sha256(path)
    existing = batch_find_existing(kind=KIND, sha256=sha256, scope=municipality.code)
    if existing is not None:
        return ImportOutcome(existing, created=False)
    rows = read_mediations(path, mapping, xlsform=xlsform)
    by_code, by_name = _zones(municipality, zone_level)
    problems = ProblemCollector(path)
    placed = []
    for row in rows:
        zone = by_code.get(row.zone_code) if row.zone_code else None
        if zone is None and row.zone_name:
            # Forms often answer with the comuna's number rather than its name.
            zone = by_name.get(normalize_name(row.zone_name)) or by_code.get(
                normalize_code(row.zone_name, 2) if row.zone_name.strip().isdigit() else ""
            )
        if zone is None:
            problems.add(
                f"no zone of {municipality.name} is called '{row.zone_code or row.zone_name}'",
                row=row.row,
                field="zone_code" if row.zone_code else "zone_name",
            )
            continue
        placed.append((row, zone))
    problems.raise_if_any()
    tz = timezone.get_current_timezone()
    with transaction.atomic():
        batch = batch_create(
            kind=KIND,
            path=path,
            sha256=sha256,
            size_bytes=size,
            user=user,
            scope=municipality.code,
            publisher=mapping.publisher,
            parameters={"mapping": mapping.path.name if mapping.path else ""},
        )
        known = set(
            Mediation.objects.filter(uuid__in=[r.uuid for r, _z in placed if r.uuid]).values_list(
                "uuid", flat=True
            )
        )
        records = []
        follow_ups = []
        for row, zone in placed:
            if row.uuid in known:
                continue
            values = dict(row.values)
            has_point = values.get("latitude") is not None
            mediation = Mediation(
                uuid=row.uuid or uuid.uuid4(),
                zone=zone,
                occurred_at=row.occurred_at.replace(tzinfo=tz),
                precision=Precision.APPROXIMATE if has_point else Precision.ZONE,
                batch=batch,
                source_row=row.row,
                **values,
            )
            records.append(mediation)
            if row.follow_up_due:
                follow_ups.append(
                    FollowUp(
                        mediation=mediation, due_on=row.follow_up_due, done_on=row.follow_up_done
                    )
                )
        Mediation.objects.bulk_create(records, batch_size=1000)
        FollowUp.objects.bulk_create(follow_ups, batch_size=1000)
        batch_finish(
            batch=batch,
            rows_read=len(rows),
            rows_stored=len(records),
            warnings=[f"{len(placed) - len(records)} records already stored were skipped"]
            if len(placed) > len(records)
            else [],
        )
    return ImportOutcome(batch, created=True)
