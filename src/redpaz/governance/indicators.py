"""Indicators of the results framework computed from the committees that serve a strategy:
sessions held as planned, attendance of members with vote, commitments met on time.

Each is a percentage over the committees of the strategy (optionally of one type), measured as
``governance.measures`` defines it, with the rows behind the figure kept and a breakdown by zone
for committees of some zones (territorial operating committees by priority cluster).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from redpaz.governance.measures import (
    ATTENDANCE,
    COMMITMENTS,
    SESSIONS,
    Performance,
    combine,
    performance_by_committee,
)
from redpaz.governance.models import Commitment, Committee, Session
from redpaz.strategy.computations import Computation, Context, Outcome, Parameter, register


def _kinds() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Committee.Kind.choices]


KIND_PARAMETER = Parameter(
    "kind",
    gettext_lazy("Only committees of this type"),
    kind="choice",
    choices=_kinds,
)


def _committees(context: Context, params: Mapping[str, Any]) -> list[Committee]:
    qs = Committee.objects.filter(strategy=context.strategy).prefetch_related("zones")
    if params.get("kind"):
        qs = qs.filter(kind=params["kind"])
    return list(qs)


def _measure(
    context: Context,
    params: Mapping[str, Any],
    what: frozenset[str],
    rate: Callable[[Performance], Decimal | None],
) -> tuple[list[Committee], Performance, dict[str, dict[str, Decimal]]]:
    """The committees, their total figures and the figure of the committees of each target
    zone (zones by id, as the strategy's categories name them)."""
    committees = _committees(context, params)
    parts = performance_by_committee(
        [c.pk for c in committees], context.start, context.end, what=what
    )
    total = combine(parts.values(), context.start, context.end)
    targets = {zone.pk for zone in context.zones}
    by_zone: dict[int, list[Performance]] = defaultdict(list)
    for committee in committees:
        for zone in committee.zones.all():
            if zone.pk in targets:
                by_zone[zone.pk].append(parts[committee.pk])
    values = {}
    for zone_id, zone_parts in by_zone.items():
        value = rate(combine(zone_parts, context.start, context.end))
        if value is not None:
            values[str(zone_id)] = value
    return committees, total, ({"zone": values} if values else {})


def _none(context: Context, committees: list[Committee], what: str) -> Outcome:
    if not committees:
        note = str(gettext_lazy("No committee serves the strategy (of this type)."))
    else:
        note = what
    return Outcome(None, note=note, complete=context.end < timezone.localdate())


def sessions_held(context: Context, params: Mapping[str, Any]) -> Outcome:
    committees, figures, by_zone = _measure(
        context, params, frozenset({SESSIONS}), lambda p: p.held_rate
    )
    if not figures.sessions_due:
        return _none(context, committees, str(gettext_lazy("No ordinary session was due.")))
    return Outcome(
        figures.held_rate,
        records=Session.objects.filter(pk__in=figures.due_session_ids),
        inputs={
            "committees": len(committees),
            "sessions_due": figures.sessions_due,
            "sessions_held": figures.sessions_held,
            "sessions_cancelled": figures.sessions_cancelled,
            "extraordinary_held": figures.extraordinary_held,
        },
        complete=context.end < timezone.localdate(),
        disaggregated=by_zone,
    )


def attendance_rate(context: Context, params: Mapping[str, Any]) -> Outcome:
    committees, figures, by_zone = _measure(
        context, params, frozenset({SESSIONS, ATTENDANCE}), lambda p: p.attendance_rate
    )
    if not figures.seats:
        return _none(context, committees, str(gettext_lazy("No session was held.")))
    return Outcome(
        figures.attendance_rate,
        records=Session.objects.filter(pk__in=figures.held_session_ids),
        inputs={
            "committees": len(committees),
            "sessions_held": len(figures.held_session_ids),
            "seats_with_vote": figures.seats,
            "seats_present": figures.seats_present,
        },
        complete=context.end < timezone.localdate(),
        disaggregated=by_zone,
    )


def commitments_on_time(context: Context, params: Mapping[str, Any]) -> Outcome:
    committees, figures, by_zone = _measure(
        context, params, frozenset({COMMITMENTS}), lambda p: p.met_on_time_rate
    )
    if not figures.commitments_due:
        return _none(context, committees, str(gettext_lazy("No commitment was due.")))
    return Outcome(
        figures.met_on_time_rate,
        records=Commitment.objects.filter(pk__in=figures.due_commitment_ids),
        inputs={
            "committees": len(committees),
            "commitments_due": figures.commitments_due,
            "met_on_time": figures.commitments_met_on_time,
            "done_late": figures.commitments_late,
        },
        complete=context.end < timezone.localdate(),
        disaggregated=by_zone,
    )


SESSIONS_HELD = Computation(
    name="governance.sessions_held",
    label=gettext_lazy("Committee sessions held as planned (%)"),
    unit="percentage",
    compute=sessions_held,
    parameters=(KIND_PARAMETER,),
    description=gettext_lazy(
        "Ordinary sessions held ÷ ordinary sessions due in the period (dated up to today), "
        "over the committees that serve the strategy. A cancelled session is due and not held."
    ),
    data_kinds=frozenset(),  # recomputed when sessions change, not by imports
    dimensions=frozenset({"zone"}),
    record_columns=("committee__name", "starts_at", "kind", "status"),
)
ATTENDANCE_RATE = Computation(
    name="governance.attendance_rate",
    label=gettext_lazy("Attendance of committee members with vote (%)"),
    unit="percentage",
    compute=attendance_rate,
    parameters=(KIND_PARAMETER,),
    description=gettext_lazy(
        "Seats with vote present (principal or alternate) ÷ seats with vote, over the sessions "
        "held in the period by the committees that serve the strategy."
    ),
    data_kinds=frozenset(),
    dimensions=frozenset({"zone"}),
    record_columns=("committee__name", "starts_at", "acta_number", "acta_year"),
)
COMMITMENTS_ON_TIME = Computation(
    name="governance.commitments_on_time",
    label=gettext_lazy("Committee commitments met on time (%)"),
    unit="percentage",
    compute=commitments_on_time,
    parameters=(KIND_PARAMETER,),
    description=gettext_lazy(
        "Commitments done by their due date ÷ commitments due in the period (due up to today, "
        "cancelled ones left out), made by the committees that serve the strategy."
    ),
    data_kinds=frozenset(),
    dimensions=frozenset({"zone"}),
    record_columns=(
        "session__committee__name",
        "description",
        "owner_name",
        "due_date",
        "status",
        "completed_on",
    ),
)


def register_all() -> None:
    for computation in (SESSIONS_HELD, ATTENDANCE_RATE, COMMITMENTS_ON_TIME):
        register(computation)
