"""Youth population by zone provided through the page, and off-track notices."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from redpaz.accounts.roles import Role
from redpaz.notifications.models import Notification
from redpaz.strategy import services
from tests.strategy.helpers import SISC, covered, killing, pazos, person

pytestmark = pytest.mark.django_db


def _youth_rate(strategy: Any, responsible: Any = None) -> Any:
    return services.indicator_create(
        strategy=strategy,
        code="IMP-3",
        name="Tasa de homicidios de jóvenes",
        level="impact",
        unit="rate_100k",
        direction="decrease",
        computation="violence.rate",
        parameters={"source": SISC, "crime": "homicidio", "age_min": 14, "age_max": 28},
        responsible=responsible,
        baseline_value=Decimal(80),
        baseline_date=date(2019, 12, 31),
        targets={"2021": Decimal(72)},
    )


def test_youth_population_entered_through_the_page_makes_the_youth_rate(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    covered()
    analyst = person("analista", Role.ANALYST)
    strategy = pazos(analyst, start=date(2021, 1, 1), end=date(2021, 12, 31))
    indicator = _youth_rate(strategy)
    for _ in range(9):
        killing(date(2021, 5, 1), "10", age=19)
    killing(date(2021, 5, 1), "13", age=22)
    services.indicator_compute(indicator=indicator)
    assert indicator.results.get(period="2021").value is None

    client = client_for(analyst)
    page = client.get(reverse("strategy:population", args=[strategy.pk]))
    assert page.status_code == 200 and "14–28" in page.content.decode()
    template = client.get(reverse("strategy:population", args=[strategy.pk]) + "?template=1")
    rows = list(csv.DictReader(io.StringIO(template.content.decode("utf-8-sig"))))
    assert {(r["codigo"], r["año"], r["edad_desde"], r["edad_hasta"]) for r in rows} >= {
        ("10", "2021", "14", "28"),
        ("13", "2021", "14", "28"),
    }
    figures = {"10": 20000, "13": 30000}
    for row in rows:
        row["poblacion"] = str(figures[row["codigo"]])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    upload = SimpleUploadedFile("poblacion-14-28.csv", out.getvalue().encode(), "text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("strategy:population", args=[strategy.pk]), {"file": upload}, follow=True
        )
    assert "poblacion-14-28.csv" in response.content.decode()
    result = indicator.results.get(period="2021")
    assert result.value == Decimal(10) / Decimal(50_000) * 100_000  # 20 per 100,000 young people
    assert result.trace["inputs"]["age_from"] == 14


def test_a_page_upload_that_does_not_match_the_zones_imports_nothing(client_for: Any) -> None:
    analyst = person("analista", Role.ANALYST)
    strategy = pazos(analyst)
    body = "codigo,nombre,año,poblacion,edad_desde,edad_hasta\n99,NINGUNA,2021,10,14,28\n"
    upload = SimpleUploadedFile("mal.csv", body.encode(), "text/csv")
    response = client_for(analyst).post(
        reverse("strategy:population", args=[strategy.pk]), {"file": upload}, follow=True
    )
    assert "No se importó nada" in response.content.decode()


def test_an_off_track_indicator_notifies_its_responsible_person_once(mailoutbox: Any) -> None:
    covered()
    analyst = person("analista", Role.ANALYST)
    responsible = person("responsable", Role.PROGRAMME_STAFF)
    strategy = pazos(analyst, start=date(2020, 1, 1), end=date(2021, 12, 31))
    indicator = services.indicator_create(
        strategy=strategy,
        code="IMP-2",
        name="Homicidios de jóvenes",
        level="impact",
        unit="count",
        direction="decrease",
        computation="violence.victims",
        parameters={"source": SISC, "crime": "homicidio", "age_min": 14, "age_max": 28},
        responsible=responsible,
        baseline_value=Decimal(10),
        baseline_date=date(2019, 12, 31),
        targets={"2020": Decimal(8), "2021": Decimal(6)},
    )
    for _ in range(7):
        killing(date(2020, 6, 1), "10", age=20)  # 2020: 7 against 8 → on track
    for _ in range(9):
        killing(date(2021, 6, 1), "13", age=20)  # 2021: 9 against 6 → off track (25 %)
    services.indicator_compute(indicator=indicator)
    services.indicator_compute(indicator=indicator)
    [notice] = Notification.objects.filter(kind="strategy.off_track")
    assert notice.recipient == responsible
    assert "IMP-2" in notice.title and "2021" in notice.body and "25" in notice.body
    assert notice.url == indicator.get_absolute_url()
    assert [m.to for m in mailoutbox] == [[responsible.email]]
