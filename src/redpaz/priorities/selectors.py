"""Reads of prioritisations (scoped by the user's territories) and of social indicators."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from redpaz.accounts.access import capabilities, user_scope
from redpaz.accounts.roles import PRIORITIES_VIEW
from redpaz.priorities.models import Prioritisation, PrioritisationItem, SocialIndicatorValue
from redpaz.territory.models import Level, Territory


def prioritisations_visible(user: Any) -> QuerySet[Prioritisation]:
    """Prioritisations the user may read: those of municipalities in their scope, and the
    national ones (they rank municipalities, which are public) for anyone who may view any."""
    if PRIORITIES_VIEW not in capabilities(user):
        return Prioritisation.objects.none()
    scope = user_scope(user, PRIORITIES_VIEW)
    qs = Prioritisation.objects.select_related("municipality", "crime", "source", "created_by")
    if scope.everywhere:
        return qs
    codes = set(scope.municipality_codes)
    if scope.zone_ids:
        codes |= set(
            Territory.objects.filter(pk__in=scope.zone_ids).values_list(
                "municipality_code", flat=True
            )
        )
    return qs.filter(Q(municipality__isnull=True) | Q(municipality__code__in=codes))


def prioritisation_get(*, user: Any, pk: int) -> Prioritisation:
    """The prioritisation if the user may read it; 404 otherwise (its existence stays hidden)."""
    found = prioritisations_visible(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such prioritisation")
    return found


def prioritisation_items(prioritisation: Prioritisation) -> QuerySet[PrioritisationItem]:
    return prioritisation.items.select_related("territory", "cluster_zone").order_by(
        "rank", "territory__code"
    )


def priority_clusters(municipality_code: str) -> QuerySet[Territory]:
    """The priority-cluster zones in force in a municipality (from its latest saved set)."""
    return Territory.objects.filter(
        level=Level.PRIORITY_CLUSTER,
        boundary_set__municipality__code=municipality_code,
        boundary_set__valid_to__isnull=True,
    ).order_by("code")


def cluster_members(cluster: Territory) -> QuerySet[Territory]:
    """The zones a priority cluster is made of."""
    return Territory.objects.filter(prioritisation_items__cluster_zone=cluster).order_by("code")


def indicator_latest(
    slug: str, territory_ids: Iterable[int], *, until: int | None = None
) -> dict[int, float]:
    """The latest value of a social indicator per territory, up to ``until`` when there is
    one by then (else the earliest after it: these indicators change slowly and are published
    every few years)."""
    rows = SocialIndicatorValue.objects.filter(
        indicator__slug=slug, territory_id__in=list(territory_ids)
    ).values_list("territory_id", "year", "value")
    best: dict[int, tuple[int, float]] = {}
    for territory_id, year, value in rows:
        current = best.get(territory_id)
        if current is None or _better(year, current[0], until):
            best[territory_id] = (year, value)
    return {pk: value for pk, (_year, value) in best.items()}


def _better(year: int, current: int, until: int | None) -> bool:
    if until is None:
        return year > current
    if year <= until:
        return current > until or year > current
    return current > until and year < current


def indicator_batches(slug: str, territory_ids: Iterable[int]) -> list[int]:
    return sorted(
        SocialIndicatorValue.objects.filter(
            indicator__slug=slug, territory_id__in=list(territory_ids)
        )
        .order_by()
        .values_list("batch_id", flat=True)
        .distinct()
    )


def cluster_membership(municipality_code: str) -> tuple[Prioritisation, dict[int, int]] | None:
    """The prioritisation behind a municipality's current priority clusters, and which cluster
    zone (id) each of its ranked zones (id) belongs to; None without current clusters."""
    prioritisation = (
        Prioritisation.objects.filter(
            boundary_set__municipality__code=municipality_code,
            boundary_set__valid_to__isnull=True,
        )
        .select_related("source", "crime")
        .first()
    )
    if prioritisation is None:
        return None
    members = dict(
        prioritisation.items.filter(cluster_zone__isnull=False).values_list(
            "territory_id", "cluster_zone_id"
        )
    )
    return prioritisation, members
