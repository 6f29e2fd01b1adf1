"""Field work pages: the phone form (works offline, syncs through the API), a person's records,
a coordinator's supervision and map, and the files that make the form an installable app."""

from __future__ import annotations

from collections import Counter
from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from redpaz.fieldwork import access, selectors
from redpaz.fieldwork.models import CommunityNeed, Intervention, Mediation, Precision
from redpaz.territory.models import Territory

# Bump when the form's files change, so installed apps fetch the new ones.
CACHE_VERSION = "fieldwork-v1"
OFFLINE_STATIC = (
    "redpaz/css/redpaz.css",
    "redpaz/img/favicon.svg",
    "fieldwork/fieldwork.css",
    "fieldwork/store.js",
    "fieldwork/form.js",
    "fieldwork/icon.svg",
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if not access.uses_fieldwork(request.user):
        raise PermissionDenied
    can_record = access.recordable_zones(request.user).exists()
    can_supervise = access.can_supervise(request.user)
    if can_supervise and not can_record:
        # A coordinator records nothing: their page of field work is the supervision.
        return redirect("fieldwork:supervision")
    return render(
        request,
        "fieldwork/home.html",
        {
            "can_record": can_record,
            "can_supervise": can_supervise,
            "recent": selectors.my_recent(request.user),
        },
    )


@login_required
def form(request: HttpRequest) -> HttpResponse:
    """The field form. Drawn once online, then served by the service worker from its cache."""
    zones = list(access.recordable_zones(request.user).only("id", "name", "code", "level"))
    if not zones:
        raise PermissionDenied
    return render(
        request,
        "fieldwork/form.html",
        {
            "zones": zones,
            "Mediation": Mediation,
            "conflict_types": Mediation.ConflictType.choices,
            "risks": Mediation.Risk.choices,
            "outcomes": Mediation.Outcome.choices,
            "referrals": Mediation.Referral.choices,
            "age_groups": Mediation.AgeGroup.choices,
            "precisions": Precision.choices,
            "need_categories": CommunityNeed.Category.choices,
            "need_statuses": CommunityNeed.Status.choices,
            "intervention_kinds": Intervention.Kind.choices,
            "today": timezone.localdate(),
        },
    )


def _filters(request: HttpRequest) -> selectors.Filters:
    def day(name: str) -> date | None:
        try:
            return date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return None

    zone = request.GET.get("zone", "")
    return selectors.Filters(
        zone_id=int(zone) if zone.isdigit() else None,
        conflict_type=request.GET.get("conflict_type", "")
        if request.GET.get("conflict_type") in Mediation.ConflictType.values
        else "",
        outcome=request.GET.get("outcome", "")
        if request.GET.get("outcome") in Mediation.Outcome.values
        else "",
        start=day("start"),
        end=day("end"),
    )


@login_required
def supervision(request: HttpRequest) -> HttpResponse:
    if not access.can_supervise(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    filters = _filters(request)
    mediations = selectors.mediations_supervised(request.user, filters)
    zone_rows = list(
        mediations.values_list("zone__municipality_code", "zone__level").distinct()[:50]
    )
    base_url = ""
    if zone_rows:
        code, level = Counter(zone_rows).most_common(1)[0][0]
        base_url = (
            reverse("territory-geojson") + "?" + urlencode({"municipality": code, "level": level})
        )
    query = request.GET.urlencode()
    return render(
        request,
        "fieldwork/supervision.html",
        {
            "filters": filters,
            "total": mediations.count(),
            "caseloads": selectors.caseloads(mediations, today),
            "follow_ups": selectors.follow_ups_due(mediations, today),
            "weeks": selectors.per_week(mediations, today),
            "by_type": selectors.by_type_and_outcome(mediations),
            "outcomes": Mediation.Outcome.choices,
            "outcome_colours": [
                (label, selectors.OUTCOME_COLOURS[value])
                for value, label in Mediation.Outcome.choices
            ],
            "intervention_colour": selectors.INTERVENTION_COLOUR,
            "conflict_types": Mediation.ConflictType.choices,
            "needs": selectors.needs_summary(request.user),
            "interventions": selectors.interventions_supervised(request.user)
            .select_related("zone")
            .order_by("-date")[:10],
            "need_statuses": CommunityNeed.Status.choices,
            "zones": Territory.objects.filter(
                pk__in=selectors.mediations_supervised(request.user).values("zone_id")
            ).order_by("code"),
            "map_url": reverse("fieldwork:map") + (f"?{query}" if query else ""),
            "base_url": base_url,
            "today": today,
        },
    )


@login_required
@require_GET
def map_geojson(request: HttpRequest) -> HttpResponse:
    if not access.can_supervise(request.user):
        raise PermissionDenied
    filters = _filters(request)
    interventions = selectors.interventions_supervised(request.user)
    if filters.zone_id:
        interventions = interventions.filter(zone_id=filters.zone_id)
    body = selectors.map_features(
        selectors.mediations_supervised(request.user, filters),
        None if filters.conflict_type or filters.outcome else interventions,
    )
    return HttpResponse(body, content_type="application/geo+json")


@login_required
def mediation(request: HttpRequest, uuid: str) -> HttpResponse:
    record = selectors.mediation_for(request.user, uuid)
    if record is None:
        raise Http404
    return render(
        request,
        "fieldwork/mediation.html",
        {
            "mediation": record,
            "referrals": [
                label for value, label in Mediation.Referral.choices if value in record.referrals
            ],
            "age_groups": [
                label for value, label in Mediation.AgeGroup.choices if value in record.age_groups
            ],
            "today": timezone.localdate(),
        },
    )


@login_required
def intervention(request: HttpRequest, uuid: str) -> HttpResponse:
    record = selectors.intervention_for(request.user, uuid)
    if record is None:
        raise Http404
    return render(request, "fieldwork/intervention.html", {"intervention": record})


@login_required
@require_GET
def intervention_photo(request: HttpRequest, uuid: str, slot: str) -> FileResponse:
    """A before/after photo, only for those who may see the intervention (never a public URL)."""
    record = selectors.intervention_for(request.user, uuid)
    if record is None or slot not in ("before", "after"):
        raise Http404
    photo = getattr(record, f"photo_{slot}")
    if not photo:
        raise Http404
    response = FileResponse(photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: the field form installs on a phone's home screen."""
    response = JsonResponse(
        {
            "name": _("RedPaz field work"),
            "short_name": _("RedPaz field"),
            "start_url": reverse("fieldwork:form"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0f5c6e",
            "lang": request.LANGUAGE_CODE,
            "icons": [
                {"src": static("fieldwork/icon.svg"), "sizes": "any", "type": "image/svg+xml"}
            ],
        }
    )
    response["Content-Type"] = "application/manifest+json"
    return response


@never_cache
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the site's root: it caches the form and its files."""
    body = render(
        request,
        "fieldwork/sw.js",
        {
            "cache_version": CACHE_VERSION,
            "form_url": reverse("fieldwork:form"),
            "assets": [static(path) for path in OFFLINE_STATIC],
        },
        content_type="application/javascript",
    )
    body["Service-Worker-Allowed"] = "/"
    return body
