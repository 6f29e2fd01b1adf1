"""Participation bodies of a municipality and their assessments over time."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from redpaz.accounts.access import capabilities, user_scope
from redpaz.accounts.roles import GOVERNANCE_MANAGE, GOVERNANCE_VIEW, GOVERNANCE_VIEW_PUBLIC
from redpaz.governance import criteria, selectors, services
from redpaz.governance.access import can_manage_bodies, can_see_bodies
from redpaz.governance.forms import AssessmentForm, BodyForm
from redpaz.governance.models import Committee, ParticipationBody
from redpaz.governance.views.common import form_errors, require
from redpaz.territory.models import Level, Territory
from redpaz.territory.selectors import current_zones
from redpaz.web import charts


def _municipalities(user: Any) -> Any:
    """Municipalities whose bodies the user may see: those of their scope, and, for national
    scopes, those that have bodies."""
    codes: set[str] = set()
    everywhere = False
    caps = capabilities(user)
    for capability in (GOVERNANCE_VIEW, GOVERNANCE_VIEW_PUBLIC, GOVERNANCE_MANAGE):
        if capability in caps:
            scope = user_scope(user, capability)
            everywhere = everywhere or scope.everywhere
            codes |= scope.municipality_codes
    qs = Territory.objects.filter(level=Level.MUNICIPALITY, boundary_set__isnull=True)
    if everywhere:
        with_bodies = ParticipationBody.objects.values("municipality")
        return qs.filter(pk__in=with_bodies).order_by("name"), True
    return qs.filter(code__in=codes).order_by("name"), False


@login_required
@require_GET
def body_list(request: HttpRequest) -> HttpResponse:
    municipalities, everywhere = _municipalities(request.user)
    code = request.GET.get("municipality", "")
    municipality = None
    if code:
        municipality = Territory.objects.filter(
            level=Level.MUNICIPALITY, code=code, boundary_set__isnull=True
        ).first()
    municipality = municipality or municipalities.first()
    bodies: list[tuple[ParticipationBody, Any]] = []
    if municipality is not None:
        require_view = can_see_bodies(request.user, municipality)
        require(require_view)
        bodies = [
            (body, max(body.assessments.all(), key=lambda a: (a.period_end, a.pk), default=None))
            for body in selectors.bodies_visible(request.user, municipality).prefetch_related(
                "assessments"
            )
        ]
    return render(
        request,
        "governance/bodies.html",
        {
            "bodies": bodies,
            "municipality": municipality,
            "municipalities": municipalities,
            "everywhere": everywhere,
            "can_manage": municipality is not None
            and can_manage_bodies(request.user, municipality),
        },
    )


def _form(
    request: HttpRequest, municipality: Territory, body: ParticipationBody | None
) -> BodyForm:
    return BodyForm(
        request.POST or None,
        instance=body,
        zones=current_zones(user=request.user, municipality_code=municipality.code),
        committees=selectors.committees_visible(request.user).filter(municipality=municipality),
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    body: ParticipationBody | None = None
    if pk is not None:
        body = selectors.body_get(user=request.user, pk=pk)
        municipality = body.municipality
    else:
        code = request.GET.get("municipality") or request.POST.get("municipality_code", "")
        found = Territory.objects.filter(
            level=Level.MUNICIPALITY, code=code, boundary_set__isnull=True
        ).first()
        if found is None:
            return redirect("governance:bodies")
        municipality = found
    require(can_manage_bodies(request.user, municipality))
    form = _form(request, municipality, body)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if body is None:
                body = services.body_create(
                    municipality=municipality,
                    user=request.user,
                    name=data.pop("name"),
                    kind=data.pop("kind"),
                    **data,
                )
            else:
                services.body_update(body=body, **data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Body saved."))
            return redirect(body.get_absolute_url())
    return render(
        request,
        "governance/body_form.html",
        {
            "form": form,
            "body": body,
            "municipality": municipality,
            "title": _("Edit the body") if body else _("New participation body"),
        },
    )


def _period_label(assessment: Any) -> str:
    start, end = assessment.period_start, assessment.period_end
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    return f"{start:%Y-%m} – {end:%Y-%m}"


def _history_chart(body: ParticipationBody, assessments: list[Any]) -> charts.Chart | None:
    points = []
    for order, assessment in enumerate(assessments):
        for dimension, value in (
            (_("Operativity"), assessment.operativity),
            (_("Incidence"), assessment.incidence),
        ):
            if value is not None:
                points.append(
                    {
                        "period": _period_label(assessment),
                        "order": order,
                        "dimension": dimension,
                        "value": float(value),
                    }
                )
    if len(assessments) < 2 or not points:
        return None
    spec = {
        "data": {"values": points},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {
                "field": "period",
                "type": "ordinal",
                "sort": {"field": "order"},
                "title": _("Period assessed"),
                "axis": {"labelAngle": 0},
            },
            "y": {
                "field": "value",
                "type": "quantitative",
                "title": _("Index (0–100)"),
                "scale": {"domain": [0, 100]},
            },
            "color": {"field": "dimension", "type": "nominal", "title": None},
        },
        "width": 520,
        "height": 220,
    }
    return charts.render(
        spec,
        title=_("Operativity and incidence of %(body)s") % {"body": body.name},
        description=_("Indices of each assessment, from 0 to 100, by the period assessed."),
        columns=[_("Period"), _("Operativity"), _("Incidence")],
        rows=[[_period_label(a), _fmt(a.operativity), _fmt(a.incidence)] for a in assessments],
    )


def _fmt(value: Any) -> str:
    return "—" if value is None else number_format(value, decimal_pos=1)


@login_required
@require_GET
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.body_get(user=request.user, pk=pk)
    assessments = list(body.assessments.prefetch_related("scores").order_by("period_end", "pk"))
    criteria_rows = []
    for criterion in criteria.CRITERIA:
        cells = []
        for assessment in assessments:
            score = next((s for s in assessment.scores.all() if s.criterion == criterion.key), None)
            cells.append(score)
        if any(cells):
            criteria_rows.append((criterion, cells))
    committee_access = None
    if body.committee is not None:
        from redpaz.governance.access import committee_access as access_of

        committee_access = access_of(request.user, body.committee)
    return render(
        request,
        "governance/body.html",
        {
            "body": body,
            "assessments": assessments,
            "criteria_rows": criteria_rows,
            "chart": _history_chart(body, assessments),
            "can_manage": can_manage_bodies(request.user, body.municipality),
            "committee_visible": bool(committee_access and committee_access.view),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_assess(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.body_get(user=request.user, pk=pk)
    require(can_manage_bodies(request.user, body.municipality))
    today = timezone.localdate()
    start, end = today.replace(month=1, day=1), today
    try:
        start = date.fromisoformat(request.GET.get("start") or start.isoformat())
        end = date.fromisoformat(request.GET.get("end") or end.isoformat())
    except ValueError:
        pass
    form = AssessmentForm(
        request.POST or None,
        initial={"period_start": start, "period_end": end, "assessed_on": today},
    )
    if request.method == "GET" and start <= end:
        for key, score in services.measured_scores(body, start, end).items():
            form.initial[f"{key}_numerator"] = score.numerator
            form.initial[f"{key}_denominator"] = score.denominator
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_create(
                body=body,
                period_start=data["period_start"],
                period_end=data["period_end"],
                assessed_on=data["assessed_on"],
                scores=form.scores(),
                method=data["method"],
                summary=data["summary"],
                user=request.user,
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Assessment recorded."))
            return redirect(body.get_absolute_url())
    return render(
        request,
        "governance/assessment_form.html",
        {
            "body": body,
            "form": form,
            "measured": body.committee is not None,
            "committees": Committee.objects.none(),
        },
    )
