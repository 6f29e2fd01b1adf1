"""Indicators: definition (computed or reported), targets, disaggregations, baseline, history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from redpaz.strategy import computations, selectors, services
from redpaz.strategy.computations import describe_parameters
from redpaz.strategy.forms import (
    INDICATOR_FIELDS,
    BaselineForm,
    DisaggregationsForm,
    IndicatorForm,
    TargetsForm,
)
from redpaz.strategy.history import changes_display
from redpaz.strategy.models import Indicator, Strategy
from redpaz.strategy.selectors.iptt import indicator_track, period_label
from redpaz.strategy.services.indicators import allowed_periods
from redpaz.strategy.views.common import form_errors, load, people_for, require


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int, indicator_pk: int | None = None) -> HttpResponse:
    strategy, access = load(request, pk)
    require(access.edit)
    indicator = (
        selectors.indicator_get(strategy=strategy, pk=indicator_pk) if indicator_pk else None
    )
    name = (
        request.POST.get("computation")
        if request.method == "POST"
        else request.GET.get("computation", indicator.computation if indicator else "")
    )
    computation = computations.get(name) if name else None
    initial: dict[str, Any] = {}
    if indicator is None:
        initial = {
            "component": request.GET.get("component"),
            "programme": request.GET.get("programme"),
        }
        if computation is not None:
            initial["unit"] = computation.unit
    form = IndicatorForm(
        request.POST or None,
        instance=indicator,
        strategy=strategy,
        people=people_for(strategy),
        computation=computation,
        require_reason=indicator is not None,
        initial=initial,
    )
    if request.GET.get("computation") is not None and request.method == "GET":
        form.fields["computation"].initial = name
    # "Show the settings of this computation" re-draws the form without saving.
    if request.method == "POST" and "choose" not in request.POST and form.is_valid():
        data = {k: form.cleaned_data[k] for k in INDICATOR_FIELDS}
        data["computation"] = name or ""
        data["parameters"] = form.parameters()
        try:
            if indicator is None:
                indicator = services.indicator_create(
                    strategy=strategy, user=request.user, reason=form.cleaned_data["reason"], **data
                )
                if indicator.is_computed:
                    services.indicator_compute(indicator=indicator)
            else:
                indicator = services.indicator_update(
                    indicator=indicator,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    **data,
                )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect(indicator.get_absolute_url())
    return render(
        request,
        "strategy/indicator_form.html",
        {"strategy": strategy, "indicator": indicator, "form": form, "computation": computation},
    )


@login_required
@require_GET
def indicator_detail(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    strategy, access = load(request, pk)
    indicator = selectors.indicator_get(strategy=strategy, pk=indicator_pk)
    track = indicator_track(indicator, approved_only=access.approved_only)
    results = {
        r.period: r
        for r in selectors.results_visible(access, indicator.results.all()).select_related(
            "submitted_by"
        )
    }
    cells = sorted(track.cells.values(), key=lambda c: c.period.sort_key)
    rows = [
        {"cell": c, "label": period_label(c.period), "result": results.get(c.period.key)}
        for c in cells
    ]
    computation = computations.get(indicator.computation) if indicator.computation else None
    others = indicator.results.exclude(submitted_by=request.user.pk).filter(value__isnull=False)
    return render(
        request,
        "strategy/indicator_detail.html",
        {
            "strategy": strategy,
            "access": access,
            "indicator": indicator,
            "track": track,
            "rows": rows,
            "computation": computation,
            "parameters": describe_parameters(computation, indicator.parameters)
            if computation
            else "",
            "disaggregations": indicator.disaggregations.all(),
            "to_review": others.filter(status="submitted").count() if access.review else 0,
            "to_approve": others.filter(status="reviewed").count() if access.approve else 0,
            "revisions": [
                (revision, changes_display(revision.changes))
                for revision in indicator.revisions.select_related("user")[:50]
            ]
            if access.view_all
            else [],
            "reportable": [
                p
                for p in allowed_periods(indicator)
                if p.key != "LOP"
                and p.key not in results
                and p.span(strategy.start, strategy.end)[0] <= timezone.localdate()
            ]
            if access.report and not indicator.is_computed
            else [],
        },
    )


def _indicator_form_page(
    request: HttpRequest,
    strategy: Strategy,
    indicator: Indicator,
    form: Any,
    title: str,
    help_text: str = "",
) -> HttpResponse:
    return render(
        request,
        "strategy/indicator_subform.html",
        {
            "strategy": strategy,
            "indicator": indicator,
            "form": form,
            "title": title,
            "help": help_text,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_targets(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    strategy, access = load(request, pk)
    require(access.edit)
    indicator = selectors.indicator_get(strategy=strategy, pk=indicator_pk)
    periods = [(p, period_label(p)) for p in allowed_periods(indicator)]
    current = dict(indicator.targets.values_list("period", "value"))
    form = TargetsForm(request.POST or None, periods=periods, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_targets_set(
                indicator=indicator,
                targets=form.targets(),
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Targets saved."))
            return redirect(indicator.get_absolute_url())
    help_text = (
        _(
            "Cumulative indicator: enter each target as the total expected from the start of "
            "the strategy to the end of the period."
        )
        if indicator.mode == Indicator.Mode.CUMULATIVE
        else _(
            "Leave a period empty for no target. Yearly targets may be left empty when "
            "quarterly ones are set: they are derived."
        )
    )
    return _indicator_form_page(request, strategy, indicator, form, _("Targets"), help_text)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_disaggregations(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    strategy, access = load(request, pk)
    require(access.edit)
    indicator = selectors.indicator_get(strategy=strategy, pk=indicator_pk)
    current = dict(indicator.disaggregations.values_list("dimension", "double_counting"))
    form = DisaggregationsForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_disaggregations_set(
                indicator=indicator,
                dimensions=form.dimensions(),
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Disaggregations saved."))
            return redirect(indicator.get_absolute_url())
    return _indicator_form_page(request, strategy, indicator, form, _("Disaggregations"))


@login_required
@require_http_methods(["GET", "POST"])
def indicator_baseline(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    strategy, access = load(request, pk)
    require(access.edit)
    indicator = selectors.indicator_get(strategy=strategy, pk=indicator_pk)
    require(indicator.is_computed)
    form = BaselineForm(request.POST or None, initial={"year": strategy.start.year - 1})
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_baseline_compute(
                indicator=indicator,
                year=form.cleaned_data["year"],
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Baseline computed."))
            return redirect(indicator.get_absolute_url())
    return _indicator_form_page(
        request,
        strategy,
        indicator,
        form,
        _("Compute the baseline"),
        _(
            "The baseline becomes the computed figure of the year you choose (usually the "
            "year before the strategy starts)."
        ),
    )


@login_required
@require_POST
def indicator_recompute(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    strategy, access = load(request, pk)
    require(access.report or access.edit)
    indicator = selectors.indicator_get(strategy=strategy, pk=indicator_pk)
    results = services.indicator_compute(indicator=indicator)
    messages.success(
        request, _("%(n)s figures recomputed from the current data.") % {"n": len(results)}
    )
    return redirect(indicator.get_absolute_url())


@login_required
@require_POST
def indicator_delete(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    strategy, access = load(request, pk)
    require(access.edit)
    indicator = selectors.indicator_get(strategy=strategy, pk=indicator_pk)
    try:
        services.indicator_delete(indicator=indicator)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(indicator.get_absolute_url())
    messages.success(request, _("Indicator deleted."))
    return redirect(strategy.get_absolute_url())


@login_required
@require_POST
def indicator_review_all(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    strategy, access = load(request, pk)
    require(access.review)
    indicator = selectors.indicator_get(strategy=strategy, pk=indicator_pk)
    count = services.results_review_all(
        indicator=indicator, user=request.user, comment=request.POST.get("comment", "")
    )
    messages.success(request, _("%(n)s figures reviewed.") % {"n": count})
    return redirect(indicator.get_absolute_url())


@login_required
@require_POST
def indicator_approve_all(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    strategy, access = load(request, pk)
    require(access.approve)
    indicator = selectors.indicator_get(strategy=strategy, pk=indicator_pk)
    count = services.results_approve_all(
        indicator=indicator, user=request.user, comment=request.POST.get("comment", "")
    )
    messages.success(request, _("%(n)s figures approved; their periods are locked.") % {"n": count})
    return redirect(indicator.get_absolute_url())
