from typing import Any

from django.conf import settings
from django.http import HttpRequest

from redpaz import __version__
from redpaz.web.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {
        "nav_items": items_for(request),
        "user_menu_items": items_for(request, "user"),
        "redpaz_version": __version__,
        "redpaz_debug": settings.DEBUG,
    }
