"""Sessions: the calendar from the meeting rule, extraordinary sessions, attendance, minutes,
decisions and attached files."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from redpaz.governance import recurrence
from redpaz.governance.models import (
    Attachment,
    Attendance,
    Committee,
    CommitteeMember,
    Decision,
    Session,
)
from redpaz.governance.services.agenda import standard_agenda
from redpaz.governance.services.common import recompute_indicators, save, stored_language

# Generating more than this at once is almost surely a typing mistake (a weekly rule over a
# century); a person can still generate year after year.
MAX_GENERATION_DAYS = 3 * 366
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
# Extension → the bytes such a file starts with (None: plain text, checked as UTF-8 instead).
ATTACHMENT_TYPES: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF-",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "odp": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "xls": (b"\xd0\xcf\x11\xe0",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "csv": None,
    "txt": None,
}


KEEP: Any = object()  # "leave as it is" for optional arguments that may be set to None


def _aware(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _officers_on(
    officers: list[CommitteeMember], day: date
) -> tuple[CommitteeMember | None, CommitteeMember | None]:
    """The chair and the secretary whose seats cover the day."""
    found: dict[str, CommitteeMember | None] = {"chair": None, "secretary": None}
    for member in officers:
        if member.role in found and member.active_on(day):
            found[member.role] = member
    return found["chair"], found["secretary"]


def _officers(committee: Committee, day: date) -> tuple[CommitteeMember | None, ...]:
    return _officers_on(
        list(committee.members.filter(role__in=["chair", "secretary"], alternate_of=None)), day
    )


@dataclass
class Generated:
    created: list[Session] = field(default_factory=list)
    kept: int = 0  # rule dates that already had their session
    replaced: int = 0  # planned sessions of an older rule removed


@stored_language
@transaction.atomic
def sessions_generate(
    *,
    committee: Committee,
    start: date,
    end: date,
    user: Any = None,
    replace_planned: bool = False,
) -> Generated:
    """Create the ordinary sessions the meeting rule gives from ``start`` to ``end``, holidays
    moved to the next working day. Dates that already have their session are kept, so running
    it twice adds nothing. With ``replace_planned``, planned sessions from ``start`` on that came
    from the rule and hold nothing yet (after the rule changed) are removed first."""
    if not committee.meets_on_a_calendar:
        raise ValidationError(
            _("This committee has no meeting rule: call its sessions one by one.")
        )
    if end < start:
        raise ValidationError({"end": _("The end is before the start.")})
    if (end - start).days > MAX_GENERATION_DAYS:
        raise ValidationError({"end": _("Generate at most three years at a time.")})
    outcome = Generated()
    if replace_planned:
        outcome.replaced = _remove_empty_planned(committee, start)
    occurrences = recurrence.occurrences(
        committee.rule,
        start,
        end,
        holidays=recurrence.colombian_holidays(
            range(start.year, end.year + 2), settings.LANGUAGE_CODE
        ),
        weekend_label=_("weekend"),
    )
    taken = set(
        committee.sessions.filter(planned_on__isnull=False).values_list("planned_on", flat=True)
    )
    officers = list(
        committee.members.filter(
            role__in=[CommitteeMember.Role.CHAIR, CommitteeMember.Role.SECRETARY],
            alternate_of__isnull=True,
        )
    )
    duration = timedelta(minutes=committee.duration_minutes)
    new = []
    for occurrence in occurrences:
        if occurrence.rule_date in taken:
            outcome.kept += 1
            continue
        chair, secretary = _officers_on(officers, occurrence.date)
        starts_at = _aware(occurrence.date, committee.start_time)
        new.append(
            Session(
                committee=committee,
                kind=Session.Kind.ORDINARY,
                starts_at=starts_at,
                ends_at=starts_at + duration,
                planned_on=occurrence.rule_date,
                moved_reason=occurrence.reason[:120],
                place=committee.place,
                presided_by=chair,
                secretary=secretary,
                created_by=user,
            )
        )
    outcome.created = Session.objects.bulk_create(new)
    standard_agenda(*outcome.created)
    recompute_indicators(committee.strategy_id)
    return outcome


def _remove_empty_planned(committee: Committee, start: date) -> int:
    empty = (
        committee.sessions.filter(
            status=Session.Status.PLANNED,
            planned_on__isnull=False,
            starts_at__date__gte=start,
            minutes="",
        )
        .filter(attendance__isnull=True, decisions__isnull=True, commitments__isnull=True)
        .filter(attachments__isnull=True)
        .exclude(agenda__kind="manual")
    )
    count = 0
    for session in empty.distinct():
        session.delete()
        count += 1
    return count


@stored_language
@transaction.atomic
def session_create(
    *,
    committee: Committee,
    day: date,
    user: Any = None,
    kind: str = Session.Kind.EXTRAORDINARY,
    start_time: time | None = None,
    end_time: time | None = None,
    place: str = "",
) -> Session:
    """Call a session outside the rule (extraordinary, or an ordinary one of a committee that
    meets when called)."""
    starts_at = _aware(day, start_time or committee.start_time)
    ends_at = (
        _aware(day, end_time)
        if end_time
        else starts_at + timedelta(minutes=committee.duration_minutes)
    )
    if ends_at <= starts_at:
        raise ValidationError({"end_time": _("The session must end after it starts.")})
    chair, secretary = _officers(committee, day)
    session = Session(
        committee=committee,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place or committee.place,
        presided_by=chair,
        secretary=secretary,
        created_by=user,
    )
    save(session)
    standard_agenda(session)
    recompute_indicators(committee.strategy_id)
    return session


@transaction.atomic
def session_update(
    *,
    session: Session,
    day: date | None = None,
    start_time: time | None = None,
    end_time: time | None = None,
    place: str | None = None,
    minutes: str | None = None,
    presided_by: Any = KEEP,
    secretary: Any = KEEP,
) -> Session:
    """Move a session, change its place, write its minutes or who presided and took them
    (``presided_by``/``secretary``: a member, None to clear, left out to keep)."""
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("The session was cancelled."))
    local_start = timezone.localtime(session.starts_at)
    local_end = timezone.localtime(session.ends_at)
    old_day = local_start.date()
    day = day or old_day
    session.starts_at = _aware(day, start_time or local_start.time())
    session.ends_at = _aware(day, end_time or local_end.time())
    if session.ends_at <= session.starts_at:
        raise ValidationError({"end_time": _("The session must end after it starts.")})
    if session.is_held and day > timezone.localdate():
        raise ValidationError({"day": _("A session held cannot be dated in the future.")})
    if place is not None:
        session.place = place
    if minutes is not None:
        session.minutes = minutes
    for name, value in (("presided_by", presided_by), ("secretary", secretary)):
        if value is KEEP:
            continue
        if value is not None and value.committee_id != session.committee_id:
            raise ValidationError({name: _("Choose a member of the committee.")})
        setattr(session, name, value)
    save(session)
    if day != old_day:  # the period it counts in may have changed; minutes change no figure
        recompute_indicators(session.committee.strategy_id)
    return session


@transaction.atomic
def session_cancel(*, session: Session, reason: str) -> Session:
    if session.is_held:
        raise ValidationError(_("A session that was held cannot be cancelled."))
    if not reason.strip():
        raise ValidationError({"cancel_reason": _("Say why the session is cancelled.")})
    session.status = Session.Status.CANCELLED
    session.cancel_reason = reason.strip()
    session.save(update_fields=["status", "cancel_reason", "updated_at"])
    recompute_indicators(session.committee.strategy_id)
    return session


@transaction.atomic
def session_reopen(*, session: Session) -> Session:
    """Back to planned: a cancelled session that will take place after all, or a session
    recorded as held by mistake (its minutes number is kept)."""
    session.status = Session.Status.PLANNED
    session.cancel_reason = ""
    session.save(update_fields=["status", "cancel_reason", "updated_at"])
    recompute_indicators(session.committee.strategy_id)
    return session


@transaction.atomic
def session_record_held(*, session: Session, today: date | None = None) -> Session:
    """Record that the session took place and give its minutes a number (per committee and
    year, in the order minutes are recorded)."""
    today = today or timezone.localdate()
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("The session was cancelled; reopen it first."))
    if session.date > today:
        raise ValidationError(_("The session has not taken place yet."))
    if not session.attendance.filter(status=Attendance.Status.PRESENT).exists():
        raise ValidationError(_("Record who attended first."))
    # Lock the committee so that two sessions recorded at once do not get the same number.
    Committee.objects.select_for_update().filter(pk=session.committee_id).first()
    if session.acta_number is None:
        year = session.date.year
        last = session.committee.sessions.filter(acta_year=year).aggregate(n=Max("acta_number"))
        session.acta_year, session.acta_number = year, (last["n"] or 0) + 1
    session.status = Session.Status.HELD
    session.save(update_fields=["status", "acta_year", "acta_number", "updated_at"])
    recompute_indicators(session.committee.strategy_id)
    return session


@dataclass(frozen=True)
class Guest:
    name: str
    organisation: str = ""
    position: str = ""


@transaction.atomic
def attendance_record(
    *,
    session: Session,
    marks: Mapping[int, str],
    guests: Iterable[Guest] | None = None,
) -> list[Attendance]:
    """Record each member's attendance (``marks``: member id → present, excused or absent;
    members left out are not recorded) and, when given, replace the list of guests. Names,
    organisations and positions are kept as they are on the day."""
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("The session was cancelled."))
    members = {m.pk: m for m in session.committee.members.select_related("organisation")}
    allowed = set(Attendance.Status.values)
    existing = {a.member_id: a for a in session.attendance.filter(member__isnull=False)}
    new: list[Attendance] = []
    changed: list[Attendance] = []
    for member_id, status in marks.items():
        member = members.get(member_id)
        if member is None:
            raise ValidationError(_("Someone in the list is not a member of this committee."))
        if status not in allowed:
            raise ValidationError(_("“%(status)s” is not an attendance mark.") % {"status": status})
        row = existing.get(member_id) or Attendance(session=session, member=member)
        row.status, row.name = status, member.name
        row.organisation_name, row.position = member.represents, member.position
        (changed if row.pk else new).append(row)
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(changed, ["status", "name", "organisation_name", "position"])
    rows = [*new, *changed]
    if guests is not None:
        session.attendance.filter(member__isnull=True).delete()
        for guest in guests:
            if not guest.name.strip():
                continue
            rows.append(
                Attendance.objects.create(
                    session=session,
                    name=guest.name.strip(),
                    organisation_name=guest.organisation.strip(),
                    position=guest.position.strip(),
                )
            )
    if session.is_held:  # attendance counts for the figures once the session was held
        recompute_indicators(session.committee.strategy_id)
    return rows


def decision_add(*, session: Session, text: str, agenda_item: Any = None) -> Decision:
    if not text.strip():
        raise ValidationError({"text": _("Write the decision.")})
    if agenda_item is not None and agenda_item.session_id != session.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this session's agenda.")})
    order = (session.decisions.aggregate(n=Max("order"))["n"] or 0) + 10
    decision = Decision(session=session, text=text.strip(), agenda_item=agenda_item, order=order)
    save(decision)
    return decision


def decision_delete(*, decision: Decision) -> None:
    decision.delete()


def check_attachment(file: File[Any]) -> str:
    """Refuse files of other types, larger than 20 MB, or whose content is not what their name
    says; return the extension."""
    name = file.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(
            {
                "file": _("Files of type .%(ext)s cannot be attached. Accepted: %(types)s.")
                % {"ext": extension, "types": ", ".join(sorted(ATTACHMENT_TYPES))}
            }
        )
    if file.size is not None and file.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB.")})
    if not file.size:
        raise ValidationError({"file": _("The file is empty.")})
    file.seek(0)
    head = file.read(2048)
    file.seek(0)
    signatures = ATTACHMENT_TYPES[extension]
    if isinstance(head, str):
        head = head.encode()
    if signatures is None:
        if b"\x00" in head:
            raise ValidationError({"file": _("The file is not text, as its name says.")})
    elif not head.startswith(signatures):
        raise ValidationError(
            {"file": _("The file's content is not a .%(ext)s file.") % {"ext": extension}}
        )
    return extension


@transaction.atomic
def attachment_add(
    *, session: Session, file: File[Any], user: Any = None, description: str = ""
) -> Attachment:
    check_attachment(file)
    name = (file.name or "file").rsplit("/", 1)[-1][:200]
    attachment = Attachment(
        session=session,
        file=file,
        name=name,
        size=file.size or 0,
        description=description,
        uploaded_by=user,
    )
    save(attachment, exclude=["file"])
    return attachment


def attachment_delete(*, attachment: Attachment) -> None:
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
