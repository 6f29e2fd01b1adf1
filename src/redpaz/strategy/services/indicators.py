"""Indicators: definitions, baselines, targets and disaggregations, each change with a reason."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from redpaz.strategy import computations
from redpaz.strategy.computations import Context, Outcome
from redpaz.strategy.models import Disaggregation, Indicator, IndicatorRevision, Strategy, Target
from redpaz.strategy.periods import LIFE, Period, PeriodKind

DEFINITION_FIELDS = (
    "code",
    "name",
    "definition",
    "level",
    "unit",
    "direction",
    "mode",
    "frequency",
    "baseline_value",
    "baseline_date",
    "baseline_note",
    "responsible",
    "means_of_verification",
    "computation",
    "parameters",
    "is_key",
    "component",
    "programme",
    "order",
)
# Changing these changes what a computed figure means: recompute.
COMPUTING_FIELDS = {"computation", "parameters", "unit", "mode", "frequency"}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in sorted(value.items()))
    return str(value)


def _snapshot(indicator: Indicator) -> dict[str, str]:
    return {name: _text(getattr(indicator, name)) for name in DEFINITION_FIELDS}


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why this change is made: it is kept in the history.")}
        )
    return reason


def _validate(indicator: Indicator) -> None:
    errors: dict[str, str] = {}
    strategy_id = indicator.strategy_id
    component, programme = indicator.component, indicator.programme
    if component is not None and component.strategy_id != strategy_id:
        errors["component"] = _("The component belongs to another strategy.")
    if programme is not None:
        if programme.component.strategy_id != strategy_id:
            errors["programme"] = _("The programme belongs to another strategy.")
        else:
            indicator.component = programme.component
    if indicator.mode == Indicator.Mode.CUMULATIVE:
        if not indicator.summable:
            errors["mode"] = _(
                "Percentages and rates cannot be added up: use non-cumulative or "
                "cumulative non-summing."
            )
        elif indicator.direction == Indicator.Direction.DECREASE:
            errors["mode"] = _(
                "A running total cannot decrease: use non-cumulative for a decrease."
            )
    if indicator.computation:
        computation = computations.get(indicator.computation)
        if computation is None:
            errors["computation"] = _("No computation is named %(name)s.") % {
                "name": indicator.computation
            }
        else:
            if computation.unit != indicator.unit:
                errors["unit"] = _("This computation gives a %(unit)s.") % {
                    "unit": Indicator.Unit(computation.unit).label
                }
            try:
                indicator.parameters = computations.clean_parameters(
                    computation, indicator.parameters or {}, strategy=indicator.strategy
                )
            except ValidationError as exc:
                errors["parameters"] = "; ".join(
                    f"{k}: {' '.join(v)}" if k != "__all__" else " ".join(v)
                    for k, v in exc.message_dict.items()
                )
    else:
        indicator.parameters = {}
    if (indicator.baseline_value is None) != (indicator.baseline_date is None):
        errors["baseline_date"] = _("A baseline needs both a value and a date.")
    if errors:
        raise ValidationError(errors)
    indicator.full_clean(exclude=["parameters"])


def allowed_periods(indicator: Indicator) -> list[Period]:
    """Periods an indicator may have targets for, given its frequency."""
    from redpaz.strategy.periods import quarters_between, years_between

    strategy = indicator.strategy
    periods: list[Period] = [LIFE]
    if indicator.frequency in (PeriodKind.YEAR, PeriodKind.QUARTER):
        periods += years_between(strategy.start, strategy.end)
    if indicator.frequency == PeriodKind.QUARTER:
        periods += quarters_between(strategy.start, strategy.end)
    return sorted(periods, key=lambda p: p.sort_key)


def _clean_targets(
    indicator: Indicator, targets: Mapping[str, Decimal | None]
) -> dict[str, Decimal | None]:
    allowed = {p.key: p for p in allowed_periods(indicator)}
    cleaned: dict[str, Decimal | None] = {}
    errors = []
    for key, value in targets.items():
        try:
            period = Period.parse(key)
        except ValueError:
            errors.append(_("%(key)s is not a period.") % {"key": key})
            continue
        if period.key not in allowed:
            errors.append(
                _("%(period)s is not a period this indicator sets targets for.")
                % {"period": period.key}
            )
            continue
        if value is not None:
            value = Decimal(value)
            if value < 0:
                errors.append(_("Targets cannot be negative (%(period)s).") % {"period": key})
            if indicator.unit == Indicator.Unit.PERCENTAGE and value > 100:
                errors.append(_("A percentage cannot exceed 100 (%(period)s).") % {"period": key})
        cleaned[period.key] = value
    if errors:
        raise ValidationError({"targets": errors})
    return cleaned


def _check_running_targets(indicator: Indicator, targets: dict[str, Decimal]) -> None:
    """Cumulative targets are running totals: they never go down from one period to the next."""
    if indicator.mode != Indicator.Mode.CUMULATIVE:
        return
    for kind in (PeriodKind.QUARTER, PeriodKind.YEAR):
        series = sorted(
            ((Period.parse(k), v) for k, v in targets.items() if Period.parse(k).kind == kind),
            key=lambda pv: pv[0].sort_key,
        )
        for (before, a), (after, b) in itertools.pairwise(series):
            if b < a:
                raise ValidationError(
                    {
                        "targets": _(
                            "Cumulative targets are running totals: %(after)s (%(b)s) cannot be "
                            "lower than %(before)s (%(a)s)."
                        )
                        % {"after": after.key, "b": b, "before": before.key, "a": a}
                    }
                )


def _record(indicator: Indicator, user: Any, reason: str, changes: dict[str, Any]) -> None:
    IndicatorRevision.objects.create(
        indicator=indicator,
        user=user if getattr(user, "is_authenticated", False) else None,
        reason=reason,
        changes=changes,
    )


def _set_disaggregations(indicator: Indicator, dimensions: Mapping[str, bool]) -> dict[str, Any]:
    valid = set(Disaggregation.Dimension.values)
    unknown = set(dimensions) - valid
    if unknown:
        raise ValidationError(
            {"disaggregations": _("Unknown dimensions: %(d)s") % {"d": ", ".join(sorted(unknown))}}
        )
    before = {d.dimension: d.double_counting for d in indicator.disaggregations.all()}
    after = dict(dimensions)
    changes: dict[str, Any] = {}
    for dimension in sorted(set(before) | set(after)):
        if before.get(dimension) != after.get(dimension):
            changes[f"disaggregation {dimension}"] = [
                _describe_dimension(before.get(dimension)),
                _describe_dimension(after.get(dimension)),
            ]
    indicator.disaggregations.exclude(dimension__in=after).delete()
    for dimension, double in after.items():
        Disaggregation.objects.update_or_create(
            indicator=indicator, dimension=dimension, defaults={"double_counting": double}
        )
    return changes


def _describe_dimension(double: bool | None) -> str:
    if double is None:
        return ""
    return "with double counting" if double else "without double counting"


def _set_targets(indicator: Indicator, targets: Mapping[str, Decimal | None]) -> dict[str, Any]:
    cleaned = _clean_targets(indicator, targets)
    current = {t.period: t.value for t in indicator.targets.all()}
    merged = {**current, **cleaned}
    _check_running_targets(indicator, {k: v for k, v in merged.items() if v is not None})
    changes: dict[str, Any] = {}
    for key, value in cleaned.items():
        old = current.get(key)
        if value is None:
            if old is not None:
                indicator.targets.filter(period=key).delete()
                changes[f"target {key}"] = [_text(old), ""]
        elif old != value:
            Target.objects.update_or_create(
                indicator=indicator, period=key, defaults={"value": value}
            )
            changes[f"target {key}"] = [_text(old), _text(value)]
    return changes


@transaction.atomic
def indicator_create(
    *,
    strategy: Strategy,
    user: Any = None,
    targets: Mapping[str, Decimal | None] | None = None,
    disaggregations: Mapping[str, bool] | None = None,
    reason: str = "",
    **fields: Any,
) -> Indicator:
    unknown = set(fields) - set(DEFINITION_FIELDS)
    if unknown:
        raise ValueError(f"not indicator fields: {', '.join(sorted(unknown))}")
    indicator = Indicator(strategy=strategy, **fields)
    indicator.created_by = user if getattr(user, "is_authenticated", False) else None
    if "order" not in fields:
        indicator.order = (strategy.indicators.aggregate(m=models.Max("order"))["m"] or 0) + 1
    _validate(indicator)
    indicator.save()
    changes = {name: ["", value] for name, value in _snapshot(indicator).items() if value}
    changes.update(_set_disaggregations(indicator, disaggregations or {}))
    changes.update(_set_targets(indicator, targets or {}))
    _record(indicator, user, reason.strip() or _("Indicator created"), changes)
    return indicator


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, user: Any = None, reason: str, **fields: Any
) -> Indicator:
    """Change an indicator's definition; the reason and the changes go into its history."""
    unknown = set(fields) - set(DEFINITION_FIELDS)
    if unknown:
        raise ValueError(f"not indicator fields: {', '.join(sorted(unknown))}")
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    before = _snapshot(indicator)
    for name, value in fields.items():
        setattr(indicator, name, value)
    _validate(indicator)
    after = _snapshot(indicator)
    changes = {k: [before[k], after[k]] for k in DEFINITION_FIELDS if before[k] != after[k]}
    if not changes:
        return indicator
    reason = _require_reason(reason)
    indicator.save()
    _record(indicator, user, reason, changes)
    if indicator.computation and COMPUTING_FIELDS & set(changes):
        from redpaz.strategy.services.computing import indicator_compute

        transaction.on_commit(lambda: indicator_compute(indicator=indicator))
    return indicator


