"""Who may write and read field work: the one place every fieldwork view and API asks.

* **Record** (create or change a mediation, need or intervention): people with
  ``fieldwork.record`` whose scope covers the record's zone, and, for a change, its old zone too
  (a record cannot be moved out of someone else's territory).
* **See** a record: whoever wrote it, and people with ``fieldwork.supervise`` over its zone.
* **Supervise** (caseloads, follow-ups, maps, alerts): ``fieldwork.supervise`` over the zone.
  The coordinators of a zone are the people who supervise it through a membership (superusers,
  who see everything, are not alerted of every incident).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from redpaz.accounts.access import capabilities, has_capability, user_scope
from redpaz.accounts.roles import FIELDWORK_RECORD, FIELDWORK_SUPERVISE, ROLE_CAPABILITIES

if TYPE_CHECKING:
    from redpaz.territory.models import Territory


def can_record(user: Any, zone: Territory) -> bool:
    return zone.is_zone and has_capability(user, FIELDWORK_RECORD, zone)


def can_supervise(user: Any, zone: Territory | None = None) -> bool:
    return has_capability(user, FIELDWORK_SUPERVISE, zone)


def uses_fieldwork(user: Any) -> bool:
    return bool({FIELDWORK_RECORD, FIELDWORK_SUPERVISE} & capabilities(user))


def visible_filter(user: Any) -> Q:
    """A Q over field records (any of the three kinds) the user may see."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    condition = Q(recorded_by=user)
    if FIELDWORK_SUPERVISE in capabilities(user):
        scope = user_scope(user, FIELDWORK_SUPERVISE)
        if scope.everywhere:
            return Q(pk__isnull=False)
        if not scope.is_empty:
            condition |= scope.territory_filter("zone__")
    return condition


def supervised_filter(user: Any) -> Q:
    """A Q over field records in the zones the user supervises (nothing without the capability)."""
    if FIELDWORK_SUPERVISE not in capabilities(user):
        return Q(pk__in=[])
    scope = user_scope(user, FIELDWORK_SUPERVISE)
    if scope.everywhere:
        return Q(pk__isnull=False)
    return scope.territory_filter("zone__")


def can_see(user: Any, record: Any) -> bool:
    if record.recorded_by_id is not None and record.recorded_by_id == getattr(user, "pk", None):
        return True
    return can_supervise(user, record.zone)


def recordable_zones(user: Any) -> QuerySet[Territory]:
    """The zones of the current boundary drawings where the user may record field work."""
    from redpaz.territory.models import ZONE_LEVELS, Territory

    if FIELDWORK_RECORD not in capabilities(user):
        return Territory.objects.none()
    scope = user_scope(user, FIELDWORK_RECORD)
    return (
        Territory.objects.filter(level__in=ZONE_LEVELS, boundary_set__valid_to__isnull=True)
        .filter(scope.territory_filter())
        .order_by("municipality_code", "level", "code")
    )


def coordinators_of(zone: Territory) -> list[Any]:
    """People who supervise the zone through an active membership (alert recipients)."""
    from redpaz.accounts.models import Membership

    roles = [role for role, caps in ROLE_CAPABILITIES.items() if FIELDWORK_SUPERVISE in caps]
    memberships = (
        Membership.objects.filter(
            is_active=True,
            organisation__is_active=True,
            user__is_active=True,
            role__in=roles,
        )
        # Network-wide accounts (all territories) are not a zone's coordinators.
        .filter(
            Q(territories__municipality_code=zone.municipality_code)
            | Q(territories__level="department", territories__code=zone.department_code)
        )
        .select_related("user")
        .distinct()
    )
    found: dict[int, Any] = {}
    for membership in memberships:
        user = membership.user
        if user.pk not in found and user_scope(user, FIELDWORK_SUPERVISE).covers(zone):
            found[user.pk] = user
    return list(found.values())
