"""Prioritisation: a transparent composite index, a ranking, and contiguous priority clusters.

The index is deliberately simple so that anyone can redo it by hand: each indicator is rescaled
to 0-1 over the zones being compared (min-max, reversed where a lower value means more need),
multiplied by its weight, summed and expressed on 0-100. The weights are the user's and are
reported with every result. Clusters group neighbouring priority zones with similar profiles
(SKATER, Assunção et al. 2006) into a target number of clusters, or into as many clusters as
possible that each reach a minimum population (max-p regions, Duque et al. 2012; heuristic of
Wei, Rey & Knaap 2021), as spopt implements them.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from redpaz.analysis.errors import AnalysisError
from redpaz.analysis.graph import Graph


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    label: str
    direction: int = 1  # +1: a higher value means more priority; -1: a lower one does


INDICATORS: dict[str, IndicatorSpec] = {
    spec.key: spec
    for spec in (
        IndicatorSpec("rate", "violence rate per 100,000 (Empirical-Bayes smoothed)"),
        IndicatorSpec("count", "victims in the period"),
        IndicatorSpec("trend", "change of the rate per 100,000, second half vs first half"),
        IndicatorSpec("hotspot", "Gi* z-score of the rate (hotspot intensity)"),
        IndicatorSpec("youth", "share of the population aged 14-28"),
        IndicatorSpec("youth_victims", "victims aged 14-28 in the period"),
        IndicatorSpec("nbi", "unmet basic needs, % of people (DANE)"),
    )
}
MAXP_CONSTRUCTIONS = 10
MAXP_ANNEALING = 3
DEFAULT_WEIGHTS = {"rate": 0.4, "count": 0.2, "trend": 0.2, "hotspot": 0.2}


@dataclass(frozen=True, eq=False)
class PriorityIndex:
    table: pd.DataFrame  # code, score, rank, then each indicator and its 0-1 scaled value
    weights: dict[str, float]  # as given, normalised to sum 1
    notes: list[str] = field(default_factory=list)


def parse_weights(text: str) -> dict[str, float]:
    """Read "rate=0.5,trend=0.2" into {"rate": 0.5, "trend": 0.2}."""
    weights: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        match = re.fullmatch(r"([a-z_]+)\s*=\s*([0-9]*\.?[0-9]+)", part)
        if not match:
            raise AnalysisError(
                f"cannot read the weight {part!r}: write name=number, e.g. rate=0.5"
            )
        key, value = match.group(1), float(match.group(2))
        if key not in INDICATORS:
            raise AnalysisError(f"unknown indicator {key!r}; use one of: {', '.join(INDICATORS)}")
        if key in weights:
            raise AnalysisError(f"the weight of {key!r} is given twice")
        weights[key] = value
    if not weights:
        raise AnalysisError("no weights given")
    return weights


def composite_index(indicators: pd.DataFrame, weights: Mapping[str, float]) -> PriorityIndex:
    """Score (0-100) and rank each zone; ``indicators`` is indexed by zone code.

    Indicators with weight 0 are ignored. Every zone needs a value for every weighted
    indicator. Ties share the best rank; ranks then follow the score, highest first.
    """
    active = {key: float(w) for key, w in weights.items() if w}
    if any(w < 0 for w in active.values()):
        raise AnalysisError("weights cannot be negative")
    if not active:
        raise AnalysisError("at least one indicator needs a positive weight")
    absent = [key for key in active if key not in indicators.columns]
    if absent:
        raise AnalysisError(f"no values for indicator(s): {', '.join(absent)}")
    if len(indicators) < 2:
        raise AnalysisError("ranking needs at least two zones")
    total = sum(active.values())
    normalised = {key: w / total for key, w in active.items()}
    notes: list[str] = []
    table = pd.DataFrame(index=indicators.index.astype(str))
    score = np.zeros(len(indicators))
    for key, weight in normalised.items():
        values = pd.to_numeric(indicators[key], errors="coerce").astype(float)
        lacking = list(values.index[values.isna()])
        if lacking:
            raise AnalysisError(
                f"{len(lacking)} zone(s) have no value for {key!r} "
                f"({', '.join(map(str, lacking[:10]))}): give it weight 0 or provide the data"
            )
        direction = INDICATORS[key].direction if key in INDICATORS else 1
        low, high = values.min(), values.max()
        scaled: np.ndarray
        if high == low:
            scaled = np.zeros(len(values))
            notes.append(f"{key} is the same in every zone: it does not change the ranking")
        else:
            scaled = (values.to_numpy() - low) / (high - low)
            if direction < 0:
                scaled = 1 - scaled
        table[key] = values.to_numpy()
        table[f"{key}_scaled"] = scaled
        score += weight * scaled
    table.insert(0, "score", score * 100)
    table.insert(1, "rank", table["score"].rank(method="min", ascending=False).astype(int))
    table = table.reset_index(names="code").sort_values(["rank", "code"], kind="mergesort")
    return PriorityIndex(table.reset_index(drop=True), normalised, notes)


def priority_clusters(
    graph: Graph,
    features: np.ndarray,
    *,
    score: np.ndarray,
    n_clusters: int | None = None,
    min_population: float | None = None,
    population: np.ndarray | None = None,
    seed: int = 12345,
) -> np.ndarray:
    """Contiguous clusters of the zones of ``graph`` (usually the selected priority zones).

    Give ``n_clusters`` (SKATER) or ``min_population`` with ``population`` (max-p). Clusters
    are numbered 1, 2, ... by decreasing mean score, so cluster 1 is the highest priority.
    """
    x = np.asarray(features, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    n = graph.n
    if x.shape[0] != n or len(score) != n:
        raise AnalysisError("there must be one row of indicators and one score per zone")
    if (n_clusters is None) == (min_population is None):
        raise AnalysisError("give either a number of clusters or a minimum population")
    components = graph.components()
    n_components = int(components.max()) + 1 if n else 0
    if n_clusters is not None:
        if n_clusters < 1:
            raise AnalysisError("the number of clusters must be at least 1")
        if n_clusters > n:
            raise AnalysisError(
                f"{n_clusters} clusters were asked for but there are only {n} zones to group"
            )
        if n_clusters < n_components:
            raise AnalysisError(
                f"the {n} zones form {n_components} separate groups of neighbouring zones: "
                f"ask for at least {n_components} clusters, or select more zones so they touch"
            )
        labels = _skater(graph, x, n_clusters)
    else:
        labels = _max_p(graph, x, float(min_population or 0), population, components, seed)
    return _renumber(labels, np.asarray(score, dtype=float))


def _skater(graph: Graph, x: np.ndarray, n_clusters: int) -> np.ndarray:
    from spopt.region import Skater

    if n_clusters == graph.n:
        return np.arange(graph.n)
    columns = [f"x{i}" for i in range(x.shape[1])]
    frame = pd.DataFrame(x, columns=columns)
    with warnings.catch_warnings():
        # spopt warns that the graph is disconnected; components were checked above.
        warnings.simplefilter("ignore")
        model = Skater(
            frame, graph.to_libpysal(), columns, n_clusters=n_clusters, floor=1, islands="ignore"
        )
        model.solve()
    return np.asarray(model.labels_)


def _max_p(
    graph: Graph,
    x: np.ndarray,
    threshold: float,
    population: np.ndarray | None,
    components: np.ndarray,
    seed: int,
) -> np.ndarray:
    from spopt.region import MaxPHeuristic

    if population is None:
        raise AnalysisError("a minimum population per cluster needs the population of each zone")
    pop = np.asarray(population, dtype=float)
    if not np.isfinite(pop).all():
        raise AnalysisError("every zone needs a population to form clusters by population")
    if threshold <= 0:
        raise AnalysisError("the minimum population must be positive")
    for label in np.unique(components):
        members = components == label
        if pop[members].sum() < threshold:
            codes = [graph.ids[i] for i in np.flatnonzero(members)]
            raise AnalysisError(
                f"the neighbouring zones {', '.join(codes[:10])} together have "
                f"{pop[members].sum():,.0f} people, fewer than the minimum of {threshold:,.0f}"
            )
    columns = [f"x{i}" for i in range(x.shape[1])]
    frame = pd.DataFrame(x, columns=columns)
    frame["population"] = pop
    with _seeded(seed), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = MaxPHeuristic(
            frame,
            graph.to_libpysal(positional=True),
            columns,
            "population",
            threshold,
            top_n=2,
            # spopt's defaults (99 constructions x 10 annealing rounds) take seconds even for
            # ten zones; a few restarts reach the same number of regions in practice.
            max_iterations_construction=MAXP_CONSTRUCTIONS,
            max_iterations_sa=MAXP_ANNEALING,
            policy="keep",
        )
        model.solve()
    labels = np.asarray(model.labels_)
    if (labels <= 0).any():
        raise AnalysisError("no clustering reaches the minimum population for every zone")
    return labels


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """Seed numpy's global generator (spopt's max-p uses it) and restore it afterwards."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def _renumber(labels: np.ndarray, score: np.ndarray) -> np.ndarray:
    frame = pd.DataFrame({"label": labels, "score": score})
    order = (
        frame.groupby("label")["score"]
        .mean()
        .reset_index()
        .sort_values(["score", "label"], ascending=[False, True], kind="mergesort")
    )
    mapping = {label: rank for rank, label in enumerate(order["label"], start=1)}
    return np.array([mapping[label] for label in labels], dtype=np.int64)
