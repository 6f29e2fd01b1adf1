"""Reads of territory data. Zones go through the user's scope; DIVIPOLA levels are public."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from redpaz.accounts.access import user_scope
from redpaz.ingest.text import normalize_code, normalize_name
from redpaz.territory.models import (
    AGE_MAX,
    COUNTRY_CODE,
    DIVIPOLA_LEVELS,
    Level,
    PopulationFigure,
    Territory,
    TerritoryAlias,
)

# Columns a list or map needs; the WKB boundary is only loaded when a geometry is computed on.
LIGHT_FIELDS = (
    "id",
    "level",
    "code",
    "name",
    "parent_id",
    "municipality_code",
    "department_code",
    "boundary_set_id",
    "label_lon",
    "label_lat",
    "area_km2",
    "min_lon",
    "min_lat",
    "max_lon",
    "max_lat",
)


def territory_visible(user: Any) -> QuerySet[Territory]:
    """Every territory the user may read: all DIVIPOLA levels, and the zones in their scope."""
    divipola = Q(level__in=DIVIPOLA_LEVELS, boundary_set__isnull=True)
    scope = user_scope(user)
    if scope.is_empty:
        return Territory.objects.filter(divipola)
    return Territory.objects.filter(
        divipola | (Q(boundary_set__isnull=False) & scope.territory_filter())
    )


def country() -> Territory | None:
    return Territory.objects.filter(level=Level.COUNTRY, code=COUNTRY_CODE).first()


def divipola_get(code: str) -> Territory:
    """The department (2 digits) or municipality (5 digits) with this code, or 404."""
    level = {2: Level.DEPARTMENT, 5: Level.MUNICIPALITY}.get(len(code))
    territory = (
        Territory.objects.filter(level=level, code=code, boundary_set=None).first()
        if level
        else None
    )
    if territory is None:
        raise Http404(f"No territory with code {code}")
    return territory


def zone_get(*, user: Any, pk: int) -> Territory:
    """The zone with this id if the user's scope covers it; 404 otherwise (hides existence)."""
    zone = (
        territory_visible(user)
        .filter(pk=pk, boundary_set__isnull=False)
        .select_related("boundary_set", "parent")
        .first()
    )
    if zone is None:
        raise Http404("No such zone")
    return zone


def departments() -> QuerySet[Territory]:
    return Territory.objects.filter(level=Level.DEPARTMENT, boundary_set=None).order_by("name")


def municipalities(department_code: str | None = None) -> QuerySet[Territory]:
    qs = Territory.objects.filter(level=Level.MUNICIPALITY, boundary_set=None)
    if department_code:
        qs = qs.filter(department_code=department_code)
    return qs.order_by("name")


def current_zones(
    *, user: Any, municipality_code: str, level: str | None = None
) -> QuerySet[Territory]:
    """Zones of a municipality in force today that the user may read."""
    qs = territory_visible(user).filter(
        boundary_set__municipality__code=municipality_code,
        boundary_set__valid_to__isnull=True,
    )
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("level", "code")


def zone_levels_of(*, user: Any, municipality_code: str) -> list[str]:
    """Zone levels with a current drawing in the municipality, visible to the user."""
    levels = set(
        current_zones(user=user, municipality_code=municipality_code).values_list(
            "level", flat=True
        )
    )
    return [level.value for level in Level if level.value in levels]


def children_of(*, user: Any, territory: Territory) -> QuerySet[Territory]:
    """What a territory browser lists below a territory."""
    if territory.level == Level.COUNTRY:
        return departments()
    if territory.level == Level.DEPARTMENT:
        return municipalities(territory.code)
    if territory.level == Level.MUNICIPALITY:
        return current_zones(user=user, municipality_code=territory.code)
    return territory_visible(user).filter(parent=territory).order_by("code")


def ancestors_of(territory: Territory) -> list[Territory]:
    """From the country down to the territory's parent, for breadcrumbs."""
    chain: list[Territory] = []
    node = territory.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


# --- population -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PopulationPoint:
    year: int
    value: int
    series: str


