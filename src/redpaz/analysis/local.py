"""Local spatial statistics: Getis-Ord Gi* and local Moran's I (LISA), with permutation inference.

Results are identical to esda's ``G_Local(y, w, transform="B", star=True)`` and
``Moran_Local(y, w, transformation="r")`` called with the same seed (z-scores, statistics and
pseudo p-values), but computed faster and in bounded memory:

- the random draws are esda's own conditional-randomisation draws (``crand.vec_permutations``:
  one ``RandomState(seed)`` permutation of the other n-1 sites per replication, first
  ``max_card`` kept), so the same seed gives the same null distribution;
- instead of copying the n-1 other values for every site (O(n²) memory traffic), the value
  drawn for site i is read from two pre-gathered tables (``z[p]`` or ``z[p+1]``, depending on
  whether the draw falls before or after i), a vectorised select over blocks of sites;
- the weighted sums use the same BLAS call per site as esda (a matrix-vector product of the
  ``permutations x cardinality`` draw matrix by the site's weights), so the floating-point
  results, and therefore ties between simulated and observed values, are the same;
- simulated statistics are reduced block by block to counts, means and standard deviations:
  nothing of size ``n x permutations`` is ever stored.

p-values: ``p_sim`` is esda's pseudo p-value, one-sided in the direction observed,
(min(#≥, R - #≥) + 1) / (R + 1), as GeoDa reports it. ``p_value`` is two-sided and counts ties
on both sides: 2 · (min(#≥, #≤) + 1) / (R + 1), at most 1. Without ties it is exactly twice
``p_sim``. With ties it differs, and must: on a grid of counts where most cells are 0, a 0 among
0s ties with most simulations, and esda's formula (ties counted as "larger", then the lower
tail taken as R - #≥) calls it significantly low (p_sim = 1 / (R + 1)) when it is the most
common outcome. ``p_fdr`` is the Benjamini-Hochberg adjustment of ``p_value``.

With ``inference="normal"`` the p-value is instead the two-sided normal p-value of ``z_sim``
(the statistic standardised by the mean and standard deviation of its permutations). A pseudo
p-value cannot go below 2 / (R + 1), so over thousands of grid cells no cell can pass a
false-discovery correction, however extreme; the normal approximation is not bounded that way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from redpaz.analysis.errors import AnalysisError
from redpaz.analysis.graph import Graph

DEFAULT_PERMUTATIONS = 999
DEFAULT_SEED = 12345
# Upper bound on the temporary block of simulated neighbour values (bytes).
BLOCK_BYTES = 32 * 1024 * 1024

HOT, COLD, NONE = "hot", "cold", "none"
QUADRANTS = {1: "high-high", 2: "low-high", 3: "low-low", 4: "high-low"}

IslandPolicy = Literal["raise", "exclude"]
# "permutation": pseudo p-values, exact but never below 2 / (R + 1); "normal": the normal
# p-value of the z-score against the permutation distribution (not bounded by R; what a
# false-discovery correction over thousands of grid cells needs).
Inference = Literal["permutation", "normal"]


@dataclass(frozen=True, eq=False)
class LocalResult:
    """Per-site results of a local statistic. Arrays are aligned with ``ids``.

    Sites left out of the analysis (islands, with ``islands="exclude"``) hold NaN in the numeric
    arrays and class "none"; ``excluded`` lists them.
    """

    method: str  # "gi" | "lisa"
    ids: tuple[str, ...]
    value: np.ndarray  # the variable analysed
    statistic: np.ndarray  # Gi*: the z-score; LISA: the local I
    z: np.ndarray  # Gi*: analytical z-score; LISA: z-score against the permutations
    z_sim: np.ndarray  # standardised against the permutation distribution
    p_sim: np.ndarray  # esda's pseudo p-value (one-sided in the observed direction)
    p_value: np.ndarray  # two-sided (see ``inference``)
    p_fdr: np.ndarray  # Benjamini-Hochberg adjusted p_value
    quadrant: np.ndarray  # LISA quadrant 1 HH, 2 LH, 3 LL, 4 HL (0 for Gi* and excluded)
    label: np.ndarray  # hot|cold|high-high|low-high|low-low|high-low|none
    permutations: int
    seed: int
    alpha: float
    excluded: tuple[str, ...]
    inference: str = "permutation"

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "code": list(self.ids),
                "value": self.value,
                "statistic": self.statistic,
                "z_sim": self.z_sim,
                "p_sim": self.p_sim,
                "p_value": self.p_value,
                "p_fdr": self.p_fdr,
                "class": self.label,
            }
        )


def gi_star(
    values: np.ndarray,
    graph: Graph,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    alpha: float = 0.05,
    islands: IslandPolicy = "raise",
    inference: Inference = "permutation",
) -> LocalResult:
    """Getis-Ord Gi* (the site itself included) with binary weights.

    A site is "hot" ("cold") when its FDR-adjusted two-sided p-value is at most ``alpha`` and
    its z-score is positive (negative). Values must be non-negative (counts or rates).
    """
    y_all = _values(values, graph)
    if (y_all < 0).any():
        raise AnalysisError("Gi* needs non-negative values (counts or rates)")
    keep, sub = _analysable(graph, islands, permutations, alpha)
    y = y_all[keep]
    if y.sum() <= 0:
        raise AnalysisError("every zone has the value 0: there are no hotspots to look for")
    if (y == y[0]).all():
        raise AnalysisError("every zone has the same value: there are no hotspots to look for")

    n = sub.n
    w = sub.matrix(self_weight=1.0)
    # esda G_Local.calc with star=True, transform="B", written the same way (same rounding).
    remove_self = False
    big_n = n - remove_self
    statistic = (w @ y) / (y.sum() - y * remove_self)
    empirical_mean = (y.sum() - y * remove_self) / big_n
    mean_of_squares = ((y**2).sum() - (y**2) * remove_self) / big_n
    empirical_variance = mean_of_squares - empirical_mean**2
    cardinality = np.asarray(w.sum(axis=1)).squeeze()
    expected_value = cardinality / big_n
    expected_variance = cardinality * (big_n - cardinality)
    expected_variance /= big_n - 1
    expected_variance *= 1 / big_n**2
    expected_variance *= empirical_variance / (empirical_mean**2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z_scores = (statistic - expected_value) / np.sqrt(expected_variance)

    other = np.ones(n)
    sim = _simulate(y, sub, statistic, "gi", other, np.ones(n), y.sum(), permutations, seed)
    # esda keeps Gi*'s pseudo p-values in a float32 array: p_sim reproduces that rounding.
    p_sim = sim.p_sim.astype(np.float32).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        z_sim = (statistic - sim.mean) / sim.std
    p_value = _p_value(inference, sim.p_two_sided, z_sim)
    p_fdr = fdr_bh(p_value)
    significant = p_fdr <= alpha
    label = np.where(significant & (z_scores > 0), HOT, np.where(significant, COLD, NONE))
    return _result(
        "gi", graph, keep, y_all, z_scores, z_scores, z_sim, p_sim, p_value, p_fdr,
        np.zeros(n, dtype=np.int64), label, permutations, seed, alpha, inference,
    )  # fmt: skip


def local_moran(
    values: np.ndarray,
    graph: Graph,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    alpha: float = 0.05,
    islands: IslandPolicy = "raise",
    inference: Inference = "permutation",
) -> LocalResult:
    """Local Moran's I with row-standardised weights (Anselin 1995).

    A site is labelled with its quadrant (high-high, low-low, high-low, low-high) when its
    FDR-adjusted two-sided p-value is at most ``alpha``.
    """
    y_all = _values(values, graph)
    keep, sub = _analysable(graph, islands, permutations, alpha)
    y = y_all[keep]
    n = sub.n
    if n < 3:
        raise AnalysisError("local Moran's I needs at least 3 zones with neighbours")
    # esda Moran_Local, written the same way (same rounding).
    z = y - y.mean()
    sy = y.std()
    if sy == 0:
        raise AnalysisError("every zone has the same value: there is no pattern to look for")
    z /= sy
    card = sub.cardinalities
    weights = 1.0 / card
    w = sub.matrix()
    w.data = np.repeat(weights, card)
    den = (z * z).sum()
    lag = w @ z
    observed = (n - 1) * z * lag / den
    quadrant = np.select(
        [(z > 0) & (lag > 0), (z <= 0) & (lag > 0), (z <= 0) & (lag <= 0)], [1, 2, 3], 4
    )
    scaling = (n - 1) / (z * z).sum()
    sim = _simulate(z, sub, observed, "lisa", weights, np.zeros(n), scaling, permutations, seed)
    with np.errstate(divide="ignore", invalid="ignore"):
        z_sim = (observed - sim.mean) / sim.std
    p_value = _p_value(inference, sim.p_two_sided, z_sim)
    p_fdr = fdr_bh(p_value)
    label = np.where(p_fdr <= alpha, np.vectorize(QUADRANTS.get)(quadrant), NONE)
    return _result(
        "lisa", graph, keep, y_all, observed, z_sim, z_sim, sim.p_sim, p_value, p_fdr,
        quadrant, label, permutations, seed, alpha, inference,
    )  # fmt: skip


def _p_value(inference: Inference, pseudo: np.ndarray, z_sim: np.ndarray) -> np.ndarray:
    if inference == "permutation":
        return pseudo
    if inference == "normal":
        # A site whose simulations never vary (z undefined) is no evidence of anything.
        return np.where(np.isfinite(z_sim), normal_p(np.nan_to_num(z_sim)), 1.0)
    raise AnalysisError(f"inference is 'permutation' or 'normal', not {inference!r}")


def fdr_bh(p_values: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (the smallest FDR at which each test is rejected)."""
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    if m == 0:
        return p.copy()
    order = np.argsort(p, kind="mergesort")
    ranked = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    return out


