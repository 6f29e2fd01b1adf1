"""Reads for field work, each through the access rules: a person's records, a coordinator's
supervision (caseloads, follow-ups due, records per week) and the map of mediations."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from redpaz.fieldwork.access import supervised_filter, visible_filter
from redpaz.fieldwork.models import CommunityNeed, FollowUp, Intervention, Mediation

# Colours of outcomes on the map (the legend uses the same).
OUTCOME_COLOURS: dict[str, str] = {
    Mediation.Outcome.RESOLVED: "#15803d",
    Mediation.Outcome.DE_ESCALATED: "#65a30d",
    Mediation.Outcome.REFERRED: "#2563eb",
    Mediation.Outcome.ONGOING: "#a16207",
    Mediation.Outcome.FAILED: "#b91c1c",
}
INTERVENTION_COLOUR = "#7c3aed"
# Follow-ups due within this many days are listed as coming up.
FOLLOW_UP_HORIZON = 7


@dataclass(frozen=True)
class Filters:
    zone_id: int | None = None
    conflict_type: str = ""
    outcome: str = ""
    start: date | None = None
    end: date | None = None


def _aware(day: date, end: bool = False) -> datetime:
    return datetime.combine(
        day, time.max if end else time.min, tzinfo=timezone.get_current_timezone()
    )


def mediations_visible(user: Any, filters: Filters | None = None) -> QuerySet[Mediation]:
    qs = Mediation.objects.filter(visible_filter(user))
    return _filtered(qs, filters or Filters())


def mediations_supervised(user: Any, filters: Filters | None = None) -> QuerySet[Mediation]:
    return _filtered(Mediation.objects.filter(supervised_filter(user)), filters or Filters())


def _filtered(qs: QuerySet[Mediation], filters: Filters) -> QuerySet[Mediation]:
    if filters.zone_id:
        qs = qs.filter(Q(zone_id=filters.zone_id) | Q(zone__parent_id=filters.zone_id))
    if filters.conflict_type:
        qs = qs.filter(conflict_type=filters.conflict_type)
    if filters.outcome:
        qs = qs.filter(outcome=filters.outcome)
    if filters.start:
        qs = qs.filter(occurred_at__gte=_aware(filters.start))
    if filters.end:
        qs = qs.filter(occurred_at__lte=_aware(filters.end, end=True))
    return qs


def mediation_for(user: Any, uuid: Any) -> Mediation | None:
    return (
        mediations_visible(user)
        .filter(uuid=uuid)
        .select_related("zone", "recorded_by")
        .prefetch_related("follow_ups")
        .first()
    )


def intervention_for(user: Any, uuid: Any) -> Intervention | None:
    return (
        Intervention.objects.filter(visible_filter(user))
        .filter(uuid=uuid)
        .select_related("zone", "recorded_by")
        .first()
    )


def my_recent(user: Any, limit: int = 20) -> dict[str, list[Any]]:
    """A field worker's latest records of each kind."""
    return {
        "mediations": list(
            Mediation.objects.filter(recorded_by=user).select_related("zone")[:limit]
        ),
        "needs": list(
            CommunityNeed.objects.filter(recorded_by=user).select_related("zone")[:limit]
        ),
        "interventions": list(
            Intervention.objects.filter(recorded_by=user).select_related("zone")[:limit]
        ),
    }


def caseloads(mediations: QuerySet[Mediation], today: date) -> list[dict[str, Any]]:
    """Per field worker: mediations, open cases, high-risk ones, follow-ups pending and late,
    and the date of their last record."""
    since = _aware(today - timedelta(days=30))
    open_outcomes = [Mediation.Outcome.ONGOING, Mediation.Outcome.REFERRED]
    rows = (
        mediations.values("recorded_by", "recorded_by__username", "recorded_by__first_name")
        .annotate(
            total=Count("pk", distinct=True),
            last_30_days=Count("pk", filter=Q(occurred_at__gte=since), distinct=True),
            open_cases=Count("pk", filter=Q(outcome__in=open_outcomes), distinct=True),
            high_risk=Count("pk", filter=Q(risk__in=Mediation.HIGH_RISKS), distinct=True),
            last_record=Max("occurred_at"),
        )
        .order_by("-open_cases", "recorded_by__username")
    )
    follow = (
        FollowUp.objects.filter(mediation__in=mediations.values("pk"), done_on__isnull=True)
        .values("mediation__recorded_by")
        .annotate(pending=Count("pk"), late=Count("pk", filter=Q(due_on__lt=today)))
    )
    by_worker: dict[int | None, dict[str, Any]] = {
        r["mediation__recorded_by"]: dict(r) for r in follow
    }
    result = []
    for row in rows:
        extra = by_worker.get(row["recorded_by"], {})
        result.append(
            {
                "worker": row["recorded_by__first_name"]
                or row["recorded_by__username"]
                or _("Imported records"),
                **{k: row[k] for k in ("total", "last_30_days", "open_cases", "high_risk")},
                "last_record": row["last_record"],
                "follow_ups_pending": extra.get("pending", 0),
                "follow_ups_late": extra.get("late", 0),
            }
        )
    return result


