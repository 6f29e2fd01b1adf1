"""Territory browser and API: Colombia → department → municipality → zones, scoped by role."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from redpaz.territory.models import Territory
from tests.factories import comuna, municipality

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_the_login_page(client: Any) -> None:
    response = client.get(reverse("territory:country"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_lets_a_user_browse_from_colombia_to_the_comunas_of_medellin(
    users: Any, client_for: Any
) -> None:
    client = client_for(users.ana)
    country = client.get(reverse("territory:country"))
    assert country.status_code == 200
    page = country.content.decode()
    assert 'lang="es"' in page
    assert "Departamentos" in page and "Antioquia" in page
    antioquia = client.get(reverse("territory:divipola", args=["05"]))
    assert "Medellín" in antioquia.content.decode()
    medellin = client.get(reverse("territory:divipola", args=["05001"]))
    body = medellin.content.decode()
    assert "Comuna o corregimiento" in body
    assert "Popular" in body and "Belén" in body
    # The population series of the municipality, with its DANE source.
    assert "2.549.008" in body or "2,549,008" in body
    zone = client.get(reverse("territory:zone", args=[comuna("16").pk]))
    assert zone.status_code == 200
    assert "Belén" in zone.content.decode()


def test_it_serves_map_layers_as_geojson_with_population(users: Any, client_for: Any) -> None:
    client = client_for(users.ana)
    response = client.get(
        reverse("territory-geojson"), {"municipality": "05001", "level": "comuna"}
    )
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(response.content)
    assert len(collection["features"]) == 21
    properties = {f["properties"]["code"]: f["properties"] for f in collection["features"]}
    assert properties["01"]["name"] == "Popular"
    assert properties["01"]["population"] > 100_000
    assert collection["features"][0]["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_a_user_scoped_to_palmira_cannot_read_medellin_zones(users: Any, client_for: Any) -> None:
    client = client_for(users.pablo)
    popular = comuna("01")
    assert client.get(reverse("territory:zone", args=[popular.pk])).status_code == 404
    assert client.get(reverse("territory-detail", args=[popular.pk])).status_code == 404
    listing = client.get(reverse("territory-list"), {"level": "comuna"}).json()
    assert listing["count"] == 0
    layer = client.get(reverse("territory-geojson"), {"municipality": "05001", "level": "comuna"})
    assert json.loads(layer.content)["features"] == []
    page = client.get(reverse("territory:divipola", args=["05001"])).content.decode()
    assert "Belén" not in page
    # Municipality-level reference data stays public to every signed-in user.
    assert (
        client.get(reverse("territory-detail", args=[municipality("05001").pk])).status_code == 200
    )


def test_a_field_worker_sees_only_the_zone_assigned(users: Any, client_for: Any) -> None:
    client = client_for(users.fiona)
    assert client.get(reverse("territory:zone", args=[comuna("01").pk])).status_code == 200
    assert client.get(reverse("territory:zone", args=[comuna("02").pk])).status_code == 404
    listing = client.get(reverse("territory-list"), {"level": "comuna"}).json()
    assert [row["code"] for row in listing["results"]] == ["01"]


def test_the_api_needs_authentication(client: Any) -> None:
    assert client.get(reverse("territory-list")).status_code == 403


def test_the_api_detail_carries_population_and_aliases(users: Any, client_for: Any) -> None:
    data = (
        client_for(users.donna)
        .get(reverse("territory-detail", args=[municipality("76520").pk]))
        .json()
    )
    assert data["code"] == "76520"
    by_year = {p["year"]: p["value"] for p in data["population"]}
    assert by_year[2021] == 357_178  # DANE, CNPV 2018 base
    assert by_year[2010] == 294_570  # the CNPV 2005 series fills the years before 2018


def test_an_analyst_can_correct_a_name_only_in_their_territory(users: Any, client_for: Any) -> None:
    medellin_zone = comuna("10")
    response = client_for(users.pablo).post(
        reverse("territory:rename", args=[medellin_zone.pk]), {"name": "Centro"}
    )
    assert response.status_code == 404  # not even visible to Palmira's analyst
    response = client_for(users.donna).post(
        reverse("territory:rename", args=[medellin_zone.pk]), {"name": "Centro"}
    )
    assert response.status_code == 403  # visible to the donor, but read-only
    response = client_for(users.ana).post(
        reverse("territory:rename", args=[medellin_zone.pk]), {"name": "Centro"}
    )
    assert response.status_code == 302
    medellin_zone.refresh_from_db()
    assert medellin_zone.name == "Centro"
    assert medellin_zone.aliases.filter(normalized="LA CANDELARIA").exists()


def test_the_page_is_in_english_when_the_user_asks(users: Any, client_for: Any) -> None:
    client = client_for(users.ana)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("territory:divipola", args=["05001"])).content.decode()
    assert 'lang="en"' in page
    assert "Comuna or corregimiento" in page


def test_the_admin_lets_staff_add_an_alternative_name(users: Any, client_for: Any) -> None:
    belen = comuna("16")
    client = client_for(users.alice)
    url = reverse("admin:territory_territory_change", args=[belen.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = {
        "name": "Belén",
        "aliases-TOTAL_FORMS": "1",
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
        "aliases-0-name": "BELEN C-16",
        "aliases-0-source": "manual",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    alias = Territory.objects.get(pk=belen.pk).aliases.get()
    assert alias.normalized == "BELEN C 16"
    assert alias.created_by == users.alice


def test_department_and_national_population_are_sums_of_municipalities(
    users: Any, client_for: Any
) -> None:
    from redpaz.territory.selectors import population_lookup, population_series

    valle = Territory.objects.get(level="department", code="76")
    municipal = population_lookup(
        Territory.objects.filter(level="municipality", department_code="76").values_list(
            "pk", flat=True
        ),
        [2021],
    )
    assert population_lookup([valle.pk], [2021]) == {(valle.pk, 2021): sum(municipal.values())}
    series = {p.year: p for p in population_series(valle)}
    assert series[2010].series == "Suma de sus municipios"
    page = client_for(users.ana).get(reverse("territory:divipola", args=["76"])).content.decode()
    # Colombian number format, as DANE publishes: 357.178 for Palmira in 2021... and 2024 here.
    palmira_2024 = population_lookup([Territory.objects.get(code="76520").pk], [2024])
    assert f"{next(iter(palmira_2024.values())):,}".replace(",", ".") in page


def test_a_department_sum_is_missing_when_a_municipality_lacks_the_year() -> None:
    from redpaz.territory.models import PopulationFigure
    from redpaz.territory.selectors import population_lookup

    valle = Territory.objects.get(level="department", code="76")
    PopulationFigure.objects.filter(territory__code="76520", year=2021).delete()
    assert population_lookup([valle.pk], [2021, 2022]).keys() == {(valle.pk, 2022)}


def test_spanish_stays_the_default_whatever_the_browser_says(users: Any, client_for: Any) -> None:
    client = client_for(users.ana)
    page = client.get(reverse("territory:country"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="es"' in page.content.decode()
