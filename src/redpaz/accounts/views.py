from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from redpaz.accounts.access import capabilities, user_scope


@login_required
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    """What the signed-in person can do, where, and on whose behalf."""
    memberships = (
        request.user.memberships.filter(is_active=True)  # type: ignore[union-attr]
        .select_related("organisation")
        .prefetch_related("territories")
    )
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": memberships,
            "scope": user_scope(request.user),
            "capabilities": sorted(capabilities(request.user)),
        },
    )
