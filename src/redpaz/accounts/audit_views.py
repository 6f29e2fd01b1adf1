"""The audit trail as a page: who created, changed or deleted what, and when."""

from __future__ import annotations

from datetime import date
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from redpaz.accounts.access import has_capability
from redpaz.accounts.models import Membership
from redpaz.accounts.roles import AUDIT_VIEW

PAGE_SIZE = 50


def audit_entries(user: Any) -> QuerySet[LogEntry]:
    """Entries the user may read: all for superusers; otherwise what members of their own
    organisations did (an auditor audits their organisation, not everyone's)."""
    qs = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")
    if user.is_superuser:
        return qs
    organisations = Membership.objects.filter(user=user, is_active=True).values("organisation")
    colleagues = Membership.objects.filter(organisation__in=organisations).values("user")
    return qs.filter(actor__in=colleagues)


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    if not has_capability(request.user, AUDIT_VIEW):
        raise PermissionDenied
    qs = audit_entries(request.user)
    actor = request.GET.get("actor", "").strip()
    if actor:
        qs = qs.filter(actor__username=actor)
    model = request.GET.get("model", "").strip()
    if model:
        qs = qs.filter(content_type__model=model)
    since, until = _date(request.GET.get("since")), _date(request.GET.get("until"))
    if since:
        qs = qs.filter(timestamp__date__gte=since)
    if until:
        qs = qs.filter(timestamp__date__lte=until)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    models = (
        LogEntry.objects.values_list("content_type__model", flat=True)
        .distinct()
        .order_by("content_type__model")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_log.html",
        {
            "page": page,
            "models": list(models),
            "filters": {"actor": actor, "model": model, "since": since, "until": until},
            "query": query.urlencode(),
        },
    )
