"""Reads of organisations and memberships, limited to what the user administers."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from redpaz.accounts.access import manages_organisation, user_scope
from redpaz.accounts.models import Membership, Organisation
from redpaz.accounts.roles import ACCOUNTS_MANAGE, ROLE_CAPABILITIES
from redpaz.territory.models import Level, Territory


def organisations_managed(user: Any) -> QuerySet[Organisation]:
    """Organisations whose members the user administers."""
    qs = Organisation.objects.all()
    if not user.is_superuser:
        roles = [role for role, caps in ROLE_CAPABILITIES.items() if ACCOUNTS_MANAGE in caps]
        qs = qs.filter(
            memberships__user=user,
            memberships__is_active=True,
            memberships__role__in=roles,
        )
    return (
        qs.distinct()
        .annotate(active_members=Count("memberships", filter=Q(memberships__is_active=True)))
        .order_by("name")
    )


def organisation_get_managed(*, user: Any, pk: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk).select_related("municipality").first()
    if organisation is None or not manages_organisation(user, organisation):
        raise Http404("No such organisation")
    return organisation


def memberships_of(organisation: Organisation) -> QuerySet[Membership]:
    return (
        organisation.memberships.select_related("user")
        .prefetch_related("territories")
        .order_by("-is_active", "user__last_name", "user__username", "role")
    )


def membership_get_managed(*, user: Any, pk: int) -> Membership:
    membership = Membership.objects.filter(pk=pk).select_related("organisation", "user").first()
    if membership is None or not manages_organisation(user, membership.organisation):
        raise Http404("No such membership")
    return membership


def grantable_territories(*, user: Any, organisation: Organisation) -> QuerySet[Territory]:
    """Territories a manager may put in a member's responsibility: those in their own scope.

    Municipalities first, then the current zones of the organisation's home municipality.
    """
    scope = user_scope(user, ACCOUNTS_MANAGE)
    municipalities = Territory.objects.filter(level=Level.MUNICIPALITY, boundary_set=None)
    if not scope.everywhere:
        municipalities = municipalities.filter(code__in=scope.municipality_codes)
    zones = Territory.objects.none()
    home = organisation.municipality.code if organisation.municipality else None
    if home:
        zones = Territory.objects.filter(
            boundary_set__municipality__code=home, boundary_set__valid_to__isnull=True
        ).filter(scope.territory_filter())
    elif scope.zone_ids:
        zones = Territory.objects.filter(pk__in=scope.zone_ids)
    return (municipalities | zones).order_by("level", "name")
