"""Strategies, their components, programmes and activities."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from redpaz.strategy import blueprints
from redpaz.strategy.models import Activity, Component, Indicator, Programme, Strategy
from redpaz.strategy.periods import LIFE, Period, quarters_between, years_between
from redpaz.territory.models import Level, Territory

STRATEGY_FIELDS = (
    "name",
    "description",
    "diagnosis",
    "legal_instrument",
    "start",
    "end",
    "quarterly",
    "on_track_threshold",
    "component_term",
)


def _save(instance: models.Model, *, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude))
    instance.save()


def _check_zones(territory: Territory, zones: Iterable[Territory]) -> list[Territory]:
    zones = list(zones)
    wrong = [
        z.name
        for z in zones
        if not z.is_zone
        or (territory.level == Level.MUNICIPALITY and z.municipality_code != territory.code)
        or (territory.level == Level.DEPARTMENT and z.department_code != territory.code)
        or (territory.is_zone and z.municipality_code != territory.municipality_code)
    ]
    if wrong:
        raise ValidationError(
            {
                "target_zones": _("These zones are not zones of %(territory)s: %(names)s")
                % {"territory": territory.name, "names": ", ".join(wrong)}
            }
        )
    return zones


@transaction.atomic
def strategy_create(
    *,
    name: str,
    organisation: Any,
    territory: Territory,
    start: date,
    end: date,
    user: Any = None,
    blueprint: str = "blank",
    zones: Iterable[Territory] = (),
    description: str = "",
    legal_instrument: str = "",
    quarterly: bool = True,
    impact_source: str = "",
    baseline_year: int | None = None,
    yearly_change: Decimal | None = None,
) -> Strategy:
    """Create a strategy from a blueprint (PAZOS, Somos Comunidad, PISCC or blank).

    With ``impact_source`` (a data source slug) the blueprint's impact indicators are created,
    computed from that source. With ``baseline_year`` their baseline is computed for that year,
    and with ``yearly_change`` (e.g. -5 for a 5 % reduction a year) their yearly targets follow
    from it. Their results are then computed for every period that has started.
    """
    model = blueprints.BLUEPRINTS.get(blueprint)
    if model is None:
        raise ValidationError({"blueprint": _("Unknown model %(slug)s") % {"slug": blueprint}})
    if territory.level not in (Level.MUNICIPALITY, Level.DEPARTMENT, Level.COUNTRY):
        raise ValidationError(
            {"territory": _("A strategy belongs to a municipality or a department.")}
        )
    strategy = Strategy(
        name=name,
        organisation=organisation,
        territory=territory,
        start=start,
        end=end,
        description=description,
        diagnosis=str(model.diagnosis),
        legal_instrument=legal_instrument,
        template=model.slug,
        component_term=str(model.component_term),
        quarterly=quarterly,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    _save(strategy)
    strategy.target_zones.set(_check_zones(territory, zones))
    for order, component in enumerate(model.components, start=1):
        Component.objects.create(
            strategy=strategy,
            code=component.code,
            name=str(component.name),
            description=str(component.description),
            order=order,
        )
    if impact_source:
        _impact_indicators(strategy, model, impact_source, baseline_year, yearly_change, user)
    return strategy


def _impact_indicators(
    strategy: Strategy,
    model: blueprints.Blueprint,
    source: str,
    baseline_year: int | None,
    yearly_change: Decimal | None,
    user: Any,
) -> None:
    from redpaz.strategy.services.computing import indicator_compute
    from redpaz.strategy.services.indicators import baseline_outcome, indicator_create

    for order, spec in enumerate(model.indicators, start=1):
        fields: dict[str, Any] = {
            "code": spec.code,
            "name": str(spec.name),
            "definition": str(spec.definition),
            "level": spec.level,
            "unit": spec.unit,
            "direction": spec.direction,
            "mode": Indicator.Mode.NON_CUMULATIVE,
            "frequency": Indicator.Frequency.YEAR,
            "computation": spec.computation,
            "parameters": {**spec.parameters, "source": source},
            "means_of_verification": str(spec.means_of_verification),
            "is_key": True,
            "order": order,
        }
        targets: dict[str, Decimal] = {}
        if baseline_year is not None:
            probe = Indicator(strategy=strategy, **fields)
            outcome = baseline_outcome(probe, baseline_year)
            if outcome.value is not None:
                fields["baseline_value"] = outcome.value
                fields["baseline_date"] = date(baseline_year, 12, 31)
                fields["baseline_note"] = _("Computed for %(year)s from %(source)s") % {
                    "year": baseline_year,
                    "source": source,
                }
                if yearly_change is not None:
                    targets = planned_targets(
                        strategy, probe, outcome.value, baseline_year, yearly_change
                    )
        indicator = indicator_create(
            strategy=strategy,
            user=user,
            targets=targets,
            disaggregations=dict.fromkeys(spec.disaggregations, False),
            reason=_("Created from: %(model)s") % {"model": model.name},
            **fields,
        )
        indicator_compute(indicator=indicator)


def planned_targets(
    strategy: Strategy,
    indicator: Indicator,
    baseline: Decimal,
    baseline_year: int,
    yearly_change: Decimal,
) -> dict[str, Decimal]:
    """Yearly targets changing by ``yearly_change`` % a year from the baseline (compounded)."""
    step = Decimal(1) + yearly_change / Decimal(100)
    places = Decimal(1) if indicator.unit == Indicator.Unit.COUNT else Decimal("0.01")
    targets: dict[str, Decimal] = {}
    for period in years_between(strategy.start, strategy.end):
        years = period.year - baseline_year
        if years < 1:
            continue
        targets[period.key] = (baseline * step**years).quantize(places, rounding=ROUND_HALF_UP)
    if targets:
        targets[LIFE.key] = targets[max(targets)]
    return targets


def valid_periods(strategy: Strategy) -> set[str]:
    keys = {LIFE.key} | {p.key for p in years_between(strategy.start, strategy.end)}
    return keys | {q.key for q in quarters_between(strategy.start, strategy.end)}


@transaction.atomic
def strategy_update(
    *, strategy: Strategy, user: Any = None, zones: Iterable[Territory] | None = None, **fields: Any
) -> Strategy:
    unknown = set(fields) - set(STRATEGY_FIELDS)
    if unknown:
        raise ValueError(f"not strategy fields: {', '.join(sorted(unknown))}")
    old_span = (strategy.start, strategy.end)
    for name, value in fields.items():
        setattr(strategy, name, value)
    _save(strategy)
    if (strategy.start, strategy.end) != old_span:
        allowed = valid_periods(strategy)
        stray = sorted(
            {
                *Indicator.objects.filter(strategy=strategy)
                .exclude(targets__isnull=True)
                .exclude(targets__period__in=allowed)
                .values_list("targets__period", flat=True),
                *Indicator.objects.filter(strategy=strategy)
                .exclude(results__isnull=True)
                .exclude(results__period__in=allowed)
                .values_list("results__period", flat=True),
            },
            key=lambda k: Period.parse(k).sort_key,
        )
        if stray:
            raise ValidationError(
                {
                    "end": _(
                        "Targets or results exist for periods outside the new dates: %(periods)s"
                    )
                    % {"periods": ", ".join(stray)}
                }
            )
    changed_zones = False
    if zones is not None:
        new = _check_zones(strategy.territory, zones)
        changed_zones = {z.pk for z in new} != set(
            strategy.target_zones.values_list("pk", flat=True)
        )
        strategy.target_zones.set(new)
    if changed_zones or (strategy.start, strategy.end) != old_span:
        from redpaz.strategy.services.computing import strategy_recompute

        transaction.on_commit(lambda: strategy_recompute(strategy=strategy))
    return strategy


# --- components, programmes, activities --------------------------------------------------


@transaction.atomic
def component_create(
    *, strategy: Strategy, code: str, name: str, description: str = "", order: int | None = None
) -> Component:
    if order is None:
        order = (strategy.components.aggregate(m=models.Max("order"))["m"] or 0) + 1
    component = Component(
        strategy=strategy, code=code, name=name, description=description, order=order
    )
    _save(component)
    return component


@transaction.atomic
def component_update(*, component: Component, **fields: Any) -> Component:
    for name in ("code", "name", "description", "order"):
        if name in fields:
            setattr(component, name, fields[name])
    _save(component)
    return component


def _refuse_if_results(indicators: models.QuerySet[Indicator], what: str) -> None:
    if indicators.filter(results__isnull=False).exists():
        raise ValidationError(
            _("%(what)s has indicators with results; it cannot be deleted.") % {"what": what}
        )


@transaction.atomic
def component_delete(*, component: Component) -> None:
    _refuse_if_results(component.indicators.all(), str(component))
    programmes = Indicator.objects.filter(programme__component=component)
    _refuse_if_results(programmes, str(component))
    component.delete()


PROGRAMME_FIELDS = (
    "kind",
    "parent",
    "code",
    "name",
    "description",
    "responsible_unit",
    "responsible_organisation",
    "start",
    "end",
    "budget",
    "order",
)


def _check_programme(programme: Programme) -> None:
    if programme.parent is not None and programme.parent.component_id != programme.component_id:
        raise ValidationError(
            {"parent": _("A project belongs to a programme of the same component.")}
        )
    if programme.parent_id is not None and programme.parent_id == programme.pk:
        raise ValidationError({"parent": _("A programme cannot belong to itself.")})
    if programme.start and programme.end and programme.start > programme.end:
        raise ValidationError({"end": _("The end is before the start.")})


@transaction.atomic
def programme_create(*, component: Component, code: str, name: str, **fields: Any) -> Programme:
    programme = Programme(component=component, code=code, name=name)
    for field in PROGRAMME_FIELDS:
        if field in fields:
            setattr(programme, field, fields[field])
    if "order" not in fields:
        programme.order = (component.programmes.aggregate(m=models.Max("order"))["m"] or 0) + 1
    _check_programme(programme)
    _save(programme)
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, **fields: Any) -> Programme:
    for field in PROGRAMME_FIELDS:
        if field in fields:
            setattr(programme, field, fields[field])
    _check_programme(programme)
    _save(programme)
    return programme


@transaction.atomic
def programme_delete(*, programme: Programme) -> None:
    _refuse_if_results(programme.indicators.all(), str(programme))
    programme.delete()


ACTIVITY_FIELDS = (
    "name",
    "description",
    "responsible",
    "start",
    "end",
    "status",
    "completed_on",
    "order",
)


def _check_activity(activity: Activity) -> None:
    if activity.status == Activity.Status.DONE and activity.completed_on is None:
        raise ValidationError({"completed_on": _("Say when the activity was completed.")})
    if activity.status != Activity.Status.DONE:
        activity.completed_on = None
    if activity.start and activity.end and activity.start > activity.end:
        raise ValidationError({"end": _("The end is before the start.")})


def _activities_changed(strategy: Strategy) -> None:
    from redpaz.strategy.services.computing import strategy_recompute

    transaction.on_commit(
        lambda: strategy_recompute(
            strategy=strategy, computations={"strategy.activities_completed"}
        )
    )


@transaction.atomic
def activity_create(
    *, programme: Programme, name: str, zones: Iterable[Territory] = (), **fields: Any
) -> Activity:
    activity = Activity(programme=programme, name=name)
    for field in ACTIVITY_FIELDS:
        if field in fields:
            setattr(activity, field, fields[field])
    _check_activity(activity)
    _save(activity)
    strategy = programme.component.strategy
    activity.zones.set(_check_zones(strategy.territory, zones))
    _activities_changed(strategy)
    return activity


@transaction.atomic
def activity_update(
    *, activity: Activity, zones: Iterable[Territory] | None = None, **fields: Any
) -> Activity:
    for field in ACTIVITY_FIELDS:
        if field in fields:
            setattr(activity, field, fields[field])
    _check_activity(activity)
    _save(activity)
    strategy = activity.programme.component.strategy
    if zones is not None:
        activity.zones.set(_check_zones(strategy.territory, zones))
    _activities_changed(strategy)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity) -> None:
    strategy = activity.programme.component.strategy
    activity.delete()
    _activities_changed(strategy)
