"""Writes for field work: saving records sent by a device, alerts, photos.

A device sends a whole record with the UUID it generated and the version it started from
(``base_version``: None for a record created on the device). Saving is idempotent and detects
lost updates:

* unknown UUID → the record is created (version 1);
* known UUID, same content as stored → nothing changes (a retry, or the same record synced
  twice);
* known UUID, ``base_version`` equal to the stored version → the change is applied and the
  version grows by one;
* anything else → :class:`Conflict`, carrying the stored record, and nothing changes: the
  person decides which version to keep and sends it again based on the stored version.
"""

from __future__ import annotations

import io
import uuid as uuid_lib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from redpaz.fieldwork.models import CommunityNeed, FollowUp, Intervention, Mediation

# Longest side of a stored photo, and the largest upload accepted before decoding it.
PHOTO_MAX_SIDE = 1600
PHOTO_MAX_UPLOAD_BYTES = 15 * 1024 * 1024
PHOTO_JPEG_QUALITY = 82


class Conflict(Exception):
    """The record changed on the server since the version the device started from."""

    def __init__(self, record: Model):
        self.record = record
        super().__init__(f"record {record.uuid} is at version {record.version}")  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Saved:
    record: Any
    status: str  # "created", "updated" or "unchanged"


def _same(record: Model, fields: Mapping[str, Any]) -> bool:
    for name, value in fields.items():
        current = getattr(record, name)
        if isinstance(current, Model) or name.endswith("_id"):
            current = getattr(current, "pk", current)
            value = getattr(value, "pk", value)
        if current != value:
            return False
    return True


def _save(
    model: type[Model],
    *,
    uuid: uuid_lib.UUID,
    base_version: int | None,
    fields: Mapping[str, Any],
    user: Any,
    same_extra: bool = True,
) -> Saved:
    record = model.objects.select_for_update().filter(uuid=uuid).first()  # type: ignore[attr-defined]
    if record is None:
        record = model(uuid=uuid, recorded_by=user, **fields)
        record.full_clean(exclude=["photo_before", "photo_after"])
        record.save()
        return Saved(record, "created")
    if same_extra and _same(record, fields):
        return Saved(record, "unchanged")
    if base_version != record.version:
        raise Conflict(record)
    for name, value in fields.items():
        setattr(record, name, value)
    record.version += 1
    record.full_clean(exclude=["photo_before", "photo_after"])
    record.save()
    return Saved(record, "updated")


def _follow_ups_state(mediation: Mediation) -> list[tuple[date, date | None, str]]:
    return [(f.due_on, f.done_on, f.note) for f in mediation.follow_ups.all()]


@transaction.atomic
def mediation_save(
    *,
    uuid: uuid_lib.UUID,
    base_version: int | None,
    fields: Mapping[str, Any],
    follow_ups: Sequence[Mapping[str, Any]] = (),
    user: Any = None,
    alert: bool = True,
) -> Saved:
    """Create or change a mediation sent by a device (see the module's rules); alert the zone's
    coordinators the first time it carries a high or imminent risk of escalation."""
    wanted = sorted((f["due_on"], f.get("done_on"), f.get("note", "") or "") for f in follow_ups)
    existing = Mediation.objects.filter(uuid=uuid).first()
    same_follow_ups = existing is not None and sorted(_follow_ups_state(existing)) == wanted
    saved = _save(
        Mediation,
        uuid=uuid,
        base_version=base_version,
        fields=fields,
        user=user,
        same_extra=existing is None or same_follow_ups,
    )
    mediation = saved.record
    if saved.status == "created" or (saved.status == "updated" and not same_follow_ups):
        mediation.follow_ups.all().delete()
        FollowUp.objects.bulk_create(
            FollowUp(mediation=mediation, due_on=due, done_on=done, note=note)
            for due, done, note in wanted
        )
    if alert and mediation.is_high_risk and mediation.alerted_at is None:
        mediation_alert(mediation=mediation)
    return saved


@transaction.atomic
def need_save(
    *,
    uuid: uuid_lib.UUID,
    base_version: int | None,
    fields: Mapping[str, Any],
    user: Any = None,
) -> Saved:
    return _save(CommunityNeed, uuid=uuid, base_version=base_version, fields=fields, user=user)


@transaction.atomic
def intervention_save(
    *,
    uuid: uuid_lib.UUID,
    base_version: int | None,
    fields: Mapping[str, Any],
    user: Any = None,
) -> Saved:
    return _save(Intervention, uuid=uuid, base_version=base_version, fields=fields, user=user)


def mediation_alert(*, mediation: Mediation) -> int:
    """Tell the zone's coordinators (in the app and by e-mail) of a high-risk mediation, once.
    Return how many people were told. It reaches the committee agenda through the provider in
    ``redpaz.fieldwork.agenda``."""
    from redpaz.fieldwork.access import coordinators_of
    from redpaz.notifications.services import notify

    zone = mediation.zone
    if mediation.risk == Mediation.Risk.IMMINENT:
        title = _("Imminent risk of escalation in %(zone)s") % {"zone": zone.name}
    else:
        title = _("High risk of escalation in %(zone)s") % {"zone": zone.name}
    flags = [
        label
        for flag, label in (
            (mediation.groups_involved, _("groups involved")),
            (mediation.weapons_involved, _("weapons")),
            (mediation.retaliation, _("retaliation")),
        )
        if flag
    ]
    body = _(
        "%(type)s conflict on %(date)s, %(parties)s people involved%(flags)s. Outcome: "
        "%(outcome)s. Recorded by %(author)s."
    ) % {
        "type": mediation.get_conflict_type_display(),
        "date": date_format(timezone.localtime(mediation.occurred_at), "DATETIME_FORMAT"),
        "parties": mediation.parties_count,
        "flags": f" ({', '.join(flags)})" if flags else "",
        "outcome": mediation.get_outcome_display(),
        "author": (
            mediation.recorded_by.get_full_name() or mediation.recorded_by.username
            if mediation.recorded_by
            else _("an import")
        ),
    }
    sent = notify(
        users=coordinators_of(zone),
        kind="fieldwork_alert",
        title=title,
        body=body,
        url=mediation.get_absolute_url(),
        key=f"fieldwork.alert:{mediation.uuid}",
    )
    mediation.alerted_at = timezone.now()
    mediation.save(update_fields=["alerted_at"])
    return len(sent)


def photo_normalise(data: bytes) -> bytes:
    """Re-encode an uploaded photo as a JPEG no larger than PHOTO_MAX_SIDE on its longest side,
    upright (EXIF orientation applied) and without its metadata (GPS, device); raise
    ValidationError when it is not an image or too big to decode safely."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(data) > PHOTO_MAX_UPLOAD_BYTES:
        raise ValidationError(_("The photo is too large (more than 15 MB)."))
    try:
        with Image.open(io.BytesIO(data)) as opened:
            image = ImageOps.exif_transpose(opened)
            image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=PHOTO_JPEG_QUALITY, optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The file is not an image RedPaz can read.")) from exc
    return out.getvalue()


@transaction.atomic
def intervention_photo_set(*, intervention: Intervention, slot: str, data: bytes) -> Intervention:
    """Store the before or after photo of an intervention (normalised; replaces the old one)."""
    if slot not in ("before", "after"):
        raise ValidationError(_("A photo is either “before” or “after”."))
    content = photo_normalise(data)
    field = getattr(intervention, f"photo_{slot}")
    if field:
        field.delete(save=False)
    field.save(f"{intervention.uuid}-{slot}.jpg", ContentFile(content), save=False)
    intervention.save(update_fields=[f"photo_{slot}", "updated_at"])
    return intervention
