"""Reads of strategies, indicators and results, each through the user's access."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from redpaz.accounts.access import capabilities, user_scope
from redpaz.accounts.roles import STRATEGY_VIEW, STRATEGY_VIEW_APPROVED
from redpaz.strategy.access import StrategyAccess, scope_filter, strategy_access
from redpaz.strategy.models import Indicator, Result, Strategy
from redpaz.strategy.periods import Period


def strategies_visible(user: Any) -> QuerySet[Strategy]:
    """Strategies the user may open (with every figure or approved figures only)."""
    caps = capabilities(user)
    condition = Q(pk__in=[])
    for capability in (STRATEGY_VIEW, STRATEGY_VIEW_APPROVED):
        if capability in caps:
            scope = user_scope(user, capability)
            if scope.everywhere:
                # An empty Q() vanishes when OR-ed: "everything" must be said explicitly.
                return Strategy.objects.select_related("organisation", "territory")
            condition |= scope_filter(scope)
    pks = Strategy.objects.filter(condition).values("pk")
    return Strategy.objects.filter(pk__in=pks).select_related("organisation", "territory")


def strategy_get(*, user: Any, pk: int) -> tuple[Strategy, StrategyAccess]:
    """The strategy and what the user may do with it; 404 when they may not see it."""
    strategy = Strategy.objects.select_related("organisation", "territory").filter(pk=pk).first()
    if strategy is None:
        raise Http404("No such strategy")
    access = strategy_access(user, strategy)
    if not access.view:
        raise Http404("No such strategy")
    return strategy, access


def indicator_get(*, strategy: Strategy, pk: int) -> Indicator:
    indicator = (
        Indicator.objects.select_related("component", "programme", "responsible", "strategy")
        .filter(strategy=strategy, pk=pk)
        .first()
    )
    if indicator is None:
        raise Http404("No such indicator")
    return indicator


def results_visible(access: StrategyAccess, qs: QuerySet[Result]) -> QuerySet[Result]:
    """Approved results only for those who see approved figures only."""
    if access.approved_only:
        return qs.filter(status=Result.Status.APPROVED)
    return qs


def result_get(*, indicator: Indicator, period: str, access: StrategyAccess) -> Result | None:
    """The indicator's result for a period if there is one the user may see."""
    try:
        key = Period.parse(period).key
    except ValueError:
        raise Http404("No such period") from None
    return (
        results_visible(access, Result.objects.filter(indicator=indicator, period=key))
        .select_related("submitted_by", "reviewed_by", "approved_by")
        .first()
    )


def pending_results(strategy: Strategy) -> QuerySet[Result]:
    """Results waiting for someone: submitted (to review) or reviewed (to approve)."""
    return (
        Result.objects.filter(
            indicator__strategy=strategy,
            status__in=[Result.Status.SUBMITTED, Result.Status.REVIEWED],
            value__isnull=False,
        )
        .select_related("indicator", "submitted_by")
        .order_by("indicator__order", "indicator__code", "period")
    )


def revised_results(strategy: Strategy) -> QuerySet[Result]:
    """Approved computed figures whose data has changed since."""
    return Result.objects.filter(
        indicator__strategy=strategy, status=Result.Status.APPROVED, revised_at__isnull=False
    ).select_related("indicator")


def latest_results(strategy: Strategy, access: StrategyAccess, limit: int = 8) -> list[Result]:
    qs = results_visible(
        access, Result.objects.filter(indicator__strategy=strategy, value__isnull=False)
    ).select_related("indicator")
    return list(qs.order_by("-submitted_at", "-id")[:limit])
