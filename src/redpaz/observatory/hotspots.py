"""Hotspot tables as ``redpaz hotspots`` prints them: Gi*, local Moran or emerging hotspots."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from redpaz.analysis.emerging import emerging_hotspots
from redpaz.analysis.errors import AnalysisError
from redpaz.analysis.local import DEFAULT_PERMUTATIONS, DEFAULT_SEED, fdr_bh, gi_star, local_moran
from redpaz.analysis.smoothing import eb_global
from redpaz.observatory.datasets import Selection
from redpaz.observatory.layers import Layer, h3_layer, territory_layer

HOTSPOT_COLUMNS = ["code", "name", "value", "statistic", "p_value", "p_fdr", "class"]
HOTSPOT_DECIMALS = {"value": 4, "statistic": 4, "p_value": 6, "p_fdr": 6}
METHODS = ("gi", "lisa", "emerging")
VALUES = ("auto", "count", "rate", "smoothed")
DEFAULT_H3_RESOLUTION = 9


@dataclass
class HotspotReport:
    frame: pd.DataFrame
    columns: list[str]
    geometries: Callable[[], dict[str, Any]]
    parameters: dict[str, Any]
    messages: list[str] = field(default_factory=list)
    batches: list[int] = field(default_factory=list)


def hotspots_report(
    selection: Selection,
    *,
    method: str = "gi",
    value: str = "auto",
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    alpha: float = 0.05,
    h3_resolution: int = DEFAULT_H3_RESOLUTION,
    inference: str = "auto",
    user: Any = None,
) -> HotspotReport:
    """Local hotspot statistics of the selection's period, one row per territory or cell.

    ``value``: "count" (victims in the period), "rate" (per 100,000 person-years), "smoothed"
    (Empirical-Bayes rate, default for territories: small places do not become hotspots by
    chance) or "auto". Cells of an H3 grid have no population: counts only. Territories without
    population (for rates) and islands are left out of the statistic, and said so.

    ``inference``: "permutation" (pseudo p-values), "normal" (normal p-value of the
    permutation z-score) or "auto": permutation for territories, normal for H3 grids, whose
    thousands of cells no pseudo p-value from 999 permutations can carry through the
    false-discovery correction.
    """
    if method not in METHODS:
        raise AnalysisError(f"unknown method {method!r}; use one of: {', '.join(METHODS)}")
    if value not in VALUES:
        raise AnalysisError(f"unknown value {value!r}; use one of: {', '.join(VALUES)}")
    if inference not in ("auto", "permutation", "normal"):
        raise AnalysisError("inference is 'auto', 'permutation' or 'normal'")
    if inference == "auto":
        inference = "normal" if selection.level == "h3" else "permutation"
    if selection.level == "h3":
        if value in ("rate", "smoothed"):
            raise AnalysisError("H3 cells have no population: use --value count")
        value = "count"
        layer = h3_layer(selection, h3_resolution, user)
    else:
        value = "smoothed" if value == "auto" else value
        layer = territory_layer(selection, user)
    messages = list(layer.messages)
    keep = np.ones(len(layer.codes), dtype=bool)
    if value != "count":
        layer = _years_with_population(layer, messages)
        unknown = ~np.isfinite(layer.person_years) | (layer.person_years <= 0)
        if unknown.all():
            raise AnalysisError(
                "no territory has population for the period: use --value count, or import "
                "the population"
            )
        if unknown.any():
            messages.append(f"left out (no population for rates): {_names(layer, unknown)}")
        keep &= ~unknown
        if method == "emerging":
            # A rate in every slice needs the population of every year.
            gaps = (~np.isfinite(layer.population) | (layer.population <= 0)).any(axis=1) & keep
            if gaps.any():
                messages.append(f"left out (a year without population): {_names(layer, gaps)}")
                keep &= ~gaps
    graph = layer.graph.subgraph(keep)
    islands = np.isin(np.asarray(graph.ids), graph.islands)
    if islands.any():
        messages.append(
            f"left out (no neighbours in the contiguity graph): {', '.join(graph.islands)}"
        )
        keep[np.flatnonzero(keep)[islands]] = False
        graph = graph.subgraph(~islands)
    if graph.n < 2:
        raise AnalysisError(
            "fewer than two neighbouring territories remain: a hotspot analysis needs a map of "
            "several zones that touch"
        )
    totals = _values(layer, value, keep, per_year=False)
    out = pd.DataFrame({"code": layer.codes, "name": layer.names})
    out["value"] = pd.array(np.full(len(out), np.nan), dtype="Float64")
    out.loc[keep, "value"] = totals
    for column in ("statistic", "p_value", "p_fdr"):
        out[column] = pd.array(np.full(len(out), np.nan), dtype="Float64")
    out["class"] = "none"
    parameters = {
        "method": method,
        "value": value,
        "years": layer.years,
        "permutations": permutations,
        "seed": seed,
        "alpha": alpha,
        "inference": inference,
        "source": selection.source,
        "crime": selection.crime,
    }
    if method == "emerging":
        result = emerging_hotspots(
            _values(layer, value, keep),
            graph,
            slices=[str(y) for y in layer.years],
            permutations=permutations,
            seed=seed,
            alpha=alpha,
        )
        table = result.table
        out.loc[keep, "statistic"] = table["trend_z"].to_numpy()
        out.loc[keep, "p_value"] = table["trend_p"].to_numpy()
        out.loc[keep, "p_fdr"] = fdr_bh(table["trend_p"].to_numpy())
        out.loc[keep, "class"] = table["category"].to_numpy()
    else:
        run = gi_star if method == "gi" else local_moran
        local = run(
            totals,
            graph,
            permutations=permutations,
            seed=seed,
            alpha=alpha,
            inference=inference,  # type: ignore[arg-type]
        )
        out.loc[keep, "statistic"] = local.statistic
        out.loc[keep, "p_value"] = local.p_value
        out.loc[keep, "p_fdr"] = local.p_fdr
        out.loc[keep, "class"] = local.label
        significant = int((local.label != "none").sum())
        if significant == 0 and inference == "permutation":
            smallest = 2 / (permutations + 1)
            messages.append(
                f"no significant zone at FDR {alpha}: with {permutations} permutations the "
                f"smallest two-sided p-value is {smallest:.4f}; over {graph.n:,} zones the "
                "false-discovery correction may need more (--permutations 9999) or "
                "--inference normal"
            )
    parameters["analysed"] = int(keep.sum())
    return HotspotReport(
        out, list(HOTSPOT_COLUMNS), layer.geometries, parameters, messages, layer.batches
    )


def _years_with_population(layer: Layer, messages: list[str]) -> Layer:
    """Keep the years in which some territory has population: a rate needs both parts."""
    known = (np.isfinite(layer.population) & (layer.population > 0)).any(axis=0)
    if not known.any():
        raise AnalysisError(
            f"no territory has population for {', '.join(map(str, layer.years))}: use "
            "--value count, or import the population"
        )
    if known.all():
        return layer
    dropped = [y for y, k in zip(layer.years, known, strict=True) if not k]
    messages.append(
        f"rates use the years with population only; left out: {', '.join(map(str, dropped))}"
    )
    return replace(
        layer,
        years=[y for y, k in zip(layer.years, known, strict=True) if k],
        counts=layer.counts[:, known],
        population=layer.population[:, known],
    )


def _values(layer: Layer, value: str, keep: np.ndarray, *, per_year: bool = True) -> np.ndarray:
    """Values of the kept places: (places x years) when ``per_year``, else period totals."""
    counts = layer.counts[keep]
    population = layer.population[keep]
    if not per_year:
        counts = counts.sum(axis=1, keepdims=True)
        population = population.sum(axis=1, keepdims=True)
    if value == "count":
        result = counts
    elif value == "rate":
        result = counts / population * 100_000
    else:
        result = np.column_stack(
            [eb_global(counts[:, k], population[:, k]) * 100_000 for k in range(counts.shape[1])]
        )
    return result if per_year else result[:, 0]


def _names(layer: Layer, mask: np.ndarray) -> str:
    chosen = [
        f"{c} {n}".strip() for c, n, m in zip(layer.codes, layer.names, mask, strict=True) if m
    ]
    more = f" and {len(chosen) - 10} more" if len(chosen) > 10 else ""
    return ", ".join(chosen[:10]) + more
