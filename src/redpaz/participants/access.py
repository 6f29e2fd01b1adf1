"""Who may see which participants: the one place every participant page, API and export asks.

* ``participants.view`` (administrators): every participant living in, or enrolled in a
  strategy of, the territories of their scope.
* ``participants.view_programme`` (programme staff): the participants enrolled in the
  programmes they staff (``ProgrammeProfile.staff``), and only those enrolments.
* ``participants.view_zone`` (field workers): the participants living in their zones.
* ``participants.aggregates`` (analysts, committees, donors): counts only, never a person.

Merged-away and erased records never appear in lists; neither does a person whose authorisation
was withdrawn or has expired: only people with ``participants.requests`` open that record (the
record the law requires to keep), to answer the person's requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone

from redpaz.accounts.access import Scope, capabilities, user_scope
from redpaz.accounts.roles import (
    PARTICIPANTS_AGGREGATES,
    PARTICIPANTS_ATTENDANCE,
    PARTICIPANTS_MANAGE,
    PARTICIPANTS_MERGE,
    PARTICIPANTS_REQUESTS,
    PARTICIPANTS_VIEW,
    PARTICIPANTS_VIEW_PROGRAMME,
    PARTICIPANTS_VIEW_ZONE,
)

if TYPE_CHECKING:
    from redpaz.participants.models import Person, Session
    from redpaz.strategy.models import Programme

_NOTHING = Q(pk__in=[])
VIEW_CAPABILITIES = (PARTICIPANTS_VIEW, PARTICIPANTS_VIEW_PROGRAMME, PARTICIPANTS_VIEW_ZONE)


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def consent_valid_filter(today: date | None = None, prefix: str = "") -> Q:
    """People (or rows with a FK to one, via ``prefix``) holding a valid authorisation today."""
    from redpaz.participants.models import Consent

    today = today or timezone.localdate()
    valid = Consent.objects.filter(withdrawn_on__isnull=True).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )
    return Q(**{f"{prefix}pk__in": valid.values("person_id")})


def _in_scope(scope: Scope, prefix: str) -> Q:
    # Scope.territory_filter gives an empty Q for "everywhere", which vanishes when OR-ed.
    if scope.everywhere:
        return Q(pk__isnull=False)
    return scope.territory_filter(prefix)


def staffed_programme_ids(user: Any) -> list[int]:
    from redpaz.participants.models import ProgrammeProfile

    if not _active(user):
        return []
    return list(ProgrammeProfile.objects.filter(staff=user).values_list("programme_id", flat=True))


def person_filter(user: Any) -> Q:
    """A Q over Person rows the user may see (consent and merges aside: see ``listable``)."""
    if not _active(user):
        return _NOTHING
    caps = capabilities(user)
    condition = _NOTHING
    if PARTICIPANTS_VIEW in caps:
        scope = user_scope(user, PARTICIPANTS_VIEW)
        if scope.everywhere:
            return Q(pk__isnull=False)
        from redpaz.participants.models import Enrolment

        enrolled = Enrolment.objects.filter(
            scope.territory_filter("programme__component__strategy__territory__")
        ).values("person_id")
        condition |= scope.territory_filter("municipality__") | Q(pk__in=enrolled)
    if PARTICIPANTS_VIEW_PROGRAMME in caps:
        from redpaz.participants.models import Enrolment

        staffed = Enrolment.objects.filter(programme_id__in=staffed_programme_ids(user))
        condition |= Q(pk__in=staffed.values("person_id"))
    if PARTICIPANTS_VIEW_ZONE in caps:
        scope = user_scope(user, PARTICIPANTS_VIEW_ZONE)
        condition |= Q(zone__isnull=False) & _in_scope(scope, "zone__")
    return condition


def listable_filter(user: Any) -> Q:
    """People the user may see that may appear in lists and exports."""
    return (
        person_filter(user)
        & Q(merged_into__isnull=True, erased_at__isnull=True)
        & consent_valid_filter()
    )


def enrolment_filter(user: Any) -> Q:
    """A Q over Enrolment rows the user may see (staff see their programmes' only)."""
    if not _active(user):
        return _NOTHING
    caps = capabilities(user)
    if PARTICIPANTS_VIEW in caps or PARTICIPANTS_VIEW_ZONE in caps:
        condition = Q(person__in=_person_ids(user))
    else:
        condition = _NOTHING
    if PARTICIPANTS_VIEW_PROGRAMME in caps:
        condition |= Q(programme_id__in=staffed_programme_ids(user))
    return condition


def _person_ids(user: Any) -> Any:
    from redpaz.participants.models import Person

    return Person.objects.filter(person_filter(user)).values("pk")


@dataclass(frozen=True)
class PersonAccess:
    view: bool = False
    manage: bool = False  # edit, enrol, record consent
    requests: bool = False  # record and answer data-subject requests
    merge: bool = False


def person_access(user: Any, person: Person) -> PersonAccess:
    from redpaz.participants.models import Person as PersonModel

    if not _active(user):
        return PersonAccess()
    caps = capabilities(user)
    sees = PersonModel.objects.filter(person_filter(user), pk=person.pk).exists()
    if not sees:
        return PersonAccess()
    requests = PARTICIPANTS_REQUESTS in caps
    listable = (
        person.merged_into_id is None
        and person.erased_at is None
        and PersonModel.objects.filter(consent_valid_filter(), pk=person.pk).exists()
    )
    return PersonAccess(
        view=listable or requests,
        manage=listable and PARTICIPANTS_MANAGE in caps,
        requests=requests,
        merge=listable and PARTICIPANTS_MERGE in caps,
    )


def programme_filter(user: Any) -> Q:
    """A Q over strategy Programme rows whose participants the user works with: all those of
    the strategies in scope (``participants.view``), or those they staff."""
    if not _active(user):
        return _NOTHING
    caps = capabilities(user)
    condition = _NOTHING
    if PARTICIPANTS_VIEW in caps:
        scope = user_scope(user, PARTICIPANTS_VIEW)
        condition |= _in_scope(scope, "component__strategy__territory__")
    if PARTICIPANTS_VIEW_PROGRAMME in caps:
        condition |= Q(pk__in=staffed_programme_ids(user))
    return condition


def can_manage_programme(user: Any, programme: Programme) -> bool:
    from redpaz.strategy.models import Programme as ProgrammeModel

    if PARTICIPANTS_MANAGE not in capabilities(user):
        return False
    return ProgrammeModel.objects.filter(programme_filter(user), pk=programme.pk).exists()


def session_filter(user: Any) -> Q:
    """Sessions whose attendance the user may take: those of programmes they work with, and
    (field workers) those held in their zones."""
    if not _active(user) or PARTICIPANTS_ATTENDANCE not in capabilities(user):
        return _NOTHING
    from redpaz.strategy.models import Programme

    programmes = Programme.objects.filter(programme_filter(user)).values("pk")
    condition = Q(activity__programme__in=programmes)
    if PARTICIPANTS_VIEW_ZONE in capabilities(user):
        scope = user_scope(user, PARTICIPANTS_VIEW_ZONE)
        condition |= Q(zone__isnull=False) & _in_scope(scope, "zone__")
    return condition


def can_take_attendance(user: Any, session: Session) -> bool:
    from redpaz.participants.models import Session as SessionModel

    return SessionModel.objects.filter(session_filter(user), pk=session.pk).exists()


def sees_aggregates(user: Any) -> bool:
    caps = capabilities(user)
    return PARTICIPANTS_AGGREGATES in caps or any(c in caps for c in VIEW_CAPABILITIES)


def can_merge(user: Any) -> bool:
    return PARTICIPANTS_MERGE in capabilities(user)
