"""The indicator performance tracking table (IPTT) of a strategy.

Every indicator with its baseline, targets and actuals by period, % of target met, status and
trend (arithmetic in ``strategy.performance``), grouped by component. Built from four queries
whatever the number of indicators, so that a large strategy renders quickly. Those who see
approved figures only get an IPTT of approved results.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from redpaz.strategy.categories import categories
from redpaz.strategy.models import Disaggregation, Indicator, Result, ResultValue, Strategy, Target
from redpaz.strategy.performance import Observation, Spec, Track, track
from redpaz.strategy.periods import LIFE, Period, PeriodKind, quarters_between, years_between


@dataclass(frozen=True)
class PeriodColumn:
    period: Period
    label: str
    year: int  # 0 for the life of the strategy
    is_year: bool = False


@dataclass
class BreakdownRow:
    dimension: str
    category: str
    values: dict[str, Decimal]


@dataclass
class IpttRow:
    indicator: Indicator
    track: Track
    notes: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)  # result status by period key
    breakdown: list[BreakdownRow] = field(default_factory=list)


@dataclass
class IpttGroup:
    title: str
    rows: list[IpttRow]


@dataclass
class Iptt:
    strategy: Strategy
    groups: list[IpttGroup]
    columns: list[PeriodColumn]
    quarterly: bool
    approved_only: bool
    today: date

    @property
    def rows(self) -> list[IpttRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def years(self) -> list[Period]:
        return years_between(self.strategy.start, self.strategy.end)


def spec_of(indicator: Indicator, strategy: Strategy) -> Spec:
    return Spec(
        direction=indicator.direction,
        mode=indicator.mode,
        summable=indicator.summable,
        frequency=PeriodKind(indicator.frequency),
        baseline=indicator.baseline_value,
        threshold=strategy.on_track_threshold,
    )


def period_label(period: Period) -> str:
    if period.kind == PeriodKind.LIFE:
        return _("Life of strategy")
    if period.kind == PeriodKind.QUARTER:
        return _("Q%(q)s %(year)s") % {"q": period.quarter, "year": period.year}
    return str(period.year)


def columns_of(strategy: Strategy, quarterly: bool) -> list[PeriodColumn]:
    columns: list[PeriodColumn] = []
    quarters = quarters_between(strategy.start, strategy.end) if quarterly else []
    for year in years_between(strategy.start, strategy.end):
        for quarter in (q for q in quarters if q.year == year.year):
            columns.append(PeriodColumn(quarter, _("Q%(q)s") % {"q": quarter.quarter}, year.year))
        columns.append(
            PeriodColumn(year, _("Year") if quarterly else str(year.year), year.year, is_year=True)
        )
    columns.append(PeriodColumn(LIFE, period_label(LIFE), 0, is_year=True))
    return columns


def _observations(results: list[dict[str, Any]]) -> dict[str, Observation]:
    return {
        r["period"]: Observation(
            r["value"], complete=r["complete"], approved=r["status"] == Result.Status.APPROVED
        )
        for r in results
        if r["value"] is not None
    }


def indicator_track(
    indicator: Indicator, *, approved_only: bool = False, today: date | None = None
) -> Track:
    """The track of one indicator (for notices and the indicator page)."""
    strategy = indicator.strategy
    results = Result.objects.filter(indicator=indicator).exclude(status=Result.Status.RETURNED)
    if approved_only:
        results = results.filter(status=Result.Status.APPROVED)
    return track(
        spec_of(indicator, strategy),
        start=strategy.start,
        end=strategy.end,
        targets=dict(indicator.targets.values_list("period", "value")),
        actuals=_observations(
            [dict(r) for r in results.values("period", "value", "complete", "status")]
        ),
        today=today or timezone.localdate(),
        quarterly=strategy.quarterly,
    )


def iptt_build(
    strategy: Strategy,
    *,
    approved_only: bool,
    quarterly: bool | None = None,
    today: date | None = None,
) -> Iptt:
    today = today or timezone.localdate()
    quarterly = strategy.quarterly if quarterly is None else quarterly
    indicators = list(
        Indicator.objects.filter(strategy=strategy)
        .select_related("component", "programme", "responsible")
        .order_by("component__order", "component__code", "order", "code")
    )
    targets: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for indicator_id, period, value in Target.objects.filter(
        indicator__strategy=strategy
    ).values_list("indicator_id", "period", "value"):
        targets[indicator_id][period] = value
    results_qs = Result.objects.filter(indicator__strategy=strategy).exclude(
        status=Result.Status.RETURNED
    )
    if approved_only:
        results_qs = results_qs.filter(status=Result.Status.APPROVED)
    results: dict[int, list[dict[str, Any]]] = defaultdict(list)
    result_keys: dict[int, tuple[int, str]] = {}
    for fields in results_qs.values(
        "id", "indicator_id", "period", "value", "complete", "status", "note"
    ):
        results[fields["indicator_id"]].append(dict(fields))
        result_keys[fields["id"]] = (fields["indicator_id"], fields["period"])
    dimensions: dict[int, list[str]] = defaultdict(list)
    for indicator_id, dimension in Disaggregation.objects.filter(
        indicator__strategy=strategy
    ).values_list("indicator_id", "dimension"):
        dimensions[indicator_id].append(dimension)
    breakdown: dict[int, dict[tuple[str, str], dict[str, Decimal]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    if any(dimensions.values()):
        for result_id, dimension, category, value in ResultValue.objects.filter(
            result_id__in=list(result_keys)
        ).values_list("result_id", "dimension", "category", "value"):
            indicator_id, period = result_keys[result_id]
            if dimension in dimensions[indicator_id]:
                breakdown[indicator_id][(dimension, category)][period] = value

    labels = _category_labels(strategy, {d for ds in dimensions.values() for d in ds})
    groups: dict[Any, IpttGroup] = {}
    for indicator in indicators:
        key = indicator.component_id
        if key not in groups:
            title = (
                f"{strategy.component_label} {indicator.component}"
                if indicator.component
                else _("Strategy level")
            )
            groups[key] = IpttGroup(title, [])
        rows = results.get(indicator.pk, [])
        row = IpttRow(
            indicator=indicator,
            track=track(
                spec_of(indicator, strategy),
                start=strategy.start,
                end=strategy.end,
                targets=targets.get(indicator.pk, {}),
                actuals=_observations(rows),
                today=today,
                quarterly=quarterly,
            ),
            notes={r["period"]: r["note"] for r in rows if r["note"]},
            statuses={r["period"]: r["status"] for r in rows},
        )
        for dimension in dimensions.get(indicator.pk, []):
            order = [code for code, _label in labels.get(dimension, [])]
            found = breakdown[indicator.pk]
            for code in [*order, *sorted({c for d, c in found if d == dimension} - set(order))]:
                values = found.get((dimension, code))
                if values:
                    row.breakdown.append(
                        BreakdownRow(
                            dimension=str(Disaggregation.Dimension(dimension).label),
                            category=dict(labels.get(dimension, [])).get(code, code),
                            values=values,
                        )
                    )
        groups[key].rows.append(row)
    ordered = sorted(
        groups.items(), key=lambda kv: (kv[0] is not None, _component_order(indicators, kv[0]))
    )
    return Iptt(
        strategy=strategy,
        groups=[g for _k, g in ordered],
        columns=columns_of(strategy, quarterly),
        quarterly=quarterly,
        approved_only=approved_only,
        today=today,
    )


def _component_order(indicators: list[Indicator], component_id: int | None) -> tuple[int, str]:
    for indicator in indicators:
        if indicator.component_id == component_id and indicator.component is not None:
            return (indicator.component.order, indicator.component.code)
    return (0, "")


def _category_labels(strategy: Strategy, dimensions: set[str]) -> dict[str, list[tuple[str, str]]]:
    return {d: categories(d, strategy) for d in dimensions}
