"""Indicators of the results framework computed from field work: mediations performed, the share
resolved, and follow-up visits made on time.

The area is the strategy's target zones (and the zones inside them) or, without target zones,
its whole territory. Figures are broken down by target zone, so a strategy sees each priority
cluster's mediators.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from redpaz.fieldwork.models import FollowUp, Mediation
from redpaz.strategy.computations import Computation, Context, Outcome, Parameter, register
from redpaz.territory.models import Level

TWO_PLACES = Decimal("0.01")
DATA_KINDS = frozenset({"mediations"})


def _conflict_types() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Mediation.ConflictType.choices]


def _area(context: Context, prefix: str = "zone__") -> tuple[Q, dict[int, int]]:
    """A Q over records (via ``prefix``) in the strategy's area, and target zone of each zone id
    (for the breakdown by zone)."""
    from redpaz.accounts.access import _with_descendants

    if context.zones:
        owner: dict[int, int] = {}
        for target in context.zones:
            for zone_id in _with_descendants({target.pk}):
                owner.setdefault(zone_id, target.pk)
        return Q(**{f"{prefix}pk__in": list(owner)}), owner
    territory = context.territory
    if territory.level == Level.DEPARTMENT:
        return Q(**{f"{prefix}department_code": territory.code}), {}
    if territory.level == Level.COUNTRY:
        return Q(), {}
    return Q(**{f"{prefix}municipality_code": territory.municipality_code or territory.code}), {}


def _mediations(context: Context, params: Mapping[str, Any]) -> tuple[QuerySet[Mediation], dict]:
    where, owner = _area(context)
    tz = timezone.get_current_timezone()
    qs = Mediation.objects.filter(
        where,
        occurred_at__gte=datetime.combine(context.start, time.min, tzinfo=tz),
        occurred_at__lte=datetime.combine(context.end, time.max, tzinfo=tz),
    )
    if params.get("conflict_type"):
        qs = qs.filter(conflict_type=params["conflict_type"])
    if params.get("high_risk_only"):
        qs = qs.filter(risk__in=Mediation.HIGH_RISKS)
    return qs, owner


def _complete(context: Context) -> bool:
    return context.end < timezone.localdate()


def _pct(part: int, whole: int) -> Decimal:
    return (Decimal(100) * part / whole).quantize(TWO_PLACES)


def mediations_performed(context: Context, params: Mapping[str, Any]) -> Outcome:
    qs, owner = _mediations(context, params)
    by_zone: dict[str, Decimal] = defaultdict(Decimal)
    by_outcome: dict[str, Decimal] = defaultdict(Decimal)
    total = 0
    for zone_id, outcome in qs.values_list("zone_id", "outcome"):
        total += 1
        by_outcome[outcome] += 1
        if zone_id in owner:
            by_zone[str(owner[zone_id])] += 1
    disaggregated: dict[str, dict[str, Decimal]] = {"outcome": dict(by_outcome)}
    if owner:
        disaggregated["zone"] = dict(by_zone)
    return Outcome(
        Decimal(total),
        records=qs,
        inputs={"start": context.start.isoformat(), "end": context.end.isoformat()},
        complete=_complete(context),
        disaggregated=disaggregated,
    )


def mediations_resolved(context: Context, params: Mapping[str, Any]) -> Outcome:
    qs, owner = _mediations(context, params)
    good = {Mediation.Outcome.RESOLVED.value}
    if params.get("count_de_escalated"):
        good.add(Mediation.Outcome.DE_ESCALATED.value)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    total = resolved = 0
    for zone_id, outcome in qs.values_list("zone_id", "outcome"):
        total += 1
        resolved += outcome in good
        if zone_id in owner:
            counts[str(owner[zone_id])][0] += outcome in good
            counts[str(owner[zone_id])][1] += 1
    if not total:
        return Outcome(None, note=_("No mediation was recorded."), complete=_complete(context))
    return Outcome(
        _pct(resolved, total),
        records=qs,
        inputs={"mediations": total, "resolved": resolved},
        complete=_complete(context),
        disaggregated={"zone": {k: _pct(a, b) for k, (a, b) in counts.items()}} if owner else {},
    )


def follow_ups_on_time(context: Context, params: Mapping[str, Any]) -> Outcome:
    where, owner = _area(context, "mediation__zone__")
    qs = FollowUp.objects.filter(where, due_on__gte=context.start, due_on__lte=context.end)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    total = on_time = late = 0
    for zone_id, due, done in qs.values_list("mediation__zone_id", "due_on", "done_on"):
        total += 1
        ok = done is not None and done <= due
        on_time += ok
        late += done is not None and not ok
        if zone_id in owner:
            counts[str(owner[zone_id])][0] += ok
            counts[str(owner[zone_id])][1] += 1
    if not total:
        return Outcome(None, note=_("No follow-up visit was due."), complete=_complete(context))
    return Outcome(
        _pct(on_time, total),
        records=qs,
        inputs={"follow_ups_due": total, "on_time": on_time, "done_late": late},
        complete=_complete(context),
        disaggregated={"zone": {k: _pct(a, b) for k, (a, b) in counts.items()}} if owner else {},
    )


CONFLICT_TYPE = Parameter(
    "conflict_type",
    gettext_lazy("Only mediations of this conflict type"),
    kind="choice",
    choices=_conflict_types,
)
HIGH_RISK_ONLY = Parameter(
    "high_risk_only", gettext_lazy("Only high or imminent risk of escalation"), kind="bool"
)
MEDIATION_COLUMNS = ("occurred_at", "zone__name", "conflict_type", "risk", "outcome")

COMPUTATIONS = (
    Computation(
        name="fieldwork.mediations",
        label=gettext_lazy("Mediations performed"),
        unit="count",
        compute=mediations_performed,
        parameters=(CONFLICT_TYPE, HIGH_RISK_ONLY),
        description=gettext_lazy(
            "Mediations and violence interruptions recorded by field workers in the strategy's "
            "area during the period."
        ),
        data_kinds=DATA_KINDS,
        dimensions=frozenset({"zone", "outcome"}),
        record_columns=MEDIATION_COLUMNS,
    ),
    Computation(
        name="fieldwork.mediations_resolved",
        label=gettext_lazy("Mediations resolved (%)"),
        unit="percentage",
        compute=mediations_resolved,
        parameters=(
            CONFLICT_TYPE,
            HIGH_RISK_ONLY,
            Parameter(
                "count_de_escalated",
                gettext_lazy("Count de-escalated conflicts as resolved"),
                kind="bool",
            ),
        ),
        description=gettext_lazy(
            "Share of the mediations of the period whose outcome was recorded as resolved."
        ),
        data_kinds=DATA_KINDS,
        dimensions=frozenset({"zone"}),
        record_columns=MEDIATION_COLUMNS,
    ),
    Computation(
        name="fieldwork.follow_ups_on_time",
        label=gettext_lazy("Mediation follow-ups on time (%)"),
        unit="percentage",
        compute=follow_ups_on_time,
        description=gettext_lazy(
            "Share of the follow-up visits due in the period that were made on or before their "
            "date."
        ),
        data_kinds=DATA_KINDS,
        dimensions=frozenset({"zone"}),
        record_columns=("due_on", "done_on", "mediation__zone__name", "mediation__conflict_type"),
    ),
)


def register_all() -> None:
    for computation in COMPUTATIONS:
        register(computation)
