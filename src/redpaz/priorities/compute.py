"""Compute a prioritisation from stored data: indicators per zone, the index, the clusters.

Indicators are computed only when weighted, from the same layer (territories, years, counts,
population) the hotspot analysis uses:

- rate: victims per 100,000 person-years over the period, Empirical-Bayes smoothed;
- count: victims over the period;
- trend: smoothed rate of the second half of the period minus that of the first half;
- hotspot: Gi* z-score of the smoothed rate (0 for islands, which have no neighbourhood);
- youth: share of the population aged 14-28 (Ley 1622 de 2013) in the last year;
- youth_victims: victims aged 14-28 over the period (needs exact ages);
- nbi: unmet basic needs (%), the latest DANE figure up to the last year (municipalities).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from redpaz.analysis.errors import AnalysisError
from redpaz.analysis.local import DEFAULT_PERMUTATIONS, DEFAULT_SEED, gi_star
from redpaz.analysis.priorities import (
    DEFAULT_WEIGHTS,
    INDICATORS,
    composite_index,
    priority_clusters,
)
from redpaz.analysis.smoothing import eb_global
from redpaz.observatory.datasets import Selection, selection_resolve
from redpaz.observatory.layers import Layer, territory_layer
from redpaz.observatory.selectors import (
    CoverageStatus,
    coverage_status,
    covered_years,
    event_counts,
)
from redpaz.territory.selectors import population_in_range

YOUTH = (14, 28)
# A municipality whose coverage stands for the country's (a national release covers it).
COUNTRY_PROBE = "11001"
DEFAULT_YEARS = 5


@dataclass
class PrioritisationResult:
    selection: Selection
    table: pd.DataFrame  # code, name, territory_id, score, rank, cluster, indicators, *_scaled
    weights: dict[str, float]
    parameters: dict[str, Any]
    messages: list[str] = field(default_factory=list)
    batches: list[int] = field(default_factory=list)
    geometries: Callable[[], dict[str, Any]] = dict

    @property
    def level(self) -> str:
        return self.selection.zone_level or self.selection.level

    @property
    def indicator_keys(self) -> list[str]:
        return list(self.weights)


def prioritisation_compute(
    *,
    weights: dict[str, float] | None = None,
    municipality_code: str | None = None,
    department_code: str | None = None,
    zone_level: str | None = None,
    first_year: int | None = None,
    last_year: int | None = None,
    crime: str = "homicidio",
    source: str | None = None,
    n_clusters: int | None = None,
    min_population: float | None = None,
    top: int | None = None,
    seed: int = DEFAULT_SEED,
    permutations: int = DEFAULT_PERMUTATIONS,
    user: Any = None,
) -> PrioritisationResult:
    """Rank the zones of a municipality (or the municipalities) and group the top ones.

    ``top`` selects the best-ranked zones to cluster (all zones by default; ties at the cut are
    kept). Give ``n_clusters`` or ``min_population``.
    """
    weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
    level = "zone" if municipality_code else "municipality"
    selection = selection_resolve(
        level=level,
        first_year=first_year or last_year or 2000,
        last_year=last_year or first_year or 2000,
        crime=crime,
        source=source,
        municipality_code=municipality_code,
        department_code=department_code,
        zone_level=zone_level,
    )
    if first_year is None or last_year is None:
        last_year = last_year or _last_full_year(selection)
        first_year = first_year or last_year - DEFAULT_YEARS + 1
        if first_year > last_year:
            raise AnalysisError(f"the period {first_year}-{last_year} is empty: --from after --to")
        selection = replace(selection, first_year=first_year, last_year=last_year)
    layer = territory_layer(selection, user)
    messages = list(layer.messages)
    active = [key for key, w in weights.items() if w]
    layer = _peopled(layer, active, messages)
    indicators = pd.DataFrame(index=pd.Index(layer.codes, name="code"))
    for key in active:
        indicators[key] = _indicator(key, layer, selection, permutations, seed, messages, user)
    index = composite_index(indicators, weights)
    messages.extend(index.notes)
    table = index.table.set_index("code")
    table.insert(0, "name", pd.Series(dict(zip(layer.codes, layer.names, strict=True))))
    table.insert(
        1, "territory_id", pd.Series(dict(zip(layer.codes, layer.territory_ids, strict=True)))
    )
    if top is not None and top < 1:
        raise AnalysisError("--top must be at least 1")
    chosen = table["rank"] <= top if top is not None else pd.Series(True, index=table.index)
    codes = [c for c in layer.codes if chosen[c]]
    order = np.isin(np.asarray(layer.graph.ids), codes)
    graph = layer.graph.subgraph(order)
    scaled = table.loc[list(graph.ids)]
    features = np.column_stack(
        [scaled[f"{key}_scaled"].to_numpy() * w for key, w in index.weights.items()]
    )
    population = _latest_population(layer)
    labels = priority_clusters(
        graph,
        features,
        score=scaled["score"].to_numpy(),
        n_clusters=n_clusters,
        min_population=min_population,
        population=pd.Series(population, index=layer.codes).loc[list(graph.ids)].to_numpy(),
        seed=seed,
    )
    table["cluster"] = pd.Series(labels, index=list(graph.ids)).reindex(table.index).astype("Int64")
    clusters = int(labels.max())
    units = f"zones ({selection.zone_level})" if selection.zone_level else "municipalities"
    messages.append(
        f"{clusters} cluster(s) covering {len(graph.ids):,} of {len(layer.codes):,} {units}; "
        "weights " + ", ".join(f"{k}={w:.3g}" for k, w in index.weights.items())
    )
    parameters = {
        "level": selection.zone_level or "municipality",
        "municipality": municipality_code,
        "department": department_code,
        "years": layer.years,
        "crime": selection.crime,
        "source": selection.source,
        "n_clusters": n_clusters,
        "min_population": min_population,
        "top": top,
        "seed": seed,
        "permutations": permutations,
        "method": "skater" if n_clusters is not None else "max-p",
        "weights_given": weights,
    }
    return PrioritisationResult(
        selection=selection,
        table=table.reset_index(),
        weights=index.weights,
        parameters=parameters,
        messages=messages,
        batches=sorted(set(layer.batches) | _context_batches(active, layer)),
        geometries=layer.geometries,
    )


def _last_full_year(selection: Selection) -> int:
    """The last year the selection's source covers completely (where it is analysed)."""
    years = covered_years(source=selection.source, crime=selection.crime)
    if not years:
        raise AnalysisError(f"no imported data for {selection.describe()}: nothing to prioritise")
    code = selection.municipality_code or COUNTRY_PROBE
    status = coverage_status(
        source=selection.source, crime=selection.crime, municipality_codes=[code], years=years
    )
    full = [y for y in years if status[(code, y)] == CoverageStatus.FULL]
    if not full:
        raise AnalysisError(
            f"no complete year of data for {selection.describe()}: give --from and --to"
        )
    return full[-1]


