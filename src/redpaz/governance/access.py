"""Who may see and run a committee: the one place every governance view, API and feed asks.

* **See** a committee: its own members (principals and alternates with an account, while their
  seat lasts), people with ``governance.view`` over its municipality or one of its zones, and,
  for a public committee, people with ``governance.view_public`` there. Seeing a committee
  means seeing its sessions, minutes, commitments and files.
* **Run** it (members, sessions, agenda, attendance, minutes, commitments): its chair and
  technical secretary, and people with ``governance.manage`` through a membership in the
  convening organisation that covers its municipality.
* **Follow up** a commitment (status, evidence): those who run the committee and the
  commitment's owner.

Private committees never appear in a public feed, whoever asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone

from redpaz.accounts.access import Scope, capabilities, user_scope
from redpaz.accounts.roles import GOVERNANCE_MANAGE, GOVERNANCE_VIEW, GOVERNANCE_VIEW_PUBLIC

if TYPE_CHECKING:
    from redpaz.governance.models import Commitment, Committee


@dataclass(frozen=True)
class CommitteeAccess:
    view: bool = False
    manage: bool = False
    member: bool = False  # sits on it (or stands in for someone who does)


def _covers(scope: Scope, committee: Committee) -> bool:
    if scope.covers(committee.municipality):
        return True
    return any(scope.covers(zone) for zone in committee.zones.all())


def seat_filter(user: Any, prefix: str = "") -> Q:
    """Committee members (rows) that are the user's current seats."""
    today = timezone.localdate()
    return (
        Q(**{f"{prefix}user": user})
        & (Q(**{f"{prefix}start__isnull": True}) | Q(**{f"{prefix}start__lte": today}))
        & (Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": today}))
    )


def _seats(user: Any, committee: Committee) -> list[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return list(committee.members.filter(seat_filter(user)).values_list("role", flat=True))


def committee_access(user: Any, committee: Committee) -> CommitteeAccess:
    from redpaz.governance.models import CommitteeMember

    caps = capabilities(user)
    roles = _seats(user, committee)
    runs_it = bool({CommitteeMember.Role.CHAIR, CommitteeMember.Role.SECRETARY} & set(roles))
    manage = runs_it or (
        GOVERNANCE_MANAGE in caps
        and user_scope(user, GOVERNANCE_MANAGE, organisation_id=committee.organisation_id).covers(
            committee.municipality
        )
    )
    view = (
        manage
        or bool(roles)
        or (GOVERNANCE_VIEW in caps and _covers(user_scope(user, GOVERNANCE_VIEW), committee))
        or (
            committee.is_public
            and GOVERNANCE_VIEW_PUBLIC in caps
            and _covers(user_scope(user, GOVERNANCE_VIEW_PUBLIC), committee)
        )
    )
    return CommitteeAccess(view=view, manage=manage, member=bool(roles))


def scope_filter(scope: Scope, prefix: str = "") -> Q:
    """Committees whose municipality or one of whose zones the scope covers."""
    if scope.everywhere:
        return Q(**{f"{prefix}pk__isnull": False})
    if scope.is_empty:
        return Q(pk__in=[])
    return scope.territory_filter(f"{prefix}municipality__") | scope.territory_filter(
        f"{prefix}zones__"
    )


def visible_filter(user: Any) -> Q:
    """A Q over Committee rows the user may see (see the module's rules)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    caps = capabilities(user)
    condition = Q(pk__in=[])
    from redpaz.governance.models import CommitteeMember

    seats = CommitteeMember.objects.filter(seat_filter(user)).values("committee_id")
    condition |= Q(pk__in=seats)
    if GOVERNANCE_VIEW in caps:
        condition |= scope_filter(user_scope(user, GOVERNANCE_VIEW))
    if GOVERNANCE_VIEW_PUBLIC in caps:
        condition |= Q(is_public=True) & scope_filter(user_scope(user, GOVERNANCE_VIEW_PUBLIC))
    return condition


def can_create_in(user: Any, organisation_id: int, municipality: Any) -> bool:
    """Whether the user may create a committee convened by this organisation there."""
    if GOVERNANCE_MANAGE not in capabilities(user):
        return False
    return user_scope(user, GOVERNANCE_MANAGE, organisation_id=organisation_id).covers(municipality)


def can_follow_up(user: Any, commitment: Commitment, access: CommitteeAccess) -> bool:
    """Whether the user may change a commitment's status and evidence."""
    if access.manage:
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and commitment.owner_user_id == user.pk
    )


def can_manage_bodies(user: Any, municipality: Any) -> bool:
    """Whether the user may register and assess the participation bodies of a municipality."""
    return GOVERNANCE_MANAGE in capabilities(user) and user_scope(user, GOVERNANCE_MANAGE).covers(
        municipality
    )


def can_see_bodies(user: Any, municipality: Any) -> bool:
    caps = capabilities(user)
    return any(
        capability in caps and user_scope(user, capability).covers(municipality)
        for capability in (GOVERNANCE_VIEW, GOVERNANCE_VIEW_PUBLIC, GOVERNANCE_MANAGE)
    )
