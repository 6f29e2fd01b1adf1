"""How concentrated events are in places: top shares, the Lorenz curve and Gini coefficients.

With fewer events than places (homicides by barrio in one year, say) the usual Gini is biased
upwards: perfect equality is impossible when there are not enough events to give every place
one. Bernasco & Steenbeek (2017) compare the observed curve with the *maximal* equality the
data allow (each event in a different place); their generalised Gini is reported alongside.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from redpaz.analysis.errors import AnalysisError


@dataclass(frozen=True)
class Concentration:
    places: int
    events: int
    places_with_events: int
    gini: float
    gini_generalised: float
    top_shares: dict[float, float] = field(default_factory=dict)  # fraction of places -> share


def lorenz_curve(counts: Sequence[float] | np.ndarray) -> pd.DataFrame:
    """Cumulative share of events against the share of places, busiest places first.

    Starts at (0, 0) and ends at (1, 1); one point per place.
    """
    x = _counts(counts)
    ordered = np.sort(x)[::-1]
    place_share = np.arange(len(x) + 1) / len(x)
    event_share = np.concatenate([[0.0], np.cumsum(ordered) / ordered.sum()])
    return pd.DataFrame({"place_share": place_share, "event_share": event_share})


def top_share(counts: Sequence[float] | np.ndarray, fraction: float) -> float:
    """Share of events in the busiest ``fraction`` of places (read off the Lorenz curve).

    Between two places the curve is linear: the top 5 % of 30 places (1.5 places) holds the
    events of the busiest place and half those of the second.
    """
    if not 0 <= fraction <= 1:
        raise AnalysisError(f"the fraction of places must be between 0 and 1, not {fraction}")
    curve = lorenz_curve(counts)
    return float(np.interp(fraction, curve["place_share"], curve["event_share"]))


def share_of_places(counts: Sequence[float] | np.ndarray, share: float) -> float:
    """Smallest fraction of places that holds ``share`` of the events (e.g. half of them)."""
    if not 0 <= share <= 1:
        raise AnalysisError(f"the share of events must be between 0 and 1, not {share}")
    curve = lorenz_curve(counts)
    # The curve is non-decreasing; flat stretches (places without events) come last.
    events = curve["event_share"].to_numpy()
    places = curve["place_share"].to_numpy()
    first = int(np.searchsorted(events, share, side="left"))
    if first == 0:
        return 0.0
    low, high = events[first - 1], events[first]
    step = 0.0 if high == low else (share - low) / (high - low)
    return float(places[first - 1] + step * (places[first] - places[first - 1]))


def gini(counts: Sequence[float] | np.ndarray, *, unbiased: bool = False) -> float:
    """Gini coefficient (0 = perfect equality, 1 = everything in one place).

    ``unbiased`` multiplies by n / (n - 1) so that all events in one of n places gives 1
    (Deltas 2003), as ``DescTools::Gini(unbiased = TRUE)``.
    """
    x = np.sort(_counts(counts))
    n = len(x)
    ranks = np.arange(1, n + 1)
    value = 2 * (ranks * x).sum() / (n * x.sum()) - (n + 1) / n
    if unbiased:
        if n < 2:
            raise AnalysisError("an unbiased Gini needs at least two places")
        value *= n / (n - 1)
    return float(value)


def generalised_gini(counts: Sequence[float] | np.ndarray, *, unbiased: bool = False) -> float:
    """Bernasco & Steenbeek's (2017) generalised Gini: G' = max(1, N/C)·(G - 1) + 1.

    N places and C events; when C >= N it equals the usual Gini. ``unbiased`` applies their
    package's small-sample correction min(N, C) / (min(N, C) - 1).
    """
    x = _counts(counts)
    places, events = len(x), float(x.sum())
    value = max(1.0, places / events) * (gini(x) - 1) + 1
    if unbiased:
        smallest = min(places, events)
        if smallest <= 1:
            raise AnalysisError("an unbiased generalised Gini needs at least two events and places")
        value *= smallest / (smallest - 1)
    return float(value)


def concentration(
    counts: Sequence[float] | np.ndarray, *, fractions: Sequence[float] = (0.05, 0.1, 0.2)
) -> Concentration:
    """Every concentration figure at once."""
    x = _counts(counts)
    return Concentration(
        places=len(x),
        events=round(float(x.sum())),
        places_with_events=int((x > 0).sum()),
        gini=gini(x),
        gini_generalised=generalised_gini(x),
        top_shares={f: top_share(x, f) for f in fractions},
    )


def _counts(counts: Sequence[float] | np.ndarray) -> np.ndarray:
    x = np.asarray(counts, dtype=float).ravel()
    if len(x) == 0:
        raise AnalysisError("there are no places to measure concentration over")
    if not np.isfinite(x).all():
        raise AnalysisError("every place needs a count (missing data cannot be concentrated)")
    if (x < 0).any():
        raise AnalysisError("counts cannot be negative")
    if x.sum() == 0:
        raise AnalysisError("there are no events: concentration is undefined")
    return x
