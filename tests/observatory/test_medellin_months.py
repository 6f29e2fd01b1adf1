"""Medellín's homicides by comuna and month, from the points, against geopandas on the raw files."""

from __future__ import annotations

import pandas as pd
import pytest

from redpaz.observatory.selectors import EventFilter, event_counts
from tests.analysis.realdata import medellin_points
from tests.observatory.events import load_medellin_points

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]


def test_comuna_by_month_counts_match_a_spatial_join_of_the_raw_files(shared_data) -> None:
    import geopandas as gpd

    assert load_medellin_points(shared_data) == 18_488
    counts = event_counts(
        EventFilter.years("medellin-sisc", "homicidio", 2003, 2023),
        level="comuna",
        by="month",
        municipality_code="05001",
    )
    ours = counts.set_index(["code", "year", "month"])["count"]

    # Independent: the raw points joined to the raw cadastral comunas (EPSG:9377).
    comunas = gpd.read_file(shared_data / "medellin" / "limite_catastral_de_comun.geojson")
    points = medellin_points(shared_data / "medellin" / "homicidios_medata_clean.csv")
    located = gpd.GeoDataFrame(
        points.drop(columns=["comuna"]),
        geometry=gpd.points_from_xy(points["longitude"], points["latitude"]),
        crs=4326,
    ).to_crs(comunas.crs)
    joined = gpd.sjoin(located, comunas[["comuna", "geometry"]], predicate="within")
    joined = joined[~joined.index.duplicated()]  # two points lie on a shared boundary
    assert len(joined) == 18_488  # every point is in a comuna
    reference = (
        joined.assign(
            code=joined["comuna"].astype(str).str.zfill(2),
            year=joined["when"].dt.year,
            month=joined["when"].dt.month,
        )
        .groupby(["code", "year", "month"])
        .size()
    )
    both = pd.concat([ours.rename("ours"), reference.rename("reference")], axis=1).fillna(0)
    assert both["ours"].sum() == both["reference"].sum() == 18_488
    assert sorted(ours.index.get_level_values("code").unique()) == sorted(
        reference.index.get_level_values("code").unique()
    )
    # RedPaz stores the comunas simplified by 1 m: a handful of points within a metre or two of
    # a boundary fall on the other side. Every other comuna-month is exact.
    differing = both[both["ours"] != both["reference"]]
    assert len(differing) <= 20 and (differing["ours"] - differing["reference"]).abs().max() <= 2
    assert len(both) > 4000