def follow_ups_due(mediations: QuerySet[Mediation], today: date, limit: int = 50) -> list[FollowUp]:
    """Follow-up visits not done that were due or are due within the horizon, oldest first."""
    return list(
        FollowUp.objects.filter(
            mediation__in=mediations.values("pk"),
            done_on__isnull=True,
            due_on__lte=today + timedelta(days=FOLLOW_UP_HORIZON),
        )
        .select_related("mediation__zone", "mediation__recorded_by")
        .order_by("due_on")[:limit]
    )


def per_week(mediations: QuerySet[Mediation], today: date, weeks: int = 12) -> list[dict]:
    """Mediations per week (Monday) over the last ``weeks`` weeks, zeros included."""
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    counts = {
        (row["week"].date() if isinstance(row["week"], datetime) else row["week"]): row["n"]
        for row in mediations.filter(occurred_at__gte=_aware(first))
        .annotate(week=TruncWeek("occurred_at"))
        .values("week")
        .annotate(n=Count("pk"))
    }
    peak = max(counts.values(), default=0) or 1
    return [
        {
            "week": first + timedelta(weeks=i),
            "count": counts.get(first + timedelta(weeks=i), 0),
            "share": round(100 * counts.get(first + timedelta(weeks=i), 0) / peak),
        }
        for i in range(weeks)
    ]


def by_type_and_outcome(mediations: QuerySet[Mediation]) -> list[dict[str, Any]]:
    types = dict(Mediation.ConflictType.choices)
    outcomes = list(Mediation.Outcome)
    table: dict[str, dict[str, int]] = {}
    for row in mediations.values("conflict_type", "outcome").annotate(n=Count("pk")):
        table.setdefault(row["conflict_type"], {})[row["outcome"]] = row["n"]
    return [
        {
            "label": types.get(kind, kind),
            "cells": [table[kind].get(o.value, 0) for o in outcomes],
            "total": sum(table[kind].values()),
        }
        for kind in sorted(table, key=lambda k: -sum(table[k].values()))
    ]


def map_features(
    mediations: QuerySet[Mediation], interventions: QuerySet[Intervention] | None = None
) -> str:
    """GeoJSON points of mediations (coloured by outcome) and interventions; a record without a
    point is drawn at its zone's label point."""
    types = dict(Mediation.ConflictType.choices)
    outcomes = dict(Mediation.Outcome.choices)
    features = []
    rows = mediations.values_list(
        "uuid",
        "latitude",
        "longitude",
        "zone__label_lat",
        "zone__label_lon",
        "zone__name",
        "conflict_type",
        "outcome",
        "risk",
        "occurred_at",
    )
    for uuid, lat, lon, zlat, zlon, zone, kind, outcome, risk, when in rows.iterator():
        lat, lon = (lat, lon) if lat is not None and lon is not None else (zlat, zlon)
        if lat is None or lon is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": str(uuid),
                "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                "properties": {
                    "kind": "mediation",
                    "conflict_type": kind,
                    "outcome": outcome,
                    "fill": OUTCOME_COLOURS.get(outcome, "#64748b"),
                    "fill_opacity": 0.8,
                    "stroke": "#7f1d1d" if risk in Mediation.HIGH_RISKS else "#1f2937",
                    "url": f"/fieldwork/mediations/{uuid}/",
                    "tooltip": f"{types.get(kind, kind)} · {outcomes.get(outcome, outcome)}\n"
                    f"{zone} · {timezone.localtime(when):%Y-%m-%d}",
                },
            }
        )
    kinds = dict(Intervention.Kind.choices)
    for uuid, lat, lon, zlat, zlon, zone, kind, day, area in (
        interventions.values_list(
            "uuid",
            "latitude",
            "longitude",
            "zone__label_lat",
            "zone__label_lon",
            "zone__name",
            "kind",
            "date",
            "area_geojson",
        )
        if interventions is not None
        else []
    ):
        lat, lon = (lat, lon) if lat is not None and lon is not None else (zlat, zlon)
        if area:
            geometry = json.loads(area)
        elif lat is None or lon is None:
            continue
        else:
            geometry = {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}
        features.append(
            {
                "type": "Feature",
                "id": str(uuid),
                "geometry": geometry,
                "properties": {
                    "kind": "intervention",
                    "url": f"/fieldwork/interventions/{uuid}/",
                    "fill": INTERVENTION_COLOUR,
                    "stroke": INTERVENTION_COLOUR,
                    "radius": 5,
                    "tooltip": f"{kinds.get(kind, kind)}\n{zone} · {day}",
                },
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def interventions_supervised(user: Any) -> QuerySet[Intervention]:
    return Intervention.objects.filter(supervised_filter(user))


def needs_summary(user: Any) -> list[dict[str, Any]]:
    """Community needs of the supervised zones by responsible dependency and status."""
    statuses = list(CommunityNeed.Status)
    table: dict[str, dict[str, int]] = {}
    for row in (
        CommunityNeed.objects.filter(supervised_filter(user))
        .values("dependency", "status")
        .annotate(n=Count("pk"))
    ):
        table.setdefault(row["dependency"] or "—", {})[row["status"]] = row["n"]
    return [
        {"dependency": dep, "cells": [cells.get(s.value, 0) for s in statuses]}
        for dep, cells in sorted(table.items())
    ]
