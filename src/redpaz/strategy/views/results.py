"""A result of a period: report it with evidence, review, approve, return, reopen, and open the
records behind a computed figure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from redpaz.strategy import computations, selectors, services
from redpaz.strategy.categories import categories
from redpaz.strategy.forms import ActionForm, ResultForm
from redpaz.strategy.history import changes_display, inputs_display
from redpaz.strategy.models import Indicator, Result
from redpaz.strategy.performance import check_disaggregation
from redpaz.strategy.periods import Period
from redpaz.strategy.selectors.iptt import period_label
from redpaz.strategy.views.common import form_errors, load, require


def _breakdown(indicator: Indicator, result: Result | None) -> list[dict[str, Any]]:
    if result is None:
        return []
    configured = {d.dimension: d for d in indicator.disaggregations.all()}
    by_dimension: dict[str, dict[str, Any]] = {}
    for value in result.values.all():
        by_dimension.setdefault(value.dimension, {})[value.category] = value.value
    sections = []
    for dimension, values in by_dimension.items():
        disaggregation = configured.get(dimension)
        labels = dict(categories(dimension, indicator.strategy))
        check = check_disaggregation(
            total=result.value,
            values=values,
            double_counting=bool(disaggregation and disaggregation.double_counting),
            summable=indicator.summable,
        )
        sections.append(
            {
                "label": disaggregation.get_dimension_display() if disaggregation else dimension,
                "double_counting": bool(disaggregation and disaggregation.double_counting),
                "rows": [(labels.get(code, code), v) for code, v in values.items()],
                "check": check,
            }
        )
    return sections


@login_required
@require_http_methods(["GET", "POST"])
def result_detail(request: HttpRequest, pk: int, indicator_pk: int, period: str) -> HttpResponse:
    strategy, access = load(request, pk)
    indicator = selectors.indicator_get(strategy=strategy, pk=indicator_pk)
    result = selectors.result_get(indicator=indicator, period=period, access=access)
    key = Period.parse(period).key
    can_report = access.report and not indicator.is_computed and not (result and result.is_locked)
    form = None
    if can_report:
        current = (
            {(v.dimension, v.category): v.value for v in result.values.all()} if result else {}
        )
        initial = (
            {"value": result.value, "note": result.note, "evidence_url": result.evidence_url}
            if result
            else {}
        )
        form = ResultForm(
            request.POST or None,
            request.FILES or None,
            indicator=indicator,
            current=current,
            initial=initial,
        )
    if request.method == "POST":
        require(access.report)
        if result is not None and result.is_locked:
            # A locked period answers the same whatever the form says.
            messages.error(request, str(services.PeriodLocked(result).messages[0]))
            return redirect(indicator.get_absolute_url())
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.result_report(
                    indicator=indicator,
                    period=key,
                    value=form.cleaned_data["value"],
                    user=request.user,
                    values=form.values(),
                    note=form.cleaned_data["note"],
                    evidence_file=form.cleaned_data["evidence_file"],
                    evidence_url=form.cleaned_data["evidence_url"],
                )
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("Result submitted for review."))
                return redirect("strategy:result", pk, indicator_pk, key)
    computation = computations.get(indicator.computation) if indicator.computation else None
    return render(
        request,
        "strategy/result.html",
        {
            "strategy": strategy,
            "access": access,
            "indicator": indicator,
            "period": key,
            "period_label": period_label(Period.parse(key)),
            "result": result,
            "form": form,
            "action_form": ActionForm(),
            "breakdown": _breakdown(indicator, result),
            "events": [
                (e, changes_display(e.changes)) for e in result.events.select_related("user")
            ]
            if result and access.view_all
            else [],
            "inputs": inputs_display(result.trace.get("inputs", {})) if result else [],
            "computation": computation,
            "is_own": bool(result and result.submitted_by_id == request.user.pk),
        },
    )


ACTIONS: dict[str, tuple[str, Callable[..., Result], str, Any]] = {
    "review": ("review", services.result_review, "comment", _("Result reviewed.")),
    "approve": (
        "approve",
        services.result_approve,
        "comment",
        _("Result approved; the period is locked."),
    ),
    "return": ("review", services.result_return, "reason", _("Result returned for correction.")),
    "reopen": ("approve", services.result_reopen, "reason", _("Result reopened.")),
    "accept-revision": (
        "approve",
        services.result_revision_accept,
        "reason",
        _("Revised figure accepted."),
    ),
}


@login_required
@require_POST
def result_action(
    request: HttpRequest, pk: int, indicator_pk: int, period: str, action: str
) -> HttpResponse:
    strategy, access = load(request, pk)
    indicator = selectors.indicator_get(strategy=strategy, pk=indicator_pk)
    if action not in ACTIONS:
        raise Http404("No such action")
    permission, service, argument, done = ACTIONS[action]
    if action == "return":
        require(access.review or access.approve)
    else:
        require(getattr(access, permission))
    result = selectors.result_get(indicator=indicator, period=period, access=access)
    if result is None:
        raise Http404("No result for this period")
    form = ActionForm(request.POST)
    form.is_valid()
    text = form.cleaned_data.get("comment", "")
    try:
        service(result=result, user=request.user, **{argument: text})
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, str(done))
    return redirect("strategy:result", pk, indicator_pk, result.period)


@login_required
@require_GET
def result_evidence(request: HttpRequest, pk: int, indicator_pk: int, period: str) -> FileResponse:
    strategy, access = load(request, pk)
    indicator = selectors.indicator_get(strategy=strategy, pk=indicator_pk)
    result = selectors.result_get(indicator=indicator, period=period, access=access)
    if result is None or not result.evidence_file:
        raise Http404("No evidence file")
    return FileResponse(
        result.evidence_file.open("rb"), as_attachment=True, filename=result.evidence_name
    )


@login_required
@require_GET
def result_records(request: HttpRequest, pk: int, indicator_pk: int, period: str) -> HttpResponse:
    """The rows a computed figure was computed from, as they are stored now."""
    strategy, access = load(request, pk)
    require(access.view_all)
    indicator = selectors.indicator_get(strategy=strategy, pk=indicator_pk)
    result = selectors.result_get(indicator=indicator, period=period, access=access)
    if result is None or not result.trace.get("records"):
        raise Http404("No records behind this figure")
    trace = result.trace["records"]
    model = apps.get_model(trace["model"])
    computation = computations.get(result.trace.get("computation", ""))
    columns = (
        list(computation.record_columns) if computation and computation.record_columns else ["pk"]
    )
    qs = model.objects.filter(pk__in=trace["ids"]).order_by("pk").values_list(*columns)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    headers = [_column_label(model, c) for c in columns]
    labels = [_choice_labels(model, c) for c in columns]
    rows = [
        [labels[i].get(value, value) if labels[i] else value for i, value in enumerate(row)]
        for row in page.object_list
    ]
    return render(
        request,
        "strategy/records.html",
        {
            "strategy": strategy,
            "indicator": indicator,
            "result": result,
            "period_label": period_label(Period.parse(result.period)),
            "headers": headers,
            "page": page,
            "rows": rows,
            "trace": trace,
            "still_there": model.objects.filter(pk__in=trace["ids"]).count(),
        },
    )


def _column_label(model: Any, path: str) -> str:
    """The verbose name of a field path ("batch__source_name" → "source file")."""
    current = model
    field = None
    for part in path.split("__"):
        if part == "pk":
            return "id"
        field = current._meta.get_field(part)
        if getattr(field, "related_model", None) is not None and part != path.split("__")[-1]:
            current = field.related_model
    return str(getattr(field, "verbose_name", path))


def _choice_labels(model: Any, path: str) -> dict[Any, str]:
    """Readable labels of a field with choices ("male" → "Hombre"), else empty."""
    current = model
    field: Any = None
    for part in path.split("__"):
        if part == "pk":
            return {}
        field = current._meta.get_field(part)
        if getattr(field, "related_model", None) is not None:
            current = field.related_model
    choices = getattr(field, "choices", None) or []
    return {value: str(label) for value, label in choices}