def population_series(
    territory: Territory,
    *,
    sex: str = "total",
    age_from: int = 0,
    age_to: int = AGE_MAX,
    until: int | None = None,
) -> list[PopulationPoint]:
    """Population by year, one figure per year from the preferred series (newest census base).

    Departments and the country without figures of their own get the sum of their
    municipalities (see ``population_lookup``), labelled as such.
    """
    filters: dict[str, Any] = {"sex": sex, "age_from": age_from, "age_to": age_to}
    rows = PopulationFigure.objects.filter(territory=territory, **filters).select_related("series")
    if until:
        rows = rows.filter(year__lte=until)
    best: dict[int, PopulationFigure] = {}
    for figure in rows.order_by("year"):
        current = best.get(figure.year)
        if current is None or _series_rank(figure) > _series_rank(current):
            best[figure.year] = figure
    points = {y: PopulationPoint(y, f.value, f.series.name) for y, f in best.items()}
    if territory.level in (Level.DEPARTMENT, Level.COUNTRY):
        years = (
            PopulationFigure.objects.filter(territory__level=Level.MUNICIPALITY, **filters)
            .values_list("year", flat=True)
            .distinct()
        )
        if until:
            years = years.filter(year__lte=until)
        missing = sorted(set(years) - set(points))
        derived = population_lookup(
            [territory.pk], missing, sex=sex, age_from=age_from, age_to=age_to
        )
        label = str(_("Sum of its municipalities"))
        for (_pk, year), value in derived.items():
            points[year] = PopulationPoint(year, value, label)
    return [points[year] for year in sorted(points)]


def _series_rank(figure: PopulationFigure) -> tuple[int, int]:
    return (figure.series.base_year or 0, figure.series_id)


def population_lookup(
    territory_ids: Iterable[int],
    years: Iterable[int],
    *,
    sex: str = "total",
    age_from: int = 0,
    age_to: int = AGE_MAX,
) -> dict[tuple[int, int], int]:
    """Population by (territory id, year) from the preferred series; missing pairs are absent.

    Departments and the country rarely have figures of their own (DANE publishes municipal
    tables); where they lack one, it is the sum of their municipalities, and only when every
    municipality of theirs with population data has a figure for that year: a partial sum would
    understate the population and overstate every rate computed on it.
    """
    ids = list(territory_ids)
    year_list = sorted(set(years))
    filters = {"sex": sex, "age_from": age_from, "age_to": age_to}
    found = _preferred_figures(ids, year_list, filters)
    aggregates = list(
        Territory.objects.filter(
            pk__in=ids, level__in=[Level.DEPARTMENT, Level.COUNTRY], boundary_set=None
        ).values_list("pk", "level", "code")
    )
    missing = {
        (pk, level, code): [y for y in year_list if (pk, y) not in found]
        for pk, level, code in aggregates
    }
    missing = {key: ys for key, ys in missing.items() if ys}
    if missing:
        wanted_years = sorted({y for ys in missing.values() for y in ys})
        sums = _municipal_sums(wanted_years, filters)
        for (pk, level, code), ys in missing.items():
            group = code if level == Level.DEPARTMENT else COUNTRY_CODE
            for year in ys:
                if (group, year) in sums:
                    found[(pk, year)] = sums[(group, year)]
    return found


def _preferred_figures(
    ids: list[int], years: list[int], filters: dict[str, Any]
) -> dict[tuple[int, int], int]:
    rows = PopulationFigure.objects.filter(
        territory_id__in=ids, year__in=years, **filters
    ).values_list("territory_id", "year", "value", "series__base_year", "series_id")
    best: dict[tuple[int, int], tuple[tuple[int, int], int]] = {}
    for territory_id, year, value, base_year, series_id in rows:
        rank = (base_year or 0, series_id)
        key = (territory_id, year)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, value)
    return {key: value for key, (_rank, value) in best.items()}


def _municipal_sums(years: list[int], filters: dict[str, Any]) -> dict[tuple[str, int], int]:
    """Complete sums of municipal population by department code (and "CO") and year."""
    municipalities = dict(
        Territory.objects.filter(level=Level.MUNICIPALITY, boundary_set=None).values_list(
            "pk", "department_code"
        )
    )
    with_data = set(
        PopulationFigure.objects.filter(territory_id__in=municipalities, **filters)
        .values_list("territory_id", flat=True)
        .distinct()
    )
    figures = _preferred_figures(list(with_data), years, filters)
    expected: dict[str, int] = {COUNTRY_CODE: len(with_data)}
    for pk in with_data:
        department = municipalities[pk]
        expected[department] = expected.get(department, 0) + 1
    totals: dict[tuple[str, int], list[int]] = {}
    for (pk, year), value in figures.items():
        for group in (municipalities[pk], COUNTRY_CODE):
            entry = totals.setdefault((group, year), [0, 0])
            entry[0] += value
            entry[1] += 1
    return {key: value for key, (value, count) in totals.items() if count == expected[key[0]]}


def population_latest(
    territory_ids: Iterable[int], *, as_of_year: int | None = None
) -> dict[int, tuple[int, int]]:
    """(year, population) per territory: the latest year up to ``as_of_year`` (default: now)."""
    from django.utils import timezone

    limit = as_of_year or timezone.localdate().year
    years = (
        PopulationFigure.objects.filter(sex="total", age_from=0, age_to=AGE_MAX, year__lte=limit)
        .values_list("year", flat=True)
        .distinct()
    )
    lookup = population_lookup(territory_ids, set(years))
    latest: dict[int, tuple[int, int]] = {}
    for (territory_id, year), value in lookup.items():
        if year > latest.get(territory_id, (0, 0))[0]:
            latest[territory_id] = (year, value)
    return latest


