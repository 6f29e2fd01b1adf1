"""The prioritisation workflow: weights, ranking, clusters, adjustments by hand, saved versions;
and the committee agenda suggestion of a situation report."""

from __future__ import annotations

import pytest

from redpaz.priorities.models import Prioritisation
from redpaz.web import agenda

pytestmark = pytest.mark.django_db
BASE = "/observatory/priorities/?area=05001&from=2018&to=2022&k=3&w_rate=0.6&w_hotspot=0.4"


def test_an_analyst_adjusts_clusters_and_saves_a_named_version(
    users, client_for, homicides
) -> None:
    client = client_for(users.ana)
    page = client.get(BASE)
    assert page.status_code == 200
    rows = page.context["rows"]
    assert len(rows) == 21
    assert page.context["clusters"] == [1, 2, 3]
    first, last = rows[0], rows[-1]
    geojson = client.get(BASE + "&format=geojson").json()
    assert len(geojson["features"]) == 21
    # Move the last-ranked zone into cluster 1 and exclude the first one.
    adjusted = client.get(BASE + f"&c_{last['code']}=1&c_{first['code']}=x")
    table = {r["code"]: r["cluster"] for r in adjusted.context["rows"]}
    assert table[last["code"]] == 1
    assert table[first["code"]] is None or str(table[first["code"]]) == "<NA>"
    saved = client.post(
        BASE.split("?")[0],
        {
            **dict(p.split("=") for p in BASE.split("?")[1].split("&")),
            f"c_{last['code']}": "1",
            f"c_{first['code']}": "x",
            "name": "Conglomerados prioritarios 2024",
        },
    )
    assert saved.status_code == 302
    version = Prioritisation.objects.get(name="Conglomerados prioritarios 2024")
    assert version.created_by == users.ana
    assert version.weights == {"rate": 0.6, "hotspot": 0.4}
    assert version.parameters["adjustments"]["excluded"] == [first["code"]]
    assert version.batches.exists()
    assert version.boundary_set is not None  # its clusters are zones the strategy can target
    items = {i.territory.code: i.cluster for i in version.items.select_related("territory")}
    assert items[last["code"]] == 1 and items[first["code"]] is None
    detail = client.get(saved["Location"])
    assert detail.status_code == 200
    assert "Conglomerados prioritarios 2024" in detail.content.decode()


def test_people_who_may_not_save_see_the_ranking_without_the_form(
    users, client_for, homicides
) -> None:
    page = client_for(users.donna).get(BASE)
    assert page.status_code == 200
    assert not page.context["can_save"]
    assert (
        client_for(users.donna).post(BASE.split("?")[0], {"area": "05001", "name": "x"}).status_code
        == 403
    )
    assert client_for(users.pablo).get(BASE).status_code == 403


def test_a_committee_is_offered_its_municipality_situation_report(homicides) -> None:
    items = agenda.suggestions(agenda.AgendaContext(municipality_codes=frozenset({"76520"})))
    report = [i for i in items if i.kind == "situation_report"]
    assert len(report) == 1
    assert report[0].url == "/observatory/reports/76520/?from=2018&to=2023"
    assert "Palmira" in report[0].title
