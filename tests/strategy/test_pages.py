"""The strategy pages as people use them: create from a model, dashboard, IPTT and exports."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from redpaz.accounts.roles import Role
from redpaz.strategy.models import Indicator, Result, Strategy
from tests.factories import comuna
from tests.strategy.helpers import SISC, covered, killing, owner_organisation, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst() -> Any:
    return person("analista", Role.ANALYST)


@pytest.fixture
def data() -> None:
    covered()
    for year, count in ((2019, 20), (2020, 15), (2021, 18), (2022, 12), (2023, 9)):
        for i in range(count):
            killing(date(year, 1 + i % 11, 1), "10" if i % 2 else "13", age=16 + i % 20)


def _create(client: Any, **overrides: Any) -> Strategy:
    medellin = comuna("10").parent
    form = {
        "territory_code": medellin.pk,
        "blueprint": "pazos",
        "name": "PAZOS Medellín",
        "organisation": owner_organisation().pk,
        "start": "2020-01-01",
        "end": "2023-12-31",
        "target_zones": [comuna("10").pk, comuna("13").pk],
        "quarterly": "on",
        "impact_source": SISC,
        "baseline_year": "2019",
        "yearly_change": "-5",
        **overrides,
    }
    response = client.post(reverse("strategy:create") + f"?territory={medellin.pk}", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Strategy.objects.get(name=form["name"])


def test_an_analyst_creates_a_pazos_strategy_with_computed_impact_indicators(
    analyst: Any, data: None, client_for: Any
) -> None:
    client = client_for(analyst)
    assert client.get(reverse("strategy:create")).status_code == 200
    strategy = _create(client)
    assert list(strategy.components.values_list("code", flat=True)) == ["1", "2", "3", "4", "5"]
    assert list(strategy.components.values_list("name", flat=True)) == [
        "Interrupción",
        "Intervención",
        "Prevención",
        "Entornos para la vida",
        "Acceso a la justicia",
    ]
    assert strategy.template == "pazos"
    assert set(strategy.target_zones.values_list("code", flat=True)) == {"10", "13"}
    rate = strategy.indicators.get(code="IMP-1")
    youth = strategy.indicators.get(code="IMP-2")
    # 2019: 20 homicides of people aged 16 to 35, 13 of them aged 14-28.
    assert youth.baseline_value == 13
    assert youth.baseline_date == date(2019, 12, 31)
    assert rate.direction == Indicator.Direction.DECREASE
    targets = dict(rate.targets.values_list("period", "value"))
    assert targets["2020"] > targets["2021"] > targets["2022"] > targets["2023"]
    assert targets["2020"] == (rate.baseline_value * Decimal("0.95")).quantize(Decimal("0.01"))
    assert targets["LOP"] == targets["2023"]
    # Counts are whole numbers: 13 → 12 (12.35), 12 (11.73), 11 (11.15), 11 (10.59).
    youth_targets = dict(youth.targets.values_list("period", "value"))
    assert [youth_targets[str(y)] for y in range(2020, 2024)] == [12, 12, 11, 11]
    assert Result.objects.filter(indicator=rate, period="2021").get().value > 0


def test_the_dashboard_iptt_and_exports_render(analyst: Any, data: None, client_for: Any) -> None:
    client = client_for(analyst)
    strategy = _create(client)
    page = client.get(strategy.get_absolute_url()).content.decode()
    assert "Interrupción" in page and "IMP-1" in page and "strategy-map" in page
    zones = client.get(reverse("strategy:zones", args=[strategy.pk])).json()
    assert {f["properties"]["name"] for f in zones["features"]} == {"La Candelaria", "San Javier"}
    iptt = client.get(reverse("strategy:iptt", args=[strategy.pk])).content.decode()
    assert "Tasa de homicidios por 100.000 habitantes en las zonas priorizadas" in iptt
    assert "T1" in iptt  # quarters
    workbook = load_workbook(
        io.BytesIO(
            client.get(reverse("strategy:iptt", args=[strategy.pk]) + "?format=xlsx").content
        )
    )
    sheet = workbook["IPTT"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any(row[1] == "IMP-2" for row in values)
    pdf = client.get(reverse("strategy:iptt", args=[strategy.pk]) + "?format=pdf&periods=years")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    csv = client.get(reverse("strategy:iptt", args=[strategy.pk]) + "?format=csv").content
    assert b"IMP-1" in csv
