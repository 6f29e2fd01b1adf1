"""Defining indicators, targets and disaggregations on the pages, and editing the strategy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from redpaz.accounts.roles import Role
from redpaz.strategy.models import Indicator
from tests.factories import comuna
from tests.strategy.helpers import SISC, covered, killing, pazos, person, reported

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst() -> Any:
    return person("analista", Role.ANALYST)


def test_an_analyst_defines_a_computed_indicator_on_the_page(analyst: Any, client_for: Any) -> None:
    covered()
    killing(date(2021, 2, 1), "10", age=20, sex="female")
    strategy = pazos(analyst)
    client = client_for(analyst)
    url = reverse("strategy:indicator-create", args=[strategy.pk])
    form = client.get(url + "?computation=violence.victims").content.decode()
    assert 'name="param_source"' in form and 'name="param_age_min"' in form
    response = client.post(
        url,
        {
            "computation": "violence.victims",
            "param_source": SISC,
            "param_crime": "homicidio",
            "param_area": "zones",
            "param_sex": "female",
            "code": "IMP-9",
            "name": "Homicidios de mujeres en las zonas priorizadas",
            "level": "impact",
            "unit": "count",
            "direction": "decrease",
            "mode": "non_cumulative",
            "frequency": "year",
            "is_key": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    indicator = Indicator.objects.get(code="IMP-9")
    assert indicator.parameters == {
        "source": SISC,
        "crime": "homicidio",
        "area": "zones",
        "sex": "female",
    }
    assert indicator.results.get(period="2021").value == 1
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "Mujeres" in page and "Indicador creado" in page


def test_the_edit_page_refuses_a_change_without_a_reason(analyst: Any, client_for: Any) -> None:
    strategy = pazos(analyst)
    indicator = reported(strategy)
    client = client_for(analyst)
    url = reverse("strategy:indicator-edit", args=[strategy.pk, indicator.pk])
    data = {
        "code": "OUT-1",
        "name": "Mediaciones realizadas y registradas",
        "level": "output",
        "unit": "count",
        "direction": "increase",
        "mode": "non_cumulative",
        "frequency": "year",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "Este campo es requerido" in response.content.decode()
    response = client.post(url, {**data, "reason": "Así lo dice el decreto"})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Mediaciones realizadas y registradas"
    assert indicator.revisions.first().reason == "Así lo dice el decreto"


def test_targets_and_disaggregations_are_set_on_their_pages(analyst: Any, client_for: Any) -> None:
    strategy = pazos(analyst)
    indicator = reported(strategy, targets={})
    client = client_for(analyst)
    targets = reverse("strategy:indicator-targets", args=[strategy.pk, indicator.pk])
    page = client.get(targets).content.decode()
    assert 'name="target_2020"' in page and 'name="target_LOP"' in page
    client.post(targets, {"target_2021": "40", "target_LOP": "160", "reason": "Metas del plan"})
    assert dict(indicator.targets.values_list("period", "value")) == {
        "2021": Decimal(40),
        "LOP": Decimal(160),
    }
    disaggregations = reverse(
        "strategy:indicator-disaggregations", args=[strategy.pk, indicator.pk]
    )
    client.post(
        disaggregations,
        {"dim_sex": "exclusive", "dim_component": "overlapping", "reason": "Pedido del donante"},
    )
    assert dict(indicator.disaggregations.values_list("dimension", "double_counting")) == {
        "sex": False,
        "component": True,
    }
    form = client.get(reverse("strategy:result", args=[strategy.pk, indicator.pk, "2021"]))
    assert 'name="dis_sex_female"' in form.content.decode()


def test_changing_the_target_zones_recomputes_the_figures(
    analyst: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    covered()
    killing(date(2021, 2, 1), "01")
    strategy = pazos(analyst, zones=("10",))
    indicator = reported(
        strategy,
        code="V",
        unit="count",
        direction="decrease",
        computation="violence.victims",
        parameters={"source": SISC, "crime": "homicidio"},
        targets={},
    )
    from redpaz.strategy.services import indicator_compute

    indicator_compute(indicator=indicator)
    assert indicator.results.get(period="2021").value == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(analyst).post(
            reverse("strategy:edit", args=[strategy.pk]),
            {
                "name": strategy.name,
                "start": "2020-01-01",
                "end": "2023-12-31",
                "quarterly": "on",
                "on_track_threshold": "85",
                "target_zones": [comuna("10").pk, comuna("01").pk],
            },
        )
    assert response.status_code == 302
    assert indicator.results.get(period="2021").value == 1
