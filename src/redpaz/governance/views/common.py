"""What every governance page shares: loading with the user's access, refusing, and who can be
chosen as a member or an owner."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from redpaz.accounts.models import User
from redpaz.governance import selectors
from redpaz.governance.access import CommitteeAccess
from redpaz.governance.models import Committee, Session

# Shared with the strategy pages: a service's ValidationError on a form, and a safe "next" URL.
from redpaz.strategy.views.common import form_errors, safe_next

__all__ = ["form_errors", "load_committee", "load_session", "people_for", "require", "safe_next"]


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def load_committee(request: Any, pk: int) -> tuple[Committee, CommitteeAccess]:
    return selectors.committee_get(user=request.user, pk=pk)


def load_session(request: Any, pk: int) -> tuple[Session, CommitteeAccess]:
    return selectors.session_get(user=request.user, pk=pk)


def people_for(committee: Committee) -> QuerySet[User]:
    """Accounts that can sit on the committee or own a commitment: active people with a
    membership covering the committee's municipality (or everywhere), and current members."""
    municipality = committee.municipality
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(
                memberships__is_active=True,
                memberships__territories__municipality_code=municipality.code,
            )
            | Q(memberships__is_active=True, memberships__all_territories=True)
            | Q(committee_seats__committee=committee)
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
