"""What a user may see and do: capabilities from roles, territory scope from memberships.

Every selector and service that deals with territorial data asks this module, so the rule is
written once: a membership grants its role's capabilities over its territories; a municipality
covers all of its zones; a zone covers itself and every zone inside it; a department covers its
municipalities; ``all_territories`` (or a grant on the country) covers everything. Superusers are
administrators everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from redpaz.accounts.roles import capabilities_of

if TYPE_CHECKING:
    from redpaz.territory.models import Territory

_CACHE_ATTR = "_redpaz_scope_cache"


@dataclass(frozen=True)
class Scope:
    """The territories a user covers for some purpose."""

    everywhere: bool = False
    municipality_codes: frozenset[str] = field(default_factory=frozenset)
    # Granted zones and every zone below them.
    zone_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not (self.everywhere or self.municipality_codes or self.zone_ids)

    def covers_municipality(self, code: str) -> bool:
        """Whether the whole municipality is in scope (not just some of its zones)."""
        return self.everywhere or code in self.municipality_codes

    def touches_municipality(self, code: str) -> bool:
        """Whether the municipality or at least one of its zones is in scope."""
        return (
            self.everywhere or code in self.municipality_codes or code in self._zone_municipalities
        )

    def covers(self, territory: Territory) -> bool:
        from redpaz.territory.models import Level

        if self.everywhere:
            return True
        if territory.level == Level.MUNICIPALITY:
            return territory.code in self.municipality_codes
        if territory.is_zone:
            return territory.municipality_code in self.municipality_codes or (
                territory.pk in self.zone_ids
            )
        return False

    def territory_filter(self, prefix: str = "") -> Q:
        """A Q over Territory rows (or rows with a FK to one, via ``prefix``) that are in scope."""
        if self.everywhere:
            return Q()
        if self.is_empty:
            return Q(pk__in=[])
        return Q(**{f"{prefix}municipality_code__in": self.municipality_codes}) | Q(
            **{f"{prefix}pk__in": self.zone_ids}
        )

    @property
    def _zone_municipalities(self) -> frozenset[str]:
        return _zone_municipality_codes(self.zone_ids)


def _zone_municipality_codes(zone_ids: frozenset[int]) -> frozenset[str]:
    if not zone_ids:
        return frozenset()
    from redpaz.territory.models import Territory

    return frozenset(
        Territory.objects.filter(pk__in=zone_ids).values_list("municipality_code", flat=True)
    )


def _active_memberships(user: Any) -> list[Any]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cache = _cache(user)
    if "memberships" not in cache:
        cache["memberships"] = list(
            user.memberships.filter(is_active=True, organisation__is_active=True)
            .select_related("organisation")
            .prefetch_related("territories")
        )
    return cache["memberships"]


def _cache(user: Any) -> dict[str, Any]:
    cache = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(user, _CACHE_ATTR, cache)
    return cache


def forget(user: Any) -> None:
    """Drop the cached memberships and scopes (after a membership change in the same request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_of(user: Any) -> set[str]:
    return {m.role for m in _active_memberships(user)}


def capabilities(user: Any) -> frozenset[str]:
    from redpaz.accounts.roles import all_capabilities

    if getattr(user, "is_superuser", False) and user.is_active:
        return all_capabilities()
    return frozenset().union(*(capabilities_of(m.role) for m in _active_memberships(user)))


def user_scope(
    user: Any, capability: str | None = None, *, organisation_id: int | None = None
) -> Scope:
    """The territories the user covers, through memberships that grant ``capability`` (if given)
    in ``organisation_id`` (if given: e.g. only the organisation that owns a strategy)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    if user.is_superuser:
        return Scope(everywhere=True)
    cache = _cache(user)
    key = f"scope:{capability or '*'}:{organisation_id or '*'}"
    if key in cache:
        return cache[key]
    memberships = [
        m
        for m in _active_memberships(user)
        if (capability is None or capability in capabilities_of(m.role))
        and (organisation_id is None or m.organisation_id == organisation_id)
    ]
    scope = _scope_from_grants(
        everywhere=any(m.all_territories for m in memberships),
        territories=[t for m in memberships for t in m.territories.all()],
    )
    cache[key] = scope
    return scope


def _scope_from_grants(*, everywhere: bool, territories: Iterable[Territory]) -> Scope:
    from redpaz.territory.models import Level, Territory

    if everywhere:
        return Scope(everywhere=True)
    municipalities: set[str] = set()
    departments: set[str] = set()
    zone_roots: set[int] = set()
    for territory in territories:
        if territory.level == Level.COUNTRY:
            return Scope(everywhere=True)
        if territory.level == Level.DEPARTMENT:
            departments.add(territory.code)
        elif territory.level == Level.MUNICIPALITY:
            municipalities.add(territory.code)
        else:
            zone_roots.add(territory.pk)
    if departments:
        municipalities.update(
            Territory.objects.filter(
                level=Level.MUNICIPALITY, department_code__in=departments
            ).values_list("code", flat=True)
        )
    return Scope(
        municipality_codes=frozenset(municipalities),
        zone_ids=frozenset(_with_descendants(zone_roots)),
    )


def _with_descendants(roots: set[int]) -> set[int]:
    """Zone ids below the roots; zone trees are shallow (comuna → barrio → block)."""
    from redpaz.territory.models import Territory

    found = set(roots)
    frontier = set(roots)
    while frontier:
        frontier = (
            set(Territory.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            - found
        )
        found |= frontier
    return found


def has_capability(user: Any, capability: str, territory: Territory | None = None) -> bool:
    """Whether the user may do ``capability`` (over ``territory``, when one is given)."""
    if capability not in capabilities(user):
        return False
    if territory is None:
        return True
    return user_scope(user, capability).covers(territory)


def manages_organisation(user: Any, organisation: Any) -> bool:
    """Whether the user administers this organisation's members (or is a superuser)."""
    from redpaz.accounts.roles import ACCOUNTS_MANAGE

    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(
        m.organisation_id == organisation.pk and ACCOUNTS_MANAGE in capabilities_of(m.role)
        for m in _active_memberships(user)
    )
