"""The demo strategy on Medellín's real homicide records (the issue's "done when")."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from redpaz.observatory.selectors import EventFilter, event_counts
from redpaz.strategy.demo import DEMO_NAME, _demo_strategy
from redpaz.strategy.models import Result, Strategy
from redpaz.strategy.performance import Status
from redpaz.strategy.selectors.iptt import iptt_build
from redpaz.territory.models import Level
from redpaz.territory.selectors import population_lookup
from tests.strategy.medellin import load_medellin_points

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]


def test_the_demo_step_skips_without_the_medellin_records() -> None:
    assert _demo_strategy(lambda *a: None).startswith("skipped")
    assert not Strategy.objects.exists()


def test_the_demo_strategy_computes_real_impact_indicators(shared_data: Path, client: Any) -> None:
    assert load_medellin_points(shared_data) == 18_488
    message = _demo_strategy(lambda *a: None)
    strategy = Strategy.objects.get(name=DEMO_NAME)
    assert "5 target comunas" in message
    zones = list(strategy.target_zones.order_by("code"))
    # The five urban comunas with most homicides in 2019 (SISC): La Candelaria 87, Belén 53,
    # San Javier 48, Robledo 36 and Aranjuez 34 (La América also had 34: the lower code wins).
    assert [z.code for z in zones] == ["04", "07", "10", "13", "16"]

    rate = strategy.indicators.get(code="IMP-1")
    youth = strategy.indicators.get(code="IMP-2")
    youth_rate = strategy.indicators.get(code="IMP-3")
    counts = event_counts(
        EventFilter.years("medellin-sisc", "homicidio", 2019, 2019),
        level=Level.COMUNA,
        municipality_code="05001",
    )
    victims_2019 = int(counts[counts["code"].isin(["04", "07", "10", "13", "16"])]["count"].sum())
    assert victims_2019 == 87 + 53 + 48 + 36 + 34
    population = sum(population_lookup([z.pk for z in zones], [2019]).values())
    assert rate.baseline_value == (Decimal(victims_2019) / population * 100_000).quantize(
        Decimal("0.0001")
    )
    assert youth.baseline_value > 0 and youth.baseline_date.year == 2019
    assert rate.targets.get(period="2020").value < rate.baseline_value
    assert rate.targets.get(period="2023").value < rate.targets.get(period="2022").value

    # The youth rate waits for population aged 14-28 by comuna, and says so.
    no_population = youth_rate.results.get(period="2021")
    assert no_population.value is None and "14–28" in no_population.note

    iptt = iptt_build(strategy, approved_only=False)
    row = next(r for r in iptt.rows if r.indicator.code == "IMP-1")
    cell_2021 = row.track.cell("2021")
    expected = (
        (cell_2021.actual - rate.baseline_value) / (cell_2021.target - rate.baseline_value) * 100
    )
    assert cell_2021.percent == expected  # the distance covered from the baseline
    assert not row.track.cell("2023").complete  # the records end on 30 November 2023
    assert row.track.cell("2023").status == Status.NO_DATA
    assert row.track.status_period.key == "2022"
    approved = Result.objects.filter(indicator=rate, status="approved").values_list(
        "period", flat=True
    )
    assert sorted(approved) == ["2020", "2021", "2022"]
    assert _demo_strategy(lambda *a: None).startswith("kept")


def test_the_demo_iptt_page_shows_the_real_figures(
    shared_data: Path, users: Any, client_for: Any
) -> None:
    load_medellin_points(shared_data)
    _demo_strategy(lambda *a: None)
    strategy = Strategy.objects.get(name=DEMO_NAME)
    page = client_for(users.alice).get(
        reverse("strategy:iptt", args=[strategy.pk]) + "?periods=years"
    )
    html = page.content.decode()
    assert "Tasa de homicidios por 100.000 habitantes en las zonas priorizadas" in html
    baseline = strategy.indicators.get(code="IMP-1").baseline_value
    assert f"{baseline:.2f}".replace(".", ",") in html
