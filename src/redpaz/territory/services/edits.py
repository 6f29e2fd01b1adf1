"""Corrections a person makes to territory reference data."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from redpaz.accounts.access import has_capability
from redpaz.accounts.roles import TERRITORY_EDIT
from redpaz.ingest.text import normalize_name
from redpaz.territory.models import Territory, TerritoryAlias


def _require_edit(user: Any, territory: Territory) -> None:
    # user=None is the command line, run by whoever operates the server.
    if user is None:
        return
    if not has_capability(user, TERRITORY_EDIT, territory):
        raise PermissionDenied(_("You may not edit this territory."))


@transaction.atomic
def territory_rename(*, territory: Territory, name: str, user: Any) -> Territory:
    """Correct a territory's name; the old name stays as an alternative name for matching."""
    _require_edit(user, territory)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("The name cannot be empty.")})
    old = territory.name
    if name == old:
        return territory
    territory.name = name
    territory.full_clean(exclude=["geometry"])
    territory.save(update_fields=["name", "updated_at"])
    if normalize_name(old) != normalize_name(name):
        alias_add(territory=territory, name=old, user=user, source=TerritoryAlias.Source.MANUAL)
    return territory


@transaction.atomic
def alias_add(
    *,
    territory: Territory,
    name: str,
    user: Any,
    source: str = TerritoryAlias.Source.MANUAL,
) -> TerritoryAlias:
    """Record another name of the territory; adding a known name again returns the existing one."""
    _require_edit(user, territory)
    name = " ".join(name.split())
    normalized = normalize_name(name)
    if not normalized:
        raise ValidationError({"name": _("The alternative name cannot be empty.")})
    existing = TerritoryAlias.objects.filter(territory=territory, normalized=normalized).first()
    if existing is not None:
        return existing
    alias = TerritoryAlias(
        territory=territory,
        name=name,
        normalized=normalized,
        source=source,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    alias.full_clean()
    alias.save()
    return alias


@transaction.atomic
def alias_delete(*, alias: TerritoryAlias, user: Any) -> None:
    _require_edit(user, alias.territory)
    alias.delete()