def _peopled(layer: Layer, active: list[str], messages: list[str]) -> Layer:
    """Leave out territories without population when a weighted indicator needs it."""
    if not {"rate", "trend", "hotspot", "youth"} & set(active):
        return layer
    known = np.isfinite(layer.population) & (layer.population > 0)
    years = known.any(axis=0)
    if not years.any():
        raise AnalysisError(
            "no territory has population for the period: rates cannot be computed (give the "
            "rate, trend and hotspot indicators weight 0, or import the population)"
        )
    if not years.all():
        dropped = [y for y, k in zip(layer.years, years, strict=True) if not k]
        messages.append(
            f"rates use the years with population; left out: {', '.join(map(str, dropped))}"
        )
        layer = replace(
            layer,
            years=[y for y, k in zip(layer.years, years, strict=True) if k],
            counts=layer.counts[:, years],
            population=layer.population[:, years],
        )
        known = known[:, years]
    keep = known.all(axis=1)
    if not keep.all():
        gone = [f"{c} {n}" for c, n, k in zip(layer.codes, layer.names, keep, strict=True) if not k]
        messages.append(f"left out (no population in some year): {', '.join(gone[:10])}")
        index = np.flatnonzero(keep)
        layer = replace(
            layer,
            codes=[layer.codes[i] for i in index],
            names=[layer.names[i] for i in index],
            territory_ids=[layer.territory_ids[i] for i in index],
            graph=layer.graph.subgraph(keep),
            counts=layer.counts[keep],
            population=layer.population[keep],
        )
    return layer


