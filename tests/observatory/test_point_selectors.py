"""Selectors the analyses read points, batches and placements through."""

from __future__ import annotations

from datetime import date

import pytest

from redpaz.observatory.selectors import (
    EventFilter,
    event_batches,
    event_points,
    point_sources,
    unlocated_count,
    zone_placements,
)
from redpaz.territory.models import Level, PopulationFigure
from redpaz.territory.selectors import population_in_range
from tests.factories import comuna, municipality
from tests.observatory.events import batch, source

pytestmark = pytest.mark.django_db


def _record(src, one_batch, code: str, count: int = 1, **kwargs):
    from redpaz.observatory.models import Crime, EventRecord

    return EventRecord.objects.create(
        source=src,
        crime=Crime.objects.get(slug="homicidio"),
        batch=one_batch,
        source_row=1,
        date=date(2021, 6, 1),
        municipality=municipality(code),
        count=count,
        **kwargs,
    )


def test_points_placements_and_batches(users) -> None:
    sisc, policia = source("sisc", "points"), source("policia")
    first, second = batch("a.csv"), batch("b.csv")
    _record(sisc, first, "05001", zone=comuna("01"), latitude=6.29, longitude=-75.55, age=20)
    _record(sisc, second, "05001", zone=comuna("02"), latitude=6.28, longitude=-75.56)
    _record(sisc, second, "05001", count=2)  # no coordinates, no zone
    _record(policia, first, "05001", count=9)
    filters = EventFilter.years("sisc", "homicidio", 2021, 2021)
    points = event_points(filters, municipality_code="05001")
    assert points["latitude"].tolist() == [6.29, 6.28] and points["count"].tolist() == [1, 1]
    assert points["age"].iloc[0] == 20 and points["age"].isna().iloc[1]
    assert len(event_points(filters, municipality_code="05001", user=users.fiona)) == 1
    assert unlocated_count(filters, municipality_code="05001") == 2
    assert event_batches(filters) == sorted([first.pk, second.pk])
    assert zone_placements(crime="homicidio", municipality_code="05001") == [
        ("sisc", Level.COMUNA, 2)
    ]
    assert point_sources(crime="homicidio", municipality_code="05001") == [("sisc", 2)]


def test_population_of_an_age_range_sums_single_years() -> None:
    country = municipality("05001").parent.parent  # Antioquia's parent: Colombia
    assert country.level == Level.COUNTRY
    youth = population_in_range([country.pk], [2021], age_from=14, age_to=28)
    expected = sum(
        PopulationFigure.objects.filter(
            territory=country, year=2021, sex="total", age_from__gte=14, age_to__lte=28
        ).values_list("value", flat=True)
    )
    assert youth == {(country.pk, 2021): expected} and expected > 10_000_000
    everyone = population_in_range([country.pk], [2021])
    adults = population_in_range([country.pk], [2021], age_from=18)
    children = population_in_range([country.pk], [2021], age_to=17)
    assert adults[(country.pk, 2021)] + children[(country.pk, 2021)] == everyone[(country.pk, 2021)]
    # Municipalities have totals only: a range is absent, never guessed.
    assert population_in_range([municipality("05001").pk], [2021], age_from=14, age_to=28) == {}