@transaction.atomic
def indicator_targets_set(
    *,
    indicator: Indicator,
    targets: Mapping[str, Decimal | None],
    user: Any = None,
    reason: str,
) -> Indicator:
    """Set targets by period key (None removes one); the change is kept with its reason."""
    reason_text = (reason or "").strip()
    changes = _set_targets(indicator, targets)
    if changes:
        _record(indicator, user, _require_reason(reason_text), changes)
    return indicator


@transaction.atomic
def indicator_disaggregations_set(
    *, indicator: Indicator, dimensions: Mapping[str, bool], user: Any = None, reason: str
) -> Indicator:
    reason_text = (reason or "").strip()
    changes = _set_disaggregations(indicator, dimensions)
    if changes:
        _record(indicator, user, _require_reason(reason_text), changes)
    return indicator


def baseline_outcome(indicator: Indicator, year: int) -> Outcome:
    """The indicator's computation for a calendar year (the baseline year is usually before
    the strategy starts, so the span is not clipped to the strategy)."""
    computation = computations.get(indicator.computation)
    if computation is None:
        raise ValidationError(_("This indicator is not computed from data."))
    strategy = indicator.strategy
    context = Context(
        strategy=strategy,
        indicator=indicator,
        period=Period.of_year(year),
        start=date(year, 1, 1),
        end=date(year, 12, 31),
        zones=list(strategy.target_zones.all()),
    )
    return computation.compute(context, indicator.parameters)


@transaction.atomic
def indicator_baseline_compute(
    *, indicator: Indicator, year: int, user: Any = None, reason: str
) -> Indicator:
    """Set the baseline to the computed figure of a year chosen by the user."""
    outcome = baseline_outcome(indicator, year)
    if outcome.value is None:
        raise ValidationError(
            _("No figure for %(year)s: %(note)s") % {"year": year, "note": outcome.note}
        )
    if not outcome.complete:
        raise ValidationError(
            _("The data for %(year)s is incomplete: %(note)s")
            % {"year": year, "note": outcome.note}
        )
    computation = computations.get(indicator.computation)
    return indicator_update(
        indicator=indicator,
        user=user,
        reason=reason,
        baseline_value=outcome.value,
        baseline_date=date(year, 12, 31),
        baseline_note=_("Computed for %(year)s: %(label)s")
        % {
            "year": year,
            "label": computation.label if computation else indicator.computation,
        },
    )


@transaction.atomic
def indicator_delete(*, indicator: Indicator) -> None:
    if indicator.results.exists():
        raise ValidationError(_("This indicator has results; it cannot be deleted."))
    indicator.delete()
