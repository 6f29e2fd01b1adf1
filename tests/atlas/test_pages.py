"""Observatory pages: maps of every level and measure, profiles, reports, comparisons, and who
may see what."""

from __future__ import annotations

import json

import pytest
from django.db.models import Sum

from redpaz.observatory.models import EventRecord
from redpaz.territory.models import Territory

pytestmark = pytest.mark.django_db
PERIOD = "from=2018&to=2023"


def test_it_asks_for_a_login_and_the_observatory_capability(users, client, client_for) -> None:
    assert client.get("/observatory/map/").status_code == 302
    assert client_for(users.nobody).get("/observatory/map/").status_code == 403
    # Zones of a city are for people whose scope touches it.
    assert client_for(users.pablo).get("/observatory/map/?area=05001").status_code == 403


def test_a_city_analyst_maps_gi_hotspots_of_comunas(users, client_for, homicides) -> None:
    client = client_for(users.ana)
    home = client.get("/").content.decode()
    assert 'href="/observatory/map/?area=05001"' in home
    page = client.get(f"/observatory/map/?area=05001&measure=gi&{PERIOD}")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="observatory-map"' in body
    assert "SISC" in body  # the legend names the source
    assert "/observatory/reports/05001/" in body
    data = json.loads(
        client.get(f"/observatory/map/geojson/?area=05001&measure=gi&{PERIOD}").content
    )
    assert len(data["features"]) == 21
    classes = {f["properties"]["class"] for f in data["features"]}
    assert classes <= {"hot", "cold", "none"}
    assert all(f["properties"]["url"].startswith("/observatory/zones/") for f in data["features"])
    total = sum(f["properties"]["count"] or 0 for f in data["features"])
    # Pooled over the fully covered years (the SISC file ends in November 2023).
    placed = EventRecord.objects.filter(
        source__slug="medellin-sisc", date__year__range=(2018, 2022), zone__isnull=False
    ).aggregate(n=Sum("count"))["n"]
    assert total == placed


@pytest.mark.parametrize("measure", ["count", "rate", "smoothed", "gi", "lisa"])
def test_every_measure_maps_the_municipalities_of_a_department(
    users, client_for, homicides, measure
) -> None:
    client = client_for(users.donna)
    data = json.loads(
        client.get(f"/observatory/map/geojson/?area=76&measure={measure}&{PERIOD}").content
    )
    assert len(data["features"]) == 42  # Valle del Cauca
    assert all(f["properties"]["fill"].startswith("#") for f in data["features"])
    palmira = next(f for f in data["features"] if f["id"] == "76520")
    assert palmira["properties"]["url"].startswith("/observatory/places/76520/")


def test_a_map_filters_victims_by_sex_and_age_group(users, client_for, homicides) -> None:
    client = client_for(users.donna)
    url = f"/observatory/map/geojson/?area=76&measure=count&{PERIOD}"
    every = {
        f["id"]: f["properties"]["count"] for f in json.loads(client.get(url).content)["features"]
    }
    women = {
        f["id"]: f["properties"]["count"]
        for f in json.loads(client.get(url + "&sex=female").content)["features"]
    }
    assert 0 < women["76001"] < every["76001"]


def test_an_h3_grid_over_medellin(users, client_for, homicides) -> None:
    client = client_for(users.ana)
    data = json.loads(
        client.get(f"/observatory/map/geojson/?area=05001&grid=h3&measure=gi&{PERIOD}").content
    )
    assert len(data["features"]) > 100
    assert all(f["geometry"]["type"] == "Polygon" for f in data["features"])


def test_downloads_of_the_map_layer(users, client_for, homicides) -> None:
    client = client_for(users.ana)
    base = f"/observatory/map/download/?area=05001&measure=gi&{PERIOD}"
    csv = client.get(base + "&format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "Popular" in csv.content.decode()
    xlsx = client.get(base + "&format=xlsx")
    assert xlsx.content[:2] == b"PK"
    layer = json.loads(client.get(base + "&format=geojson").content)
    assert "fill" not in layer["features"][0]["properties"]  # data, not styling


def test_a_municipality_profile_has_series_breakdowns_rank_and_change(
    users, client_for, homicides
) -> None:
    # 2021-2023 against 2018-2020 (2020 has no release: pooled over the years with data).
    page = client_for(users.donna).get("/observatory/places/76520/?from=2021&to=2023")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Palmira" in body
    assert "Valle del Cauca" in body and "Colombia" in body  # references in the series
    assert "<svg" in body and 'role="img"' in body  # charts with accessible titles
    assert "table-alternative" in body
    assert "2018–2020" in body
    assert "explica el azar" in body  # the change in plain words


def test_a_zone_profile_is_only_for_its_city(users, client_for, homicides) -> None:
    zone = Territory.objects.get(level="comuna", municipality_code="05001", code="10")
    assert client_for(users.ana).get(f"/observatory/zones/{zone.pk}/?{PERIOD}").status_code == 200
    assert client_for(users.pablo).get(f"/observatory/zones/{zone.pk}/").status_code == 404


def test_the_situation_report_as_page_pdf_and_xlsx(users, client_for, homicides) -> None:
    client = client_for(users.ana)
    page = client.get(f"/observatory/reports/05001/?{PERIOD}")
    assert page.status_code == 200
    assert "Gi*" in page.content.decode()  # the comunas' hotspot table
    pdf = client.get(f"/observatory/reports/05001/?{PERIOD}&format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    xlsx = client.get(f"/observatory/reports/05001/?{PERIOD}&format=xlsx")
    assert xlsx.content[:2] == b"PK"


def test_places_and_periods_side_by_side(users, client_for, homicides) -> None:
    page = client_for(users.donna).get(
        "/observatory/compare/?places=05001,76520&periods=2018-2019,2021-2023"
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Medellín 2018–2019" in body and "Palmira 2021–2023" in body


def test_the_map_of_colombia_stays_colombia_for_a_city_analyst(
    users, client_for, homicides
) -> None:
    client = client_for(users.ana)
    page = client.get(f"/observatory/map/?area=&measure=rate&{PERIOD}")
    geojson_url = page.context["geojson_url"]
    assert "area=&" in geojson_url or geojson_url.endswith("area=")
    data = json.loads(client.get(geojson_url).content)
    assert len(data["features"]) == 1122


def test_the_form_picks_a_municipality_of_the_chosen_department(users, client_for) -> None:
    client = client_for(users.donna)
    assert (
        client.get("/observatory/map/?area=05&municipality=05001").context["query"].area == "05001"
    )
    # A municipality left selected from another department does not win over the new one.
    assert client.get("/observatory/map/?area=76&municipality=05001").context["query"].area == "76"
