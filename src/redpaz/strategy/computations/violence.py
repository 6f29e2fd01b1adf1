"""Computations on violence data: victims and rates per 100,000 in a strategy's area.

Reads go through ``redpaz.observatory.selectors`` (records, coverage) and
``redpaz.territory.selectors`` (population) only. The area is the strategy's target zones (or
its whole territory). A record counts when it was placed in a target zone or one inside it, or
when its coordinates fall inside a target zone's boundary (zones such as priority clusters have
no records placed in them directly); each record counts once even if target zones overlap.

Rates are annualised: victims / person-years x 100,000, where person-years add each year's
population weighted by the share of the year the period covers, so a quarter's rate compares
with a yearly target. A year a source does not cover gives no figure (missing, not zero); a
period it covers only in part gives a figure marked incomplete.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import shapely
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from redpaz.observatory.selectors import (
    CoverageStatus,
    EventFilter,
    coverage_status_between,
    crimes_with_data,
    records,
    sources_with_data,
)
from redpaz.strategy.categories import OUTSIDE, UNKNOWN, age_band
from redpaz.strategy.computations import Computation, Context, Outcome, Parameter, register
from redpaz.territory.models import AGE_MAX, Level, Territory
from redpaz.territory.selectors import municipalities, population_lookup

PER = Decimal(100_000)
# Two target zones overlapping by more than this share of the smaller one cannot have their
# populations added.
OVERLAP_TOLERANCE = 0.01
DATA_KINDS = frozenset({"points", "policia", "table", "population", "zones"})
RECORD_COLUMNS = (
    "date",
    "zone__name",
    "sex",
    "age",
    "count",
    "weapon",
    "place_type",
    "batch__source_name",
    "source_row",
)


def _sources() -> list[tuple[str, str]]:
    # Any catalogued source or crime may be chosen (an indicator can be defined before its data
    # is imported); those with data come first.
    from redpaz.observatory.models import Source

    with_data = [(s.slug, s.name) for s in sources_with_data()]
    known = {slug for slug, _name in with_data}
    return with_data + [(s.slug, s.name) for s in Source.objects.exclude(slug__in=known)]


def _crimes() -> list[tuple[str, str]]:
    from redpaz.observatory.models import Crime

    with_data = [(c.slug, c.name) for c in crimes_with_data()]
    known = {slug for slug, _name in with_data}
    return with_data + [(c.slug, c.name) for c in Crime.objects.exclude(slug__in=known)]


def _areas() -> list[tuple[str, str]]:
    return [
        ("zones", str(gettext_lazy("Target zones of the strategy"))),
        ("territory", str(gettext_lazy("Whole territory of the strategy"))),
    ]


def _sexes() -> list[tuple[str, str]]:
    return [("female", str(gettext_lazy("Women"))), ("male", str(gettext_lazy("Men")))]


PARAMETERS = (
    Parameter(
        "source", gettext_lazy("Data source"), kind="choice", required=True, choices=_sources
    ),
    Parameter(
        "crime",
        gettext_lazy("Crime"),
        kind="choice",
        required=True,
        default="homicidio",
        choices=_crimes,
    ),
    Parameter(
        "area",
        gettext_lazy("Area"),
        kind="choice",
        default="zones",
        choices=_areas,
        help_text=gettext_lazy("Without target zones, the whole territory is used."),
    ),
    Parameter("sex", gettext_lazy("Victims' sex"), kind="choice", choices=_sexes),
    Parameter("age_min", gettext_lazy("Victims aged from"), kind="int"),
    Parameter(
        "age_max",
        gettext_lazy("Victims aged up to"),
        kind="int",
        help_text=gettext_lazy(
            "With an age range, records without an exact age are left out; a rate needs "
            "population of exactly that age range in every zone."
        ),
    ),
)


@dataclass
class Area:
    label: str
    municipality_codes: list[str]
    # Empty: the whole municipalities.
    zones: list[Territory] = field(default_factory=list)


def _area(context: Context, params: Mapping[str, Any]) -> Area:
    territory = context.territory
    if params.get("area", "zones") == "zones" and context.zones:
        zones = list(context.zones)
        codes = sorted({z.municipality_code for z in zones if z.municipality_code})
        return Area(_("target zones"), codes, zones)
    if territory.level == Level.MUNICIPALITY:
        return Area(territory.name, [territory.code])
    if territory.level == Level.DEPARTMENT:
        return Area(
            territory.name, list(municipalities(territory.code).values_list("code", flat=True))
        )
    if territory.level == Level.COUNTRY:
        return Area(territory.name, list(municipalities().values_list("code", flat=True)))
    return Area(territory.name, [territory.municipality_code], [territory])


def _filters(context: Context, params: Mapping[str, Any]) -> EventFilter:
    return EventFilter(
        source=str(params["source"]),
        crime=str(params.get("crime") or "homicidio"),
        start=context.start,
        end=context.end,
        sex=params.get("sex") or None,
        age_min=params.get("age_min"),
        age_max=params.get("age_max"),
    )


def _descendants(zones: Sequence[Territory]) -> dict[int, int]:
    """Map every zone inside a target zone (and the target itself) to the target's id."""
    owner = {z.pk: z.pk for z in zones}
    frontier = {z.pk: z.pk for z in zones}
    while frontier:
        children = Territory.objects.filter(parent_id__in=frontier).values_list("pk", "parent_id")
        frontier = {pk: frontier[parent] for pk, parent in children if pk not in owner}
        owner.update(frontier)
    return owner


