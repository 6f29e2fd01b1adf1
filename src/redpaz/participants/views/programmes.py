"""Programmes that enrol people, their sessions, and attendance taken on a phone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from redpaz.accounts.access import capabilities
from redpaz.accounts.roles import PARTICIPANTS_VIEW
from redpaz.participants import access, selectors, services
from redpaz.participants.forms import ProfileForm, SessionForm
from redpaz.participants.models import ProgrammeProfile
from redpaz.participants.views.common import form_errors, require, zones_for
from redpaz.strategy.views.common import people_for


@login_required
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = selectors.programmes_for(user=request.user).annotate(
        active=Count("enrolments", filter=Q(enrolments__exited_on__isnull=True), distinct=True)
    )
    sessions = selectors.sessions_for(user=request.user)[:20]
    return render(
        request,
        "participants/programmes.html",
        {"programmes": programmes, "sessions": sessions},
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, pk=pk)
    can_manage = access.can_manage_programme(request.user, programme)
    profile = ProgrammeProfile.objects.filter(programme=programme).first()
    zones = zones_for(request.user)
    action = request.POST.get("action", "")
    assigns_staff = PARTICIPANTS_VIEW in capabilities(request.user)
    profile_form = ProfileForm(
        request.POST if action == "profile" else None,
        zones=zones,
        people=people_for(programme.component.strategy) if assigns_staff else None,
        initial={
            "staff": list(profile.staff.all()) if profile else [],
            "min_age": profile.min_age if profile else None,
            "max_age": profile.max_age if profile else None,
            "zones": list(profile.zones.all()) if profile else [],
            "stages": "\n".join(s.name for s in programme.route_stages.all()),
        },
    )
    session_form = SessionForm(
        request.POST if action == "session" else None,
        activities=programme.activities.all(),
        zones=zones,
    )
    if request.method == "POST":
        require(can_manage)
        form = profile_form if action == "profile" else session_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if form is profile_form:
                    services.profile_set(
                        programme=programme,
                        min_age=data["min_age"],
                        max_age=data["max_age"],
                        zones=data["zones"],
                        staff=data["staff"] if assigns_staff else None,
                        stages=data["stages"].splitlines(),
                    )
                    messages.success(request, _("Changes saved."))
                    return redirect("participants:programme", pk=programme.pk)
                session = services.session_create(
                    activity=data["activity"],
                    on=data["date"],
                    hours=data["hours"],
                    topic=data["topic"],
                    zone=data["zone"],
                    user=request.user,
                )
                return redirect("participants:attendance", pk=session.pk)
            except ValidationError as exc:
                form_errors(form, exc)
    enrolled = selectors.people_list(user=request.user, programme=programme).count()
    return render(
        request,
        "participants/programme.html",
        {
            "programme": programme,
            "profile": profile,
            "enrolled": enrolled,
            "can_manage": can_manage,
            "profile_form": profile_form,
            "session_form": session_form,
            "sessions": selectors.sessions_for(user=request.user)
            .filter(activity__programme=programme)
            .annotate(present=Count("attendance"))[:50],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """A list of check-boxes, one per enrolled person (by code), big enough for a phone."""
    session = selectors.session_get(user=request.user, pk=pk)
    roster = selectors.roster_for(user=request.user, session=session)
    if request.method == "POST":
        try:
            count = services.attendance_save(
                session=session,
                present=[int(v) for v in request.POST.getlist("present") if v.isdigit()],
                user=request.user,
                roster=roster,
            )
        except (ValidationError, ValueError):
            messages.error(request, _("The list changed; check it and save again."))
        else:
            messages.success(request, _("%(n)s present.") % {"n": count})
            return redirect("participants:attendance", pk=session.pk)
    present = set(session.attendance.values_list("enrolment_id", flat=True))
    return render(
        request,
        "participants/attendance.html",
        {
            "session": session,
            "rows": [(e, e.pk in present) for e in roster],
            "present_count": len(present),
        },
    )
