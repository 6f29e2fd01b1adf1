"""The strategy's structure: components (lines), programmes and projects, activities."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from redpaz.strategy import services
from redpaz.strategy.forms import ActivityForm, ComponentForm, ProgrammeForm
from redpaz.strategy.models import Activity, Component, Programme, Strategy
from redpaz.strategy.views.common import form_errors, load, people_for, require


def _structure_url(strategy: Strategy) -> str:
    return reverse("strategy:structure", args=[strategy.pk])


@login_required
@require_GET
def structure(request: HttpRequest, pk: int) -> HttpResponse:
    strategy, access = load(request, pk)
    components = strategy.components.prefetch_related(
        "programmes__activities__responsible",
        "programmes__responsible_organisation",
        "programmes__indicators",
        "indicators",
    )
    return render(
        request,
        "strategy/structure.html",
        {
            "strategy": strategy,
            "access": access,
            "components": components,
            "component_form": ComponentForm(prefix="component") if access.edit else None,
        },
    )


def _component(strategy: Strategy, pk: int) -> Component:
    component = strategy.components.filter(pk=pk).first()
    if component is None:
        raise Http404("No such component")
    return component


def _programme(strategy: Strategy, pk: int) -> Programme:
    programme = Programme.objects.filter(component__strategy=strategy, pk=pk).first()
    if programme is None:
        raise Http404("No such programme")
    return programme


def _activity(strategy: Strategy, pk: int) -> Activity:
    activity = Activity.objects.filter(programme__component__strategy=strategy, pk=pk).first()
    if activity is None:
        raise Http404("No such activity")
    return activity


def _form_page(
    request: HttpRequest, strategy: Strategy, form: Any, title: str, delete_url: str = ""
) -> HttpResponse:
    return render(
        request,
        "strategy/form.html",
        {"strategy": strategy, "form": form, "title": title, "delete_url": delete_url},
    )


@login_required
@require_http_methods(["GET", "POST"])
def component_edit(request: HttpRequest, pk: int, component_pk: int | None = None) -> HttpResponse:
    strategy, access = load(request, pk)
    require(access.edit)
    component = _component(strategy, component_pk) if component_pk else None
    form = ComponentForm(request.POST or None, instance=component, prefix="component")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if component is None:
                services.component_create(strategy=strategy, **data)
            else:
                component.refresh_from_db()
                services.component_update(component=component, **data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(_structure_url(strategy))
    title = strategy.component_label if component is None else str(component)
    delete = (
        reverse("strategy:component-delete", args=[strategy.pk, component.pk]) if component else ""
    )
    return _form_page(request, strategy, form, title, delete)


@login_required
@require_POST
def component_delete(request: HttpRequest, pk: int, component_pk: int) -> HttpResponse:
    strategy, access = load(request, pk)
    require(access.edit)
    try:
        services.component_delete(component=_component(strategy, component_pk))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Deleted."))
    return redirect(_structure_url(strategy))


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int, programme_pk: int | None = None) -> HttpResponse:
    strategy, access = load(request, pk)
    require(access.edit)
    programme = _programme(strategy, programme_pk) if programme_pk else None
    initial = {"component": request.GET.get("component")} if programme is None else None
    form = ProgrammeForm(
        request.POST or None, instance=programme, strategy=strategy, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if programme is None:
                component = data.pop("component")
                services.programme_create(component=component, **data)
            else:
                programme.refresh_from_db()
                programme.component = data.pop("component")
                services.programme_update(programme=programme, **data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(_structure_url(strategy))
    title = _("Programme or project") if programme is None else str(programme)
    delete = (
        reverse("strategy:programme-delete", args=[strategy.pk, programme.pk]) if programme else ""
    )
    return _form_page(request, strategy, form, title, delete)


@login_required
@require_POST
def programme_delete(request: HttpRequest, pk: int, programme_pk: int) -> HttpResponse:
    strategy, access = load(request, pk)
    require(access.edit)
    try:
        services.programme_delete(programme=_programme(strategy, programme_pk))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Deleted."))
    return redirect(_structure_url(strategy))


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int, activity_pk: int | None = None) -> HttpResponse:
    strategy, access = load(request, pk)
    require(access.edit)
    activity = _activity(strategy, activity_pk) if activity_pk else None
    initial = {"programme": request.GET.get("programme")} if activity is None else None
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        strategy=strategy,
        people=people_for(strategy),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        zones = data.pop("zones")
        try:
            if activity is None:
                programme = data.pop("programme")
                services.activity_create(programme=programme, zones=zones, **data)
            else:
                activity.refresh_from_db()
                activity.programme = data.pop("programme")
                services.activity_update(activity=activity, zones=zones, **data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(_structure_url(strategy))
    title = _("Activity") if activity is None else str(activity)
    delete = (
        reverse("strategy:activity-delete", args=[strategy.pk, activity.pk]) if activity else ""
    )
    return _form_page(request, strategy, form, title, delete)


@login_required
@require_POST
def activity_delete(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    strategy, access = load(request, pk)
    require(access.edit)
    services.activity_delete(activity=_activity(strategy, activity_pk))
    messages.success(request, _("Deleted."))
    return redirect(_structure_url(strategy))