@dataclass
class Counted:
    total: int = 0
    ids: list[int] = field(default_factory=list)
    by_sex: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_age: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_zone: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _count(filters: EventFilter, area: Area) -> Counted:
    rows = list(
        records(filters)
        .filter(municipality__code__in=area.municipality_codes)
        .values_list("id", "zone_id", "longitude", "latitude", "count", "sex", "age")
    )
    counted = Counted()
    if not rows:
        return counted
    if area.zones:
        owner = _descendants(area.zones)
        lon = np.array([np.nan if r[2] is None else r[2] for r in rows], dtype=float)
        lat = np.array([np.nan if r[3] is None else r[3] for r in rows], dtype=float)
        inside: list[tuple[int, Any]] = []
        for zone in area.zones:
            shape = zone.shape()
            if shape is not None:
                inside.append((zone.pk, shapely.contains_xy(shape, lon, lat)))
    for index, (pk, zone_id, _lon, _lat, count, sex, age) in enumerate(rows):
        where: int | None = None
        if area.zones:
            where = owner.get(zone_id) if zone_id is not None else None
            if where is None:
                where = next((z for z, mask in inside if mask[index]), None)
            if where is None:
                continue
        counted.total += count
        counted.ids.append(pk)
        counted.by_sex[sex or UNKNOWN] += count
        counted.by_age[age_band(age)] += count
        counted.by_zone[str(where) if where is not None else OUTSIDE] += count
    return counted


def _coverage(filters: EventFilter, area: Area) -> tuple[bool, bool, str]:
    """(has data, complete, note) for the area's municipalities over the span."""
    status = coverage_status_between(
        source=filters.source,
        crime=filters.crime,
        municipality_codes=area.municipality_codes,
        start=filters.start,
        end=filters.end,
    )
    missing = sorted(code for code, s in status.items() if s == CoverageStatus.NONE)
    partial = sorted(code for code, s in status.items() if s == CoverageStatus.PARTIAL)
    span = {"source": filters.source, "start": filters.start, "end": filters.end}
    if missing:
        return (
            False,
            False,
            _("No import of %(source)s covers %(codes)s between %(start)s and %(end)s.")
            % {**span, "codes": ", ".join(missing[:10])},
        )
    if partial:
        return (
            True,
            False,
            _("%(source)s covers only part of %(start)s – %(end)s: the figure is incomplete.")
            % span,
        )
    return True, True, ""


