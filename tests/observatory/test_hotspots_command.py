"""`redpaz hotspots`: Gi*, LISA and emerging hotspots on stored data, as esda computes them."""

from __future__ import annotations

import io
import json
import warnings
from datetime import date

import numpy as np
import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from redpaz.analysis.graph import contiguity
from redpaz.observatory.datasets import selection_resolve
from redpaz.observatory.hotspots import hotspots_report
from redpaz.territory.models import Level, Territory
from tests.analysis.realdata import medellin_points, policia_homicides
from tests.observatory.events import load_medellin_points, load_policia

pytestmark = pytest.mark.django_db

COLUMNS = ["code", "name", "value", "statistic", "p_value", "p_fdr", "class"]


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("hotspots", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.shared_data
def test_municipal_gi_star_is_esdas_on_the_stored_counts(shared_data) -> None:
    import esda
    import geopandas as gpd

    load_policia(shared_data, years=[2022, 2023])
    selection = selection_resolve(level="municipality", first_year=2022, last_year=2023)
    report = hotspots_report(selection, value="count", seed=2023)
    frame = report.frame.set_index("code")
    assert report.parameters["analysed"] == 1120  # San Andrés and Providencia are islands
    assert frame.loc[["88001", "88564"], "statistic"].isna().all()

    # esda, called directly on counts read from the files with pandas.
    shapes = gpd.read_file(shared_data / "mgn2018" / "co_2018_MGN_MPIO_POLITICO.geojson")
    shapes = shapes.sort_values("MPIO_CCNCT")  # RedPaz lists territories by code
    graph = contiguity(list(shapes.geometry), list(shapes["MPIO_CCNCT"]))
    mainland = graph.subgraph(graph.cardinalities > 0)
    counts = (
        pd.concat(
            [
                policia_homicides(shared_data / "policia_homicidios" / f"homicidios_{y}.xls")
                for y in (2022, 2023)
            ]
        )
        .groupby("code")["count"]
        .sum()
    )
    y = counts.reindex(list(mainland.ids), fill_value=0).to_numpy(dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = esda.G_Local(
            y, mainland.to_libpysal(), transform="B", star=True, permutations=999, seed=2023,
            n_jobs=1,
        )  # fmt: skip
    ours = frame.loc[list(mainland.ids)]
    np.testing.assert_array_equal(ours["value"].to_numpy(dtype=float), y)
    np.testing.assert_array_equal(ours["statistic"].to_numpy(dtype=float), reference.Zs)
    # The two-sided p-value from esda's own simulations, ties counted on both sides.
    sims = reference.rGs
    larger = (sims >= reference.Gs[:, None]).sum(axis=1)
    smaller = (sims <= reference.Gs[:, None]).sum(axis=1)
    expected = np.minimum(1, 2 * (np.minimum(larger, smaller) + 1) / 1000)
    np.testing.assert_array_equal(ours["p_value"].to_numpy(dtype=float), expected)
    # 1,120 tests: FDR needs p-values finer than 999 permutations give; the normal
    # approximation of the permutation z-score does find the hotspots.
    normal = hotspots_report(selection, value="count", seed=2023, inference="normal").frame
    hot = normal[normal["class"] == "hot"]
    assert len(hot) > 10 and (hot["statistic"] > 0).all() and (hot["p_fdr"] <= 0.05).all()
    assert "76520" in set(hot["code"]) or "76001" in set(hot["code"])  # Palmira or Cali

    text, err = run("--level", "municipality", "--from", "2022", "--to", "2023", "--seed", "2023")
    printed = pd.read_csv(io.StringIO(text), dtype={"code": str})
    assert printed.columns.tolist() == COLUMNS and len(printed) == 1122
    assert "88001, 88564" in err
    assert set(printed["class"]) <= {"hot", "cold", "none"}
    again, _err = run("--level", "municipality", "--from", "2022", "--to", "2023", "--seed", "2023")
    assert again == text  # same seed, same output


@pytest.mark.shared_data
def test_comunas_of_medellin_lisa_and_emerging(shared_data) -> None:
    load_medellin_points(shared_data)
    text, err = run(
        "--level", "zone", "--municipality", "05001", "--from", "2015", "--to", "2022",
        "--method", "lisa", "--format", "json",
    )  # fmt: skip
    rows = json.loads(text)
    assert "left out: 2015, 2016, 2017" in err  # comuna population starts in 2018
    assert len(rows) == 21 and list(rows[0]) == COLUMNS
    assert {r["class"] for r in rows} <= {"high-high", "low-low", "high-low", "low-high", "none"}
    popular = next(r for r in rows if r["code"] == "01")
    assert popular["name"] == "Popular" and popular["value"] > 0  # smoothed rate
    text, _err = run(
        "--level", "zone", "--municipality", "05001", "--from", "2013", "--to", "2022",
        "--method", "emerging", "--value", "count",
    )  # fmt: skip
    frame = pd.read_csv(io.StringIO(text), dtype={"code": str})
    assert len(frame) == 21
    allowed = {"none"} | {
        f"{kind}-{side}"
        for kind in ("new", "consecutive", "intensifying", "persistent", "diminishing",
                     "sporadic", "oscillating", "historical")
        for side in ("hot", "cold")
    }  # fmt: skip
    assert set(frame["class"]) <= allowed


@pytest.mark.shared_data
def test_h3_grid_of_medellin_as_geojson(shared_data) -> None:
    load_medellin_points(shared_data)
    text, err = run(
        "--level", "h3", "--municipality", "05001", "--from", "2015", "--to", "2022",
        "--h3-resolution", "8", "--format", "geojson",
    )  # fmt: skip
    collection = json.loads(text)
    features = collection["features"]
    assert collection["properties"]["inference"] == "normal"
    assert collection["properties"]["years"] == list(range(2015, 2023))
    assert len(features) > 400
    points = medellin_points(shared_data / "medellin" / "homicidios_medata_clean.csv")
    in_period = points["when"].dt.year.between(2015, 2022).sum()
    on_grid = sum(f["properties"]["value"] for f in features)
    assert 0.99 * in_period <= on_grid <= in_period
    zeros = [f for f in features if f["properties"]["value"] == 0]
    assert len(zeros) > 100  # cells without events are part of the grid
    assert features[0]["geometry"]["type"] == "Polygon"
    hot = [f for f in features if f["properties"]["class"] == "hot"]
    assert hot and all(f["properties"]["statistic"] > 0 for f in hot)
    assert "H3 resolution 8" in err


def test_bad_input_gives_a_clear_message() -> None:
    with pytest.raises(CommandError, match="one municipality"):
        run("--level", "h3", "--from", "2021", "--to", "2021")
    from tests.observatory.events import cover, source

    src = source("policia-siedco")
    cover(src, Territory.objects.get(level=Level.COUNTRY), date(2021, 1, 1), date(2021, 12, 31))
    with pytest.raises(CommandError, match="fewer than two neighbouring"):
        run("--level", "municipality", "--municipality", "05001", "--from", "2021", "--to", "2021")
    with pytest.raises(CommandError, match="no imported data"):
        run("--level", "municipality", "--from", "2019", "--to", "2019")
    with pytest.raises(CommandError, match="the value 0"):
        run("--level", "municipality", "--from", "2021", "--to", "2021", "--value", "count")
