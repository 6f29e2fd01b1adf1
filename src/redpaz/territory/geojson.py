"""Feature collections for maps, built from the stored simplified outlines without re-parsing."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from redpaz.territory.models import Territory
from redpaz.territory.selectors import population_latest

MAP_FIELDS = (
    "id",
    "level",
    "code",
    "name",
    "parent_id",
    "municipality_code",
    "department_code",
    "boundary_set_id",
    "display_geojson",
    "label_lon",
    "label_lat",
    "area_km2",
)


def feature_collection(
    territories: QuerySet[Territory] | Iterable[Territory],
    *,
    with_population: bool = True,
    extra: dict[int, dict[str, Any]] | None = None,
) -> str:
    """A GeoJSON FeatureCollection (text) of the territories that have a boundary."""
    if isinstance(territories, QuerySet):
        territories = territories.only(*MAP_FIELDS)
    rows = [t for t in territories if t.display_geojson]
    latest = population_latest([t.pk for t in rows]) if with_population and rows else {}
    parts = []
    for territory in rows:
        properties: dict[str, Any] = {
            "id": territory.pk,
            "code": territory.code,
            "name": territory.name,
            "level": territory.level,
            "url": territory.get_absolute_url(),
            "label_lon": territory.label_lon,
            "label_lat": territory.label_lat,
        }
        tooltip = f"{territory.name} ({territory.code})"
        if territory.pk in latest:
            year, value = latest[territory.pk]
            properties["population"] = value
            properties["population_year"] = year
            tooltip += "\n" + _("Population %(year)s: %(value)s") % {
                "year": year,
                "value": number_format(value, force_grouping=True),
            }
        properties["tooltip"] = tooltip
        if extra and territory.pk in extra:
            properties.update(extra[territory.pk])
        props = json.dumps(properties, ensure_ascii=False)
        parts.append(
            f'{{"type":"Feature","id":{territory.pk},"properties":{props},'
            f'"geometry":{territory.display_geojson}}}'
        )
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"
