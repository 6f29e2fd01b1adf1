"""Who may see the observatory's maps, profiles and reports, and of which places.

Municipal and departmental figures from national releases are public data; a person with the
observatory capability sees them everywhere. Zones of a city (and grids over it) come from the
city's own records: only people whose scope touches that municipality see them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from redpaz.accounts.access import capabilities, user_scope
from redpaz.accounts.roles import OBSERVATORY_VIEW


def require_observatory(user: Any) -> None:
    if OBSERVATORY_VIEW not in capabilities(user):
        raise PermissionDenied


def require_area(user: Any, area: str) -> None:
    """Raise unless the user may see a map of ``area`` ("" country, department, municipality)."""
    require_observatory(user)
    if len(area) == 5 and not user_scope(user, OBSERVATORY_VIEW).touches_municipality(area):
        raise PermissionDenied


def default_area(user: Any) -> str:
    """The municipality a person works on when they have exactly one; else the country."""
    scope = user_scope(user, OBSERVATORY_VIEW)
    if not scope.everywhere and len(scope.municipality_codes) == 1:
        return next(iter(scope.municipality_codes))
    return ""