def _inputs(filters: EventFilter, area: Area, counted: Counted) -> dict[str, Any]:
    return {
        "source": filters.source,
        "crime": filters.crime,
        "start": filters.start.isoformat(),
        "end": filters.end.isoformat(),
        "sex": filters.sex or "",
        "age_min": filters.age_min,
        "age_max": filters.age_max,
        "area": area.label,
        "zones": [f"{z.code} {z.name}" for z in area.zones],
        "municipalities": area.municipality_codes[:50],
        "victims": counted.total,
    }


def _disaggregated(counted: Counted, area: Area) -> dict[str, dict[str, Decimal]]:
    result = {
        "sex": {k: Decimal(v) for k, v in counted.by_sex.items()},
        "age_group": {k: Decimal(v) for k, v in counted.by_age.items()},
    }
    if area.zones:
        result["zone"] = {k: Decimal(v) for k, v in counted.by_zone.items()}
    return result


def victims(context: Context, params: Mapping[str, Any]) -> Outcome:
    filters = _filters(context, params)
    area = _area(context, params)
    has_data, complete, note = _coverage(filters, area)
    if not has_data:
        return Outcome(None, note=note, complete=False)
    counted = _count(filters, area)
    return Outcome(
        Decimal(counted.total),
        records=records(filters).filter(pk__in=counted.ids),
        inputs=_inputs(filters, area, counted),
        complete=complete,
        note=note,
        disaggregated=_disaggregated(counted, area),
    )


def _population_zones(area: Area) -> tuple[list[Territory], str]:
    """Zones whose population adds up to the area's (nested zones dropped), or a reason why not."""
    if not area.zones:
        found = list(
            Territory.objects.filter(
                level=Level.MUNICIPALITY, code__in=area.municipality_codes, boundary_set=None
            )
        )
        return found, ""
    owner = _descendants(area.zones)
    kept = [z for z in area.zones if owner.get(z.pk) == z.pk and not _nested(z, area.zones)]
    shapes = [(z, z.shape()) for z in kept]
    for i, (a, shape_a) in enumerate(shapes):
        for b, shape_b in shapes[i + 1 :]:
            if shape_a is None or shape_b is None:
                continue
            smaller = min(shape_a.area, shape_b.area) or 1.0
            if shape_a.intersection(shape_b).area / smaller > OVERLAP_TOLERANCE:
                return [], _(
                    "The target zones %(a)s and %(b)s overlap: their populations cannot be added."
                ) % {"a": a.name, "b": b.name}
    return kept, ""


def _population_members(zones: Sequence[Territory]) -> dict[int, list[Territory]]:
    """The zones whose population makes each area zone's: a priority cluster has no figures
    of its own, its population is the sum of the zones it groups (as in the observatory's
    rates); any other zone is its own."""
    from redpaz.priorities.selectors import cluster_members

    found: dict[int, list[Territory]] = {}
    for zone in zones:
        grouped = list(cluster_members(zone)) if zone.level == Level.PRIORITY_CLUSTER else []
        found[zone.pk] = grouped or [zone]
    return found


def _nested(zone: Territory, zones: Sequence[Territory]) -> bool:
    """Whether the zone lies inside another target zone (its population is counted there)."""
    others = {z.pk for z in zones if z.pk != zone.pk}
    node = zone.parent
    while node is not None:
        if node.pk in others:
            return True
        node = node.parent
    return False


def _year_fractions(start: date, end: date) -> dict[int, float]:
    """Share of each calendar year the span covers."""
    fractions = {}
    for year in range(start.year, end.year + 1):
        first, last = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
        days = (date(year, 12, 31) - date(year, 1, 1)).days + 1
        fractions[year] = ((last - first).days + 1) / days
    return fractions


def _age_label(params: Mapping[str, Any]) -> str:
    low, high = params.get("age_min"), params.get("age_max")
    if low is None and high is None:
        return ""
    return f"{low or 0}–{high if high is not None else '+'}"


