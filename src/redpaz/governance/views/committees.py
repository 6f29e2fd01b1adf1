"""The governance home, committees, their members and their calendar of sessions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from redpaz.accounts.access import capabilities, user_scope
from redpaz.accounts.models import Organisation
from redpaz.accounts.roles import GOVERNANCE_MANAGE
from redpaz.governance import measures, selectors, services
from redpaz.governance.access import can_create_in
from redpaz.governance.forms import CommitteeForm, GenerateForm, MemberForm, SessionCreateForm
from redpaz.governance.models import Commitment, CommitteeMember, Session
from redpaz.governance.views.common import form_errors, load_committee, people_for, require
from redpaz.strategy.selectors import strategies_visible
from redpaz.territory.models import Level, Territory
from redpaz.territory.selectors import current_zones

UPCOMING_DAYS = 45


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    committees = list(selectors.committees_visible(request.user).order_by("strategy", "name"))
    today = timezone.localdate()
    upcoming = (
        selectors.sessions_visible(request.user)
        .filter(
            starts_at__date__gte=today,
            starts_at__date__lte=today + timedelta(days=UPCOMING_DAYS),
        )
        .exclude(status=Session.Status.CANCELLED)
        .select_related("committee")
        .order_by("starts_at")[:20]
    )
    mine = (
        Commitment.objects.filter(owner_user_id=request.user.pk, status__in=Commitment.PENDING)
        .select_related("session__committee")
        .order_by("due_date")
    )
    return render(
        request,
        "governance/home.html",
        {
            "committees": committees,
            "upcoming": upcoming,
            "mine": mine,
            "today": today,
            "can_create": GOVERNANCE_MANAGE in capabilities(request.user),
        },
    )


def _municipalities(user: Any) -> Any:
    scope = user_scope(user, GOVERNANCE_MANAGE)
    qs = Territory.objects.filter(level=Level.MUNICIPALITY, boundary_set__isnull=True)
    if not scope.everywhere:
        qs = qs.filter(code__in=scope.municipality_codes)
    return qs.order_by("name")


def _form_kwargs(user: Any, municipality: Territory) -> dict[str, Any]:
    organisations = Organisation.objects.filter(is_active=True).order_by("name")
    if not user.is_superuser:
        organisations = organisations.filter(
            pk__in=[o.pk for o in organisations if can_create_in(user, o.pk, municipality)]
        )
    return {
        "organisations": organisations,
        "municipalities": Territory.objects.filter(pk=municipality.pk),
        "strategies": strategies_visible(user).filter(
            territory__code__in=[municipality.code, municipality.department_code]
        ),
        "zones": current_zones(user=user, municipality_code=municipality.code),
    }


@login_required
@require_http_methods(["GET", "POST"])
def committee_create(request: HttpRequest) -> HttpResponse:
    require(GOVERNANCE_MANAGE in capabilities(request.user))
    municipalities = _municipalities(request.user)
    strategy = None
    if request.GET.get("strategy", "").isdigit():
        strategy = strategies_visible(request.user).filter(pk=request.GET["strategy"]).first()
    chosen = request.POST.get("municipality") or request.GET.get("municipality")
    if strategy is not None and strategy.territory.level == Level.MUNICIPALITY:
        chosen = str(strategy.territory.pk)
    municipality = municipalities.filter(pk=chosen).first() if chosen and chosen.isdigit() else None
    if municipality is None:
        return render(
            request,
            "governance/committee_municipality.html",
            {"municipalities": municipalities},
        )
    kwargs = _form_kwargs(request.user, municipality)
    require(kwargs["organisations"].exists())
    form = CommitteeForm(
        request.POST or None,
        initial={
            "municipality": municipality,
            "strategy": strategy,
            "organisation": strategy.organisation if strategy else kwargs["organisations"].first(),
        },
        **kwargs,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            committee = services.committee_create(
                user=request.user,
                name=data.pop("name"),
                kind=data.pop("kind"),
                organisation=data.pop("organisation"),
                municipality=data.pop("municipality"),
                zones=data.pop("zones"),
                **data,
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Committee created. Now seat its members."))
            return redirect(committee.get_absolute_url())
    return render(
        request,
        "governance/committee_form.html",
        {"form": form, "municipality": municipality, "title": _("New committee")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def committee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    committee, access = load_committee(request, pk)
    require(access.manage)
    kwargs = _form_kwargs(request.user, committee.municipality)
    kwargs["organisations"] = Organisation.objects.filter(pk=committee.organisation_id)
    form = CommitteeForm(request.POST or None, instance=committee, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        for fixed in ("organisation", "municipality"):
            data.pop(fixed)
        try:
            services.committee_update(committee=committee, zones=data.pop("zones"), **data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Committee saved."))
            return redirect(committee.get_absolute_url())
    committee.refresh_from_db()
    return render(
        request,
        "governance/committee_form.html",
        {"form": form, "committee": committee, "title": _("Edit the committee")},
    )


@login_required
@require_GET
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee, access = load_committee(request, pk)
    today = timezone.localdate()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    sessions = list(
        committee.sessions.filter(starts_at__year=year)
        .order_by("starts_at")
        .prefetch_related("commitments")
    )
    years = sorted({d.year for d in committee.sessions.dates("starts_at", "year")} | {today.year})
    figures = measures.performance([committee], date(year, 1, 1), date(year, 12, 31))
    pending = (
        Commitment.objects.filter(session__committee=committee, status__in=Commitment.PENDING)
        .select_related("session", "owner_organisation")
        .order_by("due_date")
    )
    members = selectors.members_on(committee, today)
    former = committee.members.filter(end__lt=today).order_by("-end")
    return render(
        request,
        "governance/committee.html",
        {
            "committee": committee,
            "access": access,
            "members": members,
            "former": former,
            "sessions": sessions,
            "year": year,
            "years": years,
            "figures": figures,
            "pending": pending,
            "next_session": selectors.next_session(committee),
            "today": today,
            "zones": committee.zones.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int, member_pk: int | None = None) -> HttpResponse:
    committee, access = load_committee(request, pk)
    require(access.manage)
    member = (
        get_object_or_404(CommitteeMember, committee=committee, pk=member_pk) if member_pk else None
    )
    form = MemberForm(
        request.POST or None,
        instance=member,
        committee=committee,
        people=people_for(committee),
        initial={"has_vote": True} if member is None else None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if member is None:
                services.member_add(committee=committee, **data)
                messages.success(request, _("Member added."))
            else:
                services.member_update(member=member, **data)
                messages.success(request, _("Member saved."))
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return redirect(committee.get_absolute_url() + "#members")
    return render(
        request,
        "governance/member_form.html",
        {
            "committee": committee,
            "form": form,
            "member": member,
            "title": _("Edit a member") if member else _("Add a member"),
        },
    )


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    committee, access = load_committee(request, pk)
    require(access.manage)
    member = get_object_or_404(CommitteeMember, committee=committee, pk=member_pk)
    try:
        kept = services.member_remove(member=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The seat ended today; past minutes keep it.") if kept else _("Member removed."),
        )
    return redirect(committee.get_absolute_url() + "#members")


@login_required
@require_http_methods(["GET", "POST"])
def sessions_generate(request: HttpRequest, pk: int) -> HttpResponse:
    committee, access = load_committee(request, pk)
    require(access.manage)
    today = timezone.localdate()
    form = GenerateForm(
        request.POST or None, initial={"start": today, "end": date(today.year, 12, 31)}
    )
    preview = []
    if form.is_valid() and committee.meets_on_a_calendar:
        from redpaz.governance import recurrence

        data = form.cleaned_data
        if request.POST.get("confirm"):
            try:
                outcome = services.sessions_generate(
                    committee=committee,
                    start=data["start"],
                    end=data["end"],
                    user=request.user,
                    replace_planned=data["replace_planned"],
                )
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(created)s sessions added; %(kept)s dates already had theirs.")
                    % {"created": len(outcome.created), "kept": outcome.kept},
                )
                return redirect(committee.get_absolute_url())
        elif (data["end"] - data["start"]).days <= 3 * 366:
            preview = recurrence.occurrences(
                committee.rule,
                data["start"],
                data["end"],
                holidays=recurrence.colombian_holidays(
                    range(data["start"].year, data["end"].year + 2), request.LANGUAGE_CODE
                ),
                weekend_label=_("weekend"),
            )
    return render(
        request,
        "governance/generate.html",
        {"committee": committee, "form": form, "preview": preview},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    committee, access = load_committee(request, pk)
    require(access.manage)
    form = SessionCreateForm(
        request.POST or None,
        initial={
            "kind": Session.Kind.EXTRAORDINARY
            if committee.meets_on_a_calendar
            else Session.Kind.ORDINARY,
            "start_time": committee.start_time,
            "place": committee.place,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_create(
                committee=committee,
                day=data["day"],
                user=request.user,
                kind=data["kind"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                place=data["place"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            services.agenda_refresh(session=session)
            messages.success(request, _("Session called."))
            return redirect(session.get_absolute_url())
    return render(
        request,
        "governance/form.html",
        {
            "form": form,
            "committee": committee,
            "title": _("Call a session"),
            "back": committee.get_absolute_url(),
        },
    )
