"""Rate tables as ``redpaz rates`` prints them: one row per territory and year (or period)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from redpaz.analysis.errors import AnalysisError
from redpaz.analysis.rates import Status, pooled, rates, standardised_rates
from redpaz.analysis.smoothing import eb_global, eb_spatial
from redpaz.observatory.datasets import Selection, annual_counts, territories
from redpaz.observatory.models import AGE_GROUP_RANGES, AgeGroup
from redpaz.observatory.selectors import event_counts
from redpaz.territory.models import COUNTRY_CODE, Level, Territory
from redpaz.territory.selectors import population_in_range

RATE_COLUMNS = [
    "code",
    "name",
    "year",
    "count",
    "population",
    "rate_per_100k",
    "ci_low",
    "ci_high",
]
RATE_DECIMALS = {"rate_per_100k": 4, "ci_low": 4, "ci_high": 4, "smoothed_rate_per_100k": 4}


@dataclass
class Report:
    frame: pd.DataFrame
    columns: list[str]
    messages: list[str] = field(default_factory=list)
    batches: list[int] = field(default_factory=list)


def rates_report(
    selection: Selection,
    *,
    pool: bool = False,
    smooth: str | None = None,
    confidence: float = 0.95,
    user: Any = None,
) -> Report:
    """Rates per 100,000 with exact intervals by territory and year, or pooled over the period.

    ``smooth`` ("global" or "spatial") adds Empirical-Bayes smoothed rates, computed across the
    territories of each row's period.
    """
    data = annual_counts(selection, user)
    messages = list(data.messages)
    if data.frame["count"].notna().sum() == 0:
        raise AnalysisError(
            f"no imported data for {selection.describe()} in {selection.first_year}-"
            f"{selection.last_year}: nothing to compute"
        )
    frame = data.frame
    if pool:
        covered = sorted(frame.loc[frame["count"].notna(), "year"].unique().tolist())
        frame = pooled(frame, by=["territory_id", "code", "name"])
        frame["year"] = f"{selection.first_year}-{selection.last_year}"
        left_out = sorted(set(selection.years) - set(covered))
        messages.append(
            f"pooled over {len(covered)} year(s) with data"
            + (f"; left out (no data): {', '.join(map(str, left_out))}" if left_out else "")
        )
    out = rates(frame, confidence=confidence)
    out = out.rename(columns={"rate": "rate_per_100k"})
    columns = list(RATE_COLUMNS)
    if smooth:
        out["smoothed_rate_per_100k"] = _smoothed(out, selection, smooth, user)
        columns.append("smoothed_rate_per_100k")
    return Report(out, columns, messages, data.batches)


def _smoothed(frame: pd.DataFrame, selection: Selection, how: str, user: Any) -> pd.Series:
    if how not in ("global", "spatial"):
        raise AnalysisError(f"smoothing is 'global' or 'spatial', not {how!r}")
    graph = None
    if how == "spatial":
        from redpaz.observatory.layers import territory_graph

        graph = territory_graph(selection, user)
    result = pd.Series(pd.NA, index=frame.index, dtype="Float64")
    for _period, group in frame.groupby("year"):
        usable = group[group["status"] == Status.OK]
        if len(usable) < 2:
            continue
        if graph is None:
            smoothed = eb_global(
                usable["count"].to_numpy(dtype=float), usable["population"].to_numpy(dtype=float)
            )
            result.loc[usable.index] = smoothed * 100_000
            continue
        row_of = dict(zip(usable["code"], usable.index, strict=True))
        sub = graph.subgraph(np.isin(np.asarray(graph.ids), list(row_of)))
        ordered = usable.set_index("code").loc[list(sub.ids)]
        smoothed = eb_spatial(
            ordered["count"].to_numpy(dtype=float),
            ordered["population"].to_numpy(dtype=float),
            sub,
        )
        result.loc[[row_of[code] for code in sub.ids]] = smoothed * 100_000
    return result


def standardised_report(
    selection: Selection,
    *,
    standard_year: int = 2018,
    confidence: float = 0.95,
    user: Any = None,
) -> Report:
    """Directly age-standardised rates over the Policía's age groups (0-12, 13-17, 18+).

    The standard population is Colombia's in ``standard_year`` (DANE, by single year of age,
    summed into the groups). Victims without an age group cannot be placed in a stratum and are
    left out (said on stderr). Territories without population by age get no rate.
    """
    if selection.age_group or selection.age_min is not None or selection.age_max is not None:
        raise AnalysisError("age-standardised rates cover all ages: drop the age filter")
    data = annual_counts(selection, user)
    messages = [m for m in data.messages if not m.startswith("no population")]
    base = data.frame[["territory_id", "code", "name", "year", "count", "coverage"]]
    country = Territory.objects.get(level=Level.COUNTRY, code=COUNTRY_CODE)
    sex = selection.sex or "total"
    standard = {}
    for group, (low, high) in AGE_GROUP_RANGES.items():
        value = population_in_range(
            [country.pk], [standard_year], sex=sex, age_from=low, age_to=high
        )
        if (country.pk, standard_year) not in value:
            raise AnalysisError(
                f"no national population by age for {standard_year} to use as the standard "
                "(import DANE's national projections by sex and age)"
            )
        standard[str(group)] = value[(country.pk, standard_year)]
    places = territories(selection, user)
    strata = []
    for group, (low, high) in AGE_GROUP_RANGES.items():
        counts = event_counts(
            replace(selection.event_filter(), age_group=str(group)),
            level=selection.count_level,
            municipality_code=selection.municipality_code,
            department_code=selection.department_code,
            user=user,
        )
        found = {
            (int(t), int(y)): int(c) for t, y, c in counts[["territory_id", "year", "count"]].values
        }
        population = population_in_range(
            places["territory_id"].tolist(), selection.years, sex=sex, age_from=low, age_to=high
        )
        for pk, year in zip(base["territory_id"], base["year"], strict=True):
            key = (int(pk), int(year))
            strata.append(
                {
                    "territory_id": key[0],
                    "year": key[1],
                    "stratum": str(group),
                    "count": found.get(key, 0),
                    "population": population.get(key),
                }
            )
    unknown = event_counts(
        replace(selection.event_filter(), age_group=str(AgeGroup.UNKNOWN)),
        level=selection.count_level,
        municipality_code=selection.municipality_code,
        department_code=selection.department_code,
        user=user,
    )
    if unknown["count"].sum():
        messages.append(
            f"{int(unknown['count'].sum()):,} victims without an age group are left out of the "
            "age-standardised rates"
        )
    table = pd.DataFrame(strata)
    covered = base[base["count"].notna()][["territory_id", "year"]]
    complete = (
        table.groupby(["territory_id", "year"])["population"]
        .apply(lambda s: s.notna().all() and (s.fillna(0) > 0).all())
        .rename("complete")
        .reset_index()
    )
    usable = covered.merge(complete[complete["complete"]], on=["territory_id", "year"])
    lacking = len(covered) - len(usable)
    if lacking:
        messages.append(
            f"no population by age for {lacking} territory-years: age-standardised rates left "
            "empty (DANE publishes municipal population by age only for the census base)"
        )
    result = base.copy()
    for column in ("population", "rate_per_100k", "ci_low", "ci_high"):
        result[column] = pd.Series(pd.NA, index=result.index, dtype="Float64")
    if not usable.empty:
        rows = table.merge(usable[["territory_id", "year"]], on=["territory_id", "year"])
        std = standardised_rates(
            rows,
            pd.Series(standard),
            by=["territory_id", "year"],
            confidence=confidence,
        ).set_index(["territory_id", "year"])
        rows_index = pd.MultiIndex.from_frame(result[["territory_id", "year"]])
        for column, source in (
            ("population", "population"),
            ("rate_per_100k", "rate"),
            ("ci_low", "ci_low"),
            ("ci_high", "ci_high"),
        ):
            result[column] = pd.array(
                std[source].reindex(rows_index).to_numpy(dtype=float), dtype="Float64"
            )
    result["population"] = result["population"].round().astype("Int64")
    messages.append(
        f"directly standardised to Colombia's {standard_year} population "
        f"({', '.join(f'{k} {v:,}' for k, v in standard.items())}); Fay-Feuer intervals"
    )
    return Report(result, list(RATE_COLUMNS), messages, data.batches)