# --- matching outside names to zones ----------------------------------------------------------


class ZoneMatcher:
    """Find a current zone of one municipality and level by code, name or alternative name."""

    def __init__(self, zones: list[tuple[int, str, str]], aliases: list[tuple[int, str]]):
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, int | None] = {}
        for pk, code, name in zones:
            self.by_code[code] = pk
            if code.isdigit():
                self.by_code[str(int(code))] = pk
            self._add_name(normalize_name(name), pk)
        for pk, normalized in aliases:
            self._add_name(normalized, pk)
        self.has_zones = bool(zones)

    def _add_name(self, normalized: str, pk: int) -> None:
        # Two zones sharing a name make that name ambiguous: it matches neither.
        if normalized in self.by_name and self.by_name[normalized] != pk:
            self.by_name[normalized] = None
        else:
            self.by_name[normalized] = pk

    def __call__(self, *, code: str = "", name: str = "") -> int | None:
        code = normalize_code(code)
        if code:
            if code in self.by_code:
                return self.by_code[code]
            if code.isdigit() and str(int(code)) in self.by_code:
                return self.by_code[str(int(code))]
        if name:
            return self.by_name.get(normalize_name(name))
        return None


def zone_matcher(*, municipality_code: str, level: str) -> ZoneMatcher:
    zones = list(
        Territory.objects.filter(
            boundary_set__municipality__code=municipality_code,
            boundary_set__valid_to__isnull=True,
            level=level,
        ).values_list("pk", "code", "name")
    )
    aliases = list(
        TerritoryAlias.objects.filter(territory_id__in=[z[0] for z in zones]).values_list(
            "territory_id", "normalized"
        )
    )
    return ZoneMatcher(zones, aliases)


def population_in_range(
    territory_ids: Iterable[int],
    years: Iterable[int],
    *,
    sex: str = "total",
    age_from: int = 0,
    age_to: int = AGE_MAX,
) -> dict[tuple[int, int], int]:
    """Population of an age range by (territory id, year), summing finer figures when needed.

    A figure for exactly the range is used when there is one (``population_lookup``, so
    departments and the country get the sum of their municipalities). Otherwise the figures
    of one series whose age ranges tile the range exactly (single years of age 14, 15... 28
    for "14-28") are summed; a range they only partly cover is left absent, never guessed.
    """
    ids = list(territory_ids)
    year_list = sorted(set(years))
    found = population_lookup(ids, year_list, sex=sex, age_from=age_from, age_to=age_to)
    wanted = {(pk, year) for pk in ids for year in year_list} - set(found)
    if not wanted:
        return found
    rows = PopulationFigure.objects.filter(
        territory_id__in={pk for pk, _year in wanted},
        year__in={year for _pk, year in wanted},
        sex=sex,
        age_from__gte=age_from,
        age_to__lte=age_to,
    ).values_list(
        "territory_id", "year", "series_id", "series__base_year", "age_from", "age_to", "value"
    )
    pieces: dict[tuple[int, int, int], list[tuple[int, int, int]]] = {}
    ranks: dict[int, tuple[int, int]] = {}
    for pk, year, series_id, base_year, low, high, value in rows:
        if (pk, year) in wanted:
            pieces.setdefault((pk, year, series_id), []).append((low, high, value))
            ranks[series_id] = (base_year or 0, series_id)
    best: dict[tuple[int, int], tuple[tuple[int, int], int]] = {}
    for (pk, year, series_id), parts in pieces.items():
        total = _tiled_sum(sorted(parts), age_from, age_to)
        if total is None:
            continue
        current = best.get((pk, year))
        if current is None or ranks[series_id] > current[0]:
            best[(pk, year)] = (ranks[series_id], total)
    found.update({key: value for key, (_rank, value) in best.items()})
    return found


def _tiled_sum(parts: list[tuple[int, int, int]], age_from: int, age_to: int) -> int | None:
    """Sum of ranges that cover [age_from, age_to] exactly, without gaps or overlaps."""
    # Drop the coarser figures of the same series (e.g. the 0-150 total when summing 0..150):
    # keep, greedily, the narrowest range starting at each age.
    by_start: dict[int, tuple[int, int]] = {}
    for low, high, value in parts:
        if low not in by_start or high < by_start[low][0]:
            by_start[low] = (high, value)
    cursor, total = age_from, 0
    while cursor <= age_to:
        if cursor not in by_start:
            return None
        high, value = by_start[cursor]
        total += value
        if high == age_to:
            return total
        cursor = high + 1
    return None
