"""Who may do what with a strategy: the one place every strategy view, API and service asks.

Seeing a strategy needs ``strategy.view`` (every figure) or ``strategy.view_approved`` (approved
figures only: donors, auditors) over its territory or one of its target zones. Reporting results
needs ``strategy.report`` over the same. Editing the structure and indicators, reviewing and
approving also need a membership in the organisation that owns the strategy, covering its whole
territory: partners report, the owner decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from redpaz.accounts.access import Scope, capabilities, user_scope
from redpaz.accounts.roles import (
    STRATEGY_APPROVE,
    STRATEGY_EDIT,
    STRATEGY_REPORT,
    STRATEGY_REVIEW,
    STRATEGY_VIEW,
    STRATEGY_VIEW_APPROVED,
)

if TYPE_CHECKING:
    from redpaz.strategy.models import Strategy


@dataclass(frozen=True)
class StrategyAccess:
    view_all: bool = False  # every figure, approved or not
    view_approved: bool = False  # approved figures only
    edit: bool = False
    report: bool = False
    review: bool = False
    approve: bool = False

    @property
    def view(self) -> bool:
        return self.view_all or self.view_approved

    @property
    def approved_only(self) -> bool:
        return self.view_approved and not self.view_all


def _touches(scope: Scope, strategy: Strategy) -> bool:
    if scope.covers(strategy.territory):
        return True
    return any(scope.covers(zone) for zone in strategy.target_zones.all())


def strategy_access(user: Any, strategy: Strategy) -> StrategyAccess:
    caps = capabilities(user)
    if not caps & {STRATEGY_VIEW, STRATEGY_VIEW_APPROVED}:
        return StrategyAccess()

    def anywhere(capability: str) -> bool:
        return capability in caps and _touches(user_scope(user, capability), strategy)

    def as_owner(capability: str) -> bool:
        if capability not in caps:
            return False
        scope = user_scope(user, capability, organisation_id=strategy.organisation_id)
        return scope.covers(strategy.territory)

    view_all = anywhere(STRATEGY_VIEW)
    return StrategyAccess(
        view_all=view_all,
        view_approved=view_all or anywhere(STRATEGY_VIEW_APPROVED),
        edit=as_owner(STRATEGY_EDIT),
        report=anywhere(STRATEGY_REPORT),
        review=as_owner(STRATEGY_REVIEW),
        approve=as_owner(STRATEGY_APPROVE),
    )


def scope_filter(scope: Scope) -> Q:
    """Strategies whose territory or one of whose target zones the scope covers."""
    if scope.everywhere:
        return Q()
    if scope.is_empty:
        return Q(pk__in=[])
    return scope.territory_filter("territory__") | scope.territory_filter("target_zones__")


def can_create_in(user: Any, organisation_id: int, territory: Any) -> bool:
    """Whether the user may create a strategy of this organisation over this territory."""
    if STRATEGY_EDIT not in capabilities(user):
        return False
    return user_scope(user, STRATEGY_EDIT, organisation_id=organisation_id).covers(territory)