def _indicator(
    key: str,
    layer: Layer,
    selection: Selection,
    permutations: int,
    seed: int,
    messages: list[str],
    user: Any,
) -> np.ndarray:
    if key not in INDICATORS:
        raise AnalysisError(f"unknown indicator {key!r}; use one of: {', '.join(INDICATORS)}")
    if key == "count":
        return layer.totals
    if key == "rate":
        return _smoothed(layer.counts, layer.population)
    if key == "trend":
        if len(layer.years) < 2:
            raise AnalysisError("a trend needs at least two years with data and population")
        half = len(layer.years) // 2
        early = _smoothed(layer.counts[:, :half], layer.population[:, :half])
        late = _smoothed(layer.counts[:, -half:], layer.population[:, -half:])
        messages.append(
            f"trend: {layer.years[-half]}-{layer.years[-1]} against "
            f"{layer.years[0]}-{layer.years[half - 1]}"
        )
        return late - early
    if key == "hotspot":
        rate = _smoothed(layer.counts, layer.population)
        result = gi_star(rate, layer.graph, permutations=permutations, seed=seed, islands="exclude")
        if result.excluded:
            messages.append(
                f"hotspot score 0 for zones without neighbours: {', '.join(result.excluded)}"
            )
        return np.nan_to_num(result.z, nan=0.0)
    if key == "youth":
        return _youth_share(layer, selection)
    if key == "youth_victims":
        return _youth_victims(layer, selection, user)
    return _nbi(layer, selection)


def _smoothed(counts: np.ndarray, population: np.ndarray) -> np.ndarray:
    return eb_global(counts.sum(axis=1), population.sum(axis=1)) * 100_000


def _latest_population(layer: Layer) -> np.ndarray:
    result = np.full(len(layer.codes), np.nan)
    for k in range(layer.population.shape[1] - 1, -1, -1):
        column = layer.population[:, k]
        fill = np.isnan(result) & np.isfinite(column)
        result[fill] = column[fill]
    return result


def _youth_share(layer: Layer, selection: Selection) -> np.ndarray:
    year = layer.years[-1]
    ids = [int(pk) for pk in layer.territory_ids if pk is not None]
    youth = population_in_range(ids, [year], age_from=YOUTH[0], age_to=YOUTH[1])
    total = population_in_range(ids, [year])
    values = []
    for code, pk in zip(layer.codes, layer.territory_ids, strict=True):
        key = (int(pk or 0), year)
        if key not in youth or not total.get(key):
            raise AnalysisError(
                f"no population aged {YOUTH[0]}-{YOUTH[1]} for {code} in {year}: import "
                "population by age for these territories, or give 'youth' weight 0"
            )
        values.append(youth[key] / total[key])
    return np.array(values)


def _youth_victims(layer: Layer, selection: Selection, user: Any) -> np.ndarray:
    filters = replace(
        selection, first_year=layer.years[0], last_year=layer.years[-1], age_min=YOUTH[0],
        age_max=YOUTH[1],
    ).event_filter()  # fmt: skip
    counts = event_counts(
        filters,
        level=selection.count_level,
        municipality_code=selection.municipality_code,
        department_code=selection.department_code,
        user=user,
    )
    counts = counts[counts["year"].isin(layer.years)]
    by_code = counts.groupby("code")["count"].sum()
    if by_code.sum() == 0:
        raise AnalysisError(
            f"no victim aged {YOUTH[0]}-{YOUTH[1]} in the data: this source may not record exact "
            "ages; give 'youth_victims' weight 0"
        )
    return by_code.reindex(layer.codes, fill_value=0).to_numpy(dtype=float)


def _nbi(layer: Layer, selection: Selection) -> np.ndarray:
    from redpaz.priorities.selectors import indicator_latest

    if selection.level != "municipality":
        raise AnalysisError(
            "unmet basic needs (nbi) are published by municipality, not by zone: give 'nbi' "
            "weight 0 for a prioritisation of zones"
        )
    ids = [int(pk) for pk in layer.territory_ids if pk is not None]
    values = indicator_latest("nbi", ids, until=layer.years[-1])
    if not values:
        raise AnalysisError(
            "no unmet basic needs (NBI) figures: import them (redpaz import nbi FILE)"
        )
    return np.array([values.get(int(pk or 0), np.nan) for pk in layer.territory_ids])


def _context_batches(active: list[str], layer: Layer) -> set[int]:
    if "nbi" not in active:
        return set()
    from redpaz.priorities.selectors import indicator_batches

    return set(indicator_batches("nbi", [int(pk) for pk in layer.territory_ids if pk is not None]))
