"""Computed results: ask each indicator's computation for a figure per period and keep it.

A figure is stored with the computation, its parameters, the dates, the inputs and the ids of
the records behind it. Recomputing changes an unapproved figure (sending it back to review if it
moved) but never an approved one: a different figure for a locked period is kept as a revision
that an approver may accept, with a reason.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from redpaz.strategy import computations
from redpaz.strategy.computations import MAX_TRACED_RECORDS, Computation, Context, Outcome
from redpaz.strategy.models import Indicator, Result, ResultEvent, Strategy
from redpaz.strategy.performance import Mode
from redpaz.strategy.periods import Period, PeriodKind, quarters_between, years_between
from redpaz.strategy.services.indicators import _text
from redpaz.strategy.services.results import _store_values

logger = logging.getLogger(__name__)
PLACES = Decimal("0.0001")


def periods_to_compute(indicator: Indicator, today: date) -> list[Period]:
    """Years (and quarters, when reported by quarter) of the strategy that have started."""
    strategy = indicator.strategy
    periods = years_between(strategy.start, strategy.end)
    if indicator.frequency == PeriodKind.QUARTER or strategy.quarterly:
        periods += quarters_between(strategy.start, strategy.end)
    started = [p for p in periods if p.span(strategy.start, strategy.end)[0] <= today]
    return sorted(started, key=lambda p: p.sort_key)


def context_for(
    indicator: Indicator, period: Period, zones: Iterable[Any] | None = None
) -> Context:
    strategy = indicator.strategy
    start, end = period.span(strategy.start, strategy.end)
    if indicator.mode == Mode.NON_SUMMING:
        # Running figures (unique people reached so far) are measured from the start.
        start = strategy.start
    return Context(
        strategy=strategy,
        indicator=indicator,
        period=period,
        start=start,
        end=end,
        zones=list(zones) if zones is not None else list(strategy.target_zones.all()),
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _trace(computation: Computation, context: Context, outcome: Outcome) -> dict[str, Any]:
    trace: dict[str, Any] = {
        "computation": computation.name,
        "label": str(computation.label),
        "parameters": dict(context.indicator.parameters),
        "start": context.start.isoformat(),
        "end": context.end.isoformat(),
        "inputs": _jsonable(outcome.inputs),
        "complete": outcome.complete,
        "note": outcome.note,
        "disaggregated": _jsonable(outcome.disaggregated),
    }
    if outcome.records is not None:
        ids = list(
            outcome.records.order_by().values_list("pk", flat=True)[: MAX_TRACED_RECORDS + 1]
        )
        count = len(ids) if len(ids) <= MAX_TRACED_RECORDS else outcome.records.count()
        trace["records"] = {
            "model": outcome.records.model._meta.label_lower,
            "count": count,
            "ids": ids[:MAX_TRACED_RECORDS],
            "truncated": count > MAX_TRACED_RECORDS,
        }
    return trace


def _breakdown(trace: dict[str, Any]) -> dict[str, dict[str, Decimal]]:
    return {
        dimension: {category: Decimal(v) for category, v in values.items()}
        for dimension, values in (trace.get("disaggregated") or {}).items()
    }


def _store(
    indicator: Indicator,
    period: Period,
    outcome: Outcome,
    trace: dict[str, Any],
    result: Result | None,
) -> Result:
    now = timezone.now()
    value = outcome.value.quantize(PLACES) if outcome.value is not None else None
    configured = set(indicator.disaggregations.values_list("dimension", flat=True))
    breakdown = {d: v for d, v in _breakdown(trace).items() if d in configured}
    if result is None:
        result = Result.objects.create(
            indicator=indicator,
            period=period.key,
            origin=Result.Origin.COMPUTED,
            value=value,
            complete=outcome.complete,
            note=outcome.note,
            trace=trace,
            status=Result.Status.SUBMITTED,
            submitted_at=now,
            computed_at=now,
        )
        _store_values(result, breakdown)
        ResultEvent.objects.create(
            result=result, action=ResultEvent.Action.COMPUTED, changes={"value": ["", _text(value)]}
        )
        return result
    if result.is_locked:
        if value == result.value and outcome.complete == result.complete:
            if result.revised_at is not None:
                result.revised_value, result.revised_trace, result.revised_at = None, {}, None
                result.save(update_fields=["revised_value", "revised_trace", "revised_at"])
            return result
        if result.revised_at is None or result.revised_value != value:
            result.revised_value, result.revised_trace, result.revised_at = value, trace, now
            result.save(update_fields=["revised_value", "revised_trace", "revised_at"])
            ResultEvent.objects.create(
                result=result,
                action=ResultEvent.Action.REVISED,
                changes={"value": [_text(result.value), _text(value)]},
            )
        return result
    changed = (
        value != result.value
        or outcome.complete != result.complete
        or result.origin != Result.Origin.COMPUTED
    )
    old_value = result.value
    result.origin = Result.Origin.COMPUTED
    result.value, result.complete, result.note = value, outcome.complete, outcome.note
    result.trace, result.computed_at = trace, now
    if changed:
        result.status = Result.Status.SUBMITTED
        result.submitted_by, result.submitted_at = None, now
        result.reviewed_by, result.reviewed_at = None, None
    result.save()
    _store_values(result, breakdown)
    if changed:
        ResultEvent.objects.create(
            result=result,
            action=ResultEvent.Action.RECOMPUTED,
            changes={"value": [_text(old_value), _text(value)]},
        )
    return result


def indicator_compute(
    *, indicator: Indicator, today: date | None = None, notify: bool = True
) -> list[Result]:
    """Compute every started period of a computed indicator and store the figures."""
    computation = computations.get(indicator.computation) if indicator.computation else None
    if computation is None:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        # Notes are stored: write them in the installation's language, whoever triggers it.
        return _compute(indicator, computation, today or timezone.localdate(), notify)


def _compute(
    indicator: Indicator, computation: Computation, today: date, notify: bool
) -> list[Result]:
    indicator = Indicator.objects.select_related("strategy__territory").get(pk=indicator.pk)
    zones = list(indicator.strategy.target_zones.all())
    periods = periods_to_compute(indicator, today)
    stored = []
    with transaction.atomic():
        existing = {
            r.period: r for r in Result.objects.select_for_update().filter(indicator=indicator)
        }
        for period in periods:
            context = context_for(indicator, period, zones)
            try:
                outcome = computation.compute(context, indicator.parameters)
            except Exception:
                logger.exception(
                    "computation %s failed for %s %s", computation.name, indicator.pk, period
                )
                outcome = Outcome(
                    None, complete=False, note=_("The computation failed; see the server log.")
                )
            stored.append(
                _store(
                    indicator,
                    period,
                    outcome,
                    _trace(computation, context, outcome),
                    existing.get(period.key),
                )
            )
        wanted = {p.key for p in periods}
        stale = [r.pk for r in existing.values() if r.period not in wanted and not r.is_locked]
        if stale:
            Result.objects.filter(pk__in=stale, origin=Result.Origin.COMPUTED).delete()
    if notify:
        from redpaz.strategy.services.notices import notify_off_track

        notify_off_track(indicator)
    return stored


def strategy_recompute(
    *, strategy: Strategy, computations: set[str] | None = None, today: date | None = None
) -> int:
    """Recompute the strategy's computed indicators (optionally only some computations)."""
    indicators = strategy.indicators.exclude(computation="")
    if computations is not None:
        indicators = indicators.filter(computation__in=computations)
    return sum(len(indicator_compute(indicator=i, today=today)) for i in indicators)


def recompute_all(*, kind: str | None = None, strategy_ids: Iterable[int] | None = None) -> int:
    """Recompute computed indicators, all or those depending on an import kind."""
    indicators = Indicator.objects.exclude(computation="").select_related("strategy")
    if strategy_ids is not None:
        indicators = indicators.filter(strategy_id__in=list(strategy_ids))
    total = 0
    for indicator in indicators:
        computation = computations.get(indicator.computation)
        if computation is None or (kind is not None and not computation.depends_on(kind)):
            continue
        try:
            total += len(indicator_compute(indicator=indicator))
        except Exception:
            logger.exception("recomputing indicator %s failed", indicator.pk)
    return total


def recompute_after_import(batch: Any) -> None:
    """Import completion hook: data of this kind changed, so figures that use it may have."""
    recompute_all(kind=batch.kind)
