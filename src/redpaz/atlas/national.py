"""Every municipality's counts and population by year, computed once per period and data version.

Profiles of municipalities read their series, their department's and Colombia's (sums of the
municipalities), their rank and the comparison with the previous period from this one table,
so that opening the profile of another municipality costs a slice, not a new computation.
"""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from redpaz.analysis.rates import pooled, rates
from redpaz.atlas.cache import cached
from redpaz.observatory.datasets import Selection, annual_counts
from redpaz.territory.models import Level, Territory


def municipal_years(selection: Selection) -> pd.DataFrame:
    """territory_id, code, name, department_code, year, count (<NA>: not covered), population."""
    base = Selection(
        level="municipality",
        crime=selection.crime,
        source=selection.source,
        first_year=selection.first_year,
        last_year=selection.last_year,
        sex=selection.sex,
        age_group=selection.age_group,
    )
    return cached("municipal-years", asdict(base), None, lambda: _compute(base))


def _compute(selection: Selection) -> pd.DataFrame:
    frame = annual_counts(selection).frame
    departments = dict(
        Territory.objects.filter(level=Level.MUNICIPALITY, boundary_set=None).values_list(
            "code", "department_code"
        )
    )
    frame["department_code"] = frame["code"].map(departments)
    return frame[["territory_id", "code", "name", "department_code", "year", "count", "population"]]


def aggregate(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum of municipalities by year: a year's count is missing if any municipality's is."""
    grouped = frame.groupby("year")
    out = pd.DataFrame(
        {
            "count": grouped["count"]
            .sum(min_count=1)
            .where(~grouped["count"].apply(lambda s: s.isna().any())),
            "population": grouped["population"]
            .sum(min_count=1)
            .where(~grouped["population"].apply(lambda s: s.isna().any())),
        }
    ).reset_index()
    out["territory_id"] = 0
    return rates(out.astype({"count": "Int64", "population": "Int64"}))


def pooled_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Rate of each municipality over the years with data (for ranks)."""
    return rates(pooled(frame, by=["territory_id", "code", "department_code"]))


def territory_rows(frame: pd.DataFrame, code: str) -> pd.DataFrame:
    return rates(frame[frame["code"] == code].copy())
