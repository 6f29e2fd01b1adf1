"""Counts by territory and period, and coverage: the contract analyses and pages rely on."""

from __future__ import annotations

from datetime import date

import pytest

from redpaz.imports.models import ImportBatch
from redpaz.observatory.models import Coverage, Crime, EventRecord, Source
from redpaz.observatory.selectors import (
    CoverageStatus,
    EventFilter,
    coverage_status,
    covered_years,
    event_counts,
    unplaced_count,
)
from redpaz.territory.models import Level, Territory
from tests.factories import comuna, municipality

pytestmark = pytest.mark.django_db


def _batch() -> ImportBatch:
    return ImportBatch.objects.create(kind="test", source_name="x.csv", sha256="0" * 64)


def _source(slug: str = "policia") -> Source:
    return Source.objects.get_or_create(slug=slug, defaults={"name": slug, "kind": "aggregated"})[0]


def _record(batch, source, day: date, code: str, count: int, **kwargs) -> EventRecord:
    return EventRecord.objects.create(
        source=source,
        crime=Crime.objects.get(slug="homicidio"),
        batch=batch,
        source_row=1,
        date=day,
        municipality=municipality(code),
        count=count,
        **kwargs,
    )


def test_it_sums_victims_by_municipality_and_year_per_source() -> None:
    batch, policia, sisc = _batch(), _source(), _source("sisc")
    _record(batch, policia, date(2021, 3, 1), "05001", 2, sex="male")
    _record(batch, policia, date(2021, 7, 9), "05001", 1, sex="female")
    _record(batch, policia, date(2022, 1, 1), "76520", 4)
    _record(batch, sisc, date(2021, 3, 1), "05001", 50)  # another source: never mixed in
    counts = event_counts(
        EventFilter.years("policia", "homicidio", 2021, 2022), level=Level.MUNICIPALITY
    )
    assert counts[["code", "year", "month", "count"]].values.tolist() == [
        ["05001", 2021, 0, 3],
        ["76520", 2022, 0, 4],
    ]
    women = event_counts(
        EventFilter.years("policia", "homicidio", 2021, 2021, sex="female"),
        level=Level.MUNICIPALITY,
    )
    assert women["count"].tolist() == [1]


def test_it_filters_by_exact_age_range_leaving_out_unknown_ages() -> None:
    batch, sisc = _batch(), _source("sisc")
    for age in (13, 14, 28, 29, None):
        _record(batch, sisc, date(2021, 5, 1), "05001", 1, age=age)
    youth = event_counts(
        EventFilter.years("sisc", "homicidio", 2021, 2021, age_min=14, age_max=28),
        level=Level.MUNICIPALITY,
    )
    assert youth["count"].tolist() == [2]


def test_it_aggregates_to_departments_the_country_and_months() -> None:
    batch, policia = _batch(), _source()
    _record(batch, policia, date(2021, 3, 1), "05001", 2)
    _record(batch, policia, date(2021, 3, 20), "05088", 1)  # Bello, Antioquia
    _record(batch, policia, date(2021, 4, 2), "76520", 4)
    filters = EventFilter.years("policia", "homicidio", 2021, 2021)
    departments = event_counts(filters, level=Level.DEPARTMENT)
    assert dict(zip(departments["code"], departments["count"], strict=True)) == {"05": 3, "76": 4}
    country = event_counts(filters, level=Level.COUNTRY)
    assert country[["code", "count"]].values.tolist() == [["CO", 7]]
    months = event_counts(filters, level=Level.MUNICIPALITY, by="month", municipality_code="05001")
    assert months[["month", "count"]].values.tolist() == [[3, 2]]


def test_zone_counts_follow_the_user_scope(users) -> None:
    batch, sisc = _batch(), _source("sisc")
    _record(batch, sisc, date(2021, 3, 1), "05001", 1, zone=comuna("01"))
    _record(batch, sisc, date(2021, 3, 2), "05001", 1, zone=comuna("02"))
    _record(batch, sisc, date(2021, 3, 3), "05001", 1)  # outside every zone
    filters = EventFilter.years("sisc", "homicidio", 2021, 2021)
    everything = event_counts(filters, level=Level.COMUNA, municipality_code="05001")
    assert everything["code"].tolist() == ["01", "02"]
    fiona = event_counts(filters, level=Level.COMUNA, municipality_code="05001", user=users.fiona)
    assert fiona["code"].tolist() == ["01"]
    assert unplaced_count(filters, municipality_code="05001") == 1


def test_coverage_tells_missing_years_from_zero_events() -> None:
    batch, policia, sisc = _batch(), _source(), _source("sisc")
    homicidio = Crime.objects.get(slug="homicidio")
    colombia = Territory.objects.get(level=Level.COUNTRY)
    Coverage.objects.create(
        source=policia,
        crime=homicidio,
        territory=colombia,
        start=date(2021, 1, 1),
        end=date(2021, 12, 31),
        batch=batch,
    )
    Coverage.objects.create(
        source=sisc,
        crime=homicidio,
        territory=municipality("05001"),
        start=date(2003, 1, 1),
        end=date(2023, 11, 30),
        batch=batch,
    )
    status = coverage_status(
        source="policia", crime="homicidio", municipality_codes=["76520"], years=[2020, 2021]
    )
    assert status == {("76520", 2020): CoverageStatus.NONE, ("76520", 2021): CoverageStatus.FULL}
    sisc_status = coverage_status(
        source="sisc", crime="homicidio", municipality_codes=["05001", "76520"], years=[2022, 2023]
    )
    assert sisc_status[("05001", 2022)] == CoverageStatus.FULL
    assert sisc_status[("05001", 2023)] == CoverageStatus.PARTIAL
    assert sisc_status[("76520", 2022)] == CoverageStatus.NONE
    assert covered_years(source="policia", crime="homicidio") == [2021]


def test_the_crime_catalogue_is_seeded() -> None:
    assert Crime.objects.filter(slug__in=["homicidio", "hurto-personas"]).count() == 2