def esda_draws(n: int, max_card: int, permutations: int, seed: int) -> np.ndarray:
    """esda's conditional-randomisation draws: ids of the other n-1 sites, per replication."""
    if max_card > n - 1:
        raise AnalysisError("a zone cannot have more neighbours than there are other zones")
    rng = np.random.RandomState(seed)
    draws = np.empty((permutations, max_card), dtype=np.int64)
    for k in range(permutations):
        draws[k] = rng.permutation(n - 1)[:max_card]
    return draws


@dataclass(frozen=True)
class _Simulation:
    p_sim: np.ndarray  # esda's directed pseudo p-value
    p_two_sided: np.ndarray
    mean: np.ndarray
    std: np.ndarray


def _simulate(
    z: np.ndarray,
    graph: Graph,
    observed: np.ndarray,
    kind: str,
    other_weight: np.ndarray,
    self_weight: np.ndarray,
    scaling: float,
    permutations: int,
    seed: int,
) -> _Simulation:
    """Conditional randomisation of every site, block by block, without storing simulations."""
    n = graph.n
    card = graph.cardinalities
    max_card = int(card.max())
    draws = esda_draws(n, max_card, permutations, seed)
    # The value drawn for site i at draw p is z_without_i[p] = z[p] if p < i else z[p + 1].
    before = z[draws]
    after = z[np.minimum(draws + 1, n - 1)]
    p_sim = np.empty(n)
    p_two_sided = np.empty(n)
    mean = np.empty(n)
    std = np.empty(n)
    for c in np.unique(card):
        sites = np.flatnonzero(card == c)
        block = max(1, BLOCK_BYTES // (8 * permutations * int(c)))
        # Contiguous copies: broadcasting over strided slices is several times slower.
        d, lo, hi = (np.ascontiguousarray(a[:, :c]) for a in (draws, before, after))
        for start in range(0, len(sites), block):
            idx = sites[start : start + block]
            values = np.where(d[None, :, :] >= idx[:, None, None], hi[None], lo[None])
            w = np.broadcast_to(other_weight[idx][:, None, None], (len(idx), int(c), 1))
            lagged = (values @ np.ascontiguousarray(w))[:, :, 0]
            zi = z[idx][:, None]
            if kind == "gi":
                simulated = (lagged + self_weight[idx][:, None] * zi) / scaling
            else:
                simulated = zi * (lagged + self_weight[idx][:, None] * zi) * scaling
            larger = (simulated >= observed[idx][:, None]).sum(axis=1)
            smaller = (simulated <= observed[idx][:, None]).sum(axis=1)
            tail = np.minimum(larger, smaller)
            p_two_sided[idx] = np.minimum(1.0, 2 * (tail + 1.0) / (permutations + 1.0))
            low_extreme = (permutations - larger) < larger
            larger[low_extreme] = permutations - larger[low_extreme]
            p_sim[idx] = (larger + 1.0) / (permutations + 1.0)
            mean[idx] = simulated.mean(axis=1)
            std[idx] = simulated.std(axis=1)
    return _Simulation(p_sim, p_two_sided, mean, std)


def _values(values: np.ndarray, graph: Graph) -> np.ndarray:
    y = np.asarray(values, dtype=np.float64).ravel()
    if len(y) != graph.n:
        raise AnalysisError(f"{len(y)} values for {graph.n} zones")
    if len(y) == 0:
        raise AnalysisError("there are no zones to analyse")
    if not np.isfinite(y).all():
        raise AnalysisError("some zones have no value (missing data or population)")
    return y


def _analysable(
    graph: Graph, islands: IslandPolicy, permutations: int, alpha: float
) -> tuple[np.ndarray, Graph]:
    if graph.n < 2:
        raise AnalysisError("a hotspot analysis needs at least two neighbouring zones")
    if permutations < 1:
        raise AnalysisError("at least one permutation is needed")
    if not 0 < alpha < 1:
        raise AnalysisError(f"alpha must be between 0 and 1, not {alpha}")
    keep = graph.cardinalities > 0
    if not keep.all():
        if islands == "raise":
            raise AnalysisError(
                f"zones without neighbours (islands): {', '.join(graph.islands[:20])}; "
                "leave them out or connect them before a hotspot analysis"
            )
        if keep.sum() < 2:
            raise AnalysisError("no zone has a neighbour: there is no spatial pattern to test")
    return keep, graph.subgraph(keep) if not keep.all() else graph


def _result(
    method: str,
    graph: Graph,
    keep: np.ndarray,
    value: np.ndarray,
    statistic: np.ndarray,
    z: np.ndarray,
    z_sim: np.ndarray,
    p_sim: np.ndarray,
    p_value: np.ndarray,
    p_fdr: np.ndarray,
    quadrant: np.ndarray,
    label: np.ndarray,
    permutations: int,
    seed: int,
    alpha: float,
    inference: str,
) -> LocalResult:
    def spread(array: np.ndarray, fill: float = np.nan) -> np.ndarray:
        out = np.full(graph.n, fill, dtype=np.result_type(array.dtype, type(fill)))
        out[keep] = array
        return out

    labels = np.full(graph.n, NONE, dtype=object)
    labels[keep] = label
    return LocalResult(
        method=method,
        ids=graph.ids,
        value=value,
        statistic=spread(statistic),
        z=spread(z),
        z_sim=spread(z_sim),
        p_sim=spread(p_sim),
        p_value=spread(p_value),
        p_fdr=spread(p_fdr),
        quadrant=spread(quadrant.astype(np.int64), 0).astype(np.int64),
        label=labels,
        permutations=permutations,
        seed=seed,
        alpha=alpha,
        excluded=tuple(key for key, kept in zip(graph.ids, keep, strict=True) if not kept),
        inference=inference,
    )


def normal_p(z: np.ndarray) -> np.ndarray:
    """Two-sided p-value of a z-score under the normal approximation."""
    return 2 * stats.norm.sf(np.abs(z))
