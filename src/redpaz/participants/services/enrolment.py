"""Writes for programmes: entry criteria, routes, enrolments, sessions and attendance."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from redpaz.participants.models import (
    Attendance,
    Enrolment,
    Person,
    ProgrammeProfile,
    Session,
    Stage,
    StageEntry,
)
from redpaz.participants.services.recompute import participants_changed
from redpaz.strategy.models import Activity, Programme
from redpaz.territory.models import Territory


def _user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


@transaction.atomic
def profile_set(
    *,
    programme: Programme,
    min_age: int | None = None,
    max_age: int | None = None,
    zones: Iterable[Territory] | None = None,
    staff: Iterable[Any] | None = None,
    stages: Iterable[str] | None = None,
) -> ProgrammeProfile:
    """Set a programme's entry criteria, staff and route (stages replace the old ones by name)."""
    if min_age is not None and max_age is not None and min_age > max_age:
        raise ValidationError({"max_age": _("The maximum age is below the minimum age.")})
    profile, _created = ProgrammeProfile.objects.get_or_create(programme=programme)
    profile.min_age, profile.max_age = min_age, max_age
    profile.save()
    if zones is not None:
        profile.zones.set(list(zones))
    if staff is not None:
        profile.staff.set(list(staff))
    if stages is not None:
        names = [n.strip() for n in stages if n.strip()]
        existing = {s.name: s for s in programme.route_stages.all()}
        for order, name in enumerate(names, start=1):
            stage = existing.pop(name, None) or Stage(programme=programme, name=name)
            stage.order = order
            stage.save()
        for stale in existing.values():
            stale.delete()
    return profile


def criteria_flags(person: Person, programme: Programme, on: date) -> list[str]:
    """Entry criteria the person does not meet on that day: "age", "zone"."""
    profile = ProgrammeProfile.objects.filter(programme=programme).first()
    flags: list[str] = []
    if profile is None:
        return flags
    age = person.age_on(on)
    if age is not None and (
        (profile.min_age is not None and age < profile.min_age)
        or (profile.max_age is not None and age > profile.max_age)
    ):
        flags.append("age")
    zone_ids = set(profile.zones.values_list("pk", flat=True))
    inside = person.zone is not None and (
        person.zone_id in zone_ids or person.zone.parent_id in zone_ids
    )
    if zone_ids and not inside:
        flags.append("zone")
    return flags


@transaction.atomic
def enrolment_create(
    *,
    person: Person,
    programme: Programme,
    enrolled_on: date,
    user: Any = None,
    batch: Any = None,
    stage: Stage | None = None,
) -> Enrolment:
    """Enrol a person; unmet entry criteria are allowed but flagged on the enrolment."""
    if person.merged_into_id is not None:
        raise ValidationError(_("This record was merged into another; enrol that one."))
    if Enrolment.objects.filter(
        person=person, programme=programme, exited_on__isnull=True
    ).exists():
        raise ValidationError(_("The person is already enrolled in this programme."))
    stage = stage or programme.route_stages.order_by("order").first()
    enrolment = Enrolment.objects.create(
        person=person,
        programme=programme,
        enrolled_on=enrolled_on,
        stage=stage,
        flags=criteria_flags(person, programme, enrolled_on),
        batch=batch,
        created_by=_user(user),
    )
    # The first stage starts with the enrolment; StageEntry rows record the later ones.
    participants_changed([programme.component.strategy_id])
    return enrolment


@transaction.atomic
def enrolment_advance(
    *, enrolment: Enrolment, stage: Stage, on: date, user: Any = None
) -> Enrolment:
    if stage.programme_id != enrolment.programme_id:
        raise ValidationError({"stage": _("That stage belongs to another programme.")})
    if enrolment.exited_on is not None:
        raise ValidationError(_("The person has left the programme."))
    enrolment.stage = stage
    enrolment.save(update_fields=["stage"])
    StageEntry.objects.create(
        enrolment=enrolment, stage=stage, entered_on=on, recorded_by=_user(user)
    )
    return enrolment


@transaction.atomic
def enrolment_exit(*, enrolment: Enrolment, on: date, reason: str, user: Any = None) -> Enrolment:
    if on < enrolment.enrolled_on:
        raise ValidationError({"exited_on": _("The exit is before the enrolment.")})
    if reason not in Enrolment.ExitReason.values:
        raise ValidationError({"exit_reason": _("Choose a reason.")})
    enrolment.exited_on = on
    enrolment.exit_reason = reason
    enrolment.save(update_fields=["exited_on", "exit_reason"])
    participants_changed([enrolment.programme.component.strategy_id])
    return enrolment


@transaction.atomic
def session_create(
    *,
    activity: Activity,
    on: date,
    hours: Decimal,
    topic: str = "",
    zone: Territory | None = None,
    user: Any = None,
) -> Session:
    session = Session(
        activity=activity, date=on, hours=hours, topic=topic, zone=zone, created_by=_user(user)
    )
    session.full_clean()
    session.save()
    return session


def session_roster(session: Session) -> Any:
    """Enrolments expected at a session: active in the activity's programme on its date."""
    from django.db.models import Q

    return (
        Enrolment.objects.filter(
            programme_id=session.activity.programme_id,
            enrolled_on__lte=session.date,
            person__merged_into__isnull=True,
        )
        .filter(Q(exited_on__isnull=True) | Q(exited_on__gte=session.date))
        .select_related("person")
    )


@transaction.atomic
def attendance_save(
    *, session: Session, present: Iterable[int], user: Any = None, roster: Any = None
) -> int:
    """Record who was present (enrolment ids) among the roster the user sees; others absent."""
    roster_ids = set(
        (roster if roster is not None else session_roster(session)).values_list("pk", flat=True)
    )
    wanted = {int(pk) for pk in present}
    unknown = wanted - roster_ids
    if unknown:
        raise ValidationError(_("Some people are not enrolled in this activity's programme."))
    current = set(
        session.attendance.filter(enrolment_id__in=roster_ids).values_list(
            "enrolment_id", flat=True
        )
    )
    session.attendance.filter(enrolment_id__in=current - wanted).delete()
    Attendance.objects.bulk_create(
        [
            Attendance(session=session, enrolment_id=pk, recorded_by=_user(user))
            for pk in sorted(wanted - current)
        ]
    )
    participants_changed([session.activity.programme.component.strategy_id])
    return len(wanted)
