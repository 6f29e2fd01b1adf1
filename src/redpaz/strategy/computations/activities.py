"""Computations on the strategy's own structure: activities completed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy

from redpaz.strategy.computations import Computation, Context, Outcome, Parameter, register


def activities_completed(context: Context, params: Mapping[str, Any]) -> Outcome:
    from redpaz.strategy.models import Activity

    qs = Activity.objects.filter(
        programme__component__strategy=context.strategy,
        status=Activity.Status.DONE,
        completed_on__gte=context.start,
        completed_on__lte=context.end,
    )
    if params.get("component"):
        qs = qs.filter(programme__component__code=params["component"])
    by_component: dict[str, Decimal] = defaultdict(Decimal)
    for code in qs.values_list("programme__component__code", flat=True):
        by_component[code] += 1
    total = sum(by_component.values(), Decimal(0))
    return Outcome(
        total,
        records=qs,
        inputs={
            "start": context.start.isoformat(),
            "end": context.end.isoformat(),
            "component": params.get("component", ""),
        },
        disaggregated={"component": dict(by_component)},
    )


ACTIVITIES_COMPLETED = Computation(
    name="strategy.activities_completed",
    label=gettext_lazy("Activities completed"),
    unit="count",
    compute=activities_completed,
    parameters=(
        Parameter(
            "component",
            gettext_lazy("Only the activities of this component (code)"),
            kind="component",
        ),
    ),
    description=gettext_lazy(
        "Activities of the strategy (or of one component) marked done with a completion date "
        "in the period."
    ),
    # Recomputed when activities change (services.structure), not by imports.
    data_kinds=frozenset(),
    dimensions=frozenset({"component"}),
    record_columns=("name", "programme__name", "completed_on", "responsible__username"),
)


def register_all() -> None:
    register(ACTIVITIES_COMPLETED)
