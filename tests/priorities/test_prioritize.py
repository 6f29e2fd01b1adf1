"""`redpaz prioritize`: index, ranking, contiguous clusters, saving them as zones."""

from __future__ import annotations

import io
import json
from datetime import date

import numpy as np
import pandas as pd
import pytest
import shapely
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import Http404

from redpaz.analysis.graph import contiguity
from redpaz.priorities.compute import prioritisation_compute
from redpaz.priorities.models import Prioritisation
from redpaz.priorities.selectors import (
    cluster_members,
    prioritisation_get,
    prioritisations_visible,
    priority_clusters,
)
from redpaz.priorities.services import indicator_import, prioritisation_save
from redpaz.territory.models import BoundarySet, Level, Territory
from tests.observatory.events import load_medellin_points, load_policia

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]

COLUMNS = ["code", "name", "score", "rank", "cluster"]


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("prioritize", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _comunas() -> tuple[dict[str, Territory], object]:
    zones = {
        z.code: z
        for z in Territory.objects.filter(
            level=Level.COMUNA,
            boundary_set__municipality__code="05001",
            boundary_set__valid_to__isnull=True,
        )
    }
    graph = contiguity([z.shape() for z in zones.values()], list(zones))
    return zones, graph


def _connected(graph, codes: list[str]) -> bool:
    sub = graph.subgraph(np.isin(np.asarray(graph.ids), codes))
    return len(set(sub.components().tolist())) == 1


@pytest.fixture
def medellin(shared_data):
    load_medellin_points(shared_data)


def test_nine_top_comunas_in_three_contiguous_clusters(medellin) -> None:
    text, err = run(
        "--municipality", "05001", "--from", "2018", "--to", "2022", "--top", "9",
        "--clusters", "3", "--weights", "rate=0.5,count=0.2,trend=0.3",
    )  # fmt: skip
    frame = pd.read_csv(io.StringIO(text), dtype={"code": str})
    assert frame.columns.tolist() == COLUMNS
    assert len(frame) == 21 and frame["rank"].tolist() == sorted(frame["rank"])
    assert frame["score"].is_monotonic_decreasing and frame["score"].between(0, 100).all()
    chosen = frame[frame["cluster"].notna()]
    assert len(chosen) == 9 and set(chosen["rank"]) == set(range(1, 10))
    assert sorted(chosen["cluster"].unique()) == [1, 2, 3]
    _zones, graph = _comunas()
    for _cluster, group in chosen.groupby("cluster"):
        assert _connected(graph, group["code"].tolist())
    means = chosen.groupby("cluster")["score"].mean()
    assert means.is_monotonic_decreasing  # cluster 1 is the highest priority
    assert "rate=0.5, count=0.2, trend=0.3" in err
    assert "3 cluster(s) covering 9 of 21 zones (comuna)" in err


def test_the_score_is_the_weighted_scaled_indicators(medellin) -> None:
    result = prioritisation_compute(
        municipality_code="05001", first_year=2018, last_year=2022, n_clusters=2,
        weights={"rate": 0.75, "count": 0.25},
    )  # fmt: skip
    table = result.table.set_index("code")

    # Independent: counts and population from the rates command, EB rate by Marshall's formula.
    out = io.StringIO()
    call_command(
        "rates", "--level", "zone", "--municipality", "05001", "--from", "2018", "--to", "2022",
        "--pool", stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    pooled = pd.read_csv(io.StringIO(out.getvalue()), dtype={"code": str}).set_index("code")
    e, b = pooled["count"].astype(float), pooled["population"].astype(float)
    m = e.sum() / b.sum()
    r = e / b
    a = max((b * (r - m) ** 2).sum() / b.sum() - m / b.mean(), 0)
    eb = (m + (r - m) * a / (a + m / b)) * 1e5
    np.testing.assert_allclose(table.loc[eb.index, "rate"], eb, rtol=1e-9)
    scaled_rate = (eb - eb.min()) / (eb.max() - eb.min())
    scaled_count = (e - e.min()) / (e.max() - e.min())
    score = 100 * (0.75 * scaled_rate + 0.25 * scaled_count)
    np.testing.assert_allclose(table.loc[score.index, "score"], score, atol=1e-9)


def test_minimum_population_clusters(medellin) -> None:
    text, _err = run(
        "--municipality", "05001", "--from", "2018", "--to", "2022", "--min-population",
        "600000", "--format", "json",
    )  # fmt: skip
    rows = json.loads(text)
    zones, graph = _comunas()
    from redpaz.territory.selectors import population_in_range

    people = population_in_range([z.pk for z in zones.values()], [2022])
    frame = pd.DataFrame(rows)
    assert frame["cluster"].notna().all()
    for _cluster, group in frame.groupby("cluster"):
        assert sum(people[(zones[c].pk, 2022)] for c in group["code"]) >= 600_000
        assert _connected(graph, group["code"].tolist())


def test_saving_makes_priority_cluster_zones_the_system_can_use(medellin, users) -> None:
    result = prioritisation_compute(
        municipality_code="05001", first_year=2018, last_year=2022, n_clusters=3, top=9
    )
    with pytest.raises(PermissionDenied):
        prioritisation_save(name="Palmira no", result=result, user=users.pablo)
    saved = prioritisation_save(
        name="Estrategia 2024", result=result, user=users.ana, today=date(2024, 3, 1)
    )
    assert saved.created_by == users.ana and saved.weights == result.weights
    assert saved.parameters["top"] == 9 and saved.parameters["years"] == [
        2018,
        2019,
        2020,
        2021,
        2022,
    ]
    assert saved.items.count() == 21 and saved.batches.exists()
    clusters = list(priority_clusters("05001"))
    assert [c.code for c in clusters] == ["01", "02", "03"]
    assert all(c.level == Level.PRIORITY_CLUSTER and c.parent.code == "05001" for c in clusters)
    members = list(cluster_members(clusters[0]))
    assert members
    union = shapely.union_all([m.shape() for m in members])
    assert clusters[0].shape().symmetric_difference(union).area < 1e-9
    assert sum(len(cluster_members(c)) for c in clusters) == 9

    # Rates by priority cluster: the sums of their zones.
    out = io.StringIO()
    call_command(
        "rates", "--level", "zone", "--municipality", "05001", "--zone-level",
        "priority_cluster", "--from", "2021", "--to", "2021", stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    by_cluster = pd.read_csv(io.StringIO(out.getvalue()), dtype={"code": str}).set_index("code")
    out = io.StringIO()
    call_command(
        "rates", "--level", "zone", "--municipality", "05001", "--from", "2021", "--to", "2021",
        stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    by_comuna = pd.read_csv(io.StringIO(out.getvalue()), dtype={"code": str}).set_index("code")
    first = [m.code for m in members]
    assert by_cluster.loc["01", "count"] == by_comuna.loc[first, "count"].sum()
    assert by_cluster.loc["01", "population"] == by_comuna.loc[first, "population"].sum()

    # A later prioritisation takes over; the earlier clusters stay, no longer in force.
    again = prioritisation_save(name="Ajuste", result=result, today=date(2024, 9, 1))
    old = BoundarySet.objects.get(pk=saved.boundary_set_id)
    assert old.valid_to == date(2024, 8, 31)
    assert again.boundary_set is not None and again.boundary_set.valid_to is None

    # Who sees it: Medellín's people and donors everywhere; not Palmira's analyst.
    assert prioritisation_get(user=users.fiona, pk=saved.pk) == saved
    assert saved in prioritisations_visible(users.donna)
    with pytest.raises(Http404):
        prioritisation_get(user=users.pablo, pk=saved.pk)
    assert not prioritisations_visible(users.nobody).exists()


def test_save_from_the_command_line(medellin) -> None:
    _text, err = run(
        "--municipality", "05001", "--from", "2019", "--to", "2022", "--clusters", "2",
        "--save", "Desde la consola",
    )  # fmt: skip
    saved = Prioritisation.objects.get(name="Desde la consola")
    assert f"saved as prioritisation {saved.pk}" in err
    assert saved.boundary_set is not None and saved.boundary_set.zones.count() == 2


def test_municipalities_ranked_by_unmet_basic_needs_alone(shared_data) -> None:
    load_policia(shared_data, years=[2022, 2023])
    indicator_import(path=shared_data / "dane_poblacion" / "NBI_2021.xlsx")
    text, _err = run(
        "--from", "2022", "--to", "2023", "--department", "27", "--weights", "nbi=1",
        "--clusters", "3", "--explain", "--format", "csv",
    )  # fmt: skip
    frame = pd.read_csv(io.StringIO(text), dtype={"code": str})
    assert frame.columns.tolist() == [*COLUMNS, "nbi", "nbi_scaled"]
    nbi = pd.read_excel(shared_data / "dane_poblacion" / "NBI_2021.xlsx", engine="calamine")
    nbi.index = nbi["municipio_code"].map(lambda v: f"{v:05d}")
    choco = nbi.loc[nbi["municipio_code"] // 1000 == 27, "NBI"]
    expected = choco.rank(method="min", ascending=False).astype(int)
    got = frame.set_index("code")
    assert got["rank"].to_dict() == expected.loc[got.index].to_dict()
    assert got.loc[choco.idxmax(), "rank"] == 1


def test_bad_requests_get_clear_messages(medellin) -> None:
    cases = [
        (["--municipality", "05001", "--from", "2019", "--to", "2022", "--clusters", "30"],
         "30 clusters were asked for but there are only 21 zones"),
        (["--municipality", "05001", "--from", "2019", "--to", "2022", "--clusters", "2",
          "--weights", "nbi=1"], "published by municipality, not by zone"),
        (["--municipality", "05001", "--from", "2019", "--to", "2022", "--clusters", "2",
          "--weights", "youth=1"], "no population aged 14-28"),
        (["--municipality", "05001", "--from", "2019", "--to", "2022", "--clusters", "2",
          "--weights", "rate=1,crime=2"], "unknown indicator 'crime'"),
        (["--municipality", "05001", "--from", "2019", "--to", "2022", "--clusters", "3",
          "--top", "2", "--weights", "count=1"], "only 2 zones to group"),
        (["--municipality", "05001", "--from", "2030", "--to", "2031", "--clusters", "2"],
         "no imported data"),
    ]  # fmt: skip
    for args, message in cases:
        with pytest.raises(CommandError, match=message):
            run(*args)
    assert not Prioritisation.objects.exists()
