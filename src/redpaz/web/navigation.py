"""The main navigation: each app registers its entries when it is ready.

An entry may require a capability; the menu shows a person only what they can use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise

from redpaz.accounts.access import capabilities


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    order: int = 100
    capability: str | None = None
    login_required: bool = True
    # URL prefix that marks the entry as the current section (defaults to its own URL).
    section: str | None = None
    # Shown only to people with at least one of these capabilities (when given).
    any_capability: tuple[str, ...] = ()
    # "main" (the header bar) or "user" (the signed-in person's menu, for administration).
    menu: str = "main"


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _ITEMS[item.url_name] = item


def items_for(request: Any, menu: str = "main") -> list[dict[str, Any]]:
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    caps = capabilities(user) if authenticated else frozenset()
    path = getattr(request, "path", "")
    entries = []
    for item in sorted(_ITEMS.values(), key=lambda i: (i.order, str(i.label))):
        if item.menu != menu:
            continue
        if item.login_required and not authenticated:
            continue
        if item.capability and item.capability not in caps:
            continue
        if item.any_capability and not caps.intersection(item.any_capability):
            continue
        url = reverse(item.url_name)
        section = item.section or url
        entries.append(
            {
                "label": item.label,
                "url": url,
                "active": path.startswith(section) if section != "/" else path == "/",
            }
        )
    return entries
