"""Stored data in the shape the analysis package takes: counts with coverage, and population.

Counts come only through ``observatory.selectors`` and population only through
``territory.selectors``; this module joins them per territory and year and decides, once for
every command and page, what is missing: a year no import covers is missing (``<NA>``), never
zero, and a rate is never computed on a missing or zero population.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from redpaz.analysis.errors import AnalysisError
from redpaz.observatory.models import AGE_GROUP_RANGES, AgeGroup, Crime, Sex, Source
from redpaz.observatory.selectors import (
    CoverageStatus,
    EventFilter,
    coverage_status,
    event_batches,
    event_counts,
    point_sources,
    unplaced_count,
    zone_placements,
)
from redpaz.territory.models import AGE_MAX, COUNTRY_CODE, ZONE_LEVELS, Level, Territory
from redpaz.territory.selectors import current_zones, population_in_range

DEFAULT_SOURCE = "policia-siedco"
LEVELS = ("country", "department", "municipality", "zone", "h3")


@dataclass(frozen=True)
class Selection:
    """What to count: level and place, crime and source, years, and who the victims are."""

    level: str  # country | department | municipality | zone | h3 (cells over a municipality)
    crime: str
    source: str
    first_year: int
    last_year: int
    municipality_code: str | None = None  # zone level: the municipality; else a filter
    department_code: str | None = None
    zone_level: str | None = None  # zone level: comuna, barrio...
    sex: str | None = None  # male | female
    age_group: str | None = None  # child | adolescent | adult
    age_min: int | None = None  # exact ages (records without an exact age are left out)
    age_max: int | None = None

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def count_level(self) -> str:
        return self.zone_level if self.level == "zone" and self.zone_level else self.level

    def event_filter(self, first: int | None = None, last: int | None = None) -> EventFilter:
        return EventFilter.years(
            self.source,
            self.crime,
            first or self.first_year,
            last or self.last_year,
            sex=self.sex,
            age_group=self.age_group,
            age_min=self.age_min,
            age_max=self.age_max,
        )

    @property
    def population_filter(self) -> dict[str, Any]:
        """The population the victims belong to: same sex and ages."""
        if self.age_group:
            low, high = AGE_GROUP_RANGES[AgeGroup(self.age_group)]
        else:
            low = self.age_min if self.age_min is not None else 0
            high = self.age_max if self.age_max is not None else AGE_MAX
        return {"sex": self.sex or "total", "age_from": low, "age_to": high}

    def describe(self) -> str:
        who = []
        if self.sex:
            who.append({"male": "men", "female": "women"}[self.sex])
        if self.age_group:
            who.append(
                {"child": "children", "adolescent": "adolescents"}.get(self.age_group, "adults")
            )
        if self.age_min is not None and self.age_max is not None:
            who.append(f"aged {self.age_min}-{self.age_max}")
        elif self.age_min is not None:
            who.append(f"aged {self.age_min}+")
        elif self.age_max is not None:
            who.append(f"aged up to {self.age_max}")
        victims = f" ({', '.join(who)})" if who else ""
        return f"{self.crime}{victims}, source {self.source}"


def selection_resolve(
    *,
    level: str,
    first_year: int,
    last_year: int,
    crime: str = "homicidio",
    source: str | None = None,
    municipality_code: str | None = None,
    department_code: str | None = None,
    zone_level: str | None = None,
    sex: str | None = None,
    age_group: str | None = None,
    age_min: int | None = None,
    age_max: int | None = None,
) -> Selection:
    """Check a request against what exists and fill in the defaults (source, zone level)."""
    if level not in LEVELS:
        raise AnalysisError(f"unknown level {level!r}; use one of: {', '.join(LEVELS)}")
    if first_year > last_year:
        raise AnalysisError(f"the period {first_year}-{last_year} is empty: --from after --to")
    if not Crime.objects.filter(slug=crime).exists():
        known = ", ".join(Crime.objects.order_by("slug").values_list("slug", flat=True))
        raise AnalysisError(f"unknown crime {crime!r}; known crime types: {known}")
    if sex is not None and sex not in (Sex.MALE, Sex.FEMALE):
        raise AnalysisError(f"sex must be 'male' or 'female', not {sex!r}")
    if age_group is not None and age_group not in AGE_GROUP_RANGES:
        groups = ", ".join(str(g) for g in AGE_GROUP_RANGES)
        raise AnalysisError(f"unknown age group {age_group!r}; use one of: {groups}")
    if age_group and (age_min is not None or age_max is not None):
        raise AnalysisError("give either an age group or an exact age range, not both")
    if age_min is not None and age_max is not None and age_min > age_max:
        raise AnalysisError("the lowest age is above the highest")
    if municipality_code:
        _municipality(municipality_code)
    if (
        department_code
        and not Territory.objects.filter(
            level=Level.DEPARTMENT, code=department_code, boundary_set=None
        ).exists()
    ):
        raise AnalysisError(f"no department with code {department_code!r}")
    if level == "zone" and zone_level == Level.PRIORITY_CLUSTER:
        if not municipality_code:
            raise AnalysisError("zone level needs a municipality (--municipality CODE)")
        source = source or _clusters(municipality_code)[0].source.slug
    elif level == "zone":
        if not municipality_code:
            raise AnalysisError("zone level needs a municipality (--municipality CODE)")
        source, zone_level = _zone_defaults(crime, municipality_code, source, zone_level)
    elif level == "h3":
        if not municipality_code:
            raise AnalysisError("an H3 grid is laid over one municipality (--municipality CODE)")
        if source is None:
            located = point_sources(crime=crime, municipality_code=municipality_code)
            if not located:
                raise AnalysisError(
                    f"no {crime} records of {municipality_code} have coordinates: import point "
                    "records for it (redpaz import points)"
                )
            if len(located) > 1:
                raise AnalysisError(
                    f"several sources have {crime} points in {municipality_code} "
                    f"({', '.join(s for s, _n in located)}): choose one with --source"
                )
            source = located[0][0]
        zone_level = None
    else:
        source = source or DEFAULT_SOURCE
        zone_level = None
    if not Source.objects.filter(slug=source).exists():
        known = ", ".join(Source.objects.order_by("slug").values_list("slug", flat=True))
        raise AnalysisError(
            f"no data source {source!r} has been imported"
            + (f"; imported sources: {known}" if known else "; import data first")
        )
    return Selection(
        level=level,
        crime=crime,
        source=source,
        first_year=first_year,
        last_year=last_year,
        municipality_code=municipality_code,
        department_code=department_code,
        zone_level=zone_level,
        sex=sex,
        age_group=age_group,
        age_min=age_min,
        age_max=age_max,
    )


def _clusters(municipality_code: str) -> tuple[Any, dict[int, int]]:
    from redpaz.priorities.selectors import cluster_membership

    found = cluster_membership(municipality_code)
    if found is None or not found[1]:
        raise AnalysisError(
            f"{municipality_code} has no priority clusters in force: save a prioritisation "
            "with clusters first (redpaz prioritize ... --save NAME)"
        )
    return found


def _municipality(code: str) -> Territory:
    territory = Territory.objects.filter(
        level=Level.MUNICIPALITY, code=code, boundary_set=None
    ).first()
    if territory is None:
        raise AnalysisError(f"no municipality with DIVIPOLA code {code!r}")
    return territory


def _zone_defaults(
    crime: str, municipality_code: str, source: str | None, zone_level: str | None
) -> tuple[str, str]:
    if zone_level is not None and zone_level not in ZONE_LEVELS:
        raise AnalysisError(f"{zone_level!r} is not a zone level ({', '.join(ZONE_LEVELS)})")
    placed = [
        (slug, level)
        for slug, level, _total in zone_placements(crime=crime, municipality_code=municipality_code)
        if (source is None or slug == source) and (zone_level is None or level == zone_level)
    ]
    if source is None:
        sources = sorted({slug for slug, _level in placed})
        if not sources:
            raise AnalysisError(
                f"no {crime} records of {municipality_code} are placed in zones"
                + (f" of level {zone_level}" if zone_level else "")
                + ": import point records for it (redpaz import points) or name --source"
            )
        if len(sources) > 1:
            raise AnalysisError(
                f"several sources place {crime} records in zones of {municipality_code} "
                f"({', '.join(sources)}): choose one with --source (sources are never mixed)"
            )
        source = sources[0]
    if zone_level is None:
        levels = [level for slug, level in placed if slug == source]
        if levels:
            zone_level = levels[0]  # the level holding most placed victims
        else:
            existing = Territory.objects.filter(
                boundary_set__municipality__code=municipality_code,
                boundary_set__valid_to__isnull=True,
            ).values_list("level", flat=True)
            zone_level = next(iter(sorted(set(existing))), None)
            if zone_level is None:
                raise AnalysisError(f"municipality {municipality_code} has no zones")
    return source, zone_level


def territories(selection: Selection, user: Any = None) -> pd.DataFrame:
    """The territories of the selection: territory_id, code, name, municipality_code."""
    if selection.level == "h3":
        raise AnalysisError("an H3 grid has cells, not territories")
    if selection.level == "country":
        qs = Territory.objects.filter(level=Level.COUNTRY, code=COUNTRY_CODE)
    elif selection.level == "department":
        qs = Territory.objects.filter(level=Level.DEPARTMENT, boundary_set=None)
        if selection.department_code:
            qs = qs.filter(code=selection.department_code)
    elif selection.level == "municipality":
        qs = Territory.objects.filter(level=Level.MUNICIPALITY, boundary_set=None)
        if selection.municipality_code:
            qs = qs.filter(code=selection.municipality_code)
        if selection.department_code:
            qs = qs.filter(department_code=selection.department_code)
    else:
        code = selection.municipality_code or ""
        if user is None:  # the command line: the server operator sees every zone
            qs = Territory.objects.filter(
                boundary_set__municipality__code=code,
                boundary_set__valid_to__isnull=True,
                level=selection.zone_level,
            )
        else:
            qs = current_zones(user=user, municipality_code=code, level=selection.zone_level)
    rows = list(
        qs.order_by("code").values_list(
            "pk", "code", "name", "municipality_code", "department_code"
        )
    )
    if not rows:
        raise AnalysisError("there are no territories to analyse for this selection")
    return pd.DataFrame(
        rows, columns=["territory_id", "code", "name", "municipality_code", "department_code"]
    )


@dataclass
class AnnualCounts:
    """Victims and population per territory and year, with what is missing and why."""

    # territory_id, code, name, year, count (Int64: <NA> unless the year is fully covered),
    # recorded (victims in the imports), population (Int64), coverage
    frame: pd.DataFrame
    messages: list[str] = field(default_factory=list)
    batches: list[int] = field(default_factory=list)

    @property
    def covered_years(self) -> list[int]:
        full = self.frame[self.frame["coverage"] == CoverageStatus.FULL]
        return sorted(int(y) for y in full["year"].unique())


def annual_counts(selection: Selection, user: Any = None) -> AnnualCounts:
    """Counts and population of every territory of the selection in every year of the period."""
    places = territories(selection, user)
    years = selection.years
    filters = selection.event_filter()
    if selection.zone_level == Level.PRIORITY_CLUSTER:
        counted, population = _cluster_sums(selection, years, user)
    else:
        counts = event_counts(
            filters,
            level=selection.count_level,
            by="year",
            municipality_code=selection.municipality_code,
            department_code=selection.department_code,
            user=user,
        )
        counted = {
            (int(t), int(y)): int(c) for t, y, c in counts[["territory_id", "year", "count"]].values
        }
        population = population_in_range(
            places["territory_id"].tolist(), years, **selection.population_filter
        )
    coverage = _coverage(selection, places, years)
    rows = []
    for pk, code, name in places[["territory_id", "code", "name"]].itertuples(index=False):
        for year in years:
            status = coverage[(str(code), year)]
            recorded = counted.get((int(pk), year), 0)
            rows.append(
                {
                    "territory_id": int(pk),
                    "code": code,
                    "name": name,
                    "year": year,
                    "count": recorded if status == CoverageStatus.FULL else pd.NA,
                    # What the imports hold, whatever their coverage (hotspots use partial years).
                    "recorded": recorded,
                    "population": population.get((int(pk), year), pd.NA),
                    "coverage": status,
                }
            )
    frame = pd.DataFrame(rows).astype({"count": "Int64", "population": "Int64"})
    result = AnnualCounts(
        frame, batches=event_batches(filters, municipality_code=selection.municipality_code)
    )
    result.messages.extend(_coverage_messages(selection, frame))
    result.messages.extend(_population_messages(selection, frame))
    if selection.level == "zone" and selection.municipality_code:
        lost = unplaced_count(filters, municipality_code=selection.municipality_code)
        if lost:
            result.messages.append(
                f"{lost:,} victims of {selection.municipality_code} in {selection.first_year}-"
                f"{selection.last_year} are not placed in any zone and are not counted here"
            )
    if (selection.age_min is not None or selection.age_max is not None) and not counted:
        result.messages.append(
            "no victim with an exact age in that range: this source may only record age groups "
            "(use --age-group)"
        )
    return result


def _cluster_sums(
    selection: Selection, years: list[int], user: Any
) -> tuple[dict[tuple[int, int], int], dict[tuple[int, int], int]]:
    """Counts and population of priority clusters: the sums over the zones they group.

    A cluster's population in a year is known only if every zone of it has one.
    """
    prioritisation, members = _clusters(selection.municipality_code or "")
    member_level = prioritisation.level
    counts = event_counts(
        selection.event_filter(),
        level=member_level,
        municipality_code=selection.municipality_code,
        user=user,
    )
    counted: dict[tuple[int, int], int] = {}
    for pk, year, count in counts[["territory_id", "year", "count"]].values:
        cluster = members.get(int(pk))
        if cluster is not None:
            key = (cluster, int(year))
            counted[key] = counted.get(key, 0) + int(count)
    figures = population_in_range(list(members), years, **selection.population_filter)
    population: dict[tuple[int, int], int] = {}
    for cluster in set(members.values()):
        zones = [pk for pk, c in members.items() if c == cluster]
        for year in years:
            if all((pk, year) in figures for pk in zones):
                population[(cluster, year)] = sum(figures[(pk, year)] for pk in zones)
    return counted, population


def _coverage(
    selection: Selection, places: pd.DataFrame, years: list[int]
) -> dict[tuple[str, int], CoverageStatus]:
    """Coverage per (territory code, year); departments and the country combine municipalities."""
    if selection.level in ("municipality", "zone", "h3"):
        codes = (
            places["code"].tolist()
            if selection.level == "municipality"
            else [selection.municipality_code or ""]
        )
        status = coverage_status(
            source=selection.source, crime=selection.crime, municipality_codes=codes, years=years
        )
        if selection.level == "municipality":
            return status
        return {(code, y): status[(codes[0], y)] for code in places["code"] for y in years}
    members = Territory.objects.filter(level=Level.MUNICIPALITY, boundary_set=None)
    if selection.level == "department":
        members = members.filter(department_code__in=places["code"].tolist())
    pairs = list(members.values_list("code", "department_code"))
    status = coverage_status(
        source=selection.source,
        crime=selection.crime,
        municipality_codes=[code for code, _d in pairs],
        years=years,
    )
    result: dict[tuple[str, int], CoverageStatus] = {}
    for place in places["code"]:
        codes = [c for c, d in pairs if selection.level == "country" or d == place]
        for year in years:
            found = {status[(c, year)] for c in codes}
            if found == {CoverageStatus.FULL}:
                result[(place, year)] = CoverageStatus.FULL
            elif found <= {CoverageStatus.NONE}:
                result[(place, year)] = CoverageStatus.NONE
            else:
                result[(place, year)] = CoverageStatus.PARTIAL
    return result


def _coverage_messages(selection: Selection, frame: pd.DataFrame) -> list[str]:
    messages = []
    for status, text in (
        (CoverageStatus.NONE, "no imported data"),
        (CoverageStatus.PARTIAL, "only part of the year covered by the imports"),
    ):
        by_year = frame[frame["coverage"] == status].groupby("year")["code"].nunique()
        places = frame["code"].nunique()
        everywhere = [int(y) for y, n in zip(by_year.index, by_year, strict=True) if n == places]
        somewhere = {
            int(y): int(n)
            for y, n in zip(by_year.index, by_year, strict=True)
            if int(y) not in everywhere
        }
        if everywhere:
            messages.append(
                f"{_years(everywhere)}: {text} for {selection.describe()}; "
                "reported as missing, not as zero"
            )
        for year, n in somewhere.items():
            messages.append(f"{year}: {text} for {n} territories; reported as missing")
    return messages


def _population_messages(selection: Selection, frame: pd.DataFrame) -> list[str]:
    messages = []
    no_pop = frame[frame["population"].isna()]
    if not no_pop.empty:
        sample = ", ".join(
            f"{c} {n}" for c, n in no_pop[["code", "name"]].drop_duplicates().values[:5]
        )
        population = selection.population_filter
        what = "population"
        if (
            population["sex"] != "total"
            or population["age_from"]
            or population["age_to"] != AGE_MAX
        ):
            what = (
                f"population of that sex and age ({population['sex']}, "
                f"{population['age_from']}-{population['age_to']})"
            )
        messages.append(
            f"no {what} for {len(no_pop)} territory-years (e.g. {sample}): rates left empty"
        )
    zero = frame[frame["population"].fillna(-1) == 0]
    if not zero.empty:
        sample = ", ".join(
            f"{c} {n}" for c, n in zero[["code", "name"]].drop_duplicates().values[:5]
        )
        messages.append(
            f"population 0 for {len(zero)} territory-years ({sample}): rates left empty"
        )
    return messages


def _years(years: list[int]) -> str:
    return ", ".join(str(y) for y in years)


def with_years(selection: Selection, first: int, last: int) -> Selection:
    return replace(selection, first_year=first, last_year=last)
