"""What every participant page shares."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from redpaz.accounts.access import capabilities
from redpaz.accounts.roles import PARTICIPANTS_MANAGE
from redpaz.participants import selectors
from redpaz.strategy.models import Programme
from redpaz.strategy.views.common import form_errors, safe_next
from redpaz.territory.models import Level, Territory

__all__ = ["form_errors", "manageable_programmes", "require", "safe_next", "zones_for"]


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def manageable_programmes(user: Any) -> QuerySet[Programme]:
    if PARTICIPANTS_MANAGE not in capabilities(user):
        return Programme.objects.none()
    return selectors.programmes_for(user=user)


def zones_for(user: Any) -> QuerySet[Territory]:
    """Current zones of the municipalities of the programmes the user works with."""
    codes = set(
        selectors.programmes_for(user=user).values_list(
            "component__strategy__territory__code", flat=True
        )
    )
    return (
        Territory.objects.filter(
            boundary_set__municipality__code__in=codes, boundary_set__valid_to__isnull=True
        )
        .exclude(level=Level.MUNICIPALITY)
        .order_by("level", "code")
    )