def rate(context: Context, params: Mapping[str, Any]) -> Outcome:
    filters = _filters(context, params)
    area = _area(context, params)
    has_data, complete, note = _coverage(filters, area)
    if not has_data:
        return Outcome(None, note=note, complete=False)
    zones, problem = _population_zones(area)
    if problem:
        return Outcome(None, note=problem, complete=False)
    fractions = _year_fractions(filters.start, filters.end)
    age_from = filters.age_min or 0
    age_to = filters.age_max if filters.age_max is not None else AGE_MAX
    members = _population_members(zones)
    people = [m for group in members.values() for m in group]
    population = population_lookup(
        [m.pk for m in people],
        fractions,
        sex=filters.sex or "total",
        age_from=age_from,
        age_to=age_to,
    )
    missing = [(m, y) for m in people for y in fractions if (m.pk, y) not in population]
    if missing:
        names = sorted({z.name for z, _y in missing})
        years = sorted({y for _z, y in missing})
        what = _age_label(params)
        return Outcome(
            None,
            note=_(
                "No population%(what)s for %(zones)s in %(years)s: enter or import it to "
                "compute this rate."
            )
            % {
                "what": f" {what}" if what else "",
                "zones": ", ".join(names[:8]) + ("…" if len(names) > 8 else ""),
                "years": ", ".join(str(y) for y in years),
            },
            complete=False,
            inputs={"missing_population": [f"{z.code}:{y}" for z, y in missing][:200]},
        )
    counted = _count(filters, area)
    person_years = {
        z.pk: sum(
            population[(m.pk, y)] * share for m in members[z.pk] for y, share in fractions.items()
        )
        for z in zones
    }
    total_py = sum(person_years.values())
    if total_py <= 0:
        return Outcome(None, note=_("The population of the area is zero."), complete=False)
    value = Decimal(counted.total) / Decimal(str(total_py)) * PER
    inputs = _inputs(filters, area, counted)
    inputs.update(
        {
            "person_years": round(total_py, 1),
            "population": {
                f"{m.code} {m.name}": {str(y): population[(m.pk, y)] for y in fractions}
                for m in people
            },
            "age_from": age_from,
            "age_to": age_to,
            "annualised": sum(fractions.values()) != len(fractions),
        }
    )
    by_zone: dict[str, Decimal] = {}
    if area.zones:
        for zone in zones:
            if person_years[zone.pk] > 0:
                by_zone[str(zone.pk)] = (
                    Decimal(counted.by_zone.get(str(zone.pk), 0))
                    / Decimal(str(person_years[zone.pk]))
                    * PER
                )
    return Outcome(
        value.quantize(Decimal("0.0001")),
        records=records(filters).filter(pk__in=counted.ids),
        inputs=inputs,
        complete=complete,
        note=note,
        disaggregated={"zone": {k: v.quantize(Decimal("0.0001")) for k, v in by_zone.items()}}
        if by_zone
        else {},
    )


VICTIMS = Computation(
    name="violence.victims",
    label=gettext_lazy("Victims in the strategy's area"),
    unit="count",
    compute=victims,
    parameters=PARAMETERS,
    description=gettext_lazy(
        "Sum of victims of a crime in the target zones (or the whole territory) in the period, "
        "from one data source, optionally of one sex and age range."
    ),
    data_kinds=DATA_KINDS,
    dimensions=frozenset({"sex", "age_group", "zone"}),
    record_columns=RECORD_COLUMNS,
)

RATE = Computation(
    name="violence.rate",
    label=gettext_lazy("Rate per 100,000 inhabitants in the strategy's area"),
    unit="rate_100k",
    compute=rate,
    parameters=PARAMETERS,
    description=gettext_lazy(
        "Victims per 100,000 inhabitants a year in the target zones (or the whole territory): "
        "victims divided by the population of the same sex and age range. Shorter periods are "
        "annualised."
    ),
    data_kinds=DATA_KINDS,
    dimensions=frozenset({"zone"}),
    record_columns=RECORD_COLUMNS,
)


def register_all() -> None:
    register(VICTIMS)
    register(RATE)
